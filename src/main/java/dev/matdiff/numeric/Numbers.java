package dev.matdiff.numeric;

import java.util.regex.Pattern;

/** How a number is shown to a reader (JSON writes every digit instead). */
public final class Numbers {
    private Numbers() {}

    /** Compiled once: String.replaceFirst compiles its pattern on every call, which showed when eval printed a million entries. */
    private static final Pattern TRAILING_ZEROS = Pattern.compile("\\.?0+(e|$)");

    /** Ten significant digits, trailing zeros dropped; -0 is 0. */
    public static String format(double v) { return TRAILING_ZEROS.matcher(String.format("%.10g", v == 0 ? 0.0 : v)).replaceFirst("$1"); }
}
