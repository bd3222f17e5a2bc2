package dev.matdiff.simplify;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.VarKind;

import org.junit.jupiter.api.Test;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** eᵘ·σ(−u) among a scaling's factors: which pair is taken, and that finding it reads each factor a bounded number of times. */
class ExpSigmoidPairsTest {

    private static final Expr A = Exprs.var("a", Shape.SCALAR, VarKind.SCALAR, false), B = Exprs.var("b", Shape.SCALAR, VarKind.SCALAR, false);

    private static Expr exp(Expr u) { return Exprs.fn("exp", u); }

    private static Expr sigmoid(Expr u) { return Exprs.fn("sigmoid", u); }

    @Test
    void theFirstExponentialIsPairedWithItsFirstOppositeSigmoid() {
        Expr minusA = Exprs.neg(A), twoA = Exprs.scale(Exprs.num(2), A);
        assertThat(ExpSigmoidPairs.first(List.of(B, exp(A), sigmoid(A), sigmoid(minusA), sigmoid(minusA)))).containsExactly(1, 3);
        assertThat(ExpSigmoidPairs.first(List.of(exp(twoA), exp(minusA), sigmoid(A), sigmoid(Exprs.scale(Exprs.num(-2), A))))).containsExactly(0, 3);
        assertThat(ExpSigmoidPairs.first(List.of(exp(A), sigmoid(A), sigmoid(B)))).isNull();
        assertThat(ExpSigmoidPairs.first(List.of(exp(A), exp(B)))).isNull();
    }

    /** The slope of exp(exp(…(a)…)) has a factor per level: reading them all for each eᵘ made a deep chain cubic. */
    @Test
    void readsEachFactorAFewTimesHoweverManyExponentialsThereAre() {
        for (int k : new int[] {100, 1000}) {
            List<Expr> factors = new ArrayList<>();
            Expr u = A;
            for (int i = 0; i < k; i++) factors.add(u = exp(u));
            factors.add(sigmoid(B));
            CountingList counted = new CountingList(factors);
            assertThat(ExpSigmoidPairs.first(counted)).isNull();
            assertThat(counted.reads).as("reads of %d factors", factors.size()).isLessThanOrEqualTo(2L * factors.size());
        }
    }

    private static final class CountingList extends AbstractList<Expr> {
        private final List<Expr> inner;
        long reads;

        CountingList(List<Expr> inner) { this.inner = inner; }

        @Override public Expr get(int i) {
            reads++;
            return inner.get(i);
        }

        @Override public int size() { return inner.size(); }
    }
}
