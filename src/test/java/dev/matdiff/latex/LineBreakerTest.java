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

    @Test void aTermWiderThanTheLineStaysWhole() {
        String wide = "\\frac{" + sum(20) + "}{s}";
        assertThat(LineBreaker.lines("a" + B + " + " + wide + B + " + b", 10, 10))
                .containsExactly("a", " + " + wide.replace(B, ""), " + b");
    }
}
