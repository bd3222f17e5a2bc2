package dev.matdiff.simplify;

import dev.matdiff.MatDiff;
import dev.matdiff.check.RandomData;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.simplify.RuleCases.Case;
import dev.matdiff.numeric.Evaluator;
import dev.matdiff.numeric.NumericException;
import dev.matdiff.testing.RandomExpressions;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rule of {@link Rules#ALL}: where it fires and what it gives, where it must not fire (the table of
 * {@link RuleCases}, one row per rule), and that what it gives has the original's value on random data. Then the {@link Rewriter}: a
 * fixpoint, the rules it reports, its limit; and the whole simplifier on random expressions.
 *
 * <p>Expressions are written in the language over {@link RandomExpressions#VARIABLES} (a, b
 * scalars; x, y n-vectors, u an m-vector; A m×n, B n×m, X n×n, Y m×m, S symmetric n×n, K 2×2)
 * and built by the parser, so only through the {@link Exprs} factories.
 */
public class RulesTest {

    /** text as the parser builds it, over the variables of RandomExpressions. */
    public static Expr expr(String text) {
        return MatDiff.parse(RandomExpressions.declarations() + "f = " + text + "\n").program().objective(null).body();
    }

    static Rule rule(String id) {
        return Rules.ALL.stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseGet(() -> java.util.stream.Stream.concat(java.util.stream.Stream.of(Rules.TRANSPOSE_SUM), Rules.FOR_RESULTS.stream())
                        .filter(r -> r.id().equals(id)).findFirst().orElse(null));
    }

    static Stream<Case> cases() { return RuleCases.all(); }

    @Test
    void everyRuleHasACase() {
        List<String> rows = cases().map(Case::rule).toList();
        Set<String> covered = new LinkedHashSet<>(rows);
        assertThat(rows).as("one row per rule").hasSize(covered.size());
        Set<String> rules = new LinkedHashSet<>();
        for (Rule r : Rules.ALL) rules.add(r.id());
        rules.add(Rules.TRANSPOSE_SUM.id());
        for (Rule r : Rules.FOR_RESULTS) rules.add(r.id());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(rules);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theRuleFiresWhereItShouldAndNowhereElse(Case c) {
        Rule rule = rule(c.rule());
        for (String[] pair : c.fires()) {
            Expr in = expr(pair[0]);
            assertThat(in).as("%s parses to a node", pair[0]).isInstanceOf(Expr.Node.class);
            Expr out = rule.apply((Expr.Node) in);
            assertThat(out).as("%s fires on %s", c.rule(), pair[0]).isNotNull();
            assertThat(TextPrinter.print(out)).as("%s on %s", c.rule(), pair[0]).isEqualTo(pair[1]);
            assertSameValue(in, out);
            assertSameValue(in, Simplifier.simplify(in));
        }
        for (String text : c.stays()) {
            Expr in = expr(text);
            if (in instanceof Expr.Node n) assertThat(rule.apply(n)).as("%s must not fire on %s", c.rule(), text).isNull();
        }
    }

    /** The rule table is only sound if each rule is: no rule on any node of a random expression changes its value. */
    @StatisticsReport(onFailureOnly = true)
    @Property(tries = 300, seed = "20260510")
    void everyRuleThatFiresOnARandomExpressionKeepsItsValue(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int depth,
                                                           @ForAll boolean smooth) {
        Expr e = new RandomExpressions(seed, smooth).scalar(depth);
        Bindings at = point(e, seed);
        Assume.that(at != null);
        for (Expr node : nodes(e)) {
            if (!(node instanceof Expr.Node n)) continue;
            // the result rules too: common-power and the broadcasts' rows have rows of their own, but no random ones
            for (Rule rule : java.util.stream.Stream.concat(Rules.WITH_TRANSPOSED_SUMS.stream(), Rules.FOR_RESULTS.stream()).toList()) {
                Expr out = rule.apply(n);
                if (out == null) continue;
                Statistics.collect(rule.id());
                assertSameValue(n, out, at);
            }
        }
    }

    /**
     * The factories never build 1·A (Exprs.scale returns A), so the table needs no rule 1·A = A.
     */
    @Test
    void theFactoriesNeverBuildOneTimesA() {
        Expr x = RandomExpressions.VARIABLES.get("X");
        assertThat(Exprs.scale(Exprs.ONE, x)).isSameAs(x);
        assertThat(Exprs.mul(Exprs.ONE, x)).isSameAs(x);
        assertThat(expr("1*X")).isSameAs(x);
    }

    // ---- the rewriter

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "(X')' + 0*X                 | X                   | transpose-transpose,add-zero",
            "tr((a*X)')                  | a*tr(X)             | transpose-invariant,pull-scalars-linear",
            "-(-(x .* (y ./ x)))         | y                   | hadamard-cancel",
            "2*A*X - 4*A*X'              | 2*A*(X - 2*X')      | factor-common,common-coefficient",
            "(A*eye(n))' + ones(m, n)'   | A' + ones(n, m)     | matmul-eye,transpose-ones",
            "(x'*y)' + y'*x + x'*y       | 3*x'*y              | transpose-scalar,collect-terms",
            "a*(b*x)/a - x               | (b - 1)*x           | div-cancel,collect-scalar-terms",
            "a*X*y + a*y + 2*b*y         | a*X*y + (a + 2*b)*y | collect-scalar-terms",
            "a*X*y + a*y                 | a*(X*y + y)         | common-scalar",
            // a chain of scalings pairs its factors before it makes powers of them, wherever the pair stands in the chain
            "abs(a)*(sign(a)*abs(a))*X   | a*abs(a)*X          | sign-abs",
            "exp(a)*(sigmoid(-a)*exp(a))*X | sigmoid(a)*exp(a)*X | logistic"})
    void theRewriterReachesAFixpointAndReportsTheRulesThatFired(String input, String result, String fired) {
        Rewriter.Result r = new Rewriter(new Rewriter.Table(Rules.ALL), 1000).run(expr(input));
        assertThat(r.stop()).isEqualTo(Rewriter.Stop.FIXPOINT);
        assertThat(TextPrinter.print(r.expr())).isEqualTo(result);
        assertThat(r.fired().keySet()).containsAll(List.of(fired.split(",")));
        assertThat(r.fired().values()).allMatch(n -> n > 0);
        assertSameValue(expr(input), r.expr());
        Rewriter.Result again = new Rewriter(new Rewriter.Table(Rules.ALL), 1000).run(r.expr());
        assertThat(again.expr()).isSameAs(r.expr());
        assertThat(again.fired()).isEmpty();
    }

    @Test
    void anExpressionAlreadySimpleFiresNothing() {
        Rewriter.Result r = new Rewriter(new Rewriter.Table(Rules.ALL), 1000).run(expr("x'*B*u + a"));
        assertThat(r.stop()).isEqualTo(Rewriter.Stop.FIXPOINT);
        assertThat(r.fired()).isEmpty();
        assertThat(TextPrinter.print(r.expr())).isEqualTo("x'*B*u + a");
    }

    @Test
    void theRewriterStopsAtItsLimit() {
        Expr e = expr("(X')' + (X')' + (X')' + 0*X");
        Rewriter.Result r = new Rewriter(new Rewriter.Table(Rules.ALL), 1).run(e);
        assertThat(r.stop()).isEqualTo(Rewriter.Stop.LIMIT);
        assertThat(r.fired().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
        assertSameValue(e, r.expr());
    }

    /** The simplifier on random expressions: the same value, a fixpoint, and simplifying again changes nothing. */
    @Property(tries = 1000, seed = "20260511")
    void simplifyingKeepsTheValueAndIsIdempotent(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int depth, @ForAll boolean smooth) {
        Expr e = new RandomExpressions(seed, smooth).scalar(depth);
        Rewriter.Result r = Simplifier.run(e);
        assertThat(r.stop()).isEqualTo(Rewriter.Stop.FIXPOINT);
        r.fired().keySet().forEach(Statistics::collect);
        Rewriter.Result again = Simplifier.run(r.expr());
        assertThat(again.expr()).as("%s simplified to %s", TextPrinter.print(e), TextPrinter.print(r.expr())).isSameAs(r.expr());
        Bindings at = point(e, seed);
        Assume.that(at != null);
        assertSameValue(e, r.expr(), at);
        assertSameValue(e, Simplifier.shortest().apply(e), at);
    }

    // ---- rules the gradients show a need for (ugly but right)

    @Test
    void anInverseTimesItsMatrixIsTheIdentity() {
        assertThat(TextPrinter.print(Simplifier.simplify(expr("inv(X)*X")))).isEqualTo("eye(n)");
        assertThat(TextPrinter.print(Simplifier.simplify(expr("inv(S) - inv(S)*S*inv(S)")))).isEqualTo("zeros(n, n)");
    }

    @Test
    void theInverseOfAnInverse() {
        assertThat(TextPrinter.print(Simplifier.simplify(expr("inv(inv(X))")))).isEqualTo("X");
    }

    /** A quotient's numerator and a denominator factor share a monomial: b²/b³ is 1/b, as a textbook writes it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "3*b^2/b^3                   | 3/b",
            "2/b^2 - 4*b^2/b^4           | -2/b^2",
            "a*b/(a^2*b^3)               | 1/(a*b^2)",
            "(x .* y) ./ x.^2            | y ./ x",
            "b/(b^2 + b)                 | 1/(b + 1)"})
    void sharedMonomialsCancel(String input, String result) {
        Expr simplified = Simplifier.shortest().apply(expr(input));  // the reader's simplifier, which cancels
        assertThat(TextPrinter.print(simplified)).isEqualTo(result);
        assertSameValue(expr(input), simplified);
    }

    @Test
    void numbersInAQuotientAreFolded() {
        assertThat(TextPrinter.print(Simplifier.simplify(expr("4*S/2")))).isEqualTo("2*S");
    }

    @Test
    void linearMapsOfOnes() {
        assertThat(TextPrinter.print(Simplifier.simplify(expr("diag(ones(n, n))")))).isEqualTo("ones(n)");
        assertThat(TextPrinter.print(Simplifier.simplify(expr("unvec(ones(m*n), n, m)")))).isEqualTo("ones(n, m)");
        assertThat(TextPrinter.print(Simplifier.simplify(expr("ones(n)*ones(1, n)")))).isEqualTo("ones(n, n)");
    }

    @Test
    void aProductWithAReciprocalIsAQuotient() {
        assertThat(TextPrinter.print(Simplifier.simplify(expr("x .* (ones(n) ./ y)")))).isEqualTo("x ./ y");
    }

    @Test
    void powersOfAMatrixCancel() {
        assertThat(TextPrinter.print(Simplifier.simplify(expr("X^2*X^-2")))).isEqualTo("eye(n)");
        assertThat(TextPrinter.print(Simplifier.simplify(expr("X^3*inv(X)")))).isEqualTo("X^2");
    }

    @Test
    void aScalarProductHasOneOrientation() {
        assertThat(TextPrinter.print(Simplifier.simplify(expr("x'*y + y'*x")))).isEqualTo("2*x'*y");
    }

    @Test
    void aMatrixPlusItsTransposeIsSymmetric() {
        assertThat(TextPrinter.print(Simplifier.simplify(expr("inv(X + X')'")))).isEqualTo("inv(X + X')");
    }

    // ---- what is known to be symmetric

    @ParameterizedTest(name = "{0} is symmetric")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"a", "2", "S", "X*X'", "X'*X", "B'*S*B", "B'*a*B", "X'*X*X'*X", "X*S*S*X'",
            "X + X'", "2*X + 2*X'", "X + S + X'", "X - S + X'", "inv(S)", "exp(S)", "S .* S", "eye(n)", "ones(n, n)", "diag(x)", "-S", "a*S", "S/a", "S^3",
            // a product beside its transpose written as the simplifier writes it (trial s73b: y*x' + x*y', twice named)
            "y*x' + x*y'", "X*S + S*X'", "B'*A' + A*B", "3*X*X*S - 2*x*y' + 3*S*X'*X' - 2*y*x'"})
    void symmetric(String text) {
        Expr e = expr(text);
        assertThat(Symmetry.isSymmetric(e)).isTrue();
        // transpose-symmetric drops the transpose on the strength of this claim: it must hold in numbers
        assertSameValue(e, Exprs.transpose(e));
    }

    /**
     * While differentials are taken, dwᵀXᵀr and rᵀX dw stay two terms (the textbook shows both
     * until the trace step); without a differential the two orientations are one term.
     */
    @Test
    void scalarProductsWithADifferentialKeepBothOrientations() {
        Expr w = RandomExpressions.VARIABLES.get("x"), r = RandomExpressions.VARIABLES.get("y"), x = RandomExpressions.VARIABLES.get("X");
        Expr dw = Exprs.diff(w);
        Expr sum = Exprs.add(List.of(Exprs.matmul(List.of(Exprs.transpose(dw), Exprs.transpose(x), r)),
                Exprs.matmul(List.of(Exprs.transpose(r), x, dw))));
        assertThat(rule("collect-terms").apply((Expr.Node) sum)).isNull();
        Expr plain = Exprs.add(List.of(Exprs.matmul(List.of(Exprs.transpose(w), Exprs.transpose(x), r)),
                Exprs.matmul(List.of(Exprs.transpose(r), x, w))));
        assertThat(TextPrinter.print(rule("collect-terms").apply((Expr.Node) plain))).isEqualTo("2*x'*X'*y");
    }

    @ParameterizedTest(name = "{0} is not known to be symmetric")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"X", "B'*X*B", "X*X", "X*S", "2*X - 2*X'", "X + 2*X'", "X - X'", "x*y'",
            "X*X'*X", "X'*X*X", "X + S", "ones(m, n)", "A", "X .* S", "exp(X)", "X'*S*X*X", "-X + X'", "a*X + X'", "x*y' + y*x' + x*x'*X",
            "X*S - S*X'", "x*y' + 2*y*x'"})
    void notSymmetric(String text) {
        assertThat(Symmetry.isSymmetric(expr(text))).isFalse();
    }

    /** Terms pair with their transposes by coefficient, counted over the whole sum: X + X + Xᵀ is 2X + Xᵀ. */
    @Test
    void aTermTwiceAndItsTransposeOnceIsNotSymmetric() {
        Expr x = RandomExpressions.VARIABLES.get("X");
        assertThat(Symmetry.isSymmetric(Exprs.add(List.of(x, x, Exprs.transpose(x))))).isFalse();
        assertThat(Symmetry.isSymmetric(Exprs.add(List.of(x, x, Exprs.transpose(x), Exprs.transpose(x))))).isTrue();
    }

    /**
     * A name is read through its definition however deep (Ky = K + s2·I with K = exp(−Dsq/2) and Dsq named too), and
     * each once: a Fibonacci chain S_k = S_{k−1} + S_{k−1}ᵀ, 60 names deep, would be read 2⁶⁰ times otherwise.
     */
    @Test
    void symmetryIsReadThroughEveryDefinitionOnce() {
        Expr x = RandomExpressions.VARIABLES.get("X");
        Expr symmetric = Exprs.named("S0", Exprs.add(List.of(x, Exprs.transpose(x))));
        Expr plain = Exprs.named("N0", x);
        for (int k = 1; k <= 60; k++) {
            symmetric = Exprs.named("S" + k, Exprs.add(List.of(symmetric, Exprs.transpose(symmetric))));
            plain = Exprs.named("N" + k, Exprs.add(List.of(plain, Exprs.transpose(plain), x)));
        }
        assertThat(Symmetry.isSymmetric(symmetric)).isTrue();
        assertThat(Symmetry.isSymmetric(plain)).isFalse();
        assertThat(Symmetry.isSymmetric(Exprs.named("P", Exprs.matmul(List.of(plain, Exprs.transpose(plain)))))).isTrue();
    }

    // ---- helpers

    public static Bindings point(Expr e, long seed) {
        List<Expr.Var> vars = new ArrayList<>();
        for (Expr n : nodes(e)) if (n instanceof Expr.Var v) vars.add(v);
        for (RandomData.Mode mode : RandomData.Mode.values()) {
            try {
                Bindings at = RandomData.draw(vars, List.of(e), Map.of(), seed, mode);
                new Evaluator(at).value(e);
                return at;
            } catch (NumericException ex) {
                // the other kind of data
            }
        }
        return null;
    }

    /** a and b at a random point where a is defined, entry by entry (also for the factory's forms: ExprsTest). */
    public static void assertSameValue(Expr a, Expr b) {
        Bindings at = point(a, 7);
        assertThat(at).as("a point where %s is defined", TextPrinter.print(a)).isNotNull();
        assertSameValue(a, b, at);
    }

    /** Entry by entry, relative to the larger of the two values' largest entry. */
    static void assertSameValue(Expr a, Expr b, Bindings at) {
        RealMatrix x = new Evaluator(at).value(a), y = new Evaluator(at).value(b);
        assertThat(y.getRowDimension()).isEqualTo(x.getRowDimension());
        assertThat(y.getColumnDimension()).isEqualTo(x.getColumnDimension());
        double scale = Math.max(Math.max(max(x), max(y)), 1e-300), diff = max(x.subtract(y));
        assertThat(diff / scale).as("%s = %s", TextPrinter.print(a), TextPrinter.print(b)).isLessThan(1e-9);
    }

    static double max(RealMatrix m) {
        double s = 0;
        for (int i = 0; i < m.getRowDimension(); i++)
            for (int j = 0; j < m.getColumnDimension(); j++) s = Math.max(s, Math.abs(m.getEntry(i, j)));
        return s;
    }

    static List<Expr> nodes(Expr root) {
        Map<Expr, Boolean> seen = new IdentityHashMap<>();
        List<Expr> out = new ArrayList<>();
        java.util.ArrayDeque<Expr> stack = new java.util.ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Expr e = stack.pop();
            if (seen.put(e, Boolean.TRUE) != null) continue;
            out.add(e);
            e.children().forEach(stack::push);
        }
        return out;
    }
}
