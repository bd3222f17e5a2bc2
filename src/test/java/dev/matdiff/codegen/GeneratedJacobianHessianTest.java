package dev.matdiff.codegen;

import com.google.gson.JsonObject;

import dev.matdiff.MatDiff;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * f_and_jacobian and f_and_hessian, run: the Jacobians of vector and matrix objectives (Kronecker
 * products, commutation(m, n), a row objective, a scalar and a symmetric variable), and the
 * Hessians of {@code codegen --hessian} for hand-picked objectives (x'Ax, logistic regression,
 * logdet(X), tr(X'AX), a scalar variable, a symmetric one) and for every scalar sample. NumPy and
 * Java agree with matdiff's evaluator to 1e-9, their checks and main pass, the modules have nothing
 * for pyflakes and the classes compile under -Xlint:all with no diagnostic; PyTorch (when some
 * python3 imports it; tagged slow) agrees with the evaluator and with torch.autograd.
 */
class GeneratedJacobianHessianTest {

    /** Vector and matrix objectives, whose module has f_and_jacobian. */
    static final Map<String, String> JACOBIANS = new LinkedHashMap<>();
    /** Scalar objectives, written with --hessian. */
    static final Map<String, String> HESSIANS = new LinkedHashMap<>();

    static {
        JACOBIANS.put("jac-sigmoid-layer", "matrix W(m, n); vector x(n)\ny = sigmoid(W*x)\n");
        JACOBIANS.put("jac-matrix-product", "matrix X(m, n), A(n, p)\nF = X*A\n");
        JACOBIANS.put("jac-transpose", "matrix X(m, n)\nF = X'\n");
        JACOBIANS.put("jac-det-inverse", "matrix X(n, n)\nF = det(X)*inv(X)\n");
        JACOBIANS.put("jac-kron", "matrix A(m, n), B(p, q)\nF = kron(A, B)\n");
        JACOBIANS.put("jac-scalar-variable", "vector x(n); scalar s\ny = s*exp(x)\n");
        JACOBIANS.put("jac-row", "vector x(n)\ny = x'\n");
        JACOBIANS.put("jac-column-sums", "matrix A(m, n)\nF = sum(A, 1)\n");
        JACOBIANS.put("jac-symmetric", "symmetric S(n); vector x(n)\ny = S*x\n");
        HESSIANS.put("hess-quadratic-form", "vector x(n); matrix A(n, n)\nf = x'*A*x\n");
        HESSIANS.put("hess-logistic-regression", "matrix X(N, n); vector w(n); vector y(N) constant\nL = sum(softplus(X*w)) - y'*X*w\n");
        HESSIANS.put("hess-logdet", "matrix X(n, n)\nf = logdet(X)\n");
        HESSIANS.put("hess-trace", "matrix X(m, n), A(m, m)\nf = tr(X'*A*X)\n");
        HESSIANS.put("hess-scalar-variable", "scalar s; vector x(n)\nf = sum(exp(s*x))\n");
        HESSIANS.put("hess-symmetric-inverse", "symmetric S(n); vector x(n)\nf = x'*inv(S)*x\n");
        // (inv(A) + inv(A)')*(x - mu): the products of the inverse, not their sum (ComputedForms.overInverses)
        HESSIANS.put("hess-mahalanobis-general", "matrix A(n, n); vector x(n), mu(n)\nL = (x - mu)'*inv(A)*(x - mu)\n");
        // kron(eye(N), ones(k, k)) between two factors: multiplied block by block
        HESSIANS.put("hess-minibatch-softmax", "matrix W(k, n); matrix X(n, N) constant; matrix Y(k, N) constant\nassume sum(Y, 1) = 1\n"
                + "f = -sum(Y .* log(softmax(W*X)))\n");
        JACOBIANS.put("jac-block-diagonal", "matrix X(n, N), B(k, n)\nF = kron(eye(N), B)*vec(X) + (vec(X)'*kron(eye(N), B'))'\n");
    }

    @TempDir static Path dir;
    static final Map<String, Case> CASES = new LinkedHashMap<>();
    static InMemoryJavac.Result compiled;
    static Python.Worker python;

    static Stream<String> cases() { return CASES.keySet().stream(); }

    @BeforeAll
    static void generate() throws IOException {
        JACOBIANS.forEach((name, text) -> add(Case.of(name + ".mdiff", text, null, 13)));
        HESSIANS.forEach((name, text) -> add(Case.of(name + ".mdiff", text, null, 13, true)));
        try (Stream<Path> files = Files.list(Path.of("samples"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".mdiff")).sorted().toList()) {
                String text = Files.readString(p);
                // a vector objective (jacobian-linear-map) has no Hessian
                if (MatDiff.parse(text).program().objective(null).body().shape().isScalar()) add(Case.of("hess-" + p.getFileName(), text, null, 11, true));
            }
        }
        Map<String, String> sources = new LinkedHashMap<>();
        for (Case c : CASES.values()) {
            Files.writeString(module(c, Language.NUMPY), c.generate(Language.NUMPY));
            sources.put(c.javaClass(), c.generate(Language.JAVA));
        }
        compiled = InMemoryJavac.compile(sources);
        python = new Python.Worker();
    }

    private static void add(Case c) { CASES.put(c.name(), c); }

    @AfterAll
    static void stop() throws IOException {
        if (python != null) python.close();
        if (torch != null) torch.close();
    }

    static Path module(Case c, Language language) {
        return dir.resolve(c.name().replace('-', '_').replace(".mdiff", "") + "_" + language.flag() + ".py");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void numpyAgreesWithMatdiffsEvaluatorAndChecksItself(String name) throws IOException {
        Case c = CASES.get(name);
        JsonObject answer = run(python, c, Language.NUMPY);
        Returned.assertAgree(c, Returned.fromPython(c, answer), Case.RELATIVE, "NumPy");
    }

    @Test
    void numpyModulesHaveNothingForPyflakes() {
        List<String> command = new ArrayList<>(Python.pyflakes());
        for (Case c : CASES.values()) command.add(module(c, Language.NUMPY).toString());
        Python.Run r = Python.run(command, null);
        assertThat(r.output()).isEmpty();
    }

    /** Java source is ASCII; its header says ∇, ∇², ∂ and × in words a reader of the file can read, not as Unicode escapes. */
    @Test
    void theJavaHeaderReadsInAsciiWords() {
        String jacobian = CASES.get("jac-sigmoid-layer.mdiff").generate(Language.JAVA);
        String hessian = CASES.get("hess-quadratic-form.mdiff").generate(Language.JAVA);
        assertThat(jacobian.lines().filter(l -> l.startsWith("//")).toList()).anyMatch(l -> l.contains(" x n matrix"))
                .anyMatch(l -> l.matches("//     dy/dvec\\(W\\) = .*")).noneMatch(l -> l.contains("\\u"));
        assertThat(hessian.lines().filter(l -> l.startsWith("//")).toList()).anyMatch(l -> l.startsWith("//     grad_x f = "))
                .anyMatch(l -> l.startsWith("//     Hessian_x f = ")).noneMatch(l -> l.contains("\\u"));
    }

    /** f_and_jacobian and f_and_hessian open with the shape checks f_and_grad has. */
    @Test
    void aWrongSizeIsAValueErrorNamingTheSymbolAndBothSizes() {
        String call = "import sys, numpy as np; sys.path.insert(0, '" + dir + "'); import %s as m; m.%s";
        Python.Run jacobian = Python.run(List.of(Python.interpreter(), "-c", call.formatted(moduleName("jac-sigmoid-layer.mdiff"),
                "f_and_jacobian(np.ones((3, 4)), np.ones(5))")), dir);
        assertThat(jacobian.output()).contains("ValueError: x has 5 entries, but W has 4 columns (both are n)");
        Python.Run hessian = Python.run(List.of(Python.interpreter(), "-c", call.formatted(moduleName("hess-quadratic-form.mdiff"),
                "f_and_hessian(np.ones(3), np.ones((4, 3)))")), dir);
        assertThat(hessian.output()).contains("ValueError: A has 4 rows, but x has 3 entries (both are n)");
    }

    /** CLI.md's f_and_grad and check_grad are there for a vector objective too: its Jacobians under the names every module has. */
    @Test
    void aVectorObjectivesModuleAnswersToTheContractsNames() {
        String call = "import sys, numpy as np; sys.path.insert(0, '" + dir + "'); import %s as m; W = np.arange(12.0).reshape(3, 4) / 7; x = np.ones(4);"
                + " a = m.f_and_grad(W, x); b = m.f_and_jacobian(W, x); print(np.array_equal(a[0], b[0]) and np.array_equal(a[1]['W'], b[1]['W']),"
                + " m.check_grad(W, x) <= m.TOLERANCE)";
        Python.Run r = Python.run(List.of(Python.interpreter(), "-c", call.formatted(moduleName("jac-sigmoid-layer.mdiff"))), dir);
        assertThat(r.output().strip()).endsWith("True True");
    }

    /** A row objective is returned 2-D, (1, n), as eval prints it ([[…]]) and as a 1×n argument is passed (trial s75a: it was 1-D). */
    @Test
    void aRowObjectiveIsTwoDimensional() {
        String call = "import sys, numpy as np; sys.path.insert(0, '" + dir + "'); import %s as m; print(np.shape(m.f_and_grad(%s)[0]))";
        Python.Run row = Python.run(List.of(Python.interpreter(), "-c", call.formatted(moduleName("jac-row.mdiff"), "np.ones(4)")), dir);
        assertThat(row.output().strip()).isEqualTo("(1, 4)");
        Python.Run sums = Python.run(List.of(Python.interpreter(), "-c", call.formatted(moduleName("jac-column-sums.mdiff"), "np.ones((3, 4))")), dir);
        assertThat(sums.output().strip()).isEqualTo("(1, 4)");
        // a column stays 1-D, as a vector argument is
        Python.Run column = Python.run(List.of(Python.interpreter(), "-c", call.formatted(moduleName("jac-sigmoid-layer.mdiff"), "np.ones((3, 4)), np.ones(4)")), dir);
        assertThat(column.output().strip()).isEqualTo("(3,)");
    }

    /** A product with kron(eye(p), B) is taken block by block in every language: formed, it has p² blocks (trial s65b: 5 GB). */
    @Test
    void aBlockDiagonalFactorIsNeverFormed() {
        Case softmax = CASES.get("hess-minibatch-softmax.mdiff");
        assertThat(softmax.generate(Language.NUMPY)).contains("_blocktimes(").doesNotContain("np.kron(np.eye(");
        assertThat(softmax.generate(Language.TORCH)).contains("_blocktimes(").doesNotContain("torch.eye(N");
        assertThat(softmax.generate(Language.JAVA)).contains("blockTimes(").doesNotContain("createRealIdentityMatrix(N)");
        // the Jacobian kron(eye(N), B) is itself a result, formed; F's two products are not
        for (Language language : List.of(Language.NUMPY, Language.TORCH, Language.JAVA))
            assertThat(CASES.get("jac-block-diagonal.mdiff").generate(language)).containsIgnoringCase("blocktimes(").containsIgnoringCase("timesblock(");
    }

    /** A constant derivative of a one-element variable is an array of floats, as every other result is, not of ints (trial s65b). */
    @Test
    void aConstantDerivativeOfAOneElementVariableIsFloat() throws IOException {
        Map<String, String> programs = Map.of(
                "np.ones(1)", "vector x(1)\nf = x'*x\n",
                "np.ones((1, 1))", "matrix X(1, 1)\nf = sum(X)\n",
                "1.5", "scalar a\nf = 3*a^2\n");
        for (var p : programs.entrySet()) {
            Case c = Case.of("one-element.mdiff", p.getValue(), null, 13, true);
            Files.writeString(dir.resolve("one_element.py"), c.generate(Language.NUMPY));
            String call = "import sys, numpy as np; sys.path.insert(0, '" + dir + "'); import one_element as m;"
                    + " f, g, h = m.f_and_hessian(" + p.getKey() + "); print(sorted({str(np.asarray(v).dtype) for d in (g, h) for v in d.values()}))";
            Python.Run r = Python.run(List.of(Python.interpreter(), "-c", call), dir);
            assertThat(r.output().strip()).as(p.getValue()).isEqualTo("['float64']");
        }
    }

    private static String moduleName(String c) { return module(CASES.get(c), Language.NUMPY).getFileName().toString().replace(".py", ""); }

    @Test
    void javaCompilesWithoutADiagnostic() {
        compiled.assertClean();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void javaAgreesWithMatdiffsEvaluatorAndChecksItself(String name) throws Exception {
        Case c = CASES.get(name);
        Class<?> cls = compiled.load(c.javaClass());
        Returned.assertJavaAgreesAndChecksPass(c, cls, c.text());
    }

    static Python.Worker torch;

    @ParameterizedTest
    @MethodSource("cases")
    @Tag("slow")
    void torchAgreesWithMatdiffsEvaluatorAndWithAutograd(String name) throws IOException {
        if (torch == null) {
            String interpreter = Python.torchInterpreter();
            Assumptions.assumeTrue(interpreter != null, "no python3 imports torch: the generated PyTorch modules are not run");
            torch = new Python.Worker(interpreter);
        }
        Case c = CASES.get(name);
        Files.writeString(module(c, Language.TORCH), c.generate(Language.TORCH));
        JsonObject answer = run(torch, c, Language.TORCH);
        Returned.assertAgree(c, Returned.fromPython(c, answer), Case.RELATIVE, "PyTorch");
        assertThat(answer.get("autograd").getAsDouble()).as("torch.autograd against the generated derivatives").isLessThanOrEqualTo(Case.RELATIVE);
        List<String> pyflakes = new ArrayList<>(Python.pyflakes());
        pyflakes.add(module(c, Language.TORCH).toString());
        Python.Run lint = Python.run(pyflakes, null);
        assertThat(lint.output()).isEmpty();
    }

    /** The module run by the worker, its checks and its main passing. */
    private static JsonObject run(Python.Worker worker, Case c, Language language) throws IOException {
        JsonObject request = c.request(module(c, language).toString(), language);
        request.addProperty("main", true);
        JsonObject answer = worker.call(request);
        Returned.assertChecksPass(Returned.pythonChecks(answer), answer.get("printed").getAsString());
        assertThat(answer.get("main").getAsInt()).as("main's exit code: " + answer.get("printed").getAsString()).isZero();
        return answer;
    }
}
