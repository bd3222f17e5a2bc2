package dev.matdiff.check;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Deriver;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.NumericException;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.matdiff.check.KinksTest.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The user's own point: where the gradient has no value at a kink of norm, or no difference stays in
 * f's domain, the check is inconclusive and says why; where f itself has no value, the point is bad input.
 */
class PointCheckTest {

    static final String LASSO = "matrix X(m,n) constant\nvector y(m) constant\nvector w(n)\nscalar lambda constant\n"
            + "L = sqnorm(X*w - y) + lambda*norm(w)\n";

    static GradientCheck.Result verify(String text, Map<String, RealMatrix> point) {
        MatDiff m = MatDiff.parse(text);
        Derivation d = m.derive();
        return PointCheck.verify(d, Bindings.bind(m.program().variables().values(), point), 1);
    }

    static RealMatrix v(double... x) { return MatrixUtils.createRealMatrix(column(x)); }

    @Test void normWithAllOfItsArgumentAt0IsInconclusiveAndNamesTheKink() {
        GradientCheck.Result r = verify("vector x(n)\nL = norm(x)\n", Map.of("x", v(0, 0, 0)));
        assertThat(r.verdict()).as(r.summary()).isEqualTo(GradientCheck.Verdict.INCONCLUSIVE);
        assertThat(r.summary()).isEqualTo("nothing compared for x: its gradient has no value at the point, as the argument of norm(x) is 0 there: "
                + "a kink of norm, where f has only subgradients (x/norm(x): division by zero: norm(x) is 0): inconclusive");
    }

    @Test void aGroupLassoAtZeroWeightsIsInconclusive() {
        GradientCheck.Result r = verify(LASSO, Map.of("X", MatrixUtils.createRealMatrix(new double[][] {{1, 2}, {3, 4}, {5, 6}}),
                "y", v(1, 2, 3), "w", v(0, 0), "lambda", MatrixUtils.createRealMatrix(new double[][] {{0.5}})));
        assertThat(r.verdict()).as(r.summary()).isEqualTo(GradientCheck.Verdict.INCONCLUSIVE);
        assertThat(r.variable()).isEqualTo("w");
        assertThat(r.summary()).contains("the argument of norm(w) is 0 there: a kink of norm");
    }

    @Test void aGroupLassoAwayFromItsKinkIsChecked() {
        GradientCheck.Result r = verify(LASSO, Map.of("X", MatrixUtils.createRealMatrix(new double[][] {{1, 2}, {3, 4}, {5, 6}}),
                "y", v(1, 2, 3), "w", v(0.5, -0.25), "lambda", MatrixUtils.createRealMatrix(new double[][] {{0.5}})));
        assertThat(r.verdict()).as(r.summary()).isEqualTo(GradientCheck.Verdict.PASSED);
    }

    @Test void anEntryTooNearTheEdgeForAnyStepIsInconclusive() {
        GradientCheck.Result r = verify("vector x(n)\nL = sum(sqrt(x))\n", Map.of("x", v(1e-300, 0.3, 1)));
        assertThat(r.verdict()).as(r.summary()).isEqualTo(GradientCheck.Verdict.INCONCLUSIVE);
        assertThat(r.summary()).startsWith("nothing compared for x: no finite difference moving x stays where the objective is defined")
                .endsWith(": inconclusive");
    }

    @Test void anObjectiveWithoutAValueAtThePointIsStillBadInput() {
        assertThatThrownBy(() -> verify("vector x(n)\nL = sum(log(x))\n", Map.of("x", v(1, -2))))
                .isInstanceOf(NumericException.class).hasMessageContaining("log needs positive entries");
    }

    @Test void aGradientWithoutAValueWhereFHasOneIsInconclusiveAndSaysWhy() {
        // sqrt's slope at 0 is unbounded: f has a value, its gradient none, and the numbers cannot decide
        GradientCheck.Result r = verify("vector x(n)\nL = sum(sqrt(x))\n", Map.of("x", v(0, 0.3, 1)));
        assertThat(r.verdict()).as(r.summary()).isEqualTo(GradientCheck.Verdict.INCONCLUSIVE);
        assertThat(r.summary()).startsWith("nothing compared for x: its gradient has no value at the point, though f has one")
                .contains("division by zero").endsWith(": inconclusive");
    }

    @Test void aRandomPointStillRedrawsWhereTheGradientHasNoValue() {
        // the random path sees the exception, not an inconclusive result, and draws another point
        MatDiff m = MatDiff.parse("vector x(n)\nL = norm(x)\n");
        Derivation d = m.derive(null, List.of("x"), Deriver.Options.DEFAULT);
        Bindings zero = Bindings.bind(d.wrt(), Map.of("x", v(0, 0, 0)));
        assertThatThrownBy(() -> DerivativeCheck.verify(d, zero, 1)).isInstanceOf(NumericException.class);
    }
}
