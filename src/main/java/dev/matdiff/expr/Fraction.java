package dev.matdiff.expr;

/**
 * A coefficient or exponent such as 1/3 or −2/7, which a double prints as 0.3333333333333333: written p/q it
 * reads as the textbook writes it and parses back to the same number. Short decimals (0.5, 0.25, 1.5) stay
 * decimals. Exponent arithmetic goes through {@link #add} and {@link #multiply}, so that 1/3 − 1 stays −2/3.
 */
public record Fraction(long numerator, long denominator) {

    /** The largest denominator tried (every q from 1 up): a textbook's quotients are small. */
    static final int MAX_DENOMINATOR = 1000;

    /**
     * How far from p/q, in units in the last place, v may be and still print as p/q: arithmetic done in doubles
     * before it reached here (1/3 − 1 is −0.6666666666666667, one unit from −2/3's double) still reads as the
     * quotient. Distinct quotients with denominators up to 1000 are at least 1e-6 apart, so this never picks a wrong one.
     */
    static final int ULPS = 4;

    /** v as p/q with q ≥ 2 when v's shortest decimal is long and p/q is v in double arithmetic (to a few units in the last place); else null. */
    public static Fraction of(double v) {
        if (!Double.isFinite(v) || v == Math.rint(v) || isShortDecimal(v)) return null;
        long[] pq = quotient(v, ULPS);
        if (pq == null || pq[1] == 1) return null;
        // 0.30000000000000004 is 3/10 rounded, which a reader writes 0.3: not a quotient to print as one
        return isShortDecimal((double) pq[0] / pq[1]) ? null : new Fraction(pq[0], pq[1]);
    }

    /** v as a printer writes it as a quotient: p/q where its decimal is long (1/3), else halves and quarters (3/4); else null. */
    public static Fraction printed(double v) {
        Fraction f = of(v);
        return f != null ? f : ofHalves(v);
    }

    /**
     * p/q for a proper fraction whose denominator q is 2, 4, 8 or 16 (±1/2, 3/4, −3/8, 1/16), which a textbook writes
     * as halves and quarters (A/2 and 3*A/4, not 0.5*A and 0.75*A); else null. 1.5 stays a decimal.
     */
    public static Fraction ofHalves(double v) {
        for (int d = 2; d <= 16; d *= 2) {
            double p = v * d;
            if (p == Math.rint(p) && Math.abs(p) < d && Math.abs(p) % 2 == 1) return new Fraction((long) p, d);
        }
        return null;
    }

    /** The quotient as the language writes it, bracketed so that it can stand as an exponent: (2/3), (-1/3). */
    public String bracketed() { return "(" + numerator + "/" + denominator + ")"; }

    /**
     * a + b, exactly where both are integers or p/q with q ≤ {@value #MAX_DENOMINATOR}: an exponent's
     * arithmetic (d(x.^p) has x.^(p − 1), x.^p ⊙ x.^q is x.^(p + q)) keeps 1/3 − 1 at −2/3, where the
     * doubles give −0.6666666666666667, which differs from the −2/3 the user writes.
     */
    public static double add(double a, double b) {
        long[] x = quotient(a, 0), y = quotient(b, 0);
        if (x == null || y == null) return a + b;
        return (double) (x[0] * y[1] + y[0] * x[1]) / (x[1] * y[1]);
    }

    /**
     * a/b, exactly as {@link #add} is, and correctly rounded where b's reciprocal has no short quotient: a·(1/1287) is
     * an ulp off where 1351350/1287 is 1050 (a binomial's coefficients printed as 6435.000000000001, trial s78b).
     */
    public static double divide(double a, double b) {
        long[] x = quotient(a, 0), y = quotient(b, 0);
        if (x == null || y == null || y[0] == 0) return a / b;
        return (double) (x[0] * y[1]) / (x[1] * y[0]);
    }

    /** a·b, exactly as {@link #add} is. */
    public static double multiply(double a, double b) {
        long[] x = quotient(a, 0), y = quotient(b, 0);
        if (x == null || y == null) return a * b;
        return (double) (x[0] * y[0]) / (x[1] * y[1]);
    }

    /**
     * cᵏ for a whole k, exactly as {@link #add} is: (0.1x).^2 has 0.01, where Math.pow gives 0.010000000000000002.
     * Other exponents, and powers whose numerator or denominator pass 2^53, are Math.pow's.
     */
    public static double power(double c, double k) {
        long[] x = k == Math.rint(k) && Math.abs(k) <= 64 ? quotient(c, 0) : null;
        if (x == null) return Math.pow(c, k);
        long p = 1, q = 1;
        for (int i = 0; i < Math.abs(k); i++) {
            p *= x[0];
            q *= x[1];
            // past 2^53 the two would be rounded before the one division: no longer exact
            if (Math.abs(p) > EXACT || q > EXACT) return Math.pow(c, k);
        }
        return k >= 0 ? (double) p / q : (double) q / p;
    }

    /** The largest integer every smaller one of which a double holds exactly. */
    private static final long EXACT = 1L << 53;

    /** {p, q} with p/q within {@code ulps} units in the last place of v, q ≤ MAX_DENOMINATOR (q = 1 for an integer) and |p| ≤ 1e6; else null. */
    static long[] quotient(double v, int ulps) {
        if (!Double.isFinite(v) || Math.abs(v) > 2e6) return null;
        // v's continued fraction: a p/q that close to v is one of its convergents (Legendre: |v − p/q| < 1/(2q²)), and
        // they come in increasing q, so the first that is v is the smallest; a floor one short of a partial quotient
        // only adds the convergent [.., a − 1, 1] = [.., a] one step later. About ten steps where trying every q took 1,000.
        long p0 = 1, q0 = 0, p1 = (long) Math.floor(v), q1 = 1;
        double rest = v - Math.floor(v);
        while (true) {
            if (Math.abs(p1) <= 1e6 && Math.abs((double) p1 / q1 - v) <= ulps * Math.ulp(v)) return new long[] {p1, q1};
            if (rest == 0) return null;
            double x = 1 / rest, a = Math.floor(x);
            if (a > MAX_DENOMINATOR) return null;  // the next q would be past the largest
            long p2 = (long) a * p1 + p0, q2 = (long) a * q1 + q0;
            if (q2 > MAX_DENOMINATOR) return null;
            p0 = p1; q0 = q1; p1 = p2; q1 = q2;
            rest = x - a;
        }
    }

    private static boolean isShortDecimal(double v) {
        String decimal = Double.toString(Math.abs(v));
        return decimal.length() <= 8 && !decimal.contains("E");
    }
}
