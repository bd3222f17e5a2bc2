package dev.matdiff.check;

import dev.matdiff.expr.Expr;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.shapes.Program;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.matdiff.testing.Fixtures.def;
import static dev.matdiff.testing.Fixtures.program;
import static org.assertj.core.api.Assertions.assertThat;

class GradientCheckTest {

    /** Checks {@code f} against the definitions named for each variable, at a random point. */
    static GradientCheck.Result check(String text, RandomData.Mode mode, Map<String, Integer> dims, String... varGradient) {
        Program p = program(text);
        Expr f = p.objective("f");
        Map<Expr.Var, Expr> gradients = new LinkedHashMap<>();
        for (int i = 0; i < varGradient.length; i += 2) gradients.put(p.variables().get(varGradient[i]), def(p, varGradient[i + 1]));
        List<Expr> all = new java.util.ArrayList<>(gradients.values());
        all.add(f);
        Bindings at = RandomData.draw(p.variables().values(), all, dims, 42, mode);
        return GradientCheck.check(f, gradients, at);
    }

    static GradientCheck.Result check(String text, String... varGradient) {
        return check(text, RandomData.Mode.MIXED, Map.of(), varGradient);
    }

    static final String TRACE = "matrix A(n,n), X(n,n), B(n,n)\nf = tr(A*X*B)\n"
            + "good = A'*B'\nwrongTranspose = B*A\ndouble = 2*A'*B'\ngoodA = B'*X'\ngoodB = X'*A'\n";

    @Test void a_correct_gradient_passes_far_below_the_tolerance() {
        GradientCheck.Result r = check(TRACE, "X", "good");
        assertThat(r.passed()).isTrue();
        assertThat(r.worstError()).isLessThan(1e-8);
        assertThat(r.directions()).isEqualTo(9); // n = 3, the coordinate directions
    }

    /**
     * A term of f a trillion times the others and constant in x (x'x + 1e12·sum(exp(y)), y constant) is left out of the
     * differences: it rounded them at its size, under which a wrong gradient in x "passed" (hostile trial: symbolic −0.87
     * against numeric 0.38). Now the right gradient passes and a wrong one fails; a zero gradient beside such a term passes.
     */
    @Test void terms_the_variables_do_not_reach_are_not_differenced() {
        String program = "vector x(n), y(n)\nf = x'*x + 1e12*sum(exp(y))\ngood = 2*x\nwrong = -x\n";
        for (String g : List.of("good", "wrong")) {
            Program p = program(program);
            Map<Expr.Var, Expr> gradients = Map.of(p.variables().get("x"), def(p, g));
            Bindings at = RandomData.draw(p.variables().values(), List.of(p.objective("f")), Map.of(), 42, RandomData.Mode.MIXED);
            GradientCheck.Result r = GradientCheck.verify(p.objective("f"), gradients, at, GradientCheck.Options.DEFAULT);
            assertThat(r.verdict()).as(g).isEqualTo(g.equals("good") ? GradientCheck.Verdict.PASSED : GradientCheck.Verdict.FAILED);
        }
        assertThat(check("vector x(n), y(n)\nf = 1e12*sum(exp(y)) + 0*sum(x)\nzero = 0*x\n", "x", "zero").passed()).isTrue();
    }

    @Test void several_variables_at_once() {
        GradientCheck.Result r = check(TRACE, "X", "good", "A", "goodA", "B", "goodB");
        assertThat(r.passed()).isTrue();
        assertThat(r.errors()).containsOnlyKeys("X", "A", "B");
        assertThat(r.directions()).isEqualTo(27);
    }

    @Test void a_wrong_transpose_fails_and_says_where() {
        GradientCheck.Result r = check(TRACE, "X", "wrongTranspose");
        assertThat(r.passed()).isFalse();
        assertThat(r.worstError()).isGreaterThan(1e-2);
        assertThat(r.variable()).isEqualTo("X");
        assertThat(r.direction()).startsWith("entry (");
        assertThat(r.summary()).contains("FAILED").contains("at X, entry (");
    }

    @Test void a_factor_of_two_fails() {
        GradientCheck.Result r = check(TRACE, "X", "double");
        assertThat(r.passed()).isFalse();
        assertThat(r.worstError()).isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test void one_wrong_variable_among_right_ones_fails() {
        GradientCheck.Result r = check(TRACE, "X", "good", "A", "goodB", "B", "goodB");
        assertThat(r.passed()).isFalse();
        assertThat(r.variable()).isEqualTo("A");
        assertThat(r.errors().get("X")).isLessThan(1e-8);
    }

    @Test void large_variables_use_random_directions() {
        String text = "matrix X(n,n), A(n,n)\nf = sum(exp(X)) + tr(A*X)\ngood = exp(X) + A'\nwrong = exp(X) + A\n";
        GradientCheck.Result good = check(text, RandomData.Mode.MIXED, Map.of("n", 10), "X", "good");
        assertThat(good.passed()).isTrue();
        assertThat(good.directions()).isEqualTo(GradientCheck.Options.DEFAULT.randomDirections());
        assertThat(good.worstError()).isLessThan(1e-8);
        GradientCheck.Result wrong = check(text, RandomData.Mode.MIXED, Map.of("n", 10), "X", "wrong");
        assertThat(wrong.passed()).isFalse();
        assertThat(wrong.direction()).startsWith("random direction");
    }

    @Test void logdet_needs_the_transposed_inverse() {
        String text = "matrix X(n,n)\nf = logdet(X)\ngood = inv(X)'\nwrong = inv(X)\n";
        assertThat(check(text, "X", "good").passed()).isTrue();
        assertThat(check(text, "X", "wrong").passed()).isFalse();
    }

    @Test void least_squares() {
        String text = "matrix X(m,n)\nvector w(n), y(m)\nr = X*w - y\nf = r'*r\ngood = 2*X'*r\nhalf = X'*r\ngoodX = 2*r*w'\n";
        assertThat(check(text, "w", "good", "X", "goodX").passed()).isTrue();
        assertThat(check(text, "w", "half").passed()).isFalse();
    }

    @Test void positive_data_for_logs_and_roots() {
        String text = "matrix X(m,n)\nf = sum(log(X)) + sum(sqrt(X)) + sum(arcsin(X))\n"
                + "good = X .^ -1 + 0.5 * X .^ -0.5 + (ones(m,n) - X .* X) .^ -0.5\n";
        assertThat(check(text, RandomData.Mode.POSITIVE, Map.of(), "X", "good").passed()).isTrue();
    }

    @Test void smooth_nonlinear_objectives() {
        String text = "matrix W(m,n)\nvector x(n), y(m)\nz = W*x\nf = logsumexp(z) - y'*z + sum(tanh(z)) + sqnorm(sigmoid(z))\n"
                + "s = sigmoid(z)\ndz = softmax(z) - y + (ones(m) - tanh(z) .* tanh(z)) + 2 * s .* s .* (ones(m) - s)\n"
                + "gW = dz*x'\ngx = W'*dz\n";
        GradientCheck.Result r = check(text, "W", "gW", "x", "gx");
        assertThat(r.passed()).as(r.summary()).isTrue();
        assertThat(r.worstError()).isLessThan(1e-7);
    }

    @Test void symmetric_variables_are_perturbed_symmetrically() {
        String text = "matrix A(n,n)\nsymmetric S(n)\nvector x(n)\nf = tr(A*S) + x'*S*x\n"
                + "good = (A + A')/2 + x*x'\nraw = A + x*x'\ncookbook = A + A' - diag(diag(A)) + 2*x*x' - diag(diag(x*x'))\n";
        GradientCheck.Result good = check(text, "S", "good");
        assertThat(good.passed()).as(good.summary()).isTrue();
        assertThat(good.directions()).isEqualTo(6); // n = 3: the upper triangle
        // A itself has the right inner product with every symmetric direction, but is not in the space
        GradientCheck.Result raw = check(text, "S", "raw");
        assertThat(raw.passed()).isFalse();
        assertThat(raw.direction()).startsWith("symmetry of the gradient");
        GradientCheck.Result cookbook = check(text, "S", "cookbook");
        assertThat(cookbook.passed()).isFalse();
        assertThat(cookbook.direction()).startsWith("entries (");
    }

    @Test void a_variable_that_f_does_not_depend_on_has_gradient_zero() {
        String text = "matrix X(n,n)\nvector x(n)\nf = x'*x\nzero = 0*X\nwrong = X\n";
        assertThat(check(text, "X", "zero").passed()).isTrue();
        assertThat(check(text, "X", "wrong").passed()).isFalse();
    }

    @Test void a_cancelling_objective_is_judged_against_its_terms() {
        // f is 0 up to rounding: the numeric derivative is noise the size of eps·|logdet(S)|
        String text = "symmetric S(n)\nf = logdet(S) - log(det(S))\nzero = 0*S\n";
        GradientCheck.Result r = check(text, "S", "zero");
        assertThat(r.passed()).as(r.summary()).isTrue();
    }

    @Test void relative_error_uses_the_floor_only_for_tiny_values() {
        assertThat(GradientCheck.relative(1, 1, 1e-6)).isZero();
        assertThat(GradientCheck.relative(2, 1, 1e-6)).isEqualTo(0.5);
        assertThat(GradientCheck.relative(1e-12, 0, 1e-6)).isEqualTo(1e-6);
    }
}
