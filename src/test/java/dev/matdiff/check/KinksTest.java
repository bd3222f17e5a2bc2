package dev.matdiff.check;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Deriver;
import dev.matdiff.expr.Expr;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.shapes.Program;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.matdiff.testing.Fixtures.def;
import static dev.matdiff.testing.Fixtures.program;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subgradient at a kink is not a failure (a finite difference there averages the slopes either
 * side), while a wrong gradient of the same objective, away from the kink or along a direction
 * that does not move it, still fails.
 */
class KinksTest {

    static final String RELU = "vector x(n)\nf = sum(relu(x))\ngood = sign(relu(x))\nwrong = 2*sign(relu(x))\n";

    static GradientCheck.Result verify(String text, String gradient, Map<String, double[][]> point) {
        Program p = program(text);
        Map<Expr.Var, Expr> gradients = Map.of(p.variables().get("x"), def(p, gradient));
        return GradientCheck.verify(p.objective("f"), gradients, at(p, point), GradientCheck.Options.DEFAULT);
    }

    static Bindings at(Program p, Map<String, double[][]> point) {
        Map<String, RealMatrix> values = new LinkedHashMap<>();
        point.forEach((name, v) -> values.put(name, MatrixUtils.createRealMatrix(v)));
        return Bindings.bind(p.variables().values(), values);
    }

    static double[][] column(double... v) {
        double[][] out = new double[v.length][1];
        for (int i = 0; i < v.length; i++) out[i][0] = v[i];
        return out;
    }

    @Test void reluAtItsKinkIsInconclusiveNotFailed() {
        GradientCheck.Result r = verify(RELU, "good", Map.of("x", column(0, 1, -1)));
        assertThat(r.verdict()).as(r.summary()).isEqualTo(GradientCheck.Verdict.INCONCLUSIVE);
        assertThat(r.summary()).contains("across a kink (entry (1, 1) of the argument of relu(x) is 0 there)", "subgradient")
                .endsWith("inconclusive: finite differences cannot decide here");
    }

    /** sign's jump at 0 never settles; the verdict names where, as relu's kink is named, not a bare "cannot decide". */
    @Test void signAtItsJumpIsNamed() {
        GradientCheck.Result r = verify("vector x(n)\nf = sum(sign(x))\ng = 0*x\n", "g", Map.of("x", column(0, 1, 2)));
        assertThat(r.verdict()).as(r.summary()).isEqualTo(GradientCheck.Verdict.INCONCLUSIVE);
        assertThat(r.summary()).contains("which did not settle, reaching a point where f is not differentiable (entry (1, 1) of the argument of sign(x) is 0 there)")
                .doesNotContain("subgradient");
    }

    /** Where several functions have their kink at one entry, each is named: the jump is sign's, not relu's (contract trial). */
    @Test void everyFunctionWithItsKinkAtTheEntryIsNamed() {
        GradientCheck.Result r = verify("vector x(n)\nf = sum(relu(x)) + sum(abs(x)) + sum(sign(x))\ng = sign(relu(x)) + sign(x)\n", "g",
                Map.of("x", column(0, 1, -1)));
        assertThat(r.verdict()).as(r.summary()).isEqualTo(GradientCheck.Verdict.INCONCLUSIVE);
        assertThat(r.summary()).contains("(entry (1, 1) of each argument of relu(x), abs(x) and sign(x) is 0 there)");
    }

    @Test void aWrongGradientOfReluAwayFromItsKinkFails() {
        GradientCheck.Result r = verify(RELU, "wrong", Map.of("x", column(0.5, 1, -1)));
        assertThat(r.verdict()).as(r.summary()).isEqualTo(GradientCheck.Verdict.FAILED);
        assertThat(r.summary()).doesNotContain("kink");
    }

    @Test void aWrongEntryFailsThoughAnotherSitsAtAKink() {
        // entry 2 is off by a factor of 2 and its direction leaves relu's kink at entry 1 alone
        GradientCheck.Result r = verify(RELU, "wrong", Map.of("x", column(0, 1, -1)));
        assertThat(r.verdict()).as(r.summary()).isEqualTo(GradientCheck.Verdict.FAILED);
        assertThat(r.direction()).isEqualTo("entry (2, 1)");
    }

    @Test void aReluNetworkAtZeroWeightsIsInconclusive() {
        String text = "matrix W(m,n)\nvector x(n), y(m)\nf = sqnorm(relu(W*x) - y)\ngood = 2*((relu(W*x) - y) .* sign(relu(W*x)))*x'\n";
        Program p = program(text);
        Expr.Var w = p.variables().get("W");
        Bindings point = at(p, Map.of("W", new double[2][2], "x", column(1, 2), "y", column(1, -1)));
        GradientCheck.Result r = GradientCheck.verify(p.objective("f"), Map.of(w, def(p, "good")), point, GradientCheck.Options.DEFAULT);
        assertThat(r.verdict()).as(r.summary()).isEqualTo(GradientCheck.Verdict.INCONCLUSIVE);
        assertThat(r.summary()).contains("kink", "relu(W*x)");
    }

    @Test void aKinkIsReachedOnlyAlongADirectionThatMovesItsArgument() {
        Program p = program("vector x(n)\nf = norm1(x) + norm(x)\ng = norm(x)\n");
        Bindings oneZero = at(p, Map.of("x", column(0, 1)));
        Kinks kinks = Kinks.of(p.objective("f"), oneZero);
        assertThat(kinks.reached(oneZero, Map.of("x", MatrixUtils.createRealMatrix(column(1, 0))), GradientCheck.STEP))
                .isEqualTo("entry (1, 1) of the argument of norm1(x) is 0 there");
        assertThat(kinks.reached(oneZero, Map.of("x", MatrixUtils.createRealMatrix(column(0, 1))), GradientCheck.STEP)).isNull();
        // norm's kink is where all of x is 0; within a step of 0 counts too
        Bindings nearZero = at(p, Map.of("x", column(1e-9, 0)));
        assertThat(Kinks.of(p.objective("g"), nearZero).reached(nearZero, Map.of("x", MatrixUtils.createRealMatrix(column(0, 1))),
                GradientCheck.STEP)).isEqualTo("the argument of norm(x) is within a step of 0 there");
    }
    /** F = relu(x)'s Jacobian, 0.1% off when {@code off}, checked at x. */
    static GradientCheck.Result jacobian(double[] x, boolean off) {
        MatDiff m = MatDiff.parse("vector x(n)\nF = relu(x)\n");
        Derivation d = m.derive(null, List.of("x"), Deriver.Options.DEFAULT);
        if (off) d = JacobianCheckJointTest.tampered(d, "x", false);
        Bindings at = Bindings.bind(d.wrt(), Map.of("x", MatrixUtils.createRealMatrix(column(x))));
        return JacobianCheck.check(d, at, GradientCheck.TOLERANCE, 1);
    }

    @Test void aJacobianAtAKinkIsInconclusiveAndAWrongOneAwayFromItFails() {
        GradientCheck.Result atKink = jacobian(new double[] {0, 1, -1}, false);
        assertThat(atKink.verdict()).as(atKink.summary()).isEqualTo(GradientCheck.Verdict.INCONCLUSIVE);
        assertThat(atKink.summary()).contains("crosses a kink (entry (1, 1) of the argument of relu(x) is 0 there)");
        GradientCheck.Result wrong = jacobian(new double[] {0.5, 1, -1}, true);
        assertThat(wrong.verdict()).as(wrong.summary()).isEqualTo(GradientCheck.Verdict.FAILED);
        // a wrong column stands out though another sits at a kink
        GradientCheck.Result wrongBeside = jacobian(new double[] {0, 1, -1}, true);
        assertThat(wrongBeside.verdict()).as(wrongBeside.summary()).isEqualTo(GradientCheck.Verdict.FAILED);
        // named as a reader indexes J: its row (F's entry), then its column (x's entry), not "column 2, row 2"
        assertThat(wrongBeside.direction()).isEqualTo("Jacobian entry (2, 2) (∂ entry 2 / ∂x(2))");
    }

    @Test void aHessianAtAKinkIsInconclusive() {
        Derivation d = MatDiff.parse("vector x(n)\nL = sum(relu(x) .* x)\n").derive(null, List.of("x"),
                Deriver.Options.DEFAULT.withSecondOrder(true, false));
        Bindings at = Bindings.bind(d.wrt(), Map.of("x", MatrixUtils.createRealMatrix(column(0, 1, -1))));
        GradientCheck.Result r = DerivativeCheck.verify(d, at, 1);
        assertThat(r.verdict()).as(r.summary()).isEqualTo(GradientCheck.Verdict.INCONCLUSIVE);
        assertThat(r.direction()).matches("Hessian entry \\(\\d, 1\\) \\(∂²/∂x\\(\\d\\) ∂x\\(1\\)\\)");
    }
}
