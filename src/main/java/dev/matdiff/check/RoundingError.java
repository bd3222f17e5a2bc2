package dev.matdiff.check;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;
import dev.matdiff.numeric.Evaluator;

import org.apache.commons.math3.linear.RealMatrix;

import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * About how far f's computed value can be off, carried entry by entry through the operations that lose digits: a sum
 * whose terms cancel is off by a unit roundoff of its terms, not of itself, and a logarithm or a quotient turns that
 * into an error of its own size. p = (1 + tanh(z))/2 at z = −18 is 2·10⁻¹⁶ with an error of 10⁻¹⁶, and log(p) is off by
 * about 0.5: a difference quotient of f then sees a plateau, not the slope, and cannot decide what the gradient is.
 * Other operations carry their arguments' relative error (a first-order bound, not a proof).
 */
final class RoundingError {
    private RoundingError() {}

    private static final double U = Math.ulp(1.0);

    /** The largest entry of f's estimated error at the point. */
    static double of(Expr f, Evaluator at) { return of(f, at, null, null); }

    /** f's estimated error at the point, entry by entry (a gradient's, to judge a disagreement with a difference quotient by). */
    static double[][] entries(Expr f, Evaluator at) { return new AtPoint(at).entries(f); }

    /**
     * {@link #entries} of several expressions at one point, the nodes they share estimated once: a deep network's
     * gradients share their δ's, and estimating each gradient on its own walked all of them again.
     */
    static final class AtPoint {
        private final Evaluator at;
        private final Map<Expr, double[][]> error = IdentityMaps.map();

        AtPoint(Evaluator at) { this.at = at; }

        double[][] entries(Expr f) {
            for (Expr e : Dag.postOrder(f)) if (!error.containsKey(e)) error.put(e, error(e, at, error));
            return error.get(f);
        }
    }

    /**
     * The same for differences of f along a direction, {@code plus} and {@code minus} evaluating f a long step either
     * side: an entry both leave unchanged, bit for bit, does not depend on the direction, is off by the same amount
     * wherever a difference quotient evaluates it, and its error cancels. So an entry on a rounding plateau spoils
     * only the directions that move it.
     */
    static double of(Expr f, Evaluator at, Evaluator plus, Evaluator minus) { return max(errors(f, at, plus, minus).get(f)); }

    /** Every node's estimated error, children first; with plus and minus, less the entries a long step leaves unchanged. */
    private static Map<Expr, double[][]> errors(Expr f, Evaluator at, Evaluator plus, Evaluator minus) {
        Map<Expr, double[][]> error = IdentityMaps.map();
        for (Expr e : Dag.postOrder(f)) {
            double[][] out = error(e, at, error);
            if (plus != null) {
                double[][] p = plus.value(e).getData(), m = minus.value(e).getData(), x = at.value(e).getData();
                for (int i = 0; i < out.length; i++)
                    for (int j = 0; j < out[0].length; j++)
                        if (Double.isFinite(x[i][j]) && Double.compare(p[i][j], x[i][j]) == 0 && Double.compare(m[i][j], x[i][j]) == 0) out[i][j] = 0;
            }
            error.put(e, out);
        }
        return error;
    }

    private static double[][] error(Expr e, Evaluator at, Map<Expr, double[][]> error) {
        double[][] v = at.value(e).getData();
        if (e instanceof Expr.Named n) return error.get(n.body());
        if (!(e instanceof Node n)) return new double[v.length][v[0].length];  // the data: taken as exact
        double[][] out = new double[v.length][v[0].length];
        for (int i = 0; i < v.length; i++) for (int j = 0; j < v[0].length; j++) out[i][j] = U * Math.abs(v[i][j]);
        switch (n.op()) {
            case ADD -> {
                for (Expr t : n.args()) {
                    double[][] tv = at.value(t).getData(), te = error.get(t);
                    for (int i = 0; i < v.length; i++)
                        for (int j = 0; j < v[0].length; j++) out[i][j] += te[i][j] + U * Math.abs(tv[i][j]);
                }
            }
            case NEG -> add(out, error.get(n.arg(0)), 1);
            case MATMUL -> {
                // a product's inner sums cancel as a sum's terms do: |E||B| + |A||E_B| + k·u·|A||B|, factor by factor
                double[][] size = abs(at.value(n.arg(0)).getData()), err = error.get(n.arg(0));
                for (int k = 1; k < n.arity(); k++) {
                    double[][] b = abs(at.value(n.arg(k)).getData()), eb = error.get(n.arg(k)), both = product(size, b);
                    double[][] carried = product(err, b), made = product(size, eb);
                    int inner = b.length;
                    for (int i = 0; i < both.length; i++)
                        for (int j = 0; j < both[0].length; j++) carried[i][j] += made[i][j] + inner * U * both[i][j];
                    size = both;
                    err = carried;
                }
                add(out, err, 1);
            }
            case TRANSPOSE -> {
                double[][] c = error.get(n.arg(0));
                for (int i = 0; i < v.length; i++) for (int j = 0; j < v[0].length; j++) out[i][j] += c[j][i];
            }
            case HADAMARD, SCALE, ELEMDIV, DIV -> {
                // a·b is off by |b|·e_a + |a|·e_b, a/b by e_a/|b| + |a/b|·e_b/|b|, entry by entry (a scalar broadcast):
                // absolute, so that a factor whose value cancelled to 0 still carries its error
                boolean quotient = n.op() == Op.ELEMDIV || n.op() == Op.DIV;
                double[][] av = at.value(n.arg(0)).getData(), ae = error.get(n.arg(0));
                double[][] bv = at.value(n.arg(1)).getData(), be = error.get(n.arg(1));
                for (int i = 0; i < v.length; i++)
                    for (int j = 0; j < v[0].length; j++) {
                        double a = Math.abs(at(av, i, j)), b = Math.abs(at(bv, i, j)), ea = at(ae, i, j), eb = at(be, i, j);
                        out[i][j] += quotient ? ratio(ea, b) + times(Math.abs(v[i][j]), ratio(eb, b)) : times(b, ea) + times(a, eb);
                    }
            }
            default -> {
                if (n.op().isElementwise()) {
                    DoubleUnaryOperator fn = n.op().spec().elementwise().f();
                    double[][] x = at.value(n.arg(0)).getData(), xe = error.get(n.arg(0));
                    for (int i = 0; i < v.length; i++)
                        for (int j = 0; j < v[0].length; j++) {
                            double slope = slope(fn, x[i][j]);
                            if (Double.isFinite(slope)) out[i][j] += times(Math.abs(slope), xe[i][j]);
                        }
                } else {
                    // the arguments' largest relative error, carried to every entry
                    double relative = 0;
                    for (Expr c : n.args()) {
                        double size = max(at.value(c).getData());
                        if (size > 0) relative += ratio(max(error.get(c)), size);
                    }
                    for (int i = 0; i < v.length; i++) for (int j = 0; j < v[0].length; j++) out[i][j] += times(relative, Math.abs(v[i][j]));
                }
            }
        }
        return out;
    }

    /** f'(x) by a central difference on the scalar function. */
    private static double slope(DoubleUnaryOperator f, double x) {
        double h = 1e-6 * (x == 0 ? 1 : Math.abs(x));  // relative: log near 0 must not step past it
        return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
    }

    /** Entry (i, j) of m, or its only row, column or entry where it is broadcast. */
    private static double at(double[][] m, int i, int j) { return m[m.length == 1 ? 0 : i][m[0].length == 1 ? 0 : j]; }

    // past 1e308 an error is infinite, not undefined: ∞/∞ and ∞·0 would make it NaN and hide it

    /** a·b of non-negative a and b, 0 where either is 0. */
    private static double times(double a, double b) { return a == 0 || b == 0 ? 0 : a * b; }

    /** a/b of non-negative a and b > 0, infinite where both are. */
    private static double ratio(double a, double b) {
        double r = a / b;
        return Double.isNaN(r) ? Double.POSITIVE_INFINITY : r;
    }

    private static double[][] abs(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = new double[m[i].length];
            for (int j = 0; j < m[i].length; j++) out[i][j] = Math.abs(m[i][j]);
        }
        return out;
    }

    /** a·b of non-negative matrices by hand, skipping zeros: a BLAS product would make ∞·0 NaN. */
    private static double[][] product(double[][] a, double[][] b) {
        double[][] out = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++)
            for (int k = 0; k < b.length; k++) {
                double x = a[i][k];
                if (x != 0) for (int j = 0; j < b[0].length; j++) if (b[k][j] != 0) out[i][j] += x * b[k][j];
            }
        return out;
    }

    private static void add(double[][] to, double[][] from, double factor) {
        for (int i = 0; i < to.length; i++) for (int j = 0; j < to[0].length; j++) to[i][j] += factor * from[i][j];
    }

    private static double max(double[][] m) {
        double out = 0;
        for (double[] row : m) for (double x : row) if (Double.isFinite(x)) out = Math.max(out, Math.abs(x));
        return out;
    }
}
