package dev.matdiff.robustness;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Minimal reproductions of the engine bugs the robustness tests found, now regression tests: each
 * asserts what shared/CLI.md asks for. A bug found later goes here, disabled until it is fixed,
 * and into {@link Contract#KNOWN_BUGS} while it is open.
 */
class KnownBugsTest {

    static final Duration BUDGET = Duration.ofSeconds(10);

    @TempDir Path dir;

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("p.mdiff"), text);
    }

    /** The contract in strict mode: known bugs are not excused here. */
    private static Runs.Run honoured(Runs.Run r, Set<Integer> exits) {
        assertThat(r.err()).doesNotContain("internal error", "Exception");
        Contract.verify("known bugs", r, exits);
        return r;
    }

    // ------------------------------------------------------------ found by FuzzTest (expression trees, mutated samples)

    @Test
    void aProductWithAFactorThatSimplifiesToANumber() {
        for (String e : new String[] {"0*a*b", "(a - a)*b", "a^0*b", "kron(0, a)*b", "(0*a)^-1", "tr(0*A)*b"}) {
            Runs.Run r = honoured(Runs.run(BUDGET, "derive", "-e", e, "--no-steps"), Set.of(0, 2));
            if (e.endsWith("*b")) {
                assertThat(r.exit()).as(e).isZero();
                assertThat(r.out()).as(e).contains("∇_b f = ");
            }
        }
    }

    @Test
    void stagedObjectiveThatDoesNotDependOnItsIntermediate() throws IOException {
        Path f = file("vector x\ny = x\nL = sum(y - y)\n");
        Runs.Run expanded = honoured(Runs.run(BUDGET, "derive", f.toString(), "--no-steps", "--no-stages"), Set.of(0));
        assertThat(expanded.out()).isEqualTo("∇_x L = zeros(n)\n");
        Runs.Run staged = honoured(Runs.run(BUDGET, "derive", f.toString(), "--no-steps"), Set.of(0));
        assertThat(staged.out()).isEqualTo(expanded.out());
    }

    @Test
    void checkWithADimensionThatIsNeverPositive() throws IOException {
        Path f = file("vector v(n - n*n)\nf = sum(v)\n");
        Runs.Run r = honoured(Runs.run(BUDGET, "check", f.toString()), Set.of(2));
        assertThat(r.err()).contains("found no sizes that make the dimension n - n*n positive");
        // 2*n - n*n is positive at n = 1 alone, which growing n from its default never reaches
        honoured(Runs.run(BUDGET, "check", file("vector v(2*n - n*n)\nf = sum(v)\n").toString()), Set.of(0));
        // the same through conv: an n×n kernel on a 1×1 image is valid at n = 1 alone, where it is checked
        Path g = file("scalar c\nmatrix B(n, n), T(n, n)\nf = sum(kron(T, conv(c, B)))\n");
        honoured(Runs.run(BUDGET, "check", g.toString()), Set.of(0));
    }

    @Test
    void anElementwisePowerOfAnArgumentThatSimplifiesToANumber() {
        for (String e : new String[] {"sqnorm((0*B).^2)", "sum(((0*B).^0.5).^2)"}) {
            Runs.Run r = honoured(Runs.run(BUDGET, "derive", "-e", e, "--no-steps"), Set.of(0));
            assertThat(r.out()).as(e).startsWith("∇_B f = ");
        }
    }

    @Test
    void convolutionWithAKernelOfWidthOrHeightOne() throws IOException {
        for (String kernel : new String[] {"matrix K(r, 1)", "matrix K(1, 2)", "matrix K(1, 1)", "scalar K"}) {
            Path f = file("matrix X(p, q)\n" + kernel + "\nf = sum(conv(X, K))\n");
            Runs.Run r = honoured(Runs.run(BUDGET, "derive", f.toString(), "--no-steps"), Set.of(0));
            assertThat(r.out()).as(kernel).contains("∇_X f = ", "∇_K f = ");
            honoured(Runs.run(BUDGET, "check", f.toString()), Set.of(0));
        }
    }

    @Test
    void anExpressionThatLooksLikeAnOption() {
        // e is a scalar (a–g), so -e is a valid objective with gradient -1
        Runs.Run r = honoured(Runs.run(BUDGET, "derive", "-e", "-e", "--no-steps"), Set.of(0));
        assertThat(r.out()).isEqualTo("∇_e f = -1\n");
        Runs.Run eq = honoured(Runs.run(BUDGET, "derive", "--expression=-e", "--no-steps"), Set.of(0));
        assertThat(eq.out()).isEqualTo("∇_e f = -1\n");
    }

    // ------------------------------------------------------------ found by NumericInputTest

    private Path data(String json) throws IOException {
        return Files.writeString(dir.resolve("data.json"), json);
    }

    @Test
    void determinantAtASingularMatrixNamesAnInverseTheUserDidNotWrite() throws IOException {
        Path det = file("matrix A(n, n)\nf = det(A)\n");
        // fixed in issue 15: det's gradient is evaluated through the adjugate where A is singular
        Runs.Run r = honoured(Runs.run(BUDGET, "eval", det.toString(), "--data", data("{\"A\": [[1, 2], [2, 4]]}").toString()), Set.of(0));
        assertThat(r.out()).isEqualTo("f = 0\n∇_A f =\n  [ 4, -2]\n  [-2,  1]\n");
        Path logdet = file("matrix A(n, n)\nf = logdet(A)\n");
        Runs.Run l = honoured(Runs.run(BUDGET, "eval", logdet.toString(), "--data", data("{\"A\": [[1, 1], [1, 1.000000000000001]]}").toString()),
                Set.of(2));
        assertThat(l.err()).contains("logdet(A)");
    }

    @Test
    void nanAndInfinityTokensInTheDataGetAGenericMessage() throws IOException {
        Path p = file("vector w(n)\nf = sum(w)\n");
        for (String token : new String[] {"NaN", "Infinity", "-Infinity"}) {
            Runs.Run r = honoured(Runs.run(BUDGET, "eval", p.toString(), "--data", data("{\"w\": [" + token + ", 1]}").toString()), Set.of(2));
            assertThat(r.err()).as(token).startsWith(dir.resolve("data.json") + ":1:8: ");
            assertThat(r.err().lines().findFirst().orElse("")).as(token).contains(token.replace("-", ""));
        }
    }

    @Test
    void aVectorGivenAsARowIsReportedAsADimensionClash() throws IOException {
        Path p = file("matrix X(m, n)\nvector w(n), y(m)\nf = (X*w - y)'*(X*w - y)\n");
        Path d = data("{\"X\": [[1, 2], [3, 4]], \"w\": [[1, 2]], \"y\": [1, 2]}");
        Runs.Run r = honoured(Runs.run(BUDGET, "eval", p.toString(), "--data", d.toString()), Set.of(2));
        assertThat(r.err()).contains("'w' is declared a vector");
    }

    @Test
    void aValueForAnIntermediateIsCalledUndeclared() throws IOException {
        Path p = file("vector x(n)\ny = 2*x\nf = sum(y)\n");
        Runs.Run r = honoured(Runs.run(BUDGET, "eval", p.toString(), "--data", data("{\"x\": [1, 2], \"y\": [2, 4]}").toString()), Set.of(2));
        assertThat(r.err()).doesNotContain("does not declare").contains("'y'");
    }

    // ------------------------------------------------------------ found by HugeInputTest

    @Test
    void theLibraryOnADefaultStack() throws InterruptedException {
        String[] programs = {
                "vector x\nf = " + "(".repeat(4000) + "x'*x" + ")".repeat(4000),
                "vector x\nf = " + "-".repeat(100_000) + "x'*x",
                "scalar a\nf = a" + "^1".repeat(100_000),
        };
        for (String program : programs) {
            Throwable[] thrown = {null};
            Thread t = new Thread(null, () -> {
                try {
                    dev.matdiff.MatDiff.parse(program).derive(program.startsWith("scalar") ? "a" : "x");
                } catch (Throwable e) {
                    thrown[0] = e;
                }
            }, "default-stack", 1L << 20);
            t.start();
            t.join();
            // either it works, or it is refused as bad input with a message
            if (thrown[0] != null) assertThat(thrown[0]).isInstanceOf(dev.matdiff.source.MatDiffException.class);
        }
    }
}
