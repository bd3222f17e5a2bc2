package dev.matdiff.cli;

import dev.matdiff.source.MatDiffException;

import dev.matdiff.MatDiff;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static dev.matdiff.cli.OneLineErrors.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the reader refuses (a stray token, juxtaposition, MATLAB's and NumPy's spellings, a misspelt
 * keyword, a bad dimension, nesting too deep): said where it is written, with what to write instead.
 */
class SyntaxErrorsTest {

    @TempDir Path dir;

    private Cli derive(String program, String... more) throws IOException { return OneLineErrors.derive(dir, program, more); }

    @Test
    void syntaxError() throws IOException {
        assertOneLineError(derive("matrix A\nf = tr(A +)\n"), "p.mdiff:2:11", "unexpected ')'", "          ^");
    }

    @Test
    void juxtapositionIsNotMultiplication() throws IOException {
        assertOneLineError(derive("scalar a, b\nf = a b\n"), "p.mdiff:2:7",
                "unexpected 'b': there is no implicit multiplication, write '*' between factors", "      ^");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "x'*A*x +        | 1:9",
            "A^0.5           | 1:1",
            "x.^A            | 1:4",
            "inv(x)          | 1:1",
            "x + A*x'        | 1:6",
            "exp             | 1:1",
            "((((x'*x)       | 1:10"})
    void oneLineExpressionErrors(String expr, String where) {
        OneLineErrors.assertExpressionErrorStartsWith(expr, where + ": ");
    }

    /** Item 11: misspelt keywords, indexing, and MATLAB's and NumPy's spellings. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "matrx A(n,n)      | 1:1  | unknown statement 'matrx': did you mean 'matrix'?",
            "Matrix A(n,n)     | 1:1  | unknown statement 'Matrix': did you mean 'matrix'?",
            "vectr x           | 1:1  | unknown statement 'vectr': did you mean 'vector'?",
            "return tr(A)      | 1:1  | unknown statement 'return': matdiff has no return; the objective is the last definition (L = …), or the one --of names",
            "matrix A(n x n)   | 1:12 | unexpected 'x': dimensions are separated by a comma, as in matrix A(m, n)",
            "matrix A B        | 1:10 | unexpected 'B': names in a declaration are separated by a comma (matrix A, B), statements by ; or a new line",
            "vector x(n) y(n)  | 1:13 | unexpected 'y': names in a declaration are separated by a comma (matrix A, B), statements by ; or a new line",
            "vector x(n) constant y(n) | 1:22 | unexpected 'y': names in a declaration are separated by a comma (vector x(n), y(n) constant), statements by ; or a new line",
            "matrix matrix     | 1:8  | unexpected 'matrix': it is a keyword of the language, which cannot name a symbol",
            "vector x, assume  | 1:11 | unexpected 'assume': it is a keyword of the language, which cannot name a symbol",
            "f = x.'*x         | 1:6  | unexpected \".'\": MATLAB's .' is ' here (matdiff's values are real, so ' never conjugates)",
            "f = A\\x          | 1:6  | unexpected '\\': there is no left division; write inv(A)*b for MATLAB's A\\b",
            "f = x**2          | 1:7  | unexpected '*': '**' is not a power here; write ^ for a matrix power or .^ for an element-wise one",
            "f = A@x           | 1:6  | unexpected '@': the matrix product is * in matdiff, not Python's @",
            "assume y > 0      | 1:10 | unexpected '>': matdiff has no comparisons; an assumption is an equation about constants (assume sum(y) = 1, assume abs(y) = ones(n)), and a function's domain, such as log's y > 0, is checked on the data",
            "f = sum(y >= 0)   | 1:11 | unexpected '>=': matdiff has no comparisons; an assumption is an equation about constants (assume sum(y) = 1, assume abs(y) = ones(n)), and a function's domain, such as log's y > 0, is checked on the data",
            "assume y ≤ 1      | 1:10 | unexpected '≤': matdiff has no comparisons; an assumption is an equation about constants (assume sum(y) = 1, assume abs(y) = ones(n)), and a function's domain, such as log's y > 0, is checked on the data",
            "f = ‖x‖           | 1:5  | unexpected '‖': write norm(x) for ‖x‖ (sqnorm(x) for its square)",
            "f = sum(x²)       | 1:10 | unexpected '²': write .^2 for an element-wise power, ^2 for a matrix power",
            "f = sum(A×A)      | 1:10 | unexpected '×': the product is * (kron(A, B) or ⊗ for the Kronecker product)",
            "f = √(x'*x)       | 1:5  | unexpected '√': write sqrt(x)",
            "f = ∑x            | 1:5  | unexpected '∑': write sum(A) for the sum of A's entries",
            "f = x’*x          | 1:6  | unexpected '’': a typographic quote or prime, as a PDF or a word processor writes it; the transpose is ' (or ᵀ)",
            "f = np.sum(x)     | 1:7  | unexpected 'np.': matdiff's functions have no prefix: write sum(…), not np.sum(…)",
            "f = tr(A.T)       | 1:9  | unexpected '.T': NumPy's A.T is A' here",
            "f = X(1, 2)       | 1:5  | X is a matrix, not a function: indexing X(1, 2) is not supported (matdiff works with whole matrices and vectors)"})
    void spellingsFromElsewhere(String line, String where, String message) throws IOException {
        Cli r = derive("matrix A(n, n), X\nvector x(n)\n" + line + "\n");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().split("\n")).hasSize(3);
        String[] at = where.split(":");
        assertThat(r.err()).startsWith(dir.resolve("p.mdiff") + ":" + (Integer.parseInt(at[0]) + 2) + ":" + at[1] + ": " + message + "\n");
    }

    /** Item 12: a dimension is quoted as written (0, not 0.0). */
    @Test
    void dimensionsAreQuotedAsWritten() throws IOException {
        assertOneLineError(derive("matrix A(0, 3)\nf = sum(A)\n"), "p.mdiff:1:10", "a dimension must be a positive integer, not 0", "         ^");
        assertOneLineError(derive("matrix A(2.50, 3)\nf = sum(A)\n"), "p.mdiff:1:10", "a dimension must be a positive integer, not 2.50",
                "         ^~~~");
        assertOneLineError(derive("vector x(99999999999999999999)\nf = sum(x)\n"), "p.mdiff:1:10",
                "a dimension must be at most 2147483647, not 99999999999999999999", "         ^~~~~~~~~~~~~~~~~~~~");
    }

    /** A size past 2³¹ − 1 (the Hessian's vec of a declared matrix, a Kronecker product) is refused at its place, not an internal overflow. */
    @Test
    void sizesPastWhatAMatrixHoldsAreRefusedWhereWritten() throws IOException {
        assertOneLineError(derive("matrix A(50000, 50000)\nf = sum(A)\n", "--hessian"), "p.mdiff:2:1",
                "a size came out as 2500000000, more than a matrix holds (2147483647) (in the derivation of f)", "^");
        assertOneLineError(derive("vector x(50000), y(50000)\nf = sum(kron(x, y))\n"), "p.mdiff:2:9",
                "a size came out as 2500000000, more than a matrix holds (2147483647)", "        ^~~~~~~~~~");
    }

    /** A constant the simplifier folds past a double's range would print as Infinity, which reads back as a name. */
    @Test
    void constantsFoldedPastTheLargestNumberAreRefused() throws IOException {
        for (String objective : List.of("sum(1e200*x)*sum(1e200*x)", "1e308*sum(x) + 1e308*sum(x)"))
            assertOneLineError(derive("vector x(n)\nL = " + objective + "\n"), "p.mdiff:2:1",
                    "a constant of the derivation comes out past the largest number (about 1.8e308): write the objective with smaller constants", "^");
    }

    /** A 200,000-letter undeclared name is quoted by its ends in the message, which stays one readable line. */
    @Test
    void aHugeNameIsQuotedByItsEnds() throws IOException {
        Cli r = derive("vector x(n)\nL = sum(" + "y".repeat(200_000) + ")\n");
        assertThat(r.exit()).isEqualTo(2);
        String first = r.err().lines().findFirst().orElseThrow();
        assertThat(first).contains("unknown name 'yyyy").contains("y…y").contains("yyyy (200000 characters)'").hasSizeLessThan(800);
    }

    @Test
    void deepNestingIsRefusedWithAMessage() {
        String deep = "(".repeat(100_000) + "x'*x" + ")".repeat(100_000);
        Cli r = Cli.run("derive", "-e", deep);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("nested deeper than");
        assertThat(r.err()).doesNotContain("StackOverflowError");
    }

    /**
     * A program past 16,000,000 characters is refused before it is read, at the character past the bound, in one line (a
     * 50 MB sum ran past a minute before it ran out of memory; hostile trial). 16,000,000 themselves are read.
     */
    @Test
    void aProgramPastSixteenMillionCharactersIsRefusedBeforeItIsRead() {
        String head = "scalar a\nL = a";
        String program = head + "+a".repeat((dev.matdiff.syntax.Parser.MAX_PROGRAM_CHARS - head.length()) / 2 + 1);
        MatDiffException e = org.assertj.core.api.Assertions.catchThrowableOfType(() -> MatDiff.parse(program), MatDiffException.class);
        assertThat(e).hasMessage(String.format("the program is %,d characters long; matdiff reads programs of up to 16,000,000 "
                + "(a parse tree takes about 200 bytes a character)", program.length()));
        assertThat(e.pos().line()).isEqualTo(2);
        assertThat(e.pos().column()).isEqualTo(16_000_000 - "scalar a\n".length());
    }

    /**
     * A run of transposes nests as parentheses do: a million in -e took half a minute and its error line was 480 KB
     * (hostile trial); past 200,000 it is refused at the first one too many, in one short line (100,001 still derive:
     * HugeInputTest).
     */
    @Test
    void aLongRunOfTransposesIsRefusedAsDeepNesting() {
        Cli r = Cli.run("derive", "-e", "tr(A" + "'".repeat(1_000_000) + ")");
        assertThat(r.exit()).isEqualTo(2);
        String first = r.err().lines().findFirst().orElseThrow();
        assertThat(first).isEqualTo("<expr>:1:200005: more than 200000 transposes in a row (an even number of them is none, an odd one is one)");
        assertThat(r.err().length()).isLessThan(1000);
        Cli fine = Cli.run("derive", "-e", "tr(A" + "'".repeat(201) + "*A)", "--no-steps");
        assertThat(fine.exit()).as(fine.err()).isZero();
        assertThat(fine.out()).contains("∇_A f = 2*A");
    }
}
