package dev.matdiff.expr;

/**
 * A coefficient such as 1/3 or −2/7, which a double prints as 0.3333333333333333: written p/q it reads as
 * the textbook writes it and parses back to the same number. Short decimals (0.5, 0.25, 1.5) stay decimals.
 */
public record Fraction(long numerator, long denominator) {

    /** The largest denominator tried (every q from 2 up): a textbook's quotients are small. */
    static final int MAX_DENOMINATOR = 1000;

    /** v as p/q with q ≥ 2 when v's shortest decimal is long and p/q is exactly v in double arithmetic; else null. */
    public static Fraction of(double v) {
        if (!Double.isFinite(v) || v == Math.rint(v)) return null;
        String decimal = Double.toString(Math.abs(v));
        if (decimal.length() <= 8 && !decimal.contains("E")) return null;
        for (long q = 2; q <= MAX_DENOMINATOR; q++) {
            double p = Math.rint(v * q);
            if (Math.abs(p) <= 1e6 && p / q == v) return new Fraction((long) p, q);
        }
        return null;
    }
}
