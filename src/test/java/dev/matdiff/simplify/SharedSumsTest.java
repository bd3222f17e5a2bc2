package dev.matdiff.simplify;

import dev.matdiff.MatDiff;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.testing.RandomExpressions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A result's sum that is another of its sums plus one term is written as that sum plus the term, of the same value. */
class SharedSumsTest {

    private static Expr parse(String text) {
        return MatDiff.parse(RandomExpressions.declarations() + "f = " + text).program().objective(null).body();
    }

    /** e with its sums shared, printed as expected and of e's value. */
    private static Expr sharedAs(Expr e, String printed) {
        Expr shared = new SharedSums().apply(e);
        assertThat(TextPrinter.print(shared)).isEqualTo(printed);
        RulesTest.assertSameValue(e, shared);
        return shared;
    }

    /** The sum below e that prints as text. */
    private static Expr sum(Expr e, String text) {
        for (Expr x : dev.matdiff.expr.Dag.postOrder(java.util.List.of(e)))
            if (Exprs.is(x, Op.ADD) && TextPrinter.print(x).equals(text)) return x;
        throw new AssertionError("no sum " + text + " in " + TextPrinter.print(e));
    }

    @Test
    void aChainOfSumsEachOneTermLongerNestsEachInTheNext() {
        Expr e = parse("(x + y) .* (x + y + X*x) .* (x + y + X*x + X'*y)");
        Expr shared = new SharedSums().apply(e);
        assertThat(shared).isNotSameAs(e);
        assertThat(TextPrinter.print(shared)).isEqualTo(TextPrinter.print(e));
        // the longest is the three-term sum plus X'*y, and that one is x + y (the very node the product uses) plus X*x
        Expr longest = sum(shared, "x + y + X*x + X'*y"), middle = sum(shared, "x + y + X*x");
        assertThat(longest.children()).hasSize(2);
        assertThat(longest.children().get(0)).isSameAs(middle);
        assertThat(middle.children()).hasSize(2);
        assertThat(middle.children().get(0)).isSameAs(sum(e, "x + y"));
        RulesTest.assertSameValue(e, shared);
    }

    /** A block of two branches adds two terms to the sum above: written as that sum plus both. */
    @Test
    void aSumTwoTermsLongerIsWrittenAsTheShorterPlusBoth() {
        Expr e = parse("(x + y) .* (x + y + X*x + X'*y)");
        Expr shared = new SharedSums().apply(e);
        assertThat(TextPrinter.print(shared)).isEqualTo(TextPrinter.print(e));
        Expr longer = Exprs.arg(shared, 1);
        assertThat(longer.children()).hasSize(3);
        assertThat(longer.children().get(0)).isSameAs(Exprs.arg(e, 0));
        RulesTest.assertSameValue(e, shared);
    }

    /** A residual block that subtracts: the sum is a term minus the shorter sum, which the product uses as it is. */
    @Test
    void aSumThatExtendsAnotherNegatedSubtractsIt() {
        Expr e = parse("(x - y) .* (X*x - x + y)");
        Expr shared = sharedAs(e, "(x - y) .* (X*x - (x - y))");
        assertThat(Exprs.arg(Exprs.arg(shared, 1), 1).children().get(0)).isSameAs(Exprs.arg(e, 0));
    }

    /** Only where a term it adds is positive: −X*x − (x − y) would open on a minus where the sum reads y − X*x − x. */
    @Test
    void aSumWhoseOwnTermsAreAllNegativeIsNotWrittenAsMinusAnother() {
        Expr e = parse("(x - y) .* (y - X*x - x)");
        assertThat(new SharedSums().apply(e)).isSameAs(e);
    }

    /**
     * A δ negated where a subtracting block's weight reads it (W'*… − 1 beside the δ 1 − W'*… that the block above
     * extends) is written as minus the δ, its sign taken out of the product: −((…) ⊙ δ).
     */
    @Test
    void aDeltaNegatedElsewhereIsWrittenAsItsNegation() {
        sharedAs(parse("(x - X*x + X'*(y .* (x - X*x))) .* y + (X*x - x) .* (X*y)"),
                "(x - X*x + X'*(y .* (x - X*x))) .* y - (x - X*x) .* (X*y)");
    }

    /** No sum is another plus one term: the expression itself, unchanged. */
    @ParameterizedTest
    @ValueSource(strings = {"(x + y) .* (x + y + X*x + X'*y + S*x + S*y + X*y + X'*x + S*X*x + S*X*y + X*S*x)", "(x + y) .* (x + X*x + X'*y)", "x + y + X*x", "(x + y) .* (x - y)", "(x - y) .* (X*x + x - 2*y)",
            // a function's argument is the program's own sum, printed as written (a triplet loss's relu(dp - dn + m))
            "(x - y) .* relu(x - y + X*x)"})
    void otherwiseNothingChanges(String text) {
        Expr e = parse(text);
        assertThat(new SharedSums().apply(e)).as(text).isSameAs(e);
    }
}
