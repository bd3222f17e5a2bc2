package dev.matdiff.simplify;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.TextPrinter;

import org.junit.jupiter.api.Test;

import java.util.function.UnaryOperator;

import static dev.matdiff.simplify.RulesTest.expr;
import static org.assertj.core.api.Assertions.assertThat;

/** The simplifier's two faces: plain, and the shorter of plain and transposes-pushed-into-sums. */
class SimplifierTest {

    static String shortest(String text) { return TextPrinter.print(Simplifier.shortest().apply(expr(text))); }

    static String plain(String text) { return TextPrinter.print(Simplifier.simplify(expr(text))); }

    /**
     * An inner product that cancels as sum(u ⊙ v) is found inside a longer product too, and between two rows: a
     * mixture's responsibilities left q·(1 ⊘ d)ᵀ·m standing where sum(q ⊘ d)·m is meant.
     */
    @Test
    void anInnerProductInsideAChainCancels() {
        for (String[] c : new String[][] {{"(x .* y)'*(1 ./ y)*u'", "sum(x)*u'"}, {"x'*(y .* (1 ./ y.^2))*u'", "sum(x ./ y)*u'"},
                {"(x .* y)'*(1 ./ y)", "sum(x)"}}) {
            Expr in = expr(c[0]), out = Simplifier.shortest().apply(in);
            assertThat(TextPrinter.print(out)).as(c[0]).isEqualTo(c[1]);
            RulesTest.assertSameValue(in, out);
        }
    }

    /**
     * Decimals folded into one constant print as their exact decimal product, without the fold's binary rounding
     * (trial s81b: GELU's 0.10703222430119999), while a number that is not such a decimal keeps its digits.
     */
    @Test
    void foldedDecimalsPrintWithoutTheFoldsRounding() {
        assertThat(shortest("3*0.044715*0.79788456*x")).isEqualTo("0.1070322243012*x");
        // the printed number is the constant to one unit in the last place, so a formula pasted back keeps its value
        assertThat(Math.abs(Double.parseDouble("0.1070322243012") - 3 * 0.044715 * 0.79788456)).isLessThanOrEqualTo(Math.ulp(0.1070322243012));
        assertThat(shortest("(0.1 + 0.2)*x")).isEqualTo("0.3*x");
        assertThat(shortest("0.1234567890123456*x")).isEqualTo("0.1234567890123456*x");
        assertThat(dev.matdiff.expr.TextPrinter.number(0.1 + 0.2)).as("a value, not a formula's constant").isEqualTo("0.30000000000000004");
    }

    @Test
    void aTransposedSumIsPushedInWhenThatIsShorter() {
        assertThat(plain("(x'*X + y')'")).isEqualTo("(x'*X + y')'");
        assertThat(shortest("(x'*X + y')'")).isEqualTo("X'*x + y");
    }

    @Test
    void aTransposedSumStaysWhenPushingInIsLonger() {
        assertThat(shortest("(X*x - y)'*(X*x - y)")).isEqualTo("(X*x - y)'*(X*x - y)");
        assertThat(shortest("(X + X*X)'")).isEqualTo("(X + X^2)'");
    }

    @Test
    void anExpressionWithoutATransposedSumIsLeftAsThePlainSimplifierLeavesIt() {
        assertThat(shortest("X'*x + y")).isEqualTo(plain("X'*x + y"));
    }

    /** Past MAX_NODES_TO_COMPARE printed nodes the first form is kept, even where the other is shorter. */
    @Test
    void aLargeExpressionKeepsTheFirstForm() {
        StringBuilder big = new StringBuilder("x");
        for (int i = 0; i < Simplifier.MAX_NODES_TO_COMPARE; i++) big.insert(0, "sin(").append(')');
        String text = "(x'*X + y')' + " + big;
        assertThat(shortest(text)).startsWith("(x'*X + y')'");
        assertThat(shortest("(x'*X + y')' + sin(x)")).startsWith("X'*x + y");
    }

    /** A rebuilt sum of ones is a size, as the factory writes it, and prints as one. */
    @Test
    void aSumOfAMatrixOfOnesIsItsSize() {
        assertThat(plain("sum(a*ones(m, n))")).isEqualTo("m*n*a");
    }

    /** A sum over its own count is a mean and stays one; a mean times its count is the sum, so a matrix less its mean sums to 0. */
    @Test
    void aMeanStaysWholeAndMeetsItsCount() {
        assertThat(plain("sum(x)*ones(n)/n")).isEqualTo("mean(x)*ones(n)");
        assertThat(plain("sum(A - sum(A)*ones(m, n)/(m*n))")).isEqualTo("0");
        assertThat(plain("2*mean(x)*n")).isEqualTo("2*sum(x)");
        // a square matrix's count n·n is folded to n², and is still its count
        assertThat(plain("sum(X)*ones(n, n)/(n*n)")).isEqualTo("mean(X)*ones(n, n)");
        assertThat(plain("sum(X - sum(X)*ones(n, n)/n^2)")).isEqualTo("0");
    }

    /** A sigmoid is read as a quotient of the exponential the expression also holds, where that cancels; else it stays. */
    @Test
    void aSigmoidBesideItsExponentialCancelsAsTheQuotientItIs() {
        assertThat(shortest("exp(X) .* (sigmoid(-X) - exp(X) ./ (ones(n, n) + exp(X)).^2)")).isEqualTo("sigmoid(X) .* (ones(n, n) - sigmoid(X))");
        assertThat(shortest("exp(x) .* sigmoid(y) + sigmoid(x)")).isEqualTo("exp(x) .* sigmoid(y) + sigmoid(x)");
        assertThat(shortest("exp(a) + sigmoid(a)")).isEqualTo("exp(a) + sigmoid(a)");
    }

    /**
     * The size that counts is the printed one: a subexpression used five times is printed five
     * times, although the expression holds it once.
     */
    @Test
    void theSizeIsTheSizeAsPrinted() {
        StringBuilder z = new StringBuilder("x");
        for (int i = 0; i < Simplifier.MAX_NODES_TO_COMPARE / 4; i++) z.insert(0, "sin(").append(')');
        String shared = "(x'*X + y')' + " + z + " + exp(" + z + ") + cos(" + z + ") + tan(" + z + ") + abs(" + z + ")";
        assertThat(shortest(shared)).startsWith("(x'*X + y')'");
        String once = "(x'*X + y')' + " + z;
        assertThat(shortest(once)).startsWith("X'*x + y");
    }

    /** Cancelling writes a polynomial in one atom as the textbook factors it (σ'' / σ), not expanded as 2σ³ − 3σ² + σ. */
    @Test
    void aCancelledPolynomialKeepsTheTextbooksFactors() {
        String s = "sigmoid(x)", oneMinus = "(ones(n) - sigmoid(x))";
        String hessian = s + " .* " + oneMinus + " .* " + oneMinus + " - " + s + " .* " + s + " .* " + oneMinus;
        assertThat(shortest(hessian)).isEqualTo("sigmoid(x) .* (ones(n) - sigmoid(x)) .* (ones(n) - 2*sigmoid(x))");
        RulesTest.assertSameValue(expr(hessian), Simplifier.shortest().apply(expr(hessian)));
        // a cubic with roots 1 and −1/2 besides 0, and one whose other factor has no rational root: the same values
        for (String cubic : new String[] {"2*x.^3 - x.^2 - x + (x - x.^2) .* (x + x)", "x .* (x .* x + ones(n)) + x .* x .* (x - x)"})
            RulesTest.assertSameValue(expr(cubic), Simplifier.shortest().apply(expr(cubic)));
        // without the atom as a factor nothing is factored: 1 - t² stays as written
        assertThat(shortest("(ones(n) - tanh(x)) .* (ones(n) + tanh(x)) + tanh(x) - tanh(x)")).isEqualTo("ones(n) - tanh(x).^2");
    }

    /** det of a repeated factor: matmul-power makes X·X a power, det-power takes it out of the determinant. */
    @Test
    void theDeterminantOfASquareIsASquare() {
        assertThat(plain("det(X*X)")).isEqualTo("det(X)^2");
        assertThat(plain("logdet(X*X*X)")).isEqualTo("3*logdet(X)");
    }

    @Test
    void oneSharedSimplifierGivesWhatFreshOnesGive() {
        UnaryOperator<Expr> shared = Simplifier.shortest();
        for (String text : new String[] {"(x'*X + y')'", "(X*x - y)'*(X*x - y)", "(x'*X + y')' + sin(x)", "X'*x + y"})
            assertThat(TextPrinter.print(shared.apply(expr(text)))).as(text).isEqualTo(shortest(text));
    }
}
