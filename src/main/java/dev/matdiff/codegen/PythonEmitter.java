package dev.matdiff.codegen;

import dev.matdiff.codegen.Blueprint.Entry;
import dev.matdiff.codegen.Plan.Name;
import dev.matdiff.codegen.Plan.Output.Kind;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A NumPy or PyTorch module: the header, each f_and_* function (its argument checks by
 * {@link PythonArguments}, then its plan) with its check ({@link PythonChecks}), random_point,
 * the helpers the code calls, and main. The values themselves are spelled by {@link PythonSpelling}.
 */
final class PythonEmitter {

    private final Blueprint b;
    private final Language language;
    private final boolean torch;
    private final PythonModule m;

    PythonEmitter(Blueprint b, Language language) {
        this.b = b;
        this.language = language;
        this.torch = language == Language.TORCH;
        this.m = new PythonModule(b, language);
    }

    private String identifier(Name n) {
        if (n instanceof Name.Intermediate i) return i.name();
        if (n instanceof Name.Objective o) return o.name();
        if (n instanceof Name.Gradient g) return "grad_" + g.of();
        if (n instanceof Name.Jacobian j) return "jac_" + j.of();
        if (n instanceof Name.Hessian h) return "hess_" + h.of();
        return b.header().temporary(((Name.Temporary) n).number());
    }

    String module() {
        PythonChecks checks = new PythonChecks(m);
        StringBuilder functions = new StringBuilder();
        for (Blueprint.Function f : b.functions())
            functions.append(function(f)).append("\n\n").append(checks.check(f.entry())).append("\n\n");
        if (b.first() == Blueprint.Entry.F_AND_JACOBIAN)
            // CLI.md names every module's entry points f_and_grad and check_grad: a vector or matrix objective's derivatives are its Jacobians
            functions.append("f_and_grad = f_and_jacobian  # the value and the Jacobians, under the name every module has\n")
                    .append("check_grad = check_jacobian\n\n\n");
        functions.append(checks.randomPoint()).append("\n\n");
        String main = checks.main();  // before the helpers are listed: main calls some
        StringBuilder out = new StringBuilder();
        for (String l : b.header().lines()) out.append(l.isEmpty() ? "#" : "# " + l).append('\n');
        out.append(torch ? "import torch\n" : "import numpy as np\n").append("\n\n");
        if (torch) out.append("DTYPE = torch.float64  # the dtype arguments are converted to\nDEVICE = None  # None: where the arguments are\n");
        out.append("TOLERANCE = 1e-5  # the checks' largest relative error that passes\n");
        out.append("SIZES = ").append(sizesLiteral()).append("  # the sizes random_point draws by default\n\n\n");
        out.append(functions);
        for (String h : helperOrder()) out.append(PythonRuntime.of(language).get(h).source()).append("\n\n");
        out.append(main);
        return out.toString();
    }

    // ---- one f_and_* function

    private String function(Blueprint.Function f) {
        // each function's temporaries are its own; the symbols and sizes are the module's
        Identifiers local = m.ids.local();
        Map<Term, String> names = new HashMap<>();
        for (Expr.Var v : b.signature().arguments()) names.put(new Term.Arg(v), m.ids.get(v));
        f.plan().names().forEach((t, n) -> names.put(t, local.of(t, identifier(n))));
        PythonSpelling spell = new PythonSpelling(language, names, m::size, m.helpers);
        m.startFunction();
        List<String> body = body(f.plan(), spell, names);
        List<String> checks = new PythonArguments(m).checks();
        StringBuilder sb = new StringBuilder("def " + f.entry().python + "(" + m.arguments() + "):\n");
        sb.append(docstring(f.entry()));
        for (String l : checks) sb.append("    ").append(l).append('\n');
        for (String l : body) sb.append("    ").append(l).append('\n');
        return sb.toString();
    }

    private String docstring(Entry e) {
        String objective = b.objective(), wrt = m.wrtNames();
        StringBuilder sb = new StringBuilder("    \"\"\"");
        sb.append(switch (e) {
            case F_AND_GRAD -> objective + " and its gradients with respect to " + wrt;
            case F_AND_JACOBIAN -> objective + " and its Jacobians with respect to " + wrt;
            case F_AND_HESSIAN -> objective + ", its gradients and its Hessians with respect to " + wrt;
        }).append(".\n\n");
        sb.append("    Takes the program's symbols in declaration order (see the header) as ")
                .append(torch ? "tensors (or what torch.as_tensor takes)" : "arrays (or what np.asarray takes)")
                .append(":\n    matrices 2-D, vectors 1-D, scalars ").append(torch ? "0-d" : "floats").append(".\n");
        if (!b.signature().sizes().isEmpty())
            sb.append("    Then the sizes no symbol's shape gives, ").append(m.sizeNames()).append(", as positive ints.\n");
        String value = objective + (b.objectiveShape().isScalar() ? (torch ? " (a 0-d tensor)" : " (a float)")
                : " (" + (Repr.of(b.objectiveShape()) == Repr.VECTOR && !isRow(b.objectiveShape()) ? "1-D" : "2-D") + ")");
        String gradients = "a dict of the gradients by variable, each in its variable's shape";
        sb.append("    Returns ").append(value).append(switch (e) {
            case F_AND_GRAD -> " and " + gradients + ".\n";
            case F_AND_JACOBIAN -> " and a dict of the Jacobians by variable: for X, the 2-D J of\n    shape (" + objective
                    + " entries, X entries) with vec(d" + objective + ") = J vec(dX), vec stacking columns.\n";
            case F_AND_HESSIAN -> ", " + gradients + ",\n    and a dict of the Hessians by variable: for X, the 2-D H of shape (X entries, X entries)\n"
                    + "    with d2" + objective + " = vec(dX)' H vec(dX), vec stacking columns.\n";
        });
        sb.append("    Raises ValueError, naming the symbol and both sizes, when a shape does not fit")
                .append(b.signature().sizes().isEmpty() ? "" : ",\n    naming the size when " + m.sizeNames() + " is not a positive integer")
                .append(b.assumptions().isEmpty() ? "" : ",\n    and when the data does not satisfy an assumption of the program").append(".\n    \"\"\"\n");
        return sb.toString();
    }

    /** The assignments and the return statement, spelled first so that the dimensions they read are known. */
    private List<String> body(Plan plan, PythonSpelling spell, Map<Term, String> names) {
        List<String> out = new ArrayList<>();
        for (Plan.Assignment a : plan.assignments()) out.add(names.get(a.value()) + " = " + spell.define(a.value()).text());
        String value = null;
        Map<Kind, List<String>> dicts = new LinkedHashMap<>();
        for (Plan.Output o : plan.outputs()) {
            String text = output(o, spell, plan);
            if (o.isValue()) value = torch || !b.objectiveShape().isScalar() ? text : "float(" + text + ")";
            else dicts.computeIfAbsent(o.kind(), k -> new ArrayList<>()).add("\"" + o.variable().name() + "\": " + text);
        }
        List<String> returned = new ArrayList<>(List.of(value));
        for (List<String> d : dicts.values()) returned.add("{" + String.join(", ", d) + "}");
        out.add("return " + String.join(", ", returned));
        return out;
    }

    /**
     * A returned value: a copy of an argument (not the caller's array); a gradient in its variable's
     * declared shape; a Jacobian or a Hessian 2-D, whatever shape its expression has.
     */
    private String output(Plan.Output o, PythonSpelling spell, Plan plan) {
        Term t = o.value();
        String text = spell.of(t).text();
        boolean argument = t instanceof Term.Arg || t instanceof Term.Call c && c.is(Op.TRANSPOSE) && c.arg(0) instanceof Term.Arg;
        if (argument && !plan.names().containsKey(t) && Repr.of(t.shape()) != Repr.SCALAR)
            text = spell.of(t).at(PythonSpelling.ATOM) + (torch ? ".clone()" : ".copy()");
        // a scalar's gradient is a float (a 0-d tensor), even when it is a constant of the program
        if (o.kind() == Kind.GRADIENT && Repr.declared(o.variable()) == Repr.SCALAR && !torch) return "float(" + text + ")";
        // a constant is an int in Python: as an array it would be one of ints, which an in-place update cannot take
        if (spell.isPlainNumber(t)) text = torch ? PythonSpelling.tensor(text) : "np.float64(" + text + ")";
        if (o.kind() == Kind.GRADIENT && Repr.declared(o.variable()) != Repr.of(o.variable().shape()))
            text = m.lib() + ".reshape(" + text + ", " + m.declaredShape(o.variable()) + ")";
        // a row is 2-D, (1, n), as eval prints it and as a 1×n argument is passed (held 1-D inside, as NumPy has it)
        if (o.kind() == Kind.VALUE && isRow(t.shape())) text = m.lib() + ".reshape(" + text + ", (1, -1))";
        if ((o.kind() == Kind.JACOBIAN || o.kind() == Kind.HESSIAN) && Repr.of(t.shape()) != Repr.MATRIX) {
            Shape s = b.matrixShape(o);
            text = m.lib() + ".reshape(" + text + ", (" + PythonSpelling.element(m.size(s.rows())) + ", "
                    + PythonSpelling.element(m.size(s.cols())) + "))";
        }
        return text;
    }

    private static boolean isRow(Shape s) { return !s.isScalar() && s.rows().isOne(); }

    // ---- module pieces

    private String sizesLiteral() {
        List<String> out = new ArrayList<>();
        b.sizes().forEach((k, v) -> out.add("\"" + k + "\": " + v));
        return "{" + String.join(", ", out) + "}";
    }

    /** The helpers used and those they call, in the runtime's order. */
    private List<String> helperOrder() {
        Map<String, PythonRuntime.Helper> all = PythonRuntime.of(language);
        Set<String> need = new HashSet<>();
        List<String> todo = new ArrayList<>(m.helpers);
        while (!todo.isEmpty()) {
            String h = todo.remove(todo.size() - 1);
            PythonRuntime.Helper helper = all.get(h);
            if (helper == null) throw new IllegalStateException("no " + language.flag() + " helper _" + h);
            if (need.add(h)) todo.addAll(helper.calls());
        }
        List<String> out = new ArrayList<>();
        for (String h : all.keySet()) if (need.contains(h)) out.add(h);
        return out;
    }
}
