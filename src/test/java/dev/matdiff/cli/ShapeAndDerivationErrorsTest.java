package dev.matdiff.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static dev.matdiff.cli.OneLineErrors.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shapes that contradict each other, named with both places, and what a derivation refuses (a Hessian of a
 * non-scalar, a Jacobian with no closed form, a differential in the objective), placed in the program.
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
        // an operation with no closed-form Jacobian: said at the objective's definition
        assertOneLineError(derive("matrix X(p, q), K(r, s)\nF = conv(X, K)\n", "--wrt", "X"), "p.mdiff:2:1",
                "matdiff has no closed form for the Jacobian of conv (its gradients, of scalar objectives, it does derive)", "^");
        assertOneLineError(derive("matrix X(p, q), K(r, s)\nf = sqnorm(conv(X, K))\n", "--wrt", "X", "--hessian"), "p.mdiff:2:1",
                "matdiff has no closed form for the Hessian of an objective with conv: it would need the Jacobian of conv (the gradient it does derive)", "^");
        // to the library it is one type either way, which callers (the property tests) skip by
        var conv = dev.matdiff.MatDiff.parse("matrix X(p, q), K(r, s)\nf = sqnorm(conv(X, K))\nF = conv(X, K)\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> conv.derive("f", java.util.List.of("X"), dev.matdiff.calculus.Deriver.Options.DEFAULT.withSecondOrder(true, false)))
                .isInstanceOfSatisfying(dev.matdiff.calculus.NoClosedForm.class, e -> assertThat(e.function()).isEqualTo("conv"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> conv.derive("F", java.util.List.of("X")))
                .isInstanceOf(dev.matdiff.calculus.NoClosedForm.class).hasMessageContaining("Jacobian of conv");
        // d(…) parses, as the steps print it, but an objective with one cannot be derived: said where it is written
        assertOneLineError(derive("vector x\nf = d(x)'*x\n"), "p.mdiff:2:5",
                "a differential d(…) can be written, as the steps print it, but not differentiated: define the objective without it", "    ^~~~");
    }

    /** --vec needs the Jacobian of each operation between f and X: conv's, which has no closed form, is said at the call (it was said with no place). */
    @Test
    void theVecRouteThroughConvIsPlacedAtTheCall() throws IOException {
        String refused = "matdiff has no closed form for the Jacobian of conv, which the vec route (--vec) needs (without --vec, matdiff derives the gradient)";
        assertOneLineError(Cli.run("derive", "samples/convolution.mdiff", "--vec"), "convolution.mdiff:6:5", refused, "    ^~~~~~~~~~");
        assertOneLineError(derive("matrix X(p, q), K(r, s)\nL = sum(conv(X, K))\n", "--vec", "--wrt", "K"), "p.mdiff:2:9", refused, "        ^~~~~~~~~~");
        assertThat(Cli.run("derive", "samples/convolution.mdiff").exit()).isZero();
    }

    /** kronsum and kronblocks divide their arguments' sizes: sizes still to be inferred (-e) are refused at the call, not an internal error. */
    @Test
    void kronsumOfUndeclaredSizesIsRefusedAtTheCall() {
        for (String f : new String[] {"kronsum", "kronblocks"})
            OneLineErrors.assertExpressionError("sum(" + f + "(A, B))", "<expr>:1:5", f + " needs the sizes of its arguments, which nothing "
                    + "else fixes: declare them, as in matrix G(m*p, n*q), A(p, q); " + f + "(G, A)", "    ^" + "~".repeat(f.length() + 5));
        assertThat(Cli.run("derive", "-e", "matrix A(6, 4), B(3, 2); sum(kronsum(A, B))", "--no-steps").out())
                .isEqualTo("∇_A f = kron(B, ones(2, 2))\n∇_B f = kronblocks(A, ones(2, 2))\n");
    }
}
