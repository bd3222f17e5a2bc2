package dev.matdiff.numeric;

/** How a number is shown to a reader (JSON writes every digit instead). */
public final class Numbers {
    private Numbers() {}

    /** Ten significant digits, the mantissa's trailing zeros dropped (1.5e-10, not 1.500000000e-10); -0 is 0. */
    public static String format(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.10g", v == 0 ? 0.0 : v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.indexOf('.') < 0) return s;
        int end = mantissa.length();
        while (mantissa.charAt(end - 1) == '0') end--;
        if (mantissa.charAt(end - 1) == '.') end--;
        return mantissa.substring(0, end) + (e < 0 ? "" : s.substring(e));
    }

    /** Every digit needed to read v back (two entries a rounding apart must not read alike), an integer without ".0". */
    public static String exact(double v) {
        String s = Double.toString(v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
