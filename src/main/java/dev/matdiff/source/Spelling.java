package dev.matdiff.source;

import java.util.Collection;

/** "Did you mean": the known word a misspelt one is closest to, when it is close enough to be the one meant. */
public final class Spelling {
    private Spelling() {}

    /** The candidate within two edits of word and closer than half its length (ignoring case), or null. */
    public static String closest(String word, Collection<String> candidates) {
        String lower = word.toLowerCase(java.util.Locale.ROOT), closest = null;
        int best = Integer.MAX_VALUE;
        for (String k : candidates) {
            int d = distance(lower, k.toLowerCase(java.util.Locale.ROOT));
            if (d < best || d == best && closest != null && k.compareTo(closest) < 0) { best = d; closest = k; }
        }
        return closest != null && best <= 2 && best < closest.length() / 2 ? closest : null;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++)
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
