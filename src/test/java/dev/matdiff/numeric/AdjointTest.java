package dev.matdiff.numeric;

import dev.matdiff.linalg.LinearMaps;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.Random;

import static dev.matdiff.testing.Fixtures.inner;
import static dev.matdiff.testing.Fixtures.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * ⟨L(V), G⟩ = ⟨V, L*(G)⟩ on random data for each structured map and the adjoint the gradients
 * use for it. Sizes go past the block-storage threshold, so both Commons Math layouts are covered.
 */
class AdjointTest {

    static void assertSame(double lhs, double rhs) {
        assertThat(lhs).isCloseTo(rhs, within(1e-9 * Math.max(1, Math.abs(lhs))));
    }

    @Property(tries = 40)
    void convfull_is_the_adjoint_of_conv_in_the_image(@ForAll @IntRange(min = 1, max = 9) int r, @ForAll @IntRange(min = 1, max = 9) int s,
                                                      @ForAll @IntRange(min = 0, max = 8) int dp, @ForAll @IntRange(min = 0, max = 8) int dq,
                                                      @ForAll long seed) {
        Random rnd = new Random(seed);
        int p = r + dp, q = s + dq;
        RealMatrix v = random(rnd, p, q), k = random(rnd, r, s), g = random(rnd, p - r + 1, q - s + 1);
        assertSame(inner(LinearMaps.conv(v, k), g), inner(v, LinearMaps.convFull(g, k)));
    }

    @Property(tries = 40)
    void conv_in_the_kernel_is_its_own_adjoint_form(@ForAll @IntRange(min = 1, max = 6) int r, @ForAll @IntRange(min = 1, max = 6) int s,
                                                    @ForAll @IntRange(min = 0, max = 6) int dp, @ForAll @IntRange(min = 0, max = 6) int dq,
                                                    @ForAll long seed) {
        // ⟨conv(X, V), G⟩ = ⟨V, conv(X, G)⟩, the adjoint table's row for the kernel
        Random rnd = new Random(seed);
        int p = r + dp, q = s + dq;
        RealMatrix x = random(rnd, p, q), v = random(rnd, r, s), g = random(rnd, p - r + 1, q - s + 1);
        assertSame(inner(LinearMaps.conv(x, v), g), inner(v, LinearMaps.conv(x, g)));
    }

    @Property(tries = 40)
    void kronblocks_is_the_adjoint_of_kron_in_its_left_factor(@ForAll @IntRange(min = 1, max = 9) int m, @ForAll @IntRange(min = 1, max = 9) int n,
                                                              @ForAll @IntRange(min = 1, max = 9) int p, @ForAll @IntRange(min = 1, max = 9) int q,
                                                              @ForAll long seed) {
        Random rnd = new Random(seed);
        RealMatrix v = random(rnd, m, n), b = random(rnd, p, q), g = random(rnd, m * p, n * q);
        assertSame(inner(LinearMaps.kron(v, b), g), inner(v, LinearMaps.kronBlocks(g, b)));
    }

    @Property(tries = 40)
    void blocksum_is_the_adjoint_of_kron_in_its_right_factor(@ForAll @IntRange(min = 1, max = 9) int m, @ForAll @IntRange(min = 1, max = 9) int n,
                                                            @ForAll @IntRange(min = 1, max = 9) int p, @ForAll @IntRange(min = 1, max = 9) int q,
                                                            @ForAll long seed) {
        Random rnd = new Random(seed);
        RealMatrix a = random(rnd, m, n), v = random(rnd, p, q), g = random(rnd, m * p, n * q);
        assertSame(inner(LinearMaps.kron(a, v), g), inner(v, LinearMaps.blockSum(g, a)));
    }

    @Property(tries = 40)
    void unvec_is_the_adjoint_and_the_inverse_of_vec(@ForAll @IntRange(min = 1, max = 80) int m, @ForAll @IntRange(min = 1, max = 80) int n,
                                                     @ForAll long seed) {
        Random rnd = new Random(seed);
        RealMatrix v = random(rnd, m, n), g = random(rnd, m * n, 1);
        assertSame(inner(LinearMaps.vec(v), g), inner(v, LinearMaps.unvec(g, m, n)));
        assertThat(LinearMaps.unvec(LinearMaps.vec(v), m, n)).isEqualTo(v);
    }

    @Property(tries = 20)
    void diag_matrix_and_diag_vector_are_adjoint(@ForAll @IntRange(min = 1, max = 80) int n, @ForAll long seed) {
        Random rnd = new Random(seed);
        RealMatrix v = random(rnd, n, 1), g = random(rnd, n, n);
        assertSame(inner(LinearMaps.diagMatrix(v), g), inner(v, LinearMaps.diagVector(g)));
    }
}
