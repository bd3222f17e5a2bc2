package dev.matdiff.codegen;

import dev.matdiff.codegen.Plan.Name;
import dev.matdiff.codegen.Signature.Axis;
import dev.matdiff.codegen.Signature.Check;
import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Dims;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A NumPy or PyTorch module: the header, {@code f_and_grad} with its shape checks and its plan,
 * {@code check_grad}, {@code random_point}, the helpers the code calls, and {@code main}. The
 * values themselves are spelled by {@link PythonSpelling}.
 */
final class PythonEmitter {

    private static final Set<String> MODULE_NAMES = Set.of("np", "torch", "DTYPE", "DEVICE", "TOLERANCE", "SIZES", "f_and_grad",
            "check_grad", "random_point", "main", "seed", "directions", "positive", "sizes", "grads", "rng", "gen", "symbolic",
            "numeric", "_");

    private final Blueprint b;
    private final Language language;
    private final boolean torch;
    private final Identifiers ids;
    private final Map<Term, String> names = new HashMap<>();  // calls by identity, symbols by name
    private final Set<String> helpers = new LinkedHashSet<>();
    private final Set<String> dimsUsed = new HashSet<>();
    private final PythonSpelling spell;

    PythonEmitter(Blueprint b, Language language) {
        this.b = b;
        this.language = language;
        this.torch = language == Language.TORCH;
        Set<String> reserved = new HashSet<>(Identifiers.PYTHON);
        reserved.addAll(MODULE_NAMES);
        for (Language l : List.of(Language.NUMPY, Language.TORCH))
            for (String h : PythonRuntime.of(l).keySet()) reserved.add("_" + h);
        ids = new Identifiers(reserved);
        Terms leaves = new Terms();
        for (Expr.Var v : b.signature().arguments()) names.put(leaves.arg(v), ids.of(v, v.name()));
        for (String d : b.signature().bound().keySet()) ids.of(new DimKey(d), d);
        for (Blueprint.Function f : b.functions())
            f.plan().names().forEach((t, n) -> names.put(t, ids.of(n, identifier(n))));
        spell = new PythonSpelling(language, names, this::size, helpers);
    }

    private record DimKey(String symbol) {}

    private static String identifier(Name n) {
        if (n instanceof Name.Intermediate i) return i.name();
        if (n instanceof Name.Objective o) return o.name();
        if (n instanceof Name.Gradient g) return "grad_" + g.of();
        return "t" + ((Name.Temporary) n).number();
    }

    /** A dimension as Python reads it at run time, from the sizes f_and_grad has bound. */
    private String size(Dim d) {
        if (d instanceof Dim.Fixed f) return Integer.toString(f.size());
        b.signature().requireBound(d, "a value");
        dimsUsed.addAll(Dims.symbols(d));
        if (d instanceof Dim.Sym s) return ids.get(new DimKey(s.name()));
        return "(" + DimText.poly((Dim.Poly) d, sym -> ids.get(new DimKey(sym))) + ")";
    }

    String module() {
        Plan plan = b.plan(Blueprint.Entry.F_AND_GRAD);
        List<String> body = body(plan);
        List<String> checks = checks();
        StringBuilder out = new StringBuilder();
        for (String l : b.header().lines()) out.append(l.isEmpty() ? "#" : "# " + l).append('\n');
        out.append(torch ? "import torch\n" : "import numpy as np\n").append("\n\n");
        if (torch) out.append("DTYPE = torch.float64  # the dtype arguments are converted to\nDEVICE = None  # None: where the arguments are\n");
        out.append("TOLERANCE = 1e-5  # check_grad's largest relative error that passes\n");
        out.append("SIZES = ").append(sizesLiteral()).append("  # the sizes random_point draws by default\n\n\n");
        out.append(fAndGrad(plan, checks, body)).append("\n\n");
        out.append(checkGrad()).append("\n\n");
        out.append(randomPoint()).append("\n\n");
        for (String h : helperOrder()) out.append(PythonRuntime.of(language).get(h).source()).append("\n\n");
        out.append(main());
        return out.toString();
    }

    // ---- f_and_grad

    private String arguments() {
        List<String> out = new ArrayList<>();
        for (Expr.Var v : b.signature().arguments()) out.add(ids.get(v));
        return String.join(", ", out);
    }

    private String fAndGrad(Plan plan, List<String> checks, List<String> body) {
        StringBuilder sb = new StringBuilder("def f_and_grad(" + arguments() + "):\n");
        List<String> wrt = new ArrayList<>();
        for (Expr.Var v : b.wrt()) wrt.add(v.name());
        sb.append("    \"\"\"").append(b.objective()).append(" and its gradients with respect to ").append(String.join(", ", wrt)).append(".\n\n");
        sb.append("    Takes the program's symbols in declaration order (see the header) as ")
                .append(torch ? "tensors (or what torch.as_tensor takes)" : "arrays (or what np.asarray takes)")
                .append(":\n    matrices 2-D, vectors 1-D, scalars ").append(torch ? "0-d" : "floats").append(".\n");
        sb.append("    Returns ").append(b.objective()).append(torch ? " (a 0-d tensor)" : " (a float)")
                .append(" and a dict of the gradients by variable, each in its variable's shape.\n");
        sb.append("    Raises ValueError, naming the symbol and both sizes, when a shape does not fit.\n    \"\"\"\n");
        for (String l : checks) sb.append("    ").append(l).append('\n');
        for (String l : body) sb.append("    ").append(l).append('\n');
        return sb.toString();
    }

    /** The assignments and the return statement, spelled first so that the dimensions they read are known. */
    private List<String> body(Plan plan) {
        List<String> out = new ArrayList<>();
        for (Plan.Assignment a : plan.assignments()) out.add(names.get(a.value()) + " = " + spell.define(a.value()).text());
        String value = null;
        List<String> gradients = new ArrayList<>();
        for (Plan.Output o : plan.outputs()) {
            String text = output(plan, o);
            if (o.isValue()) value = torch ? text : "float(" + text + ")";
            else gradients.add("\"" + o.variable().name() + "\": " + text);
        }
        out.add("return " + value + ", {" + String.join(", ", gradients) + "}");
        return out;
    }

    /** A returned value: a copy of an argument (not the caller's array), in the variable's declared shape. */
    private String output(Plan plan, Plan.Output o) {
        Term t = o.value();
        String text = spell.of(t).text();
        boolean argument = t instanceof Term.Arg || t instanceof Term.Call c && c.is(Op.TRANSPOSE) && c.arg(0) instanceof Term.Arg;
        if (argument && !plan.names().containsKey(t) && Repr.of(t.shape()) != Repr.SCALAR)
            text = spell.of(t).at(PythonSpelling.ATOM) + (torch ? ".clone()" : ".copy()");
        if (o.variable() != null && Repr.declared(o.variable()) == Repr.SCALAR) {
            // a scalar's gradient is a float (a 0-d tensor), even when it is a constant of the program
            if (!torch) return "float(" + text + ")";
            if (t instanceof Term.Number) return "torch.tensor(" + text + ", dtype=DTYPE, device=DEVICE)";
        }
        if (o.variable() != null && Repr.declared(o.variable()) != Repr.of(o.variable().shape()))
            text = (torch ? "torch" : "np") + ".reshape(" + text + ", " + declaredShape(o.variable()) + ")";
        return text;
    }

    private String declaredShape(Expr.Var v) {
        List<String> axes = new ArrayList<>();
        for (Axis a : Signature.axes(v)) axes.add(size(a.dim()));
        return axes.size() == 1 ? "(" + axes.get(0) + ",)" : "(" + String.join(", ", axes) + ")";
    }

    // ---- the arguments: converted, their shapes checked, the dimensions read from them

    /** A line of the argument checks; one that binds a size names it, and is kept only if something reads the size. */
    private record Line(String text, String binds) {
        Line(String text) { this(text, null); }
    }

    private List<String> checks() {
        List<Line> out = new ArrayList<>();
        for (Expr.Var v : b.signature().arguments()) {
            String id = ids.get(v);
            Repr declared = Repr.declared(v);
            if (declared == Repr.SCALAR) {
                if (torch) {
                    out.add(new Line(id + " = torch.as_tensor(" + id + ", dtype=DTYPE, device=DEVICE)"));
                    out.add(new Line("if " + id + ".ndim != 0:"));
                    out.add(new Line("    raise ValueError(f\"" + v.name() + " must be a scalar, not a tensor of shape {tuple(" + id + ".shape)}\")"));
                } else {
                    out.add(new Line("if np.ndim(" + id + ") != 0:"));
                    out.add(new Line("    raise ValueError(f\"" + v.name() + " must be a scalar, not an array of shape {np.shape(" + id + ")}\")"));
                    out.add(new Line(id + " = float(" + id + ")"));
                }
                continue;
            }
            int ndim = declared == Repr.VECTOR ? 1 : 2;
            out.add(new Line(id + " = " + (torch ? "torch.as_tensor(" + id + ", dtype=DTYPE, device=DEVICE)" : "np.asarray(" + id + ", dtype=np.float64)")));
            out.add(new Line("if " + id + ".ndim != " + ndim + ":"));
            out.add(new Line("    raise ValueError(f\"" + v.name() + " must be a " + ndim + "-D " + (torch ? "tensor" : "array") + " (" + declaration(v) + "), not {" + id + ".ndim}-D\")"));
            out.addAll(shapeChecks(v, b.signature().checksOf(v)));
        }
        for (Check c : b.signature().deferred()) out.addAll(shapeChecks(c.at().var(), List.of(c)));
        for (Expr.Var v : b.signature().arguments()) {
            Repr declared = Repr.declared(v), held = Repr.of(v.shape());
            if (declared == held) continue;
            String id = ids.get(v);
            String index = held == Repr.SCALAR ? (declared == Repr.VECTOR ? "[0]" : "[0, 0]") : v.shape().isColumn() ? "[:, 0]" : "[0, :]";
            out.add(new Line(id + " = " + id + index));
        }
        // every size the checks and the body read is known by now
        List<String> lines = new ArrayList<>();
        for (Line l : out) if (l.binds() == null || dimsUsed.contains(l.binds())) lines.add(l.text());
        return lines;
    }

    private List<Line> shapeChecks(Expr.Var v, List<Check> checks) {
        List<Line> out = new ArrayList<>();
        String id = ids.get(v);
        if (checks.size() == 2 && checks.get(0) instanceof Check.Bind rows && checks.get(1) instanceof Check.Bind cols) {
            out.add(new Line(ids.get(new DimKey(rows.symbol())) + ", " + ids.get(new DimKey(cols.symbol())) + " = " + id + ".shape"));
            return out;
        }
        for (Check c : checks) {
            String actual = id + ".shape[" + c.at().axis() + "]";
            if (c instanceof Check.Bind bind) {
                out.add(new Line(ids.get(new DimKey(bind.symbol())) + " = " + actual, bind.symbol()));
            } else {
                Check.Expect e = (Check.Expect) c;
                out.add(new Line("if " + actual + " != " + size(e.expected()) + ":"));
                out.add(new Line("    raise ValueError(f\"" + v.name() + " has {" + actual + "} " + what(c.at()) + ", but " + expected(e) + "\")"));
            }
        }
        return out;
    }

    /** "matrix X(m, n)", "vector w(n)": the symbol as the program declares it. */
    static String declaration(Expr.Var v) {
        String dims = Repr.declared(v) == Repr.VECTOR ? v.shape().rows().toString() : v.shape().rows() + ", " + v.shape().cols();
        return v.kind().keyword() + " " + v.name() + "(" + dims + ")";
    }

    private static String what(Axis a) {
        return Repr.declared(a.var()) == Repr.VECTOR ? "entries" : a.axis() == 0 ? "rows" : "columns";
    }

    /** "X has {n} columns (both are n)", "the program says 2", "p - r + 1 = {p - r + 1} (p: the rows of X, ...)". */
    private String expected(Check.Expect e) {
        Dim d = e.expected();
        if (d instanceof Dim.Fixed f) return "the program says " + f.size();
        if (d instanceof Dim.Sym s) {
            Axis from = b.signature().bound().get(s.name());
            return from.var().name() + " has {" + size(d) + "} " + what(from) + " (both are " + s.name() + ")";
        }
        List<String> from = new ArrayList<>();
        for (String s : Dims.symbols(d)) from.add(s + ": " + b.signature().bound().get(s).describe());
        return d + " = {" + size(d) + "} (" + String.join(", ", from) + ")";
    }

    // ---- check_grad, random_point, main

    private String checkGrad() {
        String args = arguments();
        String indent = torch ? "        " : "    ";
        StringBuilder sb = new StringBuilder("def check_grad(" + args + ", seed=0, directions=4):\n");
        List<String> wrt = new ArrayList<>();
        for (Expr.Var v : b.wrt()) wrt.add(v.name());
        sb.append("    \"\"\"Compares the gradients of f_and_grad with central differences of ").append(b.objective())
                .append(" along random directions\n    that move ").append(String.join(", ", wrt))
                .append(" together; prints and returns the worst relative error.\"\"\"\n");
        if (torch) sb.append("    with torch.no_grad():\n");
        String value = ids.of("local value", "value"), t = ids.of("local t", "t");
        sb.append(indent).append(value).append(", grads = f_and_grad(").append(args).append(")\n");
        sb.append(indent).append(torch ? "gen = torch.Generator().manual_seed(seed)\n" : "rng = np.random.default_rng(seed)\n");
        sb.append(indent).append("symbolic, numeric = [], []\n");
        sb.append(indent).append("for _ in range(directions):\n");
        List<String> inner = new ArrayList<>(), moved = new ArrayList<>();
        for (Expr.Var v : b.signature().arguments()) moved.add(ids.get(v));
        for (Expr.Var v : b.wrt()) {
            String d = ids.of(new DirectionKey(v.name()), "d_" + v.name());
            sb.append(indent).append("    ").append(d).append(" = _direction(").append(torch ? "gen" : "rng").append(", ").append(ids.get(v))
                    .append(v.symmetric() ? ", symmetric=True" : "").append(")\n");
            inner.add(torch ? "torch.sum(grads[\"" + v.name() + "\"] * " + d + ")" : "np.vdot(grads[\"" + v.name() + "\"], " + d + ")");
            moved.set(b.signature().arguments().indexOf(v), ids.get(v) + " + " + t + " * " + d);
        }
        sb.append(indent).append("    symbolic.append(").append(String.join(" + ", inner)).append(")\n");
        sb.append(indent).append("    numeric.append(_central(lambda ").append(t).append(": f_and_grad(").append(String.join(", ", moved)).append(")[0]))\n");
        sb.append(indent).append("return _report(").append(value).append(", symbolic, numeric)\n");
        helpers.addAll(List.of("direction", "central", "report", "draw"));
        return sb.toString();
    }

    private record DirectionKey(String variable) {}

    private String randomPoint() {
        StringBuilder sb = new StringBuilder("def random_point(seed=0, positive=False, sizes=None):\n");
        sb.append("    \"\"\"Random values of the program's symbols, in declaration order: sizes from SIZES (or sizes),\n")
                .append("    entries of magnitude 0.2 to 0.9 (all positive if positive), square matrices diagonally dominant,\n")
                .append("    symmetric ones positive definite, as matdiff check draws them.\"\"\"\n");
        sb.append("    sizes = {**SIZES, **(sizes or {})}\n");
        sb.append(torch ? "    gen = torch.Generator().manual_seed(seed)\n" : "    rng = np.random.default_rng(seed)\n");
        Set<String> symbols = new LinkedHashSet<>();
        for (Expr.Var v : b.signature().arguments()) for (Axis a : Signature.axes(v)) symbols.addAll(Dims.symbols(a.dim()));
        if (!symbols.isEmpty()) {
            List<String> left = new ArrayList<>(), right = new ArrayList<>();
            for (String s : symbols) {
                left.add(ids.of(new DimKey(s), s));
                right.add("sizes[\"" + s + "\"]");
            }
            sb.append("    ").append(String.join(", ", left)).append(" = ").append(String.join(", ", right)).append('\n');
        }
        List<String> draws = new ArrayList<>();
        for (Expr.Var v : b.signature().arguments()) {
            String shape = declaredShapeForDraw(v);
            boolean square = Repr.declared(v) == Repr.MATRIX && v.shape().rows().equals(v.shape().cols());
            draws.add("_draw(" + (torch ? "gen" : "rng") + ", " + shape + ", positive" + (v.symmetric() ? ", symmetric=True" : square ? ", square=True" : "") + ")");
        }
        sb.append("    return (").append(String.join(",\n            ", draws)).append(draws.size() == 1 ? ",)\n" : ")\n");
        return sb.toString();
    }

    /** The shape a draw has, sizes read from random_point's locals (not f_and_grad's). */
    private String declaredShapeForDraw(Expr.Var v) {
        List<String> axes = new ArrayList<>();
        for (Axis a : Signature.axes(v)) axes.add(size(a.dim()));
        return switch (axes.size()) {
            case 0 -> "()";
            case 1 -> "(" + axes.get(0) + ",)";
            default -> "(" + String.join(", ", axes) + ")";
        };
    }

    private String main() {
        StringBuilder sb = new StringBuilder("def main():\n");
        sb.append("    \"\"\"Checks the gradients at a random point of the declared shapes; returns 1 if they disagree.\"\"\"\n");
        sb.append("    point = random_point()\n");
        sb.append(torch ? "    with torch.no_grad():\n" : "    with np.errstate(all=\"ignore\"):\n");
        sb.append("        value = f_and_grad(*point)[0]\n");
        sb.append(torch ? "    if not torch.isfinite(value):\n" : "    if not np.isfinite(value):\n");
        sb.append("        point = random_point(positive=True)\n");
        sb.append("    return 0 if check_grad(*point) <= TOLERANCE else 1\n\n\n");
        sb.append("if __name__ == \"__main__\":\n    raise SystemExit(main())\n");
        return sb.toString();
    }

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
        List<String> todo = new ArrayList<>(helpers);
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
