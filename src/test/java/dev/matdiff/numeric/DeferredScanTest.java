package dev.matdiff.numeric;

import dev.matdiff.expr.Expr;
import dev.matdiff.shapes.Program;

import org.junit.jupiter.api.Test;

import static dev.matdiff.numeric.EvaluatorFixture.assertFails;
import static dev.matdiff.testing.Fixtures.col;
import static dev.matdiff.testing.Fixtures.m;
import static dev.matdiff.testing.Fixtures.program;
import static dev.matdiff.testing.Fixtures.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A value read only by steps that carry a NaN or an infinity into their own results (sums, ⊙, scalings) is not
 * scanned when made ({@link Plan#deferred}): its readers' scan finds it. What fails is still named where it was made.
 */
class DeferredScanTest {

    /** Whether the plan of {@code body} leaves the scan of the step that computes {@code step} to its readers. */
    private static boolean deferred(String body, String step) {
        Program p = program(EvaluatorFixture.DECLS + "f = " + body);
        String line = Plan.of(p.objective(null)).listing().lines().filter(l -> l.endsWith("  " + step)).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + step + " in the plan of " + body));
        return line.contains("(scanned by its readers)");
    }

    @Test void an_elementwise_chain_is_scanned_at_its_end() {
        String f = "sum(a*(x .* y) - x .* x)";
        assertThat(deferred(f, "x .* y")).isTrue();
        assertThat(deferred(f, "a*(x .* y)")).isTrue();
        assertThat(deferred(f, "a*(x .* y) - x .* x")).isTrue();
        // the result the caller receives is always scanned
        assertThat(deferred(f, f)).isFalse();
    }

    @Test void a_value_some_reader_does_not_carry_is_scanned_when_made() {
        // exp takes -∞ to 0, a product may skip a zero: neither carries a NaN or an infinity for sure
        assertThat(deferred("sum(exp(x .* y))", "x .* y")).isFalse();
        assertThat(deferred("sum(A*(v .* v))", "v .* v")).isFalse();
        // a/∞ is 0: a divisor is scanned, a numerator need not be
        assertThat(deferred("sum(x ./ (y .* y))", "y .* y")).isFalse();
        assertThat(deferred("sum((x .* y) ./ y)", "x .* y")).isTrue();
        // ∞.^p is ∞ for p > 0, 0 for p < 0
        assertThat(deferred("sum((x .* y).^0.5)", "x .* y")).isTrue();
        assertThat(deferred("sum((x .* y).^-3)", "x .* y")).isFalse();
    }

    @Test void an_overflow_is_named_where_it_happened_not_where_it_was_found() {
        // x = (1, 2, 3), y = (0.5, -1, 2): e^450·e^300 overflows at the third entry
        String product = "exp(150*x) .* exp(150*y): entry (3, 1) of the result is Infinity";
        assertFails("sum(exp(150*x) .* exp(150*y) + x)", product);
        // ∞ − ∞ is NaN two steps later: the infinity is still named
        assertFails("sum((exp(150*x) .* exp(150*y) - (exp(150*x) .* exp(150*y)) .* y) .* y)", product);
        // found by a reader that fails on it for a reason of its own (the log of NaN)
        assertFails("sum(log(exp(150*x) .* exp(150*y) - (exp(150*x) .* exp(150*y)) .* y))", product);
    }

    /**
     * diag(A*B) as row dots is arithmetic, though diag of a value is finite: scanned (review s72r: an overflow to NaN went
     * through relu and tanh to a finite, wrong value, before this session's change too).
     */
    @Test void a_fused_diagonal_of_a_product_is_scanned() {
        Program p = program("matrix A(2, 2), B(2, 2)\nscalar a\nf = sum(tanh(relu(diag(A*B)))) + a");
        Bindings b = Bindings.bind(p.variables().values(), values("A", m(new double[] {1.5e200, -1e200}, new double[] {1, 1}),
                "B", m(new double[] {1e200, 1}, new double[] {1e200, 1}), "a", 1.0));
        assertThat(Plan.of(p.objective(null)).listing()).contains("DIAG_PRODUCT");
        assertThatThrownBy(() -> new Evaluator(b).value(p.objective(null))).isInstanceOf(NumericException.class)
                .hasMessage("diag(A*B): entry (1, 1) of the result is NaN");
    }

    @Test void a_failed_evaluation_leaves_no_unscanned_value_behind() {
        Program p = program(EvaluatorFixture.DECLS + "g = exp(150*x) .* exp(150*y)\nf = sum(g + x)");
        Bindings b = Bindings.bind(p.variables().values(), values("A", EvaluatorFixture.A, "B", EvaluatorFixture.B,
                "S", EvaluatorFixture.S, "x", col(1, 2, 3), "y", col(0.5, -1, 2), "v", col(1, -1), "a", 2.0, "b", 0.0));
        Evaluator evaluator = new Evaluator(b);
        Expr f = p.objective("f"), g = p.objective("g");
        assertThatThrownBy(() -> evaluator.value(f)).isInstanceOf(NumericException.class).hasMessageContaining("of the result is Infinity");
        // g was made on the way and not scanned: asked for itself, it fails rather than coming back with its infinity
        assertThatThrownBy(() -> evaluator.value(g)).isInstanceOf(NumericException.class).hasMessageContaining("of the result is Infinity");
    }
}
