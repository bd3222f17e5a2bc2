package dev.matdiff.linalg;

import org.apache.commons.math3.linear.BlockRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static dev.matdiff.linalg.Numbers.assertClose;
import static dev.matdiff.linalg.Numbers.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Products through BLAS (dgemm, dgemv) and Matrices' own loops agree with Commons Math's, on both implementations. */
class ProductTest {

    private static RealMatrix op(RealMatrix m, boolean t) { return t ? m.transpose() : m; }

    /** diag(op(p)·op(q)) without the product, each way round, rectangular halves (m×k by k×m) included. */
    @Test void the_diagonal_of_a_product_is_its_row_dots() {
        Random r = new Random(5);
        for (int[] mk : new int[][] {{1, 1}, {3, 7}, {7, 3}, {64, 65}})
            for (int t = 0; t < 4; t++) {
                boolean tp = (t & 1) != 0, tq = (t & 2) != 0;
                int m = mk[0], k = mk[1];
                RealMatrix p = random(r, tp ? k : m, tp ? m : k), q = random(r, tq ? m : k, tq ? k : m);
                RealMatrix product = op(p, tp).multiply(op(q, tq));
                double[] diagonal = Fused.diagonalOfProduct(p, tp, q, tq);
                assertThat(diagonal).hasSize(m);
                for (int i = 0; i < m; i++) assertThat(diagonal[i]).isCloseTo(product.getEntry(i, i), org.assertj.core.data.Offset.offset(1e-12 * k));
            }
    }

    /** A·S·Aᵀ computed a triangle's blocks at a time: the product, exactly symmetric, known to be so. */
    @Test void a_product_symmetric_by_its_form_computes_one_triangle() {
        Random r = new Random(2);
        for (Blas blas : Numbers.implementations())
            for (int n : new int[] {3, 40, 255, 256, 300, 1030})
                for (int t = 0; t < 4; t++) {
                    if (n > 300 && t != 1) continue;  // one large case
                    boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                    int k = n == 1030 ? 70 : n / 2 + 1;
                    RealMatrix a = random(r, ta ? k : n, ta ? n : k);
                    RealMatrix s = random(r, k, k);
                    s = s.add(s.transpose());
                    // op(b) = S·op(a)ᵀ, so that op(a)·op(b) = op(a)·S·op(a)ᵀ is symmetric
                    RealMatrix sat = s.multiply(op(a, ta).transpose());
                    RealMatrix b = tb ? sat.transpose() : sat;
                    Dense da = new Dense(a.getRowDimension(), a.getColumnDimension(), Dense.flat(a));
                    Dense db = new Dense(b.getRowDimension(), b.getColumnDimension(), Dense.flat(b));
                    RealMatrix got = Matrices.multiplySymmetric(da, ta, db, tb, blas);
                    assertClose(got, op(a, ta).multiply(op(b, tb)), 1e-10);
                    assertThat(Triangles.symmetric(Dense.flat(got), n, 0)).isTrue();  // the entries, not the flag
                    assertThat(Dense.knownSymmetric(got)).isTrue();
                }
    }

    @Test void a_symmetric_flag_is_dropped_by_a_change() {
        Dense d = Dense.symmetric(2, new double[] {1, 2, 2, 1});
        assertThat(Dense.knownSymmetric(d)).isTrue();
        assertThat(Dense.knownSymmetric(d.copy())).isTrue();
        d.setEntry(0, 1, 3);
        assertThat(Dense.knownSymmetric(d)).isFalse();
        assertThat(Triangles.exactlySymmetric(d)).isFalse();
    }

    @Test void every_shape_and_transpose_agrees_with_commons_math() {
        Random r = new Random(1);
        for (Blas blas : Numbers.implementations())
            for (int m : Numbers.SIZES)
                for (int k : Numbers.SIZES)
                    for (int n : Numbers.SIZES)
                        for (int t = 0; t < 4; t++) {
                            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                            // the operands as stored: A is m×k (k×m when read transposed), B k×n (n×k)
                            RealMatrix a = random(r, ta ? k : m, ta ? m : k), b = random(r, tb ? n : k, tb ? k : n);
                            RealMatrix expected = op(a, ta).multiply(op(b, tb));
                            // as the evaluator holds them: one row-major array each
                            Dense da = new Dense(a.getRowDimension(), a.getColumnDimension(), Dense.flat(a));
                            Dense db = new Dense(b.getRowDimension(), b.getColumnDimension(), Dense.flat(b));
                            assertClose(Matrices.multiply(da, ta, db, tb, blas), expected, 1e-12);
                            // and in Commons Math's layouts
                            assertClose(Matrices.multiply(a, ta, b, tb, blas), expected, 1e-12);
                        }
    }

    @Test void a_block_layout_operand_is_read_as_it_is() {
        Random r = new Random(2);
        RealMatrix a = new BlockRealMatrix(random(r, 80, 70).getData()), b = random(r, 80, 90);
        for (Blas blas : Numbers.implementations()) {
            assertClose(Matrices.multiply(a, true, b, false, blas), a.transpose().multiply(b), 1e-12);
            assertClose(Matrices.multiply(a, true, new Dense(80, 1, new double[80]), false, blas), new BlockRealMatrix(70, 1), 0);
        }
    }

    @Test void the_java_and_the_native_products_agree() {
        Random r = new Random(3);
        RealMatrix a = random(r, 300, 200), b = random(r, 300, 150);
        Dense da = new Dense(300, 200, Dense.flat(a)), db = new Dense(300, 150, Dense.flat(b));
        assertClose(Matrices.multiply(da, true, db, false, Blas.get()), Matrices.multiply(da, true, db, false, Blas.java()), 1e-12);
        Dense v = new Dense(300, 1, Dense.flat(random(r, 300, 1)));
        assertClose(Matrices.multiply(da, true, v, false, Blas.get()), Matrices.multiply(da, true, v, false, Blas.java()), 1e-12);
    }

    /** A large product split into slabs of rows, each on a thread of its own, is the same product, in every orientation. */
    @Test void a_product_split_over_threads_is_the_same_product() {
        Random r = new Random(4);
        for (Blas blas : Numbers.implementations())
            for (int slabs : new int[] {2, 3, 7})
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                    int m = 301, k = 130, n = 97;
                    RealMatrix a = random(r, ta ? k : m, ta ? m : k), b = random(r, tb ? n : k, tb ? k : n);
                    Dense da = new Dense(a.getRowDimension(), a.getColumnDimension(), Dense.flat(a));
                    Dense db = new Dense(b.getRowDimension(), b.getColumnDimension(), Dense.flat(b));
                    RealMatrix split = Matrices.multiply(da, ta, db, tb, blas.withSlabs(slabs));
                    assertClose(split, op(a, ta).multiply(op(b, tb)), 1e-12);
                }
    }

    @Test void threads_are_split_here_only_when_the_native_blas_runs_one() {
        Blas b = Blas.get();
        assertThat(b.withThreads(1).slabs()).isEqualTo(1);
        assertThat(b.withThreads(3).slabs()).isEqualTo(b.nativeThreads() > 1 ? 1 : 3);
        assertThat(Blas.java().withThreads(2).slabs()).isEqualTo(2);
    }

    @Test void the_description_names_the_implementation() {
        assertThat(Blas.java().isNative()).isFalse();
        assertThat(Blas.java().description()).startsWith("Java");
        assertThat(Blas.describe()).isEqualTo(Blas.get().description());
        if (Blas.get().isNative()) assertThat(Blas.describe()).contains("native");
        else assertThat(Blas.describe()).contains("Java");
    }

    /** Where the system has a libblas.so.3 and a liblapack.so.3 (CI installs OpenBLAS's), they are the ones in use. */
    @Test void an_installed_native_blas_is_used() {
        List<String> dirs = List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib");
        boolean installed = dirs.stream().anyMatch(d -> Files.exists(Path.of(d, "libblas.so.3")) && Files.exists(Path.of(d, "liblapack.so.3")));
        assumeTrue(installed && System.getProperty("matdiff.blas") == null, "no native BLAS on this machine");
        assertThat(Blas.get().isNative()).as(Blas.describe()).isTrue();
        assertThat(Blas.describe()).contains("native, JNI");
    }
}
