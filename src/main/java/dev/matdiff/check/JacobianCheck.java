package dev.matdiff.check;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.VarKind;
import dev.matdiff.linalg.Dense;
import dev.matdiff.linalg.LinearMaps;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Evaluator;
import dev.matdiff.numeric.NumericException;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Compares Jacobians, Hessians and Hessian-vector products with finite differences. A Jacobian J
 * of F is compared column by column with the central difference of vec(F) along each entry of X
 * (along random directions when X has many entries); a Hessian is the Jacobian of the symbolic
 * gradient, and must also be symmetric; ∇²f[V] is compared with the difference of the gradient
 * along V. Every difference is Richardson-extrapolated, and errors are relative to the size of the
 * column (and to a floor a millionth of the largest entry), as in {@link GradientCheck}.
 *
 * <p>Past {@value JointDirections#MAX_DIRECTIONS} directions in all, each difference of vec(F)
 * evaluating every variable's part of F: the Jacobians are compared along random directions that
 * move {@link JointDirections#blocks blocks} of variables together (Σ J_X vec(V_X) against the
 * difference), a failure halved down to one variable and checked alone; Hessians, each of its own
 * variable, along {@value JointDirections#PER_BLOCK} random directions each.
 */
public final class JacobianCheck {
    private JacobianCheck() {}

    static final double STEP = 1e-3;
    static final int MAX_COORDINATES = 64, RANDOM_DIRECTIONS = 8;

    /** The steps tried when the first disagrees: a failure must hold at each but the last, which can only find agreement. */
    static final double[] LADDER = {STEP, STEP / 10, STEP / 100, STEP / 1000};

    /**
     * Every derivative the derivation has beyond the gradients, at the point. When the first step
     * disagrees the finer ones are tried: passed if one agrees, failed only if every step
     * disagrees by about as much (a settled difference), else inconclusive.
     */
    public static GradientCheck.Result check(Derivation d, Bindings at, double tolerance, long seed) {
        boolean joint = planned(d, at) > JointDirections.MAX_DIRECTIONS;
        Compared first = compare(d, at, seed, STEP, joint);
        GradientCheck.Result r = laddered(first, step -> compare(d, at, seed, step, joint), tolerance);
        return r.failed() && joint ? localize(d, at, seed, first, r, tolerance) : r;
    }

    /** The first step's comparison, and the finer steps' when it disagrees. */
    private static GradientCheck.Result laddered(Compared first, java.util.function.DoubleFunction<Compared> compare, double tolerance) {
        if (first.worst.error <= tolerance) return first.passed(tolerance, "");
        double low = first.worst.error, high = first.worst.error;
        WorstColumn previous = first.worst, last = first.worst;
        boolean oneEntry = true;
        for (int i = 1; i < LADDER.length; i++) {
            Compared finer = compare.apply(LADDER[i]);
            if (finer.worst.error <= tolerance) return finer.passed(tolerance, String.format("agrees at the finer step %.0e", LADDER[i]));
            // the finest step may only find agreement: its rounding (ε|g|/h) would read as a difference still moving
            if (i == LADDER.length - 1) break;
            low = Math.min(low, finer.worst.error);
            high = Math.max(high, finer.worst.error);
            previous = last;
            last = finer.worst;
            oneEntry &= first.worst.sameEntry(last);
        }
        // a wrong derivative is off by the same at every step, and the differences themselves have settled on the
        // true value; a difference still moving with the step (√(a² + 10⁻¹²) at a = 0 curves on a scale of 10⁻⁶, far
        // below the steps) is evidence of nothing
        // where the worst moves between entries at each step, only errors that hardly move say every entry is off by
        // as much: a power of P 2²³ times itself, its differences wild at every step, was "failed" with errors 1.1 to 1.7
        // at three entries (trial s78b)
        boolean moving = !previous.settledWith(last), settled = high <= (oneEntry ? 2 : 1.1) * low && !moving;
        return first.result(settled ? GradientCheck.Verdict.FAILED : GradientCheck.Verdict.INCONCLUSIVE, tolerance,
                String.format(java.util.Locale.ROOT, "steps %s to %s give errors %.1e to %.1e", dev.matdiff.expr.TextPrinter.number(LADDER[0]),
                        dev.matdiff.expr.TextPrinter.number(LADDER[LADDER.length - 2]), low, high)
                        + (moving && high <= 2 * low ? ", the differences still moving with the step" : ""));
    }

    /** The worst disagreement over every variable, the worst of each, how many directions were compared, and the joint ones. */
    private record Compared(WorstColumn worst, Map<String, Double> errors, int directions, List<Joint> joints) {
        GradientCheck.Result result(GradientCheck.Verdict verdict, double tolerance, String refined) {
            return result(worst, verdict, tolerance, refined);
        }

        /** Passed, or inconclusive when what disagreed did so only across a kink. */
        GradientCheck.Result passed(double tolerance, String refined) {
            WorstColumn k = worst.kinked;
            if (k == null) return result(GradientCheck.Verdict.PASSED, tolerance, refined);
            String why = "the difference crosses a kink (" + k.kink + "), where the derivative is a subgradient";
            return result(k, GradientCheck.Verdict.INCONCLUSIVE, tolerance, refined.isEmpty() ? why : refined + "; " + why);
        }

        private GradientCheck.Result result(WorstColumn w, GradientCheck.Verdict verdict, double tolerance, String refined) {
            return new GradientCheck.Result(verdict, w.error, tolerance, w.variable, w.direction,
                    w.symbolic, w.numeric, w.relativeTo, GradientCheck.FLOOR, errors, directions, refined);
        }
    }

    /** How many directions each variable's own would be: coordinates, or random ones for a large variable. */
    private static long planned(Derivation d, Bindings at) {
        long count = 0;
        for (Expr.Var x : d.wrt()) {
            RealMatrix value = at.values().get(x.name());
            if (value == null) continue;  // columns says so
            int rows = value.getRowDimension(), n = rows * value.getColumnDimension();
            int own = n > MAX_COORDINATES ? VariableDirections.randomFor(n, RANDOM_DIRECTIONS) : x.kind() == VarKind.SYMMETRIC ? rows * (rows + 1) / 2 : n;
            if (d.higher().jacobians().containsKey(x.name())) count += own;
            if (d.higher().hessians().containsKey(x.name())) count += own;
            if (d.higher().hessianVectorProducts().containsKey(x.name())) count++;
        }
        return count;
    }

    private static Compared compare(Derivation d, Bindings at, long seed, double step, boolean joint) {
        WorstColumn worst = new WorstColumn();
        Map<String, Double> errors = new LinkedHashMap<>();
        int directions = 0;
        Random random = new Random(seed);
        // f once, not once per variable: its size is part of every Hessian's floor
        Evaluator base = new Evaluator(at);
        List<Joint> joints = new ArrayList<>();
        Map<Expr, Boolean> bounded = new java.util.HashMap<>();
        for (Expr.Var x : d.wrt()) {
            String name = x.name();
            // a Hessian's differences of the gradient keep to f's domain, when f has one
            Expr domain = bounded.computeIfAbsent(d.objectiveOf(name), DomainStep::bounded) ? d.objectiveOf(name) : null;
            WorstColumn mine = new WorstColumn();
            if (d.higher().jacobians().containsKey(name) && !joint)
                directions += columns(d.objectiveOf(name), null, x, d.jacobian(name), at, random, mine, "", step, 0, false);
            double hessianScale = d.higher().hessians().containsKey(name) || d.higher().hessianVectorProducts().containsKey(name)
                    ? hessianScale(d, x, at, base) : 0;
            if (d.higher().hessians().containsKey(name)) {
                directions += columns(d.gradient(name), domain, x, d.hessian(name), at, random, mine, "Hessian ", step, hessianScale, joint);
                symmetry(new Evaluator(at).value(d.hessian(name)), x, mine, hessianScale);
            }
            if (d.higher().hessianVectorProducts().containsKey(name)) {
                Expr.Var v = d.direction(name);
                // a direction the product does not read (a linear objective's, whose product is 0) has no value drawn
                RealMatrix dir = at.values().containsKey(v.name()) ? at.values().get(v.name()) : randomLike(at.values().get(name), random);
                double[] symbolic = vec(new Evaluator(at).value(d.hessianVectorProduct(name)));
                double[] numeric = difference(d.gradient(name), reading(at, d.gradient(name), x), Map.of(name, dir),
                        domain == null ? step : DomainStep.within(domain, at, Map.of(name, dir), step));
                double size = 0;
                for (double e : Dense.flat(dir)) size = Math.max(size, Math.abs(e));
                mine.offer(symbolic, numeric, name, "the Hessian applied to " + v.name(), hessianScale * size, 1,
                        () -> Kinks.reached(d.gradient(name), at, Map.of(name, dir)));
                directions++;
            }
            if (mine.variable != null) {
                errors.put(name, mine.error);
                worst.take(mine);
            }
        }
        if (joint) directions += jointColumns(d, at, random, worst, errors, step, joints);
        return new Compared(worst, errors, directions, joints);
    }

    /**
     * A random direction moving a block of variables of one objective F together: how far each
     * moves, and J_X vec(V_X) for each (their sum is the symbolic side; halving sums parts).
     */
    private record Joint(String variable, String label, Expr f, Map<String, RealMatrix> moves, Map<String, double[]> applied) {
        /** Σ J_X vec(V_X) over these variables. */
        double[] symbolic(java.util.Collection<String> names) {
            double[] out = null;
            for (String x : names) {
                double[] a = applied.get(x);
                if (out == null) out = a.clone();
                else for (int i = 0; i < out.length; i++) out[i] += a[i];
            }
            return out;
        }

        /** The largest row of |symbolic − numeric| along the direction restricted to some of its variables. */
        double gap(Bindings at, List<String> part) {
            Map<String, RealMatrix> some = new LinkedHashMap<>();
            for (String x : part) some.put(x, moves.get(x));
            double[] a = symbolic(part), b = difference(f, at, some, STEP);
            double gap = 0;
            for (int i = 0; i < a.length; i++) gap = Math.max(gap, Math.abs(a[i] - b[i]));
            return gap;
        }
    }

    /** The Jacobians block by block along joint random directions; the number of directions compared. */
    private static int jointColumns(Derivation d, Bindings at, Random random, WorstColumn worst, Map<String, Double> errors, double step,
                                    List<Joint> joints) {
        Map<Expr, List<Expr.Var>> byObjective = new LinkedHashMap<>();
        for (Expr.Var x : d.wrt())
            if (d.higher().jacobians().containsKey(x.name())) byObjective.computeIfAbsent(d.objectiveOf(x.name()), k -> new ArrayList<>()).add(x);
        Evaluator e = new Evaluator(at);
        int count = 0;
        for (var entry : byObjective.entrySet()) {
            double fSize = 0;
            for (double v : vec(e.value(entry.getKey()))) fSize = Math.max(fSize, Math.abs(v));
            for (List<Expr.Var> block : JointDirections.blocks(entry.getValue(), at)) {
                String name = JointDirections.name(block);
                WorstColumn mine = new WorstColumn();
                int directions = block.size() == 1 ? VariableDirections.randomFor(GradientCheck.value(at, block.get(0)), RANDOM_DIRECTIONS) : JointDirections.PER_BLOCK;
                for (int k = 1; k <= directions; k++) {
                    Map<String, RealMatrix> moves = new LinkedHashMap<>();
                    Map<String, double[]> applied = new LinkedHashMap<>();
                    double overall = fSize;
                    for (Expr.Var x : block) {
                        RealMatrix value = at.values().get(x.name());
                        double[] jd = Dense.flat(jacobianOf(e, d.jacobian(x.name()), x, value, "")), v = randomVec(x, value, random);
                        moves.put(x.name(), unvec(v, value.getRowDimension(), value.getColumnDimension()));
                        applied.put(x.name(), times(jd, v.length, v));
                        overall = Math.max(overall, maxAbs(jd) * scale(value));
                    }
                    String label = "random direction " + k + (block.size() == 1 ? ", scaled to " + name + "'s root mean square"
                            : " moving these " + block.size() + " variables together, each scaled to its root mean square");
                    Joint joint = new Joint(name, label, entry.getKey(), moves, applied);
                    joints.add(joint);
                    mine.offer(joint.symbolic(moves.keySet()), difference(joint.f(), at, moves, step), name, label, overall, 1,
                            () -> Kinks.reached(joint.f(), at, moves));
                    count++;
                }
                errors.put(name, mine.error);
                worst.take(mine);
            }
        }
        return count;
    }

    /** A Jacobian failure along a joint direction, halved down to one variable whose Jacobian is then checked alone. */
    private static GradientCheck.Result localize(Derivation d, Bindings at, long seed, Compared first, GradientCheck.Result failure,
                                                 double tolerance) {
        Joint joint = first.joints().stream().filter(j -> j.variable().equals(failure.variable())
                && (failure.direction().equals(j.label()) || failure.direction().startsWith(j.label() + ", row "))).findFirst().orElse(null);
        if (joint == null || joint.moves().size() == 1) return failure;  // a Hessian's, or a variable's that has its block alone
        JointDirections.Halving h;
        try {
            h = JointDirections.halve(new ArrayList<>(joint.moves().keySet()), part -> joint.gap(at, part));
        } catch (NumericException outsideTheDomain) {
            return failure;
        }
        Expr.Var x = d.wrt().stream().filter(v -> v.name().equals(h.found())).findFirst().orElseThrow();
        java.util.function.DoubleFunction<Compared> alone = step -> {
            WorstColumn mine = new WorstColumn();
            int n = columns(d.objectiveOf(x.name()), null, x, d.jacobian(x.name()), at, new Random(seed), mine, "", step, 0, false);
            return new Compared(mine, Map.of(x.name(), mine.error), n, List.of());
        };
        return JointDirections.traced(failure, h, laddered(alone.apply(STEP), alone, tolerance));
    }

    /**
     * J's columns (or J v for random v) against differences of vec(F); the number of directions compared.
     * {@code domain}: the objective whose domain the steps must stay in when F is its gradient (else null).
     */
    private static int columns(Expr f, Expr domain, Expr.Var x, Expr jacobian, Bindings at, Random random, WorstColumn worst, String what, double step,
                               double floorScale, boolean few) {
        RealMatrix value = at.values().get(x.name());
        double[] jd = Dense.flat(jacobianOf(new Evaluator(at), jacobian, x, value, what));
        int rows = value.getRowDimension(), cols = value.getColumnDimension(), n = rows * cols;
        // the size of the derivative along a step, or of F itself: a difference is only as exact as F's rounding
        double overall = maxAbs(jd) * scale(value);
        RealMatrix fValue = new Evaluator(at).value(f);
        int fRows = fValue.getRowDimension(), fCols = fValue.getColumnDimension();
        for (double e : vec(fValue)) overall = Math.max(overall, Math.abs(e));
        overall = Math.max(overall, floorScale);
        Bindings local = reading(at, f, x);
        int count = 0;
        // a symmetric X moves only symmetrically: J is compared on E_ij + E_ji, the directions it is defined on
        boolean symmetric = x.kind() == VarKind.SYMMETRIC;
        boolean coordinates = n <= MAX_COORDINATES && !few;
        for (int k = 0; k < (coordinates ? n : few ? JointDirections.PER_BLOCK : VariableDirections.randomFor(n, RANDOM_DIRECTIONS)); k++) {
            if (coordinates && symmetric && k % rows < k / rows) continue; // (i, j) below the diagonal: already moved with (j, i)
            double[] v;
            if (coordinates) {
                v = new double[n];
                v[k] = scale(value);
                if (symmetric) v = symmetrised(v, rows);
            } else {
                v = randomVec(x, value, random);
            }
            Map<String, RealMatrix> moves = Map.of(x.name(), unvec(v, rows, cols));
            double h = domain == null ? step : DomainStep.within(domain, at, moves, step);
            double[] symbolic = times(jd, n, v), numeric = difference(f, local, moves, h);
            // along a coordinate the values shown are per unit of the entry: J's own column, as eval prints it
            Supplier<String> kink = () -> Kinks.reached(f, local, moves);
            if (coordinates && !(symmetric && transposedIndex(k, rows) != k)) {
                // one entry of J (or of the Hessian) at a time, named as a reader indexes it
                int moved = k;
                IntFunction<String> entry = i -> EntryLabels.entry(what.isEmpty(), x, i, moved, rows, cols, fRows, fCols);
                worst.offer(symbolic, numeric, x.name(), entry, overall, scale(value), kink);
            } else {
                worst.offer(symbolic, numeric, x.name(), what + EntryLabels.column(x, coordinates, k, rows), overall, coordinates ? scale(value) : 1, kink);
            }
            count++;
        }
        return count;
    }

    /** J (value, checked to have X's number of columns), as a row-major array of its entries. */
    private static RealMatrix jacobianOf(Evaluator e, Expr jacobian, Expr.Var x, RealMatrix value, String what) {
        if (value == null) throw new NumericException("no value for '" + x.name() + "' to check its derivatives at");
        RealMatrix j = e.value(jacobian);
        int n = value.getRowDimension() * value.getColumnDimension();
        if (j.getColumnDimension() != n)
            throw new NumericException("the " + what + "Jacobian for " + x.name() + " has " + j.getColumnDimension() + " columns, not " + n);
        return j;
    }

    /** ± the scale of X in each entry of vec(X), symmetrised for a symmetric X. */
    private static double[] randomVec(Expr.Var x, RealMatrix value, Random random) {
        int rows = value.getRowDimension(), n = rows * value.getColumnDimension();
        double scale = scale(value);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = random.nextBoolean() ? scale : -scale;
        return x.kind() == VarKind.SYMMETRIC ? symmetrised(v, rows) : v;
    }

    /** J v, J given by its row-major entries and its n columns. */
    private static double[] times(double[] jd, int n, double[] v) {
        double[] out = new double[jd.length / Math.max(1, n)];
        for (int r = 0; r < out.length; r++) {
            double s = 0;
            for (int c = 0; c < n; c++) s += jd[r * n + c] * v[c];
            out[r] = s;
        }
        return out;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double e : a) m = Math.max(m, Math.abs(e));
        return m;
    }

    /**
     * The Richardson-extrapolated central difference of vec(f) at the point along V (which may move several variables);
     * where the step leaves f's domain, with the step {@link DomainStep} fits inside it.
     */
    private static double[] difference(Expr f, Bindings at, Map<String, RealMatrix> v, double h) {
        try {
            return richardson(f, at, v, h);
        } catch (NumericException e) {
            return richardson(f, at, v, DomainStep.fitted(f, at, v, h));  // an entry nearer the edge than the step: log(x) at 1e-9
        }
    }

    private static double[] richardson(Expr f, Bindings at, Map<String, RealMatrix> v, double h) {
        double[] d1 = central(f, at, v, h), d2 = central(f, at, v, h / 2);
        double[] out = new double[d1.length];
        for (int i = 0; i < out.length; i++) out[i] = d2[i] + (d2[i] - d1[i]) / 3;
        return out;
    }

    private static double[] central(Expr f, Bindings at, Map<String, RealMatrix> v, double h) {
        double[] plus = vec(new Evaluator(Nearby.moved(at, v, h)).value(f)), minus = vec(new Evaluator(Nearby.moved(at, v, -h)).value(f));
        double[] out = new double[plus.length];
        for (int i = 0; i < out.length; i++) out[i] = (plus[i] - minus[i]) / (2 * h);
        return out;
    }

    /**
     * H must be symmetric; for a symmetric X, H is only defined on symmetric directions, so it is
     * P H P that must be, with P = (I + K)/2 the projection onto them.
     */
    private static void symmetry(RealMatrix h, Expr.Var x, WorstColumn worst, double overall) {
        int n = h.getRowDimension();
        if (x.kind() == VarKind.SYMMETRIC) h = projected(h, (int) Math.round(Math.sqrt(n)));
        double[] d = Dense.flat(h), t = Dense.flat(h.transpose());
        worst.offer(d, t, x.name(), "symmetry of the Hessian (" + n + "×" + n + ")", overall, 1, null);
    }

    /**
     * The point with only the variables f reads (and X): each evaluation of a difference copies the
     * point's map of values, and the gradient of one variable among thousands reads few of them.
     */
    private static Bindings reading(Bindings at, Expr f, Expr.Var x) {
        Map<String, RealMatrix> values = new LinkedHashMap<>();
        for (Expr.Var v : Dag.variables(f)) if (at.values().containsKey(v.name())) values.put(v.name(), at.values().get(v.name()));
        values.put(x.name(), at.values().get(x.name()));
        return new Bindings(values, at.dimSizes());
    }


    /** The size at which a Hessian entry shows at all: f's and the gradient's sizes over X's (squared, and once). */
    private static double hessianScale(Derivation d, Expr.Var x, Bindings at, Evaluator e) {
        double s = scale(at.values().get(x.name())), g = 0;
        for (double v : Dense.flat(e.value(d.gradient(x.name())))) g = Math.max(g, Math.abs(v));
        // of f, only the terms that reach X: a constant 1e12 beside x'x set a floor that passed any Hessian (review)
        Expr reaching = GradientCheck.varyingPart(d.objective(), java.util.Set.of(x));
        return Math.max(Math.abs(e.scalar(reaching)) / (s * s), g / s);
    }

    /** P H P for P = (I + K)/2 on vec of a k×k matrix: each entry averaged over its rows' and columns' transposed indices. */
    private static RealMatrix projected(RealMatrix h, int k) {
        int n = h.getRowDimension();
        double[] out = new double[n * n];
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++) {
                int ta = transposedIndex(a, k), tb = transposedIndex(b, k);
                out[a * n + b] = (h.getEntry(a, b) + h.getEntry(ta, b) + h.getEntry(a, tb) + h.getEntry(ta, tb)) / 4;
            }
        return new Dense(n, n, out);
    }

    /** Where entry (i, j) of a k×k matrix goes in vec when transposed: the index of (j, i). */
    static int transposedIndex(int index, int k) { return (index % k) * k + index / k; }

    /** v + vᵀ over the vec of a square matrix, the diagonal kept as it is. */
    private static double[] symmetrised(double[] v, int k) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int t = transposedIndex(i, k);
            out[i] = t == i ? v[i] : v[i] + v[t];
        }
        return out;
    }

    private static RealMatrix randomLike(RealMatrix x, Random random) {
        double[] v = new double[x.getRowDimension() * x.getColumnDimension()];
        for (int i = 0; i < v.length; i++) v[i] = random.nextGaussian();
        return new Dense(x.getRowDimension(), x.getColumnDimension(), v);
    }

    /** Column-major, as vec stacks. */
    private static double[] vec(RealMatrix m) { return Dense.flat(LinearMaps.vec(m)); }

    private static RealMatrix unvec(double[] v, int rows, int cols) { return LinearMaps.unvec(new Dense(v.length, 1, v), rows, cols); }

    /** A step for each entry: a tenth of the entries' size (so the difference stays inside log's and sqrt's domains). */
    private static double scale(RealMatrix x) {
        double rms = 0;
        double[] d = Dense.flat(x);
        for (double v : d) rms += v * v;
        rms = Math.sqrt(rms / Math.max(1, d.length));
        return rms == 0 ? 1 : rms;
    }
}
