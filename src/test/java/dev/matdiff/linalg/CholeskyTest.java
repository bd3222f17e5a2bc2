package dev.matdiff.linalg;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.matdiff.linalg.Numbers.assertClose;
import static dev.matdiff.linalg.Numbers.random;
import static dev.matdiff.linalg.Numbers.spd;
import static org.assertj.core.api.Assertions.assertThat;

/** Cholesky through LAPACK (dpotrf, dpotri, dpocon, dtrsm, dpotrs) agrees with Commons Math's, on both implementations. */
class CholeskyTest {

    @Test void det_logdet_inverse_and_solves_agree_with_commons_math() {
        Random r = new Random(21);
        for (Blas blas : Numbers.implementations())
            for (int n : Numbers.SIZES) {
                RealMatrix a = spd(r, n);
                CholeskyDecomposition cm = new CholeskyDecomposition(a);
                DecompositionSolver solver = cm.getSolver();
                Cholesky c = Cholesky.of(a, blas).orElseThrow();
                double logdet = 0;
                for (int i = 0; i < n; i++) logdet += 2 * Math.log(cm.getL().getEntry(i, i));
                assertClose(c.logDet(), logdet, 1e-12);
                if (Double.isFinite(cm.getDeterminant())) assertClose(c.det(), cm.getDeterminant(), 1e-12);
                RealMatrix inverse = c.inverse();
                assertClose(inverse, solver.getInverse(), 1e-12);
                assertThat(inverse.isSquare() && MatrixUtils.isSymmetric(inverse, 0)).isTrue();
                for (int k : new int[] {1, 7, 64}) {
                    RealMatrix b = random(r, n, k), bt = random(r, k, n);
                    assertClose(c.solve(b), solver.solve(b), 1e-12);
                    assertClose(c.solveRight(bt), bt.multiply(solver.getInverse()), 1e-12);
                }
                // the same numbers as an LU of the same matrix
                Lu lu = new Lu(a, blas);
                assertClose(c.logDet(), lu.logAbsDet(), 1e-12);
                assertClose(c.rcond(), lu.rcond(), 0.5);
            }
    }

    /**
     * A symmetric matrix singular in exact arithmetic is not taken for positive definite by a pivot at rounding level:
     * [[2, 4], [4, 8]] left l_22² = ε·8 and det 3.6e-15, where its LU finds exactly 0 (trial s59u). A 1×1 matrix's
     * determinant is its entry, not its root squared back (det([[5]]) was 5.000000000000001).
     */
    @Test void a_singular_symmetric_matrix_has_determinant_zero_and_a_scalar_its_entry() {
        RealMatrix singular = new Array2DRowRealMatrix(new double[][] {{2, 4}, {4, 8}});
        for (Blas blas : Numbers.implementations()) {
            assertThat(Cholesky.of(singular, blas)).isEmpty();
            Factorisation f = Factorisation.of(singular, blas);
            assertThat(f.det()).isZero();
            assertThat(f.singular()).isTrue();
            assertThat(Factorisation.of(new Array2DRowRealMatrix(new double[][] {{5}}), blas).det()).isEqualTo(5.0);
            assertThat(Factorisation.of(new Array2DRowRealMatrix(new double[][] {{3}}), blas).det()).isEqualTo(3.0);
        }
    }

    /** The inverse's finite-value check is its norm, summed for rcond anyway; a change through setEntry forgets it. */
    @Test void an_inverse_is_known_finite_until_it_is_changed() {
        Random r = new Random(5);
        for (RealMatrix inverse : new RealMatrix[] {Cholesky.of(spd(r, 70)).orElseThrow().inverse(), new Lu(random(r, 70, 70)).inverse()}) {
            assertThat(Dense.knownFinite(inverse)).isTrue();
            assertThat(Matrices.allFinite(inverse)).isTrue();
            inverse.setEntry(3, 4, Double.NaN);
            assertThat(Dense.knownFinite(inverse)).isFalse();
            assertThat(Matrices.allFinite(inverse)).isFalse();
        }
    }

    /** The inverse from the factor, halved recursively into BLAS-3 calls, is LAPACK's dpotri's, at sizes that split unevenly. */
    @Test void the_recursive_inverse_from_the_factor_is_dpotris() {
        Random r = new Random(22);
        for (Blas blas : Numbers.implementations())
            for (int n : new int[] {32, 33, 65, 97, 130}) {
                double[] l = Dense.freshFlat(spd(r, n));
                org.netlib.util.intW info = new org.netlib.util.intW(0);
                blas.lapack().dpotrf("L", n, l, n, info);
                double[] expected = l.clone();
                blas.lapack().dpotri("L", n, expected, n, info);
                double[] got = FactorInverse.of(l, n, blas);
                double scale = 0;
                for (double v : expected) scale = Math.max(scale, Math.abs(v));
                for (int j = 0; j < n; j++)
                    for (int i = j; i < n; i++)  // the lower triangle, column-major
                        assertThat(Math.abs(got[j * n + i] - expected[j * n + i])).as("n = %d (%d, %d)", n, i, j).isLessThanOrEqualTo(1e-13 * scale);
            }
    }

    @Test void a_logdet_stays_finite_where_the_det_overflows() {
        RealMatrix big = MatrixUtils.createRealIdentityMatrix(300).scalarMultiply(1e3);
        for (Blas blas : Numbers.implementations()) {
            Cholesky c = Cholesky.of(big, blas).orElseThrow();
            assertThat(c.det()).isInfinite();
            assertClose(c.logDet(), 300 * Math.log(1e3), 1e-12);
        }
    }

    @Test void what_is_not_symmetric_positive_definite_has_no_cholesky() {
        Random r = new Random(22);
        RealMatrix x = random(r, 5, 1);
        for (Blas blas : Numbers.implementations()) {
            // indefinite
            assertThat(Cholesky.of(MatrixUtils.createRealMatrix(new double[][] {{1, 2}, {2, 1}}), blas)).isEmpty();
            assertThat(Cholesky.of(MatrixUtils.createRealMatrix(new double[][] {{-1}}), blas)).isEmpty();
            // not symmetric, though its upper triangle alone would factor
            assertThat(Cholesky.of(MatrixUtils.createRealMatrix(new double[][] {{2, 1}, {0, 2}}), blas)).isEmpty();
            // not square
            assertThat(Cholesky.of(new Array2DRowRealMatrix(2, 3), blas)).isEmpty();
            // positive semidefinite only: x·xᵀ has rank 1, and zero has rank 0
            assertThat(Cholesky.of(x.multiply(x.transpose()), blas)).isEmpty();
            assertThat(Cholesky.of(new Array2DRowRealMatrix(3, 3), blas)).isEmpty();
            assertThat(Cholesky.of(MatrixUtils.createRealMatrix(new double[][] {{1, Double.NaN}, {Double.NaN, 1}}), blas)).isEmpty();
        }
    }

    @Test void symmetric_up_to_rounding_is_symmetric() {
        RealMatrix a = MatrixUtils.createRealMatrix(new double[][] {{2, 1}, {1 + 4 * Math.ulp(1.0), 2}});
        for (Blas blas : Numbers.implementations()) assertThat(Cholesky.of(a, blas)).isPresent();
    }

    @Test void a_nearly_singular_spd_matrix_is_flagged_by_its_rcond() {
        RealMatrix nearly = MatrixUtils.createRealMatrix(new double[][] {{1, 1}, {1, 1 + 1e-14}});
        for (Blas blas : Numbers.implementations()) {
            Cholesky c = Cholesky.of(nearly, blas).orElseThrow();
            assertThat(c.rcond()).isLessThan(Lu.MIN_RCOND);
            c.inverse();
            assertThat(c.rcond()).isLessThan(Lu.MIN_RCOND);
            assertClose(c.rcond(), 1 / (nearly.getNorm() * new LUDecomposition(nearly, 1e-300).getSolver().getInverse().getNorm()), 1e-3);
        }
    }
}
