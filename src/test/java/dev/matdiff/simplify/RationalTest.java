package dev.matdiff.simplify;

import dev.matdiff.MatDiff;
import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.testing.RandomExpressions;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The canceller's shortcut: what it passes over as unable to get lighter, cancelling would indeed not have kept. */
class RationalTest {

    private static Expr parse(String text) {
        return MatDiff.parse(RandomExpressions.declarations() + "f = " + text).program().objective(null).body();
    }

    @Property(tries = 400, seed = "20261202")
    void whatTheShortcutPassesOverCancellingWouldNotHaveKept(@ForAll long seed) {
        Expr e = new RandomExpressions(seed, false).gen(Shape.SCALAR, 5);
        for (Expr sub : Dag.postOrder(List.of(e)))
            if (ArithmeticWeight.cannotLighten(sub))
                assertThat(Rational.lighter(sub)).as(TextPrinter.print(sub)).isNull();
    }

    /** Read once, at most one sign or number: the shortcut's cases, none of which cancelling lightens. */
    @ParameterizedTest
    @ValueSource(strings = {"X*x - y", "a*x + y", "x .* y + 2*X*x", "-(x .* y)", "x.^2 + y", "ones(n) - x.^3", "x + y + X'*x"})
    void passedOver(String text) {
        Expr e = parse(text);
        assertThat(ArithmeticWeight.cannotLighten(e)).as(text).isTrue();
        assertThat(Rational.lighter(e)).as(text).isNull();
    }

    /** An atom twice, a quotient, two numbers, a factor of ones: cancelling is tried, and here it lightens. */
    @ParameterizedTest
    @ValueSource(strings = {"x .* y + y .* x", "(x .* y) ./ y", "-2*(3*x - y)", "x .* ones(n) + y .* ones(n)", "(x.^2).^2 .* x - x.^5"})
    void tried(String text) {
        Expr e = parse(text);
        assertThat(ArithmeticWeight.cannotLighten(e)).as(text).isFalse();
        assertThat(Rational.lighter(e)).as(text).isNotNull();
    }

    /** Expanding (1 − a)·E would write the large atom E twice to save a sign: it stays as written. */
    @Test
    void aLargeAtomIsNotWrittenTwiceToSaveASign() {
        assertThat(Rational.lighter(parse("a*b - (1 - a)*exp(x'*y)"))).isNull();
        // a small one may be: a·b − (1 − a)·b is b·(2a − 1)'s expansion, lighter either way
        assertThat(Rational.lighter(parse("a*b - (1 - a)*b"))).isNotNull();
    }

    /**
     * √u² in a numerator is read as u, also for a u with a divisor (the whole then goes over its powers): the
     * pseudo-Huber Hessian's 1/s − r²/(a²s³), with s = √(1 + r²/a²), is 1/s³.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "1 ./ sqrt(ones(n) + x.^2/a^2) - (x.^2 ./ sqrt(ones(n) + x.^2/a^2).^3)/a^2 | ones(n) ./ sqrt(ones(n) + x.^2/a^2).^3",
            "1 ./ sqrt(ones(n) + x.^2) - x.^2 ./ sqrt(ones(n) + x.^2).^3 | ones(n) ./ sqrt(ones(n) + x.^2).^3",
            "(sqrt(a^2 + b^2/a)^2 - a^2)/b | b/a"})
    void aSquaredRootInANumeratorIsItsRadicand(String text, String cancelled) { cancelsTo(text, cancelled); }

    /**
     * A power u^(k/2) is read as √u^k, so it meets √u and u, and is written back as a power of u: the Hessian of
     * (1 + a²)^-0.5 is (2a² − 1)/(1 + a²)^2.5; a divisor u beside √u is √u² (a root written as a root stays one).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "3*a^2*(1 + a^2)^-2.5 - (1 + a^2)^-1.5 | (2*a^2 - 1)/(1 + a^2)^2.5",
            "3*a^2*sqrt(1 + a^2)/(1 + a^2)^3 - (1 + a^2)^-1.5 | (2*a^2 - 1)/(1 + a^2)^2.5",
            "3*x.^2 ./ (ones(n) + x.^2).^2.5 - 1 ./ (ones(n) + x.^2).^1.5 | (2*x.^2 - ones(n)) ./ (ones(n) + x.^2).^2.5",
            "b/((1 + a^2)*sqrt(1 + a^2)) - b/sqrt(1 + a^2)^3 + a | a",
            "sqrt(a)*(1 + a)/a^1.5 | (a + 1)/a",
            // a radicand whose coefficients are not all 1 keeps them, and its own form beside the pairs of roots
            "3*b^2*(4*a^2 + b^2)^-2.5 - (4*a^2 + b^2)^-1.5 | 2*(b^2 - 2*a^2)/(4*a^2 + b^2)^2.5"})
    void aHalfPowerIsAPowerOfTheRoot(String text, String cancelled) { cancelsTo(text, cancelled); }

    /**
     * A divisor is one factor however it was scaled, with its whole coefficients kept (their gcd taken out, the sign of the
     * leading one): 1/(4a² + b²)'' had read (0.09375b² − 0.125a²)/(a² + 0.25b²)³; 2 − 2a and 1 − a meet.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "-6*b/(4*a^2 + b^2)^2 + 8*b^3/(4*a^2 + b^2)^3 | 2*(b^2 - 12*a^2)*b/(4*a^2 + b^2)^3",
            "1/(2 - 2*a) + a/(1 - a) | (2*a + 1)/(2*(1 - a))"})
    void aDivisorKeepsItsWholeCoefficients(String text, String cancelled) { cancelsTo(text, cancelled); }

    /**
     * A numerator that is a multiple of its one divisor and a rest two terms shorter splits off the multiple: the cloglog
     * gradient's 1 − y + (e ⊙ y) ⊘ (e − 1) is 1 + y ⊘ (e − 1) (the textbook's 1 − y ⊘ (1 − e)); not where the rest is as long.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "ones(n) - y + (x .* y) ./ (x - ones(n)) | ones(n) + y ./ (x - ones(n))",
            "(a + b + 1)/(a + 1) | 1 + b/(a + 1)",
            "(2*a + 2 + b)/(a + 1) | 2 + b/(a + 1)"})
    void aMultipleOfTheDivisorSplitsOff(String text, String cancelled) { cancelsTo(text, cancelled); }

    /**
     * One quotient beside terms that cancel its numerator goes over its divisor: there is no divisor to repeat, and the
     * difference 1 − e^a/(e^a + e^b) is 0 for 4e-18 at a = 40 (trial s60c).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "1 - b/(a + b) | a/(a + b)",
            "1 - exp(a)/(exp(a) + exp(b)) | exp(b)/(exp(a) + exp(b))",
            "ones(n) - exp(x) ./ (exp(x) + exp(y)) | exp(y) ./ (exp(x) + exp(y))"})
    void oneQuotientAndTheTermsItCancelsAreOneQuotient(String text, String cancelled) { cancelsTo(text, cancelled); }

    /** Where the other terms cancel none of the numerator, the quotient stays beside them, as the textbook writes it. */
    @ParameterizedTest
    @ValueSource(strings = {"ones(n) - (x - y).^2 ./ exp(x)", "0.5*ones(n) - (x - y).^2 ./ (2*exp(x))", "1 ./ (x - y) + 1 ./ (x + y)"})
    void oneQuotientBesideTermsItDoesNotCancelStays(String text) {
        assertThat(Rational.lighter(parse(text))).as(text).isNull();
    }

    /** An entry-wise monomial divisor goes into the terms it divides (x − 1/x, not (x² − 1)/x); a scalar one, a count K,
     * stays below (TextbookFormsTest's label smoothing). */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "x .* (ones(n) - 1 ./ x.^2) | x - ones(n) ./ x",
            "(x.^3 + x + y) ./ x.^2 | x + (x + y) ./ x.^2"})
    void aMonomialDivisorGoesIntoTheTermsItDivides(String text, String cancelled) { cancelsTo(text, cancelled); }

    /** A sum raised to a power whose atoms appear nowhere else is one atom: (x − y)² is not expanded into x² − 2xy + y². */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "((x - y).^2 ./ exp(x).^4) .* exp(x) | (x - y).^2 ./ exp(x).^3",
            "exp(x) .* (1 ./ exp(x).^2 - (x - y).^2 ./ exp(x).^4) | (exp(x).^2 - (x - y).^2) ./ exp(x).^3"})
    void aSumThatIsOnlyPoweredStaysWhole(String text, String cancelled) { cancelsTo(text, cancelled); }

    /**
     * A numerator that is a power of a sum the expression wrote, or the square of a binomial, is written as that power:
     * expanded, x² − 2x ⊙ y + y² loses every digit where x and y are large and close.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "((x - y) ./ exp(a*x)) .* ((x - y) ./ exp(a*x).^2) | (x - y).^2 ./ exp(a*x).^3",
            "(2*((x + y) ./ exp(a*x)).^2) .* ((x + y) ./ exp(a*x)) | (2*(x + y).^3) ./ exp(a*x).^3",
            "(x ./ exp(a*x) - y ./ exp(a*x)).^2 ./ exp(a*x) | (x - y).^2 ./ exp(a*x).^3",
            "(2*x ./ exp(a*x) - y ./ exp(a*x)).^2 ./ exp(a*x) | (2*x - y).^2 ./ exp(a*x).^3",
            "((x - y) ./ exp(a*x)).^2 .* ((x + y) ./ exp(a*x)).^2 | ((x - y).^2 .* (x + y).^2) ./ exp(a*x).^4",
            // a written difference times the rest written out, over the divisor: the derivative of (x − y)³ ⊘ y in y
            "3*((x - y).^2 ./ y) + (x - y).^3 ./ y.^2 | ((x - y).^2 .* (x + 2*y)) ./ y.^2",
            // a divisor that is r + w² keeps the square (a scaled Cauchy loss's slope)
            "2*((x - y) ./ y) ./ (a*ones(n) + (x - y).^2 ./ y) | (2*(x - y)) ./ (a*y + (x - y).^2)"})
    void aPowerOfASumStaysAPower(String text, String cancelled) { cancelsTo(text, cancelled); }

    /**
     * Terms all in fractions put the whole number below (not 1.5*a*x − 0.5*a*y); a term that only a rounding tolerance
     * would make whole keeps its coefficient (a 4e-10 was rounded away).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "a*(x/2 + x - y/2) | a*(3*x - y)/2",
            "a*(x/2 + x - y/2 + 4e-10*y) | a*(1.5*x - 0.4999999996*y)"})
    void fractionsGoOverAWholeDenominatorOnlyWhenExactlyWhole(String text, String cancelled) { cancelsTo(text, cancelled); }

    /** A denominator of mostly negative terms turns round, with its numerator: (1 − x)/(x − x ⊙ y + y), not (x − 1)/(x ⊙ y − x − y). */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "x .* (x - ones(n)) ./ (x .* (x .* y - x - y)) | (ones(n) - x) ./ (x - x .* y + y)"})
    void aMostlyNegativeDenominatorTurnsRound(String text, String cancelled) { cancelsTo(text, cancelled); }

    /**
     * Terms that share no atom cannot cancel one another: each group is lightened on its own (sigmoid's and tanh's
     * curvatures were expanded together into one polynomial in both), and constants join no group.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "(a + 1)^2 - a^2 + b*(b + 1) - b^2 | 2*a + 1 + b",
            "x .* (x + y) - x.^2 + exp(X*x) - 2*exp(X*x) | x .* y - exp(X*x)"})
    void termsOfDisjointAtomsAreLightenedApart(String text, String cancelled) { cancelsTo(text, cancelled); }

    @Test
    void aGroupAlreadyAsLightAsItGetsIsKept() {
        String curvatures = "sigmoid(a)*(1 - sigmoid(a))*(1 - 2*sigmoid(a)) - 2*tanh(b)*(1 - tanh(b)^2)";
        assertThat(Atoms.apart(parse(curvatures).children())).hasSize(2);
        // as parsed, the scalings are nested as the factories would not nest them: read once, then kept as they are
        Expr e = parse(curvatures), once = Rational.lighter(e);
        if (once != null) e = once;
        assertThat(TextPrinter.print(e)).isEqualTo(curvatures);
        assertThat(Rational.lighter(e)).isNull();
        // one atom shared joins the groups; a constant alone joins none, and keeps the sum whole
        assertThat(Atoms.apart(parse("a*b + b*exp(a)").children())).isNull();
        assertThat(Atoms.apart(parse("a + 2 + b").children())).isNull();
    }

    /**
     * Factors every term of a scalar sum holds go outside before the rest is read (CommonFactor): a slope keeps its product
     * form, σ(1 − σ), where the whole read as one polynomial expands it; a tie keeps the fully factored reading.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "2*a*b + sigmoid(a)*(1 - sigmoid(a))*b | (2*a + sigmoid(a)*(1 - sigmoid(a)))*b",
            "a*b*exp(b) + b*exp(b)*sigmoid(a)*(1 - sigmoid(a)) | (a + sigmoid(a)*(1 - sigmoid(a)))*b*exp(b)",
            "2*tanh(a)*(1 - tanh(a)^2)*b + (1 - tanh(a)^2)*b | b*(1 - tanh(a)^2)*(2*tanh(a) + 1)",
            // a base every term holds goes outside to the lowest power: 8u³a² + u⁴ is u³(9a² + 1)
            "8*(a^2 + 1)^3*a^2 + (a^2 + 1)^4 | (a^2 + 1)^3*(9*a^2 + 1)",
            "exp(a)^2*b + exp(a)^3 | (exp(a) + b)*exp(a)^2",
            // an entry-wise product the cancelling expands, factored again where it wrote the factor: backpropagation's δ ⊙ f'
            "x .* (cos(y).^2 - sin(y).^2) | x .* (ones(n) - 2*sin(y).^2)",
            "(cos(y).^2 - sin(y).^2) .* (X*x) | (ones(n) - 2*sin(y).^2) .* (X*x)"})
    void sharedFactorsGoOutsideFirst(String text, String cancelled) { cancelsTo(text, cancelled); }

    /** An entry-wise product the cancelling expands is factored again (above); not a sum written as one. */
    @Test
    void aSumWrittenAsOneIsNotFactored() {
        cancelsTo("x .* (cos(y).^2 - sin(y).^2) + x .* sin(y).^2", "x .* cos(y).^2");
        Expr sum = Rational.lighter(parse("x .* log(x) .* (x + y) - (x'*log(x))*x"));
        assertThat(sum == null ? "" : TextPrinter.print(sum)).doesNotContain("ones");
    }

    /** sin²u + cos²u = 1 and cosh²u − sinh²u = 1 in a numerator (Pythagoras), also where the two were apart in a sum. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "-(1 + cos(a)^2/sin(a)^2) | -1/sin(a)^2",
            "b + sin(a)^2 + cos(a)^2 | b + 1",
            "cosh(a)^2 - sinh(a)^2 + b | 1 + b",
            "sin(a)^2*b + cos(a)^2*b | b",
            "x + cos(x).^2 .* (x ./ sin(x).^2) | x ./ sin(x).^2",
            // tan(u) beside sin(u) or cos(u) is sin(u)/cos(u); a divisor sin² + cos² is 1
            "cos(a)*tan(a) + b | sin(a) + b",
            "cos(a)^2*(1 + tan(a)^2)*b | b",
            "b/(cos(a)^2 + sin(a)^2) + a | b + a"})
    void squaresOfSineAndCosineAddUpToOne(String text, String cancelled) { cancelsTo(text, cancelled); }

    /** Terms over one divisor add up over it where the whole over one denominator would expand (overSharedDenominators). */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "-2*(sin(a*b) + b*a*cos(a*b))/(a + b^2)^2 - a^2*sin(a*b)/(a + b^2) - 2*a*b*cos(a*b)/(a + b^2)^2 + 8*sin(a*b)*b^2/(a + b^2)^3"
                    + " | 2*(-2*b*a*cos(a*b) - sin(a*b))/(a + b^2)^2 - a^2*sin(a*b)/(a + b^2) + 8*sin(a*b)*b^2/(a + b^2)^3"})
    void termsOverOneDivisorAddUpOverIt(String text, String cancelled) { cancelsTo(text, cancelled); }

    /** A divisor like p − 1 that the expression wrote as 1 − p stays so, its sign on the numerator or outside. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "a - b/(1 - a) + b/(1 - a)^2 - b/(1 - a)^2 | (a - a^2 - b)/(1 - a)",
            "(a - b)/(a*(a - 1)) + (1 - a)*b/(a*(a - 1)) | -(1 - b)/(1 - a)"})
    void aDivisorWrittenOneWayRoundStaysSo(String text, String cancelled) { cancelsTo(text, cancelled); }

    /** The text cancels to the printed form, of the same value. */
    private static void cancelsTo(String text, String cancelled) {
        Expr e = parse(text);
        Expr out = Rational.lighter(e);
        assertThat(out).as(text).isNotNull();
        assertThat(TextPrinter.print(out)).isEqualTo(cancelled);
        RulesTest.assertSameValue(e, out);
    }
}
