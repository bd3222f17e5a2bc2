package dev.matdiff.simplify;

import dev.matdiff.MatDiff;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.testing.RandomExpressions;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** An atom written with a name defined from it: the inverse along the one path to it, or none. */
class NamedInversesTest {

    /** The name p := body, and the atom the body is read for (the objective, as parsed). */
    private static String inverse(String body, String atomText) {
        var program = MatDiff.parse(RandomExpressions.declarations() + "p = " + body + "\nf = " + atomText + "\n").program();
        Expr.Named p = (Expr.Named) program.definitions().get("p");
        Expr atom = program.objective(null).body(), inverse = NamedInverses.inverse(p, atom);
        // the inverse, p written out, is the atom again: checked on random data
        if (inverse != null)
            RulesTest.assertSameValue(atom, dev.matdiff.expr.Substitution.apply(inverse, e -> e == p ? p.body() : null), RulesTest.point(p.body(), 7));
        return inverse == null ? "none" : TextPrinter.print(inverse);
    }

    /** Only a name for arithmetic on a function's value is read through: a residual is not what a gradient cancels against. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"ones(n) ./ (ones(n) + exp(x)) | true", "y .* exp(x) | true", "X*x - y | false", "exp(x) | false"})
    void whichNamesAreReadThrough(String body, boolean expected) {
        var program = MatDiff.parse(RandomExpressions.declarations() + "p = " + body + "\nf = sum(p)\n").program();
        assertThat(NamedInverses.invertible(program.definitions().get("p"))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ones(n) ./ (ones(n) + exp(x)) | exp(x) | ones(n) ./ p - ones(n)",
            "(ones(n) + tanh(x))/2 | tanh(x) | 2*p - ones(n)",
            // divided only by a factor never 0, which y, constant or not, may be
            "sigmoid(y) .* exp(x) | exp(x) | p ./ sigmoid(y)",
            "y .* exp(x) | exp(x) | none",
            "a*exp(x) | exp(x) | none",
            "2*exp(x) | exp(x) | p/2",
            "exp(-x) .* x | exp(-x) | none",
            "1/(1 + exp(a)) | exp(a) | 1/p - 1",
            "-(X*x - y) | X*x | -p + y",
            // a twice, behind a function, or a constant of the definition: no inverse
            "exp(x) .* exp(x) | exp(x) | none",
            "tanh(x + y) | x | none",
            "ones(n) + x | ones(n) | none",
            // a matrix over a scalar that holds a: a matrix cannot divide
            "X/(a + 1) | a | none",
            "2/(a + 1) | a | 1/(p/2) - 1"})
    void anAtomIsReadThroughTheNameDefinedFromIt(String body, String atom, String expected) {
        assertThat(inverse(body, atom)).isEqualTo(expected);
    }
}
