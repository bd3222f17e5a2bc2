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

    /** A rule's statement: formulas in math mode, function names upright, element-wise powers as powers, words in text (trial s76b). */
    @Test void aStatementSetsItsFormulasInMathAndItsWordsInText() {
        assertThat(LatexText.statement("sum(u ⊙ v) = uᵀv and sum(v.^2) = vᵀv for vectors"))
                .isEqualTo("$\\operatorname{sum}(u \\odot  v) = u^{\\top}v$ and $\\operatorname{sum}(v^{2}) = v^{\\top}v$ for vectors");
        // a comma inside parentheses belongs to the formula; one between pieces to the words
        assertThat(LatexText.statement("sum(A, 1) = 1ᵀA, for a matrix A"))
                .isEqualTo("$\\operatorname{sum}(A, 1) = 1^{\\top}A$, for a matrix A");
        assertThat(LatexText.statement("quotients cancelled: a/u + b/v = (av + bu)/(uv)")).isEqualTo("quotients cancelled: $a/u + b/v = (av + bu)/(uv)$");
    }

    /** Every statement a step may cite, typeset so, compiles without an error or an overfull line. */
    @Test void everyCitedStatementCompiles(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        StringBuilder doc = new StringBuilder("\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage{amssymb}\n\\begin{document}\n{\\sloppy\n\\begin{itemize}\n");
        for (String statement : dev.matdiff.simplify.Rules.citedStatements()) doc.append("\\item ").append(LatexText.statement(statement)).append("\n");
        PdfLatex.assertClean(doc.append("\\end{itemize}\n\\par}\n\\end{document}\n").toString(), dir);
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
