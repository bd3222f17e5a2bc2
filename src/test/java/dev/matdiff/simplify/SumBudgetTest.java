package dev.matdiff.simplify;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.VarKind;
import dev.matdiff.source.MatDiffException;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bound on the terms of the sums a simplifier session takes in: each distinct sum counts once, and past the bound it stops. */
class SumBudgetTest {

    private static final Rewriter.Table RULES = new Rewriter.Table(Rules.ALL);

    /** The sums 1 + a1, 1 + a1 + a2, …, each listing the terms of the one before: k(k + 3)/2 terms in all. */
    private static List<Expr> growingSums(String prefix, int k) {
        List<Expr> terms = new ArrayList<>(List.of(Exprs.num(1))), sums = new ArrayList<>();
        for (int i = 1; i <= k; i++) {
            terms.add(Exprs.var(prefix + i, Shape.SCALAR, VarKind.SCALAR, false));
            sums.add(Exprs.add(terms));
        }
        return sums;
    }

    @Test
    void sumsThatRepeatTheTermsBeforeThemStopTheRewriterPastTheBound() {
        Rewriter within = new Rewriter(RULES, Simplifier.MAX_REWRITES, 65 * 68 / 2);
        for (Expr s : growingSums("u", 65)) within.run(s);
        Rewriter past = new Rewriter(RULES, Simplifier.MAX_REWRITES, 65 * 68 / 2);
        List<Expr> sums = growingSums("v", 66);
        assertThatThrownBy(() -> sums.forEach(past::run)).isInstanceOf(MatDiffException.class)
                .hasMessage("the derivation's sums grow past 2,210 terms in all (a gradient that repeats, at each definition, "
                        + "every term of the one before): too large to derive");
    }

    @Test
    void aSumSimplifiedAgainOrSharedCountsOnce() {
        Rewriter r = new Rewriter(RULES, Simplifier.MAX_REWRITES, 101);
        Expr sum = growingSums("w", 100).get(99);
        for (int i = 0; i < 1000; i++) r.run(Exprs.scale(sum, sum));
    }

    @Test
    void theBoundIsFarAboveTheLargestSumsAProgramWrites() {
        // HugeInputTest derives a 100,000-term line and a sum of 50,000 constants
        assertThat(SumBudget.MAX_TERMS).isGreaterThan(20L * 100_000);
    }
}
