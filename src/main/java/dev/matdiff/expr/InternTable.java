package dev.matdiff.expr;

import java.lang.ref.WeakReference;

/**
 * The hash-consing table: one object per structurally distinct expression that is alive.
 *
 * <p>Entries are weak: an expression nothing else refers to any more is collected, and its slot
 * is reused, so a program that derives for hours holds only the expressions it still uses. (Two
 * equal expressions can never both be alive, so identity stays structural equality.) Each slot
 * keeps the expression's hash beside the reference, so a probe that meets another expression
 * reads one object, not two. The references have no queue: the live entries are counted when the
 * table is rebuilt (polling a queue on every insert took 8% of a deep network's derivation).
 *
 * <p>Lookups take no lock. Inserting does, and looks again under it, so a reader that found no
 * entry while another thread was inserting the same expression gets that thread's object. The
 * slots array is replaced, never resized in place, and published through a volatile field; a
 * reader on an old array that misses an entry goes to the locked path, which sees the new one.
 */
final class InternTable {
    private static final int INITIAL_CAPACITY = 1 << 12;

    private static final class Slot extends WeakReference<Expr> {
        final int hash;

        Slot(Expr e, int hash) {
            super(e);
            this.hash = hash;
        }
    }

    private volatile Slot[] slots = new Slot[INITIAL_CAPACITY];
    /** Slots in use, the cleared ones included: the table is rebuilt before they fill half of it. */
    private int used;  // guarded by this
    private long inserted;  // guarded by this

    /** The table's object equal to e, which becomes it when there is none. */
    @SuppressWarnings("unchecked")
    <T extends Expr> T intern(T e) {
        int h = spread(e.hashCode());
        Slot[] s = slots;
        int mask = s.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            Slot slot = s[i];
            if (slot == null) return insert(e, h);
            if (slot.hash == h) {
                Expr known = slot.get();
                if (known != null && known.equals(e)) return (T) known;
            }
        }
    }

    /** How many expressions the table holds (some may be unreachable but not yet collected). */
    synchronized int size() { return live(slots); }

    /** How many expressions have been added in all: what building costs, counted without a clock (a collected one built again counts again). */
    synchronized long inserted() { return inserted; }

    @SuppressWarnings("unchecked")
    private synchronized <T extends Expr> T insert(T e, int h) {
        Slot[] s = slots;
        int mask = s.length - 1;
        int free = -1;
        int i = h & mask;
        for (Slot slot; (slot = s[i]) != null; i = (i + 1) & mask) {
            Expr known = slot.get();
            if (known == null) {
                if (free < 0) free = i;
            } else if (slot.hash == h && known.equals(e)) {
                return (T) known;
            }
        }
        if (free >= 0) {
            s[free] = new Slot(e, h);
        } else {
            s[i] = new Slot(e, h);
            used++;
        }
        inserted++;
        if (2 * used > s.length) slots = rebuilt(s);
        return e;
    }

    private static int live(Slot[] s) {
        int n = 0;
        for (Slot slot : s) if (slot != null && slot.get() != null) n++;
        return n;
    }

    /** The live entries in a table big enough that they fill at most a quarter of it. */
    private Slot[] rebuilt(Slot[] old) {
        int capacity = INITIAL_CAPACITY;
        for (int live = live(old); capacity < 4L * live; ) capacity <<= 1;
        Slot[] s = new Slot[capacity];
        int mask = capacity - 1, count = 0;
        for (Slot slot : old) {
            if (slot == null || slot.get() == null) continue;
            int i = slot.hash & mask;
            while (s[i] != null) i = (i + 1) & mask;
            s[i] = slot;
            count++;
        }
        used = count;
        return s;
    }

    /** Structural hashes are sums of products; mixing the high bits in keeps linear probing's runs short. */
    private static int spread(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        return h ^ (h >>> 13);
    }
}
