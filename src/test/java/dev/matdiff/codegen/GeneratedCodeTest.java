package dev.matdiff.codegen;

import com.google.gson.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Code generated for every sample, run: the NumPy module by python3 (value and gradients, or the
 * Jacobians of a vector objective, equal to matdiff's own evaluator's on the same data to 1e-9, its
 * checks and its main passing, no
 * pyflakes message), the Java class compiled in this JVM with {@code -Xlint:all} (no diagnostic at
 * all) against Commons Math alone, with the same comparisons, and its main run in a JVM of its own.
 * Starting a Python or a JVM per sample is left to the full run (tagged slow).
 */
class GeneratedCodeTest {

    @TempDir static Path dir;
    static final Map<String, Case> CASES = new LinkedHashMap<>();
    static InMemoryJavac.Result compiled;
    static Python.Worker python;

    static Stream<String> samples() { return CASES.keySet().stream(); }

    @BeforeAll
    static void generate() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("samples"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".mdiff")).sorted().toList()) {
                Case c = Case.of(p.getFileName().toString(), Files.readString(p), null, 11);
                CASES.put(c.name(), c);
            }
        }
        Map<String, String> sources = new LinkedHashMap<>();
        for (Case c : CASES.values()) {
            Files.writeString(module(c), c.generate(Language.NUMPY));
            sources.put(c.javaClass(), c.generate(Language.JAVA));
        }
        compiled = InMemoryJavac.compile(sources);
        python = new Python.Worker();
    }

    @AfterAll
    static void stop() throws IOException { if (python != null) python.close(); }

    static Path module(Case c) { return dir.resolve(c.name().replace('-', '_').replace(".mdiff", "") + ".py"); }

    // ---- NumPy

    @ParameterizedTest
    @MethodSource("samples")
    void numpyAgreesWithMatdiffsEvaluator(String sample) throws IOException {
        Case c = CASES.get(sample);
        Returned.assertNumpyAgreesAndMainPasses(python, c, module(c).toString());
    }

    /**
     * A vector filled with one number (a gradient of 0, a constant vector(2)) has a tuple size in both
     * Pythons: torch.full(n, c) is a TypeError (GeneratedTorchTest runs the PyTorch module).
     */
    @Test
    void aFilledVectorHasATupleSize() throws IOException {
        for (String text : List.of("vector x(n)\nf = sum(sign(x))\n", "vector x(n)\nf = sum(vector(3) .* x)\n")) {
            Case c = Case.of("filled.mdiff", text, List.of("x"), 5);
            assertThat(c.generate(Language.TORCH)).contains("torch.full((n,), ").doesNotContain("torch.full(n,");
            String numpy = c.generate(Language.NUMPY);
            assertThat(numpy).contains("np.full((n,), ").doesNotContain("np.full(n,");
            Path module = dir.resolve("filled.py");
            Files.writeString(module, numpy);
            JsonObject request = c.request(module.toString(), Language.NUMPY);
            request.addProperty("main", true);
            JsonObject answer = python.call(request);
            Returned.assertAgree(c, Returned.fromPython(c, answer), Case.RELATIVE, "NumPy");
            assertThat(answer.get("main").getAsInt()).as("main's exit code: " + answer.get("printed").getAsString()).isZero();
        }
    }

    /** Multiplying by diag(v) is a scaling of the other factor, in a product and in a product's trace (weighted least squares). */
    /** A product through ones(n, n) goes through its vectors: sum(inv(A))'s gradient is an outer product, never an n×n ones. */
    @Test
    void aProductThroughAMatrixOfOnesIsAnOuterProduct() throws IOException {
        String text = "matrix A(n, n), X(n, n), B(n, n)\nf = sum(inv(A)) + sum(A*X*B)\n";
        assertThat(agreesWithEval("ones", text, List.of("A", "X"))).contains("np.outer(").doesNotContain("np.ones((n, n))");
        // not square: ∇X sum(C·X·D) = Cᵀ·ones(m, q)·Dᵀ, the two vectors of their own sizes
        String oblong = "matrix C(m, n), X(n, p), D(p, q)\nf = sum(C*X*D)\n";
        assertThat(agreesWithEval("oblong", oblong, List.of("X"))).contains("np.outer(").doesNotContain("np.ones((m, q))");
    }

    /** A power beside a vector is multiplied into it: yᵀK⁻²y is (yᵀK⁻¹)(K⁻¹y), n² flops on the one inverse, never K⁻² (n³). */
    @Test
    void aPowerBesideAVectorIsMultipliedIntoIt() throws IOException {
        String text = "symmetric K0(n) constant\nvector y(n) constant\nscalar s, sn\nK = s*K0 + sn*eye(n)\n"
                + "L = -y'*inv(K)*y/2 - logdet(K)/2\n";
        assertThat(agreesWithEval("power", text, List.of("s", "sn"))).doesNotContain("matrix_power");
        // positive and negative powers expanded in f's chains agree with eval (the gradient's (A³ + A³ᵀ)x keeps its powers)
        assertThat(agreesWithEval("cube", "matrix A(n, n)\nvector x(n)\nf = x'*A^3*x + x'*A^-2*x\n", List.of("x"))).contains("def f_and_grad");
    }

    @Test
    void aDiagonalFactorIsAScaling() throws IOException {
        String text = "matrix X(m, n) constant\nvector v(m) constant\nmatrix W(n, k)\nmatrix Y(m, k) constant\n"
                + "R = X*W - Y\nf = tr(R'*diag(v)*R) + sum(X'*diag(v)*X*W)\n";
        assertThat(agreesWithEval("diagonal", text, List.of("W"))).doesNotContain("np.diag(");
    }

    /** A chain past the order search's reach is planned in blocks, as the evaluator's is (trial s75c: 4,000 factors ran past 2 min). */
    @Test
    void aChainPastTheSearchIsPlannedInBlocks() throws IOException {
        String chain = String.join("*", java.util.Collections.nCopies(dev.matdiff.linalg.ChainOrder.MAX_SEARCHED + 50, "A"));
        assertThat(agreesWithEval("long-chain", "vector x(k), y(k)\nmatrix A(k, k)\nA1 = A/(1 + norm(A))\nL = x'*" + chain.replace("A", "A1") + "*y\n",
                List.of("x", "y"))).contains("def f_and_grad");
    }

    /** A long sum is written in groups of 100 in parentheses: 3,000 terms nested past Python's compiler (trial s75c: RecursionError). */
    @Test
    void aLongSumIsWrittenInGroups() throws IOException {
        StringBuilder sum = new StringBuilder("sum(exp(x))");
        for (int i = 2; i <= 250; i++) sum.append(i % 3 == 0 ? " - " : " + ").append("sum(exp(x/").append(i).append("))");
        String numpy = agreesWithEval("long-sum", "vector x(n)\nL = " + sum + "\n", List.of("x"));
        assertThat(numpy).containsPattern("\\) [+-] \\(");
    }

    /** The NumPy module of a program, run on its case's data: values and gradients as eval's, its checks passing. */
    private static String agreesWithEval(String name, String text, List<String> wrt) throws IOException {
        Case c = Case.of(name + ".mdiff", text, wrt, 7);
        String numpy = c.generate(Language.NUMPY);
        JsonObject answer = agreesInNumpy(c, numpy, name);
        Returned.assertChecksPass(Returned.pythonChecks(answer), answer.get("printed").getAsString());
        return numpy;
    }

    /** Cross-entropy through a named sigmoid at logits of ±900, where σ rounds to 0 and 1: the loss is 1800 + log 2, not ∞ or NaN. */
    @Test
    void theLogOfASigmoidIsFiniteWhereTheSigmoidUnderflows() throws IOException {
        String text = "matrix X(m, n)\nvector w(n), y(m)\np = sigmoid(X*w)\nL = -sum(y .* log(p) + (ones(m) - y) .* log(ones(m) - p))\n";
        Case c = Case.of("confident.mdiff", text, List.of("w"), 7);
        String numpy = c.generate(Language.NUMPY);
        Path module = dir.resolve("confident.py");
        Files.writeString(module, numpy);
        String call = "import sys, numpy as np; sys.path.insert(0, '" + dir + "'); import confident as m; "
                + "L, g = m.f_and_grad([[1, 0], [0, 1], [1, 1]], [900, -900], [0, 1, 1]); print(repr(L), g['w'].tolist())";
        Python.Run r = Python.run(List.of(Python.interpreter(), "-W", "error", "-c", call), dir);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output().trim()).isEqualTo(repr(1800 + Math.log(2)) + " [0.5, -1.5]");
    }

    /**
     * log(sum(exp(·))) of a matrix and of a vector, and the matrix's gradient exp(X)/sum(exp(X)), at entries of 1000:
     * computed shifted by the largest entry, as eval computes them, not as the overflowing formulas.
     */
    @Test
    void aLogSumExpAndItsGradientAreFiniteAtLargeEntries() throws IOException {
        String text = "matrix X(m, n)\nvector x(n)\nL = log(sum(exp(X))) + log(sum(exp(x)))\n";
        Case c = Case.of("lse.mdiff", text, List.of("X", "x"), 7);
        String numpy = c.generate(Language.NUMPY);
        assertThat(numpy).doesNotContain("np.exp(X)").contains("_softmax(");
        assertThat(c.generate(Language.JAVA)).contains("unvec(softmax(");
        JsonObject answer = agreesInNumpy(c, numpy, "lse");
        Returned.assertChecksPass(Returned.pythonChecks(answer), answer.get("printed").getAsString());
        String call = "import sys, numpy as np; sys.path.insert(0, '" + dir + "'); import lse as m; "
                + "L, g = m.f_and_grad([[1000, 1000], [0, -1000]], [1000, 1000]); print(repr(L), g['X'].tolist(), g['x'].tolist())";
        Python.Run r = Python.run(List.of(Python.interpreter(), "-W", "error", "-c", call), dir);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output().trim()).isEqualTo(repr(2000 + 2 * Math.log(2)) + " [[0.5, 0.5], [0.0, 0.0]] [0.5, 0.5]");
    }

    /**
     * A row repeated down the rows, ones(n)*(u' + v'), is the row itself in NumPy's broadcasting, and keeps its brackets:
     * A - ones(n)*(u' + ones(1, m)) was written A - u + 1 (found by a new user's trial, with the batch KL divergence's
     * gradient, whose terms matdiff merges into such a row itself).
     */
    @Test
    void aBroadcastRowKeepsItsBrackets() throws IOException {
        String text = "matrix A(n, m), B(n, m)\nvector u(m), v(m)\n"
                + "L = sum(A - ones(n)*(u' + ones(1, m))) + sqnorm(A - 2*ones(n)*(u' - v')) + sum(softmax(A) .* (log(softmax(A)) - log(softmax(B))))\n";
        assertThat(agreesWithEval("rows", text, List.of("A", "u", "v"))).contains("(u + 1)");
    }

    /** A negative constant term of a sum is subtracted, in Python and in Java: x - 2, not x + -2. */
    @Test
    void aNegativeConstantTermIsSubtracted() throws IOException {
        String text = "vector x(n)\nf = sqnorm(x - vector(2)) + sum(matrix(3) .* (x*x'))\n";
        assertThat(agreesWithEval("minus", text, List.of("x"))).contains("3 * np.sum(x) - 2").doesNotContain("+ -");
        assertThat(Case.of("minus.mdiff", text, List.of("x"), 7).generate(Language.JAVA)).contains("3.0 * sum(x) - 2.0").doesNotContain("+ -");
    }

    /** A⁻² in a gradient beside tr(A⁻¹): the module inverts once and squares that inverse, as eval shares it through A's factorisation. */
    @Test
    void aNegativePowerSharesTheInverse() throws IOException {
        String text = "matrix X(m, n)\nscalar lam constant\nL = tr(inv(X'*X + lam*eye(n)))\n";
        Case c = Case.of("inverse_power.mdiff", text, List.of("X"), 7);
        String numpy = c.generate(Language.NUMPY);
        assertThat(numpy).contains("#     ∇_X L = -2*X*(X'*X + lam*eye(n))^-2");
        assertThat(numpy.split("np\\.linalg\\.inv\\(", -1)).hasSize(2);
        assertThat(numpy).doesNotContain(", -2)");
        JsonObject answer = agreesInNumpy(c, numpy, "inverse_power");
    }

    /**
     * X'X and its inverse are symmetric by their form: the module solves with X'X as it is, never with its transpose,
     * and y'*X*inv(X'X)*X' is the transpose of the X*inv(X'X)*X'*y it has already computed (trial s69b: a second solve
     * with tmp1.T for the same product).
     */
    @Test
    void aGramMatrixIsNeverTransposedAndItsProductsAreShared() throws IOException {
        String text = "matrix X(6, 3)\nvector y(6) constant\nL = sqnorm(y - X*inv(X'*X)*X'*y)\n";
        Case c = Case.of("hat_residual.mdiff", text, List.of("X"), 7);
        String numpy = c.generate(Language.NUMPY);
        assertThat(numpy).contains("tmp1 = X.T @ X").doesNotContain("tmp1.T");
        assertThat(numpy.split("np\\.linalg\\.solve\\(tmp1, X\\.T @ y\\)", -1)).hasSize(2);
        assertThat(c.generate(Language.JAVA)).doesNotContain("tmp1.transpose()");
        JsonObject answer = agreesInNumpy(c, numpy, "hat_residual");
    }

    /** diag(c) beside a matrix scales its rows by broadcasting, c[:, None] * X.T, not by an outer product with ones (trial s69b). */
    @Test
    void aDiagonalScalingBroadcasts() throws IOException {
        Case c = Case.of("weighted_gram.mdiff", "matrix W(3, 4)\nmatrix X(4, 5) constant\nvector c(5) constant\nL = sum((W*X) .* (W*X), 1)*c\n",
                List.of("W"), 7);
        String numpy = c.generate(Language.NUMPY);
        assertThat(numpy).contains("#     ∇_W L = 2*W*X*diag(c)*X'", "c[:, None] * X.T").doesNotContain("np.outer(", "np.diag(");
        agreesInNumpy(c, numpy, "weighted_gram");
        // two broadcasts side by side have no full matrix to take their shape from: spelled whole (review s70r: a / b,
        // one row, where the program means an m×n matrix)
        for (String body : List.of("sqnorm((ones(4)*a') ./ (ones(4)*b'))", "sum(((a*ones(3)') .* (b*ones(3)')) ./ (ones(5)*c') + W)")) {
            Case two = Case.of("two_broadcasts.mdiff", "vector a(5)\nvector b(5)\nvector c(3)\nmatrix W(5, 3)\nL = " + body + "\n",
                    List.of("a", "b"), 7);
            agreesInNumpy(two, two.generate(Language.NUMPY), "two_broadcasts");
        }
    }

    /** Writes the module to NAME.py, runs it at the case's point and asserts its values agree with matdiff's; its answer. */
    private static JsonObject agreesInNumpy(Case c, String numpy, String name) throws IOException {
        Path module = dir.resolve(name + ".py");
        Files.writeString(module, numpy);
        JsonObject answer = python.call(c.request(module.toString(), Language.NUMPY));
        Returned.assertAgree(c, Returned.fromPython(c, answer), Case.RELATIVE, "NumPy");
        return answer;
    }

    /** Python's repr of a float, which is Java's shortest round-trip form too. */
    private static String repr(double v) { return Double.toString(v); }

    @Test
    void numpyModulesHaveNothingForPyflakes() {
        List<String> command = new ArrayList<>(Python.pyflakes());
        for (Case c : CASES.values()) command.add(module(c).toString());
        Python.Run r = Python.run(command, null);
        assertThat(r.output()).isEmpty();
        assertThat(r.exit()).isZero();
    }

    @Test
    @Tag("slow")
    void aNumpyModuleRunsAsAScript() {
        Python.Run r = Python.run(List.of(Python.interpreter(), module(CASES.get("two-layer-network.mdiff")).toString()), dir);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).startsWith("check_grad: worst relative error").contains("passed");
    }

    /** Runs {@code code} in python3 with the sample's generated module imported as m (and NumPy as np). */
    private Python.Run withModule(String sample, String code) {
        Path module = module(CASES.get(sample));
        String call = "import sys, numpy as np; sys.path.insert(0, '" + dir + "'); import " + module.getFileName().toString().replace(".py", "")
                + " as m; " + code;
        return Python.run(List.of(Python.interpreter(), "-c", call), dir);
    }

    @Test
    void aWrongSizeIsAValueErrorNamingTheSymbolAndBothSizes() {
        String call = "m.f_and_grad(np.ones((3, 4)), np.ones(%s), np.ones(3))";
        Python.Run wrongSize = withModule("linear-regression.mdiff", call.formatted("5"));
        assertThat(wrongSize.exit()).isNotZero();
        assertThat(wrongSize.output()).contains("ValueError: w has 5 entries, but X has 4 columns (both are n)");
        Python.Run wrongKind = withModule("linear-regression.mdiff", call.formatted("(4, 1)"));
        assertThat(wrongKind.output()).contains("ValueError: w must be a 1-D array (vector w(n)), not 2-D");
    }

    @Test
    void dataAgainstAnAssumptionIsAValueErrorAsEvalSaysIt() {
        Python.Run r = withModule("minibatch-softmax.mdiff", "m.f_and_grad(np.ones((3, 4)), np.ones((4, 5)), np.full((3, 5), 1 / 3) + np.eye(3, 5))");
        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("ValueError: the data does not satisfy the assumption sum(Y, 1) = 1: for column 1 it is 1.99999");
    }

    /** eval refuses data for a symmetric S that is not symmetric; the generated module did not, and gave sym(G) for it. */
    @Test
    void aSymmetricArgumentThatIsNotIsAValueErrorAsInEval() {
        String call = "S = np.eye(3) * 2; S[0, 1] = %s; m.f_and_grad(S, np.ones((3, 4)), np.zeros(3), 4.0); print('ok')";
        Python.Run bad = withModule("gaussian-mle-symmetric.mdiff", call.formatted("0.5"));
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.output()).contains("ValueError: S is declared symmetric but is not");
        Python.Run good = withModule("gaussian-mle-symmetric.mdiff", call.formatted("0.0"));
        assertThat(good.output()).as(good.output()).contains("ok");
        // float32 data is as symmetric as float32 rounds: one ulp of 0.5 apart is allowed there, not in float64 data
        String ulp = "S = np.eye(3, dtype=np.%s) * 2; S[0, 1] = 0.5; S[1, 0] = np.nextafter(np.float32(0.5), np.float32(1)); "
                + "m.f_and_grad(S, np.ones((3, 4)), np.zeros(3), 4.0); print('ok')";
        assertThat(withModule("gaussian-mle-symmetric.mdiff", ulp.formatted("float32")).output()).contains("ok");
        assertThat(withModule("gaussian-mle-symmetric.mdiff", ulp.formatted("float64")).output()).contains("ValueError: S is declared symmetric but is not");
    }

    // ---- Java

    @Test
    void dataAgainstAnAssumptionIsAnIllegalArgumentAsEvalSaysIt() {
        Method f = method(compiled.load(CASES.get("minibatch-softmax.mdiff").javaClass()), "fAndGrad");
        double[][] y = new double[3][5];
        for (double[] row : y) java.util.Arrays.fill(row, 1 / 3.0);
        y[1][3] = 0.5;
        Object[] args = {org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(3, 4),
                org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(4, 5), org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(y)};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.invoke(null, args)).cause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the data does not satisfy the assumption sum(Y, 1) = 1: for column 4 it is 1.16666666");
    }

    @Test
    void aSymmetricArgumentThatIsNotIsAnIllegalArgument() {
        Method f = method(compiled.load(CASES.get("gaussian-mle-symmetric.mdiff").javaClass()), "fAndGrad");
        double[][] s = {{2, 0.5, 0}, {0, 2, 0}, {0, 0, 2}};
        Object[] args = {org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(s), org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(3, 4),
                new org.apache.commons.math3.linear.ArrayRealVector(3), 4.0};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.invoke(null, args)).cause()
                .isInstanceOf(IllegalArgumentException.class).hasMessage("S is declared symmetric but is not");
        // within 1e-10 of its largest entry, as eval takes it: 1e-17 against -1e-17 is symmetric enough
        args[0] = org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(new double[][] {{2, 1e-17, 0}, {-1e-17, 2, 0}, {0, 0, 2}});
        org.assertj.core.api.Assertions.assertThatCode(() -> f.invoke(null, args)).doesNotThrowAnyException();
    }

    @Test
    void aWrongSizeIsAnIllegalArgumentNamingTheSymbolAndBothSizes() {
        Case c = CASES.get("linear-regression.mdiff");
        Method f = method(compiled.load(c.javaClass()), "fAndGrad");
        Object[] args = {org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(3, 4), new org.apache.commons.math3.linear.ArrayRealVector(5),
                new org.apache.commons.math3.linear.ArrayRealVector(3)};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.invoke(null, args)).cause()
                .isInstanceOf(IllegalArgumentException.class).hasMessage("w has 5 entries, but X has 4 columns (both are n)");
    }

    /** CLI.md names the functions f_and_grad and check_grad in every language; Java also has them in its own spelling. */
    @Test
    void javaAnswersToTheContractsNamesToo() throws Exception {
        Class<?> cls = compiled.load(CASES.get("linear-regression.mdiff").javaClass());
        Object[] args = {org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(new double[][] {{1, 2}, {3, 4}, {5, 6}}),
                new org.apache.commons.math3.linear.ArrayRealVector(new double[] {1, -1}),
                new org.apache.commons.math3.linear.ArrayRealVector(new double[] {0, 1, 2})};
        assertThat(method(cls, "f_and_grad").invoke(null, args)).isEqualTo(method(cls, "fAndGrad").invoke(null, args));
        Object[] checked = java.util.Arrays.copyOf(args, 5);
        checked[3] = 7L;
        checked[4] = 3;
        assertThat((double) method(cls, "check_grad").invoke(null, checked)).isLessThan(1e-6);
    }

    @Test
    void javaCompilesWithoutADiagnostic() {
        compiled.assertClean();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void javaAgreesWithMatdiffsEvaluator(String sample) throws Exception {
        Case c = CASES.get(sample);
        Class<?> cls = compiled.load(c.javaClass());
        Returned.assertAgree(c, Returned.fromJava(c, cls), Case.RELATIVE, "Java");
        Returned.assertChecksPass(Returned.javaChecks(c, cls), c.name());
    }

    /**
     * Java's checkGrad takes a difference that crosses a kink at its first step again at smaller ones, as matdiff check and
     * the Python modules do: |x − 0.5| at x = 0.5002 passes; a gradient 1% off is off alike at every step and fails.
     */
    @Test
    void javaTakesADifferenceAcrossAKinkAgainAndFailsAWrongGradient() throws Exception {
        Case c = Case.of("kink.mdiff", "vector x(n)\nf = sum(abs(x - 0.5*ones(n)))\n", List.of("x"), 3);
        String java = c.generate(Language.JAVA), wrong = java.replace("new Result(f, gradX", "new Result(f, gradX.scalarMultiply(1.01)");
        assertThat(wrong).isNotEqualTo(java);
        org.apache.commons.math3.linear.RealVector x = new org.apache.commons.math3.linear.ArrayRealVector(new double[] {0.5002, 0.9, 0.1});
        for (String source : List.of(java, wrong)) {
            InMemoryJavac.Result r = InMemoryJavac.compile(Map.of(c.javaClass(), source));
            assertThat(r.success()).as(r.diagnostics().toString()).isTrue();
            double error = (double) r.load(c.javaClass()).getMethod("checkGrad", org.apache.commons.math3.linear.RealVector.class, long.class, int.class)
                    .invoke(null, x, 0L, 4);
            if (source == java) assertThat(error).isLessThanOrEqualTo(1e-5);
            else assertThat(error).isGreaterThan(1e-3);
        }
    }

    /**
     * det's gradient det(A)·A⁻ᵀ is computed as adj(A)ᵀ, which exists where A is singular: at diag(1, 0) it is diag(0, 1), as
     * eval gives it, not the inverse's error (a trial found NumPy's LinAlgError and Java's SingularMatrixException); and
     * det(A)²'s, 2·det(A)·adj(A)ᵀ, is 0 there. Away from a singular A, the modules still agree with eval (agreesWithEval).
     */
    @Test
    void detsGradientIsTheAdjugateAtASingularMatrixToo() throws Exception {
        String text = "matrix A(n, n)\nf = det(A) + det(A)^2/2\n";
        assertThat(agreesWithEval("det", text, List.of("A"))).contains("_adjugate(");
        Case c = Case.of("det_singular.mdiff", text, List.of("A"), 3);
        Path module = dir.resolve("det_singular.py");
        Files.writeString(module, c.generate(Language.NUMPY));
        String call = "import sys, numpy as np; sys.path.insert(0, '" + dir + "'); import det_singular as m; "
                + "f, g = m.f_and_grad(np.array([[1.0, 0.0], [0.0, 0.0]])); "
                + "print(abs(float(f)) < 1e-12, float(np.abs(g['A'] - np.array([[0.0, 0.0], [0.0, 1.0]])).max()) < 1e-12)";
        Python.Run r = Python.run(List.of(Python.interpreter(), "-W", "error", "-c", call), dir);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output().trim()).isEqualTo("True True");
        InMemoryJavac.Result compiled = InMemoryJavac.compile(Map.of(c.javaClass(), c.generate(Language.JAVA)));
        assertThat(compiled.success()).as(compiled.diagnostics().toString()).isTrue();
        Object result = method(compiled.load(c.javaClass()), "fAndGrad").invoke(null,
                org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(new double[][] {{1, 0}, {0, 0}}));
        org.apache.commons.math3.linear.RealMatrix gradient = (org.apache.commons.math3.linear.RealMatrix) result.getClass().getRecordComponents()[1].getAccessor().invoke(result);
        assertThat(gradient.subtract(org.apache.commons.math3.linear.MatrixUtils.createRealDiagonalMatrix(new double[] {0, 1})).getNorm()).isLessThan(1e-12);
    }

    /**
     * A symbolic power is NumPy's power in every language, as eval's: agreeing with eval at drawn data, and defined at a
     * negative base to a whole exponent, where exp(a*log(x)) was NaN (trial s63a: sum(x.^a) at a = 2, x = [-1, 2]).
     */
    @Test
    void aSymbolicPowerIsDefinedAtANegativeBaseToAWholeExponent() throws Exception {
        String text = "scalar a constant\nvector x(n)\nf = sum(x.^a) + sum(2.^x)\n";
        assertThat(agreesWithEval("symbolic_power", text, List.of("x"))).contains("np.power(").doesNotContain("np.log(x)");
        String call = "import sys, numpy as np; sys.path.insert(0, '" + dir + "'); import symbolic_power as m; "
                + "f, g = m.f_and_grad(2.0, np.array([-1.0, 2.0])); print(float(f), [float(v) for v in g['x']])";
        Python.Run r = Python.run(List.of(Python.interpreter(), "-W", "error", "-c", call), dir);
        assertThat(r.exit()).as(r.output()).isZero();
        // 1 + 4 + 1/2 + 4; 2x + 2^x log 2
        assertThat(r.output().trim()).isEqualTo((5 + 0.5 + 4) + " [" + (-2 + 0.5 * Math.log(2)) + ", " + (4 + 4 * Math.log(2)) + "]");
        Case c = Case.of("symbolic_power.mdiff", text, List.of("x"), 3);
        InMemoryJavac.Result compiled = InMemoryJavac.compile(Map.of(c.javaClass(), c.generate(Language.JAVA)));
        assertThat(compiled.success()).as(compiled.diagnostics().toString()).isTrue();
        Class<?> cls = compiled.load(c.javaClass());
        Returned.assertAgree(c, Returned.fromJava(c, cls), Case.RELATIVE, "Java");
        Object result = method(cls, "fAndGrad").invoke(null, 2.0, new org.apache.commons.math3.linear.ArrayRealVector(new double[] {-1, 2}));
        assertThat((double) result.getClass().getRecordComponents()[0].getAccessor().invoke(result)).isEqualTo(9.5);
    }

    /**
     * A gradient of 400 terms was one chain of .add calls that javac's parser recursed through until its stack ran out;
     * a sum longer than {@link JavaSpelling#LONG_SUM} terms is one call, and the class compiles and agrees with eval.
     */
    @Test
    void aLongSumCompilesAndAgreesWithEval() throws Exception {
        StringBuilder f = new StringBuilder("vector x(n)\nf = sum(sin(x)");
        for (int k = 2; k <= 3 * JavaSpelling.LONG_SUM; k++) f.append(" + sin(").append(k).append("*x)");
        Case c = Case.of("long_sum.mdiff", f.append(")\n").toString(), List.of("x"), 3);
        String java = c.generate(Language.JAVA);
        assertThat(java).contains("sumOf(");
        InMemoryJavac.Result r = InMemoryJavac.compile(Map.of(c.javaClass(), java));
        assertThat(r.success()).as(r.diagnostics().toString()).isTrue();
        Class<?> cls = r.load(c.javaClass());
        Returned.assertAgree(c, Returned.fromJava(c, cls), Case.RELATIVE, "Java");
        Returned.assertChecksPass(Returned.javaChecks(c, cls), c.name());
    }

    static Method method(Class<?> cls, String name) {
        for (Method m : cls.getMethods()) if (m.getName().equals(name)) return m;
        throw new AssertionError(cls + " has no " + name);
    }

    @Test
    @Tag("slow")
    void everyJavaMainPassesInAJvmOfItsOwn() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        compiled.write(classes);
        for (Case c : CASES.values()) {
            Python.Run r = Python.run(List.of(javaBinary(), "-cp", classes + java.io.File.pathSeparator + InMemoryJavac.commonsMath(),
                    c.javaClass()), null);
            assertThat(r.exit()).as(c.name() + ": " + r.output()).isZero();
            assertThat(r.output()).as(c.name()).contains("passed");
        }
    }

    static String javaBinary() { return Path.of(System.getProperty("java.home"), "bin", "java").toString(); }
}
