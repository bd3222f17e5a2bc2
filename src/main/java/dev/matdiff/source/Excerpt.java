package dev.matdiff.source;

/**
 * A source line as an error shows it: what a terminal can print safely (control and invisible
 * characters escaped, so a NUL or a binary file's bytes never reach it raw) and at most about
 * {@link #WIDTH} columns around the place (a 360 KB line is not echoed whole; a one-line program of a few hundred
 * characters is, as CLI.md shows the source line), with a caret under it.
 */
public final class Excerpt {
    private Excerpt() {}

    /** The columns of the echoed line, not counting the … marks where it is cut. */
    static final int WIDTH = 400;
    /** How much of the line before the place is kept when the line is cut, if the line has it. */
    private static final int BEFORE = 40;

    /**
     * The line and the caret line under it, for the {@code width} characters of {@code line} from
     * index {@code col} (UTF-16 indices, as positions count them).
     */
    static String withCaret(String line, int col, int width) {
        int n = line.length();
        col = Math.max(0, Math.min(col, n));
        // a long line is read only near the place: escaping all of a 10 MB line of NULs, to show its columns, took 8 s
        if (n > 8 * WIDTH) {
            int lo = Math.max(0, col - 3 * WIDTH), hi = Math.min(n, col + 3 * WIDTH + 1);  // under 8 · WIDTH: no second cut
            if (lo > 0 && Character.isLowSurrogate(line.charAt(lo))) lo--;
            if (hi < n && Character.isLowSurrogate(line.charAt(hi))) hi++;
            String near = withCaret(line.substring(lo, hi), col - lo, Math.min(width, hi - col)), caret = near.substring(near.indexOf('\n') + 1);
            String text = near.substring(0, near.indexOf('\n'));
            if (lo > 0 && !text.startsWith("…")) { text = "…" + text; caret = " " + caret; }
            if (hi < n && !text.endsWith("…")) text = text + "…";
            return text + "\n" + caret;
        }
        // each character's printed form: itself, an escape, or "" for the second half of a surrogate pair
        String[] shown = new String[n];
        for (int i = 0; i < n; ) {
            int cp = line.codePointAt(i), count = Character.charCount(cp);
            shown[i] = cp == '\t' ? "\t" : printable(cp) ? new String(Character.toChars(cp)) : escape(cp);
            if (count == 2) shown[i + 1] = "";
            i += count;
        }
        int end = Math.min(n, col + Math.max(1, width));
        int from = 0, to = n;
        if (columns(shown, 0, n) > WIDTH) {
            // the place first, then up to BEFORE columns before it, then what fits after it, then before again
            from = col;
            to = col;
            while (to < end && columns(shown, from, to + 1) <= WIDTH - BEFORE) to++;
            if (to == col && col < n) to++;  // the character at the caret, however wide its escape
            int before = Math.min(WIDTH, columns(shown, from, to) + BEFORE);
            while (from > 0 && columns(shown, from - 1, to) <= before) from--;
            while (to < n && columns(shown, from, to + 1) <= WIDTH) to++;
            while (from > 0 && columns(shown, from - 1, to) <= WIDTH) from--;
            // never half a surrogate pair
            if (from > 0 && shown[from].isEmpty()) from--;
            if (to < n && shown[to].isEmpty()) to++;
        }
        StringBuilder text = new StringBuilder(from > 0 ? "…" : "");
        StringBuilder pad = new StringBuilder(from > 0 ? " " : "");
        for (int i = from; i < to; i++) {
            text.append(shown[i]);
            // a tab before the place stays a tab, so that the caret lines up however wide the terminal shows tabs
            if (i < col) pad.append(shown[i].equals("\t") ? "\t" : " ".repeat(width(shown[i])));
        }
        if (to < n) text.append('…');
        int under = Math.max(1, columns(shown, col, Math.min(end, Math.max(to, col))));
        return text + "\n" + pad + "^" + "~".repeat(under - 1);
    }

    /** {@code s} with every character a terminal would not print as itself escaped. */
    private static final java.util.regex.Pattern LONG_WORD = java.util.regex.Pattern.compile("[\\p{L}\\p{N}_]{81,}");

    /**
     * A message with each word past 80 characters (a 200,000-letter name, said three times) quoted by its ends,
     * so that the error stays one readable line: the source line below it shows the place.
     */
    public static String shortWords(String message) {
        return LONG_WORD.matcher(message).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(byEnds(m.group())));
    }

    /** A long word or literal by its ends and its length: "12345678901234567890…789012345678 (5000 characters)". */
    public static String byEnds(String s) {
        return s.substring(0, 20) + "…" + s.substring(s.length() - 12) + " (" + s.length() + " characters)";
    }

    public static String printable(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i), count = Character.charCount(cp);
            boolean ok = printable(cp);
            if (!ok && out == null) out = new StringBuilder(s.length() + 8).append(s, 0, i);
            if (out != null) {
                if (ok) out.appendCodePoint(cp);
                else out.append(escape(cp));
            }
            i += count;
        }
        return out == null ? s : out.toString();
    }

    private static boolean printable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    /** {@code \x00} for a byte's worth, {@code \u200b} beyond, {@code \U000e0001} beyond the BMP. */
    private static String escape(int cp) {
        if (cp < 0x100) return String.format("\\x%02x", cp);
        if (cp < 0x10000) return String.format("\\u%04x", cp);
        return String.format("\\U%08x", cp);
    }

    /** How many columns the characters [from, to) take printed (a tab one: the caret line copies it). */
    private static int columns(String[] shown, int from, int to) {
        int c = 0;
        for (int i = from; i < to; i++) c += width(shown[i]);
        return c;
    }

    /** The columns a terminal gives s: two for a wide (CJK, fullwidth, emoji) character, none for a combining mark. */
    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int type = Character.getType(cp);
            w += type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK ? 0 : wide(cp) ? 2 : 1;
            i += Character.charCount(cp);
        }
        return w;
    }

    /** East Asian wide and fullwidth characters and the emoji blocks, as terminals draw them. */
    private static boolean wide(int cp) {
        return cp >= 0x1100 && cp <= 0x115F || cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F || cp >= 0xAC00 && cp <= 0xD7A3
                || cp >= 0xF900 && cp <= 0xFAFF || cp >= 0xFE30 && cp <= 0xFE4F || cp >= 0xFF00 && cp <= 0xFF60
                || cp >= 0xFFE0 && cp <= 0xFFE6 || cp >= 0x1F300 && cp <= 0x1F64F || cp >= 0x1F900 && cp <= 0x1F9FF
                || cp >= 0x20000 && cp <= 0x3FFFD;
    }
}
