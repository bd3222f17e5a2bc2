package dev.matdiff.expr;

/**
 * The hash-consing table: one object per structurally distinct expression.
 *
 * <p>Open addressing over one array of the expressions themselves, rather than a
 * {@code ConcurrentHashMap}. Deriving a program again finds every node it builds already here,
 * built long before and out of the CPU's caches; through the map each such lookup read the table
 * slot, the map's entry object and the expression, and at 256 layers those misses were a third of
 * the derivation. Here a lookup reads the slot and the expression.
 *
 * <p>Lookups take no lock. Inserting does, and looks again under it, so a reader that found an
 * empty slot while another thread was inserting the same expression gets that thread's object.
 * A reader may see a slot filled by another thread without synchronising with it; that is safe
 * because every expression's fields are final.
 */
final class InternTable {
    private static final int INITIAL_CAPACITY = 1 << 12;

    private volatile Expr[] slots = new Expr[INITIAL_CAPACITY];
    private int size;  // guarded by this

    /** The table's object equal to e, which becomes it when there is none. */
    @SuppressWarnings("unchecked")
    <T extends Expr> T intern(T e) {
        int h = spread(e.hashCode());
        Expr[] t = slots;
        int mask = t.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            Expr known = t[i];
            if (known == null) return insert(e, h);
            if (known.equals(e)) return (T) known;
        }
    }

    int size() { return size; }

    @SuppressWarnings("unchecked")
    private synchronized <T extends Expr> T insert(T e, int h) {
        Expr[] t = slots;
        int mask = t.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            Expr known = t[i];
            if (known == null) {
                t[i] = e;
                // at most half full, so probes stay short and always reach an empty slot
                if (++size * 2 > t.length) slots = grown(t);
                return e;
            }
            if (known.equals(e)) return (T) known;
        }
    }

    private static Expr[] grown(Expr[] old) {
        Expr[] t = new Expr[old.length * 2];
        int mask = t.length - 1;
        for (Expr e : old) {
            if (e == null) continue;
            int i = spread(e.hashCode()) & mask;
            while (t[i] != null) i = (i + 1) & mask;
            t[i] = e;
        }
        return t;
    }

    /** Structural hashes are sums of products; mixing the high bits in keeps linear probing's runs short. */
    private static int spread(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        return h ^ (h >>> 13);
    }
}
