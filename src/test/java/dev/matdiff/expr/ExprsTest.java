package dev.matdiff.expr;

import dev.matdiff.MatDiff;
import dev.matdiff.testing.RandomExpressions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The canonical forms the factory keeps as it builds, before any rule runs. */
class ExprsTest {

    static String built(String text) {
        return TextPrinter.print(MatDiff.parse(RandomExpressions.declarations() + "f = " + text + "\n").program().objective(null).body());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "A*(2*X)            | 2*A*X",
            "(a*A)*X            | a*A*X",
            "x .* (a*y)         | a*(x .* y)",
            "(2*x) .* (a*y)     | 2*a*(x .* y)",
            "(-x) .* y          | -x .* y",
            "A*(X*X)            | A*X*X",
            "x + (y + x)        | x + y + x",
    })
    void scalarFactorsSitInFrontAndProductsAndSumsAreFlat(String input, String canonical) {
        assertThat(built(input)).isEqualTo(canonical);
    }
}
