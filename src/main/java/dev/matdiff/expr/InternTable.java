package dev.matdiff.expr;

import java.lang.ref.WeakReference;

/**
 * The hash-consing table: one object per structurally distinct expression that is alive.
 *
 * <p>Entries are weak: an expression nothing else refers to any more is collected, and its slot
 * is reused, so a program that derives for hours holds only the expressions it still uses. (Two
 * equal expressions can never both be alive, so identity stays structural equality.) The references have no
 * queue: the live entries are counted when the table is rebuilt (polling a queue on every insert took 8% of a deep
 * network's derivation).
 *
 * <p>Lookups take no lock. Inserting does, and looks again under it, so a reader that found no
 * entry while another thread was inserting the same expression gets that thread's object. The
 * table is replaced, never resized in place, and published through a volatile field; a reader on
 * an old table that misses an entry goes to the locked path, which sees the new one.
 */
final class InternTable {
    private static final int INITIAL_CAPACITY = 1 << 12;

    /**
     * The slots and, beside them, each slot's hash (0 for an empty slot; a hash is never 0): a probe
     * that meets another expression reads one int from an array it is already reading, not a
     * reference object elsewhere in the heap (at a thousand layers most probes missed the cache twice).
     */
    private static final class Table {
        final WeakReference<Expr>[] refs;
        final int[] hashes;

        @SuppressWarnings("unchecked")
        Table(int capacity) {
            refs = (WeakReference<Expr>[]) new WeakReference<?>[capacity];
            hashes = new int[capacity];
        }
    }

    private volatile Table table = new Table(INITIAL_CAPACITY);
    /** Slots in use, the cleared ones included: the table is rebuilt before they fill half of it. */
    private int used;  // guarded by this
    private long inserted;  // guarded by this

    /** The table's object equal to e, which becomes it when there is none. */
    @SuppressWarnings("unchecked")
    <T extends Expr> T intern(T e) {
        int h = spread(e.hashCode());
        Table t = table;
        int[] hashes = t.hashes;
        int mask = hashes.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int known = hashes[i];
            if (known == 0) return insert(e, h);
            if (known == h) {
                WeakReference<Expr> ref = t.refs[i];
                Expr x = ref == null ? null : ref.get();
                if (x != null && x.equals(e)) return (T) x;
            }
        }
    }

    /** How many expressions the table holds (some may be unreachable but not yet collected). */
    synchronized int size() { return live(table); }

    /** How many expressions have been added in all: what building costs, counted without a clock (a collected one built again counts again). */
    synchronized long inserted() { return inserted; }

    @SuppressWarnings("unchecked")
    private synchronized <T extends Expr> T insert(T e, int h) {
        Table t = table;
        int mask = t.hashes.length - 1;
        int free = -1;
        int i = h & mask;
        for (; t.hashes[i] != 0; i = (i + 1) & mask) {
            Expr known = t.refs[i].get();
            if (known == null) {
                if (free < 0) free = i;
            } else if (t.hashes[i] == h && known.equals(e)) {
                return (T) known;
            }
        }
        if (free >= 0) {
            i = free;
        } else {
            used++;
        }
        // a reader racing this store may see the hash without the reference (plain stores are not ordered): it finds
        // null or another expression there, probes on, and meets a 0 hash that sends it to this locked path
        t.refs[i] = new WeakReference<>(e);
        t.hashes[i] = h;
        inserted++;
        if (2 * used > t.hashes.length) table = rebuilt(t);
        return e;
    }

    private static int live(Table t) {
        int n = 0;
        for (WeakReference<Expr> ref : t.refs) if (ref != null && ref.get() != null) n++;
        return n;
    }

    /** The live entries in a table big enough that they fill at most a quarter of it. */
    private Table rebuilt(Table old) {
        int capacity = INITIAL_CAPACITY;
        for (int live = live(old); capacity < 4L * live; ) capacity <<= 1;
        Table t = new Table(capacity);
        int mask = capacity - 1, count = 0;
        for (int j = 0; j < old.refs.length; j++) {
            WeakReference<Expr> ref = old.refs[j];
            if (ref == null || ref.get() == null) continue;
            int i = old.hashes[j] & mask;
            while (t.hashes[i] != 0) i = (i + 1) & mask;
            t.refs[i] = ref;
            t.hashes[i] = old.hashes[j];
            count++;
        }
        used = count;
        return t;
    }

    /**
     * Structural hashes are sums of products; mixing the high bits in keeps linear probing's runs short (here and in
     * {@link IdentityTable}). Never 0, which marks an empty slot.
     */
    static int spread(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h == 0 ? 1 : h;
    }
}
