package dev.matdiff.latex;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the right side of an equation, printed with {@link LatexPrinter#BREAK} marks, into lines
 * that fit a width. A mark can be used only where a line break is legal LaTeX: outside braces
 * and outside {@code \left…\right}. Breaks outside parentheses are preferred; only when those do
 * not suffice does it break inside the parentheses of, say, a trace of a sum, one level deeper
 * at a time. A term too wide for any line stays whole (the only case that can still overflow).
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
     * @return the lines, without marks; every line after the first starts with its + or - sign
     */
    static List<String> lines(String marked, double first, double rest) {
        List<Mark> marks = marks(marked);
        // widths add up across marks (each is at brace depth 0), so each stretch between two is measured once
        double[] upTo = new double[marks.size() + 1];
        int from = 0;
        for (int k = 0; k < marks.size(); k++) {
            int at = marks.get(k).at();
            upTo[k] = (k == 0 ? 0 : upTo[k - 1]) + Width.em(marked.substring(from, at));
            from = at;
        }
        upTo[marks.size()] = (marks.isEmpty() ? 0 : upTo[marks.size() - 1]) + Width.em(marked.substring(from));
        List<Integer> cuts = List.of();
        int[] depths = marks.stream().mapToInt(Mark::depth).distinct().sorted().toArray();
        if (depths.length > 0) {
            // the shallowest depth whose marks make the lines fit, else the deepest: a deeper depth only adds marks,
            // splitting pieces, so fitting is monotone in it and the depth is found by halving, not one by one
            cuts = pack(allowed(marks, depths[depths.length - 1]), upTo, first, rest);
            if (fitsAt(cuts, upTo, first, rest)) {
                int lo = 0, hi = depths.length - 1;
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (fitsAt(pack(allowed(marks, depths[mid]), upTo, first, rest), upTo, first, rest)) hi = mid;
                    else lo = mid + 1;
                }
                cuts = pack(allowed(marks, depths[lo]), upTo, first, rest);
            }
        }
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int k : cuts) {
            lines.add(LatexPrinter.unmarked(marked.substring(start, marks.get(k).at())));
            start = marks.get(k).at();
        }
        lines.add(LatexPrinter.unmarked(marked.substring(start)));
        return lines;
    }

    /** The indices of the marks at most {@code depth} deep. */
    private static int[] allowed(List<Mark> marks, int depth) {
        return java.util.stream.IntStream.range(0, marks.size()).filter(k -> marks.get(k).depth() <= depth).toArray();
    }

    /** The width from the start to mark k (−1: the start; upTo.length − 1: the end). */
    private static double width(double[] upTo, int k) { return k < 0 ? 0 : upTo[k]; }

    /** Greedy: each line takes as many pieces as fit, and at least one. The marks each new line starts at. */
    private static List<Integer> pack(int[] breaks, double[] upTo, double first, double rest) {
        List<Integer> cuts = new ArrayList<>();
        int start = -1, candidate = -1;
        for (int b : breaks) {
            double budget = cuts.isEmpty() ? first : rest;
            if (candidate > start && width(upTo, b) - width(upTo, start) > budget + ROUNDING) {
                cuts.add(candidate);
                start = candidate;
            }
            candidate = b;
        }
        double budget = cuts.isEmpty() ? first : rest;
        if (candidate > start && width(upTo, upTo.length - 1) - width(upTo, start) > budget + ROUNDING) cuts.add(candidate);
        return cuts;
    }

    static boolean fits(List<String> lines, double first, double rest) {
        for (int i = 0; i < lines.size(); i++)
            if (Width.em(lines.get(i)) > (i == 0 ? first : rest) + ROUNDING) return false;
        return true;
    }

    /** Whether the lines that start at these marks fit. */
    private static boolean fitsAt(List<Integer> cuts, double[] upTo, double first, double rest) {
        int start = -1;
        for (int i = 0; i <= cuts.size(); i++) {
            int end = i < cuts.size() ? cuts.get(i) : upTo.length - 1;
            if (width(upTo, end) - width(upTo, start) > (i == 0 ? first : rest) + ROUNDING) return false;
            start = end;
        }
        return true;
    }

    /** A group of parentheses narrower than this, in ems, is broken inside only after the wider groups at its depth. */
    static final double SHORT_GROUP = 8;

    /**
     * The marks at brace depth 0 and outside \left…\right, with their parenthesis depth; one deeper inside a short
     * group, so that (I + K) is not split while a longer group beside it can be.
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
            if (to != null && Width.em(s.substring(from, to)) < SHORT_GROUP) out.set(k, new Mark(out.get(k).at(), out.get(k).depth() + 1));
        }
        return out;
    }
}
