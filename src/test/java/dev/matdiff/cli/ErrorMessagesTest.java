package dev.matdiff.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input: exit 2, one line "file:line:col: message", the source line, a caret; never a stack trace. */
class ErrorMessagesTest {

    @TempDir Path dir;

    private Cli derive(String program, String... more) throws IOException {
        Path f = dir.resolve("p.mdiff");
        Files.writeString(f, program);
        String[] args = new String[more.length + 2];
        args[0] = "derive";
        args[1] = f.toString();
        System.arraycopy(more, 0, args, 2, more.length);
        return Cli.run(args);
    }

    private static void assertOneLineError(Cli r, String location, String message, String caretLine) {
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        String[] lines = r.err().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).endsWith(location + ": " + message);
        assertThat(lines[2]).isEqualTo(caretLine);
        assertThat(r.err()).doesNotContain("\tat ", "Exception");
    }

    @Test
    void syntaxError() throws IOException {
        assertOneLineError(derive("matrix A\nf = tr(A +)\n"), "p.mdiff:2:11", "unexpected ')'", "          ^");
    }

    @Test
    void juxtapositionIsNotMultiplication() throws IOException {
        assertOneLineError(derive("scalar a, b\nf = a b\n"), "p.mdiff:2:7",
                "unexpected 'b': there is no implicit multiplication, write '*' between factors", "      ^");
    }

    @Test
    void unknownName() throws IOException {
        assertOneLineError(derive("vector x\nf = x'*z\n"), "p.mdiff:2:8", "unknown name 'z' (declare it, e.g. 'matrix z')", "       ^");
    }

    @Test
    void unknownFunction() throws IOException {
        assertOneLineError(derive("vector x\nf = frob(x)\n"), "p.mdiff:2:5", "unknown function 'frob'", "    ^~~~~~~");
    }

    @Test
    void shapeContradictionNamesBothSides() throws IOException {
        assertOneLineError(derive("matrix A(m, n)\nvector x(k)\nf = x'*A*x\n"), "p.mdiff:3:7",
                "cannot multiply x' (1×k) by A (m×n): k ≠ m", "      ^");
    }

    @Test
    void hessianOfANonScalarObjective() throws IOException {
        assertOneLineError(derive("matrix A(m, n)\nvector x(n)\nf = A*x\n", "--hessian"), "p.mdiff:3:1",
                "the objective f is m×1, not a scalar: a Hessian is of a scalar objective (its Jacobian is what matdiff derives)", "^");
    }

    @Test
    void redeclaration() throws IOException {
        assertOneLineError(derive("matrix A\nvector A\n"), "p.mdiff:2:8", "'A' is already declared at line 1", "       ^");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "x'*A*x +        | 1:9",
            "A^0.5           | 1:1",
            "x.^y            | 1:4",
            "inv(x)          | 1:1",
            "x + A*x'        | 1:6",
            "exp             | 1:1",
            "((((x'*x)       | 1:10"})
    void oneLineExpressionErrors(String expr, String where) {
        Cli r = Cli.run("derive", "-e", expr);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("<expr>:" + where + ": ");
        assertThat(r.err().split("\n")).hasSize(3);
    }

    @Test
    void missingFileIsOneLine() {
        Cli r = Cli.run("derive", dir.resolve("nope.mdiff").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().trim().split("\n")).hasSize(1);
    }

    @Test
    void unknownVariableToDifferentiate() throws IOException {
        Cli r = derive("vector x\nf = x'*x\n", "--wrt", "q");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("there is no variable 'q'");
    }

    @Test
    void constantIsNotDifferentiated() throws IOException {
        Cli r = derive("vector x\nvector y constant\nf = x'*y\n", "--wrt", "y");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("'y' is declared constant");
    }

    @Test
    void deepNestingIsRefusedWithAMessage() {
        String deep = "(".repeat(100_000) + "x'*x" + ")".repeat(100_000);
        Cli r = Cli.run("derive", "-e", deep);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("nested deeper than");
        assertThat(r.err()).doesNotContain("StackOverflowError");
    }
}
