package dev.matdiff.expr;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The identity map of the memos behaves as the JDK's, key for key, through growth and removal. */
class IdentityTableTest {

    private static final Shape VECTOR = Shape.vector(new Dim.Fixed(3));

    /**
     * Keys of every kind the memos see: nodes, some of them equal but distinct objects (so their
     * structural hashes collide and removal has to shift whole runs), leaves, and plain objects.
     */
    private static List<Object> keys() {
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Expr node = new Expr.Node(Op.SCALE, List.of(new Expr.Num(i % 40), new Expr.Node(Op.ONES, List.of(), 0, VECTOR)), 0, VECTOR);
            keys.add(node);
            keys.add(new Expr.Num(i % 7));
            keys.add(new Object());
        }
        return keys;
    }

    @Test
    void aRandomRunOfOperationsAgreesWithIdentityHashMap() { randomRun(IdentityTable.PAGE_BITS); }

    /** Pages of 4 and 32 pairs: growing into pages, removal shifting runs across a page's end, iteration over pages. */
    @Test
    void aPagedTableAgreesToo() {
        randomRun(2);
        randomRun(5);
    }

    private static void randomRun(int pageBits) {
        List<Object> keys = keys();
        for (long seed = 0; seed < 20; seed++) {
            Random random = new Random(seed);
            Map<Object, Integer> table = new IdentityTable<>(4, pageBits), model = new IdentityHashMap<>();
            for (int step = 0; step < 20_000; step++) {
                Object key = keys.get(random.nextInt(keys.size()));
                int value = random.nextInt(1000);
                switch (random.nextInt(5)) {
                    case 0, 1 -> assertThat(table.put(key, value)).isEqualTo(model.put(key, value));
                    case 2 -> assertThat(table.remove(key)).isEqualTo(model.remove(key));
                    case 3 -> assertThat(table.computeIfAbsent(key, k -> value)).isEqualTo(model.computeIfAbsent(key, k -> value));
                    default -> {
                        assertThat(table.get(key)).isEqualTo(model.get(key));
                        assertThat(table.containsKey(key)).isEqualTo(model.containsKey(key));
                        assertThat(table.getOrDefault(key, -1)).isEqualTo(model.getOrDefault(key, -1));
                    }
                }
                assertThat(table.size()).isEqualTo(model.size());
            }
            Map<Object, Integer> listed = new IdentityHashMap<>();
            table.forEach(listed::put);
            for (Object key : keys) assertThat(listed.get(key)).as("%s", key).isEqualTo(model.get(key));
            assertThat(listed.size()).isEqualTo(model.size());
        }
    }

    @Test
    void equalButDistinctKeysStayApartAndNullValuesCount() {
        Expr a = new Expr.Num(1), b = new Expr.Num(1);
        Map<Object, String> table = new IdentityTable<>(4);
        table.put(a, null);
        assertThat(table.containsKey(a)).isTrue();
        assertThat(table.containsKey(b)).isFalse();
        assertThat(table.computeIfAbsent(a, k -> "made")).isEqualTo("made");
        table.put(b, "b");
        assertThat(new HashMap<>(Map.of("a", table.get(a), "b", table.get(b)))).isEqualTo(Map.of("a", "made", "b", "b"));
        table.clear();
        assertThat(table).isEmpty();
        assertThat(table.get(a)).isNull();
    }
}
