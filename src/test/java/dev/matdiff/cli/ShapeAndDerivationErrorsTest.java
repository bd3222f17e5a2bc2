package dev.matdiff.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static dev.matdiff.cli.OneLineErrors.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shapes that contradict each other, named with both places, and what a derivation refuses (a Hessian of a
 * non-scalar, a derivative with no closed form, a differential in the objective), placed in the program.
 */
class ShapeAndDerivationErrorsTest {

    @TempDir Path dir;

    private Cli derive(String program, String... more) throws IOException { return OneLineErrors.derive(dir, program, more); }

    @Test
    void shapeContradictionNamesBothSides() throws IOException {
        assertOneLineError(derive("matrix A(m, n)\nvector x(k)\nf = x'*A*x\n"), "p.mdiff:3:7",
                "cannot multiply x' (1×k) by A (m×n): k ≠ m (k is a dimension of x (line 2), m is a dimension of A (line 1))", "      ^");
    }

    /** LANGUAGE.md: a contradiction names both places; the caret shows one, the message the other. */
    /** A kernel larger than its input leaves a valid convolution no entry: said so, not "a dimension came out as 0". */
    @Test
    void aKernelLargerThanItsInputIsNamed() throws IOException {
        assertOneLineError(derive("matrix X(2, 2), K(3, 3)\nL = sum(conv(X, K))\n"), "p.mdiff:2:9",
                "conv needs a kernel no larger than its input, but K is 3×3 and X is 2×2", "        ^~~~~~~~~~");
    }

    /** A size argument naming a matrix or vector is no size (it became a dimension of the same name). */
    @Test
    void aSizeThatNamesAMatrixIsRefusedWhereItIsWritten() throws IOException {
        assertOneLineError(derive("matrix X(4, 4)\nmatrix K(2, 2) constant\nL = sum(im2col(K, X, 1))\n"), "p.mdiff:3:19",
                "expected a dimension (a name such as n, or a positive integer), but X is a matrix", "                  ^");
        assertOneLineError(derive("vector x(n), v(3)\nf = sum(ones(n, v + 1) .* x)\n"), "p.mdiff:2:17",
                "expected a dimension (a name such as n, or a positive integer), but v is a vector", "                ^");
    }

    @Test
    void aContradictionNamesWhereTheInferredSizeCameFrom() throws IOException {
        Cli r = derive("matrix A\nvector x(3), y(4)\nL = x'*A*y + sum(A*x)\n", "--wrt", "x");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(":3:19: cannot multiply A (3×4) by x (3×1): 4 ≠ 3 (the size 4 was inferred at 3:9)");
    }

    @Test
    void hessianOfANonScalarObjective() throws IOException {
        assertOneLineError(derive("matrix A(m, n)\nvector x(n)\nf = A*x\n", "--hessian"), "p.mdiff:3:1",
                "the objective f is m×1, not a scalar: a Hessian is of a scalar objective (its Jacobian is what matdiff derives)", "^");
    }

    /** What the derivation refuses is said at a place in the program, with a caret, like any other bad input. */
    @Test
    void whatADerivationRefusesIsPlaced() throws IOException {
        // a derivative through an operation with no adjoint in the language: said at the call
        assertOneLineError(derive("matrix K(r, s)\nf = sum(convmatrix(K, 4, 5))\n", "--wrt", "K"), "p.mdiff:2:9",
                "matdiff has no closed form for a gradient through convmatrix in its matrix argument (it is a Jacobian of conv: differentiate conv itself)",
                "        ^~~~~~~~~~~~~~~~~~~");
        assertOneLineError(derive("matrix X(p, q)\nF = im2col(X, 2, 2)\n", "--wrt", "X"), "p.mdiff:2:5",
                "matdiff has no closed form for a gradient through im2col in its matrix argument (it is a Jacobian of conv: differentiate conv itself)",
                "    ^~~~~~~~~~~~~~~");
        // the call whose matrix varies, not the first call of the operation
        assertOneLineError(derive("matrix K(2, 2), J(2, 2), W(12, 20)\nT = convmatrix(K, 4, 5)\nU = convmatrix(J, 4, 5)\nf = sum(W .* T) + sum(U)\n",
                "--wrt", "J"), "p.mdiff:3:5", "matdiff has no closed form for a gradient through convmatrix in its matrix argument (it is a Jacobian of conv: differentiate conv itself)",
                "    ^~~~~~~~~~~~~~~~~~~");
        // to the library it is one type, which eval catches to give the value alone
        var matrix = dev.matdiff.MatDiff.parse("matrix K(r, s)\nF = convmatrix(K, 4, 5)\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> matrix.derive("F", java.util.List.of("K")))
                .isInstanceOfSatisfying(dev.matdiff.calculus.NoClosedForm.class, e -> assertThat(e.function()).isEqualTo("convmatrix"));
        // d(…) parses, as the steps print it, but an objective with one cannot be derived: said where it is written
        assertOneLineError(derive("vector x\nf = d(x)'*x\n"), "p.mdiff:2:5",
                "a differential d(…) can be written, as the steps print it, but not differentiated: define the objective without it", "    ^~~~");
    }

    /** --vec needs the Jacobian of each operation between f and X: conv's (its Toeplitz matrix and im2col) gives the gradients derive gives. */
    @Test
    void theVecRouteThroughConvGivesTheGradients() throws IOException {
        Cli vec = Cli.run("derive", "samples/convolution.mdiff", "--vec", "--no-steps"), plain = Cli.run("derive", "samples/convolution.mdiff", "--no-steps");
        assertThat(vec.exit()).as(vec.err()).isZero();
        assertThat(vec.out()).isEqualTo(plain.out()).contains("∇_K L = conv(X, G)");
        assertThat(Cli.run("derive", "samples/convolution.mdiff", "--vec").out()).contains("im2col(X, r, s)", "convmatrix(K, p, q)");
        // a row image: the row of ∂f/∂vec(X) is read back through the transpose
        String row = "matrix X(1, n), K(1, r); sum(exp(conv(X, K)))";
        assertThat(Cli.run("derive", "-e", row, "--vec", "--no-steps").out()).isEqualTo(Cli.run("derive", "-e", row, "--no-steps").out())
                .contains("∇_X f = convfull(exp(conv(X, K)), K)");
    }

    /**
     * The vec route's gradient is simplified again once the names are in: the logistic loss through p = sigmoid(X*w) read
     * X'*((p .* (1 - p) .* (p - y)) ./ ((1 - p) .* p)), which divides 0 by 0 where p saturates; sums of I and of 1ᵀ ⊗ I close.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "matrix X(m, n) constant; vector y(m) constant; vector w(n); p = sigmoid(X*w); L = -(y'*log(p) + (ones(m) - y)'*log(ones(m) - p)) | w | ∇_w L = X'*(p - y)",
            "vector p(n); L = sum(p .* log(p)) | p | ∇_p L = log(p) + ones(n)",
            "matrix X(n, n); matrix A(n, n) constant; L = tr(A*X) | X | ∇_X L = A'"})
    void theVecRouteReadsAsTheTraceRoute(String program, String wrt, String gradient) throws IOException {
        Cli vec = Cli.run("derive", "-e", program, "--wrt", wrt, "--vec", "--no-steps");
        assertThat(vec.exit()).as(vec.err()).isZero();
        assertThat(vec.out().strip()).isEqualTo(gradient);
    }

    /** A variable that reaches f through two intermediates: the vec route's sum of Kronecker products is read back as matrices. */
    @Test
    void theVecRouteThroughTwoIntermediatesDevectorises() {
        String text = "matrix A(m, n), B(n, n); vector x(n); h = A*x; g = B*x + A'*h; L = h'*h + sum(exp(h)) + g'*g + logsumexp(g)";
        dev.matdiff.MatDiff m = dev.matdiff.MatDiff.parse(text);
        dev.matdiff.calculus.Derivation vec = m.derive(null, java.util.List.of("A"), dev.matdiff.calculus.Deriver.Options.DEFAULT.withVecRoute(true));
        String printed = dev.matdiff.expr.TextPrinter.print(vec.gradient("A"));
        assertThat(printed).doesNotContain("unvec", "kron");
        dev.matdiff.expr.Expr trace = m.derive("A").gradient("A");
        double gap = dev.matdiff.check.RandomData.atRandomPoint(java.util.List.of(vec.gradient("A"), trace), java.util.Map.of(), 7, at -> {
            dev.matdiff.numeric.Evaluator ev = new dev.matdiff.numeric.Evaluator(at);
            return ev.value(vec.gradient("A")).subtract(ev.value(trace)).getNorm() / ev.value(trace).getNorm();
        });
        assertThat(gap).as(printed).isLessThan(1e-12);
    }

    /** blocksum and kronblocks divide their arguments' sizes: sizes still to be inferred (-e) are refused at the call, not an internal error. */
    @Test
    void blocksumOfUndeclaredSizesIsRefusedAtTheCall() {
        for (String f : new String[] {"blocksum", "kronblocks"})
            OneLineErrors.assertExpressionError("sum(" + f + "(A, B))", "<expr>:1:5", f + " needs the sizes of its arguments, which nothing "
                    + "else fixes: declare them, as in matrix G(m*p, n*q), A(p, q); " + f + "(G, A)", "    ^" + "~".repeat(f.length() + 5));
        assertThat(Cli.run("derive", "-e", "matrix A(6, 4), B(3, 2); sum(blocksum(A, B))", "--no-steps").out())
                .isEqualTo("∇_A f = kron(B, ones(2, 2))\n∇_B f = kronblocks(A, ones(2, 2))\n");
    }
}
