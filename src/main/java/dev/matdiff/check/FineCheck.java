package dev.matdiff.check;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Evaluator;
import dev.matdiff.numeric.NumericException;

import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The second opinion when {@link GradientCheck}'s one step disagrees with a gradient: the same
 * directions, with the numeric derivative taken at a ladder of ever smaller steps
 * (h = 10⁻³·2⁻ᵏ, k = 0 … {@value #RUNGS}, each Richardson-extrapolated) and the estimate kept where
 * the finest three neighbouring rungs agree. It decides between three findings: the gradient
 * {@link Finding#AGREES} with a settled estimate, {@link Finding#DISAGREES} with one, or the
 * differences cannot decide ({@link Finding#UNRESOLVED}).
 *
 * <p>One step h = 10⁻³ (relative to each entry) is too coarse for an objective such as
 * {@code sum(tan(30*x))} near a pole of tan, or {@code exp(sin(sqnorm(conv(S, K))))} whose sin
 * turns by a whole radian over the step: the extrapolation is off in the fourth digit. A smaller
 * step settles such a case. A wrong gradient (a missing factor, a transpose) matches no rung.
 * Where no three neighbouring rungs agree to {@value #UNSETTLED} the numbers cannot decide.
 *
 * <p>Where rounding limits every rung (f = log(1 + t) with t ≈ 10⁻¹⁰ loses the digits of t in
 * 1 + t), a direction also agrees when the gradient is within {@value #NOISE_FACTOR} times the
 * gap between those rungs, provided that gap is at most 1% of the derivative: noise can excuse a
 * disagreement in the fifth digit, never a wrong factor or sign. A disagreement smaller than
 * {@value #ROUNDING_FACTOR} times f's rounding over the step of the estimate ({@link #roundingOf})
 * is unresolved too: a gradient of 10⁻¹⁰ under a log(1 + t) whose t is lost in the 1 cannot be
 * seen by any difference quotient.
 *
 * <p>A rung whose step turns the argument of a sin, cos or tan by more than {@value #MAX_TURN}
 * radians is not used: there the difference quotient samples the oscillation, not its slope, and
 * three such rungs can agree on a plateau that is no derivative. When only the rungs fine enough
 * for the oscillation remain and f's rounding swamps them, the numbers cannot decide.
 *
 * <p>Rounding noise is judged against the objective's own scale: a direction whose derivative is
 * zero in exact arithmetic, or the asymmetry of a gradient that is zero up to rounding, counts as
 * zero when it is below {@value #FLOOR} times the largest of |f|, its terms and the numeric
 * directional derivatives.
 */
public final class FineCheck {
    private FineCheck() {}

    static final int RUNGS = 20;
    /** -Dmatdiff.check.debug=true (or the soundness tests' -Dsoundness.debug=true) prints the ladders. */
    public static final boolean DEBUG = Boolean.getBoolean("matdiff.check.debug") || Boolean.getBoolean("soundness.debug");
    /** A ladder whose two closest rungs are further apart than this (relatively) has not settled. */
    static final double UNSETTLED = 1e-5;
    /** A disagreement below this many times f's rounding over the step of the estimate is beyond what a difference quotient can see. */
    static final double ROUNDING_FACTOR = 10;
    /**
     * Derivatives below this fraction of the largest one (or of |f|) are compared absolutely: the
     * symbolic gradient's own rounding (1 − tanh(t)² for a saturated tanh) is relative to its
     * terms, not to its value.
     */
    public static final double FLOOR = 1e-4;
    /** A rung whose step turns an argument of sin, cos or tan by more than this (radians) aliases. */
    static final double MAX_TURN = 0.1;
    /** A disagreement within this many times the estimate's uncertainty is rounding noise … */
    static final double NOISE_FACTOR = 10;
    /** … provided that uncertainty is at most this fraction of the derivative. */
    static final double MAX_UNCERTAINTY = 1e-2;

    public enum Finding {
        /** Every direction agrees with its settled finite difference. */
        AGREES,
        /** Some direction disagrees with a finite difference that settled: a wrong gradient. */
        DISAGREES,
        /** No direction disagrees with a settled estimate, but in some the ladder never settles. */
        UNRESOLVED
    }

    /**
     * A direction to compare along.
     *
     * @param variable the variable (or variables, "x, W") it moves, for reports
     * @param label    "entry (2, 1)", "random direction 3" …
     * @param moves    how far each variable moves per unit step
     * @param symbolic the gradient's directional derivative, Σ ⟨G_X, V_X⟩
     * @param unit     what a report divides the derivatives by: a coordinate's scale, so that it shows
     *                 the gradient's entry; 1 for a random direction, whose derivative is shown as it is
     */
    public record Direction(String variable, String label, Map<String, RealMatrix> moves, double symbolic, double unit) {
        public Direction(String variable, String label, Map<String, RealMatrix> moves, double symbolic) {
            this(variable, label, moves, symbolic, 1);
        }
    }

    /** G_ij and G_ji of a symmetric variable's gradient, which must agree; scale is the largest |G| entry. */
    public record Asymmetry(String variable, String label, double upper, double lower, double scale) {}

    /**
     * What the ladder found.
     *
     * @param worst    the direction the finding is about (the worst disagreement, else the worst
     *                 unsettled direction, else the largest error); null when there was none
     * @param numeric  the settled estimate along it (NaN if nothing settled)
     * @param error    |symbolic − numeric| relative to max(|symbolic|, |numeric|, floor)
     * @param floor    {@value #FLOOR} times the scale of f and its derivatives
     * @param smallest the smallest step the ladder took
     * @param kink     why the unresolved direction cannot be decided when it is a kink ({@link Kinks}), else null
     * @param jump     whether that kink was reached by a difference that did not settle (sign's jump), not averaged across
     */
    public record Judgement(Finding finding, Direction worst, double numeric, double error, double floor, double smallest,
                            Asymmetry asymmetric, String kink, boolean jump) {}

    /**
     * Judges each direction; a point where f cannot be evaluated along the ladder throws
     * NumericException (the caller decides what that means).
     */
    public static Judgement judge(Expr f, Bindings at, List<Direction> directions, List<Asymmetry> asymmetries) {
        return judge(f, at, directions, asymmetries, 0);
    }

    /**
     * The same for some of a check's directions: {@code atLeast} is the scale of the numeric
     * derivatives along the others, so that judging only the few that disagreed does not lower the
     * floor under which a derivative counts as zero.
     */
    static Judgement judge(Expr f, Bindings at, List<Direction> directions, List<Asymmetry> asymmetries, double atLeast) {
        Evaluator base = new Evaluator(at);
        double scale = Math.max(size(f, base), atLeast);
        double rounding = roundingOf(f, base);  // the largest value's unit roundoff; what cancels is added per direction
        Oscillations oscillations = Oscillations.of(f, base);
        List<double[]> estimates = new ArrayList<>();
        for (Direction d : directions) {
            double[] b = derivative(f, at, d.moves(), Math.max(rounding, roundingAlong(f, base, at, d.moves())), oscillations);
            estimates.add(b);
            // the scale of the numbers, not of the gradient under test: a wrong gradient in the
            // millions must not raise the floor under which everything counts as zero
            if (Double.isFinite(b[0])) scale = Math.max(scale, Math.abs(b[0]));
        }
        double floor = Math.max(FLOOR * scale, Double.MIN_NORMAL);
        Kinks kinks = null;
        String unsettledKink = null;
        boolean unsettledJump = false;
        Direction disagreeing = null, unsettled = null, largest = null;
        double disagreeingError = -1, unsettledError = -1, largestError = -1;
        double[] disagreeingEstimate = null, unsettledEstimate = null, largestEstimate = null;
        for (int k = 0; k < directions.size(); k++) {
            Direction d = directions.get(k);
            double a = d.symbolic();
            double[] p = estimates.get(k);
            double error = relative(a, p[0], floor);
            if (DEBUG) System.out.printf("fine: %s %s symbolic %.12g numeric %.12g gap %.3g floor %.3g error %.3g%n",
                    d.variable(), d.label(), a, p[0], p[1], floor, error);
            // within the estimate's own uncertainty, when that is at most 1% of the derivative
            double uncertainty = NOISE_FACTOR * p[1];
            if (error > GradientCheck.TOLERANCE && Math.abs(a - p[0]) <= uncertainty
                    && uncertainty <= MAX_UNCERTAINTY * Math.max(Math.abs(a), Math.abs(p[0]))) error = 0;
            if (error > largestError) { largestError = error; largest = d; largestEstimate = p; }
            if (error <= GradientCheck.TOLERANCE) continue;
            // unsettled, or within what f's own rounding lets a difference quotient at that step see
            boolean undecided = !(p[1] <= UNSETTLED * Math.max(Math.abs(p[0]), floor)) || Math.abs(a - p[0]) <= p[2];
            // or settled across a kink, on the average of the one-sided slopes; unsettled across one (sign's jump), named too
            boolean unsettledHere = undecided;
            if (kinks == null) kinks = Kinks.of(f, at);
            String kink = kinks.reached(at, d.moves(), GradientCheck.STEP);
            undecided |= kink != null;
            if (undecided) {
                if (error > unsettledError) {
                    unsettledError = error; unsettled = d; unsettledEstimate = p; unsettledKink = kink; unsettledJump = unsettledHere && kink != null;
                }
            } else if (error > disagreeingError) {
                disagreeingError = error; disagreeing = d; disagreeingEstimate = p;
            }
        }
        double smallest = step(GradientCheck.STEP, RUNGS);
        for (double[] p : estimates) smallest = Math.min(smallest, p[3]);
        if (disagreeing != null) return new Judgement(Finding.DISAGREES, disagreeing, disagreeingEstimate[0], disagreeingError, floor, smallest, null, null, false);
        for (Asymmetry s : asymmetries)
            if (relative(s.upper(), s.lower(), floor) > GradientCheck.TOLERANCE)
                return new Judgement(Finding.DISAGREES, null, Double.NaN, relative(s.upper(), s.lower(), floor), floor, smallest, s, null, false);
        if (unsettled != null) return new Judgement(Finding.UNRESOLVED, unsettled, unsettledEstimate[0], unsettledError, floor, smallest, null, unsettledKink, unsettledJump);
        return new Judgement(Finding.AGREES, largest, largest == null ? Double.NaN : largestEstimate[0], Math.max(largestError, 0),
                floor, smallest, null, null, false);
    }

    /**
     * The Richardson estimate, its uncertainty, the rounding noise at its step and the ladder's
     * smallest step (from {@link GradientCheck#STEP}, or a smaller top that {@link DomainStep} fits
     * inside f's domain). Taken in the middle of the finest three neighbouring rungs that agree to
     * {@value #UNSETTLED} (not all zero) and whose step is coarse enough for f's rounding ({@link #noise} at most
     * {@value #UNSETTLED} of the estimate); failing that, of the three that agree best. Three
     * rungs in a row must agree, so that two estimates that happen to be close do not count; the
     * finest such triple wins, as a coarse step can alias a fast oscillation into a plateau that
     * is not the derivative; and a step so fine that f's rounding dominates does not count, as a
     * quantized f gives rungs that agree, wrongly.
     */
    private static double[] derivative(Expr f, Bindings at, Map<String, RealMatrix> v, double rounding, Oscillations oscillations) {
        double h = GradientCheck.STEP, previous;
        try {
            previous = Nearby.central(f, at, v, h);
        } catch (NumericException e) {
            // nearer the edge of f's domain than the step: the ladder starts at a step that fits inside it
            h = DomainStep.fitted(f, at, v);
            previous = Nearby.central(f, at, v, h);
        }
        double top = h;
        double[] r = new double[RUNGS + 1];
        boolean[] aliased = new boolean[RUNGS + 1];
        for (int k = 0; k <= RUNGS; k++) {
            double half = Nearby.central(f, at, v, h / 2);
            r[k] = half + (half - previous) / 3;
            aliased[k] = oscillations.turn(at, v, h) > MAX_TURN;
            previous = half;
            h /= 2;
        }
        if (DEBUG) System.out.println("fine: rungs " + java.util.Arrays.toString(r) + " aliased " + java.util.Arrays.toString(aliased));
        for (int k = RUNGS - 2; k >= 0; k--) {
            if (aliased[k]) break;  // and every coarser rung: its step is larger
            double gap = Math.max(Math.abs(r[k + 1] - r[k]), Math.abs(r[k + 2] - r[k + 1]));
            double noise = noise(rounding, top, k + 2);
            if (r[k + 1] != 0 && gap <= UNSETTLED * Math.abs(r[k + 1]) && noise <= UNSETTLED * Math.abs(r[k + 1]))
                return new double[] {r[k + 1], gap, noise, step(top, RUNGS)};
        }
        int best = -1;
        double bestGap = Double.POSITIVE_INFINITY;
        for (int k = 0; k + 2 <= RUNGS; k++) {
            if (aliased[k]) continue;
            double gap = Math.max(Math.abs(r[k + 1] - r[k]), Math.abs(r[k + 2] - r[k + 1]));
            if (gap < bestGap) { bestGap = gap; best = k + 1; }
        }
        // every rung aliases: no estimate, and nothing for the gradient to disagree with
        if (best < 0) return new double[] {0, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, step(top, RUNGS)};
        return new double[] {r[best], bestGap, noise(rounding, top, best + 1), step(top, RUNGS)};
    }

    /**
     * The arguments of f's sin, cos and tan nodes, and their values at the point: how far a step
     * turns them is what decides whether a rung sees the slope or samples the oscillation.
     */
    private record Oscillations(List<Expr> arguments, List<RealMatrix> at, boolean unresolvable) {
        /** An argument whose rounding alone turns it by this much (beyond about 10¹⁵) has lost its phase: sin of it is noise. */
        static final double LOST_PHASE = 0.1;

        static Oscillations of(Expr f, Evaluator base) {
            List<Expr> arguments = new ArrayList<>();
            List<RealMatrix> values = new ArrayList<>();
            boolean unresolvable = false;
            for (Expr e : Dag.postOrder(f))
                if (e instanceof Expr.Node n && (n.op() == Op.SIN || n.op() == Op.COS || n.op() == Op.TAN)) {
                    arguments.add(n.arg(0));
                    RealMatrix value = base.value(n.arg(0));
                    values.add(value);
                    for (double[] row : value.getData())
                        for (double x : row) unresolvable |= !(Math.ulp(x) < LOST_PHASE);
                }
            return new Oscillations(arguments, values, unresolvable);
        }

        /** The largest change of any argument, entry by entry, over a step h along v; infinite when an argument has lost its phase. */
        double turn(Bindings point, Map<String, RealMatrix> v, double h) {
            if (arguments.isEmpty()) return 0;
            if (unresolvable) return Double.POSITIVE_INFINITY;
            Evaluator moved = new Evaluator(Nearby.moved(point, v, h));
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

    /** How far the estimate of rung k of a ladder from {@code top} can be off from f's rounding alone. */
    private static double noise(double rounding, double top, int k) { return ROUNDING_FACTOR * rounding / step(top, k); }

    /** The smaller of the two steps rung k of a ladder from {@code top} extrapolates from. */
    private static double step(double top, int k) { return top / Math.pow(2, k + 1); }

    /**
     * About how far f's computed value can be off: a unit roundoff of the largest value any node
     * of f takes at the point. In log(1 + t) with t ≈ 10⁻¹⁰, t's digits are lost in 1 + t: f is
     * off by 10⁻¹⁶ whatever its own size, and a difference quotient with step h is off by about
     * 10⁻¹⁶/h, the same at every rung once f is quantized (so the rungs agree, wrongly).
     */
    static double roundingOf(Expr f, Evaluator base) {
        double largest = 0;
        for (Expr e : Dag.postOrder(f)) {
            RealMatrix v = base.value(e);
            for (int i = 0; i < v.getRowDimension(); i++)
                for (int j = 0; j < v.getColumnDimension(); j++) largest = Math.max(largest, Math.abs(v.getEntry(i, j)));
        }
        return Math.ulp(1.0) * largest;
    }

    /**
     * What f's cancelling sums and magnifying logs add to its rounding along v ({@link RoundingError}), less the entries a
     * long step along v leaves unchanged bit for bit (they do not depend on v, and their error cancels in a difference);
     * where that step leaves f's domain, every entry counts.
     */
    private static double roundingAlong(Expr f, Evaluator base, Bindings at, Map<String, RealMatrix> v) {
        double largest = 0;
        for (RealMatrix m : v.values()) largest = Math.max(largest, dev.matdiff.linalg.Matrices.maxAbs(m));
        // each entry moved by at most INDEPENDENCE_STEP, shorter where that leaves f's domain
        for (double h = INDEPENDENCE_STEP / Math.max(largest, Double.MIN_NORMAL), tries = 0; tries < 4; h /= 4, tries++) {
            try {
                return RoundingError.of(f, base, new Evaluator(Nearby.moved(at, v, h)), new Evaluator(Nearby.moved(at, v, -h)));
            } catch (NumericException e) {
                // nearer the edge of f's domain than the step
            }
        }
        return RoundingError.of(f, base);
    }

    /** How far a direction moves its largest entry to see which of f's entries depend on it: long enough to move one on a
     *  rounding plateau (1 + tanh(z) near z = −18 moves by an ulp over 0.1). */
    static final double INDEPENDENCE_STEP = 0.5;



    /**
     * The size of f that its rounding error is relative to: |f|, or the largest of its terms when
     * f is a sum (in f = g − h with g ≈ h, evaluating f loses digits relative to g, not to f), read
     * through sum(·), tr(·) and negation, a matrix term counting the sum of its entries' sizes: in
     * f = sum(X − mean(X)·1), identically 0, the rounding is that of sum(X), and a gradient of exactly
     * 0 against a difference of 1e-12 is agreement, not a question; through a scalar multiple or
     * quotient too (sum(X − mean(X)·1)/n).
     */
    static double size(Expr f, Evaluator base) {
        return Math.max(Math.abs(base.scalar(f)), termsSize(f, base, false, TERMS_DEPTH));
    }

    /**
     * How many sums, scalings and names deep the largest term is looked for: each level evaluates its terms, so a chain of
     * 10,000 definitions h_i = h_{i-1} + x read to the end took quadratic time (5 s of a derive's self-check).
     */
    static final int TERMS_DEPTH = 32;

    /** The largest term's size, its entries' under sum(·), its diagonal's under tr(·) (where the rest is not added). */
    private static double termsSize(Expr f, Evaluator base, boolean diagonal, int depth) {
        Expr e = Exprs.unnamed(f);
        if (!(e instanceof Expr.Node n) || depth == 0) return 0;
        switch (n.op()) {
            // a sum of entries rounds relative to their absolute sum: sum(u*x') with sum(u) = 0 is 0 up to ε·Σ|u_i x_j|
            // and so do a matrix's row or column sums, each as its entries: mean(C, 2) of a centred C is 0 up to ε·Σ|C_ij|
            case SUM, SUM_ROWS, SUM_COLUMNS:
                return Math.max(absoluteSum(n.arg(0), base, false), termsSize(n.arg(0), base, false, depth - 1));
            case TR:
                return Math.max(absoluteSum(n.arg(0), base, true), termsSize(n.arg(0), base, true, depth - 1));
            case NEG:
                return termsSize(n.arg(0), base, diagonal, depth - 1);
            // a scalar multiple or quotient of a sum rounds as that sum does, scaled: sum(x − mean(x)·1)/n
            case SCALE:
                return Math.abs(base.scalar(n.arg(0))) * termsSize(n.arg(1), base, diagonal, depth - 1);
            case DIV: {
                double by = Math.abs(base.scalar(n.arg(1)));
                return by == 0 ? 0 : termsSize(n.arg(0), base, diagonal, depth - 1) / by;
            }
            case ADD: {
                double size = 0;
                for (Expr t : n.args()) size = Math.max(size, Math.max(absoluteSum(t, base, diagonal), termsSize(t, base, diagonal, depth - 1)));
                return size;
            }
            default:
                return 0;
        }
    }

    /** Σ|e_ij| over e's value, or over its diagonal. */
    private static double absoluteSum(Expr e, Evaluator base, boolean diagonal) {
        double[][] v = base.value(e).getData();
        double entries = 0;
        for (int i = 0; i < v.length; i++)
            for (int j = 0; j < v[i].length; j++) if (!diagonal || i == j) entries += Math.abs(v[i][j]);
        return entries;
    }

    static double relative(double a, double b, double floor) {
        double diff = Math.abs(a - b);
        return diff == 0 ? 0 : diff / Math.max(Math.max(Math.abs(a), Math.abs(b)), floor);
    }
}
