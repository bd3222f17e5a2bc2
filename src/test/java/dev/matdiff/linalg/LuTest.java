package dev.matdiff.linalg;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.NonSquareMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.matdiff.linalg.Numbers.assertClose;
import static dev.matdiff.linalg.Numbers.random;
import static dev.matdiff.linalg.Numbers.wellConditioned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** LU through LAPACK (dgetrf, dgetri, dgecon, dtrsm, dgetrs) agrees with Commons Math's, on both implementations. */
class LuTest {

    @Test void transposed_solves_agree_with_commons_math() {
        Random r = new Random(13);
        for (Blas blas : Numbers.implementations())
            for (int n : Numbers.SIZES) {
                // a general matrix, so that the solves go through row interchanges
                RealMatrix a = random(r, n, n), inverse = new LUDecomposition(a).getSolver().getInverse();
                Lu lu = new Lu(a, blas);
                for (int k : new int[] {1, 7}) {
                    RealMatrix b = random(r, n, k), c = random(r, k, n);
                    assertClose(lu.solveTransposed(b), inverse.transpose().multiply(b), 1e-8);
                    assertClose(lu.solveRightTransposed(c), c.multiply(inverse.transpose()), 1e-8);
                }
            }
    }

    @Test void det_logdet_inverse_and_solves_agree_with_commons_math() {
        Random r = new Random(11);
        for (Blas blas : Numbers.implementations())
            for (int n : Numbers.SIZES) {
                RealMatrix a = wellConditioned(r, n);
                DecompositionSolver cm = new LUDecomposition(a).getSolver();
                Lu lu = new Lu(a, blas);
                assertThat(lu.singular()).isFalse();
                double det = new LUDecomposition(a).getDeterminant();
                assertClose(lu.logAbsDet(), Math.log(Math.abs(det)), 1e-12);
                assertThat(lu.sign()).isEqualTo((int) Math.signum(det));
                if (Double.isFinite(det)) assertClose(lu.det(), det, 1e-12);
                assertClose(lu.inverse(), cm.getInverse(), 1e-12);
                for (int k : new int[] {1, 7, 64}) {
                    RealMatrix b = random(r, n, k), c = random(r, k, n);
                    assertClose(lu.solve(b), cm.solve(b), 1e-12);
                    assertClose(lu.solveRight(c), c.multiply(cm.getInverse()), 1e-12);
                }
            }
    }

    @Test void a_solve_needs_no_inverse_and_the_estimated_rcond_is_close_to_the_exact_one() {
        Random r = new Random(12);
        for (Blas blas : Numbers.implementations()) {
            RealMatrix a = random(r, 64, 64);
            Lu estimated = new Lu(a, blas), exact = new Lu(a, blas);
            RealMatrix b = random(r, 64, 3);
            assertClose(estimated.solve(b), new LUDecomposition(a).getSolver().solve(b), 1e-9);
            double rcond = estimated.rcond();  // dgecon: no inverse was formed
            exact.inverse();
            assertThat(rcond).isBetween(exact.rcond() / 10, exact.rcond() * 10);
            assertClose(exact.rcond(), 1 / (a.getNorm() * new LUDecomposition(a).getSolver().getInverse().getNorm()), 1e-9);
        }
    }

    @Test void row_interchanges_give_the_sign_of_the_determinant() {
        RealMatrix swap = MatrixUtils.createRealMatrix(new double[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}});
        RealMatrix cycle = MatrixUtils.createRealMatrix(new double[][] {{0, 1, 0}, {0, 0, 1}, {1, 0, 0}});
        for (Blas blas : Numbers.implementations()) {
            assertThat(new Lu(swap, blas).det()).isEqualTo(-1);
            assertThat(new Lu(swap, blas).sign()).isEqualTo(-1);
            assertThat(new Lu(cycle, blas).det()).isEqualTo(1);
            assertClose(new Lu(swap, blas).solve(MatrixUtils.createColumnRealMatrix(new double[] {1, 2, 3})),
                    MatrixUtils.createColumnRealMatrix(new double[] {2, 1, 3}), 0);
        }
    }

    /**
     * Issue 15: det multiplied the pivots by sign(), which already holds the pivots' own signs, so a
     * negative pivot was counted twice (det(diag(2, -3)) came out 6). The well-conditioned matrices
     * above have a dominant positive diagonal, whose pivots are all positive.
     */
    @Test void negative_pivots_are_counted_once() {
        Random r = new Random(13);
        for (Blas blas : Numbers.implementations()) {
            assertThat(new Lu(MatrixUtils.createRealMatrix(new double[][] {{2, 0}, {0, -3}}), blas).det()).isEqualTo(-6);
            assertThat(new Lu(MatrixUtils.createRealMatrix(new double[][] {{-2, 0}, {0, -3}}), blas).det()).isEqualTo(6);
            assertThat(new Lu(MatrixUtils.createRealMatrix(new double[][] {{0, -2}, {3, 0}}), blas).det()).isEqualTo(6);
            for (int n : Numbers.SIZES) {
                if (n > 64) continue;
                RealMatrix a = random(r, n, n);  // Gaussian entries: pivots of both signs
                double det = new LUDecomposition(a).getDeterminant();
                assertClose(new Lu(a, blas).det(), det, 1e-9);
                assertThat(new Lu(a, blas).sign()).isEqualTo((int) Math.signum(det));
            }
        }
    }

    @Test void singular_is_judged_against_the_matrix_s_own_scale() {
        for (Blas blas : Numbers.implementations()) {
            assertThat(new Lu(new Array2DRowRealMatrix(3, 3), blas).singular()).isTrue();
            Lu rank1 = new Lu(MatrixUtils.createRealMatrix(new double[][] {{1, 2}, {2, 4}}), blas);
            assertThat(rank1.singular()).isTrue();
            assertThat(rank1.det()).isZero();
            assertThat(rank1.sign()).isZero();
            assertThat(rank1.logAbsDet()).isEqualTo(Double.NEGATIVE_INFINITY);
            assertThat(rank1.inverse()).isNull();
            assertThat(rank1.solve(MatrixUtils.createColumnRealMatrix(new double[] {1, 1}))).isNull();
            assertThat(rank1.rcond()).isZero();
            // a tiny matrix is not singular for being tiny: ε is relative to max|a_ij| (Commons Math's default is an absolute 1e-11)
            Lu tiny = new Lu(MatrixUtils.createRealMatrix(new double[][] {{1e-200, 0}, {0, 2e-200}}), blas);
            assertThat(tiny.singular()).isFalse();
            assertClose(tiny.logAbsDet(), Math.log(2) + 2 * Math.log(1e-200), 1e-12);
            // rank 2 of 3 up to rounding: a pivot at rounding level counts as zero
            Lu rounded = new Lu(MatrixUtils.createRealMatrix(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}), blas);
            assertThat(rounded.singular()).isTrue();
        }
    }

    /** The evaluator's nearly singular example (robustness.NumericInputTest): above the singularity threshold, below MIN_RCOND. */
    @Test void a_nearly_singular_matrix_is_flagged_by_its_rcond() {
        RealMatrix nearly = MatrixUtils.createRealMatrix(new double[][] {{1, 1}, {1, 1 + 1e-15}});
        for (Blas blas : Numbers.implementations()) {
            Lu lu = new Lu(nearly, blas);
            assertThat(lu.singular()).isFalse();
            assertThat(lu.rcond()).isLessThan(Lu.MIN_RCOND);
            assertThat(lu.inverse()).isNotNull();
            assertThat(lu.rcond()).isLessThan(Lu.MIN_RCOND);
            assertThat(String.format("%.1e", lu.rcond())).isEqualTo(String.format("%.1e",
                    1 / (nearly.getNorm() * new LUDecomposition(nearly, 1e-300).getSolver().getInverse().getNorm())));
        }
    }

    @Test void a_matrix_that_is_not_square_has_no_lu() {
        assertThatThrownBy(() -> new Lu(new Array2DRowRealMatrix(2, 3))).isInstanceOf(NonSquareMatrixException.class);
    }

    /**
     * OpenBLAS's parallel LU overflows a 1 MB thread stack from n = 100 on (a SIGSEGV that kills the
     * JVM, this test run with it): {@link Blas} factorises on a thread of its own with a large stack.
     */
    @Test void a_large_lu_on_a_thread_with_a_small_stack_does_not_crash() throws Exception {
        Random r = new Random(13);
        RealMatrix a = wellConditioned(r, 400);
        double[] logdet = new double[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                logdet[0] = new Lu(a).logAbsDet();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "small stack", 256 << 10);
        t.start();
        t.join();
        assertThat(failure[0]).isNull();
        assertClose(logdet[0], Math.log(Math.abs(new LUDecomposition(a).getDeterminant())), 1e-12);
    }
}
