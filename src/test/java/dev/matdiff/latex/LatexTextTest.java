package dev.matdiff.latex;

import dev.matdiff.calculus.Law;

import org.junit.jupiter.api.Test;

import static dev.matdiff.latex.LatexText.math;
import static dev.matdiff.latex.LatexText.text;
import static org.assertj.core.api.Assertions.assertThat;

class LatexTextTest {

    @Test void unicodeMathGoesIntoMathMode() {
        assertThat(text("d(Aᵀ) = (dA)ᵀ")).isEqualTo("d(A$^{\\top}$) = (dA)$^{\\top}$");
        assertThat(text("A ⊙ B ⊘ C ⊗ D")).isEqualTo("A $\\odot$ B $\\oslash$ C $\\otimes$ D");
        assertThat(text("a ± b − c")).isEqualTo("a $\\pm$ b $-$ c");
        assertThat(text("p ⟹ q")).isEqualTo("p $\\implies$ q");
    }

    @Test void runsOfScriptsBecomeOneScript() {
        assertThat(text("D⁻¹")).isEqualTo("D$^{-1}$");
        assertThat(text("Aᵏ⁻¹⁻ⁱ")).isEqualTo("A$^{k-1-i}$");
        assertThat(text("‖A‖₁")).isEqualTo("$\\|$A$\\|_{1}$");
        assertThat(text("a/a²")).isEqualTo("a/a$^{2}$");
        assertThat(text("Σᵢ")).isEqualTo("$\\Sigma _{i}$");
    }

    @Test void anUnderscoreAfterASymbolIsASubscript() {
        assertThat(text("∇_X f")).isEqualTo("$\\nabla _{X}$ f");
        assertThat(text("snake_case")).isEqualTo("snake\\_case");
    }

    @Test void textSpecialsAreEscaped() {
        assertThat(text("50% & $5 #1 {x} a_b ~ ^ \\")).isEqualTo(
                "50\\% \\& \\$5 \\#1 \\{x\\} a\\_b \\textasciitilde{} \\textasciicircum{} \\textbackslash{}");
        assertThat(text("|D| < 1")).isEqualTo("$|$D$|$ $<$ 1");
    }

    @Test void unknownCharactersBecomeAQuestionMark() {
        assertThat(text("日本")).isEqualTo("??");
    }

    @Test void mathModeKeepsLettersAndMapsSymbols() {
        assertThat(math("∇ᵀ")).isEqualTo("\\nabla ^{\\top}");
        assertThat(math("|x|")).isEqualTo("|x|");
        assertThat(math("a_b")).isEqualTo("a_{b}");
        assertThat(math("_b")).isEqualTo("\\_b");
    }

    /** A step's identities are typeset too, in its tag and the document's list of identities used. */
    @Test void everyCitedIdentityComesOutAscii() {
        java.util.List<String> unprintable = new java.util.ArrayList<>();
        for (dev.matdiff.simplify.Rule rule : dev.matdiff.simplify.Rules.ALL) {
            String latex = text(rule.statement());
            if (rule.cited() && (!latex.matches("[\\x20-\\x7e]*") || latex.contains("?"))) unprintable.add(rule.id() + ": " + latex);
        }
        assertThat(unprintable).isEmpty();
    }

    @Test void everyLawStatementComesOutAscii() {
        assertThat(text(Law.SOURCE_LINE)).matches("[\\x20-\\x7e]*").doesNotContain("?").contains("Backpropagation --- A Perspective");
        for (Law law : Law.values()) {
            assertThat(text(law.words())).as(law.id()).matches("[\\x20-\\x7e]*").doesNotContain("?");
            assertThat(text(law.statement())).as(law.id()).matches("[\\x20-\\x7e]*").doesNotContain("?");
            assertThat(text(law.citation())).as(law.id()).matches("[\\x20-\\x7e]*").doesNotContain("?");
        }
    }
}
