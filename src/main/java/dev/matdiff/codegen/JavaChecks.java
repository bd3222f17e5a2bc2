package dev.matdiff.codegen;

import dev.matdiff.codegen.Blueprint.Entry;
import dev.matdiff.codegen.Plan.Output.Kind;
import dev.matdiff.codegen.Signature.Axis;
import dev.matdiff.expr.Dims;
import dev.matdiff.expr.Expr;
import dev.matdiff.shapes.Assumption;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The class's checks of itself, as the Python modules have them ({@link PythonChecks}):
 * {@code checkGrad}, {@code checkJacobian}, {@code checkHessian} against central differences
 * along random directions, then {@code randomPoint} and {@code main}, which runs them.
 */
final class JavaChecks implements CheckWriter {

    private final JavaModule m;

    JavaChecks(JavaModule m) { this.m = m; }


    /** The identifier of a random direction of v: {@code dW}, or {@code eW} for a second one. */
    private String direction(Expr.Var v, String kind) {
        return m.ids.of(new DirectionKey(v.name(), kind), kind + JavaModule.capitalized(v.name()));
    }

    private String k() { return m.ids.of("local k", "k"); }

    private String t() { return m.ids.of("local t", "t"); }

    /** The opening of a check, down to its loop over the directions, which draws a direction of each variable (two if twice). */
    private void open(StringBuilder sb, Entry e, String doc, String result, String vectors, boolean twice) {
        if (doc.contains("\n")) sb.append("    /**\n     * ").append(doc.replace("\n", "\n     * ")).append("\n     */\n");
        else sb.append("    /** ").append(doc).append(" */\n");
        sb.append("    public static double ").append(e.javaCheck).append("(").append(m.parameters()).append(", long seed, int directions) {\n");
        sb.append("        ").append(e.javaResult).append(' ').append(result).append(" = ").append(e.java).append("(").append(m.argumentNames()).append(");\n");
        sb.append("        Random random = new Random(seed);\n");
        sb.append("        ").append(vectors).append(";\n");
        sb.append("        for (int ").append(k()).append(" = 0; ").append(k()).append(" < directions; ").append(k()).append("++) {\n");
        for (Expr.Var v : m.b.wrt()) {
            Repr r = Repr.declared(v);
            List<String> draws = new ArrayList<>();
            for (String kind : twice ? List.of("d", "e") : List.of("d"))
                draws.add(direction(v, kind) + " = direction(random, " + m.ids.get(v) + (r == Repr.MATRIX ? (v.symmetric() ? ", true" : ", false") : "") + ")");
            sb.append("            ").append(JavaModule.type(r)).append(' ').append(String.join(", ", draws)).append(";\n");
        }
    }

    /** The arguments with the given variables moved by t times their directions. */
    private String moved(List<Expr.Var> variables) {
        List<String> out = new ArrayList<>();
        for (Expr.Var v : m.b.signature().arguments()) {
            String id = m.ids.get(v), d = direction(v, "d");
            out.add(!variables.contains(v) ? id : switch (Repr.declared(v)) {
                case SCALAR -> id + " + " + t() + " * " + d;
                case VECTOR -> id + ".add(" + d + ".mapMultiply(" + t() + "))";
                case MATRIX -> id + ".add(" + d + ".scalarMultiply(" + t() + "))";
            });
        }
        for (String d : m.b.signature().sizes()) out.add(m.dim(d));
        return String.join(", ", out);
    }

    @Override
    public String checkGrad() {
        StringBuilder sb = new StringBuilder();
        open(sb, Entry.F_AND_GRAD, "Compares the gradients of fAndGrad with central differences along random directions; prints and returns the worst relative error.",
                "grads", "double[] symbolic = new double[directions];\n        RealVector[] numeric = new RealVector[directions]", false);
        List<String> inner = new ArrayList<>();
        for (Expr.Var v : m.b.wrt()) {
            String g = "grads." + m.component(Kind.GRADIENT, v) + "()", d = direction(v, "d");
            inner.add(switch (Repr.declared(v)) {
                case SCALAR -> g + " * " + d;
                case VECTOR -> g + ".dotProduct(" + d + ")";
                case MATRIX -> "inner(" + g + ", " + d + ")";
            });
        }
        sb.append("            symbolic[").append(k()).append("] = ").append(String.join(" + ", inner)).append(";\n");
        sb.append("            numeric[").append(k()).append("] = central(").append(t()).append(" -> fAndGrad(").append(moved(m.b.wrt()))
                .append(").value());\n        }\n");
        sb.append("        return report(grads.value(), symbolic, numeric);\n    }\n");
        return sb.toString();
    }

    @Override
    public String checkJacobian() {
        StringBuilder sb = new StringBuilder();
        open(sb, Entry.F_AND_JACOBIAN, "Compares the Jacobians of fAndJacobian with central differences of vec(" + m.b.objective()
                        + ") along random directions that move " + m.wrtNames() + " together; prints and returns the worst relative error.",
                "jacobians", "RealVector[] symbolic = new RealVector[directions], numeric = new RealVector[directions]", false);
        List<String> inner = new ArrayList<>();
        for (Expr.Var v : m.b.wrt()) inner.add("jacobians." + m.component(Kind.JACOBIAN, v) + "().operate(flat(" + direction(v, "d") + "))");
        sb.append("            symbolic[").append(k()).append("] = ").append(inner.get(0));
        for (String s : inner.subList(1, inner.size())) sb.append("\n                    .add(").append(s).append(")");
        sb.append(";\n");
        sb.append("            numeric[").append(k()).append("] = centralVector(").append(t()).append(" -> flat(fAndJacobian(").append(moved(m.b.wrt()))
                .append(").value()));\n        }\n");
        sb.append("        return report(\"checkJacobian\", flat(jacobians.value()).getNorm(), symbolic, numeric);\n    }\n");
        m.helpers.add("flat");
        return sb.toString();
    }

    @Override
    public String checkHessian() {
        StringBuilder sb = new StringBuilder();
        int n = m.b.wrt().size();
        String count = n == 1 ? "directions" : n + " * directions";
        open(sb, Entry.F_AND_HESSIAN, "Compares the Hessians of fAndHessian with central differences of the gradients along random directions,"
                        + "\neach variable moved alone, and checks that each is symmetric (u'Hv = v'Hu for random u, v); prints and returns the"
                        + "\nworst relative error.",
                "hessians", "RealVector[] symbolic = new RealVector[" + count + "], numeric = new RealVector[" + count + "], uhv = new RealVector["
                        + count + "], vhu = new RealVector[" + count + "]", true);
        List<String> scales = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Expr.Var v = m.b.wrt().get(i);
            String at = n == 1 ? k() : n + " * " + k() + " + " + i;
            String h = "hessians." + m.component(Kind.HESSIAN, v) + "()", d = "flat(" + direction(v, "d") + ")", e = "flat(" + direction(v, "e") + ")";
            sb.append("            symbolic[").append(at).append("] = ").append(h).append(".operate(").append(d).append(");\n");
            sb.append("            numeric[").append(at).append("] = centralVector(").append(t()).append(" -> flat(fAndGrad(").append(moved(List.of(v)))
                    .append(").").append(m.component(Kind.GRADIENT, v)).append("()));\n");
            sb.append("            uhv[").append(at).append("] = form(").append(e).append(", ").append(h).append(", ").append(d).append(");\n");
            sb.append("            vhu[").append(at).append("] = form(").append(d).append(", ").append(h).append(", ").append(e).append(");\n");
            scales.add("flat(hessians." + m.component(Kind.GRADIENT, v) + "()).getNorm()");
        }
        sb.append("        }\n");
        // H vec(D) is of the gradient's size: the scale below which a difference is rounding
        String scale = m.ids.of("local scale", "scale");
        String max = scales.get(0);
        for (String s : scales.subList(1, scales.size())) max = "Math.max(" + max + ", " + s + ")";
        sb.append("        double ").append(scale).append(" = ").append(max).append(";\n");
        sb.append("        return worst(report(\"checkHessian\", ").append(scale).append(", symbolic, numeric),\n")
                .append("                report(\"checkHessian, symmetry u'Hv = v'Hu\", 0, uhv, vhu));\n    }\n");
        m.helpers.addAll(List.of("flat", "form", "worst"));
        return sb.toString();
    }

    String randomPoint() {
        StringBuilder sb = new StringBuilder();
        // the parameter shares checkHessian's local's identifier: both are scale unless a size is
        String scale = m.ids.of("local scale", "scale");
        sb.append("    /** Random values of the program's symbols, at scale 1. */\n");
        sb.append("    public static Point randomPoint(long seed, boolean positive) {\n        return randomPoint(seed, positive, 1);\n    }\n\n");
        sb.append("    /**\n     * Random values of the program's symbols: entries of magnitude 0.2 to 0.9 (all positive if positive) times ")
                .append(scale).append(",\n     * square matrices diagonally dominant, symmetric ones positive definite, as matdiff check draws them.\n     */\n");
        sb.append("    public static Point randomPoint(long seed, boolean positive, double ").append(scale)
                .append(") {\n        Random random = new Random(seed);\n");
        Set<String> symbols = new LinkedHashSet<>();
        for (Expr.Var v : m.b.signature().arguments()) for (Axis a : Signature.axes(v)) symbols.addAll(Dims.symbols(a.dim()));
        symbols.addAll(m.b.signature().sizes());
        if (!symbols.isEmpty()) {
            List<String> sizes = new ArrayList<>();
            for (String s : symbols) sizes.add(m.dim(s) + " = " + m.b.sizes().get(s));
            sb.append("        int ").append(String.join(", ", sizes)).append(";  // the sizes matdiff check takes by default\n");
        }
        List<String> draws = new ArrayList<>();
        List<Expr.Var> sizeNamed = m.b.signature().sizeNamedScalars();
        for (Expr.Var v : m.b.signature().arguments()) {
            if (sizeNamed.contains(v)) {
                draws.add("(double) " + m.dim(v.name()));  // scalar N beside X(D, N) is that size
                continue;
            }
            Repr r = Repr.declared(v);
            boolean square = r == Repr.MATRIX && v.shape().rows().equals(v.shape().cols());
            String rows = r == Repr.SCALAR ? "1" : m.size(v.shape().rows()), cols = r == Repr.MATRIX ? m.size(v.shape().cols()) : "1";
            String draw = "draw(random, " + rows + ", " + cols + ", positive, " + (square && !v.symmetric()) + ", " + v.symmetric() + ", " + scale + ")";
            for (Assumption a : m.b.assumptionsOn(v)) {
                m.helpers.add("satisfying");
                draw = AssumptionCode.javaDraw(a, draw);
            }
            draws.add(switch (r) {
                case SCALAR -> draw + ".getEntry(0, 0)";
                case VECTOR -> draw + ".getColumnVector(0)";
                case MATRIX -> draw;
            });
        }
        for (String d : m.b.signature().sizes()) draws.add(m.dim(d));
        sb.append("        return new Point(").append(String.join(",\n                ", draws)).append(");\n    }\n");
        return sb.toString();
    }

    String main() {
        List<String> fromPoint = new ArrayList<>(), what = new ArrayList<>(), checks = new ArrayList<>(), functions = new ArrayList<>(),
                finite = new ArrayList<>();
        for (Expr.Var v : m.b.signature().arguments()) fromPoint.add("p." + m.ids.get(v) + "()");
        for (String d : m.b.signature().sizes()) fromPoint.add("p." + m.dim(d) + "()");
        String args = String.join(", ", fromPoint);
        for (Blueprint.Function f : m.b.functions()) {
            what.add(PythonChecks.checked(f.entry()));
            checks.add(f.entry().javaCheck + "(" + args + ", 0, 4)");
            functions.add(f.entry().java);
            // every number the function returns: the value and each derivative
            String result = f.entry().java + "(" + args + ")";
            String r = "r" + (finite.size() + 1);
            List<String> parts = new ArrayList<>();
            for (Plan.Output o : f.plan().outputs()) parts.add(r + "." + (o.isValue() ? "value" : m.component(o.kind(), o.variable())) + "()");
            finite.add(f.entry().javaResult + " " + r + " = " + result + ";\n" + "                    if (!finite(" + String.join(", ", parts)
                    + ")) continue;");
        }
        m.helpers.addAll(List.of("finite", "worst"));
        String error = checks.size() == 1 ? checks.get(0) : "worst(" + String.join(",\n                ", checks) + ")";
        StringBuilder sb = new StringBuilder();
        sb.append("    /**\n     * The first random point where ").append(String.join(" and ", functions))
                .append(functions.size() == 1 ? " gives" : " give").append(" finite numbers, looked for as matdiff check looks for one:\n     * ")
                .append(PointSearch.described().replace("\n", "\n     * ")).append("; null if there is none.\n     */\n");
        sb.append("    public static Point definedPoint() {\n");
        sb.append("        for (long seed = 0; seed <= ").append(PointSearch.moreSeeds()).append("; seed++)\n");
        sb.append("            for (double scale : seed == 0 ? new double[] {").append(String.join(", ", PointSearch.scales()))
                .append("} : new double[] {").append(String.join(", ", PointSearch.moreSeedScales())).append("})\n");
        sb.append("                for (boolean positive : new boolean[] {false, true}) {\n");
        sb.append("                    Point p = randomPoint(seed, positive, scale);\n");
        sb.append("                    try {\n");
        for (String f : finite) sb.append("                        ").append(f.replace("\n", "\n    ")).append('\n');
        sb.append("                    } catch (ArithmeticException | IllegalArgumentException | IllegalStateException notDefinedHere) {\n");
        sb.append("                        continue;  // a singular matrix, say\n                    }\n");
        sb.append("                    return p;\n                }\n        return null;\n    }\n\n");
        sb.append("    /**\n     * Checks the ").append(String.join(" and the ", what))
                .append(" at a random point of the declared shapes (definedPoint); exits with 1 if they\n")
                .append("     * disagree, not when they cannot be compared (inconclusive).\n     */\n");
        sb.append("    public static void main(String[] args) {\n");
        sb.append("        Point p = definedPoint();\n");
        sb.append("        if (p == null) {\n");
        for (Blueprint.Function f : m.b.functions())
            sb.append("            System.out.println(\"").append(f.entry().javaCheck).append(": ").append(PointSearch.noPoint()).append("\");\n");
        sb.append("            return;\n        }\n");
        sb.append("        if (").append(error).append(" > TOLERANCE) System.exit(1);\n    }\n");
        return sb.toString();
    }
}
