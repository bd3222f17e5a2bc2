package dev.matdiff.numeric;

import dev.matdiff.MatDiff;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Forms whose textbook evaluation overflows or cancels, where a stable one gives every digit: the
 * plan computes 1 − sigmoid(x), 1 − tanh(x)² and sqrt(x'*x) from their arguments (see {@link StableForms}),
 * and log(1 + exp(u)), log(sum(exp(X))) and exp(X)/sum(exp(X)) in the forms eval and generated code share
 * ({@link dev.matdiff.expr.ComputedForms}). References are the closed forms worked out here by other formulas.
 */
class StableFormsTest {

    private static final double RELATIVE = 1e-14;

    private static MatDiff.Evaluation eval(String program, String objective, String wrt, Map<String, RealMatrix> values) {
        MatDiff m = MatDiff.parse(program);
        return m.evaluate(m.derive(objective, List.of(wrt)), values);
    }

    private static RealMatrix col(double... v) { return MatrixUtils.createColumnRealMatrix(v); }

    private static RealMatrix scalar(double v) { return MatrixUtils.createRealMatrix(new double[][] {{v}}); }

    private static void assertRelative(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(RELATIVE * Math.abs(expected)));
    }

    /** σ'(x) = e^(−|x|) / (1 + e^(−|x|))², with no 1 − σ in it. */
    private static double sigmoidSlope(double x) {
        double e = Math.exp(-Math.abs(x));
        return e / ((1 + e) * (1 + e));
    }

    @Test void log_of_the_sum_of_exp_of_large_entries_is_finite_and_its_gradient_is_the_softmax() {
        MatDiff.Evaluation r = eval("vector x(n)\nL = log(sum(exp(x)))", null, "x", Map.of("x", col(1000, 999, 0, -1000)));
        double lse = 1000 + Math.log1p(Math.exp(-1));  // e^-1000 and e^-2000 are below rounding next to 1
        assertRelative(r.value(), lse);
        assertRelative(r.gradients().get("x").getEntry(0, 0), 1 / (1 + Math.exp(-1)));
        assertRelative(r.gradients().get("x").getEntry(1, 0), Math.exp(-1) / (1 + Math.exp(-1)));
        assertThat(r.gradients().get("x").getEntry(2, 0)).isCloseTo(0, within(1e-300));
    }

    @Test void log_of_the_sum_of_exp_of_a_matrix_takes_every_entry() {
        RealMatrix x = MatrixUtils.createRealMatrix(new double[][] {{1000, -5}, {999, 800}});
        MatDiff.Evaluation r = eval("matrix X(2, 2)\nL = log(sum(exp(X)))", null, "X", Map.of("X", x));
        assertRelative(r.value(), 1000 + Math.log1p(Math.exp(-1)));
        // its gradient, exp(X)/sum(exp(X)), is the softmax of all four entries
        assertRelative(r.gradients().get("X").getEntry(0, 0), 1 / (1 + Math.exp(-1)));
        assertRelative(r.gradients().get("X").getEntry(1, 1), Math.exp(-200) / (1 + Math.exp(-1)));
    }

    /**
     * A heteroscedastic model's gradient in its scales, 1 ⊘ s − (y − Xw).^2 ⊘ s.^3, where y and Xw are near 1e8 and
     * a residual below 1: the printed square of the residual keeps every digit (expanded it gave [1, 0.5, 2]).
     */
    @Test void a_standardised_residuals_gradient_in_its_scale_keeps_its_digits() {
        MatDiff.Evaluation r = eval("matrix X(m, n) constant\nvector w(n), sg(m)\nvector y(m) constant\n"
                + "L = sum(log(sg)) + sqnorm((y - X*w) ./ sg)/2", null, "sg",
                Map.of("X", MatrixUtils.createRealMatrix(new double[][] {{1, 0}, {0, 1}, {1, 1}}), "w", col(1e8, 2e8),
                        "y", col(100000000.5, 199999999.75, 300000001.0), "sg", col(1, 2, 0.5)));
        // residuals 0.5, −0.25 and 1, exact in doubles: 1/s − r²/s³
        double[] expected = {1 - 0.25, 0.5 - 0.0625 / 8, 2 - 8};
        for (int i = 0; i < 3; i++) assertRelative(r.gradients().get("sg").getEntry(i, 0), expected[i]);
    }

    /** The product of two squared sums stays a product of the sums: 4a(a − b)(a + b)/c⁴, not its expansion, at a − b = 1, a = 1e8 + 1. */
    @Test void a_product_of_squared_sums_keeps_its_digits() {
        MatDiff.Evaluation r = eval("scalar a, b, c\nL = ((a - b)/c)^2*((a + b)/c)^2", null, "a",
                Map.of("a", scalar(100000001), "b", scalar(100000000), "c", scalar(1)));
        assertRelative(r.gradients().get("a").getEntry(0, 0), 4.0 * 100000001 * 200000001);
    }

    /**
     * A difference the objective wrote stays a factor where a quotient's derivative puts everything over its divisor (trial
     * s60c): ∇_b (a − b)³/b = −(a − b)²(a + 2b)/b², not (3ab² − a³ − 2b³)/b² (−2.95e-4 for −7.5e-13 at a = 1e12 + 0.5); Pearson's
     * χ², ∇_y (x − y)²/y = −(x − y)(x + y)/y², not 1 − x²/y²; a Cauchy loss's divisor m + (x − m)², not its expansion.
     */
    @Test void a_written_difference_stays_a_factor_of_a_quotients_derivative() {
        MatDiff.Evaluation cube = eval("scalar a, b\nL = (a - b)^3/b", null, "b", Map.of("a", scalar(1000000000000.5), "b", scalar(1e12)));
        assertRelative(cube.gradients().get("b").getEntry(0, 0), -7.50000000000125e-13);
        MatDiff.Evaluation pearson = eval("vector x(n), y(n)\nL = sum((x - y).^2 ./ y)", null, "y",
                Map.of("x", col(1000000000000.5, 1000000000002.0), "y", col(1e12, 999999999999.0)));
        assertRelative(pearson.gradients().get("y").getEntry(0, 0), -1.00000000000025e-12);
        assertRelative(pearson.gradients().get("y").getEntry(1, 0), -6.000000000015e-12);
        MatDiff.Evaluation cauchy = eval("vector x(n), m(n)\nscalar c\nL = sum(log(c*ones(n) + (x - m).^2 ./ m))", null, "m",
                Map.of("x", col(100000000.5), "m", col(1e8), "c", scalar(3)));
        // −(x − m)(x + m)/(m(cm + (x − m)²)) with x − m = 0.5: every factor exact to a rounding
        assertRelative(cauchy.gradients().get("m").getEntry(0, 0), -0.5 * 200000000.5 / (1e8 * (3e8 + 0.25)));
    }

    /** log(e^a/(e^a + e^b))'s slope in a is e^b/(e^a + e^b): written 1 − e^a/(e^a + e^b), 0 at a = 40 (trial s60c). */
    @Test void a_two_term_log_softmaxs_slope_keeps_its_digits() {
        MatDiff.Evaluation at40 = eval("scalar a, b\nL = log(exp(a)/(exp(a) + exp(b)))", null, "a", Map.of("a", scalar(40), "b", scalar(0)));
        assertRelative(at40.gradients().get("a").getEntry(0, 0), 1 / (1 + Math.exp(40)));
    }

    /** 1 ∓ tanh(u), log(1 ± tanh(u))'s slope, is 2σ(∓2u): as written 0 past u ≈ 19 (trial s60c), 8.5e-18 at 20. */
    @Test void one_minus_a_tanh_near_one_keeps_its_digits() {
        MatDiff.Evaluation plus = eval("vector u(n)\nL = sum(log(ones(n) + tanh(u)))", null, "u", Map.of("u", col(20, 15, 0.3)));
        MatDiff.Evaluation minus = eval("vector u(n)\nL = sum(log(ones(n) - tanh(u)))", null, "u", Map.of("u", col(-20, -15, 0.3)));
        double[] u = {20, 15, 0.3};
        for (int i = 0; i < 3; i++) {
            assertRelative(plus.gradients().get("u").getEntry(i, 0), 2 / (1 + Math.exp(2 * u[i])));
            assertRelative(minus.gradients().get("u").getEntry(i, 0), -2 / (1 + Math.exp(2 * (i == 2 ? -u[i] : u[i]))));
        }
    }

    @Test void the_sigmoids_slope_far_out_keeps_its_digits() {
        MatDiff.Evaluation r = eval("vector x(n)\nL = sum(sigmoid(x))", null, "x", Map.of("x", col(40, -40, 20, 0.5)));
        double[] x = {40, -40, 20, 0.5};
        for (int i = 0; i < x.length; i++) assertRelative(r.gradients().get("x").getEntry(i, 0), sigmoidSlope(x[i]));
        // staged through a named layer, the slope reads z .* (ones(n) - z) with z = sigmoid(x)
        MatDiff.Evaluation staged = eval("vector x(n), y(n)\nz = sigmoid(x)\nL = y'*z", null, "x", Map.of("x", col(40, -40), "y", col(2, 3)));
        assertRelative(staged.gradients().get("x").getEntry(0, 0), 2 * sigmoidSlope(40));
        assertRelative(staged.gradients().get("x").getEntry(1, 0), 3 * sigmoidSlope(-40));
    }

    /**
     * Where the objective has σ(x) or tanh(x), the slope's 1 − σ(x) and 1 − tanh(x)² come from those values where that
     * keeps every digit, and from x past that: every digit either side of where the two meet (x = 2 and |x| = 1).
     */
    @Test void the_slopes_taken_from_the_functions_values_keep_their_digits_either_side_of_the_switch() {
        double[] x = {1.999, 2, 2.001, 0.5, -0.999, -1, -1.001, 0.999, 1, 1.001, -3, 7};
        MatDiff.Evaluation sig = eval("vector x(n)\nL = sum(sigmoid(x))", null, "x", Map.of("x", col(x)));
        MatDiff.Evaluation tanh = eval("vector x(n)\nL = sum(tanh(x))", null, "x", Map.of("x", col(x)));
        for (int i = 0; i < x.length; i++) {
            assertRelative(sig.gradients().get("x").getEntry(i, 0), sigmoidSlope(x[i]));
            double c = Math.cosh(x[i]);
            assertRelative(tanh.gradients().get("x").getEntry(i, 0), 1 / (c * c));
        }
    }

    @Test void one_minus_a_sigmoid_near_one_is_its_mirror_image() {
        // the value itself, not only a derivative: y'*(1 - σ(x)) at x = 40 is e^-40 / (1 + e^-40)
        MatDiff.Evaluation r = eval("vector x(n), y(n)\nL = y'*(ones(n) - sigmoid(x))", null, "y", Map.of("x", col(40, 36), "y", col(1, 2)));
        assertRelative(r.value(), Math.exp(-40) / (1 + Math.exp(-40)) + 2 * Math.exp(-36) / (1 + Math.exp(-36)));
        // -log σ(a): its slope σ(a) − 1 = −σ(−a), a scaled complement
        MatDiff.Evaluation s = eval("scalar a\nL = -log(sigmoid(a))", null, "a", Map.of("a", scalar(40)));
        assertRelative(s.gradients().get("a").getEntry(0, 0), -Math.exp(-40) / (1 + Math.exp(-40)));
    }

    /** σ''(x) = σ(x)(1 − σ(x))(1 − 2σ(x)): its last factor is −tanh(x/2), which 1 − 2σ(x) loses near 0. */
    @Test void the_sigmoids_second_derivative_near_zero_keeps_its_digits() {
        MatDiff m = MatDiff.parse("vector x(n)\nL = sum(sigmoid(x))");
        var d = m.derive(null, List.of("x"), dev.matdiff.calculus.Deriver.Options.DEFAULT.withSecondOrder(true, false));
        double[] x = {1e-9, -3e-7, 2.5, -40};
        RealMatrix h = m.evaluate(d, Map.of("x", col(x))).hessians().get("x");
        for (int i = 0; i < x.length; i++) {
            double c = Math.cosh(x[i] / 2);
            assertRelative(h.getEntry(i, i), -Math.sinh(x[i] / 2) / (4 * c * c * c));  // d/dx of σ' = 1/(4cosh²(x/2))
        }
        // the value itself, scaled: y'*(3*ones(n) - 6*sigmoid(x)) is −3·Σ yᵢ·tanh(xᵢ/2)
        MatDiff.Evaluation r = eval("vector x(n), y(n)\nL = y'*(3*ones(n) - 6*sigmoid(x))", null, "y", Map.of("x", col(1e-10, 2e-12), "y", col(1, 2)));
        assertRelative(r.value(), -3 * (Math.tanh(0.5e-10) + 2 * Math.tanh(1e-12)));
    }

    @Test void the_tanh_slope_far_out_keeps_its_digits() {
        double[] x = {30, -10, 5, 0.3};
        MatDiff.Evaluation r = eval("vector x(n)\nL = sum(tanh(x))", null, "x", Map.of("x", col(x)));
        for (int i = 0; i < x.length; i++) {
            double c = Math.cosh(x[i]);
            assertRelative(r.gradients().get("x").getEntry(i, 0), 1 / (c * c));
        }
        // a scalar's derivative is written with the matrix power, 1 - tanh(a)^2
        MatDiff.Evaluation s = eval("scalar a\nL = tanh(a)", null, "a", Map.of("a", scalar(20)));
        assertRelative(s.gradients().get("a").getEntry(0, 0), 1 / (Math.cosh(20) * Math.cosh(20)));
    }

    @Test void the_arcsin_slope_next_to_one_keeps_its_digits() {
        // x = 1 − 2⁻⁴⁰: 1 − x² = 2⁻³⁹ − 2⁻⁸⁰ exactly, which 1 − x·x rounds to 2⁻³⁹ (an error of 1e-12, relative)
        double x = 1 - Math.scalb(1.0, -40);
        MatDiff.Evaluation r = eval("vector x(n)\nL = sum(arcsin(x))", null, "x", Map.of("x", col(x, 0.5)));
        assertRelative(r.gradients().get("x").getEntry(0, 0), 1 / Math.sqrt(Math.scalb(1.0, -39) * (1 - Math.scalb(1.0, -41))));
        assertRelative(r.gradients().get("x").getEntry(1, 0), 2 / Math.sqrt(3));
    }

    @Test void a_matrix_power_is_not_taken_entry_by_entry() {
        // ones - tanh(A)^2 with A 2×2 is 1 minus the matrix product, not sech² of each entry
        RealMatrix a = MatrixUtils.createRealMatrix(new double[][] {{0.5, -1}, {2, 0.25}});
        RealMatrix t = a.copy();
        t.walkInOptimizedOrder(new org.apache.commons.math3.linear.DefaultRealMatrixChangingVisitor() {
            @Override public double visit(int i, int j, double v) { return Math.tanh(v); }
        });
        RealMatrix t2 = t.multiply(t);
        double expected = 4 - (t2.getEntry(0, 0) + t2.getEntry(0, 1) + t2.getEntry(1, 0) + t2.getEntry(1, 1));
        MatDiff.Evaluation r = eval("matrix A(2, 2)\nL = sum(ones(2, 2) - tanh(A)^2)", null, "A", Map.of("A", a));
        assertRelative(r.value(), expected);
    }

    @Test void the_square_root_of_a_sum_of_squares_is_a_norm_that_does_not_overflow() {
        MatDiff.Evaluation r = eval("vector x(n)\nL = sqrt(x'*x)", null, "x", Map.of("x", col(1e200, -2e200, 2e200)));
        assertRelative(r.value(), 3e200);
        assertRelative(r.gradients().get("x").getEntry(1, 0), -2.0 / 3);
        RealMatrix tiny = MatrixUtils.createRealMatrix(new double[][] {{3e-200, 4e-200}});
        assertRelative(eval("matrix X(1, 2)\nL = sqrt(sum(X.^2))", null, "X", Map.of("X", tiny)).value(), 5e-200);
        assertRelative(eval("matrix X(1, 2)\nL = sqrt(sqnorm(X))", null, "X", Map.of("X", tiny)).value(), 5e-200);
    }

    /** The logistic loss log(1 + exp(z)) at margins of ±1000, where exp overflows: softplus, entry by entry, and for a scalar. */
    @Test void log_of_one_plus_exp_is_softplus_at_large_entries() {
        MatDiff.Evaluation r = eval("vector x(n)\nL = sum(log(ones(n) + exp(x)))", null, "x", Map.of("x", col(1000, 1, -1000)));
        assertRelative(r.value(), 1000 + Math.log1p(Math.E));
        assertRelative(r.gradients().get("x").getEntry(0, 0), 1);  // its gradient is sigmoid(x)
        assertRelative(eval("scalar a\nL = log(exp(a) + 1)", null, "a", Map.of("a", scalar(1000))).value(), 1000);
        assertRelative(eval("scalar a\nL = log(1 + exp(a))", null, "a", Map.of("a", scalar(-40))).value(), Math.exp(-40));
    }

    /** Forms that look like the stable ones but are not their identities: each is computed as written, and right. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"sum(ones(2) - 2*sigmoid(x))", "sum(ones(2) - z)", "sum(2*ones(2) - sigmoid(x))",
            "sum(ones(2) - sigmoid(x) - x)", "sqrt((2*x)'*x)", "sum(ones(2) - 0.25*x.^2)", "log(2*sum(exp(x)))", "sum(eye(2) - x*x')",
            "sum(log(2*ones(2) + exp(x)))", "sum(log(ones(2) + 2*exp(x)))", "sum(log(2*ones(2) - exp(x)))"})
    void a_form_that_only_looks_stable_keeps_its_value(String objective) {
        double s1 = 1 / (1 + Math.exp(-0.5)), s2 = 1 / (1 + Math.exp(2));  // at x = (0.5, −2), x'x = 4.25
        double want = switch (objective) {
            case "sum(ones(2) - 2*sigmoid(x))", "sum(ones(2) - z)" -> 2 - 2 * (s1 + s2);  // z = 2*sigmoid(x)
            case "sum(2*ones(2) - sigmoid(x))" -> 4 - (s1 + s2);
            case "sum(ones(2) - sigmoid(x) - x)" -> 2 - (s1 + s2) + 1.5;
            case "sqrt((2*x)'*x)" -> Math.sqrt(2 * 4.25);
            case "sum(ones(2) - 0.25*x.^2)" -> 2 - 0.25 * 4.25;
            case "log(2*sum(exp(x)))" -> Math.log(2 * (Math.exp(0.5) + Math.exp(-2)));
            case "sum(log(2*ones(2) + exp(x)))" -> Math.log(2 + Math.exp(0.5)) + Math.log(2 + Math.exp(-2));
            case "sum(log(ones(2) + 2*exp(x)))" -> Math.log(1 + 2 * Math.exp(0.5)) + Math.log(1 + 2 * Math.exp(-2));
            case "sum(log(2*ones(2) - exp(x)))" -> Math.log(2 - Math.exp(0.5)) + Math.log(2 - Math.exp(-2));
            default -> 2 - (0.5 - 2) * (0.5 - 2);  // sum(eye(2) - x x') = 2 − (Σx)²
        };
        assertRelative(eval("vector x(2)\nz = 2*sigmoid(x)\nL = " + objective, "L", "x", Map.of("x", col(0.5, -2))).value(), want);
    }

    @Test void log_of_one_plus_a_tiny_number_is_log1p_and_keeps_it() {
        // log(1 + 1e-20) rounds 1 + 1e-20 to 1 and gives 0; log1p(x) = x − x²/2 + … is 1e-20
        MatDiff.Evaluation r = eval("scalar a\nL = log(1 + a)", null, "a", Map.of("a", scalar(1e-20)));
        assertRelative(r.value(), 1e-20);
        MatDiff.Evaluation v = eval("vector x(n)\nL = sum(log(ones(n) + x))", null, "x", Map.of("x", col(1e-18, -1e-17)));
        assertRelative(v.value(), 1e-18 - 1e-17);
    }

    @Test void log_of_a_sum_of_exp_written_as_a_product_with_ones_or_per_column_is_a_log_sum_exp() {
        double lse = 1000 + Math.log1p(Math.exp(-1));
        for (String objective : List.of("log(ones(n)'*exp(x))", "log(exp(x)'*ones(n))")) {
            MatDiff.Evaluation r = eval("vector x(n)\nL = " + objective, null, "x", Map.of("x", col(1000, 999)));
            assertRelative(r.value(), lse);
            assertRelative(r.gradients().get("x").getEntry(0, 0), 1 / (1 + Math.exp(-1)));
        }
        // sum(exp(X), 1) of each column and sum(exp(X), 2) of each row: read through their gradient in w
        RealMatrix x = MatrixUtils.createRealMatrix(new double[][] {{1000, -1000}, {999, -1001}});
        MatDiff.Evaluation c = eval("matrix X(2, 2)\nvector w(2)\nL = log(sum(exp(X), 1))*w", null, "w", Map.of("X", x, "w", col(1, 1)));
        assertRelative(c.gradients().get("w").getEntry(0, 0), lse);
        assertRelative(c.gradients().get("w").getEntry(1, 0), lse - 2000);
        MatDiff.Evaluation rows = eval("matrix X(2, 2)\nvector w(2)\nL = w'*log(sum(exp(X), 2))", null, "w", Map.of("X", x.transpose(), "w", col(1, 1)));
        assertRelative(rows.gradients().get("w").getEntry(0, 0), lse);
        assertRelative(rows.gradients().get("w").getEntry(1, 0), lse - 2000);
    }

    @Test void a_softmax_sigmoid_or_row_log_sum_exp_written_out_through_names_is_computed_stably() {
        // NumPy's spellings: E ./ (E*ones(K)*ones(K)') is a softmax by rows, whose log is Z − logsumexp by rows; exp(Z)*ones(K)
        // the row sums of exp; 1 ./ (1 + exp(−u)) a sigmoid, whose logs are −softplus: all overflowed to inf or NaN at |z| = 1000
        // lse − 1000, the part of a row's logsumexp past its largest entry, written so that it keeps its digits
        double past = Math.log1p(Math.exp(-1));
        RealMatrix z = MatrixUtils.createRealMatrix(new double[][] {{1000, 999}, {-1000, -1001}});
        RealMatrix y = MatrixUtils.createRealMatrix(new double[][] {{0, 1}, {1, 0}});
        MatDiff.Evaluation ce = eval("matrix Z(N, K)\nmatrix Y(N, K) constant\nE = exp(Z)\nP = E ./ (E*ones(K)*ones(K)')\nL = -sum(Y .* log(P))",
                "L", "Z", Map.of("Z", z, "Y", y));
        assertRelative(ce.value(), 2 * past + 1);
        // by columns, samples as columns: E ./ (ones(K)*ones(K)'*E), the same numbers transposed
        MatDiff.Evaluation columns = eval("matrix Z(K, N)\nmatrix Y(K, N) constant\nE = exp(Z)\nP = E ./ (ones(K)*ones(K)'*E)\n"
                + "L = -sum(Y .* log(P))", "L", "Z", Map.of("Z", z.transpose(), "Y", y.transpose()));
        assertRelative(columns.value(), 2 * past + 1);
        MatDiff.Evaluation rows = eval("matrix Z(N, K)\nL = sum(log(exp(Z)*ones(K)))", null, "Z", Map.of("Z", z));
        // the rows' logsumexps, near 1000 and −1000, added: their rounding (1e-13) is the objective's own
        assertRelative(rows.value(), (1000 + past) + (past - 1000));
        assertRelative(rows.gradients().get("Z").getEntry(0, 0), 1 / (1 + Math.exp(-1)));
        MatDiff.Evaluation logistic = eval("vector z(n)\nvector y(n) constant\np = ones(n) ./ (ones(n) + exp(-z))\n"
                + "L = -y'*log(p) - (ones(n) - y)'*log(ones(n) - p)", "L", "z", Map.of("z", col(-1000, 1000), "y", col(1, 1)));
        assertRelative(logistic.value(), 1000);
        assertRelative(logistic.gradients().get("z").getEntry(0, 0), -1);
        // a softmax over all of a matrix's entries, and its log: log(exp(X)/sum(exp(X))) = X − logsumexp(vec(X))
        // (its gradient in Z is not yet written with the softmax: the value, and its derivative in a scale a, are)
        MatDiff.Evaluation all = eval("matrix Z(N, K) constant\nscalar a\nL = a*sum(log(exp(Z)/sum(exp(Z))))", null, "a",
                Map.of("Z", z, "a", MatrixUtils.createRealMatrix(new double[][] {{1}})));
        double total = 1000 + Math.log1p(Math.exp(-1));
        assertRelative(all.value(), 1000 + 999 - 1000 - 1001 - 4 * total);
        assertRelative(all.gradients().get("a").getEntry(0, 0), 1000 + 999 - 1000 - 1001 - 4 * total);
        // with the 1 a number: the language reads 1 ./ u as u.^-1
        MatDiff.Evaluation one = eval("vector z(n)\nvector y(n) constant\np = 1 ./ (ones(n) + exp(-z))\n"
                + "L = -y'*log(p) - (ones(n) - y)'*log(ones(n) - p)", "L", "z", Map.of("z", col(-1000, 1000), "y", col(1, 1)));
        assertRelative(one.value(), 1000);
    }

    @Test void the_gradient_of_a_per_column_log_sum_exp_written_out_is_the_softmax_of_each_column() {
        // ∇_X log(sum(exp(X), 1))*w = exp(X) .* (ones*(w' ./ sum(exp(X), 1))): column j is w_j times its softmax
        RealMatrix x = MatrixUtils.createRealMatrix(new double[][] {{1000, -1000}, {999, -1001}});
        double p = 1 / (1 + Math.exp(-1)), q = Math.exp(-1) / (1 + Math.exp(-1));
        RealMatrix g = eval("matrix X(2, 2)\nvector w(2) constant\nL = log(sum(exp(X), 1))*w", null, "X", Map.of("X", x, "w", col(2, 3)))
                .gradients().get("X");
        assertRelative(g.getEntry(0, 0), 2 * p);
        assertRelative(g.getEntry(1, 0), 2 * q);
        assertRelative(g.getEntry(0, 1), 3 * p);
        assertRelative(g.getEntry(1, 1), 3 * q);
        RealMatrix rows = eval("matrix X(2, 2)\nL = sum(log(sum(exp(X), 2)))", null, "X", Map.of("X", x.transpose())).gradients().get("X");
        assertRelative(rows.getEntry(0, 0), p);
        assertRelative(rows.getEntry(0, 1), q);
        assertRelative(rows.getEntry(1, 1), q);
    }

    @Test void the_quotient_rule_gradient_of_a_written_out_softmax_is_finite_where_exp_overflows() {
        // ∇ of w'*(exp(x)/sum(exp(x))) is s .* (w − (w's)·1), s the softmax: at x = (1000, 999), s = (p, q)
        double p = 1 / (1 + Math.exp(-1)), q = Math.exp(-1) / (1 + Math.exp(-1)), ws = 1.5 * p - 0.5 * q;
        for (double shift : new double[] {0, -2000}) {
            MatDiff.Evaluation r = eval("vector x(n)\nvector w(n) constant\nL = w'*(exp(x)/sum(exp(x)))", null, "x",
                    Map.of("x", col(1000 + shift, 999 + shift), "w", col(1.5, -0.5)));
            assertRelative(r.value(), ws);
            assertRelative(r.gradients().get("x").getEntry(0, 0), p * (1.5 - ws));
            assertRelative(r.gradients().get("x").getEntry(1, 0), q * (-0.5 - ws));
        }
    }
}
