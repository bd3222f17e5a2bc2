package dev.matdiff.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.matdiff.cli.OneLineErrors.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values that do not exist (a constant with no finite value, division by zero, an entry outside a
 * function's domain, a singular matrix) and sizes too large to check: said at the subexpression, as the
 * user wrote it.
 */
class ValueErrorsTest {

    @TempDir Path dir;

    private Cli derive(String program, String... more) throws IOException { return OneLineErrors.derive(dir, program, more); }

    /** Folded into the results they would print as Infinity or NaN, which does not parse back, and no check could pass. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0^-1*sum(x)        | 1:1: 0^-1",
            "(-8)^0.5*sum(x)    | 1:1: (-8)^0.5",
            "log(0)*sum(x)      | 1:1: log(0)",
            "exp(1000)*sum(x)   | 1:1: exp(1000): the result is Infinity",
            "sum(x)/(1 - 1)     | 1:9: division by zero",
            "sum(x ./ zeros(n)) | 1:10: division by zero",
            "sum(x ./ (0*x))    | 1:11: division by zero",
            "sum(x ./ 0)        | 1:10: division by zero",
            "sum(x)/0           | 1:8: division by zero",
            "sum(x)/0.0*2       | 1:8: division by zero",
            "0*sum(x) + sum(x)/0 | 1:19: division by zero",
            "1e308*10*sum(x)    | 1:1: this constant is not a finite number",
            // numbers gathered as the product is built: the folded factor is Infinity, not the node
            "sum(x)*1e200*1e200 | 1:1: this constant is not a finite number",
            // the part of a chain that overflowed, not the whole expression
            "sum(x) + 1e308*10*sum(x)    | 1:10: this constant is not a finite number",
            "sum(x) + 1e308/1e-10*sum(x) | 1:10: 1e308/1e-10: the result is Infinity",
            // a literal a double cannot hold, either way
            "1e400*sum(x)       | 1:1: number too large for a double (at most 1.8e308): 1e400",
            "1e-400*sum(x)      | 1:1: number too small for a double (at least 4.9e-324): 1e-400 would read as 0"})
    void aConstantWithoutAFiniteValueIsRefusedWhereItIsWritten(String expression, String error) {
        OneLineErrors.assertExpressionErrorStartsWith(expression, error);
        assertThat(Cli.run("derive", "-e", "log(2)*sum(x)/(2 - 1)").out()).contains("∇_x f = log(2)*ones(n)");
    }

    /** A literal of thousands of digits is quoted by its ends, with its length, not whole. */
    @org.junit.jupiter.api.Test
    void aLongLiteralIsQuotedByItsEnds() {
        OneLineErrors.assertExpressionErrorStartsWith("9".repeat(500) + "*sum(x)",
                "1:1: number too large for a double (at most 1.8e308): 99999999999999999999…999999999999 (500 characters)");
    }

    /** A literal 0 is one interned node wherever it is written: the caret finds it through its division, under the divisor. */
    @Test
    void aLiteralZeroDivisorIsUnderlined() throws IOException {
        assertOneLineError(Cli.run("derive", "-e", "sum(x)/0"), "<expr>:1:8", "division by zero", "       ^");
        assertOneLineError(derive("vector x(n)\nh = 0*x\nL = sum(x)/0 + sum(h)/0.0\n"), "p.mdiff:3:12", "division by zero", "           ^");
    }

    @Test
    void aFilledConstantOfASymbolSaysWhatMustBeANumber() {
        Cli r = Cli.run("derive", "-e", "sum(vector(a) .* x)");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("<expr>:1:12: the entry of vector(c) must be a number");
    }

    /** eval of a program NAME.mdiff at the data NAME.json. */
    private Cli eval(String name, String program, String json) throws IOException {
        Path p = Files.writeString(dir.resolve(name + ".mdiff"), program), data = Files.writeString(dir.resolve(name + ".json"), json);
        return Cli.run("eval", p.toString(), "--data", data.toString());
    }

    /**
     * The gradient of det(A ⊗ X) exists at a singular X, and eval gives it: it was refused, inv(X) being singular, where
     * det(X)·X⁻¹ (Jacobi's formula) is evaluated through the adjugate (trial s59u).
     */
    @Test
    void theGradientOfTheDeterminantOfAKroneckerProductAtASingularMatrixIsZero() throws IOException {
        Cli square = eval("s", "matrix X(2, 2); matrix A(2, 2) constant\nL = det(kron(A, X))\n", "{\"X\": [[1, 2], [2, 4]], \"A\": [[2, 1], [0, 1]]}");
        assertThat(square.exit()).as(square.err()).isZero();
        assertThat(square.out()).isEqualTo("L = 0\n∇_X L =\n  [0, 0]\n  [0, 0]\n");
        Cli scalar = eval("z", "matrix X(1, 1); matrix A(2, 2) constant\nL = det(kron(A, X))\n", "{\"X\": [[0]], \"A\": [[2, 1], [0, 1]]}");
        assertThat(scalar.exit()).as(scalar.err()).isZero();
        assertThat(scalar.out()).isEqualTo("L = 0\n∇_X L = 0\n");
    }

    /** A value past what the heap holds is named where it was written, with its size, before any time is spent on it. */
    @Test
    void aValueTooLargeToHoldIsNamedAtOnce() throws IOException {
        // 80 GB: more than half of any heap this runs in
        assertOneLineError(eval("k", "vector x(n)\nL = sum(x)*sum(sin(ones(k)*ones(k)'))\n", "{\"x\": [1, 2], \"k\": 100000}"), "k.mdiff:2:20",
                "ones(k)*ones(k)': its value, 100000×100000 at these sizes, does not fit in memory", "                   ^~~~~~~~~~~~~~~~");
    }

    /** kron(I, B) is held as its blocks, however large the product it stands for: not refused as too large to hold. */
    @Test
    void aBlockDiagonalKroneckerProductIsNotRefusedForItsSize() {
        int k = 10, n = 2500;  // 25,000 × 25,000: 5 GB written out, more than half of this test's heap
        dev.matdiff.MatDiff m = dev.matdiff.MatDiff.parse("matrix B(k, k), X(k, N)\nf = sum(kron(eye(N), B)*vec(X))\n");
        double[][] b = new double[k][k], x = new double[k][n];
        for (double[] row : b) java.util.Arrays.fill(row, 0.5);
        for (double[] row : x) java.util.Arrays.fill(row, 1);
        var values = java.util.Map.<String, org.apache.commons.math3.linear.RealMatrix>of(
                "B", org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(b), "X", org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(x));
        assertThat(m.evaluate(m.derive("B"), values).value()).isEqualTo(0.5 * k * k * n);
    }

    /** log(1 - a) is computed as log1p(-a): the message is of the log written and its argument's value, not log1p's. */
    @Test
    void aLogComputedAsLog1pIsReportedAsWritten() throws IOException {
        assertOneLineError(eval("l", "scalar a\nL = log(1 - a)\n", "{\"a\": 1.5}"), "l.mdiff:2:5",
                "log(1 - a): 1 - a is -0.5; log needs positive entries", "    ^~~~~~~~~~");
        assertOneLineError(eval("q", "scalar a\nL = log1p(a)\n", "{\"a\": -1.5}"), "q.mdiff:2:5",
                "log1p(a): a is -1.5; log1p needs entries > -1", "    ^~~~~~~~");
    }

    /** Item 12: a value that does not exist is reported where the user wrote it, as they wrote it. */
    @Test
    void domainErrorsPointAtTheSubexpression() throws IOException {
        assertOneLineError(eval("log", "vector x(n)\nh = log(x*2)\nL = sum(h) + sum(x)\n", "{\"x\": [1, -2]}"), "log.mdiff:2:5",
                "log(x*2): entry (2, 1) of x*2 is -4; log needs positive entries", "    ^~~~~~~~");
        assertOneLineError(eval("inv", "matrix A(n, n)\nvector x(n)\nL = x'*inv(A)*x\n", "{\"A\": [[1, 2], [2, 4]], \"x\": [1, 1]}"), "inv.mdiff:3:8",
                "inv(A): the matrix is singular", "       ^~~~~~");
        // check, when no random point is in the domain, points there too
        Cli check = Cli.run("check", "-e", "sum(log(-exp(x)))");
        assertThat(check.err()).startsWith("<expr>:1:5: no point found").endsWith("\nsum(log(-exp(x)))\n    ^~~~~~~~~~~~\n");
    }

    /** Data too large to hold is refused at once (the self-check skipped, with its note), not after the memory runs out. */
    @Test
    void hugeSizesAreNotCheckedNumerically() throws IOException {
        Cli derive = derive("matrix A(1000000000, 1000000000)\nL = sum(A)\n", "--no-steps");
        assertThat(derive.exit()).isZero();
        assertThat(derive.out()).contains("∇_A L = ones(1000000000, 1000000000)");
        assertThat(derive.err()).contains("self-check was skipped", "the random data is too large: 'A' alone has 1.00e+18 entries");
        Cli check = Cli.run("check", "-e", "sqnorm(X*w - y)", "--wrt", "w", "--dims", "m=100000000,n=100000000");
        assertThat(check.exit()).isEqualTo(2);
        assertThat(check.err()).contains("the random data is too large");
        // bench says it as check does: one line with the place, then the caret (it had neither)
        Cli bench = Cli.run("bench", "-e", "sqnorm(X*w - y)", "--dims", "m=100000000,n=100000000", "--seconds", "0.01");
        assertThat(bench.exit()).isEqualTo(2);
        assertThat(bench.err()).startsWith("<expr>:1:1: the random data is too large").endsWith("\nsqnorm(X*w - y)\n^~~~~~~~~~~~~~~\n");
        Cli dims = Cli.run("check", "-e", "sqnorm(X*w - y)", "--wrt", "w", "--dims", "m=3000000000");
        assertThat(dims.err()).contains("--dims m=3000000000: the size of m is too large");
        assertThat(Cli.run("check", "-e", "sqnorm(x)", "--wrt", "x", "--trials", "1000000").err()).contains("at most 1000 random points");
        // a value computed on the way can be too large where no variable is: 31 Kronecker factors have 2^62 entries at n = 2
        Cli tower = derive("matrix A(n, n)\nL = tr(" + "kron(A, ".repeat(30) + "A" + ")".repeat(30) + ")\n", "--no-steps");
        assertThat(tower.exit()).isZero();
        assertThat(tower.out()).isEqualTo("∇_A L = 31*tr(A)^30*eye(n)\n");
        assertThat(tower.err()).contains("self-check was skipped", "a value the expressions compute would have 4.61e+18 entries at {n=2}");
    }
}
