package dev.matdiff.shapes;

import dev.matdiff.MatDiff;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a program differentiates with respect to when nobody says. */
class ProgramTest {

    /** The objective reads W2 first (W2*tanh(W1*x + b1) + b2), yet the gradients come as declared. */
    @Test
    void theDefaultVariablesComeInDeclarationOrder() {
        Program p = MatDiff.parse("matrix W1(h, n), W2(k, h)\nvector b1(h), b2(k)\nvector x(n) constant\nvector y(k) constant\n"
                + "z = tanh(W1*x + b1)\no = W2*z + b2\nL = -y'*log(softmax(o))\n").program();
        assertThat(p.defaultWrt(null)).containsExactly("W1", "W2", "b1", "b2");
    }

    /** Sums nested on the left are typed as one chain (Lowering): each minus stays with its term, wherever it stands. */
    @Test
    void aSumNestedOnItsLeftKeepsEveryMinus() {
        // ((a - b) - c) + (d - a) - ((b - c) - d) is 2d - 2b
        var d = MatDiff.parse("scalar a, b, c, d\nL = ((a - b) - c) + (d - a) - ((b - c) - d)\n").derive(null, java.util.List.of("a", "b", "c", "d"));
        assertThat(java.util.stream.Stream.of("a", "b", "c", "d").map(v -> dev.matdiff.expr.TextPrinter.print(d.gradient(v))))
                .containsExactly("0", "-2", "0", "2");
    }

    @Test
    void aDeclaredSymbolTheObjectiveDoesNotUseIsNotAVariableOfIt() {
        Program p = MatDiff.parse("vector u(n), x(n), w(n)\nscalar c constant\nL = c*w'*x\n").program();
        assertThat(p.defaultWrt(null)).containsExactly("x", "w");
    }

    /** A scalar that is also a size is the size's number, which the data fix: not a variable by default (trial s72a). */
    @Test
    void aScalarThatIsASizeIsNotAVariableByDefault() {
        Program p = MatDiff.parse("matrix X(D, N) constant\nscalar N\nvector w(D)\nL = sum(softplus(X'*w))/N\n").program();
        assertThat(p.defaultWrt(null)).containsExactly("w");
    }
}
