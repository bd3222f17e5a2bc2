package dev.matdiff.soundness;

import dev.matdiff.check.GradientCheck;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Evaluator;
import dev.matdiff.numeric.NumericException;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A second opinion for a gradient that failed {@link GradientCheck}: the same comparison, every
 * coordinate direction, but with the numeric derivative taken at a ladder of ever smaller steps
 * (h = 10⁻³·2⁻ᵏ, k = 0 … {@value #RUNGS}, each Richardson-extrapolated) and the estimate kept where
 * the finest three neighbouring rungs agree.
 *
 * <p>GradientCheck's one step h = 10⁻³ (relative to each entry) is too coarse for an objective
 * such as {@code exp(sin(sqnorm(conv(S, K))))}: the argument of sin is in the hundreds, so a step
 * of 10⁻³ turns it by a whole radian and the extrapolation is off in the fourth digit. A smaller
 * step settles such a case. A wrong gradient (a missing factor, a transpose) matches no rung.
 * Where no three neighbouring rungs agree to {@value #UNSETTLED} the numbers cannot decide, and the
 * case is {@link Finding#UNRESOLVED} rather than failed.
 *
 * <p>Where rounding limits every rung (f = log(1 + t) with t ≈ 10⁻¹⁰ loses the digits of t in
 * 1 + t), a direction also passes when the gradient is within {@value #NOISE_FACTOR} times the
 * gap between those rungs, provided that gap is at most 1% of the derivative: noise can
 * excuse a disagreement in the fifth digit, never a wrong factor or sign.
 *
 * <p>A disagreement smaller than {@value #ROUNDING_FACTOR} times f's rounding over the step of the
 * estimate ({@link #roundingOf}) is {@link Finding#UNRESOLVED} too: a gradient of 10⁻¹⁰ under a log(1 + t)
 * whose t is lost in the 1 cannot be seen by any difference quotient.
 *
 * <p>A rung whose step turns the argument of a sin, cos or tan by more than {@value #MAX_TURN}
 * radians is not used: there the difference quotient samples the oscillation, not its slope, and
 * three such rungs can agree on a plateau that is no derivative (sin of an argument of −4·10⁷,
 * where a step of 10⁻⁶ turns it by tens of radians). When only the rungs fine enough for the
 * oscillation remain and f's rounding swamps them, the numbers cannot decide: unresolved.
 *
 * <p>Rounding noise is judged against the objective's own scale: a direction whose derivative is
 * zero in exact arithmetic, or the asymmetry of a gradient that is zero up to rounding (the
 * gradient of {@code sum(inv(S) .* S)} is S⁻¹ − S⁻¹SS⁻¹), counts as zero when it is below
 * {@value #FLOOR} times the largest of |f|, its terms and the numeric directional derivatives of
 * all the variables (GradientCheck: 10⁻⁶, per variable, and the symbolic ones count too).
 */
final class FineCheck {
    private FineCheck() {}

    static final int RUNGS = 20;
    /** -Dsoundness.debug=true prints the ladders. */
    static final boolean DEBUG = Boolean.getBoolean("soundness.debug");
    /** A ladder whose two closest rungs are further apart than this (relatively) has not settled. */
    static final double UNSETTLED = 1e-5;
    /**
     * A disagreement below this many times f's rounding (see {@link #roundingOf}) over the step of
     * the estimate is beyond what the difference quotient can see: unresolved, not failed.
     */
    static final double ROUNDING_FACTOR = 10;
    /**
     * Derivatives below this fraction of the largest one (or of |f|) are compared absolutely: the
     * symbolic gradient's own rounding (1 − tanh(t)² for a saturated tanh) is relative to its
     * terms, not to its value.
     */
    static final double FLOOR = 1e-4;
    /** A rung whose step turns an argument of sin, cos or tan by more than this (radians) aliases. */
    static final double MAX_TURN = 0.1;
    /** A disagreement within this many times the estimate's uncertainty is rounding noise … */
    static final double NOISE_FACTOR = 10;
    /** … provided that uncertainty is at most this fraction of the derivative. */
    static final double MAX_UNCERTAINTY = 1e-2;

    enum Finding {
        /** Every direction agrees with its converged finite difference. */
        AGREES,
        /** Some direction disagrees with a finite difference that converged: a wrong gradient. */
        DISAGREES,
        /**
         * No direction disagrees with a converged estimate, but in some the ladder never settles
         * (sin of an argument in the millions turns by radians at any step a double can take).
         */
        UNRESOLVED
    }

    /** The verdict of the finer comparison; a point where f cannot be evaluated along the ladder disagrees. */
    static Finding judge(Expr f, Map<Expr.Var, Expr> gradients, Bindings at) {
        try {
            return compare(f, gradients, at);
        } catch (NumericException e) {
            if (DEBUG) System.out.println("fine: " + e); return Finding.DISAGREES;
        }
    }

    private static Finding compare(Expr f, Map<Expr.Var, Expr> gradients, Bindings at) {
        Evaluator base = new Evaluator(at);
        double scale = size(f, base);
        double rounding = roundingOf(f, base);
        Oscillations oscillations = Oscillations.of(f, base);
        List<double[]> pairs = new ArrayList<>();
        List<double[]> asymmetries = new ArrayList<>();
        for (var entry : gradients.entrySet()) {
            Expr.Var x = entry.getKey();
            RealMatrix value = at.values().get(x.name());
            RealMatrix g = base.value(entry.getValue());
            int rows = value.getRowDimension(), cols = value.getColumnDimension();
            double rms = Math.sqrt(sumOfSquares(value) / ((double) rows * cols));
            for (int i = 0; i < rows; i++)
                for (int j = x.symmetric() ? i : 0; j < cols; j++) {
                    RealMatrix v = MatrixUtils.createRealMatrix(rows, cols);
                    double s = rms == 0 ? 1 : Math.max(Math.abs(value.getEntry(i, j)), 0.1 * rms);
                    if (x.symmetric() && i != j) {
                        v.setEntry(i, j, s / 2);
                        v.setEntry(j, i, s / 2);
                        asymmetries.add(new double[] {g.getEntry(i, j), g.getEntry(j, i)});
                    } else v.setEntry(i, j, s);
                    double a = 0;
                    for (int p = 0; p < rows; p++) for (int q = 0; q < cols; q++) a += g.getEntry(p, q) * v.getEntry(p, q);
                    double[] b = derivative(f, at, x.name(), value, v, rounding, oscillations);
                    pairs.add(new double[] {a, b[0], b[1], b[2]});
                    // the scale of the numbers, not of the gradient under test: a wrong gradient in the
                    // millions must not raise the floor under which everything counts as zero
                    scale = Math.max(scale, Math.abs(b[0]));
                }
        }
        double floor = Math.max(FLOOR * scale, Double.MIN_NORMAL);
        boolean unresolved = false;
        for (double[] p : pairs) {
            double error = relative(p[0], p[1], floor);
            if (DEBUG) System.out.printf("fine: symbolic %.12g numeric %.12g gap %.3g floor %.3g error %.3g%n", p[0], p[1], p[2], floor, error);
            // within the estimate's own uncertainty, when that is at most 1% of the derivative
            double uncertainty = NOISE_FACTOR * p[2];
            if (error > GradientCheck.TOLERANCE && Math.abs(p[0] - p[1]) <= uncertainty
                    && uncertainty <= MAX_UNCERTAINTY * Math.max(Math.abs(p[0]), Math.abs(p[1]))) error = 0;
            if (error <= GradientCheck.TOLERANCE) continue;
            // unsettled, or within what f's own rounding lets a difference quotient at that step see
            if (p[2] > UNSETTLED * Math.max(Math.abs(p[1]), floor) || Math.abs(p[0] - p[1]) <= p[3])
                unresolved = true;
            else {
                if (DEBUG) System.out.printf("fine: disagrees (rounding %.3g)%n", rounding);
                return Finding.DISAGREES;
            }
        }
        for (double[] p : asymmetries) if (relative(p[0], p[1], floor) > GradientCheck.TOLERANCE) { if (DEBUG) System.out.println("fine: asymmetric " + p[0] + " " + p[1]); return Finding.DISAGREES; }
        return unresolved ? Finding.UNRESOLVED : Finding.AGREES;
    }

    /**
     * The Richardson estimate, its uncertainty and the rounding noise at its step. Taken in the
     * middle of the finest three neighbouring rungs that agree to {@value #UNSETTLED} (not all
     * zero) and whose step is coarse enough for f's rounding ({@link #noise} at most
     * {@value #UNSETTLED} of the estimate); failing that, of the three that agree best. Three
     * rungs in a row must agree, so that two estimates that happen to be close do not count; the
     * finest such triple wins, as a coarse step can alias a fast oscillation into a plateau that
     * is not the derivative; and a step so fine that f's rounding dominates does not count, as a
     * quantized f gives rungs that agree, wrongly.
     */
    private static double[] derivative(Expr f, Bindings at, String name, RealMatrix x, RealMatrix v, double rounding,
                                       Oscillations oscillations) {
        double h = GradientCheck.STEP;
        double[] r = new double[RUNGS + 1];
        boolean[] aliased = new boolean[RUNGS + 1];
        double previous = central(f, at, name, x, v, h);
        for (int k = 0; k <= RUNGS; k++) {
            double half = central(f, at, name, x, v, h / 2);
            r[k] = half + (half - previous) / 3;
            aliased[k] = oscillations.turn(at, name, x, v, h) > MAX_TURN;
            previous = half;
            h /= 2;
        }
        if (DEBUG) System.out.println("fine: rungs " + java.util.Arrays.toString(r) + " aliased " + java.util.Arrays.toString(aliased));
        for (int k = RUNGS - 2; k >= 0; k--) {
            if (aliased[k]) break;  // and every coarser rung: its step is larger
            double gap = Math.max(Math.abs(r[k + 1] - r[k]), Math.abs(r[k + 2] - r[k + 1]));
            double noise = noise(rounding, k + 2);
            if (r[k + 1] != 0 && gap <= UNSETTLED * Math.abs(r[k + 1]) && noise <= UNSETTLED * Math.abs(r[k + 1]))
                return new double[] {r[k + 1], gap, noise};
        }
        int best = -1;
        double bestGap = Double.POSITIVE_INFINITY;
        for (int k = 0; k + 2 <= RUNGS; k++) {
            if (aliased[k]) continue;
            double gap = Math.max(Math.abs(r[k + 1] - r[k]), Math.abs(r[k + 2] - r[k + 1]));
            if (gap < bestGap) { bestGap = gap; best = k + 1; }
        }
        // every rung aliases: no estimate, and nothing for the gradient to disagree with
        if (best < 0) return new double[] {0, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        return new double[] {r[best], bestGap, noise(rounding, best + 1)};
    }

    /**
     * The arguments of f's sin, cos and tan nodes, and their values at the point: how far a step
     * turns them is what decides whether a rung sees the slope or samples the oscillation.
     */
    private record Oscillations(List<Expr> arguments, List<RealMatrix> at) {
        static Oscillations of(Expr f, Evaluator base) {
            List<Expr> arguments = new ArrayList<>();
            List<RealMatrix> values = new ArrayList<>();
            for (Expr e : Soundness.nodes(f))
                if (e instanceof Expr.Node n && (n.op() == Op.SIN || n.op() == Op.COS || n.op() == Op.TAN)) {
                    arguments.add(n.arg(0));
                    values.add(base.value(n.arg(0)));
                }
            return new Oscillations(arguments, values);
        }

        /** The largest change of any argument, entry by entry, over a step h along v. */
        double turn(Bindings point, String name, RealMatrix x, RealMatrix v, double h) {
            if (arguments.isEmpty()) return 0;
            Evaluator moved = new Evaluator(point.with(name, x.add(v.scalarMultiply(h))));
            double turn = 0;
            for (int a = 0; a < arguments.size(); a++) {
                RealMatrix after = moved.value(arguments.get(a)), before = at.get(a);
                for (int i = 0; i < after.getRowDimension(); i++)
                    for (int j = 0; j < after.getColumnDimension(); j++)
                        turn = Math.max(turn, Math.abs(after.getEntry(i, j) - before.getEntry(i, j)));
            }
            return turn;
        }
    }

    /** How far the estimate of rung k can be off from f's rounding alone. */
    private static double noise(double rounding, int k) { return ROUNDING_FACTOR * rounding / step(k); }

    /** The smaller of the two steps rung k extrapolates from. */
    private static double step(int k) { return GradientCheck.STEP / Math.pow(2, k + 1); }

    /**
     * About how far f's computed value can be off: a unit roundoff of the largest value any node
     * of f takes at the point. In log(1 + t) with t ≈ 10⁻¹⁰, t's digits are lost in 1 + t: f is
     * off by 10⁻¹⁶ whatever its own size, and a difference quotient with step h is off by about
     * 10⁻¹⁶/h, the same at every rung once f is quantized (so the rungs agree, wrongly).
     */
    private static double roundingOf(Expr f, Evaluator base) {
        double largest = 0;
        for (Expr e : Soundness.nodes(f)) {
            RealMatrix v = base.value(e);
            for (int i = 0; i < v.getRowDimension(); i++)
                for (int j = 0; j < v.getColumnDimension(); j++) largest = Math.max(largest, Math.abs(v.getEntry(i, j)));
        }
        return Math.ulp(1.0) * largest;
    }

    private static double central(Expr f, Bindings at, String name, RealMatrix x, RealMatrix v, double h) {
        double plus = new Evaluator(at.with(name, x.add(v.scalarMultiply(h)))).scalar(f);
        double minus = new Evaluator(at.with(name, x.subtract(v.scalarMultiply(h)))).scalar(f);
        return (plus - minus) / (2 * h);
    }

    private static double size(Expr f, Evaluator base) {
        Expr e = f;
        while (e instanceof Expr.Named n) e = n.body();
        double size = Math.abs(base.scalar(f));
        if (e instanceof Expr.Node n && n.op() == Op.ADD)
            for (Expr t : n.args()) size = Math.max(size, Math.abs(base.scalar(t)));
        return size;
    }

    private static double sumOfSquares(RealMatrix m) {
        double s = 0;
        for (int i = 0; i < m.getRowDimension(); i++)
            for (int j = 0; j < m.getColumnDimension(); j++) s += m.getEntry(i, j) * m.getEntry(i, j);
        return s;
    }

    private static double relative(double a, double b, double floor) {
        double diff = Math.abs(a - b);
        return diff == 0 ? 0 : diff / Math.max(Math.max(Math.abs(a), Math.abs(b)), floor);
    }
}
