package dev.matdiff.calculus;

import dev.matdiff.expr.Exprs;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How a step's laws read in its brackets: one number said once over its laws, and laws with no number before the rest. */
class JustificationTest {

    private static String cited(Law... laws) {
        return new Step(Step.Phase.DIFFERENTIALS, null, Exprs.num(0), List.of(laws), Note.NONE, null, List.of()).justification();
    }

    @Test void lawsOfOneNumberStandTogetherAndSayItOnce() {
        // d(aA), of Thm 2.1 (2) as d(AC) is, comes after Thm 2.1 (3) in the step but stands with d(AC)
        String text = cited(Law.D_SUM, Law.D_PRODUCT, Law.D_TRANSPOSE, Law.D_SCALE);
        assertThat(text).isEqualTo("Thm 2.1 (1) d(A ± B) = dA ± dB; Thm 2.1 (2) d(AC) = (dA)C + A(dC); d(aA) = (da)A + a dA with a scalar a; "
                + "Thm 2.1 (3) d(Aᵀ) = (dA)ᵀ");
    }

    /** The simplifier's cancellers are no table rows, but a step they changed says so (trials s67b, s68c: the σ′ that makes p − y). */
    @Test void aStepTheRationalCancellerChangedSaysSo() {
        var md = dev.matdiff.MatDiff.parse("matrix X(m, n) constant; vector y(m) constant; vector w(n); p = sigmoid(X*w);"
                + " L = -(y'*log(p) + (ones(m) - y)'*log(ones(m) - p))");
        List<Step> steps = md.derive(null, List.of("w")).steps();
        assertThat(steps).anyMatch(s -> s.justification().contains("a factor common to a numerator and its denominator cancelled"));
        assertThat(dev.matdiff.simplify.Rules.citedStatement("cancel-logistic")).contains("σ(u)(1 − σ(u))");
    }

    /**
     * A step whose cancelling only collected terms (the symmetric gradient's (G + Gᵀ)/2 of −s·sᵀ/2, nothing divided by a
     * symbol) does not cite the quotients' laws (trial s70b: the Hopfield energy's read-off did); its rules name the
     * arithmetic it did.
     */
    @Test void aStepThatDividesByNoSymbolCitesNoQuotientLaw() {
        var md = dev.matdiff.MatDiff.parse("symmetric W(n); vector s(n) constant; vector b(n) constant; E = -s'*W*s/2 - b'*s");
        Step read = md.derive(null, List.of("W")).steps().stream().filter(s -> s.phase() == Step.Phase.GRADIENT).reduce((a, b) -> b).orElseThrow();
        assertThat(dev.matdiff.expr.TextPrinter.print(read.expr())).isEqualTo("-s*s'/2");
        assertThat(read.justification()).doesNotContain("common denominator");
        assertThat(read.rules()).doesNotContain("cancel-rational");
    }

    /**
     * A read-off whose stand-ins cancel against a quotient cites it (trial s70b: a softmax of distances, whose ∇y went from
     * the staged −2(Y∇dist − sum(∇dist)y) to 2Y(q − p) through qᵀ(p ⊘ q) = sum(p) and q ⊙ (p ⊘ q) = p, cited only the
     * assumption sum(p) = 1).
     */
    @Test void aReadOffThatCancelsAQuotientSaysSo() {
        var md = dev.matdiff.MatDiff.parse("matrix Y(k, N) constant; vector y(k); vector p(N) constant; assume sum(p) = 1;"
                + " dist = sum((Y - y*ones(N)').^2, 1)'; q = softmax(-dist); L = -p'*log(q)");
        Step read = md.derive(null, List.of("y")).steps().stream().filter(s -> s.phase() == Step.Phase.GRADIENT).reduce((a, b) -> b).orElseThrow();
        assertThat(dev.matdiff.expr.TextPrinter.print(read.expr())).isEqualTo("2*Y*(q - p)");
        assertThat(read.justification()).contains("uᵀ(v ⊘ u) = (v ⊘ u)ᵀu = sum(v)", "A ⊙ (B ⊘ A) = B", "by the assumption sum(p) = 1");
    }

    /**
     * The line that collects the term-by-term traces is derived again from the whole differential, and cites what that
     * used even where the line before cited it too (review s71r: S was factored out of the collected line, its Sᵀ = S
     * dropped because the term-by-term line had cited it).
     */
    @Test void theCollectedLineCitesWhatItUses() {
        var md = dev.matdiff.MatDiff.parse("symmetric S(n); matrix A(n, n); vector x(n), y(n); L = y'*S*x + x'*A*S*x");
        List<Step> traces = md.derive(null, List.of("x")).steps().stream().filter(s -> s.phase() == Step.Phase.TRACE).toList();
        assertThat(traces).hasSizeGreaterThanOrEqualTo(2);
        assertThat(traces.get(traces.size() - 1).justification()).contains("Sᵀ = S");
    }

    /**
     * The Rayleigh quotient's gradient reads r, and says why; its Hessian differentiates the gradient as derived and is
     * written with r as the gradient is (trial s71a: it spelled x'*A*x out three times), its step citing the same rule.
     */
    @Test void aQuotientsGradientWrittenWithItsValueSaysSo() {
        var md = dev.matdiff.MatDiff.parse("symmetric A(n, n) constant; vector x(n); r = x'*A*x/(x'*x)");
        var d = md.derive(null, List.of("x"), Deriver.Options.DEFAULT.withSecondOrder(true, false));
        Step read = d.steps().stream().filter(s -> s.phase() == Step.Phase.GRADIENT).reduce((a, b) -> b).orElseThrow();
        assertThat(dev.matdiff.expr.TextPrinter.print(read.expr())).isEqualTo("2*(A*x - r*x)/(x'*x)");
        assertThat(read.rules()).contains(QuotientNames.RULE);
        assertThat(read.justification()).contains("N = q·D for a quotient q = N/D the program names");
        // no step but the two read-offs cites it; the second derivative's steps, before the Hessian is written, do not read r
        assertThat(d.steps().stream().filter(s -> s != read && s.rules().contains(QuotientNames.RULE)))
                .singleElement().satisfies(s -> assertThat(s.phase()).isEqualTo(Step.Phase.HESSIAN));
        assertThat(dev.matdiff.expr.TextPrinter.print(d.hessian("x"))).contains("r*eye(n)").doesNotContain("x'*A*x");
        assertThat(d.steps().stream().filter(s -> s.phase() == Step.Phase.SECOND).map(s -> dev.matdiff.expr.TextPrinter.print(s.expr())))
                .allSatisfy(text -> assertThat(text).doesNotContain("r*"));
    }

    /** A character past the BMP in a comment (one code point, two UTF-16 units) leaves the user's names the user's (review s69r). */
    @Test void aNameAfterAnEmojiInACommentIsStillTheUsers() {
        var md = dev.matdiff.MatDiff.parse("# \uD83D\uDE00 the Rayleigh quotient\nsymmetric A(n)\nvector x(n)\nr = x'*A*x/(x'*x)\n");
        assertThat(md.program().namedByUser("r")).isTrue();
        assertThat(dev.matdiff.expr.TextPrinter.print(md.derive("x").gradient("x"))).isEqualTo("2*(A*x - r*x)/(x'*x)");
    }

    /** Term by term, then collected, are before the assumption; the last line alone uses it (trial s69b: applied, undone, applied). */
    @Test void anAssumptionIsUsedOnceAfterTheTermByTermLine() {
        var md = dev.matdiff.MatDiff.parse("matrix W(K, D); matrix X(D, N), Y(K, N) constant; scalar lam constant;"
                + " assume sum(Y, 1) = 1; L = -sum(Y .* log(softmax(W*X))) + lam/2*sqnorm(W)");
        List<Step> trace = md.derive(null, List.of("W")).steps().stream().filter(s -> s.phase() == Step.Phase.TRACE).toList();
        assertThat(trace).hasSize(3);
        assertThat(trace.subList(0, 2)).noneMatch(s -> s.justification().contains("by the assumption"));
        assertThat(trace.get(2).justification()).contains("by the assumption sum(Y, 1) = 1");
    }

    @Test void aLawWithNoNumberComesFirstSoThatItIsNotReadAsOfTheOneBefore() {
        String text = cited(Law.D_SUM, Law.D_QUOTIENT);
        assertThat(text).isEqualTo("d(A/a) = dA/a − A da/a²; Thm 2.1 (1) d(A ± B) = dA ± dB");
    }
}
