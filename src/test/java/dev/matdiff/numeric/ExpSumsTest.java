package dev.matdiff.numeric;

import dev.matdiff.MatDiff;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Logs and quotients of sums of exponentials whose terms overflow (exp(1000)) or underflow (exp(−1000)) as
 * written, where the closed forms are ordinary numbers: the plan computes them with the largest exponent
 * taken out ({@link ExpSums}). References are the closed forms rewritten by hand in terms of the difference
 * of the exponents, d = b − a: log(e^a + e^b) = a + log1p(e^d), e^a/(e^a + e^b) = 1/(1 + e^d).
 */
class ExpSumsTest {

    private static final double RELATIVE = 1e-14;

    private static MatDiff.Evaluation eval(String program, List<String> wrt, Map<String, RealMatrix> values) {
        MatDiff m = MatDiff.parse(program);
        return m.evaluate(m.derive(null, wrt), values);
    }

    private static RealMatrix scalar(double v) { return MatrixUtils.createRealMatrix(new double[][] {{v}}); }

    private static RealMatrix col(double... v) { return MatrixUtils.createColumnRealMatrix(v); }

    private static double grad(MatDiff.Evaluation r, String x) { return r.gradients().get(x).getEntry(0, 0); }

    private static void assertRelative(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(RELATIVE * Math.abs(expected)));
    }

    @Test void log_of_a_sum_of_two_exponentials_of_large_or_very_negative_arguments_is_finite_with_its_gradient() {
        for (double a : new double[] {1000, -1000, 0.5}) {
            double b = a - 1, d = -1;
            MatDiff.Evaluation r = eval("scalar a, b\nL = log(exp(a) + exp(b))", List.of("a", "b"), Map.of("a", scalar(a), "b", scalar(b)));
            assertRelative(r.value(), a + Math.log1p(Math.exp(d)));
            assertRelative(grad(r, "a"), 1 / (1 + Math.exp(d)));
            assertRelative(grad(r, "b"), Math.exp(d) / (1 + Math.exp(d)));
        }
    }

    @Test void the_same_through_named_exponentials_of_vectors_with_three_terms() {
        MatDiff.Evaluation r = eval("vector x(n), y(n)\nu = exp(x)\nL = sum(log(u + exp(y) + 2*exp(x - y)))", List.of("x", "y"),
                Map.of("x", col(1000, -800), "y", col(1000, -801)));
        // entry 1: 2e^1000 + 2e^0, whose log is 1000 + log 2 to rounding; entry 2: e^-800 + e^-801 + 2e^1, whose log is 1 + log 2
        assertRelative(r.value(), 1000 + Math.log(2) + 1 + Math.log(2));
        // ∂/∂x of log(e^x + e^y + 2e^(x−y)) = (e^x + 2e^(x−y))/sum, ∂/∂y = (e^y − 2e^(x−y))/sum: 1/2 and 1/2, then 1 and −1
        assertRelative(r.gradients().get("x").getEntry(0, 0), 0.5);
        assertRelative(r.gradients().get("y").getEntry(0, 0), 0.5);
        assertRelative(r.gradients().get("x").getEntry(1, 0), 1);
        assertRelative(r.gradients().get("y").getEntry(1, 0), -1);
    }

    @Test void a_logistic_written_as_a_quotient_and_its_gradient_have_values_where_exp_overflows() {
        // exp(a)/(exp(a) + exp(b)) = 1/(1 + e^(b−a)); its gradient in a is that times 1 − itself
        MatDiff.Evaluation r = eval("scalar a, b\nL = exp(a)/(exp(a) + exp(b))", List.of("a", "b"), Map.of("a", scalar(1000), "b", scalar(999)));
        double s = 1 / (1 + Math.exp(-1));
        assertRelative(r.value(), s);
        assertRelative(grad(r, "a"), s * (1 - s));
        assertRelative(grad(r, "b"), -s * (1 - s));
        // 2/(1 + exp(−a)) at a = −800: exp(800) overflows, the value 2e^-800 and its slope underflow to 0
        MatDiff.Evaluation t = eval("scalar a\nL = 2/(1 + exp(-a))", List.of("a"), Map.of("a", scalar(-800)));
        assertThat(t.value()).isCloseTo(0, within(1e-300));
        assertThat(grad(t, "a")).isCloseTo(0, within(1e-300));
        MatDiff.Evaluation u = eval("scalar a\nL = 2/(1 + exp(-a))", List.of("a"), Map.of("a", scalar(-30)));
        assertRelative(u.value(), 2 * Math.exp(-30) / (1 + Math.exp(-30)));
    }

    @Test void a_log_of_a_difference_of_exponentials_is_finite_and_a_nonpositive_one_is_still_refused() {
        MatDiff.Evaluation r = eval("scalar a, b\nL = log(exp(a) - exp(b))", List.of("a", "b"), Map.of("a", scalar(1000), "b", scalar(999)));
        assertRelative(r.value(), 1000 + Math.log1p(-Math.exp(-1)));
        assertRelative(grad(r, "a"), 1 / (1 - Math.exp(-1)));
        assertThatThrownBy(() -> eval("scalar a, b\nL = log(exp(a) - exp(b))", List.of("a"), Map.of("a", scalar(999), "b", scalar(1000))))
                .hasMessageContaining("log needs positive entries");
    }

    @Test void log_of_exp_is_its_argument_beyond_the_range_of_exp() {
        MatDiff.Evaluation r = eval("scalar a\nL = log(exp(a))", List.of("a"), Map.of("a", scalar(-1000)));
        assertThat(r.value()).isEqualTo(-1000);
        assertThat(grad(r, "a")).isEqualTo(1);
    }
}
