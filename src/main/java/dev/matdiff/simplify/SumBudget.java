package dev.matdiff.simplify;


/**
 * A bound on the terms of the sums one simplifier session takes in, counting each distinct sum once. Sums are
 * flat, so a gradient that at each definition lists again every term of the one before (g_i = g_{i-1} +
 * log(1 + g_{i-1}^2) mixed with other lines: ∇g_i = 1 + t1 + … + t_k) has a quadratic size in the program, and a
 * 1 MB program of such lines would take an hour and gigabytes; past the bound the derivation stops with one line.
 * Sums of hundreds of thousands of terms, and a Σ of 10,000 products (each a sum's single term), stay far below it.
 */
final class SumBudget {
    /** About 4,500 such definitions: 10 s of derivation on a loaded two-core machine. */
    static final long MAX_TERMS = 5_000_000;

    /** The bound: {@link #MAX_TERMS}, or the system property matdiff.maxSumTerms (how a test reaches it with a small program). */
    static long max() { return Long.getLong("matdiff.maxSumTerms", MAX_TERMS); }

    private final long max;
    private long terms;

    SumBudget(long max) { this.max = max; }

    void add(int arity) {
        terms += arity;
        if (terms > max)
            throw new dev.matdiff.source.TooLargeException(String.format("the derivation's sums grow past %,d terms in all (a gradient "
                    + "that repeats, at each definition, every term of the one before): too large to derive", max));
    }
}
