package dev.matdiff.expr;

/**
 * A coefficient such as 1/3 or −2/7, which a double prints as 0.3333333333333333: written p/q it reads as
 * the textbook writes it and parses back to the same number. Short decimals (0.5, 0.25, 1.5) stay decimals.
 */
public record Fraction(long numerator, long denominator) {

    /** The largest denominator tried (every q from 2 up): a textbook's quotients are small. */
    static final int MAX_DENOMINATOR = 1000;

    /**
     * How far from p/q, in units in the last place, v may be and still be read as p/q: the exponent of x.^(1/3)'s
     * derivative is 1/3 − 1, which double arithmetic makes −0.6666666666666667, one unit from −2/3's double.
     * Distinct quotients with denominators up to 1000 are at least 1e-6 apart, so this never picks a wrong one.
     */
    static final int ULPS = 4;

    /** v as p/q with q ≥ 2 when v's shortest decimal is long and p/q is v in double arithmetic (to a few units in the last place); else null. */
    public static Fraction of(double v) {
        if (!Double.isFinite(v) || v == Math.rint(v) || isShortDecimal(v)) return null;
        for (long q = 2; q <= MAX_DENOMINATOR; q++) {
            double p = Math.rint(v * q), quotient = p / q;
            if (p == 0 || Math.abs(p) > 1e6 || Math.abs(quotient - v) > ULPS * Math.ulp(v)) continue;
            // 0.30000000000000004 is 3/10 rounded, which a reader writes 0.3: not a quotient to print as one
            return isShortDecimal(quotient) ? null : new Fraction((long) p, q);
        }
        return null;
    }

    private static boolean isShortDecimal(double v) {
        String decimal = Double.toString(Math.abs(v));
        return decimal.length() <= 8 && !decimal.contains("E");
    }

    /** The quotient as the language writes it, bracketed so that it can stand as an exponent: (2/3), (-1/3). */
    public String bracketed() { return "(" + numerator + "/" + denominator + ")"; }
}
