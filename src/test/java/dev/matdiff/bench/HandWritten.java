package dev.matdiff.bench;

import dev.matdiff.numeric.Bindings;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.BlockRealMatrix;
import org.apache.commons.math3.linear.DefaultRealMatrixChangingVisitor;
import org.apache.commons.math3.linear.DefaultRealMatrixPreservingVisitor;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The value and gradient of each {@link Cases} expression, written by hand with Commons Math as a
 * careful programmer would: the same formulas as matdiff's gradients, {@link BlockRealMatrix} products
 * for large matrices and the typed {@link Array2DRowRealMatrix} product for small ones (the
 * {@code RealMatrix} overload falls back to per-entry access), fresh results updated in place, and
 * no copy that the formula does not need. It is the yardstick of the evaluator's overhead.
 */
public final class HandWritten {
    private HandWritten() {}

    /** The value and the gradients, in the order of the case's variables. */
    public record Result(double value, List<RealMatrix> gradients) {}

    public static Result compute(Cases c, Bindings at) {
        Map<String, RealMatrix> v = at.values();
        return switch (c) {
            case TRACE -> trace(v.get("A"), v.get("X"), v.get("B"));
            case LOGDET -> logdet(v.get("X"));
            case LEAST_SQUARES -> leastSquares(v.get("X"), v.get("w"), v.get("y"));
            case NETWORK_NAMED, NETWORK_NESTED -> network(v, Cases.LAYERS);
        };
    }

    /** f = tr(A X B); ∇X = Aᵀ Bᵀ, computed as (B A)ᵀ: one product and one transpose. */
    static Result trace(RealMatrix a, RealMatrix x, RealMatrix b) {
        double f = times(times(a, x), b).getTrace();
        return new Result(f, List.of(times(b, a).transpose()));
    }

    /**
     * f = log det(XᵀX) from the LU pivots (det itself overflows at n = 512); ∇X = 2 X (XᵀX)⁻¹ from
     * the same factorisation.
     */
    static Result logdet(RealMatrix x) {
        RealMatrix c = times(x.transpose(), x);
        LUDecomposition lu = new LUDecomposition(c);
        RealMatrix u = lu.getU();
        double f = 0;
        for (int i = 0; i < u.getRowDimension(); i++) f += Math.log(Math.abs(u.getEntry(i, i)));
        RealMatrix inv = lu.getSolver().getInverse();
        RealMatrix g = times(x, inv);
        scaleInPlace(g, 2);
        return new Result(f, List.of(g));
    }

    /** r = X w − y, f = rᵀ r; ∇w = 2 Xᵀ r, as rᵀX (no transposed copy of X). */
    static Result leastSquares(RealMatrix x, RealMatrix w, RealMatrix y) {
        double[] r = x.operate(w.getColumn(0));
        double f = 0;
        for (int i = 0; i < r.length; i++) {
            r[i] -= y.getEntry(i, 0);
            f += r[i] * r[i];
        }
        double[] g = x.preMultiply(r);
        for (int i = 0; i < g.length; i++) g[i] *= 2;
        return new Result(f, List.of(new Array2DRowRealMatrix(g)));
    }

    /**
     * The k-layer network of {@link Networks}: forward Hᵢ = Wᵢ Zᵢ₋₁ + bᵢ 1ᵀ, Zᵢ = tanh(Hᵢ) (in place
     * on the fresh product), f = ‖Z_k − Y‖²; backward Δ_k = 2 (Z_k − Y) ⊙ (1 − Z_k²),
     * ∇Wᵢ = Δᵢ Zᵢ₋₁ᵀ, Δᵢ₋₁ = (Wᵢᵀ Δᵢ) ⊙ (1 − Zᵢ₋₁²).
     */
    static Result network(Map<String, RealMatrix> v, int k) {
        RealMatrix[] z = new RealMatrix[k + 1];
        z[0] = v.get("X");
        for (int i = 1; i <= k; i++) {
            RealMatrix h = times(v.get("W_" + i), z[i - 1]);
            double[] b = v.get("b_" + i).getColumn(0);
            h.walkInOptimizedOrder(new DefaultRealMatrixChangingVisitor() {
                @Override public double visit(int row, int col, double value) { return Math.tanh(value + b[row]); }
            });
            z[i] = h;
        }
        RealMatrix delta = z[k].subtract(v.get("Y"));
        double f = sumOfSquares(delta);
        double[][] zk = z[k].getData();
        delta.walkInOptimizedOrder(new DefaultRealMatrixChangingVisitor() {
            @Override public double visit(int row, int col, double value) {
                double s = zk[row][col];
                return 2 * value * (1 - s * s);
            }
        });
        RealMatrix[] grads = new RealMatrix[k];
        for (int i = k; i >= 1; i--) {
            grads[i - 1] = times(delta, z[i - 1].transpose());
            if (i == 1) break;
            RealMatrix back = times(v.get("W_" + i).transpose(), delta);
            double[][] zp = z[i - 1].getData();
            back.walkInOptimizedOrder(new DefaultRealMatrixChangingVisitor() {
                @Override public double visit(int row, int col, double value) {
                    double s = zp[row][col];
                    return value * (1 - s * s);
                }
            });
            delta = back;
        }
        return new Result(f, new ArrayList<>(List.of(grads)));
    }

    /** a·b with Commons Math's fastest product for the layouts at hand. */
    static RealMatrix times(RealMatrix a, RealMatrix b) {
        if (a instanceof BlockRealMatrix x && b instanceof BlockRealMatrix y) return x.multiply(y);
        if (a instanceof Array2DRowRealMatrix x && b instanceof Array2DRowRealMatrix y) return x.multiply(y);
        if (isLarge(a) && isLarge(b)) return block(a).multiply(block(b));
        return a.multiply(b);
    }

    private static boolean isLarge(RealMatrix m) { return (long) m.getRowDimension() * m.getColumnDimension() > 4096; }

    private static BlockRealMatrix block(RealMatrix m) {
        if (m instanceof BlockRealMatrix b) return b;
        return new BlockRealMatrix(m instanceof Array2DRowRealMatrix a ? a.getDataRef() : m.getData());
    }

    private static void scaleInPlace(RealMatrix m, double s) {
        m.walkInOptimizedOrder(new DefaultRealMatrixChangingVisitor() {
            @Override public double visit(int row, int col, double value) { return s * value; }
        });
    }

    private static double sumOfSquares(RealMatrix m) {
        double[] total = {0};
        m.walkInOptimizedOrder(new DefaultRealMatrixPreservingVisitor() {
            @Override public void visit(int row, int col, double value) { total[0] += value * value; }
        });
        return total[0];
    }
}
