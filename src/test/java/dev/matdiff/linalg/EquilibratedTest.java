package dev.matdiff.linalg;

import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.matdiff.linalg.Numbers.assertClose;
import static dev.matdiff.linalg.Numbers.random;
import static dev.matdiff.linalg.Numbers.wellConditioned;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A matrix whose rows and columns live at different scales is factored through its scaled form: diag(1e8, 1e-8) is
 * neither singular nor nearly so (a numeric trial found det(A) = 0 and inv(A) refused), and every answer maps back
 * to A's own, checked here against A = D₁·M·D₂ with M well conditioned, whose inverse is D₂⁻¹·M⁻¹·D₁⁻¹.
 */
class EquilibratedTest {

    @Test void a_diagonal_of_1e8_and_1e_minus_8_is_regular_and_exact() {
        RealMatrix a = MatrixUtils.createRealDiagonalMatrix(new double[] {1e8, 1e-8});
        for (Blas blas : Numbers.implementations()) {
            Factorisation f = Factorisation.of(a, blas);
            assertThat(f).isInstanceOf(Equilibrated.class);
            assertThat(f.singular()).isFalse();
            assertClose(f.det(), 1e8 * 1e-8, 1e-15);
            assertThat(Math.abs(f.logAbsDet())).isLessThan(1e-15);
            assertClose(Kernels.inverse(f), MatrixUtils.createRealDiagonalMatrix(new double[] {1e-8, 1e8}), 1e-15);
        }
    }

    @Test void badly_scaled_matrices_agree_with_their_well_scaled_core() {
        Random r = new Random(21);
        for (Blas blas : Numbers.implementations())
            for (int n : new int[] {2, 5, 40}) {
                double[] left = new double[n], right = new double[n];
                for (int i = 0; i < n; i++) {
                    left[i] = Math.pow(10, 12.0 * i / n - 6);
                    right[i] = Math.pow(10, 8 - 16.0 * ((i * 7) % n) / n);
                }
                RealMatrix m = wellConditioned(r, n), d1 = MatrixUtils.createRealDiagonalMatrix(left), d2 = MatrixUtils.createRealDiagonalMatrix(right);
                RealMatrix a = d1.multiply(m).multiply(d2);
                RealMatrix inverse = inverseOf(d2).multiply(new LUDecomposition(m).getSolver().getInverse()).multiply(inverseOf(d1));
                Factorisation f = Factorisation.of(a, blas);
                assertThat(f).isInstanceOf(Equilibrated.class);
                assertThat(f.singular()).isFalse();
                assertThat(f.rcond()).isGreaterThan(Lu.MIN_RCOND * 1e4);
                double logDet = Math.log(Math.abs(new LUDecomposition(m).getDeterminant()));
                for (int i = 0; i < n; i++) logDet += Math.log(left[i]) + Math.log(right[i]);
                assertClose(f.logAbsDet(), logDet, 1e-12);
                assertEntrywise(Kernels.inverse(f), inverse);
                RealMatrix b = random(r, n, 3), c = random(r, 3, n);
                assertEntrywise(f.solve(b), inverse.multiply(b));
                assertEntrywise(f.solveRight(c), c.multiply(inverse));
                assertEntrywise(f.solveTransposed(b), inverse.transpose().multiply(b));
                assertEntrywise(f.solveRightTransposed(c), c.multiply(inverse.transpose()));
            }
    }

    /** S = D·C·D with feature scales 1e4, 1, 1e-4 (a Gaussian's covariance): scaled on both sides, so still a Cholesky. */
    @Test void a_badly_scaled_covariance_keeps_its_cholesky() {
        RealMatrix c = MatrixUtils.createRealMatrix(new double[][] {{1, .5, .2}, {.5, 1, .3}, {.2, .3, 1}});
        RealMatrix d = MatrixUtils.createRealDiagonalMatrix(new double[] {1e4, 1, 1e-4});
        RealMatrix s = d.multiply(c).multiply(d);
        for (Blas blas : Numbers.implementations()) {
            Factorisation f = Factorisation.of(s, blas);
            assertThat(f.isCholesky()).isTrue();
            assertClose(f.logAbsDet(), Math.log(new LUDecomposition(c).getDeterminant()), 1e-12);
            assertEntrywise(Kernels.inverse(f), inverseOf(d).multiply(new LUDecomposition(c).getSolver().getInverse()).multiply(inverseOf(d)));
        }
    }

    /** Symmetric with a positive diagonal but indefinite: scaled by its diagonal it would be [[1, 1e18], …] (a review found det 0). */
    @Test void an_indefinite_symmetric_matrix_is_not_scaled_by_its_diagonal() {
        RealMatrix a = MatrixUtils.createRealMatrix(new double[][] {{1e-18, 1, 0}, {1, 1e-18, 0}, {0, 0, 1}});
        for (Blas blas : Numbers.implementations()) {
            Factorisation f = Factorisation.of(a, blas);
            assertThat(f.singular()).isFalse();
            assertClose(f.det(), -1, 1e-15);
            assertClose(Kernels.inverse(f), MatrixUtils.createRealMatrix(new double[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}}), 1e-15);
        }
    }

    /** A subnormal entry is scaled by its own exponent (Math.getExponent says −1023 for every subnormal). */
    @Test void a_subnormal_entry_is_scaled_to_near_one() {
        assertThat(Equilibrated.exponent(1e-308)).isEqualTo(Math.getExponent(1e-308 * 0x1p54) - 54).isLessThan(-1023);
        RealMatrix a = MatrixUtils.createRealDiagonalMatrix(new double[] {1e-308, 1});
        for (Blas blas : Numbers.implementations()) {
            Factorisation f = Factorisation.of(a, blas);
            assertThat(f.rcond()).isGreaterThan(0.5);
            assertClose(Kernels.inverse(f).getEntry(0, 0), 1e308, 1e-14);
        }
    }

    @Test void a_badly_scaled_singular_matrix_stays_singular() {
        double[] x = {1e8, 1, 1e-8};
        RealMatrix rank1 = MatrixUtils.createColumnRealMatrix(x).multiply(MatrixUtils.createRowRealMatrix(new double[] {1e-6, 3, 1e6}));
        for (Blas blas : Numbers.implementations()) {
            Factorisation f = Factorisation.of(rank1, blas);
            assertThat(f.singular()).isTrue();
            assertThat(f.det()).isZero();
        }
    }

    @Test void a_determinant_does_not_underflow_on_the_way() {
        double[] pivots = {1e-160, 1e-160, 1e160, 1e160};
        assertThat(Lu.product(4, i -> pivots[i])).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-14));
        RealMatrix a = MatrixUtils.createRealDiagonalMatrix(pivots);
        assertClose(Factorisation.of(a).det(), 1, 1e-14);
    }

    private static RealMatrix inverseOf(RealMatrix diagonal) {
        double[] v = new double[diagonal.getRowDimension()];
        for (int i = 0; i < v.length; i++) v[i] = 1 / diagonal.getEntry(i, i);
        return MatrixUtils.createRealDiagonalMatrix(v);
    }

    /** Each entry within 1e-9 of the reference's entry, relative to that entry's row and column scale. */
    private static void assertEntrywise(RealMatrix actual, RealMatrix expected) {
        int m = expected.getRowDimension(), k = expected.getColumnDimension();
        assertThat(actual.getRowDimension()).isEqualTo(m);
        assertThat(actual.getColumnDimension()).isEqualTo(k);
        double[] rowMax = new double[m], colMax = new double[k];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < k; j++) {
                rowMax[i] = Math.max(rowMax[i], Math.abs(expected.getEntry(i, j)));
                colMax[j] = Math.max(colMax[j], Math.abs(expected.getEntry(i, j)));
            }
        for (int i = 0; i < m; i++)
            for (int j = 0; j < k; j++) {
                double scale = Math.min(rowMax[i], colMax[j]);
                assertThat(Math.abs(actual.getEntry(i, j) - expected.getEntry(i, j)))
                        .as("entry (%d, %d): %s against %s", i, j, actual.getEntry(i, j), expected.getEntry(i, j))
                        .isLessThanOrEqualTo(1e-9 * scale);
            }
    }
}
