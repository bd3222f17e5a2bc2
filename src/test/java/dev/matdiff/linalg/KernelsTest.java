package dev.matdiff.linalg;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The scalar functions matdiff computes itself rather than through java.lang.Math. */
class KernelsTest {

    /** A dominant class's log-probability is −log1p(Σ others): x − logsumexp(x) left it 1% wrong at a margin of 30. */
    @Test void log_softmax_keeps_its_digits_where_one_entry_dominates() {
        var x = org.apache.commons.math3.linear.MatrixUtils.createColumnRealMatrix(new double[] {30, 0, -1});
        double others = Math.exp(-30) + Math.exp(-31);
        assertThat(Kernels.logSoftmax(x).getEntry(0, 0)).isCloseTo(-Math.log1p(others), org.assertj.core.data.Percentage.withPercentage(1e-12));
        assertThat(Kernels.logSoftmax(x).getEntry(1, 0)).isCloseTo(-30 - Math.log1p(others), org.assertj.core.data.Percentage.withPercentage(1e-12));
        assertThat(Kernels.logsumexp(x).getEntry(0, 0) - 30).isCloseTo(Math.log1p(others), org.assertj.core.data.Offset.offset(4e-15));
        // a tie for the largest: the second counts among the others
        var tie = org.apache.commons.math3.linear.MatrixUtils.createColumnRealMatrix(new double[] {2, 2});
        assertThat(Kernels.logsumexp(tie).getEntry(0, 0)).isCloseTo(2 + Math.log(2), org.assertj.core.data.Offset.offset(1e-15));
    }

    /** Row sums in four running sums: every row length's tail (0 to 3 past a multiple of four) is counted once. */
    @Test void row_sums_add_every_entry_of_each_row() {
        Random r = new Random(3);
        for (int c = 1; c <= 9; c++) {
            double[] a = new double[3 * c];
            for (int i = 0; i < a.length; i++) a[i] = Math.rint(100 * r.nextGaussian());  // integers: every order sums exactly
            var sums = Kernels.rowSums(new Dense(3, c, a));
            for (int i = 0; i < 3; i++) {
                double expected = 0;
                for (int j = 0; j < c; j++) expected += a[i * c + j];
                assertThat(sums.getEntry(i, 0)).as("row %d of %d columns", i, c).isEqualTo(expected);
            }
        }
    }

    @Test void tanh_is_within_two_ulp_of_strict_math_everywhere() {
        Random r = new Random(7);
        double worst = 0;
        for (int i = 0; i < 2_000_000; i++) {
            double scale = switch (i % 5) { case 0 -> 1e-6; case 1 -> 0.3; case 2 -> 1; case 3 -> 5; default -> 40; };
            double x = scale * r.nextGaussian();
            double expected = StrictMath.tanh(x), got = Kernels.tanh(x);
            worst = Math.max(worst, Math.abs(got - expected) / Math.ulp(expected));
        }
        // the branch point and its neighbours, where the two formulas meet
        for (double x : new double[] {0.625, Math.nextUp(0.625), Math.nextDown(0.625), 22, Math.nextUp(22.0), 1e-300, Double.MIN_VALUE})
            for (double s : new double[] {1, -1})
                worst = Math.max(worst, Math.abs(Kernels.tanh(s * x) - StrictMath.tanh(s * x)) / Math.ulp(StrictMath.tanh(s * x)));
        assertThat(worst).isLessThanOrEqualTo(2);
    }

    @Test void tanh_keeps_the_special_values() {
        assertThat(Kernels.tanh(Double.NaN)).isNaN();
        assertThat(Double.doubleToRawLongBits(Kernels.tanh(-0.0))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Kernels.tanh(Double.POSITIVE_INFINITY)).isEqualTo(1);
        assertThat(Kernels.tanh(Double.NEGATIVE_INFINITY)).isEqualTo(-1);
        assertThat(Kernels.tanh(-1e300)).isEqualTo(-1);
    }

    /** The Frobenius norm of entries whose squares overflow (1e200) or are subnormal (1e-160) is still exact to rounding. */
    @Test void the_norm_is_scaled_where_the_squares_would_overflow_or_underflow() {
        for (double scale : new double[] {1e200, 1e-160, 1e-200, 1, 1e-300}) {
            Dense x = new Dense(3, 1, new double[] {3 * scale, -4 * scale, 12 * scale});
            assertThat(Matrices.norm(x)).isCloseTo(13 * scale, org.assertj.core.data.Percentage.withPercentage(1e-12));
        }
        assertThat(Matrices.norm(new Dense(2, 1, new double[] {0, 0}))).isZero();
        assertThat(Matrices.norm(new Dense(2, 1, new double[] {Double.NaN, 1}))).isNaN();
        assertThat(Matrices.norm(new Dense(2, 1, new double[] {Double.POSITIVE_INFINITY, 1}))).isInfinite();
    }
}
