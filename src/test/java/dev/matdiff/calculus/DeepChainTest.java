package dev.matdiff.calculus;

import dev.matdiff.MatDiff;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.TextPrinter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The differential of exp(exp(…(a)…)) is a product of a factor per level: the walk that applies the laws to the end builds it
 * in nodes linear in the depth (it rebuilt the product below at every level: n²/2 nodes, 2 million at 2,000 levels).
 */
class DeepChainTest {

    private static int programs;

    /** Nodes built by a first derivation of exp nested k deep, on names no other derivation has built. */
    private static long nodesBuilt(int k) {
        String a = "deep" + programs++;
        MatDiff m = MatDiff.parse("scalar " + a + "\nL = " + "exp(".repeat(k) + a + ")".repeat(k));
        long before = Exprs.distinctBuilt();
        m.derive(a);
        return Exprs.distinctBuilt() - before;
    }

    @Test
    void nodesBuiltGrowLinearlyWithTheDepth() {
        long c200 = nodesBuilt(200), c400 = nodesBuilt(400), c800 = nodesBuilt(800);
        double early = (c400 - c200) / 200.0, late = (c800 - c400) / 400.0;
        assertThat(late).as("nodes per level for levels 401-800 against 201-400 (quadratic work would double it)").isLessThanOrEqualTo(early * 1.1);
        assertThat(late).as("nodes built per level").isLessThanOrEqualTo(12);
    }

    /**
     * Past the printed passes the laws are applied to the end in one walk: the product is the one the passes would give,
     * the outermost factor, the objective's own value, by its name L.
     */
    @Test
    void theProductIsEveryLevelsFactorOutsideIn() {
        int k = 60;
        MatDiff m = MatDiff.parse("scalar a\nL = " + "exp(".repeat(k) + "a" + ")".repeat(k));
        StringBuilder expected = new StringBuilder("L");
        for (int i = k - 1; i >= 1; i--) expected.append("*").append("exp(".repeat(i)).append('a').append(")".repeat(i));
        assertThat(TextPrinter.print(m.derive("a").gradient("a"))).isEqualTo(expected.toString());
    }
}
