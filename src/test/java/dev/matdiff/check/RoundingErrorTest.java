package dev.matdiff.check;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Evaluator;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** f's rounding, carried through the sums that cancel and the logarithms that magnify what they lose. */
class RoundingErrorTest {

    private static final String PROBIT = "matrix X(N, d) constant\nvector y(N) constant\nvector w(d)\n"
            + "p = (ones(N) + tanh(X*w))/2\nL = -mean(y .* log(p) + (ones(N) - y) .* log(ones(N) - p))\n";

    private static Bindings at(MatDiff m, double w1, double w2) {
        return Bindings.bind(m.program().variables().values(), Map.of(
                "X", new Array2DRowRealMatrix(new double[][] {{1, 0}, {0, 1}, {1, 1}}),
                "y", new Array2DRowRealMatrix(new double[][] {{1}, {1}, {1}}),
                "w", new Array2DRowRealMatrix(new double[][] {{w1}, {w2}})));
    }

    @Test
    void aLogOfASumThatCancelledIsOffByItsOwnSize() {
        MatDiff m = MatDiff.parse(PROBIT);
        var f = m.program().objective(null).body();
        // tanh(−18) + 1 keeps one or two of its digits: log p is off by about 0.5, L by a third of that
        assertThat(RoundingError.of(f, new Evaluator(at(m, 18, -18)))).isGreaterThan(0.05);
        // at ordinary values, a few units in the last place
        assertThat(RoundingError.of(f, new Evaluator(at(m, 0.3, -0.5)))).isLessThan(1e-14);
    }

    /** The right gradient at such a point is not called wrong: finite differences there see a plateau, not the slope. */
    @Test
    void whereFsRoundingSwampsTheStepTheCheckDoesNotFail() {
        MatDiff m = MatDiff.parse(PROBIT);
        Derivation d = m.derive("L", List.of("w"));
        GradientCheck.Options options = new GradientCheck.Options(GradientCheck.TOLERANCE, 8, 1);
        GradientCheck.Result r = GradientCheck.verify(d.objective(), d.gradientsByVariable(), at(m, 18, -18), options);
        assertThat(r.verdict()).as(r.summary()).isNotEqualTo(GradientCheck.Verdict.FAILED);
        GradientCheck.Result ordinary = GradientCheck.verify(d.objective(), d.gradientsByVariable(), at(m, 0.3, -0.5), options);
        assertThat(ordinary.verdict()).as(ordinary.summary()).isEqualTo(GradientCheck.Verdict.PASSED);
    }

    /**
     * The plateau spoils only the directions that move it: along w₁ (rows 1 and 3, off the plateau) a wrong gradient
     * is still found wrong, at (14, −14) where row 2 sits on it, and at (18, −18).
     */
    @Test
    void aWrongGradientStillFailsAlongTheDirectionsThePlateauDoesNotReach() {
        MatDiff m = MatDiff.parse(PROBIT);
        Derivation d = m.derive("L", List.of("w"));
        GradientCheck.Options options = new GradientCheck.Options(GradientCheck.TOLERANCE, 8, 1);
        for (double t : new double[] {14, 18}) {
            for (double factor : new double[] {-1, 1.1}) {
                var tampered = VerdictTest.gradients(d, g -> dev.matdiff.expr.Exprs.scale(dev.matdiff.expr.Exprs.num(factor), g));
                GradientCheck.Result r = GradientCheck.verify(d.objective(), tampered, at(m, t, -t), options);
                assertThat(r.verdict()).as("×%s at %s: %s", factor, t, r.summary()).isEqualTo(GradientCheck.Verdict.FAILED);
            }
            GradientCheck.Result right = GradientCheck.verify(d.objective(), d.gradientsByVariable(), at(m, t, -t), options);
            assertThat(right.verdict()).as(right.summary()).isNotEqualTo(GradientCheck.Verdict.FAILED);
        }
    }
    /** C·d = (1e17 + 1) − 1e17: 0 in doubles, 1 in fact; and w, z as given. */
    private static Bindings cancelling(MatDiff m, Map<String, double[][]> more) {
        Map<String, org.apache.commons.math3.linear.RealMatrix> values = new java.util.HashMap<>(Map.of(
                "C", new Array2DRowRealMatrix(new double[][] {{1e17, 1, -1e17}}),
                "d", new Array2DRowRealMatrix(new double[][] {{1}, {1}, {1}})));
        more.forEach((name, v) -> values.put(name, new Array2DRowRealMatrix(v)));
        return Bindings.bind(m.program().variables().values(), values);
    }

    private static final String CANCELLING = "matrix C(1, 3) constant\nvector d(3) constant\n";
    private static final GradientCheck.Options OPTIONS = new GradientCheck.Options(GradientCheck.TOLERANCE, 8, 1);

    /** A product whose inner sums cancel is off by a unit roundoff of its terms, not of its value. */
    @Test
    void aProductsInnerSumsCancelAsASumsTermsDo() {
        MatDiff m = MatDiff.parse(CANCELLING + "L = C*d\n");
        double[][] e = RoundingError.entries(m.program().objective(null).body(), new Evaluator(cancelling(m, Map.of())));
        assertThat(e[0][0]).isGreaterThan(1).isLessThan(1e3);
    }

    /** Terms past 1e308 before they cancel (1.44e308 − 1.44e308): an error without bound, not NaN, which excuses nothing. */
    @Test
    void anEstimatePastTheLargestDoubleIsInfinite() {
        MatDiff m = MatDiff.parse("matrix A(1, 2) constant\nvector b(2) constant\nscalar a\nL = a*(A*b)\n");
        Bindings at = Bindings.bind(m.program().variables().values(), Map.of(
                "A", new Array2DRowRealMatrix(new double[][] {{1.2e154, -1.2e154}}),
                "b", new Array2DRowRealMatrix(new double[][] {{1.2e154}, {1.2e154}}),
                "a", new Array2DRowRealMatrix(new double[][] {{0.5}})));
        double[][] e = RoundingError.entries(m.program().objective(null).body(), new Evaluator(at));
        assertThat(e[0][0]).isEqualTo(Double.POSITIVE_INFINITY);
    }

    /**
     * A gradient right in exact arithmetic whose value the doubles lose (2w + (C·d − 1)·1, C·d = 1 computed as 0) differs
     * from a settled difference by 1: not a failure, since its own rounding error is larger (deep-architectures trial:
     * a 40-layer attention stack's right gradient was called FAILED). The same gradient off by 1 in exact arithmetic fails.
     */
    @Test
    void aGradientLostToRoundingAtThePointIsNotCalledWrong() {
        MatDiff m = MatDiff.parse(CANCELLING + "vector w(2)\nG = 2*w + (C*d - 1)*ones(2)\nH = 2*w + ones(2)\nL = w'*w\n");
        Bindings at = cancelling(m, Map.of("w", new double[][] {{0.3}, {-0.7}}));
        var p = m.program();
        GradientCheck.Result lost = GradientCheck.verify(p.objective(null).body(), Map.of(p.variables().get("w"), p.definitions().get("G").body()), at, OPTIONS);
        assertThat(lost.verdict()).as(lost.summary()).isEqualTo(GradientCheck.Verdict.INCONCLUSIVE);
        assertThat(lost.summary()).contains("rounding error");
        GradientCheck.Result wrong = GradientCheck.verify(p.objective(null).body(), Map.of(p.variables().get("w"), p.definitions().get("H").body()), at, OPTIONS);
        assertThat(wrong.verdict()).as(wrong.summary()).isEqualTo(GradientCheck.Verdict.FAILED);
    }

    /** A direction set aside for its gradient's rounding does not hide another that is wrong beyond its own (review). */
    @Test
    void aGradientLostToRoundingDoesNotHideAnotherThatIsWrong() {
        MatDiff m = MatDiff.parse(CANCELLING + "vector w(2), z(2)\nG = 2*w + (C*d - 1)*ones(2)\nH = 2.02*z\nL = w'*w + z'*z\n");
        Bindings at = cancelling(m, Map.of("w", new double[][] {{0.3}, {-0.7}}, "z", new double[][] {{0.6}, {0.4}}));
        var p = m.program();
        GradientCheck.Result r = GradientCheck.verify(p.objective(null).body(), Map.of(p.variables().get("w"), p.definitions().get("G").body(),
                p.variables().get("z"), p.definitions().get("H").body()), at, OPTIONS);
        assertThat(r.verdict()).as(r.summary()).isEqualTo(GradientCheck.Verdict.FAILED);
        assertThat(r.variable()).isEqualTo("z");
    }
}
