package dev.matdiff.latex;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the right side of an equation, printed with {@link LatexPrinter#BREAK} marks, into lines
 * that fit a width. A mark can be used only where a line break is legal LaTeX: outside braces
 * and outside {@code \left…\right}. Of the ways to break that overflow least, it takes the
 * cheapest: each line costs one, each parenthesis a break is inside costs more (a sum's signs
 * before the inside of its trace), a product's factors far more, and a short group such as
 * (1 − z) more still, found over all the ways at once, not line by line. A term too wide for any
 * line stays whole (the only case that can still overflow).
 */
final class LineBreaker {
    private LineBreaker() {}

    /** A last-resort mark counts as this much deeper than any sign of a sum: tried only when those cannot make the lines fit. */
    private static final int LAST_RESORT_DEPTH = 1 << 20;

    /** A usable mark: where it is and how many parentheses or norm bars enclose it. */
    private record Mark(int at, int depth) {}

    /** A line this much wider than its budget still fits: a width summed stretch by stretch can round past one measured whole. */
    static final double ROUNDING = 1e-9;

    /**
     * @param first the width available to the first line, in ems
     * @param rest  the width available to each following line
     * @return the lines, without marks; a line after the first starts with its + or - sign, or, where a sum's signs could
     *         not make the lines fit, with the ⊙ or the factor of a product it was broken in
     */
    static List<String> lines(String marked, double first, double rest) {
        List<Mark> marks = marks(marked);
        int m = marks.size();
        // widths add up across marks (each is at brace depth 0), so each stretch between two is measured once
        double[] upTo = new double[m + 1];
        int from = 0;
        for (int k = 0; k < m; k++) {
            int at = marks.get(k).at();
            upTo[k] = (k == 0 ? 0 : upTo[k - 1]) + Width.em(marked.substring(from, at));
            from = at;
        }
        upTo[m] = (m == 0 ? 0 : upTo[m - 1]) + Width.em(marked.substring(from));
        // least[e]: the least cost of the lines before mark e when a line starts there (e = m: of all the lines), over
        // the marks each line could have started at (a line only as long as its budget, or one piece); first the least
        // overflow, in ems (a line that overflows counting one more), kept apart so that it never swamps the breaks' costs
        double[] least = new double[m + 1], overflow = new double[m + 1];
        int[] startOf = new int[m + 1];
        for (int e = 0; e <= m; e++) {
            least[e] = Double.POSITIVE_INFINITY;
            overflow[e] = Double.POSITIVE_INFINITY;
            for (int s = e - 1; s >= -1; s--) {
                double wide = upTo[e] - width(upTo, s), over = wide - (s < 0 ? first : rest);
                // wider than any line, it only grows further back (the first line's budget may be the larger)
                if (wide > Math.max(first, rest) + ROUNDING && s < e - 1) break;
                double overflowing = (s < 0 ? 0 : overflow[s]) + (over > ROUNDING ? 1 + over : 0);
                double cost = (s < 0 ? 0 : least[s]) + (e < m ? 1 + DEPTH_COST * marks.get(e).depth() : 0);
                if (overflowing < overflow[e] - ROUNDING || overflowing <= overflow[e] + ROUNDING && cost < least[e]) {
                    overflow[e] = overflowing;
                    least[e] = cost;
                    startOf[e] = s;
                }
            }
        }
        ArrayDeque<Integer> cuts = new ArrayDeque<>();
        for (int s = startOf[m]; s >= 0; s = startOf[s]) cuts.push(s);
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int k : cuts) {
            lines.add(LatexPrinter.unmarked(marked.substring(start, marks.get(k).at())));
            start = marks.get(k).at();
        }
        lines.add(LatexPrinter.unmarked(marked.substring(start)));
        return lines;
    }

    /**
     * What a break costs beyond its line, per parenthesis it is inside: a hundred breaks of a sum's signs before one inside
     * its trace, so that a break goes deeper only where shallower ones cannot make the lines fit, as (1 − e⁻ᴬ) stays whole
     * beside a sum that can break at its own signs (review s73r: at ten, one break inside it saved two outside). A short
     * group's marks and the last-resort marks count as far deeper still.
     */
    private static final double DEPTH_COST = 100;

    /** The width from the start to mark k (−1: the start; upTo.length − 1: the end). */
    private static double width(double[] upTo, int k) { return k < 0 ? 0 : upTo[k]; }

    static boolean fits(List<String> lines, double first, double rest) {
        for (int i = 0; i < lines.size(); i++)
            if (Width.em(lines.get(i)) > (i == 0 ? first : rest) + ROUNDING) return false;
        return true;
    }

    /** A group of parentheses narrower than this, in ems, is broken inside only after every wider group, however deep. */
    static final double SHORT_GROUP = 8;

    /**
     * A mark inside a short group counts as this much deeper, past even the last-resort marks: (1ₖ − z₁) is not split
     * while a longer group of the line can be, or a product between its factors (trial s72b).
     */
    private static final int SHORT_GROUP_DEPTH = 1 << 22;

    /**
     * The marks at brace depth 0 and outside \left…\right, with their parenthesis depth; much deeper inside a short
     * group, so that (I + K) is not split while a longer group anywhere in the line can be.
     */
    private static List<Mark> marks(String s) {
        List<Mark> out = new ArrayList<>();
        List<Integer> groupOf = new ArrayList<>();  // each mark's innermost open parenthesis, −1 at the top
        java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>();
        java.util.Map<Integer, Integer> closing = new java.util.HashMap<>();
        int braces = 0, sized = 0, parens = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                int end = i + 1;
                while (end < s.length() && Character.isLetter(s.charAt(end))) end++;
                String command = s.substring(i + 1, end);
                switch (command) {
                    case "left" -> sized++;
                    case "right" -> sized--;
                    case "lVert", "lvert" -> { parens++; open.push(i); }
                    case "rVert", "rvert" -> { parens--; if (!open.isEmpty()) closing.put(open.pop(), end); }
                    default -> { }
                }
                // \left( and \right) swallow their delimiter; \{ and \} are not braces
                i = command.isEmpty() || command.equals("left") || command.equals("right") ? end : end - 1;
            } else if (c == '{') braces++;
            else if (c == '}') braces--;
            else if (c == '(' || c == '[') { parens++; open.push(i); }
            else if (c == ')' || c == ']') { parens--; if (!open.isEmpty()) closing.put(open.pop(), i + 1); }
            else if ((c == LatexPrinter.BREAK || c == LatexPrinter.LAST_RESORT) && braces == 0 && sized == 0) {
                out.add(new Mark(i, (c == LatexPrinter.LAST_RESORT ? LAST_RESORT_DEPTH : 0) + parens));
                groupOf.add(open.isEmpty() ? -1 : open.peek());
            }
        }
        for (int k = 0; k < out.size(); k++) {
            Integer from = groupOf.get(k), to = from < 0 ? null : closing.get(from);
            if (to != null && Width.em(s.substring(from, to)) < SHORT_GROUP) out.set(k, new Mark(out.get(k).at(), out.get(k).depth() + SHORT_GROUP_DEPTH));
        }
        return out;
    }
}
