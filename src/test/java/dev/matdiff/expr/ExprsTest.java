package dev.matdiff.expr;

import dev.matdiff.simplify.RulesTest;
import dev.matdiff.testing.RandomExpressions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The canonical forms the factory keeps as it builds, before any rule runs. */
class ExprsTest {

    static String built(String text) { return TextPrinter.print(RulesTest.expr(text)); }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "A*(2*X)            | 2*A*X",
            "(a*A)*X            | a*A*X",
            "x .* (a*y)         | a*(x .* y)",
            "(2*x) .* (a*y)     | 2*a*(x .* y)",
            "(-x) .* y          | -x .* y",
            "x .* (-y)          | -x .* y",
            "A*(X*X)            | A*X*X",
            "x + (y + x)        | x + y + x",
    })
    void scalarFactorsSitInFrontAndProductsAndSumsAreFlat(String input, String canonical) {
        assertThat(built(input)).isEqualTo(canonical);
    }

    /**
     * What the factory writes has the value of what was written: the expression as written, built
     * node by node around the factory, against the factory's form. (A gradient check cannot see a
     * factory that changes f: it checks the gradient of f as built.)
     */
    @Test
    void theFactorysFormsHaveTheValueOfWhatWasWritten() {
        Expr x = RandomExpressions.VARIABLES.get("x"), y = RandomExpressions.VARIABLES.get("y"), a = RandomExpressions.VARIABLES.get("a");
        Expr twoY = raw(Op.SCALE, Exprs.num(2), y), aX = raw(Op.SCALE, a, x);
        RulesTest.assertSameValue(raw(Op.HADAMARD, x, twoY), Exprs.hadamard(x, twoY));
        RulesTest.assertSameValue(raw(Op.HADAMARD, aX, y), Exprs.hadamard(aX, y));
        RulesTest.assertSameValue(raw(Op.HADAMARD, aX, twoY), Exprs.hadamard(aX, twoY));
        assertThat(TextPrinter.print(Exprs.hadamard(aX, twoY))).isEqualTo("2*a*(x .* y)");
        // a negation out of either factor; a sum written with a shorter one kept whole, plus or minus (SharedSums)
        Expr minusY = raw1(Op.NEG, y), sum = Exprs.add(x, y);
        RulesTest.assertSameValue(raw(Op.HADAMARD, x, minusY), Exprs.hadamard(x, minusY));
        RulesTest.assertSameValue(Exprs.add(List.of(x, y, aX)), Exprs.extended(sum, List.of(aX)));
        RulesTest.assertSameValue(Exprs.add(List.of(aX, Exprs.neg(x), Exprs.neg(y))), Exprs.lessened(List.of(aX), sum));
        assertThat(Exprs.partialOf(Exprs.extended(sum, List.of(aX)))).isSameAs(sum);
        assertThat(Exprs.partialOf(Exprs.lessened(List.of(aX), sum))).isSameAs(sum);
        assertThat(Exprs.partialOf(Exprs.add(List.of(x, y, aX)))).isNull();
    }

    private static Expr raw1(Op op, Expr arg) { return new Expr.Node(op, List.of(arg), 0, arg.shape()); }

    /** A node as written, without the factory's canonical forms. */
    private static Expr raw(Op op, Expr left, Expr right) { return new Expr.Node(op, List.of(left, right), 0, right.shape()); }
}
