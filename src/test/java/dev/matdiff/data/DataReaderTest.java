package dev.matdiff.data;

import dev.matdiff.numeric.Data;
import dev.matdiff.numeric.NumericException;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;
import dev.matdiff.source.Source;

import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static dev.matdiff.testing.Fixtures.col;
import static dev.matdiff.testing.Fixtures.m;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataReaderTest {

    @Test void reads_matrices_vectors_and_scalars_in_file_order() {
        Data d = DataReader.read("{\"X\": [[1, 2], [3, 4]],\n \"w\": [1, 2.5e1],\n \"a\": 0.5,\n \"v\": [[1], [-2]], \"n\": 12}");
        assertThat(d.values().keySet()).containsExactly("X", "w", "a", "v", "n");
        assertThat(d.values().get("X")).isEqualTo(m(new double[] {1, 2}, new double[] {3, 4}));
        assertThat(d.values().get("w")).isEqualTo(col(1, 25));
        assertThat(d.values().get("a")).isEqualTo(m(new double[] {0.5}));
        assertThat(d.values().get("v")).isEqualTo(col(1, -2));
        assertThat(d.values().get("n")).isEqualTo(m(new double[] {12}));
    }

    @Test void remembers_where_each_value_starts() {
        String json = "{\"X\": [[1, 2], [3, 4]],\n \"w\": [1, 2],\n   \"a\": 0.5,\n \"n\": 12, \"k\": -3}";
        Data d = DataReader.read(json);
        assertThat(d.position("X")).isEqualTo(at(json, 1, 6));
        assertThat(d.position("w")).isEqualTo(at(json, 2, 6));
        assertThat(d.position("a")).isEqualTo(at(json, 3, 8));
        assertThat(d.position("n")).isEqualTo(at(json, 4, 6));
        assertThat(d.position("k")).isEqualTo(at(json, 4, 15));
        assertThat(d.position("missing")).isEqualTo(Pos.NONE);
    }

    @Test void large_matrices_are_read_whole() {
        StringBuilder sb = new StringBuilder("{\"X\": [");
        for (int i = 0; i < 100; i++) {
            sb.append(i == 0 ? "\n[" : ",\n[");
            for (int j = 0; j < 100; j++) sb.append(j == 0 ? "" : ", ").append(i * 100 + j);
            sb.append(']');
        }
        sb.append("],\n\"y\": 1}");
        Data d = DataReader.read(sb.toString());
        assertThat(d.values().get("X").getEntry(99, 98)).isEqualTo(9998);
        assertThat(d.position("y").line()).isEqualTo(102);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"X": [1, 2,, 3]}                | malformed JSON                                                              | 1 | 12
            {"X": [1 2]}                     | malformed JSON: unterminated array                                          | 1 | 9
            {"a" 1}                          | malformed JSON: expected ':'                                                | 1 | 5
            {'X': [1]}                       | malformed JSON (JSON writes names in double quotes: "X", not 'X')        | 1 | 1
            {"X": NaN}                       | NaN is not a value matdiff can use: the data must be finite numbers          | 1 | 6
            {"X": 1e999}                     | 'X' has a number that is not finite in double precision: 1e999              | 1 | 6
            {"X": []}                        | the value of 'X' is an empty list                                           | 1 | 6
            {"X": [[]]}                      | row 1 of 'X' is empty                                                       | 1 | 7
            {"X": [1, "2"]}                  | 'X' must hold numbers, but found a string                                   | 1 | 10
            {"X": [1, [2]]}                  | 'X' must hold numbers, but found a list (a matrix is a list of rows of numbers) | 1 | 10
            {"X": [[1], 2]}                  | row 2 of 'X' must be a list of numbers, not a number                        | 1 | 12
            {"X": [[[1]]]}                   | 'X' must hold numbers in row 1, but found a list (a matrix is a list of rows of numbers) | 1 | 8
            {"X": true}                      | the value of 'X' must be a number or a list, not a boolean                  | 1 | 6
            {"X": null}                      | the value of 'X' must be a number or a list, not null                       | 1 | 6
            {"X": {"a": 1}}                  | the value of 'X' must be a number or a list, not an object                  | 1 | 6
            `[1, 2]`                         | the data must be a JSON object that maps names to values, such as {"X": [[1, 2], [3, 4]], "w": [1, 2], "a": 0.5} | 1 | 0
            `"X"`                            | the data must be a JSON object that maps names to values, such as {"X": [[1, 2], [3, 4]], "w": [1, 2], "a": 0.5} | 1 | 0
            {"X": 1} x                       | unexpected text after the data object                                      | 1 | 9
            {"X": [1, 2]                     | the data ends before this '{' is closed                                     | 1 | 0
            {"X": [1, 2                      | the data ends before this '[' is closed                                     | 1 | 6
            `{"X]": [1, 2]`                  | the data ends before this '{' is closed                                     | 1 | 0
            `{"X": [1, 2],}`                 | this comma has nothing after it before the '}': JSON has no trailing commas | 1 | 12
            `{"X": [1, 2 ,]}`                | this comma has nothing after it before the ']': JSON has no trailing commas | 1 | 12
            `{"X": [[1, 2], [3, 4],]}`       | this comma has nothing after it before the ']': JSON has no trailing commas | 1 | 21
            `{"X": [1, 2],\n}`               | this comma has nothing after it before the '}': JSON has no trailing commas | 1 | 12
            `{"X": [\n  1,\n  2,\n ]\n}`      | this comma has nothing after it before the ']': JSON has no trailing commas | 3 | 3
            `{"😀😀": 1, "X": [1, 2,]}`        | this comma has nothing after it before the ']': JSON has no trailing commas | 1 | 20
            `{"X": "ab`                      | this string is never closed (the data ends inside it)                       | 1 | 6
            `{"X": [1, "2`                   | this string is never closed (the data ends inside it)                       | 1 | 10
            `{"X": [[1], "2`                 | this string is never closed (the data ends inside it)                       | 1 | 12
            `{"X": [1], "Y`                  | this string is never closed (the data ends inside it)                       | 1 | 11
            `{"X": "a\\"b`                   | this string is never closed (the data ends inside it)                       | 1 | 6
            """)
    void each_problem_is_pinned_with_its_position(String json, String message, int line, int column) {
        assertThatThrownBy(() -> DataReader.read(json))
                .isInstanceOf(NumericException.class)
                .hasMessage(message)
                .extracting(e -> ((MatDiffException) e).pos())
                .isEqualTo(at(json, line, column));
    }

    /**
     * Gson calls an integer of 66 to 1,023 digits malformed (and a long integer part before a fraction): such numbers are
     * read as the JDK reads them, beside short ones, while digits in a string stay a string; one past the largest double
     * is said so at its own start, with its own digits (hostile trial: "malformed JSON").
     */
    @Test void long_integers_are_numbers() {
        String big = "1" + "0".repeat(69), fraction = "1" + "0".repeat(80) + ".5";
        RealMatrix v = DataReader.read("{\"x\": [" + big + ", 2, " + fraction + ", -" + "7".repeat(300) + "]}").values().get("x");
        assertThat(v.getColumn(0)).containsExactly(1e69, 2, Double.parseDouble(fraction), -Double.parseDouble("7".repeat(300)));
        assertThatThrownBy(() -> DataReader.read("{\"x\": [1, \"" + big + "\"]}")).hasMessage("'x' must hold numbers, but found a string");
        // a literal of the data is never taken for a long one (review: a marker such as 0e-9999999990 could be written)
        RealMatrix beside = DataReader.read("{\"x\": [" + big + ", 0e-9999999990, 3]}").values().get("x");
        assertThat(beside.getColumn(0)).containsExactly(1e69, 0, 3);
        String huge = "{\"x\": [2, " + "1".repeat(400) + "]}";
        assertThatThrownBy(() -> DataReader.read(huge)).hasMessageStartingWith("'x' has a number that is not finite in double precision: 1111")
                .extracting(e -> ((MatDiffException) e).pos().column()).isEqualTo(10);
    }

    /** Gson calls a number past its 1,024-character buffer malformed; it is said to be too long, at its start. */
    @Test void a_number_too_long_to_read_is_said_to_be() {
        String json = "{\"w\": [1, 0." + "1".repeat(5000) + "]}";
        assertThatThrownBy(() -> DataReader.read(json)).isInstanceOf(NumericException.class)
                .hasMessage("a number written with 5002 characters: the data may write one with at most 1023; round it");
        // the first value of a name: Gson's position is the ':' before it (it was "malformed JSON" there)
        String first = "{\"a\":" + "1".repeat(1024) + "}";
        assertThatThrownBy(() -> DataReader.read(first)).isInstanceOf(NumericException.class)
                .hasMessage("a number written with 1024 characters: the data may write one with at most 1023; round it")
                .extracting(e -> ((MatDiffException) e).pos().column()).isEqualTo(5);
        double v = DataReader.read("{\"w\": [0." + "1".repeat(1000) + "]}").values().get("w").getEntry(0, 0);
        org.assertj.core.api.Assertions.assertThat(v).isEqualTo(1 / 9.0, org.assertj.core.api.Assertions.within(1e-15));
    }

    @Test void ragged_rows_point_at_the_short_row() {
        String json = "{\"X\": [[1, 2],\n       [3]]}";
        assertThatThrownBy(() -> DataReader.read(json))
                .hasMessage("row 2 of 'X' has 1 entry, but row 1 has 2")
                .extracting(e -> ((MatDiffException) e).pos()).isEqualTo(at(json, 2, 7));
    }

    @Test void a_duplicate_name_points_at_the_second_one() {
        String json = "{\"X\": 1,\n \"X\": 2}";
        assertThatThrownBy(() -> DataReader.read(json))
                .hasMessage("'X' is given twice (first at line 1)")
                .extracting(e -> ((MatDiffException) e).pos()).isEqualTo(at(json, 2, 1));
    }

    @Test void empty_data() {
        assertThatThrownBy(() -> DataReader.read("  \n"))
                .hasMessageStartingWith("the data is empty; expected an object such as {");
    }

    @Test void the_cli_can_print_a_caret_under_the_problem() {
        String json = "{\n  \"X\": [[1, 2],\n        [3, \"4\"]]\n}";
        MatDiffException e = (MatDiffException) org.assertj.core.api.Assertions.catchThrowable(() -> DataReader.read(json));
        assertThat(e.format(new Source("data.json", json))).isEqualTo("""
                data.json:3:13: 'X' must hold numbers in row 2, but found a string
                        [3, "4"]]
                            ^""");
    }

    @Test void a_missing_file_is_a_numeric_exception() {
        assertThatThrownBy(() -> DataReader.read(java.nio.file.Path.of("/nonexistent/data.json")))
                .isInstanceOf(NumericException.class)
                .hasMessageStartingWith("cannot read the data file /nonexistent/data.json");
    }

    // ---- writing

    @Test void writes_the_shapes_it_reads() {
        assertThat(DataWriter.toJson("a", m(new double[] {0.5}))).isEqualTo("0.5");
        assertThat(DataWriter.toJson("w", col(1, -2.5))).isEqualTo("[1.0,-2.5]");
        assertThat(DataWriter.toJson("X", m(new double[] {1, 2}, new double[] {3, 4}))).isEqualTo("[[1.0,2.0],[3.0,4.0]]");
        assertThat(DataWriter.toJson("r", m(new double[] {1, 2}))).isEqualTo("[[1.0,2.0]]");
    }

    @Test void doubles_round_trip_exactly() {
        Random r = new Random(7);
        double[][] d = new double[5][3];
        for (double[] row : d) for (int j = 0; j < 3; j++) row[j] = r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
        RealMatrix x = m(d);
        Map<String, DataWriter.Value> grads = new LinkedHashMap<>();
        grads.put("X", new DataWriter.Value(x, DataWriter.Form.ROWS));
        grads.put("w", new DataWriter.Value(col(Math.PI, -Math.E, 1e-300), DataWriter.Form.LIST));
        String json = DataWriter.evalResult(null, scalar(0.1 + 0.2), Map.of("gradients", grads));
        assertThat(json).startsWith("{\"value\":0.30000000000000004,\"gradients\":{\"X\":[[");
        String inner = json.substring(json.indexOf("\"gradients\":") + "\"gradients\":".length(), json.length() - 1);
        Data back = DataReader.read(inner);
        assertThat(back.values().get("X")).isEqualTo(x);
        assertThat(back.values().get("w")).isEqualTo(col(Math.PI, -Math.E, 1e-300));
    }

    /** The numbers are read by FastDoubleParser, not the JDK: to the JDK's bits, in every form JSON allows. */
    @Test void numbers_are_read_to_the_jdks_bits() {
        Random r = new Random(11);
        StringBuilder json = new StringBuilder("{\"v\": [");
        java.util.List<String> literals = new java.util.ArrayList<>(java.util.List.of("0", "-0", "1", "-1", "123456789012345678901234567890",
                "4.9e-324", "2.4703282292062328e-324", "1.7976931348623157e308", "2.2250738585072011e-308", "0.1", "1E5", "1e+5", "-1.5E-5",
                "9007199254740993", "0.30000000000000004", "1.00000000000000011102230246251565404236316680908203125"));
        for (int i = 0; i < 2000; i++) {
            double v = Double.longBitsToDouble(r.nextLong());
            if (!Double.isFinite(v)) continue;
            String s = Double.toString(v).replace("E", r.nextBoolean() ? "e" : "E");
            // fewer digits than round-trip needs, and more: the bits must still be the nearest double's
            literals.add(r.nextBoolean() ? s : new java.math.BigDecimal(v).round(new java.math.MathContext(1 + r.nextInt(25))).toString());
        }
        // long literals too, which FastDoubleParser 2.0.1 gets wrong from about 700 digits with a large negative exponent
        for (int i = 0; i < 200; i++) {
            StringBuilder digits = new StringBuilder().append(1 + r.nextInt(9));
            int n = 1 + r.nextInt(900);  // Gson takes literals of up to about 1,024 characters
            for (int d = 1; d < n; d++) digits.append(r.nextInt(10));
            // below the smallest double (to 0, or to a denormal) or anywhere in range, never past the largest
            literals.add(digits + (r.nextBoolean() ? "e-" + r.nextInt(20_000) : "." + r.nextInt(10) + "e" + (r.nextInt(600) - 300 - n)));
        }
        json.append(String.join(", ", literals)).append("]}");
        RealMatrix read = DataReader.read(json.toString()).values().get("v");
        for (int i = 0; i < literals.size(); i++)
            assertThat(Double.doubleToRawLongBits(read.getEntry(i, 0))).as(literals.get(i)).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(literals.get(i))));
    }

    @Test void nan_cannot_be_written() {
        assertThatThrownBy(() -> DataWriter.toJson("the gradient for X", m(new double[] {1, Double.NaN})))
                .isInstanceOf(NumericException.class)
                .hasMessage("cannot write the gradient for X as JSON: entry (1, 2) is NaN");
        assertThatThrownBy(() -> DataWriter.evalResult(null, scalar(Double.POSITIVE_INFINITY), Map.of()))
                .hasMessage("cannot write the value as JSON: it is Infinity");
    }

    /** A 1×1 value written as a number, and a 1×1 value written as the declared vector or matrix would be. */
    @Test void a_one_by_one_value_is_written_in_its_declared_form() {
        RealMatrix one = m(new double[] {2.5});
        Map<String, DataWriter.Value> grads = new LinkedHashMap<>();
        grads.put("a", new DataWriter.Value(one, DataWriter.Form.NUMBER));
        grads.put("x", new DataWriter.Value(one, DataWriter.Form.LIST));
        grads.put("X", new DataWriter.Value(one, DataWriter.Form.ROWS));
        assertThat(DataWriter.evalResult(null, scalar(1), Map.of("gradients", grads)))
                .isEqualTo("{\"value\":1.0,\"gradients\":{\"a\":2.5,\"x\":[2.5],\"X\":[[2.5]]}}");
    }

    private static DataWriter.Value scalar(double v) { return new DataWriter.Value(m(new double[] {v}), DataWriter.Form.NUMBER); }

    /** The position of a 1-based line and 0-based column (in code points, as messages count) in text. */
    static Pos at(String text, int line, int column) {
        int offset = 0;
        for (int l = 1; l < line; l++) offset = text.indexOf('\n', offset) + 1;
        int at = text.offsetByCodePoints(offset, column);
        return new Pos(line, column, at, at);
    }
}
