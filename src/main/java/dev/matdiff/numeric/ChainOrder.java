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

    static RealMatrix multiply(List<RealMatrix> factors) {
        int k = factors.size();
        if (k == 1) return factors.get(0);
        if (k == 2) return Matrices.multiply(factors.get(0), factors.get(1));
        double[] dims = new double[k + 1];
        dims[0] = factors.get(0).getRowDimension();
        for (int i = 0; i < k; i++) dims[i + 1] = factors.get(i).getColumnDimension();
        if (k > MAX_SEARCHED) return sweep(factors, dims);
        int[][] split = splits(dims);
        return product(factors, split, 0, k - 1);
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

    private static RealMatrix product(List<RealMatrix> f, int[][] split, int i, int j) {
        if (i == j) return f.get(i);
        int s = split[i][j];
        return Matrices.multiply(product(f, split, i, s), product(f, split, s + 1, j));
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
