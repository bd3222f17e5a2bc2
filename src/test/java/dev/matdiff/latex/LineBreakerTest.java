package dev.matdiff.latex;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineBreakerTest {

    static final String B = String.valueOf(LatexPrinter.BREAK);

    /** "a_1 + a_2 + … + a_n", marked as the printer marks a sum. */
    static String sum(int n) {
        StringBuilder sb = new StringBuilder("A_{1} X B_{1}");
        for (int i = 2; i <= n; i++) sb.append(B).append(" + A_{").append(i).append("} X B_{").append(i).append('}');
        return sb.toString();
    }

    @Test void aShortLineStaysWhole() {
        assertThat(LineBreaker.lines("A" + B + " + B", 30, 30)).containsExactly("A + B");
    }

    @Test void aLongSumIsPackedIntoLinesThatFit() {
        List<String> lines = LineBreaker.lines(sum(30), 20, 18);
        assertThat(lines).hasSizeGreaterThan(3);
        assertThat(Width.em(lines.get(0))).isLessThanOrEqualTo(20);
        for (String line : lines.subList(1, lines.size())) {
            assertThat(line).startsWith(" + ");
            assertThat(Width.em(line)).isLessThanOrEqualTo(18);
        }
        assertThat(String.join("", lines)).isEqualTo(sum(30).replace(B, ""));
    }

    @Test void neverBreaksInsideBracesOrSizedDelimiters() {
        String frac = "\\frac{" + sum(20) + "}{s}";
        assertThat(LineBreaker.lines(frac, 10, 10)).hasSize(1);
        String sized = "\\left(" + sum(20) + "\\right)^{\\top}";
        assertThat(LineBreaker.lines(sized, 10, 10)).hasSize(1);
    }

    @Test void prefersBreaksOutsideParentheses() {
        String inner = "\\operatorname{Tr}(" + sum(3) + ")";
        String marked = String.join(B + " + ", Collections.nCopies(4, inner));
        List<String> lines = LineBreaker.lines(marked, 20, 20);
        assertThat(lines).allSatisfy(l -> assertThat(l.strip()).matches("(\\+ )?\\\\operatorname\\{Tr\\}\\(.*\\)"));
    }

    @Test void breaksInsideParenthesesWhenThatIsAllThereIs() {
        String marked = "\\operatorname{Tr}(" + sum(30) + ")";
        List<String> lines = LineBreaker.lines(marked, 20, 20);
        assertThat(lines).hasSizeGreaterThan(2);
        assertThat(lines.get(0)).startsWith("\\operatorname{Tr}(");
        assertThat(lines.get(lines.size() - 1)).endsWith(")");
    }

    /** A Hessian's 1/4 (A ⊗ B + C ⊗ D)(I + K): broken inside the long group, never inside the short (I + K). */
    @Test void aShortGroupStaysWholeWhileALongerOneAtItsDepthCanBreak() {
        String marked = "(" + sum(4) + ")(I" + B + " + K)";
        List<String> lines = LineBreaker.lines(marked, 14, 14);
        assertThat(lines).hasSizeGreaterThan(1);
        assertThat(lines.get(lines.size() - 1)).endsWith("(I + K)");
        assertThat(String.join("", lines)).isEqualTo(marked.replace(B, ""));
    }

    @Test void aTermWiderThanTheLineStaysWhole() {
        String wide = "\\frac{" + sum(20) + "}{s}";
        assertThat(LineBreaker.lines("a" + B + " + " + wide + B + " + b", 10, 10))
                .containsExactly("a", " + " + wide.replace(B, ""), " + b");
    }

    /**
     * The breaker measures each stretch between marks once and finds the depth to break at by halving; on random
     * nested sums it gives what measuring every line anew, one depth after another, gives (the reference below).
     */
    @Test void halvingOverDepthsGivesWhatTryingEachDepthGives() {
        java.util.Random r = new java.util.Random(7);
        for (int trial = 0; trial < 2000; trial++) {
            String s = nested(r, 3);
            double first = 4 + r.nextInt(30), rest = 4 + r.nextInt(30);
            assertThat(LineBreaker.lines(s, first, rest)).as(s).isEqualTo(oneDepthAtATime(s, first, rest));
        }
    }

    private static String nested(java.util.Random r, int depth) {
        StringBuilder sb = new StringBuilder();
        int terms = 1 + r.nextInt(5);
        for (int i = 0; i < terms; i++) {
            if (i > 0) sb.append(B).append(r.nextBoolean() ? " + " : " - ");
            sb.append(depth > 0 && r.nextInt(3) == 0 ? "(" + nested(r, depth - 1) + ")" : "X_{" + r.nextInt(100) + "}");
        }
        return sb.toString();
    }

    /** Whether the innermost parentheses around position at are narrower than {@link LineBreaker#SHORT_GROUP}. */
    private static boolean inShortGroup(String s, int at) {
        int from = at, level = 0;
        while (--from >= 0 && !(s.charAt(from) == '(' && level == 0)) level += s.charAt(from) == ')' ? 1 : s.charAt(from) == '(' ? -1 : 0;
        if (from < 0) return false;
        int to = at;
        level = 0;
        while (++to < s.length() && !(s.charAt(to) == ')' && level == 0)) level += s.charAt(to) == '(' ? 1 : s.charAt(to) == ')' ? -1 : 0;
        return Width.em(s.substring(from, to + 1)) < LineBreaker.SHORT_GROUP;
    }

    /** The breaker as it was (with the same allowance for rounding): every depth in turn, shallowest first, each candidate line measured whole. */
    private static List<String> oneDepthAtATime(String s, double first, double rest) {
        List<int[]> marks = new java.util.ArrayList<>();  // position, depth
        int parens = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') parens++;
            else if (c == ')') parens--;
            else if (c == LatexPrinter.BREAK) marks.add(new int[] {i, parens + (inShortGroup(s, i) ? 1 : 0)});
        }
        List<String> best = List.of(s);
        for (int depth : marks.stream().mapToInt(m -> m[1]).distinct().sorted().toArray()) {
            List<String> lines = new java.util.ArrayList<>();
            int start = 0, candidate = 0;
            for (int[] m : marks) {
                if (m[1] > depth) continue;
                if (candidate > start && Width.em(s.substring(start, m[0])) > (lines.isEmpty() ? first : rest) + LineBreaker.ROUNDING) {
                    lines.add(s.substring(start, candidate));
                    start = candidate;
                }
                candidate = m[0];
            }
            if (candidate > start && Width.em(s.substring(start)) > (lines.isEmpty() ? first : rest) + LineBreaker.ROUNDING) {
                lines.add(s.substring(start, candidate));
                start = candidate;
            }
            lines.add(s.substring(start));
            best = lines;
            if (LineBreaker.fits(lines, first, rest)) break;
        }
        return best.stream().map(LatexPrinter::unmarked).toList();
    }
}
