package dev.matdiff.expr;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The hash-consing table: one object per structure, through growth and from many threads. */
class InternTableTest {

    private static final Shape VECTOR = Shape.vector(new Dim.Fixed(3));

    /** A distinct structure per i (i·ones, then ten scalings and negations), built without the factory. */
    private static Expr build(int i) {
        Expr leaf = new Expr.Num(i % 1000);
        Expr e = new Expr.Node(Op.SCALE, List.of(new Expr.Num(i), new Expr.Node(Op.ONES, List.of(), 0, VECTOR)), 0, VECTOR);
        for (int bit = 0; bit < 10; bit++)
            e = ((i >> bit) & 1) == 1 ? new Expr.Node(Op.NEG, List.of(e), 0, VECTOR)
                    : new Expr.Node(Op.SCALE, List.of(leaf, e), 0, VECTOR);
        return e;
    }

    /**
     * A definition that reads its predecessor twice, h + x ⊙ x − 0.001·h, gave every link of a chain past the seventh
     * one hash (the predecessor's entered with an even coefficient, 31³ + 31², and eight links shift it out): interning
     * then compared every link with every other, all the way down.
     */
    @Test
    void aChainThatReadsEachLinkTwiceHasAHashPerLink() {
        Expr x = Exprs.var("x", VECTOR, VarKind.VECTOR, false), h = x;
        java.util.Set<Integer> hashes = new java.util.HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            h = Exprs.add(List.of(h, Exprs.hadamard(x, x), Exprs.scale(Exprs.num(-0.001), h)));
            hashes.add(h.hashCode());
        }
        assertThat(hashes).hasSizeGreaterThan(990);
    }

    @Test
    void equalExpressionsGetTheFirstObjectBuiltThroughEveryGrowth() {
        InternTable table = new InternTable();
        List<Expr> first = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) first.add(table.intern(build(i)));
        assertThat(table.size()).isEqualTo(100_000);
        for (int i = 0; i < 100_000; i++) {
            Expr again = build(i);
            assertThat(again).isNotSameAs(first.get(i));
            assertThat(table.intern(again)).isSameAs(first.get(i));
        }
        assertThat(table.size()).isEqualTo(100_000);
    }

    @Test
    void equalityIsTheExpressionsOwnNotTheDoubles() {
        InternTable table = new InternTable();
        // Num(0.0) and Num(-0.0) are unequal records; NaN is equal to itself
        Expr zero = table.intern(new Expr.Num(0.0)), negativeZero = table.intern(new Expr.Num(-0.0));
        assertThat(zero).isNotSameAs(negativeZero);
        assertThat(table.intern(new Expr.Num(Double.NaN))).isSameAs(table.intern(new Expr.Num(Double.NaN)));
        assertThat(table.size()).isEqualTo(3);
    }

    @Test
    void threadsBuildingTheSameExpressionsAtOnceGetOneObjectEach() throws Exception {
        InternTable table = new InternTable();
        int n = 50_000, threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Expr[]>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = t;
                tasks.add(() -> {
                    List<Integer> order = new ArrayList<>();
                    for (int i = 0; i < n; i++) order.add(i);
                    Collections.shuffle(order, new Random(seed));
                    Expr[] got = new Expr[n];
                    for (int i : order) got[i] = table.intern(build(i));
                    return got;
                });
            }
            List<Expr[]> results = new ArrayList<>();
            for (Future<Expr[]> f : pool.invokeAll(tasks)) results.add(f.get());
            for (int i = 0; i < n; i++)
                for (Expr[] other : results) assertThat(other[i]).isSameAs(results.get(0)[i]);
            assertThat(table.size()).isEqualTo(n);
        } finally {
            pool.shutdownNow();
        }
    }
}
