package dev.matdiff.latex;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.expr.Expr;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real pdflatex compiles what the writer and the printer produce, without an error or an
 * overfull box on an A4 page. Needs texlive-latex-base; without it these tests fail.
 */
class LatexPdfTest {

    static Stream<Arguments> derivations() {
        return Stream.of(
                Arguments.of("linear regression", Samples.linearRegression()),
                Arguments.of("long sums", Samples.longSums()),
                Arguments.of("greek and subscripts", Samples.greekAndSubscripts()),
                Arguments.of("every law", Samples.everyLaw()),
                Arguments.of("many long steps, over a page", Samples.manyLongSteps()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("derivations")
    void standaloneCompilesCleanly(String name, Derivation d, @TempDir Path dir) throws Exception {
        PdfLatex.assertClean(LatexWriter.standalone(d), dir);
    }

    @Test void everyOperationCompilesInDisplayAndInline(@TempDir Path dir) throws Exception {
        StringBuilder doc = new StringBuilder("\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage{amssymb}\n\\begin{document}\n");
        for (Expr e : Samples.everyOperation()) {
            String latex = LatexPrinter.print(e);
            doc.append("\\[").append(latex).append("\\]\n");
            doc.append("Inline: $").append(latex).append("$.\n\n");
        }
        PdfLatex.assertClean(doc.append("\\end{document}\n").toString(), dir);
    }

    /** No sum to break at: a line as wide as 300 nested calls once exceeded what TeX can measure ("Dimension too large"). */
    @Test void aDeepNestOfCallsBreaksInsideItsParentheses(@TempDir Path dir) throws Exception {
        String nest = "x";
        for (int i = 0; i < 300; i++) nest = "sin(" + nest + ")";
        Derivation d = dev.matdiff.MatDiff.parse("vector x(n)\nL = sum(" + nest + ")\n").derive("x");
        PdfLatex.compile(LatexWriter.standalone(d), dir);  // throws on any TeX error
    }

    @Test void theCheckCatchesAnOverfullLine(@TempDir Path dir) throws Exception {
        String wide = "x_{1}" + " + x_{1}".repeat(60);
        String log = PdfLatex.compile(document("\\[" + wide + "\\]"), dir);
        assertThat(PdfLatex.problems(log)).anySatisfy(p -> assertThat(p).startsWith("Overfull \\hbox"));
    }

    @Test void theCheckCatchesAnError(@TempDir Path dir) {
        assertThatThrownBy(() -> PdfLatex.compile(document("$\\undefinedcommand$"), dir))
                .isInstanceOf(AssertionError.class).hasMessageContaining("! Undefined control sequence");
    }

    static String document(String body) {
        return "\\documentclass{article}\n\\begin{document}\n" + body + "\n\\end{document}\n";
    }
}
