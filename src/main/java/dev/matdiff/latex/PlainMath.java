package dev.matdiff.latex;

import java.util.Set;

/**
 * Typesets the short plain-text formulas a {@link dev.matdiff.calculus.Step} carries as its left
 * side ("dL", "∇_w L", "∇_{h2} L", "Tr(dL)"): names by {@link LatexNames}, {@code d} in front of a
 * known symbol as the differential {@code \mathrm{d}}, {@code Tr} as the operator, every other
 * character through {@link LatexText#math}.
 */
final class PlainMath {
    private PlainMath() {}

    /**
     * @param symbols the names a leading {@code d} may differentiate: "dL" is {@code \mathrm{d}L}
     *                only when L is one of them, so a symbol that happens to be called "dx" stays itself
     */
    static String latex(String plain, Set<String> symbols) {
        StringBuilder out = new StringBuilder();
        StringBuilder other = new StringBuilder();
        int i = 0;
        while (i < plain.length()) {
            char c = plain.charAt(i);
            if (c == '_' && other.length() > 0 && i + 1 < plain.length()) {
                // a subscript after a symbol such as ∇: one name, or a {group}
                flush(other, out);
                int end = plain.charAt(i + 1) == '{' ? closing(plain, i + 1) : identifierEnd(plain, i + 1);
                String index = plain.charAt(i + 1) == '{' ? plain.substring(i + 2, end - 1) : plain.substring(i + 1, end);
                out.append("_{").append(latex(index, symbols)).append('}');
                i = end;
            } else if (identifierStart(c)) {
                flush(other, out);
                int end = identifierEnd(plain, i);
                append(out, word(plain.substring(i, end), symbols));
                i = end;
            } else {
                other.append(c);
                i++;
            }
        }
        flush(other, out);
        return out.toString().strip();
    }

    private static String word(String w, Set<String> symbols) {
        if (w.equals("Tr") || w.equals("tr")) return "\\operatorname{Tr}";
        if (w.length() > 1 && w.charAt(0) == 'd' && symbols.contains(w.substring(1)))
            return "\\mathrm{d}" + LatexNames.latex(w.substring(1));
        return LatexNames.latex(w);
    }

    /** Runs of other characters go through together, so "⁻¹" becomes one superscript; spacing at their ends is kept. */
    private static void flush(StringBuilder other, StringBuilder out) {
        if (other.length() == 0) return;
        String run = other.toString();
        other.setLength(0);
        String m = LatexText.math(run.strip());
        boolean lead = Character.isWhitespace(run.charAt(0)), trail = Character.isWhitespace(run.charAt(run.length() - 1));
        append(out, m.isEmpty() ? " " : (lead ? " " : "") + m + (trail ? " " : ""));
    }

    /** Appends, keeping a command from running into the letter after it ("\\lambda x", not "\\lambdax"). */
    private static void append(StringBuilder out, String piece) {
        if (piece.isEmpty()) return;
        if (Character.isLetter(piece.charAt(0)) && out.toString().matches("(?s).*\\\\[a-zA-Z]+")) out.append(' ');
        out.append(piece);
    }

    private static boolean identifierStart(char c) {
        return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 'Α' && c <= 'Ω' || c >= 'α' && c <= 'ω';
    }

    private static int identifierEnd(String s, int i) {
        while (i < s.length() && (identifierStart(s.charAt(i)) || Character.isDigit(s.charAt(i)))) i++;
        return i;
    }

    /** The index just past the brace that closes the one at open. */
    private static int closing(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            if (s.charAt(i) == '{') depth++;
            else if (s.charAt(i) == '}' && --depth == 0) return i + 1;
        }
        return s.length();
    }
}
