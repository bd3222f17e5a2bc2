package dev.matdiff.codegen;

import dev.matdiff.codegen.Plan.Name;
import dev.matdiff.codegen.Signature.Axis;
import dev.matdiff.codegen.Signature.Check;
import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Dims;
import dev.matdiff.expr.Expr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A self-contained Java class on Commons Math: {@code fAndGrad} (shape checks, then the plan in
 * a private {@code values} method that holds vectors as one-column matrices), {@code checkGrad},
 * {@code randomPoint}, {@code main}, and the helpers the code calls. Written in ASCII (other
 * characters as Unicode escapes), so javac reads it in any locale.
 */
final class JavaEmitter {

    private static final Set<String> CLASS_NAMES = Set.of("fAndGrad", "values", "checkGrad", "randomPoint", "main", "TOLERANCE",
            "Point", "seed", "directions", "positive", "random", "symbolic", "numeric", "grads", "args", JavaSpelling.ENTRY);
    private static final Set<String> OBJECT_METHODS = Set.of("hashCode", "toString", "equals", "getClass", "notify", "notifyAll",
            "wait", "clone", "finalize");

    private final Blueprint b;
    private final Identifiers ids;
    private final Map<Term, String> names = new HashMap<>();  // calls by identity, symbols by name
    private final Set<String> helpers = new LinkedHashSet<>();
    private final JavaSpelling spell;

    JavaEmitter(Blueprint b) {
        this.b = b;
        Set<String> reserved = new HashSet<>(Identifiers.JAVA);
        reserved.addAll(CLASS_NAMES);
        reserved.addAll(OBJECT_METHODS);
        reserved.add(b.className());
        ids = new Identifiers(reserved);
        Terms leaves = new Terms();
        for (Expr.Var v : b.signature().arguments()) names.put(leaves.arg(v), ids.of(v, v.name()));
        for (String d : b.signature().bound().keySet()) ids.of(new DimKey(d), d);
        for (Blueprint.Function f : b.functions())
            f.plan().names().forEach((t, n) -> names.put(t, ids.of(n, identifier(n))));
        spell = new JavaSpelling(names, this::size, helpers);
    }

    private record DimKey(String symbol) {}

    private record ResultKey(String variable) {}

    private static String identifier(Name n) {
        if (n instanceof Name.Intermediate i) return i.name();
        if (n instanceof Name.Objective o) return o.name();
        if (n instanceof Name.Gradient g) return "grad" + capitalized(g.of());
        return "t" + ((Name.Temporary) n).number();
    }

    private static String capitalized(String s) { return s.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + s.substring(1); }

    private String size(Dim d) {
        if (d instanceof Dim.Fixed f) return Integer.toString(f.size());
        b.signature().requireBound(d, "a value");
        if (d instanceof Dim.Sym s) return ids.get(new DimKey(s.name()));
        return "(" + DimText.poly((Dim.Poly) d, sym -> ids.get(new DimKey(sym))) + ")";
    }

    String module() {
        Plan plan = b.plan(Blueprint.Entry.F_AND_GRAD);
        Identifiers components = new Identifiers(union(Identifiers.JAVA, OBJECT_METHODS, Set.of("value")));
        for (Expr.Var v : b.wrt()) components.of(new ResultKey(v.name()), "grad" + capitalized(v.name()));
        String values = values(plan, components);
        StringBuilder out = new StringBuilder();
        for (String l : b.header().lines()) out.append(l.isEmpty() ? "//" : "// " + l).append('\n');
        out.append("\n");
        for (String c : List.of("Array2DRowRealMatrix", "ArrayRealVector", "LUDecomposition", "MatrixUtils", "RealMatrix", "RealVector"))
            out.append("import org.apache.commons.math3.linear.").append(c).append(";\n");
        out.append("\nimport java.util.Random;\nimport java.util.function.DoubleUnaryOperator;\n\n");
        out.append("/**\n * ").append(b.objective()).append(" and its gradients, as matdiff derived them (see above): fAndGrad computes them,\n")
                .append(" * checkGrad compares them with central differences, main checks them at a random point.\n */\n");
        String cls = b.className();
        out.append("public final class ").append(cls).append(" {\n    private ").append(cls).append("() {}\n\n");
        out.append("    /** checkGrad's largest relative error that passes. */\n    public static final double TOLERANCE = 1e-5;\n\n");
        out.append("    /** ").append(b.objective()).append(" and its gradients, each in its variable's shape. */\n");
        List<String> fields = new ArrayList<>(List.of("double value"));
        for (Expr.Var v : b.wrt()) fields.add(type(Repr.declared(v)) + " " + components.get(new ResultKey(v.name())));
        out.append("    public record Result(").append(String.join(", ", fields)).append(") {}\n\n");
        out.append("    /** Values of the program's symbols, in declaration order. */\n");
        out.append("    public record Point(").append(parameters()).append(") {}\n\n");
        out.append(fAndGrad()).append('\n').append(values).append('\n').append(checkGrad(components)).append('\n')
                .append(randomPoint()).append('\n').append(main());
        for (String h : helperOrder()) out.append('\n').append(JavaRuntime.HELPERS.get(h).source());
        out.append("}\n");
        return ascii(out.toString());
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> out = new HashSet<>();
        for (Set<String> s : sets) out.addAll(s);
        return out;
    }

    private static String type(Repr r) {
        return switch (r) {
            case SCALAR -> "double";
            case VECTOR -> "RealVector";
            case MATRIX -> "RealMatrix";
        };
    }

    private String parameters() {
        List<String> out = new ArrayList<>();
        for (Expr.Var v : b.signature().arguments()) out.add(type(Repr.declared(v)) + " " + ids.get(v));
        return String.join(", ", out);
    }

    private String argumentNames() {
        List<String> out = new ArrayList<>();
        for (Expr.Var v : b.signature().arguments()) out.add(ids.get(v));
        return String.join(", ", out);
    }

    // ---- fAndGrad: the checks, then values

    private String fAndGrad() {
        StringBuilder sb = new StringBuilder();
        sb.append("    /**\n     * ").append(b.objective()).append(" and its gradients at the given values of the program's symbols (in declaration order).\n")
                .append("     *\n     * @throws IllegalArgumentException naming the symbol and both sizes when a size does not fit\n     */\n");
        sb.append("    public static Result fAndGrad(").append(parameters()).append(") {\n");
        List<String> dims = new ArrayList<>();
        for (Expr.Var v : b.signature().arguments()) {
            List<Check> checks = b.signature().checksOf(v);
            List<String> binds = new ArrayList<>();
            for (Check c : checks)
                if (c instanceof Check.Bind bind) binds.add(ids.get(new DimKey(bind.symbol())) + " = " + actual(c.at()));
            if (!binds.isEmpty()) sb.append("        int ").append(String.join(", ", binds)).append(";\n");
            for (Check c : checks) if (c instanceof Check.Expect e) sb.append(expect(e));
        }
        for (Check c : b.signature().deferred()) sb.append(expect((Check.Expect) c));
        for (String d : b.signature().bound().keySet()) dims.add(ids.get(new DimKey(d)));
        List<String> internal = new ArrayList<>();
        for (Expr.Var v : b.signature().arguments()) {
            String id = ids.get(v);
            Repr declared = Repr.declared(v), held = Repr.of(v.shape());
            if (held == Repr.SCALAR && declared != Repr.SCALAR) internal.add(id + (declared == Repr.VECTOR ? ".getEntry(0)" : ".getEntry(0, 0)"));
            else if (declared == Repr.VECTOR) internal.add(helper("column") + "(" + id + ")");
            else internal.add(id);
        }
        internal.addAll(dims);
        sb.append("        return values(").append(String.join(", ", internal)).append(");\n    }\n");
        return sb.toString();
    }

    private String helper(String name) {
        helpers.add(name);
        return name;
    }

    private String actual(Axis a) {
        String id = ids.get(a.var());
        if (Repr.declared(a.var()) == Repr.VECTOR) return id + ".getDimension()";
        return id + (a.axis() == 0 ? ".getRowDimension()" : ".getColumnDimension()");
    }

    private String expect(Check.Expect e) {
        Axis at = e.at();
        String actual = actual(at), expected = size(e.expected());
        Message m = new Message().text(at.var().name() + " has ").code(actual).text(" " + what(at) + ", but ");
        Dim d = e.expected();
        if (d instanceof Dim.Fixed f) m.text("the program says " + f.size());
        else if (d instanceof Dim.Sym s) {
            Axis from = b.signature().bound().get(s.name());
            m.text(from.var().name() + " has ").code(expected).text(" " + what(from) + " (both are " + s.name() + ")");
        } else {
            List<String> sources = new ArrayList<>();
            for (String s : Dims.symbols(d)) sources.add(s + ": " + b.signature().bound().get(s).describe());
            m.text(d + " = ").code(expected).text(" (" + String.join(", ", sources) + ")");
        }
        return "        if (" + actual + " != " + expected + ")\n            throw new IllegalArgumentException(" + m + ");\n";
    }

    private static String what(Axis a) {
        return Repr.declared(a.var()) == Repr.VECTOR ? "entries" : a.axis() == 0 ? "rows" : "columns";
    }

    /** A message as a Java string concatenation, adjacent pieces of text in one literal. */
    private static final class Message {
        private final List<String> parts = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();

        Message text(String s) { text.append(s); return this; }

        Message code(String expression) {
            flush();
            parts.add(expression);
            return this;
        }

        private void flush() {
            if (text.length() > 0) parts.add("\"" + text.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
            text.setLength(0);
        }

        @Override public String toString() {
            flush();
            return String.join(" + ", parts);
        }
    }

    private String values(Plan plan, Identifiers components) {
        StringBuilder sb = new StringBuilder("    private static Result values(");
        List<String> params = new ArrayList<>();
        for (Expr.Var v : b.signature().arguments()) params.add((Repr.of(v.shape()) == Repr.SCALAR ? "double " : "RealMatrix ") + ids.get(v));
        for (String d : b.signature().bound().keySet()) params.add("int " + ids.get(new DimKey(d)));
        sb.append(String.join(", ", params)).append(") {\n");
        for (Plan.Assignment a : plan.assignments())
            sb.append("        ").append(a.value().shape().isScalar() ? "double " : "RealMatrix ").append(names.get(a.value()))
                    .append(" = ").append(spell.define(a.value()).text()).append(";\n");
        List<String> results = new ArrayList<>();
        for (Plan.Output o : plan.outputs()) results.add(output(o));
        sb.append("        return new Result(").append(String.join(", ", results)).append(");\n    }\n");
        return sb.toString();
    }

    /** A returned value in its variable's declared type; a copy where it would be the caller's own matrix. */
    private String output(Plan.Output o) {
        Term t = o.value();
        JavaSpelling.J value = spell.of(t);
        if (o.isValue()) return value.text();
        Repr declared = Repr.declared(o.variable()), held = Repr.of(t.shape());
        if (held == Repr.SCALAR) {
            return switch (declared) {
                case SCALAR -> value.text();
                case VECTOR -> "new ArrayRealVector(new double[] {" + value.text() + "})";
                case MATRIX -> helper("scalarMatrix") + "(" + value.text() + ")";
            };
        }
        if (declared == Repr.VECTOR) return value.at(JavaSpelling.ATOM) + ".getColumnVector(0)";
        return value.at(JavaSpelling.ATOM) + (t instanceof Term.Arg ? ".copy()" : "");
    }

    // ---- checkGrad, randomPoint, main

    private String checkGrad(Identifiers components) {
        String args = argumentNames();
        StringBuilder sb = new StringBuilder();
        sb.append("    /** Compares the gradients of fAndGrad with central differences along random directions; prints and returns the worst relative error. */\n");
        sb.append("    public static double checkGrad(").append(parameters()).append(", long seed, int directions) {\n");
        sb.append("        Result grads = fAndGrad(").append(args).append(");\n");
        sb.append("        Random random = new Random(seed);\n");
        sb.append("        double[] symbolic = new double[directions], numeric = new double[directions];\n");
        String k = ids.of("local k", "k"), t = ids.of("local t", "t");
        sb.append("        for (int ").append(k).append(" = 0; ").append(k).append(" < directions; ").append(k).append("++) {\n");
        List<String> inner = new ArrayList<>(), moved = new ArrayList<>();
        for (Expr.Var v : b.signature().arguments()) moved.add(ids.get(v));
        for (Expr.Var v : b.wrt()) {
            String id = ids.get(v), d = ids.of(new DirectionKey(v.name()), "d" + capitalized(v.name()));
            String g = "grads." + components.get(new ResultKey(v.name())) + "()";
            Repr r = Repr.declared(v);
            sb.append("            ").append(type(r)).append(' ').append(d).append(" = direction(random, ").append(id)
                    .append(r == Repr.MATRIX ? (v.symmetric() ? ", true" : ", false") : "").append(");\n");
            inner.add(switch (r) {
                case SCALAR -> g + " * " + d;
                case VECTOR -> g + ".dotProduct(" + d + ")";
                case MATRIX -> "inner(" + g + ", " + d + ")";
            });
            moved.set(b.signature().arguments().indexOf(v), switch (r) {
                case SCALAR -> id + " + " + t + " * " + d;
                case VECTOR -> id + ".add(" + d + ".mapMultiply(" + t + "))";
                case MATRIX -> id + ".add(" + d + ".scalarMultiply(" + t + "))";
            });
        }
        sb.append("            symbolic[").append(k).append("] = ").append(String.join(" + ", inner)).append(";\n");
        sb.append("            numeric[").append(k).append("] = central(").append(t).append(" -> fAndGrad(").append(String.join(", ", moved))
                .append(").value());\n        }\n");
        sb.append("        return report(grads.value(), symbolic, numeric);\n    }\n");
        return sb.toString();
    }

    private record DirectionKey(String variable) {}

    private String randomPoint() {
        StringBuilder sb = new StringBuilder();
        sb.append("    /**\n     * Random values of the program's symbols: entries of magnitude 0.2 to 0.9 (all positive if positive), square\n")
                .append("     * matrices diagonally dominant, symmetric ones positive definite, as matdiff check draws them.\n     */\n");
        sb.append("    public static Point randomPoint(long seed, boolean positive) {\n        Random random = new Random(seed);\n");
        Set<String> symbols = new LinkedHashSet<>();
        for (Expr.Var v : b.signature().arguments()) for (Axis a : Signature.axes(v)) symbols.addAll(Dims.symbols(a.dim()));
        if (!symbols.isEmpty()) {
            List<String> sizes = new ArrayList<>();
            for (String s : symbols) sizes.add(ids.get(new DimKey(s)) + " = " + b.sizes().get(s));
            sb.append("        int ").append(String.join(", ", sizes)).append(";  // the sizes matdiff check takes by default\n");
        }
        List<String> draws = new ArrayList<>();
        for (Expr.Var v : b.signature().arguments()) {
            Repr r = Repr.declared(v);
            boolean square = r == Repr.MATRIX && v.shape().rows().equals(v.shape().cols());
            String rows = r == Repr.SCALAR ? "1" : size(v.shape().rows()), cols = r == Repr.MATRIX ? size(v.shape().cols()) : "1";
            String draw = "draw(random, " + rows + ", " + cols + ", positive, " + (square && !v.symmetric()) + ", " + v.symmetric() + ")";
            draws.add(switch (r) {
                case SCALAR -> draw + ".getEntry(0, 0)";
                case VECTOR -> draw + ".getColumnVector(0)";
                case MATRIX -> draw;
            });
        }
        sb.append("        return new Point(").append(String.join(",\n                ", draws)).append(");\n    }\n");
        return sb.toString();
    }

    private String main() {
        List<String> fromPoint = new ArrayList<>();
        for (Expr.Var v : b.signature().arguments()) fromPoint.add("p." + ids.get(v) + "()");
        String args = String.join(", ", fromPoint);
        return "    /** Checks the gradients at a random point of the declared shapes; exits with 1 if they disagree. */\n"
                + "    public static void main(String[] args) {\n"
                + "        Point p = randomPoint(0, false);\n"
                + "        if (!Double.isFinite(fAndGrad(" + args + ").value())) p = randomPoint(0, true);\n"
                + "        if (checkGrad(" + args + ", 0, 4) > TOLERANCE) System.exit(1);\n"
                + "    }\n";
    }

    /** The helpers used, every class's own, and those they call, in the runtime's order. */
    private List<String> helperOrder() {
        Set<String> need = new HashSet<>();
        List<String> todo = new ArrayList<>(helpers);
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
