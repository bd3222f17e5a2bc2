package dev.matdiff.linalg;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Random test matrices and the comparison the linalg tests share. */
final class Numbers {
    private Numbers() {}

    static final int[] SIZES = {1, 2, 7, 64, 300};

    /** Both implementations: the one in use (native where OpenBLAS is installed) and pure Java. */
    static List<Blas> implementations() { return List.of(Blas.get(), Blas.java()); }

    /** Entries uniform in [−1, 1), in Commons Math's row layout. */
    static RealMatrix random(Random r, int rows, int cols) {
        double[][] d = new double[rows][cols];
        for (double[] row : d) for (int j = 0; j < cols; j++) row[j] = 2 * r.nextDouble() - 1;
        return new Array2DRowRealMatrix(d, false);
    }

    /**
     * A random n×n matrix plus 2√n·I, its rows shuffled: the condition number is small, and partial
     * pivoting has rows to interchange.
     */
    static RealMatrix wellConditioned(Random r, int n) {
        double[][] d = random(r, n, n).getData();
        for (int i = 0; i < n; i++) d[i][i] += 2 * Math.sqrt(n) + 1;
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            double[] t = d[i]; d[i] = d[j]; d[j] = t;
        }
        return new Array2DRowRealMatrix(d, false);
    }

    /** X·Xᵀ + n·I for a random X: symmetric positive definite and well conditioned. */
    static RealMatrix spd(Random r, int n) {
        RealMatrix x = random(r, n, n);
        RealMatrix a = x.multiply(x.transpose());
        for (int i = 0; i < n; i++) a.addToEntry(i, i, n);
        // exactly symmetric (the product's two halves are summed in different orders)
        for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) a.setEntry(i, j, a.getEntry(j, i));
        return a;
    }

    /** Standard normal entries, in the evaluator's own layout. */
    static Dense gaussian(Random r, int rows, int cols) {
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) d[i] = r.nextGaussian();
        return new Dense(rows, cols, d);
    }

    /** max|a − b| over the entries of two matrices of one shape (asserted). */
    static double gap(RealMatrix a, RealMatrix b) {
        assertThat(a.getRowDimension()).isEqualTo(b.getRowDimension());
        assertThat(a.getColumnDimension()).isEqualTo(b.getColumnDimension());
        double worst = 0;
        for (int i = 0; i < a.getRowDimension(); i++)
            for (int j = 0; j < a.getColumnDimension(); j++) worst = Math.max(worst, Math.abs(a.getEntry(i, j) - b.getEntry(i, j)));
        return worst;
    }

    /** max|actual − expected| ≤ tol·max|expected|, entry by entry. */
    static void assertClose(RealMatrix actual, RealMatrix expected, double tol) {
        assertThat(actual.getRowDimension()).isEqualTo(expected.getRowDimension());
        assertThat(actual.getColumnDimension()).isEqualTo(expected.getColumnDimension());
        double scale = 0, worst = 0;
        for (int i = 0; i < expected.getRowDimension(); i++)
            for (int j = 0; j < expected.getColumnDimension(); j++) {
                scale = Math.max(scale, Math.abs(expected.getEntry(i, j)));
                worst = Math.max(worst, Math.abs(actual.getEntry(i, j) - expected.getEntry(i, j)));
            }
        assertThat(worst).as("largest difference, next to the largest entry %s", scale).isLessThanOrEqualTo(tol * scale);
    }

    static void assertClose(double actual, double expected, double tol) {
        assertThat(Math.abs(actual - expected)).as("%s vs %s", actual, expected).isLessThanOrEqualTo(tol * Math.abs(expected));
    }
}
