package dev.matdiff.source;

/**
 * A program's text and the name it is reported under (a file name, or "<expr>"); {@code oneUnitPerCodePoint} says that
 * no character of the text lies outside the BMP, so that a position (which counts code points) indexes it directly.
 */
public record Source(String name, String text, boolean oneUnitPerCodePoint) {

    /** A lone CR (old Mac line endings) is a line break as LF is, so that the lexer counts lines as {@link #line} does (trial s75c). */
    public Source {
        if (text != null && text.indexOf('\r') >= 0) text = text.replaceAll("\r(?!\n)", "\n");
        oneUnitPerCodePoint = oneUnitPerCodePoint(text);  // told by the text, whatever a caller passes
    }

    public Source(String name, String text) { this(name, text, true); }

    /** Whether no character of s lies outside the BMP, so that its code points are its chars. */
    public static boolean oneUnitPerCodePoint(String s) {
        return s == null || s.chars().noneMatch(c -> Character.isSurrogate((char) c));
    }

    /**
     * The text from code point {@code from} to code point {@code to} (exclusive), or null where the text is shorter.
     * Counting code points from the start each time made reading 20,000 definitions' names back quadratic.
     */
    public String codePoints(int from, int to) {
        if (from < 0 || to < from) return null;
        if (oneUnitPerCodePoint) return to <= text.length() ? text.substring(from, to) : null;
        if (to > text.codePointCount(0, text.length())) return null;
        return text.substring(text.offsetByCodePoints(0, from), text.offsetByCodePoints(0, to));
    }

    /** The text of line {@code line} (1-based), without its line break. */
    public String line(int line) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        return line >= 1 && line <= lines.length ? lines[line - 1] : "";
    }
}
