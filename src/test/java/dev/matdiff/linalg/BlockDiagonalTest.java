package dev.matdiff.linalg;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.matdiff.linalg.Numbers.gap;
import static org.assertj.core.api.Assertions.assertThat;

/** kron(I, B) kept as its block: products from either side, either read transposed, agree with the whole array. */
class BlockDiagonalTest {

    @Test void productsOnEitherSideAgreeWithTheWholeKroneckerProduct() {
        Random r = new Random(3);
        Dense block = Numbers.gaussian(r, 3, 2);
        BlockDiagonal blocks = new BlockDiagonal(block, 4);
        RealMatrix whole = new org.apache.commons.math3.linear.Array2DRowRealMatrix(12, 8);
        for (int i = 0; i < 12; i++) for (int j = 0; j < 8; j++) whole.setEntry(i, j, blocks.getEntry(i, j));
        assertThat(whole.getEntry(4, 3)).isEqualTo(block.getEntry(1, 1));
        assertThat(whole.getEntry(4, 0)).isZero();
        Blas blas = Blas.get();
        for (boolean t : new boolean[] {false, true})
            for (boolean tb : new boolean[] {false, true}) {
                int inner = t ? 12 : 8;
                Dense right = tb ? Numbers.gaussian(r, 5, inner) : Numbers.gaussian(r, inner, 5);
                Dense left = tb ? Numbers.gaussian(r, inner == 12 ? 8 : 12, 6) : Numbers.gaussian(r, 6, inner == 12 ? 8 : 12);
                RealMatrix op = t ? whole.transpose() : whole;
                RealMatrix opRight = tb ? right.transpose() : right, opLeft = tb ? left.transpose() : left;
                assertThat(gap(Matrices.multiply(blocks, t, right, tb, blas), op.multiply(opRight))).isLessThan(1e-12);
                assertThat(gap(Matrices.multiply(left, tb, blocks, t, blas), opLeft.multiply(op))).isLessThan(1e-12);
            }
    }

    @Test void itIsFiniteWhereItsBlockIs() {
        assertThat(Matrices.allFinite(new BlockDiagonal(new Dense(2, 2, new double[] {1, 2, 3, 4}), 3))).isTrue();
        assertThat(Matrices.allFinite(new BlockDiagonal(new Dense(2, 2, new double[] {1, Double.NaN, 3, 4}), 3))).isFalse();
    }

    @Test void kronOfALargeIdentityIsKeptAsItsBlockAndOfAnythingElseIsWhole() {
        RealMatrix ones = new Dense(10, 10, java.util.Arrays.copyOf(new double[] {1}, 100));
        java.util.Arrays.fill(((Dense) ones).data, 1);
        assertThat(LinearMaps.kron(MatrixUtils.createRealIdentityMatrix(300), ones)).isInstanceOf(BlockDiagonal.class);
        assertThat(LinearMaps.kron(MatrixUtils.createRealIdentityMatrix(3), ones)).isNotInstanceOf(BlockDiagonal.class);
        RealMatrix notIdentity = MatrixUtils.createRealIdentityMatrix(300);
        notIdentity.setEntry(0, 1, 1e-300);
        assertThat(LinearMaps.kron(notIdentity, ones)).isNotInstanceOf(BlockDiagonal.class);
    }
}
