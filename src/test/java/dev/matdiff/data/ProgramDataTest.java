package dev.matdiff.data;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.numeric.Data;
import dev.matdiff.numeric.NumericException;

import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.matdiff.testing.Fixtures.col;
import static dev.matdiff.testing.Fixtures.m;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Issue 15, items 6 and 6b: data bound to a program's symbols. */
class ProgramDataTest {

    static final String KRON = "matrix X(m, n), A(n, p); matrix Q\nL = sum(Q .* kron(A', eye(m)))\n";

    /** Q's size m*p × m*n is known only once m is: from X, which L does not use. */
    @Test
    void everyDimensionIsBoundFromAllOfTheData() {
        MatDiff md = MatDiff.parse(KRON);
        Derivation d = md.derive(null, List.of("Q", "A"));
        double[][] q = new double[8][12];
        for (double[] row : q) java.util.Arrays.fill(row, 0.5);
        Map<String, RealMatrix> values = Map.of("X", m(new double[4][3]), "A", m(new double[][] {{1, 2}, {1, 2}, {1, 2}}), "Q", m(q));
        MatDiff.Evaluation e = md.evaluate(d, values);
        // kron(A', I4) has 4·(3 + 6) = 36 ones-and-twos weighted by 0.5
        assertThat(e.value()).isEqualTo(0.5 * 4 * (3 + 6));
        assertThat(e.gradients().get("Q").getEntry(4, 0)).isEqualTo(2);
        // a wrong size is still caught, now with the size the unused X gives m
        values = Map.of("X", m(new double[5][3]), "A", m(new double[][] {{1, 2}, {1, 2}, {1, 2}}), "Q", m(q));
        Map<String, RealMatrix> wrong = values;
        assertThatThrownBy(() -> md.evaluate(d, wrong)).isInstanceOf(NumericException.class)
                .hasMessage("Q is declared m*p×m*n, 10×15 at these sizes, but the data has 8×12");
    }

    /**
     * A composite size (2*n, p*m, p - r + 1) takes its symbols from the sizes the data names, and a symbol only it
     * holds is solved for from the value's shape; one the shape cannot settle (6 = m*p) is asked for by name.
     */
    @Test
    void aCompositeSizeIsBoundFromNamedSizesOrSolvedFor() {
        MatDiff twice = MatDiff.parse("vector v(2*n)\nf = sum(v)\n");
        Derivation d = twice.derive("v");
        assertThat(twice.evaluate(d, Map.of("v", col(1, 2, 3, 4), "n", m(new double[][] {{2}}))).value()).isEqualTo(10);
        assertThat(twice.evaluate(d, Map.of("v", col(1, 2, 3, 4))).value()).isEqualTo(10);
        assertThatThrownBy(() -> twice.evaluate(d, Map.of("v", col(1, 2, 3, 4), "n", m(new double[][] {{3}}))))
                .hasMessage("v is declared a vector of shape 2*n×1 (a flat list), 6×1 at these sizes, but the data has 4×1");
        assertThatThrownBy(() -> twice.evaluate(d, Map.of("v", col(1, 2, 3)))).hasMessage("v is declared a vector of shape 2*n×1 (a flat list) but the data has 3×1, which no whole size n gives");

        MatDiff product = MatDiff.parse("vector a(p*m)\nf = sum(a)\n");
        Derivation dp = product.derive("a");
        assertThat(product.evaluate(dp, Map.of("a", col(1, 2, 3, 4, 5, 6), "p", m(new double[][] {{2}}), "m", m(new double[][] {{3}}))).value())
                .isEqualTo(21);
        assertThat(product.evaluate(dp, Map.of("a", col(1, 2, 3, 4, 5, 6), "p", m(new double[][] {{2}}))).value()).isEqualTo(21);
        assertThatThrownBy(() -> product.evaluate(dp, Map.of("a", col(1, 2, 3, 4, 5, 6))))
                .hasMessageContaining("does not tell m and p apart: give them by name");

        // n² − 5n + 8 = 2 at n = 2 and at n = 3: for the data to say
        MatDiff two = MatDiff.parse("vector v(n*n - 5*n + 8)\nf = sum(v)*sum(ones(n))\n");
        Derivation d2 = two.derive("v");
        assertThatThrownBy(() -> two.evaluate(d2, Map.of("v", col(1, 2)))).hasMessageContaining("fits more than one size n: give it by name");
        assertThat(two.evaluate(d2, Map.of("v", col(1, 2), "n", m(new double[][] {{3}}))).value()).isEqualTo(9);

        // p - r + 1 = 3 with r = 2 from K: p = 4; n*n = 9: n = 3
        MatDiff valid = MatDiff.parse("matrix G(p - r + 1, q), K(r, s)\nvector w(n*n)\nf = sum(G)*sum(K)*sum(w)*sum(ones(p))*sum(ones(n))\n");
        Derivation dv = valid.derive("K");
        double v = valid.evaluate(dv, Map.of("G", m(new double[][] {{1, 1}, {1, 1}, {1, 1}}), "K", m(new double[][] {{1, 0}, {0, 1}}),
                "w", col(1, 1, 1, 1, 1, 1, 1, 1, 1))).value();
        assertThat(v).isEqualTo(6 * 2 * 9 * 4 * 3);
    }

    /** A size no value's shape tells (k in ones(k)) may be given by name; a size the shapes tell must agree with it. */
    @Test
    void aSizeMayBeGivenByName() {
        MatDiff md = MatDiff.parse("vector x(n)\nf = sum(x)*sum(ones(k))\n");
        Derivation d = md.derive("x");
        MatDiff.Evaluation e = md.evaluate(d, Map.of("x", col(1, 2), "k", m(new double[][] {{3}})));
        assertThat(e.value()).isEqualTo(9);
        assertThat(e.gradients().get("x").getColumn(0)).containsExactly(3, 3);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> md.evaluate(d, Map.of("x", col(1, 2), "n", m(new double[][] {{3}}), "k", m(new double[][] {{3}}))))
                .hasMessageContaining("the data gives n = 3, but the values' shapes make it 2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> md.evaluate(d, Map.of("x", col(1, 2), "k", m(new double[][] {{2.5}}))))
                .hasMessageContaining("the size k must be a positive whole number");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> md.evaluate(d, Map.of("x", col(1, 2))))
                .hasMessageContaining("the size k is not known from the data (give it there by name: \"k\": 3)");
    }

    /**
     * A scalar named as a dimension (scalar N beside X(D, N)) is that size: the data may leave it out; a value it gives
     * must agree with the shapes (a trial's N = 5 divided a sum over 3 columns) and gives the size no shape gives.
     */
    @Test
    void aScalarNamedAsADimensionIsThatSize() {
        MatDiff md = MatDiff.parse("matrix X(D, N)\nscalar N constant\nf = sum(X)/N\n");
        Derivation d = md.derive("X");
        RealMatrix x = m(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertThat(md.evaluate(d, Map.of("X", x)).value()).isEqualTo(7);
        assertThat(md.evaluate(d, Map.of("X", x, "N", m(new double[][] {{3}}))).value()).isEqualTo(7);
        assertThatThrownBy(() -> md.evaluate(d, Map.of("X", x, "N", m(new double[][] {{5}}))))
                .hasMessageContaining("the data gives N = 5, but the values' shapes make it 3");
        assertThatThrownBy(() -> md.evaluate(d, Map.of("X", x, "N", m(new double[][] {{2.5}}))))
                .hasMessageContaining("the scalar N is also the size N, so it must be a positive whole number");
        MatDiff ones = MatDiff.parse("scalar N constant\nvector x(n)\nf = sum(x)*N*sum(ones(N))\n");
        assertThat(ones.evaluate(ones.derive("x"), Map.of("x", col(1, 2), "N", m(new double[][] {{4}}))).value()).isEqualTo(3 * 4 * 4);
        assertThatThrownBy(() -> MatDiff.parse("scalar N constant\nvector x(n)\nf = sum(x)*N*sum(ones(N))\n").evaluate(
                MatDiff.parse("scalar N constant\nvector x(n)\nf = sum(x)*N*sum(ones(N))\n").derive("x"), Map.of("x", col(1, 2))))
                .hasMessageContaining("no value for 'N' in the data, and no value's shape gives the size N either");
    }

    /** An intermediate asked for as a variable is computed from its definition, whose symbols the data gives. */
    @Test
    void theGradientThatReachesAnIntermediate() {
        MatDiff md = MatDiff.parse("matrix W1(k, n), W2(c, k)\nvector x(n), b1(k), b2(c)\nvector y(c) constant\n"
                + "h1 = W1*x + b1\nz1 = sigmoid(h1)\nh2 = W2*z1 + b2\nL = -y'*log(softmax(h2))\n");
        Derivation d = md.derive(null, List.of("h2"));
        RealMatrix w1 = m(new double[][] {{0.1, 0.2}, {0.3, -0.1}, {0.2, 0.2}}), w2 = m(new double[][] {{0.5, -0.2, 0.1}, {0.3, 0.3, -0.4}});
        RealMatrix x = col(1, 2), b1 = col(0.1, 0.1, 0.1), b2 = col(0, 0.2), y = col(0, 1);
        MatDiff.Evaluation e = md.evaluate(d, Map.of("W1", w1, "W2", w2, "x", x, "b1", b1, "b2", b2, "y", y));
        // by hand: h2 = W2 σ(W1 x + b1) + b2, and ∇h2 L = softmax(h2)·sum(y) − y
        double[] h1 = w1.operate(x.getColumn(0));
        for (int i = 0; i < 3; i++) h1[i] = 1 / (1 + Math.exp(-(h1[i] + 0.1)));
        double[] h2 = w2.operate(h1);
        h2[1] += 0.2;
        double s = Math.exp(h2[0]) + Math.exp(h2[1]);
        assertThat(e.gradients().get("h2").getEntry(0, 0)).isCloseTo(Math.exp(h2[0]) / s, within(1e-12));
        assertThat(e.gradients().get("h2").getEntry(1, 0)).isCloseTo(Math.exp(h2[1]) / s - 1, within(1e-12));
        assertThat(e.value()).isCloseTo(-Math.log(Math.exp(h2[1]) / s), within(1e-12));
        // the symbols its definition reads must be in the data
        assertThatThrownBy(() -> md.evaluate(d, Map.of("W1", w1, "x", x, "b1", b1, "b2", b2, "y", y)))
                .hasMessage("no value for 'W2' in the data");
        // and the intermediate itself may not be
        assertThatThrownBy(() -> ProgramData.bind(md.program(), d.objectiveAndGradients(),
                new Data(Map.of("W1", w1, "W2", w2, "x", x, "b1", b1, "b2", b2, "y", y, "h2", col(1, 2)), Map.of())))
                .hasMessageStartingWith("the data has a value for 'h2', which the program defines");
    }
}
