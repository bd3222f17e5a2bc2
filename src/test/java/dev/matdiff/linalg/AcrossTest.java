package dev.matdiff.linalg;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The loops that read an array across another agree with plain double loops, at shapes around the tile and the four-row unrolling. */
class AcrossTest {

    private static final int[] SIZES = {1, 2, 3, 4, 5, 7, 127, 128, 129, 133, 260};

    private static double[] random(Random r, int length) {
        double[] a = new double[length];
        for (int i = 0; i < a.length; i++) a[i] = r.nextGaussian();
        return a;
    }

    @Test void sums_copies_and_dots_read_the_transpose() {
        Random r = new Random(3);
        for (int rows : SIZES)
            for (int cols : new int[] {1, 6, 129}) {
                double[] acc = random(r, rows * cols), src = random(r, cols * rows), before = acc.clone();
                Across.addScaled(acc, rows, cols, src, -0.5);
                double[] copy = new double[rows * cols];
                Across.copy(copy, rows, cols, src);
                double dot = 0;
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < cols; j++) {
                        assertThat(acc[i * cols + j]).isEqualTo(before[i * cols + j] + -0.5 * src[j * rows + i]);
                        assertThat(copy[i * cols + j]).isEqualTo(src[j * rows + i]);
                        dot += before[i * cols + j] * src[j * rows + i];
                    }
                assertThat(Across.dot(before, rows, cols, src)).isCloseTo(dot, within(1e-10 * rows * cols));
            }
    }

    @Test void asymmetry_is_the_largest_difference_across_the_diagonal() {
        Random r = new Random(4);
        for (int n : SIZES) {
            double[] a = random(r, n * n);
            double worst = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) worst = Math.max(worst, Math.abs(a[i * n + j] - a[j * n + i]));
            assertThat(Across.asymmetry(a, n, Double.MAX_VALUE)).isEqualTo(worst);
            // stopping early still reports a figure over the threshold
            if (worst > 0) assertThat(Across.asymmetry(a, n, worst / 2)).isGreaterThan(worst / 2);
        }
    }

    /** A NaN anywhere makes a matrix asymmetric, wherever it sits in its row or tile; equal infinities do not. */
    @Test void a_nan_anywhere_is_found_and_equal_infinities_are_not() {
        for (int[] at : new int[][] {{3, 0, 1}, {3, 1, 2}, {260, 5, 200}, {260, 200, 5}, {260, 130, 131}, {7, 6, 0}}) {
            int n = at[0];
            double[] a = new double[n * n];
            a[at[1] * n + at[2]] = a[at[2] * n + at[1]] = Double.POSITIVE_INFINITY;
            assertThat(Across.asymmetry(a, n, 0)).isZero();
            a[at[1] * n + at[2]] = Double.NaN;
            assertThat(Across.asymmetry(a, n, 0)).isNaN();
            assertThat(Triangles.symmetric(a, n, 1)).isFalse();
            a[at[2] * n + at[1]] = Double.NaN;  // NaN on both sides is still not symmetric
            assertThat(Triangles.symmetric(a, n, 1)).isFalse();
        }
    }
}
