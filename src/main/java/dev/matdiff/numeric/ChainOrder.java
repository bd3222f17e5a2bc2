package dev.matdiff.numeric;

import org.apache.commons.math3.linear.RealMatrix;

import java.util.List;

/**
 * Multiplies a chain A1·A2·…·Ak in the cheapest order: the classic O(k³) dynamic program over the
 * factors' sizes (so {@code A*B*x} costs two matrix-vector products, not a matrix product).
 * Very long chains, where the cubic search itself would dominate, take the cheaper of
 * left-to-right and right-to-left.
 */
final class ChainOrder {
    private ChainOrder() {}

    static final int MAX_SEARCHED = 200;

    /** A factor of a chain, possibly to be read transposed. */
    record Factor(RealMatrix m, boolean transposed) {
        int rows() { return transposed ? m.getColumnDimension() : m.getRowDimension(); }

        int cols() { return transposed ? m.getRowDimension() : m.getColumnDimension(); }

        RealMatrix value() { return transposed ? m.transpose() : m; }
    }

    /** The chain with transposed factors: a transposed matrix meeting a vector is never copied. */
    static RealMatrix multiplyFactors(List<Factor> factors) {
        int k = factors.size();
        if (k == 1) return factors.get(0).value();
        if (k == 2) return times(factors.get(0), factors.get(1));
        double[] dims = new double[k + 1];
        dims[0] = factors.get(0).rows();
        for (int i = 0; i < k; i++) dims[i + 1] = factors.get(i).cols();
        if (k > MAX_SEARCHED) {
            List<RealMatrix> plain = new java.util.ArrayList<>();
            for (Factor f : factors) plain.add(f.value());
            return sweep(plain, dims);
        }
        return product(factors, splits(dims), 0, k - 1).value();
    }

    private static Factor product(List<Factor> f, int[][] split, int i, int j) {
        if (i == j) return f.get(i);
        int s = split[i][j];
        return new Factor(times(product(f, split, i, s), product(f, split, s + 1, j)), false);
    }

    /** a·b, reading a transposed operand in place when the other is a vector. */
    static RealMatrix times(Factor a, Factor b) {
        if (a.transposed() && b.cols() == 1 && !b.transposed()) {
            // Aᵀv = (vᵀA)ᵀ
            double[] v = b.m().getColumn(0);
            return column(a.m().preMultiply(v));
        }
        if (b.transposed() && a.rows() == 1 && !a.transposed()) {
            // uᵀBᵀ = (B u)ᵀ
            double[] u = a.m().getRow(0);
            return row(b.m().operate(u));
        }
        return Matrices.multiply(a.value(), b.value());
    }

    private static RealMatrix column(double[] v) {
        return new org.apache.commons.math3.linear.Array2DRowRealMatrix(v);
    }

    private static RealMatrix row(double[] v) {
        return new org.apache.commons.math3.linear.Array2DRowRealMatrix(new double[][] {v}, false);
    }

    static RealMatrix multiply(List<RealMatrix> factors) {
        List<Factor> plain = new java.util.ArrayList<>(factors.size());
        for (RealMatrix m : factors) plain.add(new Factor(m, false));
        return multiplyFactors(plain);
    }

    /** split[i][j]: where the cheapest product of factors i..j divides, (i..s)(s+1..j). */
    static int[][] splits(double[] dims) {
        int k = dims.length - 1;
        double[][] cost = new double[k][k];
        int[][] split = new int[k][k];
        for (int len = 2; len <= k; len++)
            for (int i = 0; i + len - 1 < k; i++) {
                int j = i + len - 1;
                cost[i][j] = Double.POSITIVE_INFINITY;
                for (int s = i; s < j; s++) {
                    double c = cost[i][s] + cost[s + 1][j] + dims[i] * dims[s + 1] * dims[j + 1];
                    if (c < cost[i][j]) { cost[i][j] = c; split[i][j] = s; }
                }
            }
        return split;
    }

    private static RealMatrix sweep(List<RealMatrix> f, double[] dims) {
        int k = f.size();
        double left = 0, right = 0;
        for (int i = 1; i < k; i++) left += dims[0] * dims[i] * dims[i + 1];
        for (int i = k - 1; i > 0; i--) right += dims[i - 1] * dims[i] * dims[k];
        RealMatrix acc;
        if (left <= right) {
            acc = f.get(0);
            for (int i = 1; i < k; i++) acc = Matrices.multiply(acc, f.get(i));
        } else {
            acc = f.get(k - 1);
            for (int i = k - 2; i >= 0; i--) acc = Matrices.multiply(f.get(i), acc);
        }
        return acc;
    }
}
