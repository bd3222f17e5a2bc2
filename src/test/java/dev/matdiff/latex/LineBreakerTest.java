package dev.matdiff.latex;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineBreakerTest {

    static final String B = String.valueOf(LatexPrinter.BREAK);
    static final String L = String.valueOf(LatexPrinter.LAST_RESORT);

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

    /** Review s73r: past a term that overflows by far, the breaks' costs still count, and the terms after it are packed. */
    @Test void termsAfterAnOverflowingOneArePackedToo() {
        StringBuilder marked = new StringBuilder("a" + B + " + \\frac{" + "w".repeat(400) + "}{2}");
        for (int i = 0; i < 30; i++) marked.append(B).append(" + b_{").append(i).append('}');
        List<String> lines = LineBreaker.lines(marked.toString(), 30, 28);
        assertThat(lines).hasSizeLessThan(8);
        assertThat(lines.stream().filter(l -> !LineBreaker.fits(List.of(l), 30, 30))).hasSize(1);
    }

    @Test void aTermWiderThanTheLineStaysWhole() {
        String wide = "\\frac{" + sum(20) + "}{s}";
        assertThat(LineBreaker.lines("a" + B + " + " + wide + B + " + b", 10, 10))
                .containsExactly("a", " + " + wide.replace(B, ""), " + b");
    }

    /** Trial s72b: (1ₖ − z₁) was split where the ⊙ chain around it could break between its factors. */
    @Test void aShortGroupIsSplitOnlyWhereNothingElseFits() {
        String marked = "z_{1}" + L + " \\odot (1" + B + " - z_{1})" + L + " \\odot (W_{2} W_{3} W_{4} W_{5}" + B + " - y_{2} y_{3} y_{4})";
        List<String> lines = LineBreaker.lines(marked, 12, 12);
        assertThat(lines).hasSizeGreaterThan(1).noneMatch(l -> l.endsWith("(1"));
        assertThat(String.join("", lines)).isEqualTo(LatexPrinter.unmarked(marked));
        // with no other mark, the short group is the only place left to break
        assertThat(LineBreaker.lines("z_{1} z_{2} z_{3} z_{4} (1" + B + " - z_{1})", 6, 6)).hasSize(2);
    }

    /**
     * On random nested sums, against every choice of breaks: the lines fit wherever some choice fits, break inside no
     * short group where some fitting choice does not, break at no deeper parenthesis than the shallowest fitting choice
     * needs, and are the string's pieces in order.
     */
    @Test void asGoodAsEveryChoiceOfBreaks() {
        java.util.Random r = new java.util.Random(7);
        int tried = 0;
        while (tried < 1500) {
            String s = nested(r, 3);
            List<int[]> marks = marks(s);
            if (marks.size() > 11) continue;
            tried++;
            double first = 4 + r.nextInt(30), rest = 4 + r.nextInt(30);
            List<String> lines = LineBreaker.lines(s, first, rest);
            assertThat(String.join("", lines)).as(s).isEqualTo(LatexPrinter.unmarked(s));
            boolean fits = false, fitsWhole = false;
            int shallowest = Integer.MAX_VALUE;
            for (int chosen = 0; chosen < 1 << marks.size(); chosen++) {
                List<String> choice = cut(s, marks, chosen);
                if (!LineBreaker.fits(choice, first, rest)) continue;
                fits = true;
                int deepest = 0;
                boolean whole = true;
                for (int k = 0; k < marks.size(); k++)
                    if ((chosen >> k & 1) == 1) {
                        deepest = Math.max(deepest, marks.get(k)[1]);
                        whole &= marks.get(k)[2] == 0;
                    }
                if (whole) {
                    fitsWhole = true;
                    shallowest = Math.min(shallowest, deepest);
                }
            }
            if (fits) assertThat(LineBreaker.fits(lines, first, rest)).as(s).isTrue();
            List<int[]> used = used(marks, lines);
            if (fitsWhole) assertThat(used).as(s).allSatisfy(m -> assertThat(m[2]).isZero());
            if (fitsWhole && shallowest == 0) assertThat(used).as(s).allSatisfy(m -> assertThat(m[1]).isZero());
        }
    }

    /** Each mark of s as {position in s unmarked, parenthesis depth, 1 inside a short group}. */
    private static List<int[]> marks(String s) {
        List<int[]> marks = new java.util.ArrayList<>();
        int parens = 0, seen = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') parens++;
            else if (c == ')') parens--;
            else if (c == LatexPrinter.BREAK) marks.add(new int[] {i - seen++, parens, inShortGroup(s, i) ? 1 : 0});
        }
        return marks;
    }

    /** The lines that break at the marks whose bits are set. */
    private static List<String> cut(String s, List<int[]> marks, int chosen) {
        String plain = LatexPrinter.unmarked(s);
        List<String> lines = new java.util.ArrayList<>();
        int start = 0;
        for (int k = 0; k < marks.size(); k++)
            if ((chosen >> k & 1) == 1) {
                lines.add(plain.substring(start, marks.get(k)[0]));
                start = marks.get(k)[0];
            }
        lines.add(plain.substring(start));
        return lines;
    }

    /** The marks the lines break at. */
    private static List<int[]> used(List<int[]> marks, List<String> lines) {
        List<int[]> out = new java.util.ArrayList<>();
        int at = 0;
        for (String line : lines.subList(0, lines.size() - 1)) {
            at += line.length();
            for (int[] m : marks) if (m[0] == at) out.add(m);
        }
        return out;
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
}
