package dev.matdiff.expr;

import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * Maps and sets keyed by node identity (interned nodes are equal only when identical) that start
 * small. Most of the memos a rule or a walk keeps hold a handful of nodes; at the JDK's default of
 * 32 places their empty tables were a fifth of what a derivation allocated, and what a deep one
 * allocates is what its collections cost. A large memo grows as it fills. They hash an expression
 * by its structural hash ({@link IdentityTable}), and remove only through remove(key), not through an iterator.
 */
public final class IdentityMaps {
    private IdentityMaps() {}

    public static <K, V> Map<K, V> map() { return new IdentityTable<>(4); }

    /** One sized for about {@code expected} keys, where that is known: it never grows. */
    public static <K, V> Map<K, V> map(int expected) { return new IdentityTable<>(Math.max(4, expected)); }

    public static <K> Set<K> set() { return Collections.newSetFromMap(new IdentityTable<>(4)); }
}
