package dev.matdiff.check;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.linalg.Matrices;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Evaluator;
import dev.matdiff.numeric.NumericException;

import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Compares symbolic gradients with finite differences of the objective.
 *
 * <p>For each variable X with gradient G it compares, direction by direction, the symbolic
 * directional derivative a = ⟨G, V⟩ (Frobenius) with a numeric one b. Directions are the
 * coordinate directions when X has at most {@value #MAX_COORDINATE_ENTRIES} entries, otherwise
 * {@link Options#randomDirections} random ±1 patterns. Each direction is scaled entry by entry to
 * X (V_ij carries max(|x_ij|, 0.1·rms(X))), so a step is a relative change of every entry it
 * touches and stays inside the domain of log, sqrt or inv. A symmetric X gets symmetric directions
 * only ((E_ij + E_ji)/2 for the coordinates), as its gradient lives in the symmetric matrices;
 * there the gradient must itself be symmetric, and its asymmetry counts as an error too.
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
 */
public final class GradientCheck {
    private GradientCheck() {}

    public static final double TOLERANCE = 1e-5;
    public static final double FLOOR = 1e-6;
    public static final double STEP = 1e-3;
    public static final int MAX_COORDINATE_ENTRIES = 64;
    /** When a step leaves f's domain, the step is shrunk by this factor, at most {@link #RETRIES} times. */
    static final double SHRINK = 8;
    static final int RETRIES = 3;

    public record Options(double tolerance, int randomDirections, long seed) {
        public static final Options DEFAULT = new Options(TOLERANCE, 8, 1);
    }

    /**
     * @param worstError the largest relative error over all variables and directions
     * @param variable   where it was (null when nothing was compared)
     * @param direction  "entry (2, 1)", "entries (1, 2) and (2, 1)", "random direction 3" or "symmetry"
     * @param symbolic   ⟨G, V⟩ in that direction (for "symmetry": G_ij)
     * @param numeric    the finite-difference estimate (for "symmetry": G_ji)
     * @param errors     the worst error of each variable
     * @param directions how many directions were compared in all
     */
    public record Result(boolean passed, double worstError, double tolerance, String variable, String direction,
                         double symbolic, double numeric, Map<String, Double> errors, int directions) {

        public String summary() {
            if (variable == null) return "nothing to compare";
            return String.format("worst relative error %.2e at %s, %s (symbolic %.10g, numeric %.10g): %s (tolerance %.0e)",
                    worstError, variable, direction, symbolic, numeric, passed ? "passed" : "FAILED", tolerance);
        }
    }

    public static Result check(Expr f, Map<Expr.Var, Expr> gradients, Bindings at) {
        return check(f, gradients, at, Options.DEFAULT);
    }

    public static Result check(Expr f, Map<Expr.Var, Expr> gradients, Bindings at, Options options) {
        Evaluator base = new Evaluator(at);
        double size = size(f, base);
        Random random = new Random(options.seed());
        Worst worst = new Worst();
        Map<String, Double> errors = new LinkedHashMap<>();
        int count = 0;
        for (var entry : gradients.entrySet()) {
            Expr.Var x = entry.getKey();
            RealMatrix value = at.values().get(x.name());
            if (value == null) throw new NumericException("no value for '" + x.name() + "' to check its gradient at");
            RealMatrix g = base.value(entry.getValue());
            if (g.getRowDimension() != value.getRowDimension() || g.getColumnDimension() != value.getColumnDimension())
                throw new NumericException("the gradient for " + x.name() + " is " + g.getRowDimension() + "×" + g.getColumnDimension()
                        + " but " + x.name() + " is " + value.getRowDimension() + "×" + value.getColumnDimension());

            List<Direction> dirs = directions(x, value, options.randomDirections(), random);
            double[] a = new double[dirs.size()], b = new double[dirs.size()];
            double scale = size;
            for (int k = 0; k < dirs.size(); k++) {
                a[k] = inner(g, dirs.get(k).v());
                b[k] = derivative(f, at, x.name(), value, dirs.get(k).v());
                scale = Math.max(scale, Math.max(Math.abs(a[k]), Math.abs(b[k])));
            }
            double floor = Math.max(FLOOR * scale, Double.MIN_NORMAL);
            Worst mine = new Worst();
            for (int k = 0; k < dirs.size(); k++)
                mine.offer(relative(a[k], b[k], floor), x.name(), dirs.get(k).label(), a[k], b[k]);
            if (x.symmetric()) asymmetry(g, x.name(), Math.max(FLOOR * Matrices.maxAbs(g), Double.MIN_NORMAL), mine);
            errors.put(x.name(), mine.error);
            worst.offer(mine.error, mine.variable, mine.direction, mine.symbolic, mine.numeric);
            count += dirs.size();
        }
        return new Result(worst.error <= options.tolerance(), worst.error, options.tolerance(), worst.variable,
                worst.direction, worst.symbolic, worst.numeric, errors, count);
    }

    /**
     * A cheap check for every derivation: a few random directions that move all the variables at
     * once, so its cost does not grow with the number of variables or entries.
     */
    public static Result quick(Expr f, Map<Expr.Var, Expr> gradients, Bindings at, int directions, long seed) {
        Evaluator base = new Evaluator(at);
        double size = size(f, base);
        Random random = new Random(seed);
        Worst worst = new Worst();
        Map<String, RealMatrix> g = new LinkedHashMap<>();
        for (var entry : gradients.entrySet()) g.put(entry.getKey().name(), base.value(entry.getValue()));
        for (int k = 1; k <= directions; k++) {
            Map<String, RealMatrix> v = new LinkedHashMap<>();
            double a = 0;
            for (Expr.Var x : gradients.keySet()) {
                RealMatrix value = at.values().get(x.name());
                if (value == null) throw new NumericException("no value for '" + x.name() + "' to check its gradient at");
                RealMatrix dir = randomDirection(x, value, random);
                v.put(x.name(), dir);
                a += inner(g.get(x.name()), dir);
            }
            double b = derivative(f, at, v);
            double floor = Math.max(FLOOR * Math.max(size, Math.max(Math.abs(a), Math.abs(b))), Double.MIN_NORMAL);
            worst.offer(relative(a, b, floor), String.join(", ", v.keySet()), "random direction " + k + " moving all of them", a, b);
        }
        for (Expr.Var x : gradients.keySet())
            if (x.symmetric()) asymmetry(g.get(x.name()), x.name(), Math.max(FLOOR * Matrices.maxAbs(g.get(x.name())), Double.MIN_NORMAL), worst);
        return new Result(worst.error <= TOLERANCE, worst.error, TOLERANCE, worst.variable, worst.direction,
                worst.symbolic, worst.numeric, Map.of(), directions);
    }

    /**
     * The size of f that its rounding error is relative to: |f|, or the largest of its terms when
     * f is a sum (in f = g − h with g ≈ h, evaluating f loses digits relative to g, not to f).
     */
    private static double size(Expr f, Evaluator base) {
        Expr e = f;
        while (e instanceof Expr.Named n) e = n.body();
        double size = Math.abs(base.scalar(f));
        if (e instanceof Expr.Node n && n.op() == Op.ADD)
            for (Expr t : n.args()) size = Math.max(size, Math.abs(base.scalar(t)));
        return size;
    }

    private record Direction(String label, RealMatrix v) {}

    private static final class Worst {
        double error = 0, symbolic, numeric;
        String variable, direction;

        void offer(double e, String var, String dir, double a, double b) {
            if (variable != null && !(e > error)) return;
            error = e; variable = var; direction = dir; symbolic = a; numeric = b;
        }
    }

    static double relative(double a, double b, double floor) {
        double diff = Math.abs(a - b);
        return diff == 0 ? 0 : diff / Math.max(Math.max(Math.abs(a), Math.abs(b)), floor);
    }

    /** For a symmetric variable: the gradient must be symmetric; compares G_ij with G_ji. */
    private static void asymmetry(RealMatrix g, String name, double floor, Worst worst) {
        int n = g.getRowDimension();
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) {
                double x = g.getEntry(i, j), y = g.getEntry(j, i);
                worst.offer(relative(x, y, floor), name, "symmetry of the gradient: entries (" + (i + 1) + ", " + (j + 1)
                        + ") and (" + (j + 1) + ", " + (i + 1) + ")", x, y);
            }
    }

    private static List<Direction> directions(Expr.Var x, RealMatrix value, int randomCount, Random random) {
        int rows = value.getRowDimension(), cols = value.getColumnDimension();
        double[][] s = scales(value);
        boolean sym = x.symmetric();
        List<Direction> out = new ArrayList<>();
        if ((long) rows * cols <= MAX_COORDINATE_ENTRIES) {
            for (int i = 0; i < rows; i++)
                for (int j = sym ? i : 0; j < cols; j++) {
                    double[][] v = new double[rows][cols];
                    if (sym && i != j) {
                        v[i][j] = v[j][i] = s[i][j] / 2;
                        out.add(new Direction("entries (" + (i + 1) + ", " + (j + 1) + ") and (" + (j + 1) + ", " + (i + 1) + ")", Matrices.wrap(v)));
                    } else {
                        v[i][j] = s[i][j];
                        out.add(new Direction(rows * cols == 1 ? "its value" : "entry (" + (i + 1) + ", " + (j + 1) + ")", Matrices.wrap(v)));
                    }
                }
            return out;
        }
        for (int k = 1; k <= randomCount; k++) out.add(new Direction("random direction " + k, randomDirection(x, value, random)));
        return out;
    }

    /** Each entry moved by ± its own scale; symmetric for a symmetric variable. */
    private static RealMatrix randomDirection(Expr.Var x, RealMatrix value, Random random) {
        int rows = value.getRowDimension(), cols = value.getColumnDimension();
        double[][] s = scales(value);
        double[][] v = new double[rows][cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                v[i][j] = x.symmetric() && j < i ? v[j][i] : (random.nextBoolean() ? s[i][j] : -s[i][j]);
        return Matrices.wrap(v);
    }

    /** max(|x_ij|, 0.1·rms(X)), or 1 for a zero X: the size of a relative step in each entry. */
    private static double[][] scales(RealMatrix x) {
        int rows = x.getRowDimension(), cols = x.getColumnDimension();
        double rms = Math.sqrt(Matrices.reduce(x, v -> v * v) / ((double) rows * cols));
        double[][] s = new double[rows][cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                s[i][j] = rms == 0 ? 1 : Math.max(Math.abs(x.getEntry(i, j)), 0.1 * rms);
        return s;
    }

    private static double inner(RealMatrix g, RealMatrix v) {
        double s = 0;
        for (int i = 0; i < g.getRowDimension(); i++)
            for (int j = 0; j < g.getColumnDimension(); j++) s += g.getEntry(i, j) * v.getEntry(i, j);
        return s;
    }

    /** Richardson-extrapolated central difference of f at X along V; shrinks h if f is undefined. */
    private static double derivative(Expr f, Bindings at, String name, RealMatrix x, RealMatrix v) {
        return derivative(f, at, Map.of(name, v));
    }

    /** The same along a direction that moves several variables together. */
    private static double derivative(Expr f, Bindings at, Map<String, RealMatrix> v) {
        double h = STEP;
        for (int attempt = 0; ; attempt++) {
            try {
                double d1 = central(f, at, v, h), d2 = central(f, at, v, h / 2);
                return d2 + (d2 - d1) / 3;
            } catch (NumericException e) {
                if (attempt == RETRIES)
                    throw new NumericException("cannot evaluate the objective near the point, perturbing "
                            + String.join(", ", v.keySet()) + ": " + e.getMessage());
                h /= SHRINK;
            }
        }
    }

    private static double central(Expr f, Bindings at, Map<String, RealMatrix> v, double h) {
        // one new map per side, however many variables move: Bindings.with would copy it once per variable
        Map<String, RealMatrix> plus = new LinkedHashMap<>(at.values()), minus = new LinkedHashMap<>(at.values());
        for (var d : v.entrySet()) {
            RealMatrix x = at.values().get(d.getKey());
            plus.put(d.getKey(), x.add(d.getValue().scalarMultiply(h)));
            minus.put(d.getKey(), x.subtract(d.getValue().scalarMultiply(h)));
        }
        return (new Evaluator(new Bindings(plus, at.dimSizes())).scalar(f) - new Evaluator(new Bindings(minus, at.dimSizes())).scalar(f)) / (2 * h);
    }
}
