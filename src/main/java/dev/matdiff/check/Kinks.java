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
        Evaluator plus = new Evaluator(FineCheck.moved(at, v, h)), minus = new Evaluator(FineCheck.moved(at, v, -h));
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
                    double at0 = a.getEntry(i, j), moves = Math.max(Math.abs(up.getEntry(i, j)), Math.abs(down.getEntry(i, j)));
                    if (moves > 0 && Math.abs(at0) <= moves)
                        return String.format("entry (%d, %d) of the argument of %s is %s there%s", i + 1, j + 1, describe(n),
                                TextPrinter.number(at0), at0 == 0 ? "" : ", within a step of 0");
                }
        }
        return null;
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
