package dev.matdiff.check;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Evaluator;
import dev.matdiff.numeric.NumericException;

import org.apache.commons.math3.linear.RealMatrix;

import java.util.Map;

/**
 * The step a finite difference takes where {@link GradientCheck#STEP} leaves f's domain: an entry of
 * 1e-9 under log, 1e-12 under sqrt, 0.9999999 under arcsin is nearer its edge than the step, which is
 * scaled to the entries' size, not to their distance from the edge. The step shrinks by
 * {@value #SHRINK} until f is defined on both sides, down to {@value #SMALLEST} (relative to each
 * entry, as the step is), and is then taken {@value #MARGIN} times smaller still: a difference that
 * reaches half-way to the edge sees f's curvature there (log's slope changes by a third over it),
 * one that reaches a sixteenth of the way does not, and the derivative there is compared as
 * anywhere else.
 */
final class DomainStep {
    private DomainStep() {}

    static final double SHRINK = 8;
    /** Below this a step no longer moves the larger entries by more than a few hundred roundings. */
    static final double SMALLEST = 1e-14;
    static final double MARGIN = 16;

    /** No step down to {@link #SMALLEST} keeps f defined on both sides of the point along a direction. */
    static final class Outside extends NumericException {
        private final String variables;

        Outside(String variables, NumericException last) {
            super(String.format("no finite difference moving %s stays where the objective is defined, with steps down to %.0e of the entries' size: %s",
                    variables, SMALLEST, last.getMessage()), last.pos(), last.node());
            this.variables = variables;
        }

        /** The variable (or variables, "x, W") the direction moves. */
        String variables() { return variables; }
    }

    /**
     * The step along v for a point where {@link GradientCheck#STEP} leaves f's domain (the caller
     * has tried it): the largest STEP/8ᵏ at which f is defined at the point ± the step, divided by
     * {@value #MARGIN}.
     */
    static double fitted(Expr f, Bindings at, Map<String, RealMatrix> v) {
        return fitted(f, at, v, GradientCheck.STEP);
    }

    /** The same below a step {@code from} that leaves f's domain. */
    static double fitted(Expr f, Bindings at, Map<String, RealMatrix> v, double from) {
        NumericException last = null;
        // not to subnormal steps: an entry 1e-300 is past what a difference can see, and is said to be
        double smallest = SMALLEST * Math.max(ownSize(at, v), 1e-30);
        for (double h = from / SHRINK; h >= smallest; h /= SHRINK) {
            try {
                bothSides(f, at, v, h);
                return h / MARGIN;
            } catch (NumericException e) {
                last = e;
            }
        }
        throw new Outside(String.join(", ", v.keySet()), last == null ? new NumericException("the step is already below " + SMALLEST) : last);
    }

    /**
     * For a direction that moves one entry, that entry's size in steps (|x|/|v|, at most 1): the step is scaled to the
     * entries' size, at least a tenth of their root mean square, so log(x) at x = [1e-20, 1] needed a step below 1e-20
     * that 1e-14 of the scale never reached. Steps that small move the other entries not at all; a direction that moves
     * several keeps the floor, where they would.
     */
    private static double ownSize(Bindings at, Map<String, RealMatrix> v) {
        double size = 1;
        int moved = 0;
        for (var d : v.entrySet()) {
            RealMatrix dir = d.getValue(), x = at.values().get(d.getKey());
            for (int i = 0; i < dir.getRowDimension(); i++)
                for (int j = 0; j < dir.getColumnDimension(); j++)
                    if (dir.getEntry(i, j) != 0) {
                        if (++moved > 1) return 1;
                        double entry = Math.abs(x.getEntry(i, j));
                        if (entry > 0) size = Math.min(1, entry / Math.abs(dir.getEntry(i, j)));
                    }
        }
        return size;
    }

    /**
     * h when f is defined at the point ± h along v, else the step {@link #fitted} finds below it. For a
     * difference of something with a larger domain than f's: f's gradient 1/x is defined past log's edge
     * at 0, where a difference of it is no second derivative of f.
     */
    static double within(Expr f, Bindings at, Map<String, RealMatrix> v, double h) {
        try {
            bothSides(f, at, v, h);
            return h;
        } catch (NumericException e) {
            return fitted(f, at, v, h);
        }
    }

    /**
     * Whether f has a function with a domain (log, sqrt, arcsin, a power's base …), the edge a difference of
     * its gradient can cross unseen: only then is {@link #within} worth f's evaluations.
     */
    static boolean bounded(Expr f) {
        for (Expr e : Dag.postOrder(f))
            if (e instanceof Expr.Node n && n.op().spec().bounded()) return true;
        return false;
    }

    private static void bothSides(Expr f, Bindings at, Map<String, RealMatrix> v, double h) {
        new Evaluator(Nearby.moved(at, v, h)).value(f);
        new Evaluator(Nearby.moved(at, v, -h)).value(f);
    }
}
