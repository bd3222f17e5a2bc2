package dev.matdiff.numeric;

import dev.matdiff.MatDiff;
import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The form plans key nodes in: a name is its body, and the nodes above it are rebuilt to match. */
class CanonicalTest {

    /**
     * A chain h_i = h_{i-1} + x keeps its sums of two terms: flattened through the names, its canonical form held a sum of
     * every length up to the chain's, quadratic work (a 50,000-line program did not finish in a minute).
     */
    @Test
    void aChainOfSumsThroughNamesStaysSumsOfTwoTerms() {
        StringBuilder program = new StringBuilder("vector x(n)\nh0 = x\n");
        for (int i = 1; i <= 400; i++) program.append("h").append(i).append(" = h").append(i - 1).append(" + x\n");
        MatDiff m = MatDiff.parse(program.append("L = sum(h400)\n").toString());
        Expr canonical = Canonical.of(m.program().objective(null), Integer.MAX_VALUE);
        int widest = Dag.postOrder(canonical).stream().filter(e -> Exprs.is(e, Op.ADD)).mapToInt(e -> e.children().size()).max().orElse(0);
        assertThat(widest).isEqualTo(2);
    }

    /** A chain h_i = h_{i-1}·h_{i-1} keeps its products of names past 256 factors: flattened, h_14 had 16,384 (h_20 a million). */
    @Test
    void aChainOfSquaresThroughNamesStaysProductsOfAFewHundredFactors() {
        StringBuilder program = new StringBuilder("scalar a\nh0 = a\n");
        for (int i = 1; i <= 14; i++) program.append("h").append(i).append(" = h").append(i - 1).append("*h").append(i - 1).append("\n");
        MatDiff m = MatDiff.parse(program.append("L = h14\n").toString());
        Expr canonical = Canonical.of(m.program().objective(null), Integer.MAX_VALUE);
        int widest = Dag.postOrder(canonical).stream().filter(e -> Exprs.is(e, Op.SCALE) || Exprs.is(e, Op.MATMUL))
                .mapToInt(e -> e.children().size()).max().orElse(0);
        long nodes = Dag.postOrder(canonical).size();
        assertThat(widest).isLessThanOrEqualTo(Canonical.MAX_FLAT_NODES);
        assertThat(nodes).isLessThan(2_000);
    }
}
