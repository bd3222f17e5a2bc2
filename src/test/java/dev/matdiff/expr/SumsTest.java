package dev.matdiff.expr;

import dev.matdiff.MatDiff;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The row and column sums a program writes, read one way for the simplifier and for what eval computes. */
class SumsTest {

    private static Expr body(String text) {
        return MatDiff.parse("matrix A(m, n), B(n, n)\nvector u(m)\nE = exp(A)\nf = " + text + "\n").program().objective(null).body();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "sum(A, 2) | rows | A", "A*ones(n) | rows | A", "sum(A, 1) | columns | A", "ones(m)'*A | columns | A",
            "ones(1, m)*A | columns | A", "E*ones(n) | rows | exp(A)",
            // not sums: the wrong side, a block of ones, another reduction
            "A*ones(n) | columns | -", "ones(m)'*A | rows | -", "B*ones(n, n) | rows | -", "sum(A) | rows | -"})
    void readsWhatIsSummed(String written, String along, String summed) {
        Expr got = Sums.summed(Exprs.unnamed(body(written)), along.equals("rows"));
        if (summed.equals("-")) assertThat(got).isNull();
        else assertThat(TextPrinter.print(got)).isEqualTo(summed);
    }
}
