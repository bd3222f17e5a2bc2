package dev.matdiff.expr;

/**
 * The hash-consing table: one object per structurally distinct expression.
 *
 * <p>Laid out as CPython lays out its dictionaries: the expressions in one array in the order they
 * were first built, and an open-addressed index of positions in that array. Deriving a program
 * again finds every node it builds already here, built long before and out of the CPU's caches,
 * so what a lookup costs is the cache lines it reads. Through a {@code ConcurrentHashMap} that was
 * the table slot, the map's entry object and the expression, each somewhere else in the heap: a
 * third of the time of a 256-layer derivation. Here it is an index slot and the expression, and
 * because the array of expressions is what keeps them alive, the garbage collector copies them in
 * the order they were built: a derivation's nodes stay side by side in memory, as they were used.
 *
 * <p>Lookups take no lock. Inserting does, and looks again under it, so a reader that found no
 * entry while another thread was inserting the same expression gets that thread's object. A
 * reader may see an entry written by another thread without synchronising with it; that is safe
 * because every expression's fields are final, and a position whose entry it cannot see yet
 * sends it to the locked path.
 */
final class InternTable {
    private static final int INITIAL_CAPACITY = 1 << 11;

    /** Published together, so a reader never pairs an index with entries it was not built for. */
    private record Table(int[] index, Expr[] entries) {}

    private volatile Table table = new Table(new int[2 * INITIAL_CAPACITY], new Expr[INITIAL_CAPACITY]);
    private int size;  // guarded by this

    /** The table's object equal to e, which becomes it when there is none. */
    @SuppressWarnings("unchecked")
    <T extends Expr> T intern(T e) {
        int h = spread(e.hashCode());
        Table t = table;
        int[] index = t.index;
        int mask = index.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int position = index[i];
            if (position == 0) return insert(e, h);
            Expr known = t.entries[position - 1];
            if (known == null) return insert(e, h);
            if (known.equals(e)) return (T) known;
        }
    }

    synchronized int size() { return size; }

    @SuppressWarnings("unchecked")
    private synchronized <T extends Expr> T insert(T e, int h) {
        Table t = table;
        int mask = t.index.length - 1;
        int i = h & mask;
        for (int position; (position = t.index[i]) != 0; i = (i + 1) & mask) {
            Expr known = t.entries[position - 1];
            if (known.equals(e)) return (T) known;
        }
        if (size == t.entries.length) {
            table = grown(t);
            return insert(e, h);
        }
        t.entries[size] = e;
        t.index[i] = ++size;  // positions count from 1: 0 is an empty slot
        return e;
    }

    /** Twice the entries, and an index at most half full, so probes stay short and reach an empty slot. */
    private static Table grown(Table t) {
        Expr[] entries = java.util.Arrays.copyOf(t.entries, t.entries.length * 2);
        int[] index = new int[entries.length * 2];
        int mask = index.length - 1;
        for (int p = 0; p < t.entries.length; p++) {
            int i = spread(entries[p].hashCode()) & mask;
            while (index[i] != 0) i = (i + 1) & mask;
            index[i] = p + 1;
        }
        return new Table(index, entries);
    }

    /** Structural hashes are sums of products; mixing the high bits in keeps linear probing's runs short. */
    private static int spread(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        return h ^ (h >>> 13);
    }
}
