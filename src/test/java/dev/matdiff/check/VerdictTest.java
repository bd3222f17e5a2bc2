package dev.matdiff.check;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.numeric.Bindings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verdicts of issue 15: a right gradient is never called wrong on the word of a difference
 * quotient that cannot follow f, a wrong one still fails, and where the differences cannot
 * decide the verdict says so.
 */
class VerdictTest {

    static Derivation derive(String expression) {
        MatDiff m = MatDiff.parseExpression(expression);
        return m.derive(null, List.copyOf(m.program().variables().keySet()));
    }

    static Map<Expr.Var, Expr> gradients(Derivation d, UnaryOperator<Expr> tamper) {
        Map<Expr.Var, Expr> out = new LinkedHashMap<>();
        d.gradientsByVariable().forEach((v, g) -> out.put(v, tamper.apply(g)));
        return out;
    }

    static Bindings point(Derivation d, long seed) {
        return RandomData.draw(Dag.variablesOf(d), d.objectiveAndGradients(), Map.of(), seed, RandomData.Mode.MIXED);
    }

    /** Points where one step of 10⁻³ misjudges a right gradient (tan near a pole, exp(exp(…)) steep). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"sum(tan(10*x)) | 22", "sum(tan(30*x)) | 2", "sum(tan(30*x)) | 4", "sum(exp(exp(X*X))) | 1",
            "sum(exp(exp(X*X))) | 13"})
    void theLadderSettlesWhatOneStepCannot(String expression, long seed) {
        Derivation d = derive(expression);
        Bindings at = point(d, seed);
        GradientCheck.Options options = new GradientCheck.Options(GradientCheck.TOLERANCE, 8, seed);
        assertThat(GradientCheck.check(d.objective(), d.gradientsByVariable(), at, options).verdict()).isEqualTo(GradientCheck.Verdict.FAILED);
        GradientCheck.Result r = GradientCheck.verify(d.objective(), d.gradientsByVariable(), at, options);
        assertThat(r.verdict()).as(r.summary()).isEqualTo(GradientCheck.Verdict.PASSED);
        assertThat(r.summary()).contains("refined with steps down to").endsWith("passed (tolerance 1e-05)");
        // a gradient 0.1% off, or transposed, still fails the refined check
        GradientCheck.Result off = GradientCheck.verify(d.objective(), gradients(d, g -> Exprs.scale(Exprs.num(1.001), g)), at, options);
        assertThat(off.verdict()).as(off.summary()).isEqualTo(GradientCheck.Verdict.FAILED);
        assertThat(off.summary()).contains("FAILED");
        if (expression.contains("X")) {
            GradientCheck.Result transposed = GradientCheck.verify(d.objective(), gradients(d, Exprs::transpose), at, options);
            assertThat(transposed.verdict()).isEqualTo(GradientCheck.Verdict.FAILED);
        }
    }

    @Test
    void aWrongGradientFailsTheSelfCheckAndARightOneAtAPoleOfTanPasses() {
        for (String e : List.of("sum(tan(30*x))", "sum(tan(100*x))", "sum(exp(exp(X*X)))")) {
            Derivation d = derive(e);
            SelfCheck right = SelfCheck.run(d);
            assertThat(right.status()).as(e + ": " + right.detail()).isEqualTo("passed");
            Map<String, Expr> wrong = new LinkedHashMap<>();
            d.gradients().forEach((name, g) -> wrong.put(name, Exprs.scale(Exprs.num(1.01), g)));
            Derivation tampered = new Derivation(d.objectiveName(), d.objective(), d.wrt(), d.steps(), wrong);
            SelfCheck r = SelfCheck.run(tampered);
            assertThat(r.status()).as(e + ": " + r.detail()).isEqualTo("failed");
            assertThat(r.note()).isNull();
        }
    }

    @Test
    void aSelfCheckWithNoPointInTheDomainIsSkippedAndSaysSo() {
        SelfCheck r = SelfCheck.run(derive("sum(log(-x'*x))"));
        assertThat(r.status()).isEqualTo("skipped");
        assertThat(r.note()).startsWith("the self-check was skipped, so this gradient is not verified: no point found where")
                .contains("log(-x'*x)").doesNotContain("\n");
        assertThat(new SelfCheck("inconclusive", "why").note()).isEqualTo("the self-check was inconclusive, so this gradient is not verified: why");
        assertThat(new SelfCheck("passed", "").note()).isNull();
        assertThat(SelfCheck.SKIPPED.note()).isNull();
    }

    @Test
    void aVariableTheObjectiveDoesNotReadIsStillChecked() {
        // X's gradient is zero; the point must still have a value for X, or the check would be skipped
        MatDiff m = MatDiff.parse("vector x(n)\nmatrix X(n, n)\nf = x'*x\n");
        SelfCheck r = SelfCheck.run(m.derive(null, List.of("x", "X")));
        assertThat(r.status()).as(r.detail()).isEqualTo("passed");
    }

    @Test
    void defaultSizesInTheOtherOrderFindAPointWhereTheFirstOrderHasNone() {
        // X'X with X 3×4 (the defaults in order) is singular at every point; with X 4×3 it is not
        MatDiff m = MatDiff.parse("matrix X(m, n)\nf = logdet(X'*X)\n");
        SelfCheck r = SelfCheck.run(m.derive("X"));
        assertThat(r.status()).as(r.detail()).isEqualTo("passed");
        assertThat(RandomData.orders(Map.of("m", 3, "n", 4), m.program().variables().values(), List.of(), Map.of()))
                .containsExactly(Map.of("m", 3, "n", 4), Map.of("m", 4, "n", 3));
        Map<String, Integer> inOrder = new java.util.LinkedHashMap<>();  // the order defaults were handed out in
        inOrder.put("m", 3);
        inOrder.put("n", 4);
        inOrder.put("k", 5);
        // the given n kept; the others ascending, descending, then any order left (here none)
        assertThat(RandomData.orders(inOrder, m.program().variables().values(), List.of(), Map.of("n", 4)))
                .containsExactly(inOrder, Map.of("m", 5, "n", 4, "k", 3));
    }

    /** A DPP's logdet(EᵀBBᵀE) is singular unless s ≤ k and s ≤ n: neither the ascending nor the descending order (trial s69b). */
    @Test
    void defaultSizesInAnyOrderFindAPointWhereNeitherAscendingNorDescendingHasOne() {
        MatDiff m = MatDiff.parse("matrix B(n, k)\nmatrix E(n, s) constant\nLk = B*B'\nL = logdet(E'*Lk*E) - logdet(Lk + eye(n))\n");
        SelfCheck r = SelfCheck.run(m.derive("B"));
        assertThat(r.status()).as(r.detail()).isEqualTo("passed");
        Map<String, Integer> ascending = new java.util.LinkedHashMap<>();
        ascending.put("n", 3);
        ascending.put("s", 4);
        ascending.put("k", 5);
        assertThat(RandomData.orders(ascending, m.program().variables().values(), List.of(), Map.of())).hasSize(6);
    }

    @Test
    void aCheckThatCannotDecideAtTheDefaultSizesTriesTheOtherOrder() {
        // det(X'AX) with X 3×4 is 0 at every point (a check that cannot decide, not an error); with X 4×3 it is not
        MatDiff m = MatDiff.parse("matrix X(m, n), A(m, m)\nf = det(X'*A*X)\n");
        SelfCheck r = SelfCheck.run(m.derive("X"));
        assertThat(r.status()).as(r.detail()).isEqualTo("passed");
    }

    @Test
    void smallerDataFindsTheDomainOfArcsin() {
        // A*x with entries up to 0.9 is far outside [-1, 1] at the drawn point; scaled down it is inside
        Derivation d = derive("sum(arcsin(A*x))");
        for (long seed = 1; seed <= 5; seed++) {
            long s = seed;
            GradientCheck.Result r = RandomData.atRandomPoint(d.objectiveAndGradients(), Map.of(), seed,
                    at -> GradientCheck.verify(d.objective(), d.gradientsByVariable(), at, new GradientCheck.Options(GradientCheck.TOLERANCE, 8, s)));
            assertThat(r.passed()).as(r.summary()).isTrue();
        }
    }

    @Test
    void summarySaysWhatTheErrorIsRelativeTo() {
        // both directional derivatives of X are 0 up to rounding: the error is relative to the floor, and says so
        Derivation d = derive("sum(x) + 0*sum(X)");
        GradientCheck.Result r = GradientCheck.check(d.objective(), d.gradientsByVariable(), point(d, 1));
        assertThat(r.passed()).isTrue();
        assertThat(r.summary()).containsAnyOf("relative to the larger of the two", "a millionth of the scale of f and its derivatives");
        GradientCheck.Result tiny = new GradientCheck.Result(GradientCheck.Verdict.PASSED, 2e-7, 1e-5, "X", "entry (1, 1)", 1e-13, 3e-10,
                1.5e-3, GradientCheck.FLOOR, Map.of(), 1, "");
        assertThat(tiny.summary()).isEqualTo("worst relative error 2.00e-07 at X, entry (1, 1) (symbolic 1.000000000e-13, numeric 3.000000000e-10; "
                + "relative to 1.5e-03, a millionth of the scale of f and its derivatives, as both are smaller): passed (tolerance 1e-05)");
        // f and every derivative 0 where the worst error was: it passed, and says that it compared zeros
        Derivation zero = derive("0*sum(x)");
        GradientCheck.Result zeros = GradientCheck.check(zero.objective(), zero.gradientsByVariable(), point(zero, 1));
        assertThat(zeros.passed()).isTrue();
        assertThat(zeros.summary()).endsWith("passed (tolerance 1e-05), but f and its derivatives were 0 (below 1e-294) at that point, where it compared zeros "
                + "(other --dims or data may compare more)");
        assertThat(r.summary()).doesNotContain("compared zeros");
    }

    /** What Dag.variables gives, as a list the random data is drawn for. */
    static final class Dag {
        static List<Expr.Var> variablesOf(Derivation d) { return dev.matdiff.expr.Dag.variables(d.objectiveAndGradients()); }
    }

    /**
     * An objective identically 0 (a centred sum) has the gradient 0, and a difference of about 1e-12 is its rounding, the size
     * of sum(X)'s: agreement, also divided or multiplied by a number. It was "inconclusive", relative to a floor of a millionth of
     * nothing. A gradient that is not 0 fails.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sum(X - sum(X)*ones(m, n)/(m*n))", "sum(X - mean(X)*ones(m, n))/m", "3*sum(X - mean(X)*ones(m, n))",
            // row sums of a matrix centred along its rows (batch norm's): each rounds as its entries do
            "sum(mean(X - mean(X, 2)*ones(1, n), 2))", "sum(sum(X - mean(X, 2)*ones(1, n), 2))/n", "sum(sum(X - ones(m)*mean(X, 1), 1))"})
    void aZeroGradientOfACancellingSumPasses(String objective) {
        Derivation d = derive(objective);
        assertThat(d.gradientsByVariable().values().iterator().next().toString()).contains("zeros");
        for (long seed = 1; seed <= 5; seed++) {
            Bindings at = point(d, seed);
            GradientCheck.Options options = new GradientCheck.Options(GradientCheck.TOLERANCE, 8, seed);
            GradientCheck.Result r = GradientCheck.verify(d.objective(), d.gradientsByVariable(), at, options);
            assertThat(r.verdict()).as(r.summary()).isEqualTo(GradientCheck.Verdict.PASSED);
            GradientCheck.Result off = GradientCheck.verify(d.objective(),
                    gradients(d, g -> Exprs.ones(g.shape())), at, options);
            assertThat(off.verdict()).as(off.summary()).isEqualTo(GradientCheck.Verdict.FAILED);
        }
    }

    /** The rounding floor of a sum under tr(·) is its terms' diagonals, which are all tr adds: the off-diagonal entries are not. */
    @Test
    void theSizeOfATracedSumIsItsTermsDiagonals() {
        MatDiff m = MatDiff.parse("matrix A(2, 2), B(2, 2)\nf = tr(A + B)\n");
        Expr f = m.program().objective(null).body();
        var values = new LinkedHashMap<String, org.apache.commons.math3.linear.RealMatrix>();
        values.put("A", org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(new double[][] {{1, 1000}, {1000, -1}}));
        values.put("B", org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(new double[][] {{3, -500}, {700, 2}}));
        dev.matdiff.numeric.Evaluator at = new dev.matdiff.numeric.Evaluator(Bindings.bind(m.program().variables().values(), values));
        assertThat(FineCheck.size(f, at)).isEqualTo(5.0);  // |3| + |2|, the larger of B's diagonal and A's (2)
    }
}
