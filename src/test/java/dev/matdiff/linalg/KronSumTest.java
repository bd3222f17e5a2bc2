package dev.matdiff.linalg;

import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static dev.matdiff.linalg.Numbers.gap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kronecker products kept as their factors: every product, transpose, scaling and sum agrees with the same
 * arithmetic on the whole array, written out here entry by entry (A ⊗ B)[i·p + k][j·q + l] = A[i][j]·B[k][l].
 */
class KronSumTest {
    private final Random random = new Random(17);
    private final Blas blas = Blas.get();

    private Dense random(int rows, int cols) { return Numbers.gaussian(random, rows, cols); }

    private static Dense whole(RealMatrix a, RealMatrix b) {
        int p = b.getRowDimension(), q = b.getColumnDimension();
        Dense out = new Dense(a.getRowDimension() * p, a.getColumnDimension() * q);
        for (int i = 0; i < out.rows; i++)
            for (int j = 0; j < out.cols; j++) out.data[i * out.cols + j] = a.getEntry(i / p, j / q) * b.getEntry(i % p, j % q);
        return out;
    }

    /** Shapes of A and B: rectangular both ways, vectors, 1×1. */
    private static final int[][] SHAPES = {{3, 4, 2, 5}, {4, 3, 5, 2}, {3, 1, 1, 4}, {1, 1, 3, 3}, {2, 2, 1, 1}, {1, 1, 1, 1}, {5, 1, 2, 1}};

    @Test void productsFromEitherSideEitherWayRoundAgreeWithTheWholeArray() {
        for (int[] s : SHAPES) {
            Dense a = random(s[0], s[1]), b = random(s[2], s[3]);
            KronSum kept = KronSum.kept(a, b);
            Dense k = whole(a, b);
            assertThat(gap(kept, k)).isZero();
            assertThat(gap(new Dense(k.rows, k.cols, kept.formed()), k)).isZero();
            for (boolean t : new boolean[] {false, true})
                for (boolean tv : new boolean[] {false, true})
                    for (int n : new int[] {1, 3}) {
                        int inner = t ? k.rows : k.cols, outer = t ? k.cols : k.rows;
                        Dense v = tv ? random(n, inner) : random(inner, n);
                        assertThat(gap(Matrices.multiply(kept, t, v, tv, blas), Matrices.multiply(k, t, v, tv, blas)))
                                .as("op(kron)·op(v), %s, t=%s tv=%s n=%d", java.util.Arrays.toString(s), t, tv, n).isLessThan(1e-12);
                        Dense u = tv ? random(outer, n) : random(n, outer);
                        assertThat(gap(Matrices.multiply(u, tv, kept, t, blas), Matrices.multiply(u, tv, k, t, blas)))
                                .as("op(u)·op(kron), %s, t=%s tu=%s n=%d", java.util.Arrays.toString(s), t, tv, n).isLessThan(1e-12);
                    }
        }
    }

    @Test void sumsScalingsAndTransposesStayKeptAndAgree() {
        Dense a = random(3, 4), b = random(2, 5), c = random(4, 3), d = random(5, 2);
        KronSum ab = KronSum.kept(a, b), cd = KronSum.kept(c, d);
        // 2·(A ⊗ B) − 0.5·(C ⊗ D)ᵀ: both 6×20
        KronSum sum = KronSum.combination(List.of(ab, cd), new boolean[] {false, true}, new double[] {2, -0.5});
        assertThat(sum).isNotNull();
        RealMatrix expected = whole(a, b).scalarMultiply(2).subtract(Matrices.transpose(whole(c, d)).scalarMultiply(0.5));
        assertThat(gap(sum, expected)).isLessThan(1e-14);
        assertThat(Matrices.transpose(sum)).isInstanceOf(KronSum.class);
        assertThat(gap(Matrices.transpose(sum), expected.transpose())).isLessThan(1e-14);
        assertThat(gap(Matrices.scale(sum, 3), expected.scalarMultiply(3))).isLessThan(1e-13);
        Dense x = random(20, 1);
        assertThat(gap(Matrices.multiply(sum, false, x, false, blas), expected.multiply(x))).isLessThan(1e-12);
        // terms of different shapes do not add up to one matrix
        assertThat(KronSum.combination(List.of(ab, cd), new boolean[] {false, false}, new double[] {1, 1})).isNull();
        assertThat(KronSum.combination(List.of(ab, a), new boolean[] {false, false}, new double[] {1, 1})).isNull();
    }

    @Test void aProductOfKeptProductsIsTheMixedProductWhereTheFactorsConform() {
        Dense a = random(3, 4), b = random(2, 5), c = random(4, 2), d = random(5, 3);
        RealMatrix product = Matrices.multiply(KronSum.kept(a, b), false, KronSum.kept(c, d), false, blas);
        assertThat(product).isInstanceOf(KronSum.class);
        assertThat(gap(product, whole(a, b).multiply(whole(c, d)))).isLessThan(1e-12);
        // (3·2)×(4·5) times (5·4)×… : the inner sizes agree (20) but not factor by factor, so the right one is formed
        Dense e = random(5, 2), f = random(4, 2);
        RealMatrix other = Matrices.multiply(KronSum.kept(a, b), false, KronSum.kept(e, f), false, blas);
        assertThat(gap(other, whole(a, b).multiply(whole(e, f)))).isLessThan(1e-12);
    }

    @Test void finitenessIsTheFactorsUnlessTheirProductsOverflow() {
        Dense a = random(2, 2), b = random(2, 2);
        assertThat(KronSum.kept(a, b).allFinite()).isTrue();
        Dense big = new Dense(1, 2, new double[] {1e200, 0}), alsoBig = new Dense(2, 1, new double[] {1e200, 1});
        // 1e200·1e200 overflows in one entry
        assertThat(KronSum.kept(big, alsoBig).allFinite()).isFalse();
        // large bound, but the large entries never meet: every entry finite
        Dense apart = new Dense(1, 2, new double[] {1e200, 1}), small = new Dense(2, 1, new double[] {1e-200, 1e200});
        assertThat(KronSum.kept(new Dense(1, 1, new double[] {1e200}), new Dense(1, 2, new double[] {1e-200, 1})).allFinite()).isTrue();
        assertThat(KronSum.kept(apart, small).allFinite()).isFalse();  // 1e200·1e200 = ∞ at (1, 0)
        Dense nan = new Dense(1, 1, new double[] {Double.NaN});
        assertThat(KronSum.kept(nan, b).allFinite()).isFalse();
        // as made by of(), its factors' largest entries known from the start: the same answers, transposed and summed too
        Dense large = scaled(random(100, 100), 1e160), alsoLarge = scaled(random(2, 2), 1e160), withNaN = random(100, 100);
        withNaN.data[7] = Double.NaN;
        KronSum overflowing = (KronSum) KronSum.of(large, false, alsoLarge, false), fine = (KronSum) KronSum.of(large, false, random(2, 2), false);
        assertThat(overflowing.allFinite()).isFalse();
        assertThat(fine.allFinite()).isTrue();
        assertThat(fine.transposed().scaled(2).allFinite()).isTrue();
        assertThat(((KronSum) KronSum.of(withNaN, false, random(2, 2), false)).allFinite()).isFalse();
        assertThat(KronSum.combination(List.of(fine, fine), new boolean[] {false, true}, new double[] {1, 1e300}).allFinite()).isFalse();
    }

    @Test void onlyLargeProductsAreKept() {
        assertThat(KronSum.of(random(8, 8), false, random(8, 8), false)).isNull();
        assertThat(KronSum.of(random(64, 64), false, random(2, 2), false)).isInstanceOf(KronSum.class);
        assertThat(LinearMaps.kron(random(64, 64), random(2, 2))).isInstanceOf(KronSum.class);
        // read transposed in place, or the transposes formed for a small one: the same entries either way
        Dense a = random(64, 50), b = random(3, 2), c = random(4, 3), d = random(2, 3);
        RealMatrix kept = LinearMaps.kron(a, true, b, true), formed = LinearMaps.kron(c, true, d, false);
        assertThat(kept).isInstanceOf(KronSum.class);
        assertThat(gap(kept, whole(a.transpose(), b.transpose()))).isZero();
        assertThat(formed).isInstanceOf(Dense.class);
        assertThat(gap(formed, whole(c.transpose(), d))).isZero();
    }

    @Test void reductionsOfKeptValuesAgreeWithTheirEntries() {
        Dense a = random(3, 4), b = random(2, 5);
        KronSum k = KronSum.kept(a, b);
        Dense w = whole(a, b);
        assertThat(Matrices.sum(k)).isCloseTo(Matrices.sum(w), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Matrices.sumOfSquares(k)).isCloseTo(Matrices.sumOfSquares(w), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Matrices.norm(k)).isCloseTo(Matrices.norm(w), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Fused.traceOfProduct(k, true, k, false)).isCloseTo(Matrices.sumOfSquares(w), org.assertj.core.data.Offset.offset(1e-12));
        KronSum square = KronSum.kept(random(3, 3), random(2, 2));
        assertThat(Fused.traceOfProduct(square, false, square, false))
                .isCloseTo(Fused.traceOfProduct(whole(square), false, whole(square), false), org.assertj.core.data.Offset.offset(1e-12));
        // a factor whose own sum of squares overflows, though no entry of the product is large: the entries decide
        KronSum apart = KronSum.kept(new Dense(1, 1, new double[] {1e160}), new Dense(1, 2, new double[] {1e-160, 2e-160}));
        assertThat(Matrices.sumOfSquares(apart)).isCloseTo(5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Matrices.sum(apart)).isCloseTo(3, org.assertj.core.data.Offset.offset(1e-12));
        double[] walked = {0};
        k.walkInOptimizedOrder(new org.apache.commons.math3.linear.DefaultRealMatrixPreservingVisitor() {
            @Override public void visit(int i, int j, double v) { walked[0] += Math.abs(v - w.getEntry(i, j)); }
        });
        assertThat(walked[0]).isZero();
    }

    private static Dense whole(KronSum k) { return new Dense(k.getRowDimension(), k.getColumnDimension(), k.formed()); }

    @Test void outerProductsKeptAsTheirVectorsAgreeWithTheirEntries() {
        double[] u = random(130, 1).data, v = random(140, 1).data;
        RealMatrix kept = Outer.of(u, v);
        assertThat(kept).isInstanceOf(Outer.class);
        assertThat(Outer.of(new double[] {1, 2}, new double[] {3})).isInstanceOf(Dense.class);
        Dense w = Outer.form(u, v);
        assertThat(gap(kept, w)).isZero();
        assertThat(gap(Matrices.transpose(kept), w.transpose())).isZero();
        assertThat(gap(Matrices.scale(kept, -2), w.scalarMultiply(-2))).isZero();
        for (boolean t : new boolean[] {false, true})
            for (boolean tb : new boolean[] {false, true}) {
                Dense b = tb ? random(3, t ? 130 : 140) : random(t ? 130 : 140, 3);
                assertThat(gap(Matrices.multiply(kept, t, b, tb, blas), Matrices.multiply(w, t, b, tb, blas))).isLessThan(1e-12);
                Dense c = tb ? random(t ? 140 : 130, 3) : random(3, t ? 140 : 130);
                assertThat(gap(Matrices.multiply(c, tb, kept, t, blas), Matrices.multiply(c, tb, w, t, blas))).isLessThan(1e-12);
            }
        assertThat(Matrices.sum(kept)).isCloseTo(Matrices.sum(w), org.assertj.core.data.Offset.offset(1e-10));
        assertThat(Matrices.sumOfSquares(kept)).isCloseTo(Matrices.sumOfSquares(w), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Matrices.norm(kept)).isCloseTo(Matrices.norm(w), org.assertj.core.data.Offset.offset(1e-10));
        assertThat(Matrices.allFinite(kept)).isTrue();
        assertThat(Matrices.allFinite(Outer.of(new double[130], new double[] {Double.NaN}))).isFalse();
        // u·uᵀ made as a Gram product stays as its vector and is exactly symmetric
        RealMatrix gram = Fused.gram(Dense.column(u), false, blas);
        assertThat(gram).isInstanceOf(Outer.class);
        assertThat(Fused.symmetrized(gram)).isSameAs(gram);
    }

    /** kronblocks and blocksum, the adjoints of kron in each factor, read an outer product as U·B·Vᵀ and Uᵀ·A·V. */
    @Test void theKroneckerAdjointsOfAnOuterProductAgreeWithThoseOfItsEntries() {
        int m = 13, n = 11, p = 12, q = 13;
        double[] u = random(m * p, 1).data, v = random(n * q, 1).data;
        RealMatrix kept = Outer.of(u, v);
        assertThat(kept).isInstanceOf(Outer.class);
        Dense w = Outer.form(u, v), b = random(p, q), a = random(m, n);
        assertThat(gap(LinearMaps.kronBlocks(kept, b), LinearMaps.kronBlocks(w, b))).isLessThan(1e-12);
        assertThat(gap(LinearMaps.blockSum(kept, a), LinearMaps.blockSum(w, a))).isLessThan(1e-12);
    }

    /**
     * Factors of far apart sizes whose products are ordinary numbers (review s67r): A at 1e200 and B at 1e-200 times x
     * at 1e-200 underflowed to 0 in the vec trick's first product, the other way round overflowed, and a trace or norm
     * of factors' traces or norms met ∞·0. Each now agrees with the entries written out.
     */
    @Test void factorsOfFarApartSizesGiveTheEntriesValues() {
        double[][] scales = {{1e200, 1e-200, 1e-200}, {1e-305, 1e305, 1e5}, {1e307, 1e-300, 1}};
        for (double[] sc : scales) {
            Dense a = scaled(random(64, 50), sc[0]), b = scaled(random(3, 2), sc[1]), x = scaled(random(100, 1), sc[2]);
            RealMatrix kept = KronSum.of(a, false, b, false);
            assertThat(kept).isInstanceOf(KronSum.class);
            Dense w = whole(a, b);
            String what = java.util.Arrays.toString(sc);
            RealMatrix kx = Matrices.multiply(kept, x), wx = w.multiply(x);
            assertThat(gap(kx, wx)).as(what).isLessThanOrEqualTo(1e-12 * Matrices.maxAbs(wx));
            assertThat(Matrices.maxAbs(kx)).as(what).isGreaterThan(0);
            double norm = Matrices.norm(w);
            assertThat(Matrices.norm(kept)).as(what).isCloseTo(norm, org.assertj.core.data.Offset.offset(1e-12 * norm));
            double trace = Fused.traceOfProduct(w, true, w, false);
            assertThat(Fused.traceOfProduct(kept, true, kept, false)).as(what).isCloseTo(trace, org.assertj.core.data.Offset.offset(1e-12 * trace));
        }
    }

    private static Dense scaled(Dense m, double c) {
        double[] out = m.data.clone();
        for (int i = 0; i < out.length; i++) out[i] *= c;
        return new Dense(m.rows, m.cols, out);
    }

    /** A factor that is itself kept in parts is not kept again (it would be written out in full): the kron is formed, or refused. */
    @Test void aFactorKeptInPartsIsNotKeptAgain() {
        RealMatrix outer = Outer.of(random(200, 1).data, random(200, 1).data);
        assertThat(outer).isInstanceOf(Outer.class);
        assertThat(KronSum.of(outer, false, random(2, 2), false)).isNull();
        assertThat(KronSum.of(KronSum.kept(random(100, 100), random(2, 2)), false, random(2, 2), false)).isNull();
    }
}
