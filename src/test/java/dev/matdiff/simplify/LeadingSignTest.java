package dev.matdiff.simplify;

import dev.matdiff.MatDiff;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.testing.RandomExpressions;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A gradient's leading minus taken into a difference the objective does not write, its value kept (checked on random data). */
class LeadingSignTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sum(exp(A*x)) | -A'*(u - exp(A*x)) | A'*(exp(A*x) - u)",
            "sum(x .* y) | -2*(x .* (y - x))/a | 2*(x .* (x - y))/a",
            // a scaling's scalar is a factor too (a Hessian's)
            "det(a*X) | -a*det(a*X)*(1 - a)/b^2 | a*det(a*X)*(a - 1)/b^2",
            "sum(x) | -(1 - a)*X | (a - 1)*X",
            // and through a scaling to the product it scales
            "sum(x) | -a*(A'*(u - A*x)) | a*A'*(A*x - u)",
            // the objective writes u − A·x: the gradient keeps it, as the seed does
            "sqnorm(u - A*x) | -2*A'*(u - A*x) | -2*A'*(u - A*x)",
            // no leading minus, or no difference to turn
            "sum(x) | A'*(u - A*x) | A'*(u - A*x)",
            "sum(x) | -A'*u | -A'*u",
            // a slope as the textbooks write it stays: 1 − σ, 1 − tanh² (the turn is taken at another difference, or not at all)
            "sum(x) | -A'*((ones(m) - sigmoid(u)) .* u) | -A'*((ones(m) - sigmoid(u)) .* u)",
            "sum(x) | -2*(x .* (ones(n) - tanh(x).^2)) | -2*(x .* (ones(n) - tanh(x).^2))",
            // and −(a − b) is b − a
            "sum(x) | -(x - 2*y/a) | 2*y/a - x"})
    void aLeadingMinusTurnsADifferenceTheObjectiveDoesNotWrite(String objective, String gradient, String expected) {
        var program = MatDiff.parse(RandomExpressions.declarations() + "o = " + objective + "\ng = " + gradient + "\n").program();
        Expr g = program.definitions().get("g").body(), turned = new LeadingSign(program.definitions().get("o")).positive(g);
        assertThat(TextPrinter.print(turned)).isEqualTo(expected);
        RulesTest.assertSameValue(g, turned);
    }
}
