package dev.matdiff.check;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Deriver;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.numeric.Bindings;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link JacobianCheck} past {@link JointDirections#MAX_DIRECTIONS}: few directions, and one wrong derivative among hundreds found and named. */
class JacobianCheckJointTest {

    static final int COUNT = 700;  // 3-vectors: 2,100 columns, past the budget

    static Derivation derive(String objective, boolean hessian) {
        StringBuilder text = new StringBuilder();
        List<String> names = new ArrayList<>(), terms = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            text.append("vector x").append(i).append("(3)\n");
            names.add("x" + i);
            terms.add(objective.replace("X", "x" + i));
        }
        text.append("F = ").append(String.join(" + ", terms)).append('\n');
        return MatDiff.parse(text.toString()).derive(null, names, Deriver.Options.DEFAULT.withSecondOrder(hessian, false));
    }

    /** The derivation with variable {@code wrong}'s Jacobian (or Hessian) 0.1% off. */
    static Derivation tampered(Derivation d, String wrong, boolean hessian) {
        Map<String, Expr> changed = new LinkedHashMap<>(hessian ? d.higher().hessians() : d.higher().jacobians());
        changed.put(wrong, Exprs.scale(Exprs.num(1.001), changed.get(wrong)));
        Derivation.Higher h = d.higher();
        return new Derivation(d.objectiveName(), d.objective(), d.wrt(), d.steps(), d.gradients(), d.assumptions(),
                new Derivation.Higher(hessian ? h.jacobians() : changed, hessian ? changed : h.hessians(), h.hessianVectorProducts(),
                        h.directions(), h.numerator()));
    }

    static Bindings point(Derivation d) {
        return RandomData.draw(d.wrt(), d.objectiveAndGradients(), Map.of(), 42, RandomData.Mode.MIXED);
    }

    @Test void jacobians_of_many_variables_move_together_and_one_wrong_one_is_named() {
        Derivation d = derive("sin(X)", false);
        Bindings at = point(d);
        GradientCheck.Result good = JacobianCheck.check(d, at, GradientCheck.TOLERANCE, 1);
        assertThat(good.passed()).as(good.summary()).isTrue();
        assertThat(good.directions()).isLessThanOrEqualTo(JointDirections.BLOCKS * JointDirections.PER_BLOCK);
        assertThat(good.direction()).contains("variables together");

        GradientCheck.Result wrong = JacobianCheck.check(tampered(d, "x417", false), at, GradientCheck.TOLERANCE, 1);
        assertThat(wrong.failed()).as(wrong.summary()).isTrue();
        assertThat(wrong.variable()).isEqualTo("x417");
        assertThat(wrong.direction()).startsWith("Jacobian entry (");
        assertThat(wrong.summary()).contains("x417 found by halving");
    }

    @Test void hessians_of_many_variables_take_two_random_directions_each_and_a_wrong_one_fails() {
        Derivation d = derive("sum(exp(X))", true);
        Bindings at = point(d);
        GradientCheck.Result good = JacobianCheck.check(d, at, GradientCheck.TOLERANCE, 1);
        assertThat(good.passed()).as(good.summary()).isTrue();
        assertThat(good.directions()).isEqualTo(COUNT * JointDirections.PER_BLOCK);

        GradientCheck.Result wrong = JacobianCheck.check(tampered(d, "x99", true), at, GradientCheck.TOLERANCE, 1);
        assertThat(wrong.failed()).as(wrong.summary()).isTrue();
        assertThat(wrong.variable()).isEqualTo("x99");
        assertThat(wrong.direction()).startsWith("Hessian random direction");
    }
}
