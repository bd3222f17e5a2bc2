package dev.matdiff.numeric;

/** How a number is shown to a reader (JSON writes every digit instead). */
public final class Numbers {
    private Numbers() {}

    /** Ten significant digits, trailing zeros dropped; -0 is 0. */
    public static String format(double v) { return String.format("%.10g", v == 0 ? 0.0 : v).replaceFirst("\\.?0+(e|$)", "$1"); }
}
