package dev.matdiff.check;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.OpSpec;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Evaluator;

import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The kinks of f near a point: where relu, abs, sign or norm1 has an argument entry at 0 (norm:
 * its whole argument), the gradient matdiff gives is a subgradient (LANGUAGE.md, "Element-wise
 * functions at their kinks"), and a central difference across the kink averages the one-sided
 * slopes, so it can neither confirm nor refute it. A direction whose largest step
 * ({@link GradientCheck#STEP}, either way) moves such an argument at least as far as it is from its
 * kink cannot fail a gradient. Conservative: relu(x.^2) at x = 0 counts, though it is smooth.
 */
final class Kinks {
    private final List<Expr.Node> nodes;
    private final List<RealMatrix> arguments;

    private Kinks(List<Expr.Node> nodes, List<RealMatrix> arguments) {
        this.nodes = nodes;
        this.arguments = arguments;
    }

    /** f's kinked nodes and their arguments' values at the point. */
    static Kinks of(Expr f, Bindings at) {
        Evaluator base = new Evaluator(at);
        List<Expr.Node> nodes = new ArrayList<>();
        List<RealMatrix> values = new ArrayList<>();
        for (Expr e : Dag.postOrder(f))
            if (e instanceof Expr.Node n && (n.op().has(OpSpec.Flag.KINK_AT_ZERO) || n.op().has(OpSpec.Flag.KINK_AT_ORIGIN))) {
                nodes.add(n);
                values.add(base.value(n.arg(0)));
            }
        return new Kinks(nodes, values);
    }

    /** {@link #reached} for one difference of f, whose largest step is {@link GradientCheck#STEP}. */
    static String reached(Expr f, Bindings at, Map<String, RealMatrix> v) {
        return of(f, at).reached(at, v, GradientCheck.STEP);
    }

    /**
     * The first kink a difference along v (a step of h either way) reaches, in words ("entry (1, 1)
     * of the argument of relu(x) is 0 there"); null when it reaches none.
     */
    String reached(Bindings at, Map<String, RealMatrix> v, double h) {
        if (nodes.isEmpty()) return null;
        Evaluator plus = new Evaluator(Nearby.moved(at, v, h)), minus = new Evaluator(Nearby.moved(at, v, -h));
        for (int k = 0; k < nodes.size(); k++) {
            Expr.Node n = nodes.get(k);
            RealMatrix a = arguments.get(k), up = plus.value(n.arg(0)).subtract(a), down = minus.value(n.arg(0)).subtract(a);
            if (n.op().has(OpSpec.Flag.KINK_AT_ORIGIN)) {
                double moves = Math.max(up.getFrobeniusNorm(), down.getFrobeniusNorm());
                if (moves > 0 && a.getFrobeniusNorm() <= moves)
                    return "the argument of " + describe(n) + (a.getFrobeniusNorm() == 0 ? " is 0 there" : " is within a step of 0 there");
                continue;
            }
            for (int i = 0; i < a.getRowDimension(); i++)
                for (int j = 0; j < a.getColumnDimension(); j++) {
                    double at0 = a.getEntry(i, j);
                    if (!atKink(at0, up.getEntry(i, j), down.getEntry(i, j))) continue;
                    // every function whose argument has its kink at that entry: relu(x), abs(x) and sign(x) at x = 0
                    List<String> names = new ArrayList<>(List.of(describe(n)));
                    for (int o = k + 1; o < nodes.size(); o++) {
                        Expr.Node other = nodes.get(o);
                        RealMatrix b = arguments.get(o);
                        if (other.op().has(OpSpec.Flag.KINK_AT_ORIGIN) || b.getRowDimension() <= i || b.getColumnDimension() <= j) continue;
                        double bAt = b.getEntry(i, j);
                        if (atKink(bAt, plus.value(other.arg(0)).getEntry(i, j) - bAt, minus.value(other.arg(0)).getEntry(i, j) - bAt)) names.add(describe(other));
                    }
                    String which = (names.size() == 1 ? "the argument of " : "each argument of ") + dev.matdiff.source.Prose.and(names);
                    return String.format("entry (%d, %d) of %s is %s there%s", i + 1, j + 1, which,
                            TextPrinter.number(at0), at0 == 0 ? "" : ", within a step of 0");
                }
        }
        return null;
    }

    /** An entry within a step of its kink at 0, the step moving it (up and down: how far it moves either way). */
    private static boolean atKink(double at0, double up, double down) {
        double moves = Math.max(Math.abs(up), Math.abs(down));
        return moves > 0 && Math.abs(at0) <= moves;
    }

    /**
     * Where a value that failed (a gradient's x/norm(x)) has no value because a norm in it is at its
     * kink: "the argument of norm(x) is 0 there"; null when no norm within it is at 0.
     */
    static String atOrigin(Expr failed, Bindings at) {
        Evaluator values = new Evaluator(at);
        for (Expr e : Dag.postOrder(failed))
            if (e instanceof Expr.Node n && n.op().has(OpSpec.Flag.KINK_AT_ORIGIN) && values.value(n.arg(0)).getFrobeniusNorm() == 0)
                return "the argument of " + describe(n) + " is 0 there";
        return null;
    }

    /** relu(x), or just relu when its argument is long. */
    private static String describe(Expr.Node n) {
        String text = TextPrinter.print(n);
        return text.length() <= 40 ? text : n.op().functionName();
    }
}
