package dev.matdiff.numeric;

import dev.matdiff.data.DataReader;
import dev.matdiff.expr.Expr;
import dev.matdiff.source.MatDiffException;

import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.matdiff.testing.Fixtures.col;
import static dev.matdiff.testing.Fixtures.m;
import static dev.matdiff.testing.Fixtures.matrix;
import static dev.matdiff.testing.Fixtures.scalarVar;
import static dev.matdiff.testing.Fixtures.symmetric;
import static dev.matdiff.testing.Fixtures.values;
import static dev.matdiff.testing.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BindingsTest {

    static final Expr.Var X = matrix("X", "m", "n"), W = vector("w", "n"), Y = vector("y", "m"), A = scalarVar("a");
    static final List<Expr.Var> VARS = List.of(X, W, Y, A);
    static final RealMatrix X_DATA = m(new double[] {1, 2}, new double[] {3, 4}, new double[] {5, 6});

    @Test void binds_values_and_dimension_symbols() {
        Bindings b = Bindings.bind(VARS, values("X", X_DATA, "w", col(1, 2), "y", col(1, 2, 3), "a", 0.5));
        assertThat(b.dimSizes()).containsExactly(Map.entry("m", 3), Map.entry("n", 2));
        // in the evaluator's layout, copied once (a Commons Math matrix-vector product was half dgemv's speed); a Dense is kept
        assertThat(b.values().get("X")).isInstanceOf(dev.matdiff.linalg.Dense.class).isEqualTo(X_DATA);
        RealMatrix dense = b.values().get("X");
        assertThat(Bindings.bind(VARS, values("X", dense, "w", col(1, 2), "y", col(1, 2, 3), "a", 0.5)).values().get("X")).isSameAs(dense);
        assertThat(b.size(X.shape().rows())).isEqualTo(3);
    }

    @Test void fixed_and_derived_dimensions_are_checked() {
        Expr.Var k = matrix("K", 2, "n");
        Bindings b = Bindings.bind(List.of(k), values("K", m(new double[] {1, 2, 3}, new double[] {4, 5, 6})));
        assertThat(b.dimSizes()).containsExactly(Map.entry("n", 3));
    }

    @Test void a_missing_value() {
        assertThatThrownBy(() -> Bindings.bind(VARS, values("X", X_DATA, "w", col(1, 2), "a", 0.5)))
                .isInstanceOf(NumericException.class).hasMessage("no value for 'y' in the data");
    }

    /** A misspelt key leaves a value missing: the message names the key that may have been meant. */
    @Test void a_missing_value_names_the_undeclared_key_that_may_be_it() {
        assertThatThrownBy(() -> Bindings.bind(VARS, values("X", X_DATA, "w", col(1, 2), "a", 0.5, "Y", col(1, 2, 3))))
                .hasMessage("no value for 'y' in the data (it has one for 'Y', which the program does not declare)");
    }

    @Test void a_value_the_program_does_not_declare_points_at_it() {
        String json = "{\"X\": [[1, 2], [3, 4], [5, 6]], \"w\": [1, 2], \"y\": [1, 2, 3], \"a\": 1,\n \"z\": [1]}";
        assertThatThrownBy(() -> Bindings.bind(VARS, DataReader.read(json)))
                .isInstanceOf(NumericException.class)
                .hasMessage("the data has a value for 'z', which the program does not declare")
                .extracting(e -> ((MatDiffException) e).pos().line()).isEqualTo(2);
    }

    @Test void a_value_of_the_wrong_shape() {
        assertThatThrownBy(() -> Bindings.bind(List.of(matrix("K", 2, 2)), values("K", X_DATA)))
                .hasMessage("K is declared 2×2 but the data has 3×2");
        assertThatThrownBy(() -> Bindings.bind(List.of(W), values("w", X_DATA)))
                .hasMessage("w is declared a vector of shape n×1 (a flat list) but the data has 3×2");
        assertThatThrownBy(() -> Bindings.bind(List.of(A), values("a", col(1, 2))))
                .hasMessage("a is declared a scalar but the data has 2×1");
        assertThatThrownBy(() -> Bindings.bind(List.of(symmetric("S", "n")), values("S", X_DATA)))
                .hasMessage("S is declared symmetric of shape n×n but the data has 3×2");
    }

    @Test void a_dimension_bound_two_ways_names_both_values() {
        String json = "{\"X\": [[1, 2], [3, 4], [5, 6]],\n \"w\": [1, 2],\n \"y\": [1, 2, 3, 4], \"a\": 1}";
        assertThatThrownBy(() -> Bindings.bind(VARS, DataReader.read(json)))
                .isInstanceOf(NumericException.class)
                .hasMessage("dimension m is 3 from X but 4 from y")
                .extracting(e -> ((MatDiffException) e).pos().line()).isEqualTo(3);
    }

    /** A flat list for a matrix is a column, which the messages it leads to say (trial s80a: they did not). */
    @Test void a_matrix_given_as_a_flat_list_is_said_to_be_a_column() {
        assertThatThrownBy(() -> Bindings.bind(List.of(matrix("r", 1, "n")), DataReader.read("{\"r\": [1, 2]}")))
                .hasMessage("r is declared 1×n but the data has 2×1 (a flat list is a column: a matrix is a list of rows, [[1, 2], [3, 4]], a row [[1, 2]])");
        assertThatThrownBy(() -> Bindings.bind(VARS, DataReader.read("{\"X\": [1, 2], \"w\": [1, 1], \"y\": [1, 2], \"a\": 1}")))
                .hasMessage("dimension n is 1 from X but 2 from w; X was given as a column (a flat list is a column: a matrix is a list of rows,"
                        + " [[1, 2], [3, 4]], a row [[1, 2]])");
        // not where the size in conflict is the column's rows, which its being a column does not set (review s80r)
        assertThatThrownBy(() -> Bindings.bind(VARS, DataReader.read("{\"X\": [1, 2, 3], \"w\": [1], \"y\": [1, 2], \"a\": 1}")))
                .hasMessage("dimension m is 3 from X but 2 from y");
    }

    @Test void non_finite_entries() {
        assertThatThrownBy(() -> Bindings.bind(List.of(W), values("w", col(1, Double.NaN))))
                .hasMessage("the value of 'w' has NaN at entry (2, 1)");
        assertThatThrownBy(() -> Bindings.bind(List.of(A), values("a", Double.NEGATIVE_INFINITY)))
                .hasMessage("the value of 'a' has -Infinity at entry (1, 1)");
    }

    @Test void a_symmetric_variable_needs_symmetric_data() {
        Expr.Var s = symmetric("S", "n");
        assertThatThrownBy(() -> Bindings.bind(List.of(s), values("S", m(new double[] {1, 2}, new double[] {2.5, 1}))))
                .hasMessage("S is declared symmetric but its data is not: entry (1, 2) is 2 and entry (2, 1) is 2.5");
    }

    @Test void symmetric_data_off_by_rounding_is_made_exactly_symmetric() {
        Expr.Var s = symmetric("S", "n");
        double a = 0.1 + 0.2, b = 0.3;
        Bindings bound = Bindings.bind(List.of(s), values("S", m(new double[] {1, a}, new double[] {b, 1})));
        RealMatrix v = bound.values().get("S");
        assertThat(v.getEntry(0, 1)).isEqualTo(v.getEntry(1, 0));
    }

    @Test void with_replaces_one_value_and_keeps_the_sizes() {
        Bindings b = Bindings.bind(VARS, values("X", X_DATA, "w", col(1, 2), "y", col(1, 2, 3), "a", 0.5));
        Bindings c = b.with("w", col(3, 4));
        assertThat(c.values().get("w")).isEqualTo(col(3, 4));
        assertThat(b.values().get("w")).isEqualTo(col(1, 2));
        assertThat(c.dimSizes()).isEqualTo(b.dimSizes());
    }
}
