package dev.matdiff.source;

import java.util.List;

/** How a message lists things: "a", "a and b", "a, b and c". */
public final class Prose {
    private Prose() {}

    /** The items joined by commas, the last by "and". */
    public static String and(List<String> items) {
        if (items.size() < 2) return String.join("", items);
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }
}
