package dev.matdiff.check;

import dev.matdiff.expr.Expr;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.shapes.Program;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.matdiff.testing.Fixtures.def;
import static dev.matdiff.testing.Fixtures.program;
import static org.assertj.core.api.Assertions.assertThat;

/** A check past {@link JointDirections#MAX_DIRECTIONS}: bounded, and still finding and naming one wrong gradient among many. */
class JointDirectionsTest {

    /**
     * f = Σ sum(x_i .* x_i) over {@code count} variables of the declared shape, each with its
     * gradient 2·x_i except variable {@code wrong} (if ≥ 0), whose gradient is {@code wrongGradient}.
     */
    static Problem problem(int count, String shape, int wrong, String wrongGradient) {
        StringBuilder text = new StringBuilder();
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            text.append(shape.startsWith("(") ? "matrix" : "vector").append(" x").append(i).append(shape.startsWith("(") ? shape : "(" + shape + ")").append('\n');
            terms.add("sum(x" + i + " .* x" + i + ")");
        }
        text.append("f = ").append(String.join(" + ", terms)).append('\n');
        for (int i = 0; i < count; i++)
            text.append("g").append(i).append(" = ").append(i == wrong ? wrongGradient.replace("X", "x" + i) : "2*x" + i).append('\n');
        Program p = program(text.toString());
        Map<Expr.Var, Expr> gradients = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) gradients.put(p.variables().get("x" + i), def(p, "g" + i));
        List<Expr> all = new ArrayList<>(gradients.values());
        all.add(p.objective("f"));
        Bindings at = RandomData.draw(p.variables().values(), all, Map.of(), 42, RandomData.Mode.MIXED);
        return new Problem(p.objective("f"), gradients, at);
    }

    record Problem(Expr f, Map<Expr.Var, Expr> gradients, Bindings at) {
        GradientCheck.Result verify() { return GradientCheck.verify(f, gradients, at, GradientCheck.Options.DEFAULT); }

        GradientCheck.Result check() { return GradientCheck.check(f, gradients, at); }
    }

    @Test void up_to_the_budget_every_coordinate_is_compared_as_before() {
        // 32 matrices of 8×8: 2,048 coordinate directions, the most that are compared one by one
        GradientCheck.Result r = problem(32, "(8, 8)", -1, "").check();
        assertThat(r.passed()).as(r.summary()).isTrue();
        assertThat(r.directions()).isEqualTo(JointDirections.MAX_DIRECTIONS);
        assertThat(r.direction()).startsWith("entry (");
    }

    @Test void past_the_budget_many_small_variables_move_together_in_few_directions() {
        GradientCheck.Result r = problem(800, "3", -1, "").verify();
        assertThat(r.passed()).as(r.summary()).isTrue();
        assertThat(r.directions()).isLessThanOrEqualTo(JointDirections.BLOCKS * JointDirections.PER_BLOCK).isGreaterThan(100);
        assertThat(r.direction()).contains("moving these").contains("variables together");
        assertThat(r.worstError()).isLessThan(1e-7);
    }

    @Test void one_wrong_gradient_among_800_is_found_and_named() {
        GradientCheck.Result r = problem(800, "3", 417, "2.02*X").verify();
        assertThat(r.failed()).as(r.summary()).isTrue();
        assertThat(r.variable()).isEqualTo("x417");
        assertThat(r.direction()).startsWith("entry (");
        assertThat(r.worstError()).isGreaterThan(1e-3);
        assertThat(r.summary()).contains("x417 found by halving").contains("FAILED");
        // the directions halving and x417's own coordinates took are counted too
        assertThat(r.directions()).isGreaterThan(JointDirections.BLOCKS * JointDirections.PER_BLOCK / 2);
    }

    @Test void the_one_step_check_names_the_variable_too() {
        GradientCheck.Result r = problem(800, "3", 3, "-2*X").check();
        assertThat(r.failed()).as(r.summary()).isTrue();
        assertThat(r.variable()).isEqualTo("x3");
        assertThat(r.direction()).startsWith("entry (");
    }

    @Test void the_first_and_the_last_variable_are_found_too() {
        assertThat(problem(800, "3", 0, "2*X + 0.001*X").verify().variable()).isEqualTo("x0");
        assertThat(problem(800, "3", 799, "X").verify().variable()).isEqualTo("x799");
    }

    @Test void a_variable_with_a_block_to_itself_takes_as_many_random_directions_as_a_large_one() {
        // 33 matrices of 8×8: 2,112 coordinates; each has more than a 128th of the entries, so it is a block alone
        GradientCheck.Result good = problem(33, "(8, 8)", -1, "").verify();
        assertThat(good.passed()).as(good.summary()).isTrue();
        assertThat(good.directions()).isEqualTo(33 * GradientCheck.Options.DEFAULT.randomDirections());
        GradientCheck.Result wrong = problem(33, "(8, 8)", 20, "2*X'").verify();
        assertThat(wrong.failed()).as(wrong.summary()).isTrue();
        assertThat(wrong.variable()).isEqualTo("x20");
        assertThat(wrong.direction()).startsWith("random direction");
    }

    @Test void blocks_cover_every_variable_once_in_order_at_most_the_bound_many() {
        Problem p = problem(1000, "3", -1, "");
        List<List<Expr.Var>> blocks = JointDirections.blocks(p.gradients().keySet(), p.at());
        // 3,000 entries: a block closes at 24 (⌈3000/128⌉), 8 variables
        assertThat(blocks).hasSize(125).allMatch(b -> b.size() == 8);
        List<Expr.Var> flat = new ArrayList<>();
        blocks.forEach(flat::addAll);
        assertThat(flat).containsExactlyElementsOf(p.gradients().keySet());
    }
}
