package dev.matdiff.numeric;

import dev.matdiff.MatDiff;
import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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

    /**
     * Past the cap the names' products are still computed as they are: H_i = H_(i-1)*H_(i-1), ten times, is X^1024, and
     * tr(X^1024)'s gradient 1024·(X^1023)ᵀ, as Commons Math's powers give them (h_i = h_(i-1)·h_(i-1): a^16384).
     */
    @Test
    void aChainOfSquaresPastTheCapHasTheValuesOfThePowers() {
        StringBuilder program = new StringBuilder("matrix X(2, 2)\nH0 = X\n");
        for (int i = 1; i <= 10; i++) program.append("H").append(i).append(" = H").append(i - 1).append("*H").append(i - 1).append("\n");
        MatDiff m = MatDiff.parse(program.append("L = tr(H10)\n").toString());
        RealMatrix x = MatrixUtils.createRealMatrix(new double[][] {{0.6, -0.79}, {0.8, 0.61}});
        MatDiff.Evaluation e = m.evaluate(m.derive(null, List.of("X")), Map.of("X", x));
        double trace = x.power(1024).getTrace();
        assertThat(e.values().getEntry(0, 0)).isCloseTo(trace, within(1e-9 * Math.abs(trace)));
        RealMatrix gradient = x.power(1023).transpose().scalarMultiply(1024), got = e.derivatives().get("gradient").get("X");
        assertThat(got.subtract(gradient).getNorm()).isLessThan(1e-9 * gradient.getNorm());

        StringBuilder scalars = new StringBuilder("scalar a\nh0 = a\n");
        for (int i = 1; i <= 14; i++) scalars.append("h").append(i).append(" = h").append(i - 1).append("*h").append(i - 1).append("\n");
        MatDiff s = MatDiff.parse(scalars.append("L = h14\n").toString());
        double a = 1.0001, power = Math.pow(a, 16384);
        MatDiff.Evaluation f = s.evaluate(s.derive(null, List.of("a")), Map.of("a", MatrixUtils.createRealMatrix(new double[][] {{a}})));
        // a^(2^14) is as exact as its 14 squarings, about 2^14 roundings
        assertThat(f.values().getEntry(0, 0)).isCloseTo(power, within(1e-11 * power));
        assertThat(f.derivatives().get("gradient").get("a").getEntry(0, 0)).isCloseTo(16384 * power / a, within(1e-11 * 16384 * power));
    }
}
