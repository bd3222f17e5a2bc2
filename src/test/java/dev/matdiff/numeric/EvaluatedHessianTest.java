package dev.matdiff.numeric;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Deriver;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** CLI.md: eval's Hessian is symmetric. Its formula computes H(i, j) and H(j, i) along two paths, a rounding apart (trial s76b). */
class EvaluatedHessianTest {

    static final MatDiff LOGISTIC = MatDiff.parse("matrix X(m, n); vector w(n), y(m); scalar lam\n"
            + "p = sigmoid(X*w)\nL = -(y'*log(p) + (ones(m) - y)'*log(ones(m) - p)) + lam/2*sqnorm(w)\n");

    @Test
    void a_hessian_is_exactly_symmetric_and_what_its_formula_gives() {
        Derivation d = LOGISTIC.derive(null, List.of("w", "X"), Deriver.Options.DEFAULT.withSecondOrder(true, false));
        Random random = new Random(7);
        for (int trial = 0; trial < 5; trial++) {
            Map<String, RealMatrix> values = Map.of("X", randomMatrix(random, 7, 5), "w", randomMatrix(random, 5, 1),
                    "y", randomMatrix(random, 7, 1), "lam", MatrixUtils.createRealMatrix(new double[][] {{0.3}}));
            MatDiff.Evaluation e = LOGISTIC.evaluate(d, values);
            for (String x : List.of("w", "X")) {
                RealMatrix h = e.hessians().get(x);
                RealMatrix formula = new Evaluator(Bindings.bind(LOGISTIC.program().variables().values(), values)).value(d.hessian(x));
                for (int i = 0; i < h.getRowDimension(); i++)
                    for (int j = 0; j < h.getColumnDimension(); j++) {
                        assertThat(h.getEntry(i, j)).as("%s (%d, %d)", x, i, j).isEqualTo(h.getEntry(j, i));
                        assertThat(h.getEntry(i, j)).isCloseTo(formula.getEntry(i, j), within(1e-14 * (1 + Math.abs(formula.getEntry(i, j)))));
                    }
            }
        }
    }

    /** Only a rounding apart is averaged: a formula whose mirrored entries differ is not hidden (review s76r). */
    @Test
    void entriesFurtherApartThanRoundingAreLeftAsTheyAre() {
        RealMatrix wrong = MatrixUtils.createRealMatrix(new double[][] {{1, 2}, {3, 4}});
        RealMatrix nearly = MatrixUtils.createRealMatrix(new double[][] {{1, 2}, {2 + 1e-15, 4}});
        assertThat(dev.matdiff.linalg.Triangles.averagedIfNearlySymmetric(wrong, Bindings.SYMMETRY_TOLERANCE)).isNull();
        RealMatrix averaged = dev.matdiff.linalg.Triangles.averagedIfNearlySymmetric(nearly, Bindings.SYMMETRY_TOLERANCE);
        assertThat(averaged.getEntry(0, 1)).isEqualTo(averaged.getEntry(1, 0)).isCloseTo(2, within(1e-15));
    }

    private static RealMatrix randomMatrix(Random random, int rows, int cols) {
        double[][] a = new double[rows][cols];
        for (double[] row : a) for (int j = 0; j < cols; j++) row[j] = random.nextDouble() * 2 - 1;
        return MatrixUtils.createRealMatrix(a);
    }
}
