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

    /**
     * @param first the width available to the first line, in ems
     * @param rest  the width available to each following line
     * @return the lines, without marks; every line after the first starts with its + or - sign
     */
    static List<String> lines(String marked, double first, double rest) {
        List<Mark> marks = marks(marked);
        List<String> best = List.of(marked);
        for (int depth : marks.stream().map(Mark::depth).distinct().sorted().toList()) {
            best = pack(marked, allowed(marks, depth), first, rest);
            if (fits(best, first, rest)) break;
        }
        return best.stream().map(LatexPrinter::unmarked).toList();
    }

    private static List<Integer> allowed(List<Mark> marks, int depth) {
        return marks.stream().filter(m -> m.depth() <= depth).map(Mark::at).toList();
    }

    /** Greedy: each line takes as many pieces as fit, and at least one. */
    private static List<String> pack(String s, List<Integer> breaks, double first, double rest) {
        List<String> lines = new ArrayList<>();
        int start = 0, candidate = 0;
        for (int b : breaks) {
            double budget = lines.isEmpty() ? first : rest;
            if (candidate > start && Width.em(s.substring(start, b)) > budget) {
                lines.add(s.substring(start, candidate));
                start = candidate;
            }
            candidate = b;
        }
        double budget = lines.isEmpty() ? first : rest;
        if (candidate > start && Width.em(s.substring(start)) > budget) {
            lines.add(s.substring(start, candidate));
            start = candidate;
        }
        lines.add(s.substring(start));
        return lines;
    }

    static boolean fits(List<String> lines, double first, double rest) {
        for (int i = 0; i < lines.size(); i++)
            if (Width.em(lines.get(i)) > (i == 0 ? first : rest)) return false;
        return true;
    }

    /** The marks at brace depth 0 and outside \left…\right, with their parenthesis depth. */
    private static List<Mark> marks(String s) {
        List<Mark> out = new ArrayList<>();
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
                    case "lVert", "lvert" -> parens++;
                    case "rVert", "rvert" -> parens--;
                    default -> { }
                }
                // \left( and \right) swallow their delimiter; \{ and \} are not braces
                i = command.isEmpty() || command.equals("left") || command.equals("right") ? end : end - 1;
            } else if (c == '{') braces++;
            else if (c == '}') braces--;
            else if (c == '(' || c == '[') parens++;
            else if (c == ')' || c == ']') parens--;
            else if (c == LatexPrinter.BREAK && braces == 0 && sized == 0) out.add(new Mark(i, parens));
            else if (c == LatexPrinter.LAST_RESORT && braces == 0 && sized == 0) out.add(new Mark(i, LAST_RESORT_DEPTH + parens));
        }
        return out;
    }
}
