package dev.matdiff.soundness;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts of outcomes by property and verdict, printed once a test class is done (for docs/SOUNDNESS.md). */
final class Tally {
    private final Map<String, Map<String, AtomicInteger>> counts = new ConcurrentHashMap<>();

    void add(String property, String what) {
        counts.computeIfAbsent(property, k -> new ConcurrentHashMap<>()).computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }

    int get(String property, String what) {
        Map<String, AtomicInteger> m = counts.get(property);
        AtomicInteger n = m == null ? null : m.get(what);
        return n == null ? 0 : n.get();
    }

    /** One line per property: "property: what=count, …", sorted. */
    String report() {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(counts).forEach((property, m) -> {
            sb.append("SOUNDNESS ").append(property).append(':');
            new TreeMap<>(m).forEach((what, n) -> sb.append(' ').append(what).append('=').append(n.get()));
            sb.append('\n');
        });
        return sb.toString();
    }
}
