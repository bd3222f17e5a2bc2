package dev.matdiff.linalg;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.BlockRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static dev.matdiff.testing.Fixtures.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ChainOrderTest {

    @Test void a_matrix_times_a_vector_is_multiplied_from_the_right() {
        // A (2×100) · B (100×100) · x (100×1): A(Bx) costs 10,200, (AB)x 20,200
        assertThat(ChainOrder.splits(new double[] {2, 100, 100, 1})[0][2]).isEqualTo(0);
    }

    @Test void the_textbook_chain_is_split_after_the_second_factor() {
        // CLRS: 10×100, 100×5, 5×50: (AB)C costs 7,500, A(BC) 75,000
        assertThat(ChainOrder.splits(new double[] {10, 100, 5, 50})[0][2]).isEqualTo(1);
    }

    @Test void any_order_gives_the_left_to_right_product_across_both_layouts() {
        Random r = new Random(3);
        // 70×70 is stored in blocks, 70×2 and 2×70 in rows: the mixed products must still agree
        RealMatrix a = new BlockRealMatrix(random(r, 70, 70).getData());
        RealMatrix b = new Array2DRowRealMatrix(random(r, 70, 70).getData());
        RealMatrix c = random(r, 70, 2), d = random(r, 2, 70);
        List<RealMatrix> chain = List.of(a, b, c, d, a);
        RealMatrix expected = naive(naive(naive(naive(a, b), c), d), a);
        RealMatrix actual = ChainOrder.multiply(chain);
        for (int i = 0; i < 70; i++)
            for (int j = 0; j < 70; j++)
                assertThat(actual.getEntry(i, j)).isCloseTo(expected.getEntry(i, j), within(1e-9 * (1 + Math.abs(expected.getEntry(i, j)))));
    }

    @Test void a_long_chain_sweeps_from_the_cheaper_end() {
        Random r = new Random(4);
        double c = Math.cos(0.3), s = Math.sin(0.3);
        // a rotation keeps the product's size, so the comparison is not between two tiny numbers
        RealMatrix m = new Array2DRowRealMatrix(new double[][] {{c, -s, 0}, {s, c, 0}, {0, 0, 1}});
        RealMatrix x = random(r, 3, 1);
        List<RealMatrix> chain = new java.util.ArrayList<>();
        for (int i = 0; i < ChainOrder.MAX_SEARCHED + 10; i++) chain.add(m);
        chain.add(x);
        RealMatrix expected = x;
        for (int i = 0; i < ChainOrder.MAX_SEARCHED + 10; i++) expected = naive(m, expected);
        RealMatrix actual = ChainOrder.multiply(chain);
        assertThat(expected.getFrobeniusNorm()).isCloseTo(x.getFrobeniusNorm(), within(1e-9));
        for (int i = 0; i < 3; i++) assertThat(actual.getEntry(i, 0)).isCloseTo(expected.getEntry(i, 0), within(1e-10));
    }

    static RealMatrix naive(RealMatrix a, RealMatrix b) {
        double[][] out = new double[a.getRowDimension()][b.getColumnDimension()];
        for (int i = 0; i < out.length; i++)
            for (int j = 0; j < out[0].length; j++)
                for (int k = 0; k < a.getColumnDimension(); k++) out[i][j] += a.getEntry(i, k) * b.getEntry(k, j);
        return new Array2DRowRealMatrix(out, false);
    }
}
