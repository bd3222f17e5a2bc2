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
        MatDiff m = MatDiff.parse(squares("scalar a", "h", "a", 14) + "L = h14\n");
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
        MatDiff m = MatDiff.parse(squares("matrix X(2, 2)", "H", "X", 10) + "L = tr(H10)\n");
        RealMatrix x = MatrixUtils.createRealMatrix(new double[][] {{0.6, -0.79}, {0.8, 0.61}});
        MatDiff.Evaluation e = m.evaluate(m.derive(null, List.of("X")), Map.of("X", x));
        double trace = x.power(1024).getTrace();
        assertThat(e.values().getEntry(0, 0)).isCloseTo(trace, within(1e-9 * Math.abs(trace)));
        RealMatrix gradient = x.power(1023).transpose().scalarMultiply(1024), got = e.derivatives().get("gradient").get("X");
        assertThat(got.subtract(gradient).getNorm()).isLessThan(1e-9 * gradient.getNorm());

        MatDiff s = MatDiff.parse(squares("scalar a", "h", "a", 14) + "L = h14\n");
        double a = 1.0001, power = Math.pow(a, 16384);
        MatDiff.Evaluation f = s.evaluate(s.derive(null, List.of("a")), Map.of("a", MatrixUtils.createRealMatrix(new double[][] {{a}})));
        // a^(2^14) is as exact as its 14 squarings, about 2^14 roundings
        assertThat(f.values().getEntry(0, 0)).isCloseTo(power, within(1e-11 * power));
        assertThat(f.derivatives().get("gradient").get("a").getEntry(0, 0)).isCloseTo(16384 * power / a, within(1e-11 * 16384 * power));
    }

    /** The declaration, then name0 = variable and name_i = name_(i-1)*name_(i-1) up to name_k. */
    private static String squares(String declaration, String name, String variable, int k) {
        StringBuilder program = new StringBuilder(declaration + "\n" + name + "0 = " + variable + "\n");
        for (int i = 1; i <= k; i++) program.append(name).append(i).append(" = ").append(name).append(i - 1).append('*').append(name).append(i - 1).append('\n');
        return program.toString();
    }
}
