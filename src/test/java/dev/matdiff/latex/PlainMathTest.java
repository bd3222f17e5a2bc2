package dev.matdiff.latex;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PlainMathTest {

    static final Set<String> SYMBOLS = Set.of("L", "w", "h2", "z_1", "Sigma");

    static String latex(String plain) { return PlainMath.latex(plain, SYMBOLS); }

    @Test void differentialsOfKnownSymbols() {
        assertThat(latex("dL")).isEqualTo("\\mathrm{d}L");
        assertThat(latex("dh2")).isEqualTo("\\mathrm{d}h_{2}");
        assertThat(latex("dz_1")).isEqualTo("\\mathrm{d}z_{1}");
        assertThat(latex("dSigma")).isEqualTo("\\mathrm{d}\\Sigma");
    }

    @Test void aNameThatOnlyStartsWithDStaysAName() {
        assertThat(latex("dx")).isEqualTo("\\mathit{dx}");
        assertThat(latex("delta")).isEqualTo("\\delta");
    }

    @Test void gradients() {
        assertThat(latex("∇_w L")).isEqualTo("\\nabla_{w} L");
        assertThat(latex("∇_{h2} L")).isEqualTo("\\nabla_{h_{2}} L");
        assertThat(latex("∇_Sigma L")).isEqualTo("\\nabla_{\\Sigma} L");
    }

    @Test void tracesAndScripts() {
        assertThat(latex("Tr(dL)")).isEqualTo("\\operatorname{Tr}(\\mathrm{d}L)");
        assertThat(latex("(∇_w L)ᵀ")).isEqualTo("(\\nabla_{w} L)^{\\top}");
        assertThat(latex("Sigma⁻¹")).isEqualTo("\\Sigma^{-1}");
    }

    @Test void aCommandDoesNotRunIntoTheLetterAfterIt() {
        assertThat(latex("lambda w")).isEqualTo("\\lambda w");
        assertThat(latex("∇ L")).isEqualTo("\\nabla L");
    }
}
