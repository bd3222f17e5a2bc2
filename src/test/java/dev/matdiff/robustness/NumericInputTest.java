package dev.matdiff.robustness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Numbers that go wrong, through {@code eval --data} and {@code check}: each case exits 2 with its
 * own message, pinned here word for word. Problems in the data file are reported against it
 * ({@code data.json:line:col: message}, the JSON line and a caret); problems of the values
 * (a singular matrix, the log of a negative entry) have no place in either text and take the
 * position-less form {@code program.mdiff: expression: problem}, naming the expression.
 */
class NumericInputTest {

    static final Duration BUDGET = Duration.ofSeconds(60);

    @TempDir Path dir;

    static final String INV = "matrix A(n, n)\nvector x(n)\nf = x'*inv(A)*x\n";
    static final String POWER = "matrix A(n, n)\nvector x(n)\nf = x'*A^-1*x\n";
    static final String LOGDET = "matrix A(n, n)\nf = logdet(A)\n";
    static final String DET = "matrix A(n, n)\nf = det(A)\n";
    static final String REGRESSION = "matrix X(m, n)\nvector w(n), y(m)\nf = (X*w - y)'*(X*w - y)\n";

    static final String SINGULAR = "[[1, 2], [2, 4]]";
    /** rcond 2.8e-16: below the 1e-14 the engine accepts, above its singularity threshold ε·max|a|. */
    static final String NEARLY_SINGULAR = "[[1, 1], [1, 1.000000000000001]]";

    private Path program;
    private Path data;

    private Runs.Run eval(String programText, String json) throws IOException {
        program = Files.writeString(dir.resolve("p.mdiff"), programText, StandardCharsets.UTF_8);
        data = Files.writeString(dir.resolve("data.json"), json, StandardCharsets.UTF_8);
        Runs.Run r = Runs.run(BUDGET, "eval", program.toString(), "--data", data.toString());
        Contract.verify("numeric", r, Set.of(0, 2));
        return r;
    }

    private Runs.Run check(String programText, String... more) throws IOException {
        program = Files.writeString(dir.resolve("p.mdiff"), programText, StandardCharsets.UTF_8);
        String[] args = new String[more.length + 2];
        args[0] = "check";
        args[1] = program.toString();
        System.arraycopy(more, 0, args, 2, more.length);
        Runs.Run r = Runs.run(BUDGET, args);
        Contract.verify("numeric", r, Set.of(0, 1, 2));
        return r;
    }

    /**
     * Exit 2 and this message about the program's values, reported at the objective's definition
     * (file:line:col, the line, a caret): a value has no place of its own in the source.
     */
    private void valueError(Runs.Run r, String message) {
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).matches("(?s)\\Q" + program + "\\E:\\d+:\\d+: .*\\Q" + message + "\\E\n[^\n]*\n *\\^~*\n");
    }

    /** Exit 2 and exactly {@code data.json:line:col: message}, the JSON line and the caret under column {@code col}. */
    private void dataError(Runs.Run r, int line, int col, String message) throws IOException {
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        String source = Files.readString(data).split("\r\n|\r|\n", -1)[line - 1];
        assertThat(r.err()).isEqualTo(data + ":" + line + ":" + col + ": " + message + "\n" + source + "\n" + " ".repeat(col - 1) + "^\n");
    }

    // ---------------------------------------------------------------- singular and nearly singular matrices

    @Test
    void inverseOfASingularMatrix() throws IOException {
        valueError(eval(INV, "{\"A\": " + SINGULAR + ", \"x\": [1, 1]}"), "inv(A): the matrix is singular");
        valueError(eval(INV, "{\"A\": [[0, 0], [0, 0]], \"x\": [1, 1]}"), "inv(A): the matrix is singular");
    }

    @Test
    void inverseOfANearlySingularMatrix() throws IOException {
        valueError(eval(INV, "{\"A\": " + NEARLY_SINGULAR + ", \"x\": [1, 1]}"), "inv(A): the matrix is nearly singular "
                + "(reciprocal condition number 2.8e-16 < 1e-14), so its inverse would be mostly rounding error");
    }

    @Test
    void negativePowerOfASingularMatrixIsReportedAsWritten() throws IOException {
        // A^-1 is inv(A) inside matdiff; the message quotes what the user wrote (issue 15)
        valueError(eval(POWER, "{\"A\": " + SINGULAR + ", \"x\": [1, 1]}"), "A^-1: the matrix is singular");
        valueError(eval(POWER, "{\"A\": " + NEARLY_SINGULAR + ", \"x\": [1, 1]}"), "A^-1: the matrix is nearly singular "
                + "(reciprocal condition number 2.8e-16 < 1e-14), so its inverse would be mostly rounding error");
        valueError(eval("matrix A(n, n)\nf = tr(A^-2)\n", "{\"A\": " + SINGULAR + "}"), "A^-2: the matrix is singular");
    }

    @Test
    void logdetOfASingularMatrix() throws IOException {
        valueError(eval(LOGDET, "{\"A\": " + SINGULAR + "}"), "logdet(A): the matrix is singular, so its log-determinant is -∞");
        valueError(eval("matrix A(n, n)\nf = log(det(A))\n", "{\"A\": " + SINGULAR + "}"), "log(det(A)): log needs a positive determinant, but det is 0");
    }

    /**
     * det and logdet of a (nearly) singular matrix. det's gradient det(A)·inv(A)ᵀ is adj(A)ᵀ, which
     * exists there and is evaluated through the adjugate (issue 15); logdet's inv(A)ᵀ does not: the
     * message gives f's value and names inv(A), the part that fails.
     */
    @Test
    void detAndLogdetOfASingularMatrix() throws IOException {
        Runs.Run singular = eval(DET, "{\"A\": " + SINGULAR + "}");
        assertThat(singular.exit()).as(singular.err()).isZero();
        assertThat(singular.out()).isEqualTo("f = 0\n∇_A f =\n  [ 4, -2]\n  [-2,  1]\n");
        Runs.Run nearly = eval(DET, "{\"A\": " + NEARLY_SINGULAR + "}");
        assertThat(nearly.exit()).as(nearly.err()).isZero();
        assertThat(nearly.out()).startsWith("f = 1.").contains("∇_A f =\n  [ 1, -1]\n  [-1,  1]\n");
        valueError(eval(LOGDET, "{\"A\": " + NEARLY_SINGULAR + "}"), "but its gradient ∇_A f = inv(A)' cannot be evaluated there: "
                + "inv(A): the matrix is nearly singular (reciprocal condition number 2.8e-16 < 1e-14), so its inverse would be mostly rounding error");
    }

    @Test
    void tinyButWellConditionedMatrixOverflowsInTheGradient() throws IOException {
        // 1e-300·I is not singular (the test is relative to the matrix's own scale); its inverse 1e300·I is exact,
        // and the gradient inv(A)'*x*x'*inv(A)' overflows
        valueError(eval(INV, "{\"A\": [[1e-300, 0], [0, 1e-300]], \"x\": [1, 1]}"), "inv(A)'*x*x'*inv(A)': entry (1, 1) of the result is Infinity");
    }

    @Test
    void checkOfARankDeficientProduct() throws IOException {
        // A*A' is 4×4 of rank 2 for every A of shape 4×2: no random point helps
        String aat = "matrix A(m, n)\n";
        valueError(check(aat + "f = tr(inv(A*A'))\n", "--dims", "m=4,n=2"), "inv(A*A'): the matrix is singular");
        valueError(check(aat + "f = logdet(A*A')\n", "--dims", "m=4,n=2"), "logdet(A*A'): the matrix is singular, so its log-determinant is -∞");
        valueError(check(aat + "vector x(m)\nf = x'*(A*A')^-1*x\n", "--dims", "m=4,n=2"), "(A*A')^-1: the matrix is singular");
        // det's gradient det(A*A')·inv(A*A')·2A is evaluated through the adjugate (zero here: rank 2 of 4, det(A*A') is 0 for
        // every A); at points where rounding of 1e-32 meets the differences' 0 nothing settles, and other points are drawn,
        // until one compares exact zeros: passed, saying so
        Runs.Run det = check(aat + "f = det(A*A')\n", "--dims", "m=4,n=2");
        assertThat(det.exit()).as(det.err()).isZero();
        assertThat(det.out()).contains("passed").contains("where it compared zeros").doesNotContain("FAILED");
        valueError(check("matrix A(n, n)\nf = logdet(A - A)\n"), "logdet(A - A): the matrix is singular, so its log-determinant is -∞");
    }

    // ---------------------------------------------------------------- outside a function's domain

    @Test
    void logAndSqrtOfNonPositiveEntries() throws IOException {
        valueError(eval("vector x(n)\nf = sum(log(x))\n", "{\"x\": [1, -2]}"), "log(x): entry (2, 1) of x is -2; log needs positive entries");
        valueError(eval("vector x(n)\nf = sum(log(x))\n", "{\"x\": [1, 0]}"), "log(x): entry (2, 1) of x is 0; log needs positive entries");
        valueError(eval("vector x(n)\nf = sum(sqrt(x))\n", "{\"x\": [1, -2]}"), "sqrt(x): entry (2, 1) of x is -2; sqrt needs entries ≥ 0");
        // sqrt(0) = 0 exists; its derivative 1/(2 sqrt(0)) does not
        valueError(eval("vector x(n)\nf = sum(sqrt(x))\n", "{\"x\": [1, 0]}"),
                "1 ./ sqrt(x): entry (2, 1) of sqrt(x) is 0; division by zero");
        valueError(eval("scalar a\nf = log(a)\n", "{\"a\": -1}"), "log(a): a is -1; log needs positive entries");
        // a number written in the program is in the expression already: not "0 is 0"
        valueError(eval("scalar a\nf = a + log(0)\n", "{\"a\": 1}"), "log(0): log needs positive entries");
    }

    @Test
    void checkWhenNoRandomPointIsInTheDomain() throws IOException {
        // check tries data of both signs and all-positive data at several scales and seeds; log(-exp(x)) and
        // sqrt(-x.*x) are outside the domain for every x, and the message says what was tried and what failed first
        Runs.Run log = check("vector x(n)\nf = sum(log(-exp(x)))\n");
        assertThat(log.exit()).isEqualTo(2);
        assertThat(log.err()).matches("(?s)\\Q" + program + "\\E:\\d+:\\d+: no point found where the objective and its gradients are defined "
                + "\\(78 random points.*; at the first: \\Qlog(-exp(x)): entry (1, 1) of -exp(x) is \\E-\\d\\.\\d+; log needs positive entries\n.*");
        Runs.Run sqrt = check("vector x(n)\nf = sum(sqrt(-x.*x))\n");
        assertThat(sqrt.err()).matches("(?s)\\Q" + program + "\\E:\\d+:\\d+: no point found.*; at the first: \\Qsqrt(-x.*x): entry (1, 1) of -x.*x is \\E-\\d\\.\\d+; sqrt needs entries ≥ 0\n.*");
        // exp(1000*x) overflows at the drawn point, not at the smaller ones check goes on to try
        Runs.Run exp = check("vector x(n)\nf = sum(exp(1000*x))\n");
        assertThat(exp.exit()).as(exp.err()).isZero();
        assertThat(exp.out()).contains("passed");
        valueError(check("vector x(n)\nf = sum(x ./ (x - x))\n"), "x ./ (x - x): entry (1, 1) of x - x is 0; division by zero");
    }

    /**
     * A narrow domain, 0 < x < u entry by entry (a box barrier), that one trial's draws all miss: the points the other
     * trials found decide, and a note says how many (trial s70b: exit 2 "no point found" where derive's self-check passed).
     */
    @Test
    void checkAtThePointsFoundWhereATrialFindsNone() throws IOException {
        Runs.Run barrier = check("symmetric P(n) constant\nvector q(n) constant\nvector u(n) constant\nscalar mu constant\nvector x(n)\n"
                + "L = x'*P*x/2 + q'*x - mu*(sum(log(x)) + sum(log(u - x)))\n", "--seed", "1");
        assertThat(barrier.exit()).as(barrier.err()).isZero();
        assertThat(barrier.out()).contains("over 2 random points").contains("passed");
        assertThat(barrier.err()).contains("note: only 2 of the 3 random points' searches found a point where L and its gradients are defined");
    }

    @Test
    void aSumThatOverflows() throws IOException {
        valueError(eval("vector x(n)\nf = sum(x)\n", "{\"x\": [1e308, 1e308]}"), "sum(x): the result is Infinity");
    }

    // ---------------------------------------------------------------- not finite in the data

    @Test
    void numbersThatAreNotFinite() throws IOException {
        dataError(eval(REGRESSION, "{\"X\": [[1, 2], [3, 4]], \"w\": [1e999, 1], \"y\": [1, 2]}"), 1, 31,
                "'w' has a number that is not finite in double precision: 1e999");
        dataError(eval(REGRESSION, "{\"X\": [[1, 2], [3, 4]], \"w\": [1, -2.5e308], \"y\": [1, 2]}"), 1, 34,
                "'w' has a number that is not finite in double precision: -2.5e308");
        dataError(eval("scalar a\nf = a^2\n", "{\"a\": 1e400}"), 1, 7, "'a' has a number that is not finite in double precision: 1e400");
    }

    @Test
    void anUnderflowingNumberIsZero() throws IOException {
        Runs.Run r = eval("vector x(n)\nf = sum(x)\n", "{\"x\": [1, 1e-999]}");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("f = 1\n");
    }

    /** NaN and Infinity are not JSON: said so at the token; other non-numbers are malformed JSON. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"NaN", "Infinity", "-Infinity", "nan", "inf"})
    void nanAndInfinityTokens(String token) throws IOException {
        Runs.Run r = eval(REGRESSION, "{\"X\": [[1, 2], [3, 4]], \"w\": [" + token + ", 1], \"y\": [1, 2]}");
        assertThat(r.exit()).isEqualTo(2);
        if (token.endsWith("NaN") || token.endsWith("Infinity"))
            assertThat(r.err()).startsWith(data + ":1:31: " + token + " is not a value matdiff can use: the data must be finite numbers");
        else assertThat(r.err()).startsWith(data + ":1:30: malformed JSON");
    }

    @Test
    void numbersAsStrings() throws IOException {
        dataError(eval(REGRESSION, "{\"X\": [[1, 2], [3, 4]], \"w\": [\"1\", 1], \"y\": [1, 2]}"), 1, 31,
                "'w' must be a list of numbers or a list of rows, but it holds a string");
        dataError(eval(REGRESSION, "{\"X\": [[1, 2], [3, 4]], \"w\": \"NaN\", \"y\": [1, 2]}"), 1, 30,
                "the value of 'w' must be a number or a list, not a string");
        dataError(eval(REGRESSION, "{\"X\": [[1, 2], [3, 4]], \"w\": [1, \"Infinity\"], \"y\": [1, 2]}"), 1, 34,
                "'w' must hold numbers, but found a string");
        dataError(eval(REGRESSION, "{\"X\": [[1, \"2\"], [3, 4]], \"w\": [1, 1], \"y\": [1, 2]}"), 1, 12,
                "'X' must hold numbers in row 1, but found a string");
    }

    // ---------------------------------------------------------------- shapes

    @Test
    void raggedRows() throws IOException {
        dataError(eval(REGRESSION, "{\"X\": [[1, 2], [3]], \"w\": [1, 1], \"y\": [1, 2]}"), 1, 16, "row 2 of 'X' has 1 entry, but row 1 has 2");
        dataError(eval(REGRESSION, "{\"X\": [[1], [3, 4, 5]], \"w\": [1], \"y\": [1, 2]}"), 1, 13, "row 2 of 'X' has 3 entries, but row 1 has 1");
        dataError(eval(REGRESSION, "{\"X\": [[1, 2], 3], \"w\": [1, 1], \"y\": [1, 2]}"), 1, 16, "row 2 of 'X' must be a list of numbers, not a number");
        dataError(eval(REGRESSION, "{\"X\": [[], []], \"w\": [1, 1], \"y\": [1, 2]}"), 1, 8, "row 1 of 'X' is empty");
        dataError(eval(REGRESSION, "{\"X\": [[[1]]], \"w\": [1], \"y\": [1]}"), 1, 9,
                "'X' must hold numbers in row 1, but found a list (a matrix is a list of rows of numbers)");
    }

    @Test
    void aVectorGivenAsAMatrix() throws IOException {
        dataError(eval(REGRESSION, "{\"X\": [[1, 2], [3, 4]], \"w\": [[1, 2], [3, 4]], \"y\": [1, 2]}"), 1, 30,
                "w is declared a vector of shape n×1 (a flat list) but the data has 2×2");
        // a list of 1-element rows is a column: accepted (CLI.md)
        assertThat(eval(REGRESSION, "{\"X\": [[1, 2], [3, 4]], \"w\": [[1], [2]], \"y\": [1, 2]}").exit()).isZero();
        // a 1×2 row: reported as a clash of n (see KnownBugsTest#aVectorGivenAsARowIsReportedAsADimensionClash)
        dataError(eval(REGRESSION, "{\"X\": [[1, 2], [3, 4]], \"w\": [[1, 2]], \"y\": [1, 2]}"), 1, 30,
                "'w' is declared a vector, a column: give it as a flat list [1, 2, …] or as one-element rows [[1], [2], …], not as the row [[…]]");
    }

    @Test
    void aScalarGivenAsAList() throws IOException {
        String p = "scalar a\nvector x(n)\nf = a*x'*x\n";
        dataError(eval(p, "{\"a\": [1, 2], \"x\": [1, 2]}"), 1, 7, "a is declared a scalar but the data has 2×1");
        dataError(eval(p, "{\"a\": [[1, 2]], \"x\": [1, 2]}"), 1, 7, "a is declared a scalar but the data has 1×2");
        dataError(eval(p, "{\"a\": [], \"x\": [1, 2]}"), 1, 7, "the value of 'a' is an empty list");
        // a one-element list is a 1×1 value: accepted
        assertThat(eval(p, "{\"a\": [2], \"x\": [1, 2]}").out()).startsWith("f = 10\n");
    }

    @Test
    void aMatrixOfTheWrongFixedSizeOrNotSymmetric() throws IOException {
        dataError(eval("matrix A(2, 2)\nf = tr(A)\n", "{\"A\": [[1, 2, 3], [4, 5, 6], [7, 8, 9]]}"), 1, 7, "A is declared 2×2 but the data has 3×3");
        dataError(eval("symmetric S(n)\nf = tr(S)\n", "{\"S\": [[1, 2], [3, 4]]}"), 1, 7,
                "S is declared symmetric but its data is not: entry (1, 2) is 2 and entry (2, 1) is 3");
    }

    @Test
    void aDimensionBoundTwoDifferentWays() throws IOException {
        dataError(eval(REGRESSION, "{\"X\": [[1, 2], [3, 4], [5, 6]], \"w\": [1, 2], \"y\": [1, 2]}"), 1, 51, "dimension m is 3 from X but 2 from y");
        dataError(eval(REGRESSION, "{\"X\": [[1, 2], [3, 4]], \"w\": [1, 2, 3], \"y\": [1, 2]}"), 1, 30, "dimension n is 2 from X but 3 from w");
    }

    // ---------------------------------------------------------------- which symbols

    @Test
    void aMissingSymbol() throws IOException {
        missingValue(eval(REGRESSION, "{\"X\": [[1, 2], [3, 4]], \"w\": [1, 2]}"), "2:14", "y");
        missingValue(eval(REGRESSION, "{}"), "1:8", "X");
    }

    /** A value the data lacks has no place in the data: reported at the symbol's declaration. */
    private void missingValue(Runs.Run r, String at, String name) {
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith(program + ":" + at + ": no value for '" + name + "' in " + data + "\n");
    }


    /** A value for a name the program has not is left out and said: one data file may serve several programs (trial s73a). */
    @Test
    void anExtraSymbol() throws IOException {
        Runs.Run extra = eval(REGRESSION, "{\"X\": [[1, 2], [3, 4]], \"w\": [1, 2], \"y\": [1, 2], \"z\": 3}");
        assertThat(extra.exit()).as(extra.err()).isZero();
        assertThat(extra.out()).isEqualTo(eval(REGRESSION, "{\"X\": [[1, 2], [3, 4]], \"w\": [1, 2], \"y\": [1, 2]}").out());
        assertThat(extra.err()).isEqualTo("matdiff: note: " + data + " gives a value for 'z', which the program does not declare: it is not used\n");
        // a dimension may be given by name (for a size no value tells), but must agree with the values
        dataError(eval(REGRESSION, "{\"X\": [[1, 2], [3, 4]], \"w\": [1, 2], \"y\": [1, 2], \"m\": 3}"), 1, 56,
                "the data gives m = 3, but the values' shapes make it 2");
        assertThat(eval(REGRESSION, "{\"X\": [[1, 2], [3, 4]], \"w\": [1, 2], \"y\": [1, 2], \"\": 1}").err())
                .contains("gives a value for '', which the program does not declare: it is not used");
        // many are listed by their first 20: 100,000 were one 989 KB line (trial s75c)
        StringBuilder many = new StringBuilder("{\"X\": [[1, 2], [3, 4]], \"w\": [1, 2], \"y\": [1, 2]");
        for (int i = 0; i < 500; i++) many.append(", \"z").append(i).append("\": 1");
        String note = eval(REGRESSION, many.append("}").toString()).err();
        assertThat(note).contains("'z18', 'z19' and 480 more, which the program does not declare: they are not used").hasSizeLessThan(600);
    }

    // ---------------------------------------------------------------- not the JSON asked for

    @Test
    void anEmptyFile() throws IOException {
        String message = "the data is empty; expected an object such as {\"X\": [[1, 2], [3, 4]], \"w\": [1, 2], \"a\": 0.5}";
        dataError(eval(REGRESSION, ""), 1, 1, message);
        dataError(eval(REGRESSION, "  \n\t"), 1, 1, message);
    }

    @Test
    void aFileThatIsNotJson() throws IOException {
        dataError(eval(REGRESSION, "hello"), 1, 1, "malformed JSON");
        dataError(eval(REGRESSION, "X = [[1, 2], [3, 4]]"), 1, 1, "malformed JSON");
        dataError(eval(REGRESSION, "{X: [[1, 2], [3, 4]]}"), 1, 2, "malformed JSON");
        dataError(eval(REGRESSION, "{\"X\": [[1, 2], [3, 4]], \"w\": [1, 2], \"y\": [1, 2],}"), 1, 49, "this comma has nothing after it before the '}': JSON has no trailing commas");
        dataError(eval(REGRESSION, "{\"X\": [[1, 2], [3, 4]], \"w\": [1, 2], \"y\": [1, 2]"), 1, 1,
                "the data ends before this '{' is closed");
        dataError(eval(REGRESSION, "{\"X\": [[1, 2], [3, 4]], \"w\": [1, 2], \"y\": [1, 2]} extra"), 1, 51,
                "unexpected text after the data object");
        // the caret is on the '[' before 01, not on 01 (as for NaN, see KnownBugsTest)
        dataError(eval(REGRESSION, "{\"X\": [[1, 2], [3, 4]], \"w\": [01, 2], \"y\": [1, 2]}"), 1, 30, "malformed JSON");
    }

    @Test
    void aFileThatIsNotUtf8OrNotThere() throws IOException {
        program = Files.writeString(dir.resolve("p.mdiff"), REGRESSION);
        data = Files.write(dir.resolve("data.json"), new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}'});
        Runs.Run r = Runs.run(BUDGET, "eval", program.toString(), "--data", data.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(data + ":1:1: not UTF-8 text (byte 0 is 0xff)\n\n^\n");
        Path missing = dir.resolve("missing.json");
        Runs.Run m = Runs.run(BUDGET, "eval", program.toString(), "--data", missing.toString());
        assertThat(m.exit()).isEqualTo(2);
        assertThat(m.err()).isEqualTo(missing + ": cannot read: no such file\n");
        Runs.Run d = Runs.run(BUDGET, "eval", program.toString(), "--data", dir.toString());
        assertThat(d.err()).isEqualTo(dir + ": cannot read: is a directory\n");
        // an empty argument is not the working directory
        for (String[] args : List.of(new String[] {"eval", program.toString(), "--data", ""}, new String[] {"derive", ""})) {
            Runs.Run e = Runs.run(BUDGET, args);
            assertThat(e.exit()).isEqualTo(2);
            // a command-line mistake, said as the others are (a trial found this one without the command and the --help tail)
            assertThat(e.err()).isEqualTo("matdiff " + args[0] + ": " + (args.length > 2 ? "--data '': " : "")
                    + "an empty file name: give a file, or - for standard input (see 'matdiff " + args[0] + " --help')\n");
        }
    }

    @Test
    void duplicateKeys() throws IOException {
        dataError(eval(REGRESSION, "{\"X\": [[1, 2], [3, 4]], \"w\": [1, 2], \"y\": [1, 2], \"y\": [1, 2]}"), 1, 51,
                "'y' is given twice (first at line 1)");
        dataError(eval(REGRESSION, "{\n  \"X\": [[1, 2], [3, 4]],\n  \"w\": [1, 2],\n  \"y\": [1, 2],\n  \"w\": [3, 4]\n}"), 5, 3,
                "'w' is given twice (first at line 3)");
    }

    @Test
    void aTopLevelArrayOrScalar() throws IOException {
        String message = "the data must be a JSON object that maps names to values, such as {\"X\": [[1, 2], [3, 4]], \"w\": [1, 2], \"a\": 0.5}";
        dataError(eval(REGRESSION, "[[1, 2], [3, 4]]"), 1, 1, message);
        dataError(eval(REGRESSION, "\"X\""), 1, 1, message);
        dataError(eval(REGRESSION, "null"), 1, 1, message);
        dataError(eval(REGRESSION, "42"), 1, 1, message);
    }

    @Test
    void valuesOfTheWrongJsonType() throws IOException {
        dataError(eval(REGRESSION, "{\"X\": [[1, 2], [3, 4]], \"w\": [1, 2], \"y\": null}"), 1, 43, "the value of 'y' must be a number or a list, not null");
        dataError(eval(REGRESSION, "{\"X\": [[1, 2], [3, 4]], \"w\": [1, 2], \"y\": {\"a\": 1}}"), 1, 43,
                "the value of 'y' must be a number or a list, not an object");
        dataError(eval(REGRESSION, "{\"X\": [[1, 2], [3, 4]], \"w\": [true, 2], \"y\": [1, 2]}"), 1, 31,
                "'w' must be a list of numbers or a list of rows, but it holds a boolean");
    }

    // ---------------------------------------------------------------- check's own options

    @Test
    void checkOptionsOutOfRange() throws IOException {
        // usage errors: about the command line, not a file, so neither form applies
        program = Files.writeString(dir.resolve("p.mdiff"), LOGDET);
        Runs.Run zero = Runs.run(BUDGET, "check", program.toString(), "--dims", "n=0");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).isEqualTo("matdiff check: --dims n=0: the size of n must be a positive integer (see 'matdiff check --help')\n");
        Runs.Run trials = Runs.run(BUDGET, "check", program.toString(), "--trials", "0");
        assertThat(trials.exit()).isEqualTo(2);
        assertThat(trials.err()).isEqualTo("matdiff check: --trials must be at least 1, not 0 (see 'matdiff check --help')\n");
    }
}
