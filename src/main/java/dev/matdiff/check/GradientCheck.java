package dev.matdiff.check;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.linalg.Matrices;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Evaluator;
import dev.matdiff.numeric.NumericException;

import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Compares symbolic gradients with finite differences of the objective.
 *
 * <p>For each variable X with gradient G it compares, direction by direction, the symbolic
 * directional derivative a = ⟨G, V⟩ (Frobenius) with a numeric one b. Directions are the
 * coordinate directions when X has at most {@value #MAX_COORDINATE_ENTRIES} entries, otherwise
 * {@link Options#randomDirections} random ±1 patterns. Each direction is scaled entry by entry to
 * X (V_ij carries max(|x_ij|, 0.1·rms(X))), so a step is a relative change of every entry it
 * touches and stays inside the domain of log, sqrt or inv; an entry nearer the edge of the domain
 * than that (1e-9 under log) gets the smaller step {@link DomainStep} fits inside it. A symmetric X gets symmetric directions
 * only ((E_ij + E_ji)/2 for the coordinates), as its gradient lives in the symmetric matrices;
 * there the gradient must itself be symmetric, and its asymmetry counts as an error too. Past
 * {@value JointDirections#MAX_DIRECTIONS} directions in all, {@link JointDirections} moves blocks
 * of variables together, so that thousands of small variables do not take minutes.
 *
 * <p>The numeric derivative is a central difference with Richardson extrapolation,
 * b = (4·D(h/2) − D(h))/3 with D(h) = (f(X+hV) − f(X−hV))/2h and h = {@value #STEP}: its truncation
 * error is O(h⁴) ≈ 1e-12 and its rounding error about 3·ε·|f|/h ≈ 1e-12·|f|, so on smooth functions
 * with well-conditioned data a and b agree to 1e-9 or better.
 *
 * <p>The error of a direction is |a − b| / max(|a|, |b|, floor), with floor =
 * {@value #FLOOR}·max(|f(X)|, the largest |a| or |b| over X's directions) (for an f that is a sum,
 * |f(X)| is replaced by its largest term, as that is what its rounding error is relative to): a
 * direction whose true derivative is 0 (b is then pure rounding noise, ~1e-12·|f|) is not a
 * failure, while anything a millionth of the function's or the gradient's scale is still compared
 * relatively. The check
 * passes when every error is at most {@value #TOLERANCE}: four orders of magnitude above the noise,
 * and far below what a wrong transpose or a missing factor of 2 (an error of 1/3 or more) gives.
 *
 * <p>One step cannot follow every function: near a pole of tan, or where exp(exp(…)) is steep,
 * h = 10⁻³ is too coarse and a right gradient fails. {@link #verify} (what {@code check} and the
 * self-check use) therefore does not stop at a failure: it asks {@link FineCheck} for a ladder of
 * ever smaller steps along the same directions, with a model of f's rounding, and fails the
 * gradient only when a settled estimate disagrees with it. When no estimate settles, or the one
 * that does crosses a kink of relu, abs, sign, norm1 or norm ({@link Kinks}), the verdict is
 * {@link Verdict#INCONCLUSIVE}, never a failure.
 *
 * <p>A report shows, along an entry, both derivatives divided by the step's scale: the gradient's
 * entry, as eval prints it, and the difference's estimate of it.
 */
public final class GradientCheck {
    private GradientCheck() {}

    public static final double TOLERANCE = 1e-5;
    /** The tolerance as help text writes it (an annotation takes a constant string). */
    public static final String TOLERANCE_TEXT = "1e-5";
    public static final double FLOOR = 1e-6;
    public static final double STEP = 1e-3;
    public static final int MAX_COORDINATE_ENTRIES = 64;

    public record Options(double tolerance, int randomDirections, long seed) {
        public static final Options DEFAULT = new Options(TOLERANCE, 8, 1);
    }

    /** What a comparison concluded. */
    public enum Verdict {
        /** Every direction agrees. */
        PASSED,
        /** The one-step difference disagrees, but the finer ladder cannot decide either way: nothing shown wrong. */
        INCONCLUSIVE,
        /** A direction disagrees (with a settled ladder, when {@link #verify} refined it). */
        FAILED
    }

    /**
     * @param verdict    passed, failed, or (after {@link #verify} refined a failure) inconclusive
     * @param worstError the largest relative error over all variables and directions
     * @param variable   where it was (null when nothing was compared)
     * @param direction  "entry (2, 1)", "entries (1, 2) and (2, 1)", "random direction 3, scaled to X's entries" or "symmetry …"
     * @param symbolic   for an entry, the gradient's entry there (⟨G, V⟩ over the step's scale), as eval prints it; along a
     *                   random direction V (scaled to X's entries), ⟨G, V⟩; for "symmetry": G_ij
     * @param numeric    the finite-difference estimate (for "symmetry": G_ji)
     * @param relativeTo what the error is relative to: max(|symbolic|, |numeric|), or the floor when both are below it
     * @param floor      the size below which a derivative counts as zero: {@code floorFraction} of the scale of f and its derivatives
     * @param errors     the worst error of each variable
     * @param directions how many directions were compared in all
     * @param refined    how the finer ladder of steps was used ("" when one step decided)
     */
    public record Result(Verdict verdict, double worstError, double tolerance, String variable, String direction,
                         double symbolic, double numeric, double relativeTo, double floorFraction,
                         Map<String, Double> errors, int directions, String refined) {

        public boolean passed() { return verdict == Verdict.PASSED; }

        public boolean failed() { return verdict == Verdict.FAILED; }

        /** The same result, its line saying {@code more} after what it says of how the steps were used. */
        public Result saying(String more) {
            return new Result(verdict, worstError, tolerance, variable, direction, symbolic, numeric, relativeTo, floorFraction, errors,
                    directions, refined.isEmpty() ? more : refined + "; " + more);
        }

        /** Whether the worst relative error printed is above the tolerance: failed, or inconclusive where it could not settle. */
        public boolean aboveTolerance() { return worstError > tolerance; }

        /** The result to report of two: a failure, else an inconclusive one, else the larger error (a may be null). */
        public static Result worse(Result a, Result b) {
            if (a == null) return b;
            if (a.verdict() != b.verdict()) return a.verdict().ordinal() > b.verdict().ordinal() ? a : b;
            return b.worstError() > a.worstError() ? b : a;
        }

        /** Nothing compared at a point where the gradient or every difference along {@code variable} has no value: why, in {@code refined}. */
        public static Result undecided(String variable, String why) {
            return new Result(Verdict.INCONCLUSIVE, Double.NaN, TOLERANCE, variable, "", Double.NaN, Double.NaN, Double.NaN, FLOOR,
                    Map.of(), 0, why);
        }

        public String summary() {
            if (variable == null) return "nothing to compare";
            if (Double.isNaN(worstError)) return "nothing compared for " + variable + ": " + refined + ": inconclusive";
            String basis = !(relativeTo > Math.max(Math.abs(symbolic), Math.abs(numeric))) ? "relative to the larger of the two"
                    : String.format("relative to %.1e, %s of the scale of f and its derivatives, as both are smaller", relativeTo,
                            floorFraction == FLOOR ? "a millionth" : floorFraction == FineCheck.FLOOR ? "a ten-thousandth" : floorFraction);
            String numbers = Double.isNaN(numeric) ? String.format("symbolic %.10g, no settled numeric estimate", symbolic)
                    : String.format("symbolic %.10g, numeric %.10g; %s", symbolic, numeric, basis);
            String head = String.format("worst relative error %.2e at %s, %s (%s)", worstError, variable, direction, numbers);
            // a floor this small only where f and every derivative were 0 at that point, or below about 1e-294
            boolean onlyZeros = relativeTo > Math.max(Math.abs(symbolic), Math.abs(numeric)) && relativeTo < 1e-300;
            String tail = switch (verdict) {
                case PASSED -> String.format("passed (tolerance %.0e)", tolerance)
                        + (onlyZeros ? ", but f and its derivatives were 0 (below 1e-294) at that point, where it compared zeros (other --dims or data may compare more)" : "");
                case FAILED -> String.format("FAILED (tolerance %.0e)", tolerance);
                case INCONCLUSIVE -> "inconclusive: finite differences cannot decide here";
            };
            return head + (refined.isEmpty() ? "" : "; " + refined) + ": " + tail;
        }
    }

    public static Result check(Expr f, Map<Expr.Var, Expr> gradients, Bindings at) {
        return check(f, gradients, at, Options.DEFAULT);
    }

    /**
     * f without the terms of its sum that none of the variables reach: they leave the gradient as it is, but a large one
     * rounds f's differences at its size, under which the derivatives were then "compared" (x'x + 1e12·sum(exp(y)) passed
     * in x with symbolic −0.87 against numeric 0.38; hostile trial). Differenced without it, a wrong gradient fails.
     */
    static Expr varyingPart(Expr f, Set<Expr.Var> variables) {
        Expr body = Exprs.unnamed(f);
        if (!Exprs.is(body, Op.ADD)) return f;
        Set<String> names = new HashSet<>();
        for (Expr.Var v : variables) names.add(v.name());
        List<Expr> kept = body.children().stream().filter(t -> Dag.any(t, x -> x instanceof Expr.Var v && names.contains(v.name()))).toList();
        return kept.isEmpty() || kept.size() == body.children().size() ? f : Exprs.add(kept);
    }

    /** One Richardson-extrapolated step per direction: passed or failed. */
    public static Result check(Expr objective, Map<Expr.Var, Expr> gradients, Bindings at, Options options) {
        Expr f = varyingPart(objective, gradients.keySet());
        Directions dirs = Directions.of(f, gradients, at, options);
        Result first = compare(f, at, dirs, options.tolerance()).result();
        if (!dirs.joint() || first.passed()) return first;
        return JointDirections.localize(f, gradients, at, dirs.all(), dirs.gradients(), first, one -> check(f, one, at, options));
    }

    /**
     * {@link #check}, and when it fails, the finer ladder of {@link FineCheck} along the same
     * directions: a gradient fails only when a settled finite difference disagrees with it, and
     * the verdict is inconclusive when none settles. A point where f cannot be evaluated along the
     * ladder is inconclusive too.
     */
    public static Result verify(Expr objective, Map<Expr.Var, Expr> gradients, Bindings at, Options options) {
        Expr f = varyingPart(objective, gradients.keySet());
        Directions dirs = Directions.of(f, gradients, at, options);
        Compared first = compare(f, at, dirs, options.tolerance());
        // the ladder costs ~44 evaluations a direction: only those that disagreed take it (all 1,800 of a 200-layer
        // network's took 40 s, where one step had settled all but a few)
        Result refined = refine(f, gradients, at, first.failing(), dirs.asymmetries(), first.numericScale(), first.result());
        if (!dirs.joint() || !refined.failed()) return refined;
        return JointDirections.localize(f, gradients, at, dirs.all(), dirs.gradients(), refined, one -> verify(f, one, at, options));
    }

    /**
     * A cheap check for every derivation: a few random directions that move all the variables at
     * once, so its cost does not grow with the number of variables or entries. One step.
     */
    public static Result quick(Expr objective, Map<Expr.Var, Expr> gradients, Bindings at, int directions, long seed) {
        Expr f = varyingPart(objective, gradients.keySet());
        return compare(f, at, Directions.quick(f, gradients, at, directions, seed), TOLERANCE).result();
    }

    /** {@link #quick}, refined as {@link #verify} refines {@link #check}. */
    public static Result quickVerify(Expr objective, Map<Expr.Var, Expr> gradients, Bindings at, int directions, long seed) {
        Expr f = varyingPart(objective, gradients.keySet());
        Directions dirs = Directions.quick(f, gradients, at, directions, seed);
        return refine(f, gradients, at, dirs.all(), dirs.asymmetries(), 0, compare(f, at, dirs, TOLERANCE).result());
    }

    /**
     * The directions to compare along, grouped for the floor: each group's floor is
     * {@value #FLOOR} of the largest of |f| and the directional derivatives in it. {@code joint}:
     * past {@link JointDirections#MAX_DIRECTIONS} they move blocks of variables together.
     */
    private record Directions(List<List<FineCheck.Direction>> groups, List<FineCheck.Asymmetry> asymmetries,
                              Map<String, RealMatrix> gradients, boolean joint) {

        static Directions of(Expr f, Map<Expr.Var, Expr> gradients, Bindings at, Options options) {
            Evaluator base = new Evaluator(at);
            base.scalar(f);  // f first: where f itself is undefined, that is what to report
            Random random = new Random(options.seed());
            Map<String, RealMatrix> g = new LinkedHashMap<>();
            List<FineCheck.Asymmetry> asymmetries = new ArrayList<>();
            int count = 0;
            for (var entry : gradients.entrySet()) {
                Expr.Var x = entry.getKey();
                RealMatrix value = value(at, x), gx = gradientValue(base, x, entry.getValue(), value);
                g.put(x.name(), gx);
                if (x.symmetric()) asymmetries.addAll(GradientCheck.asymmetries(gx, x.name()));
                count += VariableDirections.count(x, value, options.randomDirections());
            }
            if (count > JointDirections.MAX_DIRECTIONS)
                return new Directions(JointDirections.groups(gradients.keySet(), at, g, options.randomDirections(), random), asymmetries, g, true);
            List<List<FineCheck.Direction>> groups = new ArrayList<>();
            for (Expr.Var x : gradients.keySet()) {
                List<FineCheck.Direction> group = new ArrayList<>();
                for (VariableDirections.Direction d : VariableDirections.of(x, value(at, x), options.randomDirections(), random))
                    group.add(new FineCheck.Direction(x.name(), d.label(), Map.of(x.name(), d.v()), inner(g.get(x.name()), d.v()), d.unit()));
                groups.add(group);
            }
            return new Directions(groups, asymmetries, g, false);
        }

        static Directions quick(Expr f, Map<Expr.Var, Expr> gradients, Bindings at, int count, long seed) {
            Evaluator base = new Evaluator(at);
            base.scalar(f);  // f first: where f itself is undefined, that is what to report
            Random random = new Random(seed);
            Map<String, RealMatrix> g = new LinkedHashMap<>();
            List<FineCheck.Asymmetry> asymmetries = new ArrayList<>();
            for (var entry : gradients.entrySet()) {
                Expr.Var x = entry.getKey();
                RealMatrix gx = gradientValue(base, x, entry.getValue(), value(at, x));
                g.put(x.name(), gx);
                if (x.symmetric()) asymmetries.addAll(GradientCheck.asymmetries(gx, x.name()));
            }
            List<FineCheck.Direction> group = new ArrayList<>();
            for (int k = 1; k <= count; k++) {
                Map<String, RealMatrix> v = new LinkedHashMap<>();
                double a = 0;
                for (Expr.Var x : gradients.keySet()) {
                    RealMatrix dir = VariableDirections.random(x, value(at, x), random);
                    v.put(x.name(), dir);
                    a += inner(g.get(x.name()), dir);
                }
                group.add(new FineCheck.Direction(String.join(", ", v.keySet()), "random direction " + k + " moving all of them, scaled to their entries", v, a));
            }
            return new Directions(List.of(group), asymmetries, g, false);
        }

        List<FineCheck.Direction> all() {
            List<FineCheck.Direction> out = new ArrayList<>();
            groups.forEach(out::addAll);
            return out;
        }

        int count() { return groups.stream().mapToInt(List::size).sum(); }
    }

    static RealMatrix value(Bindings at, Expr.Var x) {
        RealMatrix value = at.values().get(x.name());
        if (value == null) throw new NumericException("no value for '" + x.name() + "' to check its gradient at");
        return value;
    }

    private static RealMatrix gradientValue(Evaluator base, Expr.Var x, Expr gradient, RealMatrix value) {
        RealMatrix g = base.value(gradient);
        if (g.getRowDimension() != value.getRowDimension() || g.getColumnDimension() != value.getColumnDimension())
            throw new NumericException("the gradient for " + x.name() + " is " + g.getRowDimension() + "×" + g.getColumnDimension()
                    + " but " + x.name() + " is " + value.getRowDimension() + "×" + value.getColumnDimension());
        return g;
    }

    /**
     * What one step found: the result, the directions whose error passed the tolerance, and the
     * largest numeric derivative (the scale the finer ladder judges against).
     */
    private record Compared(Result result, List<FineCheck.Direction> failing, double numericScale) {}

    /** One step per direction; each group of directions with its own floor. */
    private static Compared compare(Expr f, Bindings at, Directions dirs, double tolerance) {
        double size = FineCheck.size(f, new Evaluator(at));
        Worst worst = new Worst();
        Map<String, Double> errors = new LinkedHashMap<>();
        List<FineCheck.Direction> failing = new ArrayList<>();
        double numericScale = 0;
        for (List<FineCheck.Direction> group : dirs.groups()) {
            double[] b = new double[group.size()];
            double scale = size;
            for (int k = 0; k < group.size(); k++) {
                b[k] = derivative(f, at, group.get(k).moves());
                scale = Math.max(scale, Math.max(Math.abs(group.get(k).symbolic()), Math.abs(b[k])));
                if (Double.isFinite(b[k])) numericScale = Math.max(numericScale, Math.abs(b[k]));
            }
            double floor = Math.max(FLOOR * scale, Double.MIN_NORMAL);
            for (int k = 0; k < group.size(); k++) {
                FineCheck.Direction d = group.get(k);
                double e = relative(d.symbolic(), b[k], floor);
                worst.offer(e, d.variable(), d.label(), d.symbolic(), b[k], floor, d.unit());
                errors.merge(d.variable(), e, Math::max);
                if (!(e <= tolerance)) failing.add(d);
            }
        }
        for (FineCheck.Asymmetry s : dirs.asymmetries()) {
            double floor = Math.max(FLOOR * s.scale(), Double.MIN_NORMAL);
            double e = relative(s.upper(), s.lower(), floor);
            worst.offer(e, s.variable(), s.label(), s.upper(), s.lower(), floor, 1);
            errors.merge(s.variable(), e, Math::max);
        }
        Result result = worst.result(worst.error <= tolerance ? Verdict.PASSED : Verdict.FAILED, tolerance, FLOOR, errors, dirs.count(), "");
        return new Compared(result, failing, numericScale);
    }

    /**
     * A failed one-step comparison judged again on the finer ladder, along these directions
     * ({@code atLeast}: the scale of the numeric derivatives along the others, see {@link FineCheck#judge}).
     */
    private static Result refine(Expr f, Map<Expr.Var, Expr> gradients, Bindings at, List<FineCheck.Direction> directions,
                                 List<FineCheck.Asymmetry> asymmetries, double atLeast, Result first) {
        if (first.passed()) return first;
        FineCheck.Judgement j;
        String lostNote;
        try {
            LostToRounding.Judged judged = LostToRounding.judge(f, gradients, at, directions, asymmetries, atLeast);
            j = judged.judgement();
            lostNote = judged.note();
        } catch (NumericException e) {
            return new Result(Verdict.INCONCLUSIVE, first.worstError(), first.tolerance(), first.variable(), first.direction(),
                    first.symbolic(), first.numeric(), first.relativeTo(), first.floorFraction(), first.errors(), first.directions(),
                    "a step of 1e-03 disagreed, and smaller steps leave f's domain (" + e.getMessage() + ")");
        }
        String ladder = String.format("refined with steps down to %.0e", j.smallest());
        Worst w = new Worst();
        if (j.asymmetric() != null) {
            FineCheck.Asymmetry s = j.asymmetric();
            w.offer(j.error(), s.variable(), s.label(), s.upper(), s.lower(), j.floor(), 1);
        } else if (j.worst() != null) {
            FineCheck.Direction d = j.worst();
            w.offer(j.error(), d.variable(), d.label(), d.symbolic(), j.numeric(), j.floor(), d.unit());
        }
        Verdict v = switch (j.finding()) {
            case AGREES -> Verdict.PASSED;
            case DISAGREES -> Verdict.FAILED;
            case UNRESOLVED -> Verdict.INCONCLUSIVE;
        };
        // a direction set aside was no failure, so what agrees, or cannot settle, once it is, is not a pass either
        if (lostNote != null) {
            v = Verdict.INCONCLUSIVE;
            ladder += ", but " + lostNote;
        }
        // a settled difference across a kink is the average of the slopes either side; one that does not settle meets a jump (sign's)
        if (j.kink() != null) ladder += j.jump()
                ? ", which did not settle, reaching a point where f is not differentiable (" + j.kink() + ")"
                : " across a kink (" + j.kink() + "), where the gradient is a subgradient";
        else if (j.finding() == FineCheck.Finding.UNRESOLVED) ladder += ", which did not settle";
        return w.result(v, first.tolerance(), FineCheck.FLOOR, first.errors(), first.directions(), ladder);
    }

    private static final class Worst {
        double error = 0, symbolic, numeric, relativeTo;
        String variable, direction;

        /** The error e of a against b; shown divided by {@code unit} (a coordinate's scale: then they are the gradient's entry). */
        void offer(double e, String var, String dir, double a, double b, double floor, double unit) {
            if (variable != null && !(e > error)) return;
            error = e; variable = var; direction = dir; symbolic = a / unit; numeric = b / unit;
            relativeTo = Math.max(Math.max(Math.abs(a), Math.abs(b)), floor) / unit;
        }

        Result result(Verdict verdict, double tolerance, double floorFraction, Map<String, Double> errors, int directions, String refined) {
            return new Result(verdict, error, tolerance, variable, direction, symbolic, numeric, relativeTo, floorFraction,
                    errors, directions, refined);
        }
    }

    static double relative(double a, double b, double floor) {
        double diff = Math.abs(a - b);
        return diff == 0 ? 0 : diff / Math.max(Math.max(Math.abs(a), Math.abs(b)), floor);
    }

    /** For a symmetric variable: the gradient must be symmetric; G_ij against G_ji. */
    private static List<FineCheck.Asymmetry> asymmetries(RealMatrix g, String name) {
        List<FineCheck.Asymmetry> out = new ArrayList<>();
        int n = g.getRowDimension();
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                out.add(new FineCheck.Asymmetry(name, "symmetry of the gradient: entries (" + (i + 1) + ", " + (j + 1)
                        + ") and (" + (j + 1) + ", " + (i + 1) + ")", g.getEntry(i, j), g.getEntry(j, i), Matrices.maxAbs(g)));
        return out;
    }

    static double inner(RealMatrix g, RealMatrix v) {
        double s = 0;
        for (int i = 0; i < g.getRowDimension(); i++)
            for (int j = 0; j < g.getColumnDimension(); j++) s += g.getEntry(i, j) * v.getEntry(i, j);
        return s;
    }

    /**
     * The Richardson-extrapolated central difference of f along V (which may move several variables); where
     * the step leaves f's domain, with the step {@link DomainStep} fits inside it.
     */
    static double derivative(Expr f, Bindings at, Map<String, RealMatrix> v) {
        try {
            return richardson(f, at, v, STEP);
        } catch (NumericException e) {
            // an entry nearer the edge of f's domain than the step: 1e-9 under log
        }
        double h = DomainStep.fitted(f, at, v);
        try {
            return richardson(f, at, v, h);
        } catch (NumericException e) {
            // defined at ±h but not at ±h/2: a domain with holes, which no step is sure to miss
            throw new NumericException("cannot evaluate the objective near the point, perturbing "
                    + String.join(", ", v.keySet()) + ": " + e.getMessage(), e.pos(), e.node());
        }
    }

    private static double richardson(Expr f, Bindings at, Map<String, RealMatrix> v, double h) {
        double d1 = Nearby.central(f, at, v, h), d2 = Nearby.central(f, at, v, h / 2);
        return d2 + (d2 - d1) / 3;
    }

}
