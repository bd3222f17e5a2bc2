package dev.matdiff.expr;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A map that compares keys by identity, as {@link java.util.IdentityHashMap} does, but hashes an
 * expression by the structural hash it already holds. An identity hash has to be installed in a
 * fresh object's header the first time it is asked for, and most keys of a derivation's memos are
 * nodes built moments before: in a profile of a deep network the JDK's map was a third of the time.
 * Identity and structure agree on interned expressions, so the lookups are the same; other keys
 * (leaves, whose record hash is dearer, and code generation's terms) take their identity hash. Open
 * addressing, keys and values side by side, no null keys; iterators do not remove (removeIf through
 * a view is refused) and do not notice a change made while they run.
 */
final class IdentityTable<K, V> extends AbstractMap<K, V> {
    /**
     * Pairs in one page of a large table: 2^14 pairs are an array of 128 KB (256 KB without compressed pointers),
     * below G1's humongous size (half a region, 512 KB at least). A memo of a deep derivation holds tens of thousands
     * of nodes; as one flat array it was a humongous object, which JDK 17's young collections do not free when it is
     * an array of references: long after the memo was dropped, the array kept every node it had held alive, and each
     * young collection copied them again until they were old enough to be promoted (most of the pauses of a
     * 1,024-layer network with 1 MB regions, which G1 takes for heaps below 4 GB; with 2 MB regions a memo past 32,768
     * entries would be one).
     */
    static final int PAGE_BITS = 14;

    private final int pageBits;
    /** A table of at most a page: key at 2i, its value at 2i + 1. Null once the table is paged. */
    private Object[] slots;
    /** A larger table: pair i in page i >>> pageBits, at 2 (i mod the page's pairs) and the place after. */
    private Object[][] pages;
    private int size;

    IdentityTable(int expected) { this(expected, PAGE_BITS); }

    /** A table whose pages hold 2^pageBits pairs (tests page small tables). */
    IdentityTable(int expected, int pageBits) {
        this.pageBits = pageBits;
        int capacity = 8;
        while (capacity < 2 * expected) capacity <<= 1;
        allocate(capacity);
    }

    private void allocate(int capacity) {
        if (capacity <= 1 << pageBits) {
            slots = new Object[2 * capacity];
            pages = null;
        } else {
            slots = null;
            pages = new Object[capacity >>> pageBits][];
            for (int p = 0; p < pages.length; p++) pages[p] = new Object[2 << pageBits];
        }
    }

    private static int hash(Object key) {
        return InternTable.spread(key instanceof Expr.Node n ? n.hashCode() : System.identityHashCode(key));
    }

    /** The slot pair index of the key, or of the empty pair where it would go. */
    private static int indexOf(Object key, Object[] s) {
        int mask = (s.length >> 1) - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            Object k = s[2 * i];
            if (k == key || k == null) return i;
        }
    }

    // a paged table: the same probe over pair indices

    private int capacity() { return slots != null ? slots.length >> 1 : pages.length << pageBits; }

    private Object[] page(int i) { return slots != null ? slots : pages[i >>> pageBits]; }

    /** Where pair i's key is in its page (its value is at the place after). */
    private int at(int i) { return slots != null ? 2 * i : 2 * (i & ((1 << pageBits) - 1)); }

    /** The pair index of the key, or of the empty pair where it would go, flat or paged. */
    private int find(Object key) { return slots != null ? indexOf(key, slots) : pagedIndexOf(key); }

    private int pagedIndexOf(Object key) {
        Object[][] p = pages;
        int bits = pageBits, within = (1 << bits) - 1, mask = (p.length << bits) - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            Object k = p[i >>> bits][2 * (i & within)];
            if (k == key || k == null) return i;
        }
    }

    @Override public int size() { return size; }

    @Override public boolean containsKey(Object key) {
        if (key == null) return false;
        int i = find(key);
        return page(i)[at(i)] != null;
    }

    @SuppressWarnings("unchecked")
    @Override public V get(Object key) {
        if (key == null) return null;
        int i = find(key);
        return (V) page(i)[at(i) + 1];
    }

    @SuppressWarnings("unchecked")
    @Override public V getOrDefault(Object key, V otherwise) {
        if (key == null) return otherwise;
        int i = find(key);
        Object[] s = page(i);
        int a = at(i);
        return s[a] == null ? otherwise : (V) s[a + 1];
    }

    @SuppressWarnings("unchecked")
    @Override public V put(K key, V value) {
        Objects.requireNonNull(key);
        int i = find(key);
        Object[] s = page(i);
        int a = at(i);
        if (s[a] != null) {
            V old = (V) s[a + 1];
            s[a + 1] = value;
            return old;
        }
        s[a] = key;
        s[a + 1] = value;
        if (++size * 2 > capacity()) grow();
        return null;
    }

    @SuppressWarnings("unchecked")
    @Override public V computeIfAbsent(K key, Function<? super K, ? extends V> make) {
        Objects.requireNonNull(key);
        V known = get(key);
        if (known != null) return known;
        V value = make.apply(key);
        if (value != null) put(key, value);  // make may have added keys and moved the slots
        return value;
    }

    @SuppressWarnings("unchecked")
    @Override public V remove(Object key) {
        if (key == null) return null;
        int i = find(key);
        Object[] s = page(i);
        int a = at(i);
        if (s[a] == null) return null;
        V old = (V) s[a + 1];
        size--;
        // backward-shift deletion: pull later keys of the run into the hole so no probe stops early
        int mask = capacity() - 1;
        for (int hole = i, j = (i + 1) & mask; ; j = (j + 1) & mask) {
            Object[] sj = page(j), sh = page(hole);
            int aj = at(j), ah = at(hole);
            Object k = sj[aj];
            if (k == null) {
                sh[ah] = null;
                sh[ah + 1] = null;
                return old;
            }
            int home = hash(k) & mask;
            // k may move to the hole when its home is not cyclically in (hole, j]
            if (hole <= j ? home <= hole || home > j : home <= hole && home > j) {
                sh[ah] = k;
                sh[ah + 1] = sj[aj + 1];
                hole = j;
            }
        }
    }

    @Override public void clear() {
        if (slots != null) java.util.Arrays.fill(slots, null);
        else for (Object[] p : pages) java.util.Arrays.fill(p, null);
        size = 0;
    }

    private void grow() {
        Object[] oldSlots = slots;
        Object[][] oldPages = pages;
        allocate(2 * capacity());
        if (oldSlots != null) moveFrom(oldSlots);
        else for (Object[] p : oldPages) moveFrom(p);
    }

    private void moveFrom(Object[] old) {
        for (int i = 0; i < old.length; i += 2) {
            Object k = old[i];
            if (k == null) continue;
            int j = find(k);
            Object[] s = page(j);
            int a = at(j);
            s[a] = k;
            s[a + 1] = old[i + 1];
        }
    }

    @Override public Set<Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override public int size() { return size; }

            @Override public Iterator<Entry<K, V>> iterator() {
                Object[] flat = slots;
                Object[][] paged = pages;
                int pairs = capacity(), within = (1 << pageBits) - 1;
                return new Iterator<>() {
                    int next = advance(0);

                    private Object[] in(int i) { return flat != null ? flat : paged[i >>> pageBits]; }

                    private int at(int i) { return 2 * (flat != null ? i : i & within); }

                    private int advance(int from) {
                        while (from < pairs && in(from)[at(from)] == null) from++;
                        return from;
                    }

                    @Override public boolean hasNext() { return next < pairs; }

                    @SuppressWarnings("unchecked")
                    @Override public Entry<K, V> next() {
                        if (next >= pairs) throw new NoSuchElementException();
                        Object[] s = in(next);
                        int a = at(next);
                        Entry<K, V> e = new SimpleImmutableEntry<>((K) s[a], (V) s[a + 1]);
                        next = advance(next + 1);
                        return e;
                    }
                };
            }
        };
    }
}
