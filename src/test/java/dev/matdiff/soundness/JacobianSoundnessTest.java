package dev.matdiff.soundness;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Deriver;
import dev.matdiff.check.DerivativeCheck;
import dev.matdiff.check.GradientCheck;
import dev.matdiff.check.RandomData;
import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.numeric.NumericException;
import dev.matdiff.testing.RandomExpressions;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Soundness beyond the gradient: random vector- and matrix-valued expressions over every operator
 * ({@link RandomExpressions}) get their Jacobians with respect to every variable they read, random
 * scalar ones their Hessians and Hessian-vector products, and each is compared entry by entry with
 * finite differences ({@link DerivativeCheck}: a failure only where every step of the ladder
 * disagrees alike). A point outside the expression's domain skips the try.
 *
 * <p>The big run: {@code mvn -B test -Dtest=JacobianSoundnessTest#bigRun -Djacobian.tries=100000}
 * (docs/SOUNDNESS.md has its figures).
 */
@Tag("slow")
@net.jqwik.api.Tag("slow")
class JacobianSoundnessTest {

    static final Shape VECTOR = Shape.vector(RandomExpressions.N), MATRIX = new Shape(RandomExpressions.M, RandomExpressions.N);

    /** What one try concluded: passed, inconclusive, or skipped (no point in the domain, no variable read). */
    static String verify(Expr f, Deriver.Options options, long seed) {
        List<String> wrt = Dag.variables(List.of(f)).stream().map(Expr.Var::name).distinct().toList();
        if (wrt.isEmpty()) return "skipped";
        String program = RandomExpressions.declarations() + "f = " + TextPrinter.print(f) + "\n";
        MatDiff m = MatDiff.parse(program);
        Derivation d = m.derive(null, wrt, options);
        GradientCheck.Result r;
        try {
            r = RandomData.atRandomPoint(d, Map.of(), seed, at -> DerivativeCheck.verify(d, at, seed));
        } catch (NumericException e) {
            return "skipped";
        }
        assertThat(r.failed()).as("seed %d: %s\n%s", seed, r.summary(), program).isFalse();
        return r.verdict().name().toLowerCase();
    }

    static Deriver.Options secondOrder() { return Deriver.Options.DEFAULT.withSecondOrder(true, true); }

    @StatisticsReport(onFailureOnly = true)
    @Property(tries = 1000, seed = "20261130")
    void jacobiansOfRandomVectorAndMatrixExpressionsAgreeWithFiniteDifferences(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int depth,
                                                                               @ForAll boolean smooth, @ForAll boolean matrix) {
        Expr f = new RandomExpressions(seed, smooth).gen(matrix ? MATRIX : VECTOR, depth);
        String verdict = verify(f, Deriver.Options.DEFAULT, seed);
        Statistics.collect(verdict);
        Assume.that(!verdict.equals("skipped"));
    }

    @StatisticsReport(onFailureOnly = true)
    @Property(tries = 600, seed = "20261131")
    void hessiansOfRandomScalarExpressionsAgreeWithFiniteDifferences(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int depth,
                                                                     @ForAll boolean smooth) {
        String verdict = verify(new RandomExpressions(seed, smooth).scalar(depth), secondOrder(), seed);
        Statistics.collect(verdict);
        Assume.that(!verdict.equals("skipped"));
    }

    /** The check is not a rubber stamp: a Jacobian 0.1% off fails. */
    @Test
    void aJacobianOffByATenthOfAPercentFails() {
        MatDiff m = MatDiff.parse("matrix W(m, n)\nvector x(n)\nf = tanh(W*x)\n");
        Derivation d = m.derive(null, List.of("W", "x"), Deriver.Options.DEFAULT);
        Derivation wrong = new Derivation(d.objectiveName(), d.objective(), d.wrt(), d.steps(), d.gradients(), d.assumptions(),
                new Derivation.Higher(Map.of("W", Exprs.scale(Exprs.num(1.001), d.jacobian("W")), "x", d.jacobian("x")),
                        Map.of(), Map.of(), Map.of(), Map.of()));
        assertThat(RandomData.atRandomPoint(d, Map.of(), 1, at -> DerivativeCheck.verify(d, at, 1)).passed()).isTrue();
        GradientCheck.Result r = RandomData.atRandomPoint(wrong, Map.of(), 1, at -> DerivativeCheck.verify(wrong, at, 1));
        assertThat(r.failed()).as(r.summary()).isTrue();
    }

    /**
     * A Hessian off by a factor of an f whose gradient is large (1e7·sum(x) beside a small curvature): the finest
     * difference's rounding, ε|g|/h, read as a difference still moving with the step, and such a Hessian was called
     * inconclusive (review of the settled-differences rule); it fails, and the right one passes.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "f = 1e7*sum(x) + 0.005*sum(x)^2 | 1000", "f = 1e7*sum(x) + 0.005*sum(x)^2 | 10",
            "f = 1e6*sum(x) + 0.005*sum(x.^2) | 1.01", "f = 1e5*sum(x) + 0.0005*sum(x)^2 | 1.01"})
    void aHessianOffByAFactorFailsBesideALargeGradient(String objective, double factor) {
        MatDiff m = MatDiff.parse("vector x(n)\n" + objective + "\n");
        Derivation d = m.derive(null, List.of("x"), secondOrder());
        Map<String, Expr> scaled = new java.util.HashMap<>(), products = new java.util.HashMap<>();
        d.higher().hessians().forEach((k, h) -> scaled.put(k, Exprs.scale(Exprs.num(factor), h)));
        d.higher().hessianVectorProducts().forEach((k, h) -> products.put(k, Exprs.scale(Exprs.num(factor), h)));
        Derivation wrong = new Derivation(d.objectiveName(), d.objective(), d.wrt(), d.steps(), d.gradients(), d.assumptions(),
                new Derivation.Higher(d.higher().jacobians(), scaled, products, d.higher().directions(), d.higher().numerator()));
        GradientCheck.Result right = RandomData.atRandomPoint(d, Map.of(), 1, at -> DerivativeCheck.verify(d, at, 1));
        assertThat(right.passed()).as(right.summary()).isTrue();
        GradientCheck.Result r = RandomData.atRandomPoint(wrong, Map.of(), 1, at -> DerivativeCheck.verify(wrong, at, 1));
        assertThat(r.failed()).as(r.summary()).isTrue();
    }

    /** The big run, off by default: {@code -Djacobian.tries=100000}; prints the tally of verdicts. */
    @Test
    @EnabledIfSystemProperty(named = "jacobian.tries", matches = "\\d+")
    void bigRun() {
        int tries = Integer.getInteger("jacobian.tries");
        SplittableRandom random = new SplittableRandom(Long.getLong("jacobian.seed", 20261130L));
        Map<String, Integer> tally = new TreeMap<>();
        for (int i = 0; i < tries; i++) {
            long seed = random.nextLong();
            int depth = 1 + random.nextInt(4);
            boolean smooth = random.nextBoolean();
            RandomExpressions gen = new RandomExpressions(seed, smooth);
            String kind = switch (i % 3) {
                case 0 -> "jacobian.vector." + verify(gen.gen(VECTOR, depth), Deriver.Options.DEFAULT, seed);
                case 1 -> "jacobian.matrix." + verify(gen.gen(MATRIX, depth), Deriver.Options.DEFAULT, seed);
                default -> "hessian." + verify(gen.scalar(depth), secondOrder(), seed);
            };
            tally.merge(kind, 1, Integer::sum);
        }
        System.out.println("JacobianSoundnessTest.bigRun, " + tries + " tries: " + tally);
    }
}
