package dev.matdiff.syntax;

import dev.matdiff.MatDiff;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.source.Source;
import dev.matdiff.testing.RandomExpressions;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The text printer's output parses back to an equal expression. */
class RoundTripTest {

    static Expr reparse(Expr e) {
        String program = RandomExpressions.declarations() + "f = " + TextPrinter.print(e) + "\n";
        return MatDiff.parse(program).program().objective(null).body();
    }

    /**
     * e's printed form parses back to e itself, or, where a product prints as a quotient (0.5·A as A/2, 1/3·A as A/3),
     * to an expression that prints the same and has the same value.
     */
    static void assertParsesBack(Expr e, Expr back, String what) {
        if (back.equals(e)) return;
        assertThat(TextPrinter.print(back)).as(what + " parsed back").isEqualTo(TextPrinter.print(e));
        if (dev.matdiff.simplify.RulesTest.point(e, 7) != null) dev.matdiff.simplify.RulesTest.assertSameValue(e, back);
    }

    @Property(tries = 1000, seed = "20261123")
    void randomExpressionsParseBackToThemselves(@ForAll long seed) {
        Expr e = new RandomExpressions(seed, false).gen(dev.matdiff.expr.Shape.SCALAR, 4);
        assertParsesBack(e, reparse(e), TextPrinter.print(e));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "-x'*X*x", "a*b*X", "-2*a", "a - 2*b", "x'*(X - S')*x", "(-a)^2", "-a^2", "A*B - (A*B)'", "tr(X^-1)",
            "x .* (y ./ exp(x)) - (x .* y) ./ exp(y)", "-(x .* y)", "a/b*X", "X*(a/b)", "(a + b)*(X + X')",
            "x'*y*u'*u", "2^-1*a", "exp(-x)'*y", "sum(kron(X, A))", "vec(A)'*vec(A)", "u'*A*x + a", "x'*x/(a*b)",
            "x/3", "-2*x/3", "(x + y)/3", "a*x/7", "(x .* y)/3", "-(x/3)", "-x/a", "-inv(X)'/det(X)", "-(x + y)/a", "-1/a^2", "-1 ./ x.^2", "-(2*x)/a", "-X*x/a/b", "-x .* y", "-(A*x) .* u", "-x ./ exp(y)", "-(x + y) .* y", "X*x/3", "x.^(2/3)", "(2/3) ./ x.^(1/3)",
            "a^(-2/3)", "(-1/3)/a^(4/3)", "sum(ones(m, n))", "sum(ones(n))*x",
            "mean(x)*y", "mean(A)", "mean(A, 1)*X", "mean(A, 2)'*u", "-mean(x)^2", "sum(x)/m", "sum(K)/4",
            // quotient coefficients through products and over divisors keep their numerators (review)
            "0.75*x/a", "-0.375*X*x/(a*b)", "(0.75*a)*x", "0.5*a*b*x", "-0.25*(a*b)*X*x/b", "0.1875*x/a",
            "x/a - 0.375*y/a", "y - 0.5*a*x", "a - 0.25*b/a", "x - 0.25*(X*x)/b", "0.5/a + b - 0.75/a^2", "b - 0.5*a^-1.5",
            // a reciprocal among scalars printed as one quotient, in a sum and as an argument; a chain of .*; a row of ones
            "(1 ./ sqrt(x))/(2*a)", "(-ones(n)/(2*a)) ./ sqrt(x)", "(x ./ y)/a", "-(1 ./ x.^2)/a", "y + (-ones(n)/(2*a)) ./ exp(x)",
            "exp((-ones(n)/(2*a)) ./ y)", "x .* (y .* exp(x))", "x*ones(n)'", "(x*ones(n)').^2",
            // symbolic exponents (pow): a scalar's ^, .^ of a matrix, a compound base or exponent, right-associated powers
            "a^b", "x.^a", "(x + y).^(a - 1)", "2.^x", "a^b^2", "(a^b)^2", "x.^(a*b) .* y", "-a^b", "exp(x).^a", "X.^a'"})
    void handWrittenExpressionsParseBack(String text) {
        Expr e = MatDiff.parse(RandomExpressions.declarations() + "f = " + text).program().objective(null).body();
        assertParsesBack(e, reparse(e), text + " printed as " + TextPrinter.print(e));
    }

    /** A coefficient such as 1/3 prints as the quotient it is (x/3, not 0.3333333333333333*x) and parses back to its value. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "1|3|x + y|(x + y)/3", "2|3|x|2*x/3", "-2|3|x|-2*x/3", "-1|3|X*x|-X*x/3", "1|7|x .* y|(x .* y)/7",
            "5|6|-x|-5*x/6", "1|2|x|x/2", "-1|4|x|-x/4", "1|10|x|0.1*x", "22|7|exp(x)|22*exp(x)/7"})
    void fractionalCoefficientsPrintAsQuotients(long p, long q, String operand, String printed) {
        Expr x = MatDiff.parse(RandomExpressions.declarations() + "f = " + operand).program().objective(null).body();
        Expr e = dev.matdiff.expr.Exprs.scale(dev.matdiff.expr.Exprs.num((double) p / q), x);
        assertThat(TextPrinter.print(e)).isEqualTo(printed);
        dev.matdiff.simplify.RulesTest.assertSameValue(e, reparse(e));
    }

    /** A number that is a quotient prints as one where it stands alone too (trial s64a: 1.3333333333333333), bracketed as one. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "4|3|+|a|4/3 + a", "2|3|-|a|2/3 - a", "-2|3|+|a|-2/3 + a", "4|3|/|a|4/(3*a)", "1|3|^|a|(1/3)^a", "22|7|*|a|22*a/7"})
    void aQuotientOnItsOwnPrintsAsOne(long p, long q, String op, String operand, String printed) {
        Expr a = MatDiff.parse(RandomExpressions.declarations() + "f = " + operand).program().objective(null).body();
        Expr c = dev.matdiff.expr.Exprs.num((double) p / q);
        Expr e = switch (op) {
            case "+" -> dev.matdiff.expr.Exprs.add(java.util.List.of(c, a));
            case "-" -> dev.matdiff.expr.Exprs.sub(c, a);
            case "/" -> dev.matdiff.expr.Exprs.div(c, a);
            case "^" -> dev.matdiff.expr.Exprs.pow(c, a);
            default -> dev.matdiff.expr.Exprs.scale(c, a);
        };
        assertThat(TextPrinter.print(e)).isEqualTo(printed);
        dev.matdiff.simplify.RulesTest.assertSameValue(e, reparse(e));
        // and on the right of a quotient, in parentheses: a/(4/3), not a/4/3
        Expr under = dev.matdiff.expr.Exprs.div(a, c);
        dev.matdiff.simplify.RulesTest.assertSameValue(under, reparse(under));
    }

    /** An exponent or a reciprocal's coefficient that is a quotient prints as one, and parses back to its value. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "1|1/3|x|x.^(1/3)", "1|2/3|a|a^(2/3)", "1|-2/3|x|1 ./ x.^(2/3)", "1/3|-2/3|x|1 ./ (3*x.^(2/3))",
            "-1/3|-4/3|a|-1/(3*a^(4/3))", "2/7|-1|x + y|2 ./ (7*(x + y))", "-1/2|-1|x|-1 ./ (2*x)", "1|1/3 - 1|x|1 ./ x.^(2/3)"})
    void quotientsInPowersPrintAsQuotients(String coefficient, String power, String base, String printed) {
        Expr b = MatDiff.parse(RandomExpressions.declarations() + "f = " + base).program().objective(null).body();
        Expr e = dev.matdiff.expr.Exprs.elemPow(b, quotient(power));
        if (!coefficient.equals("1")) e = dev.matdiff.expr.Exprs.scale(dev.matdiff.expr.Exprs.num(quotient(coefficient)), e);
        assertThat(TextPrinter.print(e)).isEqualTo(printed);
        dev.matdiff.simplify.RulesTest.assertSameValue(e, reparse(e));
    }

    /**
     * A size sum(ones(m, n)) prints as the number of entries, m*n (it printed m, its rows: the gradient of
     * sum(X)*sum(ones(m, n)) read m*ones(m, n) while its value was m·n·1), and parses back to that value.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "sum(ones(m, n))|m*n", "sum(ones(n))|n", "sum(ones(1, n))|n", "sum(ones(n, 2))|2*n",
            "a/sum(ones(m, n))|a/(m*n)", "sum(x)*sum(ones(n, n))|sum(x)*n*n", "x/sum(ones(m, n))|x/(m*n)"})
    void aSizeOfOnesPrintsEveryEntry(String text, String printed) {
        Expr e = MatDiff.parse(RandomExpressions.declarations() + "f = " + text).program().objective(null).body();
        assertThat(TextPrinter.print(e)).isEqualTo(printed);
        dev.matdiff.simplify.RulesTest.assertSameValue(e, reparse(e));
    }

    /** A size that is a sum of dimensions (conv's p - r + 1) prints as that sum, bracketed as one, as LaTeX prints it; it printed sum(ones(p - r + 1)). */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "sum(ones(n + 2))|n + 2", "a/sum(ones(m + n))|a/(m + n)", "x*sum(ones(n + 1))|(n + 1)*x",
            "-sum(ones(m + n))|-(m + n)", "sum(ones(n + 1))^2|(n + 1)^2"})
    void aSizeThatIsASumPrintsAsTheSum(String text, String printed) {
        aSizeOfOnesPrintsEveryEntry(text, printed);
    }

    /**
     * A merged run of matrix powers past the exponents the language reads (|k| ≤ 256) prints as a product of powers
     * it does read: the gradient of x'*A^200*A^100*x printed (A^299)', which did not parse back.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "299|X^256*X^43", "257|X^256*X", "-300|X^-256*X^-44", "512|(X^256)^2", "10000|(X^256)^39*X^16", "-257|X^-256*X^-1", "256|X^256",
            "-256|X^-256", "70000|(X^256)^256*(X^256)^17*X^112"})
    void aPowerPastTheLanguagesExponentsPrintsAsAProductThatParsesBack(int k, String printed) {
        Expr x = MatDiff.parse(RandomExpressions.declarations() + "f = X").program().objective(null).body();
        Expr e = dev.matdiff.expr.Exprs.power(x, k);
        assertThat(TextPrinter.print(e)).isEqualTo(printed);
        // what it reads back as is X to the same power, counted through its powers and products
        assertThat(exponentOfX(reparse(e))).isEqualTo(k);
        assertThat(TextPrinter.print(dev.matdiff.expr.Exprs.transpose(e))).isEqualTo("(" + printed + ")'");
        Expr y = MatDiff.parse(RandomExpressions.declarations() + "f = x").program().objective(null).body();
        Expr inProduct = dev.matdiff.expr.Exprs.hadamard(y, dev.matdiff.expr.Exprs.matmul(java.util.List.of(e, y)));
        assertThat(TextPrinter.print(inProduct)).isEqualTo("x .* (" + printed + "*x)");
        // read back and simplified, it prints the same: a run of factors merges again, a power of a power past 256 stays
        assertThat(TextPrinter.print(dev.matdiff.simplify.Simplifier.simplify(reparse(inProduct))))
                .isEqualTo(TextPrinter.print(dev.matdiff.simplify.Simplifier.simplify(inProduct)));
        // an element-wise operand is bracketed whole: X .* A^256*A^43 would read as (X .* A^256)*A^43
        Expr xx = dev.matdiff.expr.Exprs.hadamard(x, e), quotient = dev.matdiff.expr.Exprs.elemDiv(x, e);
        boolean product = Math.abs(k) > 256;
        assertThat(TextPrinter.print(xx)).isEqualTo(product ? "X .* (" + printed + ")" : "X .* " + printed);
        assertThat(TextPrinter.print(quotient)).isEqualTo(product ? "X ./ (" + printed + ")" : "X ./ " + printed);
    }

    /** The power of X an expression made of X, its powers and their products is. */
    private static long exponentOfX(Expr e) {
        if (dev.matdiff.expr.Exprs.is(e, dev.matdiff.expr.Op.POWER))
            return (long) ((Expr.Node) e).param() * exponentOfX(e.children().get(0));
        if (dev.matdiff.expr.Exprs.is(e, dev.matdiff.expr.Op.MATMUL)) return e.children().stream().mapToLong(RoundTripTest::exponentOfX).sum();
        if (dev.matdiff.expr.Exprs.is(e, dev.matdiff.expr.Op.INV)) return -exponentOfX(e.children().get(0));
        assertThat(e).isInstanceOf(Expr.Var.class);
        return 1;
    }

    /** A negated term that prints with its own minus is added: y + 48*x/a, not y - -48*x/a (a Hessian printed so). */
    @Test
    void aNegatedTermWithItsOwnMinusPrintsAsAnAddition() {
        Expr x = RandomExpressions.VARIABLES.get("x"), y = RandomExpressions.VARIABLES.get("y"), a = RandomExpressions.VARIABLES.get("a");
        Expr quotient = dev.matdiff.expr.Exprs.div(dev.matdiff.expr.Exprs.scale(dev.matdiff.expr.Exprs.num(-48), x), a);
        Expr e = dev.matdiff.expr.Exprs.add(java.util.List.of(y, dev.matdiff.expr.Exprs.neg(quotient)));
        assertThat(e.children().get(1)).matches(t -> dev.matdiff.expr.Exprs.is(t, dev.matdiff.expr.Op.NEG), "a negation");
        assertThat(TextPrinter.print(e)).isEqualTo("y + 48*x/a");
        dev.matdiff.simplify.RulesTest.assertSameValue(e, reparse(e));
    }

    /**
     * A reciprocal under more scalings than a quotient is read through (ReciprocalQuotient.MAX_STEPS) prints as it is,
     * and one in a numerator whose scalars are read only in part is not gathered: either way it parses back to its value.
     */
    @Test
    void aReciprocalUnderManyScalarsParsesBackToItsValue() {
        Expr x = RandomExpressions.VARIABLES.get("x"), a = RandomExpressions.VARIABLES.get("a"), b = RandomExpressions.VARIABLES.get("b");
        Expr deep = dev.matdiff.expr.Exprs.elemPow(x, -1), scalar = a;
        for (int i = 0; i < 40; i++) {
            deep = new Expr.Node(dev.matdiff.expr.Op.DIV, java.util.List.of(deep, i % 2 == 0 ? a : b), 0, x.shape());
            scalar = new Expr.Node(dev.matdiff.expr.Op.SCALE, java.util.List.of(i % 2 == 0 ? b : a, scalar), 0, a.shape());
        }
        Expr ones = new Expr.Node(dev.matdiff.expr.Op.SCALE, java.util.List.of(scalar, dev.matdiff.expr.Exprs.ones(x.shape())), 0, x.shape());
        Expr broadcast = new Expr.Node(dev.matdiff.expr.Op.ELEMDIV, java.util.List.of(
                new Expr.Node(dev.matdiff.expr.Op.DIV, java.util.List.of(ones, b), 0, x.shape()), dev.matdiff.expr.Exprs.call(dev.matdiff.expr.Op.EXP, x)), 0, x.shape());
        for (Expr e : java.util.List.of(deep, broadcast)) dev.matdiff.simplify.RulesTest.assertSameValue(e, reparse(e));
    }

    /** "p/q" or "p/q - 1" computed in double arithmetic, as a derivation computes an exponent. */
    private static double quotient(String text) {
        String[] minus = text.split(" - ");
        String[] pq = minus[0].split("/");
        double v = pq.length == 1 ? Double.parseDouble(pq[0]) : Double.parseDouble(pq[0]) / Double.parseDouble(pq[1]);
        return minus.length == 1 ? v : v - Double.parseDouble(minus[1]);
    }

    /** A number far from 1 prints as it is written (1e-5, 2.5e20), not as Java's 1.0E-5, and reads back to itself. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "1e-5|1e-5", "0.00001|1e-5", "2.5e20|2.5e20", "-3e-12|-3e-12", "0.0001|0.0001", "1234.5|1234.5", "1e15|1e15", "1e300|1e300",
            // whole numbers from a million on that end in five zeros or more (1e8 printed 100000000; trial s59t)
            "100000000|1e8", "1500000|1.5e6", "-2e20|-2e20", "999999|999999", "123456789|123456789", "1000000|1e6",
            "2500050000|2500050000", "-300000000|-3e8"})
    void numbersPrintAsTheyAreWritten(String written, String printed) {
        double v = Double.parseDouble(written);
        assertThat(TextPrinter.number(v)).isEqualTo(printed);
        Expr e = MatDiff.parse(RandomExpressions.declarations() + "f = " + printed + "*a").program().objective(null).body();
        assertThat(TextPrinter.print(e)).isEqualTo(printed + "*a");
    }

    @Test
    void everySampleParsesBack() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("samples"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".mdiff")).toList()) {
                MatDiff m = MatDiff.parse(new Source(f.toString(), Files.readString(f)));
                for (Expr.Named def : m.program().definitions().values()) {
                    String printed = TextPrinter.print(def.body());
                    StringBuilder text = new StringBuilder(Files.readString(f)).append("\n__check = ").append(printed).append('\n');
                    Expr back = MatDiff.parse(text.toString()).program().definitions().get("__check").body();
                    assertParsesBack(def.body(), back, f + ": " + def.name() + " printed as " + printed);
                }
            }
        }
    }
}
