package dev.matdiff.check;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.VarKind;
import dev.matdiff.linalg.Dense;
import dev.matdiff.linalg.LinearMaps;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Evaluator;
import dev.matdiff.numeric.NumericException;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Compares Jacobians, Hessians and Hessian-vector products with finite differences. A Jacobian J
 * of F is compared column by column with the central difference of vec(F) along each entry of X
 * (along random directions when X has many entries); a Hessian is the Jacobian of the symbolic
 * gradient, and must also be symmetric; ∇²f[V] is compared with the difference of the gradient
 * along V. Every difference is Richardson-extrapolated, and errors are relative to the size of the
 * column (and to a floor a millionth of the largest entry), as in {@link GradientCheck}.
 */
public final class JacobianCheck {
    private JacobianCheck() {}

    static final double STEP = 1e-3;
    static final int MAX_COORDINATES = 64, RANDOM_DIRECTIONS = 8;
    static final double ABSOLUTE_FLOOR = 1e-10;

    /** The steps tried when the first disagrees: a failure must hold at each of them. */
    static final double[] LADDER = {STEP, STEP / 10, STEP / 100};

    /**
     * Every derivative the derivation has beyond the gradients, at the point. When the first step
     * disagrees the finer ones are tried: passed if one agrees, failed only if every step
     * disagrees by about as much (a settled difference), else inconclusive.
     */
    public static GradientCheck.Result check(Derivation d, Bindings at, double tolerance, long seed) {
        Compared first = compare(d, at, seed, STEP);
        if (first.worst.error <= tolerance) return first.result(GradientCheck.Verdict.PASSED, tolerance, "");
        double low = first.worst.error, high = first.worst.error;
        for (int i = 1; i < LADDER.length; i++) {
            Compared finer = compare(d, at, seed, LADDER[i]);
            if (finer.worst.error <= tolerance)
                return finer.result(GradientCheck.Verdict.PASSED, tolerance, "agrees at the finer step " + LADDER[i]);
            low = Math.min(low, finer.worst.error);
            high = Math.max(high, finer.worst.error);
        }
        // a wrong derivative is off by the same at every step; a rounding-bound difference moves with the step
        boolean settled = high <= 2 * low;
        return first.result(settled ? GradientCheck.Verdict.FAILED : GradientCheck.Verdict.INCONCLUSIVE, tolerance,
                String.format("steps %s to %s give errors %.1e to %.1e", LADDER[0], LADDER[LADDER.length - 1], low, high));
    }

    /** The worst disagreement over every variable, the worst of each, and how many directions were compared. */
    private record Compared(Worst worst, Map<String, Double> errors, int directions) {
        GradientCheck.Result result(GradientCheck.Verdict verdict, double tolerance, String refined) {
            return new GradientCheck.Result(verdict, worst.error, tolerance, worst.variable, worst.direction,
                    worst.symbolic, worst.numeric, worst.relativeTo, GradientCheck.FLOOR, errors, directions, refined);
        }
    }

    private static Compared compare(Derivation d, Bindings at, long seed, double step) {
        Worst worst = new Worst();
        Map<String, Double> errors = new LinkedHashMap<>();
        int directions = 0;
        Random random = new Random(seed);
        for (Expr.Var x : d.wrt()) {
            String name = x.name();
            Worst mine = new Worst();
            if (d.higher().jacobians().containsKey(name))
                directions += columns(d.objectiveOf(name), x, d.jacobian(name), at, random, mine, "", step, 0);
            if (d.higher().hessians().containsKey(name)) {
                directions += columns(d.gradient(name), x, d.hessian(name), at, random, mine, "Hessian ", step, hessianScale(d, x, at));
                symmetry(new Evaluator(at).value(d.hessian(name)), x, mine, hessianScale(d, x, at));
            }
            if (d.higher().hessianVectorProducts().containsKey(name)) {
                Expr.Var v = d.direction(name);
                // a direction the product does not read (a linear objective's, whose product is 0) has no value drawn
                RealMatrix dir = at.values().containsKey(v.name()) ? at.values().get(v.name()) : randomLike(at.values().get(name), random);
                double[] symbolic = vec(new Evaluator(at).value(d.hessianVectorProduct(name)));
                double[] numeric = difference(d.gradient(name), at, name, dir, step);
                double size = 0;
                for (double e : Dense.flat(dir)) size = Math.max(size, Math.abs(e));
                mine.offer(symbolic, numeric, name, "the Hessian applied to " + v.name(), hessianScale(d, x, at) * size);
                directions++;
            }
            if (mine.variable != null) {
                errors.put(name, mine.error);
                worst.take(mine);
            }
        }
        return new Compared(worst, errors, directions);
    }

    /** J's columns (or J v for random v) against differences of vec(F); the number of directions compared. */
    private static int columns(Expr f, Expr.Var x, Expr jacobian, Bindings at, Random random, Worst worst, String what, double step,
                               double floorScale) {
        RealMatrix j = new Evaluator(at).value(jacobian);
        RealMatrix value = at.values().get(x.name());
        if (value == null) throw new NumericException("no value for '" + x.name() + "' to check its derivatives at");
        int rows = value.getRowDimension(), cols = value.getColumnDimension(), n = rows * cols;
        if (j.getColumnDimension() != n)
            throw new NumericException("the " + what + "Jacobian for " + x.name() + " has " + j.getColumnDimension() + " columns, not " + n);
        double[] jd = Dense.flat(j);
        int m = j.getRowDimension();
        // the size of the derivative along a step, or of F itself: a difference is only as exact as F's rounding
        double overall = 0;
        for (double e : jd) overall = Math.max(overall, Math.abs(e));
        overall *= scale(value);
        for (double e : vec(new Evaluator(at).value(f))) overall = Math.max(overall, Math.abs(e));
        overall = Math.max(overall, floorScale);
        int count = 0;
        // a symmetric X moves only symmetrically: J is compared on E_ij + E_ji, the directions it is defined on
        boolean symmetric = x.kind() == VarKind.SYMMETRIC;
        boolean coordinates = n <= MAX_COORDINATES;
        for (int k = 0; k < (coordinates ? n : RANDOM_DIRECTIONS); k++) {
            if (coordinates && symmetric && k % rows < k / rows) continue; // (i, j) below the diagonal: already moved with (j, i)
            double[] v = new double[n];
            double scale = scale(value);
            if (coordinates) v[k] = scale;
            else for (int i = 0; i < n; i++) v[i] = random.nextBoolean() ? scale : -scale;
            if (symmetric) v = symmetrised(v, rows);
            double[] symbolic = new double[m];
            for (int r = 0; r < m; r++) {
                double s = 0;
                for (int c = 0; c < n; c++) s += jd[r * n + c] * v[c];
                symbolic[r] = s;
            }
            double[] numeric = difference(f, at, x.name(), unvec(v, rows, cols), step);
            worst.offer(symbolic, numeric, x.name(), what + (coordinates ? "column " + (k + 1) + " (entry " + entry(k, rows) + ")" : "random direction " + (k + 1)),
                    overall);
            count++;
        }
        return count;
    }

    /** The Richardson-extrapolated central difference of vec(f) at X along V. */
    private static double[] difference(Expr f, Bindings at, String name, RealMatrix v, double h) {
        double[] d1 = central(f, at, name, v, h), d2 = central(f, at, name, v, h / 2);
        double[] out = new double[d1.length];
        for (int i = 0; i < out.length; i++) out[i] = d2[i] + (d2[i] - d1[i]) / 3;
        return out;
    }

    private static double[] central(Expr f, Bindings at, String name, RealMatrix v, double h) {
        RealMatrix x = at.values().get(name);
        double[] plus = vec(new Evaluator(at.with(name, x.add(v.scalarMultiply(h)))).value(f));
        double[] minus = vec(new Evaluator(at.with(name, x.subtract(v.scalarMultiply(h)))).value(f));
        double[] out = new double[plus.length];
        for (int i = 0; i < out.length; i++) out[i] = (plus[i] - minus[i]) / (2 * h);
        return out;
    }

    /**
     * H must be symmetric; for a symmetric X, H is only defined on symmetric directions, so it is
     * P H P that must be, with P = (I + K)/2 the projection onto them.
     */
    private static void symmetry(RealMatrix h, Expr.Var x, Worst worst, double overall) {
        int n = h.getRowDimension();
        if (x.kind() == VarKind.SYMMETRIC) h = projected(h, (int) Math.round(Math.sqrt(n)));
        double[] d = Dense.flat(h), t = Dense.flat(h.transpose());
        worst.offer(d, t, x.name(), "symmetry of the Hessian (" + n + "×" + n + ")", overall);
    }

    /** The size at which a Hessian entry shows at all: f's and the gradient's sizes over X's (squared, and once). */
    private static double hessianScale(Derivation d, Expr.Var x, Bindings at) {
        Evaluator e = new Evaluator(at);
        double s = scale(at.values().get(x.name())), g = 0;
        for (double v : Dense.flat(e.value(d.gradient(x.name())))) g = Math.max(g, Math.abs(v));
        return Math.max(Math.abs(e.scalar(d.objective())) / (s * s), g / s);
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
    private static int transposedIndex(int index, int k) { return (index % k) * k + index / k; }

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

    private static String entry(int k, int rows) { return "(" + (k % rows + 1) + ", " + (k / rows + 1) + ")"; }

    /** The worst relative error so far: a vector compared with a vector, relative to the larger's size. */
    private static final class Worst {
        double error = 0, symbolic, numeric, relativeTo;
        String variable, direction;

        void offer(double[] a, double[] b, String var, String dir) { offer(a, b, var, dir, 0); }

        /** @param overall the size of the whole derivative, which a column that should be zero is compared to */
        void offer(double[] a, double[] b, String var, String dir, double overall) {
            double scale = overall;
            for (int i = 0; i < a.length; i++) scale = Math.max(scale, Math.max(Math.abs(a[i]), Math.abs(b[i])));
            // and never below ABSOLUTE_FLOOR: entries that small are the rounding of terms that cancel, not evidence
            double floor = Math.max(GradientCheck.FLOOR * scale, ABSOLUTE_FLOOR);
            for (int i = 0; i < a.length; i++) {
                double relative = Math.max(Math.max(Math.abs(a[i]), Math.abs(b[i])), floor);
                double e = Math.abs(a[i] - b[i]) / relative;
                if (variable == null || e > error) {
                    error = e; symbolic = a[i]; numeric = b[i]; variable = var; relativeTo = relative;
                    direction = dir + (a.length > 1 ? ", row " + (i + 1) : "");
                }
            }
        }

        void take(Worst o) {
            if (variable == null || o.error > error) {
                error = o.error; symbolic = o.symbolic; numeric = o.numeric; variable = o.variable; direction = o.direction;
                relativeTo = o.relativeTo;
            }
        }
    }
}
