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
    private Object[] slots;  // key at 2i, its value at 2i + 1
    private int size;

    IdentityTable(int expected) {
        int capacity = 8;
        while (capacity < 2 * expected) capacity <<= 1;
        slots = new Object[2 * capacity];
    }

    private static int hash(Object key) {
        return InternTable.spread(key instanceof Expr.Node n ? n.hashCode() : System.identityHashCode(key));
    }

    /** The slot pair index of the key, or of the empty pair where it would go. */
    private int indexOf(Object key, Object[] s) {
        int mask = (s.length >> 1) - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            Object k = s[2 * i];
            if (k == key || k == null) return i;
        }
    }

    @Override public int size() { return size; }

    @Override public boolean containsKey(Object key) { return key != null && slots[2 * indexOf(key, slots)] != null; }

    @SuppressWarnings("unchecked")
    @Override public V get(Object key) {
        if (key == null) return null;
        int i = indexOf(key, slots);
        return (V) slots[2 * i + 1];
    }

    @SuppressWarnings("unchecked")
    @Override public V getOrDefault(Object key, V otherwise) {
        if (key == null) return otherwise;
        Object[] s = slots;
        int i = indexOf(key, s);
        return s[2 * i] == null ? otherwise : (V) s[2 * i + 1];
    }

    @SuppressWarnings("unchecked")
    @Override public V put(K key, V value) {
        Objects.requireNonNull(key);
        int i = indexOf(key, slots);
        if (slots[2 * i] != null) {
            V old = (V) slots[2 * i + 1];
            slots[2 * i + 1] = value;
            return old;
        }
        slots[2 * i] = key;
        slots[2 * i + 1] = value;
        if (++size * 2 > slots.length >> 1) grow();
        return null;
    }

    @SuppressWarnings("unchecked")
    @Override public V computeIfAbsent(K key, Function<? super K, ? extends V> make) {
        Objects.requireNonNull(key);
        int i = indexOf(key, slots);
        if (slots[2 * i] != null && slots[2 * i + 1] != null) return (V) slots[2 * i + 1];
        V value = make.apply(key);
        if (value != null) put(key, value);  // make may have added keys and moved the slots
        return value;
    }

    @SuppressWarnings("unchecked")
    @Override public V remove(Object key) {
        if (key == null) return null;
        Object[] s = slots;
        int i = indexOf(key, s);
        if (s[2 * i] == null) return null;
        V old = (V) s[2 * i + 1];
        size--;
        // backward-shift deletion: pull later keys of the run into the hole so no probe stops early
        int mask = (s.length >> 1) - 1;
        for (int hole = i, j = (i + 1) & mask; ; j = (j + 1) & mask) {
            Object k = s[2 * j];
            if (k == null) {
                s[2 * hole] = null;
                s[2 * hole + 1] = null;
                return old;
            }
            int home = hash(k) & mask;
            // k may move to the hole when its home is not cyclically in (hole, j]
            if (hole <= j ? home <= hole || home > j : home <= hole && home > j) {
                s[2 * hole] = k;
                s[2 * hole + 1] = s[2 * j + 1];
                hole = j;
            }
        }
    }

    @Override public void clear() {
        java.util.Arrays.fill(slots, null);
        size = 0;
    }

    private void grow() {
        Object[] old = slots;
        Object[] s = new Object[2 * old.length];
        for (int i = 0; i < old.length; i += 2) {
            Object k = old[i];
            if (k == null) continue;
            int j = indexOf(k, s);
            s[2 * j] = k;
            s[2 * j + 1] = old[i + 1];
        }
        slots = s;
    }

    @Override public Set<Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override public int size() { return size; }

            @Override public Iterator<Entry<K, V>> iterator() {
                Object[] s = slots;
                return new Iterator<>() {
                    int next = advance(0);

                    private int advance(int from) {
                        while (from < s.length && s[from] == null) from += 2;
                        return from;
                    }

                    @Override public boolean hasNext() { return next < s.length; }

                    @SuppressWarnings("unchecked")
                    @Override public Entry<K, V> next() {
                        if (next >= s.length) throw new NoSuchElementException();
                        Entry<K, V> e = new SimpleImmutableEntry<>((K) s[next], (V) s[next + 1]);
                        next = advance(next + 2);
                        return e;
                    }
                };
            }
        };
    }
}
