package dev.matdiff.linalg;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The tiled triangle operations agree with the plain double loops, at sizes around and across the tile and the four-row unrolling. */
class TrianglesTest {

    @Test void copies_and_comparisons_agree_with_plain_loops() {
        Random r = new Random(8);
        for (int n : new int[] {1, 2, 3, 5, 31, 64, 127, 128, 129, 131, 259}) {
            double[] a = new double[n * n];
            for (int i = 0; i < a.length; i++) a[i] = r.nextGaussian();
            double[] lower = a.clone(), upper = a.clone(), avg = Triangles.averaged(a, n);
            Triangles.lowerToUpper(lower, n);
            Triangles.upperToLower(upper, n);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    assertThat(lower[i * n + j]).isEqualTo(i >= j ? a[i * n + j] : a[j * n + i]);
                    assertThat(upper[i * n + j]).isEqualTo(i <= j ? a[i * n + j] : a[j * n + i]);
                    assertThat(avg[i * n + j]).isEqualTo(i == j ? a[i * n + j] : (a[i * n + j] + a[j * n + i]) / 2);
                }
            assertThat(Triangles.symmetric(lower, n, 0)).isTrue();
            assertThat(Triangles.symmetric(avg, n, 0)).isTrue();
            if (n > 1) {
                assertThat(Triangles.symmetric(a, n, 0)).isFalse();
                lower[n - 1] += 1e-12;  // entry (0, n−1)
                assertThat(Triangles.symmetric(lower, n, 0)).isFalse();
                assertThat(Triangles.symmetric(lower, n, 1e-11)).isTrue();
                lower[n - 1] = Double.NaN;
                assertThat(Triangles.symmetric(lower, n, 1)).isFalse();
            }
        }
    }

    @Test void a_symmetric_matrix_from_its_upper_triangle_and_its_norm_agree_with_plain_loops() {
        Random r = new Random(9);
        for (int n : new int[] {1, 2, 3, 5, 31, 64, 127, 129}) {
            double[] a = new double[n * n + n];  // longer than n², as FactorInverse leaves it
            for (int i = 0; i < a.length; i++) a[i] = r.nextGaussian();
            double[] s = Triangles.symmetricFromUpper(a, n);
            assertThat(s).hasSize(n * n);
            double[] sums = new double[n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    assertThat(s[i * n + j]).isEqualTo(i <= j ? a[i * n + j] : a[j * n + i]);
                    sums[j] += Math.abs(s[i * n + j]);
                }
            double norm1 = java.util.Arrays.stream(sums).max().orElseThrow();
            assertThat(Triangles.symmetricNorm1(s, n)).isCloseTo(norm1, org.assertj.core.data.Offset.offset(1e-12 * norm1));
            s[n - 1] = Double.POSITIVE_INFINITY;  // entry (0, n−1): the norm says the matrix is not finite
            assertThat(Triangles.symmetricNorm1(s, n)).isInfinite();
            s[n - 1] = Double.NaN;
            assertThat(Triangles.symmetricNorm1(s, n)).isNaN();
        }
    }
}
