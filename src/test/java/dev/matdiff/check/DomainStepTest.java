package dev.matdiff.check;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Deriver;
import dev.matdiff.expr.Expr;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.shapes.Program;

import org.apache.commons.math3.linear.MatrixUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static dev.matdiff.check.KinksTest.column;
import static dev.matdiff.testing.Fixtures.def;
import static dev.matdiff.testing.Fixtures.program;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An entry nearer the edge of f's domain than the step (1e-9 under log): the difference takes a step
 * that fits inside the domain, so a right gradient passes there and a wrong one still fails.
 */
class DomainStepTest {

    static GradientCheck.Result verify(String f, String gradient, double... x) {
        Program p = program("vector x(n)\nf = " + f + "\ng = " + gradient + "\n");
        Map<Expr.Var, Expr> gradients = Map.of(p.variables().get("x"), def(p, "g"));
        return GradientCheck.verify(p.objective("f"), gradients, KinksTest.at(p, Map.of("x", column(x))), GradientCheck.Options.DEFAULT);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sum(log(x))    | 1 ./ x                      | 1e-9",
            "sum(sqrt(x))   | 0.5 ./ sqrt(x)              | 1e-12",
            "sum(arcsin(x)) | 1 ./ sqrt(ones(n) - x .* x) | 0.9999999"})
    void aRightGradientPassesNearTheEdgeOfTheDomain(String f, String gradient, double near) {
        GradientCheck.Result r = verify(f, gradient, near, 0.3, 0.1);
        assertThat(r.verdict()).as(r.summary()).isEqualTo(GradientCheck.Verdict.PASSED);
    }

    @Test void aGradientOffByATenthOfAPercentAtTheEntryNearTheEdgeFails() {
        // 0.1% too large at x = 1e-9 (exp(-1e6 x) ≈ 1), exact at 0.3 and 1 (exp(-3e5) = 0)
        GradientCheck.Result r = verify("sum(log(x))", "(ones(n) + 0.001*exp(-1000000*x)) ./ x", 1e-9, 0.3, 1);
        assertThat(r.verdict()).as(r.summary()).isEqualTo(GradientCheck.Verdict.FAILED);
        assertThat(r.direction()).isEqualTo("entry (1, 1)");
        assertThat(r.worstError()).isBetween(5e-4, 2e-3);
    }

    @Test void aWrongFactorNearTheEdgeFailsThroughTheFinerLadderToo() {
        GradientCheck.Result r = verify("sum(log(x))", "2 ./ x", 1e-9, 0.3, 1);
        assertThat(r.verdict()).as(r.summary()).isEqualTo(GradientCheck.Verdict.FAILED);
    }

    /** The Hessian (the difference of 1/x, defined past log's edge) or the Jacobian of log(x) at 1e-9: right, and 0.1% off. */
    static GradientCheck.Result higher(String program, boolean hessian, boolean off) {
        Derivation d = MatDiff.parse(program).derive(null, List.of("x"), Deriver.Options.DEFAULT.withSecondOrder(hessian, false));
        if (off) d = JacobianCheckJointTest.tampered(d, "x", hessian);
        Bindings at = Bindings.bind(d.wrt(), Map.of("x", MatrixUtils.createRealMatrix(column(1e-9, 0.3, 1))));
        return JacobianCheck.check(d, at, GradientCheck.TOLERANCE, 1);
    }

    @Test void aHessianNearTheEdgeIsComparedInsideTheObjectivesDomain() {
        GradientCheck.Result right = higher("vector x(n)\nL = sum(log(x))\n", true, false);
        assertThat(right.verdict()).as(right.summary()).isEqualTo(GradientCheck.Verdict.PASSED);
        GradientCheck.Result wrong = higher("vector x(n)\nL = sum(log(x))\n", true, true);
        assertThat(wrong.verdict()).as(wrong.summary()).isEqualTo(GradientCheck.Verdict.FAILED);
    }

    @Test void aJacobianNearTheEdgeIsCompared() {
        GradientCheck.Result right = higher("vector x(n)\nF = log(x)\n", false, false);
        assertThat(right.verdict()).as(right.summary()).isEqualTo(GradientCheck.Verdict.PASSED);
        GradientCheck.Result wrong = higher("vector x(n)\nF = log(x)\n", false, true);
        assertThat(wrong.verdict()).as(wrong.summary()).isEqualTo(GradientCheck.Verdict.FAILED);
    }

    @Test void theStepIsTheLargestThatStaysInsideWithAMargin() {
        Program p = program("vector x(n)\nf = sum(log(x))\n");
        Bindings at = KinksTest.at(p, Map.of("x", column(1e-9, 0.3, 1)));
        // entry 1 moves by 0.1·rms(x) ≈ 0.06 per unit step: the edge is 1.7e-8 steps away
        double h = DomainStep.fitted(p.objective("f"), at, Map.of("x", MatrixUtils.createRealMatrix(column(0.06, 0, 0))));
        assertThat(h * 0.06).isLessThan(1e-9 / 8).isGreaterThan(1e-9 / 1000);
    }

    @Test void noStepDownToTheSmallestStaysInside() {
        Program p = program("vector x(n)\nf = sum(sqrt(x))\n");
        Bindings at = KinksTest.at(p, Map.of("x", column(1e-300, 0.3, 1)));
        assertThatThrownBy(() -> DomainStep.fitted(p.objective("f"), at, Map.of("x", MatrixUtils.createRealMatrix(column(0.06, 0, 0)))))
                .isInstanceOf(DomainStep.Outside.class)
                .hasMessageStartingWith("no finite difference moving x stays where the objective is defined, with steps down to 1e-14")
                .hasMessageContaining("sqrt needs entries ≥ 0");
    }
}
