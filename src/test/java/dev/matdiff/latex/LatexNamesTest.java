package dev.matdiff.latex;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.matdiff.latex.LatexNames.latex;
import static org.assertj.core.api.Assertions.assertThat;

class LatexNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "X        | X",
            "w        | w",
            "lambda   | \\lambda",
            "Sigma    | \\Sigma",
            "mu       | \\mu",
            "sigma    | \\sigma",
            "varepsilon | \\varepsilon",
            "σ        | \\sigma",
            "Σ        | \\Sigma",
            "Α        | \\mathrm{A}",
    })
    void greek(String name, String expected) {
        assertThat(latex(name)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "W1       | W_{1}",
            "h12      | h_{12}",
            "sigma1   | \\sigma_{1}",
            "σ2       | \\sigma_{2}",
            "h_2      | h_{2}",
            "x_i      | x_{i}",
            "x_i_j    | x_{i,j}",
            "x_ij     | x_{\\mathrm{ij}}",
            "x_train  | x_{\\mathrm{train}}",
            "W_out1   | W_{\\mathrm{out1}}",
            "x_mu     | x_{\\mu}",
            "W1_2     | W_{1,2}",
            "V_W1     | V_{W_{1}}",
            "V_sigma2 | V_{\\sigma_{2}}",
    })
    void subscripts(String name, String expected) {
        assertThat(latex(name)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "x_hat    | \\hat{x}",
            "y_bar    | \\bar{y}",
            "W_tilde  | \\tilde{W}",
            "x1_hat   | \\hat{x}_{1}",
            "mu_hat   | \\hat{\\mu}",
            "x_hat_i  | \\hat{x}_{i}",
    })
    void accents(String name, String expected) {
        assertThat(latex(name)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "loss     | \\mathit{loss}",
            "Wx       | \\mathit{Wx}",
            "x2y      | \\mathit{x2y}",
            "loss_2   | \\mathit{loss}_{2}",
            "_x       | \\mathit{\\_x}",
            // a trailing underscore is written: x_ and x are two names
            "x_       | x\\_",
            "W1_      | W\\__{1}",
    })
    void wordsAndOddities(String name, String expected) {
        assertThat(latex(name)).isEqualTo(expected);
    }

    @Test void specialCharactersAreEscaped() {
        assertThat(latex("a$b")).isEqualTo("\\mathit{a\\$b}");
        assertThat(latex("%")).isEqualTo("\\%");
    }
}
