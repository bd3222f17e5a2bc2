package dev.matdiff.linalg;

import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Multiplies a chain A1·A2·…·Ak in the cheapest order: the classic O(k³) dynamic program over the
 * factors' sizes (so {@code A*B*x} costs two matrix-vector products, not a matrix product).
 * Very long chains, where the cubic search itself would dominate, take the cheaper of
 * left-to-right and right-to-left.
 */
public final class ChainOrder {
    private ChainOrder() {}

    public static final int MAX_SEARCHED = 200;

    /** A factor of a chain, possibly to be read transposed. */
    public record Factor(RealMatrix m, boolean transposed) {
        public int rows() { return transposed ? m.getColumnDimension() : m.getRowDimension(); }

        public int cols() { return transposed ? m.getRowDimension() : m.getColumnDimension(); }

        public RealMatrix value() { return transposed ? Matrices.transpose(m) : m; }
    }

    /** The chain with transposed factors: a transposed factor is read in place wherever the product allows. */
    public static RealMatrix multiplyFactors(List<Factor> factors) { return multiplyFactors(factors, Blas.get()); }


    public static RealMatrix multiplyFactors(List<Factor> factors, Blas blas) {
        int k = factors.size();
        if (k == 1) return factors.get(0).value();
        if (k == 2) return times(factors.get(0), factors.get(1), blas);
        double[] dims = new double[k + 1];
        dims[0] = factors.get(0).rows();
        for (int i = 0; i < k; i++) dims[i + 1] = factors.get(i).cols();
        if (k > MAX_SEARCHED) return sweep(factors, dims, blas);
        return product(factors, splits(dims), 0, k - 1, blas).m();
    }

    private static Factor product(List<Factor> f, int[][] split, int i, int j, Blas blas) {
        if (i == j) return f.get(i);
        int s = split[i][j];
        return new Factor(times(product(f, split, i, s, blas), product(f, split, s + 1, j, blas), blas), false);
    }

    public static RealMatrix times(Factor a, Factor b, Blas blas) {
        return Matrices.multiply(a.m(), a.transposed(), b.m(), b.transposed(), blas);
    }


    public static RealMatrix multiply(List<RealMatrix> factors) {
        List<Factor> plain = new ArrayList<>(factors.size());
        for (RealMatrix m : factors) plain.add(new Factor(m, false));
        return multiplyFactors(plain);
    }

    /** split[i][j]: where the cheapest product of factors i..j divides, (i..s)(s+1..j). */
    public static int[][] splits(double[] dims) {
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

    private static RealMatrix sweep(List<Factor> f, double[] dims, Blas blas) {
        int k = f.size();
        double left = 0, right = 0;
        for (int i = 1; i < k; i++) left += dims[0] * dims[i] * dims[i + 1];
        for (int i = k - 1; i > 0; i--) right += dims[i - 1] * dims[i] * dims[k];
        Factor acc;
        if (left <= right) {
            acc = f.get(0);
            for (int i = 1; i < k; i++) acc = new Factor(times(acc, f.get(i), blas), false);
        } else {
            acc = f.get(k - 1);
            for (int i = k - 2; i >= 0; i--) acc = new Factor(times(f.get(i), acc, blas), false);
        }
        return acc.m();
    }
}
