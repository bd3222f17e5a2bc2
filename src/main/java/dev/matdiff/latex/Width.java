package dev.matdiff.latex;

import java.util.Map;
import java.util.Set;

/**
 * Estimates how wide a piece of math-mode LaTeX comes out, in ems of a 10pt Computer Modern
 * font, from the glyphs it names. It errs on the wide side: a line broken a little early is
 * better than an overfull box. The writer's pdflatex test keeps the estimate honest.
 */
final class Width {
    private Width() {}

    /** Binary operators and relations: the glyph plus the medium or thick spaces around it. */
    private static final double BINARY = 1.25, RELATION = 1.35;
    private static final double SCRIPT_SCALE = 0.7;

    private static final Set<String> BINARY_COMMANDS = Set.of(
            "odot", "oslash", "otimes", "oplus", "cdot", "times", "pm", "mp", "circ", "setminus");
    private static final Set<String> RELATION_COMMANDS = Set.of(
            "le", "ge", "ne", "approx", "in", "to", "mapsto", "implies", "iff", "Rightarrow", "equiv", "sim");
    /** Commands whose brace argument is typeset as upright or italic letters. */
    private static final Set<String> WORD_COMMANDS = Set.of("mathit", "mathrm", "operatorname", "text", "mathbf", "textbf");
    /** Commands whose argument is drawn as it is, under or over a small decoration. */
    private static final Set<String> TRANSPARENT = Set.of(
            "hat", "bar", "tilde", "dot", "ddot", "check", "breve", "vec", "mathord", "left", "right");
    private static final Map<String, Double> FIXED = Map.ofEntries(
            Map.entry("quad", 1.0), Map.entry("qquad", 2.0), Map.entry("top", 0.8), Map.entry("nabla", 0.85),
            Map.entry("infty", 1.0), Map.entry("lVert", 0.5), Map.entry("rVert", 0.5), Map.entry("lvert", 0.3),
            Map.entry("rvert", 0.3), Map.entry("partial", 0.6), Map.entry("ldots", 1.2), Map.entry("cdots", 1.2),
            Map.entry("sum", 1.5), Map.entry("prod", 1.5), Map.entry("langle", 0.4), Map.entry("rangle", 0.4),
            Map.entry("det", 1.2), Map.entry("log", 1.3), Map.entry("exp", 1.4), Map.entry("sin", 1.2),
            Map.entry("cos", 1.3), Map.entry("tan", 1.4), Map.entry("tanh", 1.9), Map.entry("arcsin", 2.6),
            Map.entry("arccos", 2.7), Map.entry("arctan", 2.8), Map.entry("backslash", 0.5));

    static double em(String latex) {
        return new Scanner(latex).width(false);
    }

    /** Plain text in the roman text font, before any escaping. */
    static double textEm(String plain) {
        double w = 0;
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            w += Character.isUpperCase(c) ? 0.75 : Character.isWhitespace(c) ? 0.34 : Character.isLetterOrDigit(c) ? 0.52
                    : ".,;:'".indexOf(c) >= 0 ? 0.28 : 0.5;
        }
        return w;
    }

    private static final class Scanner {
        private final String s;
        private int i;

        Scanner(String s) { this.s = s; }

        /** The width up to the end, or up to the closing brace of the group we are in. */
        double width(boolean inGroup) {
            double w = 0;
            while (i < s.length()) {
                char c = s.charAt(i++);
                switch (c) {
                    case '}' -> { if (inGroup) return w; }
                    case '{' -> w += width(true);
                    case '^', '_' -> w += SCRIPT_SCALE * argument();
                    case '\\' -> w += command();
                    default -> w += glyph(c);
                }
            }
            return w;
        }

        /** The next brace group or single character, as an argument. */
        private double argument() {
            while (i < s.length() && s.charAt(i) == ' ') i++;
            if (i >= s.length()) return 0;
            char c = s.charAt(i++);
            if (c == '{') return width(true);
            if (c == '\\') return command();
            return glyph(c);
        }

        private double command() {
            int start = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) i++;
            String name = s.substring(start, i);
            if (name.isEmpty()) return i < s.length() ? symbol(s.charAt(i++)) : 0;
            if (WORD_COMMANDS.contains(name)) return word();
            if (TRANSPARENT.contains(name)) return name.equals("left") || name.equals("right") ? 0 : argument();
            if (name.equals("frac")) return Math.max(argument(), argument()) + 0.3;
            if (name.equals("sqrt")) return argument() + 0.9;
            if (name.equals("boxed")) return argument() + 0.8;
            if (BINARY_COMMANDS.contains(name)) return BINARY;
            if (RELATION_COMMANDS.contains(name)) return RELATION;
            Double fixed = FIXED.get(name);
            if (fixed != null) return fixed;
            return Character.isUpperCase(name.charAt(0)) ? 0.8 : 0.65; // a Greek letter or the like
        }

        /** A word in upright or italic letters: about half an em a letter, wider for capitals. */
        private double word() {
            while (i < s.length() && s.charAt(i) == ' ') i++;
            if (i >= s.length() || s.charAt(i) != '{') return argument();
            int depth = 0;
            double w = 0.2;
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '{') depth++;
                else if (c == '}' && --depth == 0) break;
                else if (c == '\\') { w += command(); }
                else w += Character.isUpperCase(c) ? 0.75 : 0.52;
            }
            return w;
        }

        private static double symbol(char c) {
            return switch (c) {
                case ',' -> 0.17;
                case ';' -> 0.28;
                case ':' -> 0.22;
                case '!' -> 0;
                case '|' -> 0.5;
                default -> 0.5; // \{ \} \_ \$ \% \& \#
            };
        }

        private static double glyph(char c) {
            if (Character.isUpperCase(c)) return 0.8;
            if (Character.isLowerCase(c)) return 0.55;
            if (Character.isDigit(c)) return 0.5;
            return switch (c) {
                case '+', '-', '*' -> BINARY;
                case '=', '<', '>' -> RELATION;
                case '(', ')', '[', ']' -> 0.4;
                case ',' -> 0.45;
                case '.', '|', '\'' -> 0.3;
                case '/' -> 0.5;
                case ' ', LatexPrinter.BREAK, LatexPrinter.LAST_RESORT -> 0;
                default -> 0.6;
            };
        }
    }
}
