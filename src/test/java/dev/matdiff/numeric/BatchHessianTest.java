package dev.matdiff.numeric;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Deriver;
import dev.matdiff.data.ProgramData;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.linalg.Dense;

import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch softmax regression's Hessian reads kron(eye(N), ones(K, K)): (NK)² numbers as an array, which the
 * evaluator keeps as its block. The values agree with the textbook's (1/N) Σᵢ xᵢxᵢᵀ ⊗ (diag pᵢ − pᵢpᵢᵀ).
 */
class BatchHessianTest {

    @Test void theSoftmaxRegressionHessianOfALargeBatchIsTheTextbooks() {
        int k = 3, d = 2, n = 700;  // NK = 2,100: kron(eye(N), ones(K, K)) past the size kept as blocks
        MatDiff m = MatDiff.parse("matrix W(K, d)\nmatrix X(d, N) constant\nmatrix Y(K, N) constant\nassume sum(Y, 1) = 1\n"
                + "L = -sum(Y .* log(softmax(W*X)))/N\n");
        Derivation h = m.derive(null, List.of("W"), Deriver.Options.DEFAULT.withSecondOrder(true, false));
        assertThat(TextPrinter.print(h.hessian("W"))).contains("kron(eye(N), ones(K, K))");
        double[] ones = new double[k * k];
        java.util.Arrays.fill(ones, 1);
        assertThat(dev.matdiff.linalg.LinearMaps.kron(org.apache.commons.math3.linear.MatrixUtils.createRealIdentityMatrix(n), new Dense(k, k, ones)))
                .as("kept as its block at this size").isInstanceOf(dev.matdiff.linalg.BlockDiagonal.class);
        Random r = new Random(5);
        double[] w = new double[k * d], x = new double[d * n], y = new double[k * n];
        for (int i = 0; i < w.length; i++) w[i] = r.nextGaussian();
        for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
        for (int j = 0; j < n; j++) y[(j % k) * n + j] = 1;
        Map<String, RealMatrix> values = Map.of("W", new Dense(k, d, w), "X", new Dense(d, n, x), "Y", new Dense(k, n, y));
        Bindings at = ProgramData.bind(m.program(), List.of(h.hessian("W")), new Data(values, Map.of()));
        RealMatrix hessian = new Evaluator(at).value(h.hessian("W"));
        double[][] expected = new double[k * d][k * d];
        for (int i = 0; i < n; i++) {
            double[] z = new double[k], p = new double[k];
            double total = 0;
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < d; b++) z[a] += w[a * d + b] * x[b * n + i];
                p[a] = Math.exp(z[a]);
                total += p[a];
            }
            for (int a = 0; a < k; a++) p[a] /= total;
            // vec(W) is column-major: entry (a, b) of W at b·K + a
            for (int b1 = 0; b1 < d; b1++) for (int b2 = 0; b2 < d; b2++) for (int a1 = 0; a1 < k; a1++) for (int a2 = 0; a2 < k; a2++)
                expected[b1 * k + a1][b2 * k + a2] += x[b1 * n + i] * x[b2 * n + i] * ((a1 == a2 ? p[a1] : 0) - p[a1] * p[a2]) / n;
        }
        for (int i = 0; i < k * d; i++)
            for (int j = 0; j < k * d; j++) assertThat(hessian.getEntry(i, j)).isCloseTo(expected[i][j], org.assertj.core.api.Assertions.within(1e-12));
    }
}
