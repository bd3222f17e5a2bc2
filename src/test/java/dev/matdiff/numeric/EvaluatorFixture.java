package dev.matdiff.numeric;

import dev.matdiff.shapes.Program;

import org.apache.commons.math3.linear.RealMatrix;

import static dev.matdiff.testing.Fixtures.col;
import static dev.matdiff.testing.Fixtures.m;
import static dev.matdiff.testing.Fixtures.program;
import static dev.matdiff.testing.Fixtures.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The values the Evaluator tests evaluate at, and the assertions on what comes out, shared by
 * EvaluatorValuesTest and EvaluatorErrorsTest (and assertColumn by EvaluatorSharingTest).
 */
final class EvaluatorFixture {
    private EvaluatorFixture() {}

    static final String DECLS = "matrix A(2,2), B(2,2), S(2,3)\nvector x(3), y(3), v(2)\nscalar a, b\n";
    static final RealMatrix A = m(new double[] {1, 2}, new double[] {3, 4});
    static final RealMatrix B = m(new double[] {0, 1}, new double[] {1, 0});
    static final RealMatrix S = m(new double[] {1, -2, 3}, new double[] {-4, 5, -6});

    /** Evaluates {@code f = expr} with A, B, S, x = (1, 2, 3), y = (0.5, -1, 2), v = (1, -1), a = 2, b = 0. */
    static RealMatrix eval(String expr) {
        Program p = program(DECLS + "f = " + expr);
        Bindings bindings = Bindings.bind(p.variables().values(), values("A", A, "B", B, "S", S,
                "x", col(1, 2, 3), "y", col(0.5, -1, 2), "v", col(1, -1), "a", 2.0, "b", 0.0));
        return new Evaluator(bindings).value(p.objective(null));
    }

    static double scalar(String expr) {
        RealMatrix v = eval(expr);
        assertThat(v.getRowDimension()).isEqualTo(1);
        assertThat(v.getColumnDimension()).isEqualTo(1);
        return v.getEntry(0, 0);
    }

    static void assertMatrix(RealMatrix actual, double[]... expected) {
        assertThat(actual.getRowDimension()).isEqualTo(expected.length);
        assertThat(actual.getColumnDimension()).isEqualTo(expected[0].length);
        for (int i = 0; i < expected.length; i++)
            for (int j = 0; j < expected[i].length; j++)
                assertThat(actual.getEntry(i, j)).as("entry (%d, %d)", i + 1, j + 1).isCloseTo(expected[i][j], within(1e-12));
    }

    static void assertColumn(RealMatrix actual, double... expected) {
        double[][] rows = new double[expected.length][];
        for (int i = 0; i < expected.length; i++) rows[i] = new double[] {expected[i]};
        assertMatrix(actual, rows);
    }

    static void assertFails(String expr, String message) {
        assertThatThrownBy(() -> eval(expr)).isInstanceOf(NumericException.class).hasMessage(message);
    }
}
