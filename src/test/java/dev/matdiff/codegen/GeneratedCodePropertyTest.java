package dev.matdiff.codegen;

import com.google.gson.JsonObject;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.numeric.NumericException;
import dev.matdiff.soundness.RandomPrograms;
import dev.matdiff.testing.RandomExpressions;

import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Code generated for random programs over every operator of the language (smooth ones, so that a
 * finite difference is meaningful), run: one expression as the objective, and layered programs
 * whose staged derivations name the gradients of their intermediates; vector and matrix expressions
 * (f_and_jacobian), and scalar ones with --hessian (f_and_hessian). Java must agree with matdiff's
 * evaluator to 1e-9, NumPy too but for a few cases (at most one in twenty, and never past 1e-6)
 * where the formula itself cancels: {@code 1 - tanh(s)^2} at a saturated s loses eight digits, and
 * NumPy's tanh and Java's differ in the last bit, so no code agrees with the evaluator there to
 * more than 1e-8 (Java, on the evaluator's own Math functions, still does). Both must pass their
 * own check_grad; the NumPy modules must have nothing for pyflakes and the Java classes compile
 * with no diagnostic under -Xlint:all.
 */
@Tag("slow")
class GeneratedCodePropertyTest {

    static Path dir;
    static Python.Worker python;
    static final List<Path> MODULES = new ArrayList<>();

    @BeforeContainer
    static void start() throws IOException {
        dir = Files.createTempDirectory("matdiff-codegen");
        python = new Python.Worker();
    }

    @AfterContainer
    static void lintAndStop() throws IOException {
        try {
            List<String> command = new ArrayList<>(Python.pyflakes());
            for (Path m : MODULES) command.add(m.toString());
            Python.Run r = Python.run(command, null);
            assertThat(r.output()).as("pyflakes on %d generated modules", MODULES.size()).isEmpty();
            assertThat(cancelling).as("cases NumPy agreed with only to 1e-6, of %d", cases).isLessThanOrEqualTo(Math.max(2, cases / 20));
        } finally {
            python.close();
        }
    }

    @Property(tries = 150, seed = "20261130")
    void oneExpression(@ForAll long seed) throws Exception {
        Expr e = new RandomExpressions(seed, true).scalar(4);
        Assume.that(!dev.matdiff.expr.Dag.variables(e).isEmpty());
        String text = RandomExpressions.declarations() + "L = " + TextPrinter.print(e) + "\n";
        runBoth(text, seed);
    }

    @Property(tries = 60, seed = "20261201")
    void layeredProgram(@ForAll long seed) throws Exception {
        runBoth(RandomPrograms.layered(seed, true, 2, 3), seed);
    }

    @Property(tries = 60, seed = "20261202")
    void vectorOrMatrixExpression(@ForAll long seed, @ForAll boolean matrix) throws Exception {
        Shape s = matrix ? new Shape(RandomExpressions.M, RandomExpressions.N) : Shape.vector(RandomExpressions.N);
        Expr e = new RandomExpressions(seed, true).gen(s, 3);
        Assume.that(!dev.matdiff.expr.Dag.variables(e).isEmpty());
        runBoth("jacobian-", RandomExpressions.declarations() + "F = " + TextPrinter.print(e) + "\n", seed, false);
    }

    @Property(tries = 60, seed = "20261203")
    void scalarExpressionWithItsHessians(@ForAll long seed) throws Exception {
        Expr e = new RandomExpressions(seed, true).scalar(3);
        Assume.that(!dev.matdiff.expr.Dag.variables(e).isEmpty());
        runBoth("hessian-", RandomExpressions.declarations() + "L = " + TextPrinter.print(e) + "\n", seed, true);
    }

    /** conv's Jacobians and Hessians call the modules' convmatrix and im2col helpers, vector, matrix and 1×1 shapes alike. */
    @Example
    void convolutionJacobiansAndHessians() throws Exception {
        runBoth("conv-jacobian-", "matrix X(4, 5), K(2, 3)\nF = tanh(conv(X, K))\n", 1, false);
        runBoth("conv-vector-", "vector x(6), k(3)\nF = convfull(conv(x, k), k)\n", 2, false);
        runBoth("conv-hessian-", "matrix X(4, 5), K(2, 3)\nL = sqnorm(conv(X, K)) + sum(sigmoid(conv(X .* X, K)))\n", 3, true);
        runBoth("conv-scalar-", "matrix X(3, 3), K(1, 1), k(1, 1)\nL = sqnorm(conv(X, K)) + sum(convfull(X, k .* K))\n", 4, true);
        runBoth("conv-matrices-", "matrix X(4, 4), A(9, 1)\nmatrix K(2, 2) constant\nL = A'*convmatrix(K, 4, 4)*vec(X) + sum(im2col(K, 1, 2))*sqnorm(X)\n", 5, true);
    }

    private static void runBoth(String text, long seed) throws Exception { runBoth("random-", text, seed, false); }

    private static void runBoth(String prefix, String text, long seed, boolean hessian) throws Exception {
        Case c;
        try {
            c = Case.of(prefix + Math.abs(seed % 1_000_000_007L), text, null, seed, hessian);
        } catch (NumericException e) {
            Assume.that(false);  // no data of these shapes where the objective is defined
            return;
        }
        cases++;
        java(c);
        numpy(c);
    }

    /** How many cases NumPy agreed with only to 1e-6, of how many. */
    static int cancelling, cases;

    static final double CANCELLING = 1e-6;

    private static void numpy(Case c) throws IOException {
        Path module = dir.resolve(c.name().replace('-', '_') + ".py");
        Files.writeString(module, c.generate(Language.NUMPY));
        MODULES.add(module);
        JsonObject answer = python.call(c.request(module.toString(), Language.NUMPY));
        double worst = Returned.worst(c, Returned.fromPython(c, answer));
        assertThat(worst).as("NumPy against matdiff's evaluator\n%s", c.text()).isLessThanOrEqualTo(CANCELLING);
        if (worst > Case.RELATIVE) cancelling++;
        Returned.assertNoCheckFails(Returned.pythonChecks(answer), c.text());
    }

    private static void java(Case c) throws Exception {
        InMemoryJavac.Result compiled = InMemoryJavac.compile(Map.of(c.javaClass(), c.generate(Language.JAVA)));
        assertThat(compiled.diagnostics()).as("javac -Xlint:all\n%s", c.text()).isEmpty();
        Class<?> cls = compiled.load(c.javaClass());
        Returned.assertAgree(c, Returned.fromJava(c, cls), Case.RELATIVE, "Java");
        Returned.assertNoCheckFails(Returned.javaChecks(c, cls), c.text());
    }
}
