package dev.matdiff.latex;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Law;
import dev.matdiff.calculus.Note;
import dev.matdiff.calculus.Stage;
import dev.matdiff.calculus.Step;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class LatexWriterTest {

    /** W1 and W_1 both typeset W_{1}, lambda and λ both \\lambda: in one document each keeps a form of its own. */
    @Test
    void namesThatWouldTypesetAlikeAreWrittenApart() {
        Derivation d = dev.matdiff.MatDiff.parse("scalar W1, W_1, lambda, λ\nL = W1^2 + 3*W_1 + lambda*λ\n").derive("W1", "W_1", "lambda", "λ");
        String f = LatexWriter.fragment(d);
        assertThat(f).contains("\\nabla_{\\mathit{W1}} L").contains("\\nabla_{W_{1}} L")
                .contains("\\nabla_{\\mathit{lambda}} L").contains("\\nabla_{\\lambda} L");
        // alone, a name keeps its usual form
        Derivation alone = dev.matdiff.MatDiff.parse("scalar W1\nL = W1^2\n").derive("W1");
        assertThat(LatexWriter.fragment(alone)).contains("\\nabla_{W_{1}} L").doesNotContain("mathit");
    }

    /** Run with -Dlatex.accept=true to write the current output as the new golden file. */
    static final boolean ACCEPT = Boolean.getBoolean("latex.accept");

    static void assertGolden(String actual, String file) throws IOException {
        Path golden = Path.of("src/test/resources/latex", file);
        if (ACCEPT) Files.writeString(golden, actual, StandardCharsets.UTF_8);
        assertThat(actual).as("golden " + golden + " (accept a deliberate change with -Dlatex.accept=true)")
                .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    @Test void linearRegressionFragmentIsTheGolden() throws IOException {
        assertGolden(LatexWriter.fragment(Samples.linearRegression()), "linear-regression.tex");
    }

    @Test void theFragmentIsTheBodyOfTheStandaloneDocument() {
        Derivation d = Samples.greekAndSubscripts();
        String doc = LatexWriter.standalone(d);
        assertThat(doc).startsWith("\\documentclass[a4paper]{article}\n\\usepackage{amsmath}\n\\usepackage{amssymb}\n")
                .contains(LatexWriter.fragment(d)).endsWith("\\end{document}\n");
        assertThat(doc.lines().filter(l -> l.startsWith("\\usepackage"))).hasSize(2);
    }

    /** A standalone document lists the identities its steps cited after the laws, each once; a tag too long ends in "…". */
    @Test void theIdentitiesUsedAreListed() {
        Derivation d = dev.matdiff.MatDiff.parse("matrix A(m, m), X(n, n)\nL = tr(kron(A, X)) + tr(kron(X, X))\n").derive("X");
        String doc = LatexWriter.standalone(d);
        assertThat(doc).contains("\\subsection*{Identities used}\n{\\sloppy\n\\begin{itemize}\n\\item ");
        // a formula in math mode, its function names upright (trial s76b: text mode, ASCII)
        assertThat(doc.substring(doc.indexOf("Identities used"))).contains("$\\operatorname{Tr}(A \\otimes  B) =\\operatorname{Tr}(A)\\operatorname{Tr}(B)$");
        assertThat(doc.indexOf("Laws used")).isLessThan(doc.indexOf("Identities used"));
        assertThat(LatexWriter.standalone(Samples.linearRegression())).doesNotContain("Identities used");
    }

    /**
     * A tag gives a law's number in the paper only, and Thm 2.1 (2) is both d(AC) and d(cA): the list has one item per
     * number, its laws together, so that a tag names one item (trial s72b: two items both read Thm 2.1 (2)).
     */
    @Test void lawsOfOneNumberAreOneItem() {
        Derivation d = dev.matdiff.MatDiff.parse("matrix X(m, n) constant; vector w(n); vector y(m) constant; scalar lam constant;"
                + " L = sqnorm(X*w - y) + lam*w'*w").derive("w");
        assertThat(d.lawsUsed()).contains(dev.matdiff.calculus.Law.D_PRODUCT, dev.matdiff.calculus.Law.D_CONSTANT_FACTOR);
        String laws = LatexWriter.standalone(d).split("Laws used", 2)[1];
        assertThat(laws.split("textbf\\{Thm 2.1 \\(2\\)\\}", -1)).hasSize(2);
        String item = laws.lines().filter(l -> l.contains("Thm 2.1 (2)")).findFirst().orElseThrow();
        assertThat(item).contains("(d-product)", "(d-constant-factor)");
    }

    @Test void outputIsAscii() {
        for (Derivation d : List.of(Samples.linearRegression(), Samples.greekAndSubscripts(), Samples.everyLaw()))
            assertThat(LatexWriter.standalone(d)).matches("[\\x20-\\x7e\\n]*");
    }

    @Test void everyFinalGradientIsBoxedOnce() {
        String f = LatexWriter.fragment(Samples.greekAndSubscripts());
        assertThat(count(f, "\\boxed{")).isEqualTo(2);
        assertThat(f).contains("\\boxed{\\nabla_{W_{1}} L = ")
                .contains("\\boxed{\\nabla_{\\Sigma} L = \\Sigma^{-\\top} - ")
                // staged gradients are shown, not boxed
                .contains("\\nabla z_{1} = 2 \\Sigma^{-1} (z_{1} - \\mu) \\tag*{Def. 2.2}");
    }

    @Test void namedIntermediatesAreDefinedBeforeTheObjective() {
        String f = LatexWriter.fragment(Samples.greekAndSubscripts());
        assertThat(f).contains("h_{12} &= W_{1} x_{0} + \\hat{b} \\\\\nz_{1} &= \\sigma(h_{12}) \\\\\nL &= ");
    }

    @Test void aStepThatGoesOnFromTheSameLeftSideLeavesItOut() {
        String f = LatexWriter.fragment(Samples.linearRegression());
        assertThat(f).contains("\\mathrm{d}L &= \\mathrm{d}((X w - y)^{\\top} (X w - y)) \\\\\n&= (\\mathrm{d}(X w - y))^{\\top}");
    }

    @Test void aLongRightSideGoesOnOverSeveralRows() {
        String f = LatexWriter.fragment(Samples.longSums());
        assertThat(count(f, "&\\quad {}+ ")).isGreaterThan(6);
        // the long gradient is an aligned block inside its box
        assertThat(f).contains("\\boxed{\\begin{aligned}\\nabla_{X} L &= ");
        // the trace of a long sum breaks inside the trace's plain brackets
        assertThat(f).contains("&= \\operatorname{Tr}(B_{1} A_{1} \\mathrm{d}X + ");
    }

    @Test void annotationsCiteThePaperNumberElseTheFormulaElseTheId() {
        assertThat(annotation(Law.D_PRODUCT, Law.D_TRANSPOSE)).isEqualTo("Thm 2.1 (2); Thm 2.1 (3)");
        assertThat(annotation(Law.D_CONSTANT)).isEqualTo("$\\mathrm{d}C = 0$");
        assertThat(annotation(Law.D_NORM)).isEqualTo("$\\mathrm{d}\\lVert A\\rVert = \\operatorname{sum}(A \\odot \\mathrm{d}A)/\\lVert A\\rVert"
                + " = \\operatorname{Tr}(A^{\\top}\\mathrm{d}A)/\\lVert A\\rVert$");
        assertThat(annotation(Law.D_DEFINITION)).isEqualTo("$\\mathrm{d}h = \\mathrm{d}(\\text{definition of } h)$");
        assertThat(annotation(Law.D_SUM, Law.D_SUM)).isEqualTo("Thm 2.1 (1)");
    }

    /** Labels as they are written elsewhere, as many as fit, then an ellipsis: the document lists them all. */
    @Test void tooManyLawsForOneLineKeepTheirLabelsAsFarAsTheyFit() {
        String a = annotation(Law.values());
        assertThat(a).startsWith("Thm 2.1 (1); Thm 2.1 (2); ").endsWith("; $\\ldots$").doesNotContain("d-sum");
        assertThat(Width.textEm(a)).isLessThan(35);
    }

    @Test void aNoteFollowsTheLaws() {
        Step s = new Step(Step.Phase.DIFFERENTIALS, Samples.lhs("dL"), Samples.scalar("a"), List.of(Law.D_CONSTANT),
                new Note.Constants(List.of("X", "y")), Stage.WHOLE, List.of());
        assertThat(LatexWriter.annotation(s)).isEqualTo("$\\mathrm{d}C = 0$; $X$, $y$ fixed");
    }

    /** The f′ a step took is typeset as maths, before the program's other facts; its plain text is not in the tag. */
    @Test void aStatedDerivativeIsTypesetAsMaths() {
        Step s = new Step(Step.Phase.DIFFERENTIALS, Samples.lhs("dL"), Samples.scalar("a"), List.of(Law.D_ELEMENTWISE),
                new Note.Derivatives(List.of(dev.matdiff.expr.Op.SIGMOID), new Note.Constants(List.of("X"))), Stage.WHOLE, List.of());
        assertThat(LatexWriter.annotation(s))
                .isEqualTo("Thm 2.1 (8); $\\frac{\\mathrm{d}}{\\mathrm{d}u}\\sigma(u) = \\sigma(u)\\,(1 - \\sigma(u))$; $X$ fixed");
    }

    static String annotation(Law... laws) {
        return LatexWriter.annotation(new Step(Step.Phase.TRACE, Samples.lhs("dL"), Samples.scalar("a"), List.of(laws), Note.NONE, Stage.WHOLE, List.of()));
    }

    static int count(String s, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(s);
        int n = 0;
        while (m.find()) n++;
        return n;
    }
}
