package dev.matdiff.source;

/**
 * A program's text and the name it is reported under (a file name, or "<expr>"); {@code oneUnitPerCodePoint} says that
 * no character of the text lies outside the BMP, so that a position (which counts code points) indexes it directly.
 */
public record Source(String name, String text, boolean oneUnitPerCodePoint, int[] supplementary) {

    /** A lone CR (old Mac line endings) is a line break as LF is, so that the lexer counts lines as {@link #line} does (trial s75c). */
    public Source {
        if (text != null && text.indexOf('\r') >= 0) text = text.replaceAll("\r(?!\n)", "\n");
        oneUnitPerCodePoint = oneUnitPerCodePoint(text);  // told by the text, whatever a caller passes
        supplementary = oneUnitPerCodePoint ? new int[0] : supplementaryAt(text);
    }

    public Source(String name, String text, boolean oneUnitPerCodePoint) { this(name, text, oneUnitPerCodePoint, null); }

    public Source(String name, String text) { this(name, text, true); }

    /** One source is another of the same name and text: the rest is read from the text. */
    @Override public boolean equals(Object o) {
        return o instanceof Source s && java.util.Objects.equals(name, s.name) && java.util.Objects.equals(text, s.text);
    }

    @Override public int hashCode() { return java.util.Objects.hash(name, text); }

    /** The code point positions of the characters outside the BMP, in order: each takes two chars of the text. */
    private static int[] supplementaryAt(String text) {
        java.util.List<Integer> at = new java.util.ArrayList<>();
        int cp = 0;
        for (int i = 0; i < text.length(); cp++) {
            int c = text.codePointAt(i);
            if (Character.isSupplementaryCodePoint(c)) at.add(cp);
            i += Character.charCount(c);
        }
        return at.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The char index of code point {@code cp}: one more for each character outside the BMP before it. */
    private int charIndex(int cp) {
        int before = java.util.Arrays.binarySearch(supplementary, cp);
        return cp + (before >= 0 ? before : -before - 1);
    }

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
        // by the index of the characters outside the BMP, not by counting from the start (an emoji in 20,000 definitions
        // made reading their names back quadratic again: review s76r)
        int end = charIndex(to);
        return end <= text.length() ? text.substring(charIndex(from), end) : null;
    }

    /** The text of line {@code line} (1-based), without its line break. */
    public String line(int line) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        return line >= 1 && line <= lines.length ? lines[line - 1] : "";
    }
}
