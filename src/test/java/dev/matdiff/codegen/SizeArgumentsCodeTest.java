package dev.matdiff.codegen;


import dev.matdiff.MatDiff;
import dev.matdiff.expr.Dim;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A size no argument's shape gives (the p of kron(eye(p), X), the k of sum(ones(k)); found by a user trial, where
 * codegen refused what eval and check did) is a parameter of its own after the symbols, an int checked to be a
 * positive integer: NumPy and Java agree with matdiff's evaluator given that size, their checks and main pass (main
 * at the size it draws data of), for gradients, Jacobians and Hessians, with nothing for pyflakes and no javac
 * diagnostic; a size that is 0 or not an integer is the
 * generated code's error; the PyTorch module is written the same way (run, when PyTorch is installed, by
 * GeneratedTorchTest's kind of test, not here).
 */
class SizeArgumentsCodeTest {

    static final String KRON = "matrix X(m,n); sqnorm(kron(eye(p), X))";
    static final String ONES = "vector x(n); sum(x)*sum(ones(k))";

    /** Each program with its variables and whether --hessian is asked; the Jacobian's objective is a matrix. */
    record Program(String text, List<String> wrt, boolean hessian) {}

    static final Map<String, Program> PROGRAMS = new LinkedHashMap<>();

    static {
        PROGRAMS.put("size-kron", new Program(KRON, List.of("X"), false));
        PROGRAMS.put("size-ones", new Program(ONES, List.of("x"), false));
        PROGRAMS.put("size-kron-jacobian", new Program("matrix X(m,n); kron(eye(p), X)", List.of("X"), false));
        PROGRAMS.put("size-ones-jacobian", new Program("vector x(n); x*sum(ones(k))", List.of("x"), false));
        PROGRAMS.put("size-kron-hessian", new Program(KRON, List.of("X"), true));
        PROGRAMS.put("size-ones-hessian", new Program("vector x(n); sqnorm(x)*sum(ones(k)) + sum(kron(ones(q), x))", List.of("x"), true));
        // a size a shape check alone needs: X's rows are p - r + 1, and neither p nor r is a whole axis
        PROGRAMS.put("size-of-a-shape", new Program("matrix X(p - r + 1, n); sum(X .* X)", List.of("X"), false));
        // a constant scalar named as a dimension is that size: checked so, and drawn so by random_point and main
        // a size a product of sides gives, the other factor read first (trial s68b): the caller passes the symbols alone
        PROGRAMS.put("size-from-a-product", new Program("matrix G(n*q, n*q); matrix B(q, q); sqnorm(kronblocks(G, B))", List.of("G", "B"), false));
        PROGRAMS.put("size-from-a-vector", new Program("matrix X(m,n); vector v(p*n); sqnorm(kron(eye(p), X)*v)", List.of("X", "v"), false));
        PROGRAMS.put("size-named-scalar", new Program("matrix X(D, N) constant; vector w(D); scalar N constant; sqnorm(X'*w)/N", List.of("w"), false));
    }

    @TempDir static Path dir;
    static final Map<String, Case> CASES = new LinkedHashMap<>();
    static InMemoryJavac.Result compiled;
    static Python.Worker python;

    static Stream<String> cases() { return CASES.keySet().stream(); }

    static Path module(Case c) { return dir.resolve(c.name().replace('-', '_').replace(".mdiff", "") + ".py"); }

    @BeforeAll
    static void generate() throws IOException {
        PROGRAMS.forEach((name, p) -> CASES.put(name + ".mdiff", Case.of(name + ".mdiff", p.text(), p.wrt(), 5, p.hessian())));
        Map<String, String> sources = new LinkedHashMap<>();
        for (Case c : CASES.values()) {
            Files.writeString(module(c), c.generate(Language.NUMPY));
            sources.put(c.javaClass(), c.generate(Language.JAVA));
        }
        compiled = InMemoryJavac.compile(sources);
        compiled.write(Files.createDirectories(dir.resolve("classes")));
        python = new Python.Worker();
    }

    @AfterAll
    static void stop() throws IOException { if (python != null) python.close(); }

    @Test
    void theSizesAreTheOnesNoShapeGivesInTheOrderTheCodeFirstNeedsThem() {
        assertThat(CASES.get("size-kron.mdiff").sizes()).containsOnlyKeys("p");
        assertThat(CASES.get("size-ones.mdiff").sizes()).containsOnlyKeys("k");
        assertThat(CASES.get("size-ones-hessian.mdiff").sizes().keySet()).containsExactly("k", "q");
        assertThat(CASES.get("size-of-a-shape.mdiff").sizes().keySet()).containsExactly("p", "r");
        assertThat(CASES.get("size-from-a-product.mdiff").sizes()).isEmpty();
        assertThat(CASES.get("size-from-a-vector.mdiff").sizes()).isEmpty();
        // every size read from a shape stays so: no parameter of its own
        assertThat(Case.of("lr.mdiff", "matrix X(m, n); vector w(n), y(m)\nL = sqnorm(X*w - y)\n", List.of("w"), 5).sizes()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void numpyAgreesWithMatdiffsEvaluatorAndItsMainPasses(String name) throws IOException {
        Case c = CASES.get(name);
        Returned.assertNumpyAgreesAndMainPasses(python, c, module(c).toString());
    }

    @Test
    void numpyModulesHaveNothingForPyflakes() {
        List<String> command = new java.util.ArrayList<>(Python.pyflakes());
        for (Case c : CASES.values()) command.add(module(c).toString());
        Python.Run r = Python.run(command, null);
        assertThat(r.output()).isEmpty();
        assertThat(r.exit()).isZero();
    }

    @Test
    void javaCompilesWithoutADiagnostic() {
        compiled.assertClean();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void javaAgreesWithMatdiffsEvaluatorAndItsMainPasses(String name) throws Exception {
        Case c = CASES.get(name);
        Class<?> cls = compiled.load(c.javaClass());
        Returned.assertJavaAgreesAndChecksPass(c, cls, c.name());
        Python.Run r = Python.run(List.of(GeneratedCodeTest.javaBinary(), "-cp",
                dir.resolve("classes") + java.io.File.pathSeparator + InMemoryJavac.commonsMath(), c.javaClass()), null);
        assertThat(r.exit()).as(c.name() + ": " + r.output()).isZero();
        assertThat(r.output()).as(c.name()).contains("passed").doesNotContain("FAILED");
    }

    @Test
    void theModuleSaysWhatItTakesAndMainChecksAtTheSizeItDraws() throws IOException {
        Case c = CASES.get("size-kron.mdiff");
        String numpy = Files.readString(module(c));
        assertThat(numpy).contains("# Sizes no symbol's shape gives, the arguments after the symbols in this order:\n#     p: a positive int\n")
                .contains("def f_and_grad(X, p):").contains("    Then the sizes no symbol's shape gives, p, as positive ints.\n")
                .contains("    p = _size(\"p\", p)\n").contains("def check_grad(X, p, seed=0, directions=4):")
                .contains("f_and_grad(X + t * d_X, p)").contains("SIZES = {\"m\": 3, \"n\": 4, \"p\": 5}")
                .contains("    m, n, p = sizes[\"m\"], sizes[\"n\"], sizes[\"p\"]\n").contains("            p)\n");
        String java = c.generate(Language.JAVA);
        assertThat(java).contains("// Sizes no symbol's shape gives, the arguments after the symbols in this order:\n//     p: a positive int\n")
                .contains("public static Result fAndGrad(RealMatrix X, int p)").contains("public record Point(RealMatrix X, int p)")
                .contains("checkGrad(RealMatrix X, int p, long seed, int directions)").contains("fAndGrad(p.X(), p.p())")
                .contains("int m = 3, n = 4, p = 5;");
        // the data is drawn of p = 5, which the module passes on and checks at
        Python.Run run = Python.run(List.of(Python.interpreter(), "-c", "import sys; sys.path.insert(0, '" + dir + "'); import "
                + module(c).getFileName().toString().replace(".py", "") + " as m; point = m.random_point(); print(point[1], point[0].shape)"), dir);
        assertThat(run.output().trim()).isEqualTo("5 (3, 4)");
    }

    /** PyTorch's module is written as NumPy's: the size after the symbols, checked, passed on; the device read from the tensors alone. */
    @Test
    void theTorchModuleTakesTheSizeTheSameWay() {
        String torch = CASES.get("size-kron-hessian.mdiff").generate(Language.TORCH);
        assertThat(torch).contains("#     p: a positive int\n").contains("def f_and_grad(X, p):").contains("def f_and_hessian(X, p):")
                .contains("def check_hessian(X, p, seed=0, directions=4):").contains("    p = _size(\"p\", p)\n")
                .contains("_device_of(X)\n").contains("def _size(name, value):").contains("torch.eye(p");
    }

    @Test
    void aSizeThatIsNotAPositiveIntegerIsTheModulesValueError() {
        Case c = CASES.get("size-kron.mdiff");
        String call = withModule(c, "for p in (0, -1, 2.5, 2.0, '3', True, None):\n"
                + "    try:\n        m.f_and_grad(np.ones((2, 3)), p)\n        print('taken', repr(p))\n"
                + "    except ValueError as e:\n        print(e)\n"
                + "print(m.f_and_grad(np.ones((2, 3)), np.int64(2))[0], m.check_grad(np.ones((2, 3)), 2) < 1e-5)");
        Python.Run r = Python.run(List.of(Python.interpreter(), "-c", call), dir);
        assertThat(r.exit()).as(r.output()).isZero();
        List<String> lines = r.output().lines().toList();
        assertThat(lines.subList(0, 7)).containsExactly(
                "p is a size, which must be a positive integer, not 0",
                "p is a size, which must be a positive integer, not -1",
                "p is a size, which must be a positive integer, not 2.5",
                "p is a size, which must be a positive integer, not 2.0",
                "p is a size, which must be a positive integer, not '3'",
                "p is a size, which must be a positive integer, not True",
                "p is a size, which must be a positive integer, not None");
        // a NumPy integer is a size too; check_grad takes the size as f_and_grad does
        assertThat(lines.subList(7, lines.size())).as(r.output()).hasSize(2);
        assertThat(lines.get(7)).startsWith("check_grad: worst relative error").contains("passed");
        assertThat(lines.get(8)).isEqualTo("12.0 True");
    }

    @Test
    void aSizeThatIsNotPositiveIsJavasIllegalArgument() {
        Method f = GeneratedCodeTest.method(compiled.load(CASES.get("size-ones.mdiff").javaClass()), "fAndGrad");
        Object[] args = {new org.apache.commons.math3.linear.ArrayRealVector(3), 0};
        assertThatThrownBy(() -> f.invoke(null, args)).cause()
                .isInstanceOf(IllegalArgumentException.class).hasMessage("k is a size, which must be a positive integer, not 0");
    }

    /** Python code that imports c's module as m, then runs {@code code}. */
    static String withModule(Case c, String code) {
        return "import sys, numpy as np; sys.path.insert(0, '" + dir + "'); import " + module(c).getFileName().toString().replace(".py", "") + " as m\n" + code;
    }

    /**
     * The Python call {@code accepted} prints {@code printed}; the call {@code refused} raises, and Java's fAndGrad called
     * with {@code javaArgs} throws, the same message.
     */
    static void acceptsThenRefuses(Case c, String accepted, String printed, String refused, String message, Object... javaArgs) {
        Python.Run ok = Python.run(List.of(Python.interpreter(), "-c", withModule(c, "print(" + accepted + ")")), dir);
        assertThat(ok.output()).isEqualTo(printed + "\n");
        Python.Run r = Python.run(List.of(Python.interpreter(), "-c", withModule(c, refused)), dir);
        assertThat(r.output()).contains("ValueError: " + message);
        Method f = GeneratedCodeTest.method(compiled.load(c.javaClass()), "fAndGrad");
        assertThatThrownBy(() -> f.invoke(null, javaArgs)).cause().isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    /** scalar N beside X(D, N) must be X's columns, in NumPy and Java, as eval holds it (review: N = 10 beside 3 columns passed). */
    @Test
    void aScalarNamedAsADimensionMustBeThatSize() {
        acceptsThenRefuses(CASES.get("size-named-scalar.mdiff"), "m.f_and_grad(np.ones((2, 3)), np.ones(2), 3)[0]", "4.0",
                "m.f_and_grad(np.ones((2, 3)), np.ones(2), 10)", "N is 10.0, but the shapes make the size N 3 (the scalar N is that size)",
                MatrixUtils.createRealMatrix(2, 3), new org.apache.commons.math3.linear.ArrayRealVector(2), 10.0);
    }

    /** A size the shape checks read: X's rows against p - r + 1 of the sizes passed, said with where each came from. */
    @Test
    void aShapeAgainstTheSizesPassedIsCheckedAgainstThem() {
        acceptsThenRefuses(CASES.get("size-of-a-shape.mdiff"), "m.f_and_grad(np.ones((2, 3)), 4, 3)[0]", "6.0", "m.f_and_grad(np.ones((2, 3)), 4, 2)",
                "X has 2 rows, but p - r + 1 = 3 (p: the size argument p, r: the size argument r)", MatrixUtils.createRealMatrix(2, 3), 4, 2);
    }

    /** n of G(n*q, n*q) is G's rows over B's: read so, and a G whose sides q does not divide is refused, saying where each size came from. */
    @Test
    void aSizeAProductGivesIsReadAndItsAxisChecked() {
        String message = "G has 7 rows, which is not a positive multiple of q = 2 (n: the rows of G over q)";
        acceptsThenRefuses(CASES.get("size-from-a-product.mdiff"), "m.f_and_grad(np.ones((6, 6)), np.ones((2, 2)))[0]", "144.0",
                "m.f_and_grad(np.ones((7, 7)), np.ones((2, 2)))", message, MatrixUtils.createRealMatrix(7, 7), MatrixUtils.createRealMatrix(2, 2));
    }

    /** A size the code needs that is neither read nor passed is an error at the objective's definition, as the CLI prints one. */
    @Test
    void aSizeNoOneGivesIsAnErrorAtTheObjective() {
        MatDiff m = MatDiff.parse("matrix X(m, n)\nf = sqnorm(kron(eye(p), X))\n");
        Signature s = new Signature(List.copyOf(m.program().variables().values()), List.of(), m.program().position("f"));
        assertThatThrownBy(() -> s.requireBound(new Dim.Sym("p"), "a value")).isInstanceOfSatisfying(MatDiffException.class, e -> {
            assertThat(e.pos()).isNotEqualTo(Pos.NONE).isEqualTo(m.program().position("f"));
            assertThat(e.pos().line()).isEqualTo(2);
        });
    }
}
