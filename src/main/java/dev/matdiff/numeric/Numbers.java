package dev.matdiff.numeric;

/** How a number is shown to a reader (JSON writes every digit instead). */
public final class Numbers {
    private Numbers() {}

    /** Ten significant digits, the mantissa's trailing zeros dropped (1.5e-10, not 1.500000000e-10); -0 is 0. */
    public static String format(double v) {
        return trimmed(String.format(java.util.Locale.ROOT, "%.10g", v == 0 ? 0.0 : v));
    }

    /**
     * The fewest significant digits that read back as v (two entries a rounding apart must not read alike), in
     * {@link #format}'s style: 1e+20 and 1.0000001e+20 as the user wrote them (JDK 17's Double.toString wrote
     * 1.0000000999999999E20: review s76r).
     */
    public static String exact(double v) {
        if (!Double.isFinite(v)) return Double.toString(v);
        for (int digits = 1; digits < 17; digits++) {
            String s = trimmed(String.format(java.util.Locale.ROOT, "%." + digits + "g", v == 0 ? 0.0 : v));
            if (Double.parseDouble(s) == v) return s;
        }
        return trimmed(String.format(java.util.Locale.ROOT, "%.17g", v));
    }

    /** A %g number without its mantissa's trailing zeros (1.5e-10, not 1.500000000e-10). */
    private static String trimmed(String s) {
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.indexOf('.') < 0) return s;
        int end = mantissa.length();
        while (mantissa.charAt(end - 1) == '0') end--;
        if (mantissa.charAt(end - 1) == '.') end--;
        return mantissa.substring(0, end) + (e < 0 ? "" : s.substring(e));
    }
}
