package dev.matdiff.codegen;

import dev.matdiff.codegen.Blueprint.Entry;
import dev.matdiff.codegen.Plan.Name;
import dev.matdiff.codegen.Plan.Output.Kind;
import dev.matdiff.expr.Expr;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A self-contained Java class on Commons Math: for each function of the blueprint a result record,
 * a public method ({@code fAndGrad}, {@code fAndJacobian}, {@code fAndHessian}: the argument checks
 * of {@link JavaArguments}) and a private one that computes its plan, holding vectors as
 * one-column matrices; the checks, {@code randomPoint} and {@code main} ({@link JavaChecks}); the
 * helpers the code calls. Written in ASCII (other characters as Unicode escapes), so javac reads
 * it in any locale.
 */
final class JavaEmitter {

    private final Blueprint b;
    private final JavaModule m;

    /** Where the objective is defined: what a refusal points at. */
    private final Pos objective;

    JavaEmitter(Blueprint b, Pos objective) {
        this.b = b;
        this.m = new JavaModule(b);
        this.objective = objective;
    }

    private String identifier(Name n) {
        if (n instanceof Name.Intermediate i) return i.name();
        if (n instanceof Name.Objective o) return o.name();
        if (n instanceof Name.Gradient g) return "grad" + JavaModule.capitalized(g.of());
        if (n instanceof Name.Jacobian j) return "jac" + JavaModule.capitalized(j.of());
        if (n instanceof Name.Hessian h) return "hess" + JavaModule.capitalized(h.of());
        return b.header().temporary(((Name.Temporary) n).number());
    }

    String module() {
        JavaChecks checks = new JavaChecks(m);
        StringBuilder records = new StringBuilder(), methods = new StringBuilder();
        Set<String> declared = new HashSet<>();
        for (Blueprint.Function f : b.functions()) {
            if (declared.add(f.entry().javaResult)) records.append(record(f)).append('\n');
            methods.append(publicMethod(f.entry())).append('\n').append(values(f)).append('\n').append(checks.check(f.entry())).append('\n')
                    .append(contractNames(f.entry())).append('\n');
        }
        methods.append(checks.randomPoint()).append('\n').append(checks.main());
        StringBuilder out = new StringBuilder();
        // javac reads a backslash-u as a character even in a comment (a Windows path there would not compile): its backslash is written as an escape
        for (String l : b.header().lines()) out.append(l.isEmpty() ? "//" : "// " + readable(l).replace("\\u", "\\u005cu")).append('\n');
        out.append("\n");
        for (String c : List.of("Array2DRowRealMatrix", "ArrayRealVector", "LUDecomposition", "MatrixUtils", "RealMatrix", "RealVector"))
            out.append("import org.apache.commons.math3.linear.").append(c).append(";\n");
        out.append("\nimport java.util.Random;\nimport java.util.function.DoubleFunction;\nimport java.util.function.DoubleUnaryOperator;\n\n");
        List<String> what = new ArrayList<>(), computes = new ArrayList<>(), compares = new ArrayList<>();
        for (Blueprint.Function f : b.functions()) {
            what.add(PythonChecks.checked(f.entry()));
            computes.add(f.entry().java);
            compares.add(f.entry().javaCheck);
        }
        String s = computes.size() == 1 ? "s" : "";
        out.append("/**\n * ").append(b.objective()).append(" and its ").append(String.join(" and ", what)).append(", as matdiff derived them (see above): ")
                .append(String.join(" and ", computes)).append(" compute").append(s).append("\n * them, ").append(String.join(" and ", compares))
                .append(" compare").append(s).append(" them with central differences, main checks them at a random point.\n */\n");
        String cls = b.className();
        out.append("public final class ").append(cls).append(" {\n    private ").append(cls).append("() {}\n\n");
        out.append("    /** The checks' largest relative error that passes. */\n    public static final double TOLERANCE = 1e-5;\n\n");
        out.append(records);
        out.append("    /** Values of the program's symbols, in declaration order")
                .append(b.signature().sizes().isEmpty() ? "" : ", then the sizes no symbol's shape gives (" + m.sizeNames() + ")").append(". */\n");
        out.append("    public record Point(").append(m.parameters()).append(") {}\n\n");
        out.append(methods);
        for (String h : helperOrder()) out.append('\n').append(JavaRuntime.HELPERS.get(h).source());
        out.append("}\n");
        return ascii(out.toString());
    }

    /** The type a returned value has: the objective's value in its shape, a derivative in its variable's, a Jacobian or Hessian a matrix. */
    private String type(Plan.Output o) {
        return switch (o.kind()) {
            case VALUE -> JavaModule.type(Repr.of(b.objectiveShape()));
            case GRADIENT -> JavaModule.type(Repr.declared(o.variable()));
            case JACOBIAN, HESSIAN -> "RealMatrix";
        };
    }

    private String component(Plan.Output o) { return o.isValue() ? "value" : m.component(o.kind(), o.variable()); }

    private String record(Blueprint.Function f) {
        List<String> fields = new ArrayList<>();
        for (Plan.Output o : f.plan().outputs()) fields.add(type(o) + " " + component(o));
        String doc = switch (f.entry()) {
            case F_AND_GRAD -> b.objective() + " and its gradients, each in its variable's shape.";
            case F_AND_JACOBIAN -> b.objective() + " and its Jacobians: for X, J with vec(d" + b.objective() + ") = J vec(dX), vec stacking columns.";
            case F_AND_HESSIAN -> b.objective() + ", its gradients and its Hessians: for X, H with d2" + b.objective() + " = vec(dX)' H vec(dX).";
        };
        return "    /** " + doc + " */\n    public record " + f.entry().javaResult + "(" + String.join(", ", fields) + ") {}\n";
    }

    private String publicMethod(Entry e) {
        String what = switch (e) {
            case F_AND_GRAD -> " and its gradients";
            case F_AND_JACOBIAN -> " and its Jacobians";
            case F_AND_HESSIAN -> ", its gradients and its Hessians";
        };
        StringBuilder sb = new StringBuilder();
        sb.append("    /**\n     * ").append(b.objective()).append(what).append(" at the given values of the program's symbols (in declaration order)")
                .append(b.signature().sizes().isEmpty() ? "" : ",\n     * then the sizes no symbol's shape gives, " + m.sizeNames() + ", positive ints").append(".\n")
                .append("     *\n     * @throws IllegalArgumentException naming the symbol and both sizes when a size does not fit")
                .append(b.signature().sizes().isEmpty() ? "" : ",\n     *         naming the size when " + m.sizeNames() + " is not positive")
                .append(b.assumptions().isEmpty() ? "" : ",\n     *         and when the data does not satisfy an assumption of the program").append("\n     */\n");
        sb.append("    public static ").append(e.javaResult).append(' ').append(e.java).append("(").append(m.parameters()).append(") {\n");
        sb.append(new JavaArguments(m).body(e.javaValues)).append("    }\n");
        return sb.toString();
    }

    /** The same two methods under the names the command line's contract gives them in every language (f_and_grad, check_grad). */
    private String contractNames(Entry e) {
        String out = contractNames(e, e.python, e.pythonCheck);
        // CLI.md gives every module f_and_grad and check_grad: a vector or matrix objective's derivatives are its Jacobians
        return e == Entry.F_AND_JACOBIAN ? out + "\n" + contractNames(e, Entry.F_AND_GRAD.python, Entry.F_AND_GRAD.pythonCheck) : out;
    }

    private String contractNames(Entry e, String name, String checkName) {
        return "    /** {@link #" + e.java + "}, also named " + name + ", as CLI.md names it in every language matdiff writes. */\n"
                + "    public static " + e.javaResult + " " + name + "(" + m.parameters() + ") {\n"
                + "        return " + e.java + "(" + m.argumentNames() + ");\n    }\n\n"
                + "    /** {@link #" + e.javaCheck + "}, also named " + checkName + ", as CLI.md names it in every language matdiff writes. */\n"
                + "    public static double " + checkName + "(" + m.parameters() + ", long seed, int directions) {\n"
                + "        return " + e.javaCheck + "(" + m.argumentNames() + ", seed, directions);\n    }\n";
    }

    /**
     * Statements one method holds at most, by the length of their text: javac refuses a method whose bytecode passes 64 KB
     * (trial s64b: 4,000 nested tanh, "code too large"), and a statement's bytecode is shorter than its text.
     */
    static final int MAX_METHOD_TEXT = 24_000;

    /** A statement longer than this could pass 64 KB of bytecode on its own, which no split into methods mends. */
    static final int MAX_STATEMENT_TEXT = 64_000;

    /**
     * The statements of a values method: its own, then those of the methods it calls in turn, each filling the arrays
     * {@code scalars} and {@code matrices} of its temporaries (none, and no arrays, where one method holds them all).
     */
    private record Parts(List<String> own, List<List<String>> called, String scalars, String matrices) {}

    private String values(Blueprint.Function f) {
        // each method's temporaries are its own; the symbols and sizes are the class's
        Identifiers local = m.ids.local();
        Map<Term, String> names = new HashMap<>();
        for (Expr.Var v : b.signature().arguments()) names.put(new Term.Arg(v), m.ids.get(v));
        f.plan().names().forEach((t, n) -> names.put(t, local.of(t, identifier(n))));
        List<String> statements = statements(f, names, false);
        if (statements.stream().mapToInt(String::length).sum() <= MAX_METHOD_TEXT)
            return values(f, names, new Parts(statements, List.of(), null, null));
        // too long for one method: the temporaries are entries of two arrays that the parts fill in turn
        String scalars = local.of("scalars", "scalars"), matrices = local.of("matrices", "matrices");
        int[] counts = new int[2];
        for (Plan.Assignment a : f.plan().assignments())
            names.put(a.value(), a.value().shape().isScalar() ? scalars + "[" + counts[0]++ + "]" : matrices + "[" + counts[1]++ + "]");
        List<List<String>> called = new ArrayList<>();
        List<String> part = new ArrayList<>();
        int length = 0;
        for (String st : statements(f, names, true)) {
            if (st.length() > MAX_STATEMENT_TEXT)
                throw new MatDiffException("--lang java: one value of this program is a statement of " + st.length() + " characters, more "
                        + "than javac compiles in one method (64 KB of bytecode); --lang numpy or torch have no such limit", objective);
            if (!part.isEmpty() && length + st.length() > MAX_METHOD_TEXT) {
                called.add(part);
                part = new ArrayList<>();
                length = 0;
            }
            part.add(st);
            length += st.length();
        }
        called.add(part);
        List<String> own = List.of("double[] " + scalars + " = new double[" + counts[0] + "];",
                "RealMatrix[] " + matrices + " = new RealMatrix[" + counts[1] + "];");
        return values(f, names, new Parts(own, called, scalars, matrices));
    }

    private List<String> statements(Blueprint.Function f, Map<Term, String> names, boolean inArrays) {
        JavaSpelling spell = new JavaSpelling(names, m::size, m.helpers);
        List<String> out = new ArrayList<>();
        for (Plan.Assignment a : f.plan().assignments())
            out.add((inArrays ? "" : a.value().shape().isScalar() ? "double " : "RealMatrix ") + names.get(a.value()) + " = "
                    + spell.define(a.value()).text() + ";");
        return out;
    }

    /** The values method (its statements, a call of each part, the results), then each part's method. */
    private String values(Blueprint.Function f, Map<Term, String> names, Parts parts) {
        JavaArguments arguments = new JavaArguments(m);
        String method = f.entry().javaValues, parameters = arguments.internalParameters();
        StringBuilder sb = new StringBuilder("    private static " + f.entry().javaResult + " " + method + "(" + parameters + ") {\n");
        for (String st : parts.own()) sb.append("        ").append(st).append('\n');
        List<String> passed = new ArrayList<>(List.of(String.valueOf(parts.scalars()), String.valueOf(parts.matrices())));
        passed.addAll(arguments.internalArgumentNames());
        for (int i = 1; i <= parts.called().size(); i++)
            sb.append("        ").append(method).append("Part").append(i).append("(").append(String.join(", ", passed)).append(");\n");
        JavaSpelling spell = new JavaSpelling(names, m::size, m.helpers);
        List<String> results = new ArrayList<>();
        for (Plan.Output o : f.plan().outputs()) results.add(output(o, spell));
        sb.append("        return new ").append(f.entry().javaResult).append("(").append(String.join(", ", results)).append(");\n    }\n");
        for (int i = 1; i <= parts.called().size(); i++) {
            sb.append("\n    private static void ").append(method).append("Part").append(i).append("(double[] ").append(parts.scalars())
                    .append(", RealMatrix[] ").append(parts.matrices()).append(parameters.isEmpty() ? "" : ", " + parameters).append(") {\n");
            for (String st : parts.called().get(i - 1)) sb.append("        ").append(st).append('\n');
            sb.append("    }\n");
        }
        return sb.toString();
    }

    /** A returned value in its declared type; a copy where it would be the caller's own matrix. */
    private String output(Plan.Output o, JavaSpelling spell) {
        Term t = o.value();
        JavaSpelling.J value = spell.of(t);
        Repr held = Repr.of(t.shape());
        Repr declared = switch (o.kind()) {
            case VALUE -> Repr.of(b.objectiveShape());
            case GRADIENT -> Repr.declared(o.variable());
            case JACOBIAN, HESSIAN -> Repr.MATRIX;
        };
        if (held == Repr.SCALAR) {
            return switch (declared) {
                case SCALAR -> value.text();
                case VECTOR -> "new ArrayRealVector(new double[] {" + value.text() + "})";
                case MATRIX -> m.helper("scalarMatrix") + "(" + value.text() + ")";
            };
        }
        if (declared == Repr.VECTOR)
            return value.at(JavaSpelling.ATOM) + (t.shape().isColumn() ? ".getColumnVector(0)" : ".getRowVector(0)");
        return value.at(JavaSpelling.ATOM) + (t instanceof Term.Arg ? ".copy()" : "");
    }

    /** The helpers used, every class's own, and those they call, in the runtime's order. */
    private List<String> helperOrder() {
        Set<String> need = new HashSet<>();
        List<String> todo = new ArrayList<>(m.helpers);
        todo.addAll(JavaRuntime.ALWAYS);
        while (!todo.isEmpty()) {
            String h = todo.remove(todo.size() - 1);
            JavaRuntime.Helper helper = JavaRuntime.HELPERS.get(h);
            if (helper == null) throw new IllegalStateException("no Java helper " + h);
            if (need.add(h)) todo.addAll(helper.calls());
        }
        List<String> out = new ArrayList<>();
        for (String h : JavaRuntime.HELPERS.keySet()) if (need.contains(h)) out.add(h);
        return out;
    }

    /**
     * The header's symbols in ASCII words, ∇_w L, ∇²_w L, ∇b, ∂y/∂x, m×n, Zᵀ as grad_w L, Hessian_w L, grad b, dy/dx, m x n,
     * Z': the file is ASCII, and a comment of Unicode escapes is unreadable.
     */
    static String readable(String headerLine) {
        return headerLine.replace("∇²_", "Hessian_").replace("∇_", "grad_").replace("∇", "grad ").replace("∂", "d").replace("×", " x ")
                .replace("ᵀ", "'");
    }

    /** Every character outside ASCII as a Unicode escape, which javac reads the same in comments and names. */
    static String ascii(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) out.append(c);
            else out.append(String.format("\\u%04x", (int) c));
        }
        return out.toString();
    }
}
