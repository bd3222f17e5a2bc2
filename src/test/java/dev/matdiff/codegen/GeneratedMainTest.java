package dev.matdiff.codegen;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Deriver;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The point a generated main checks at, and what it says where it cannot compare (NumPy and Java
 * here, PyTorch in {@link GeneratedTorchTest}): the first random point where the value and the
 * derivatives are finite, looked for as {@code matdiff check} looks for one (a draw outside
 * arcsin's domain is scaled down, not reported as a failure); a value or a derivative that is not
 * finite is inconclusive, main's exit code 0, never FAILED.
 */
class GeneratedMainTest {

    /**
     * log needs x &gt; 0, so the draw of both signs is outside f's domain, and at scale 1 the positive
     * draw has 3*W*x outside [-1, 1]: only a scaled-down point is in it. The gradient is right.
     */
    static final String SCALED = "vector x(n); matrix W(m,n); vector a(m) constant\nf = a'*arcsin(3*W*x) + sum(log(x))\n";
    /** Every derivative 0 at every point (a relu that is always off): the checks pass and say that they compared zeros. */
    static final String FLAT = "vector x(n)\nf = sum(relu(-exp(x)))\n";
    /** Defined nowhere: log of a negative number at every point. */
    static final String NOWHERE = "vector x(n)\nf = sum(log(-(x .* x)))\n";

    /** W'*W is singular for W wider than tall: the default sizes (m = 3, n = 4) make it so, the other order (4, 3) does not. */
    static final String TALL = "vector x(n); matrix W(m, n)\nf = logdet(W'*W) + sum(x)\n";
    /** Singular at every point (W is 3×4), and a step away: the library throws rather than giving a number. */
    static final String WIDE = "vector x(n); matrix W(3, 4)\nf = logdet(W'*W) + sum(x)\n";
    /** Columns assumed to sum to 0: the random point reaches the total by shifting, not by scaling everything to 0. */
    static final String ZERO_SUMS = "matrix Y(m, n) constant\nvector x(m)\nassume sum(Y, 1) = 0\nf = sum(Y'*x) + sum(Y .* Y)\n";
    /** Labels ±1 (assume abs(y) = ones(m)): the Hessian without y ⊙ y is right only at such labels. */
    static final String LABELS = "matrix A(m, n) constant\nvector x(n)\nvector y(m) constant\nassume abs(y) = ones(m)\n"
            + "L = sum(log(ones(m) + exp(-y .* (A*x))))\n";

    @TempDir static Path dir;
    static InMemoryJavac.Result compiled;
    static Path classes;

    /** The module of a program, differentiated with respect to x (and W where it has one), with Hessians if asked. */
    static String generate(String name, String text, Language language, boolean hessian) {
        MatDiff m = MatDiff.parse(text);
        List<String> wrt = m.program().variables().containsKey("W") ? List.of("x", "W") : List.of("x");
        var d = m.derive(null, wrt, Deriver.Options.DEFAULT.withSecondOrder(hessian, false));
        return CodeGen.generate(new CodeGen.Request(m.program(), text, name, null, language, CodeGen.className(name)), d);
    }

    @BeforeAll
    static void compile() throws IOException {
        compiled = InMemoryJavac.compile(Map.of(
                CodeGen.className("scaled.mdiff"), generate("scaled.mdiff", SCALED, Language.JAVA, false),
                CodeGen.className("nowhere.mdiff"), generate("nowhere.mdiff", NOWHERE, Language.JAVA, true),
                CodeGen.className("tall.mdiff"), generate("tall.mdiff", TALL, Language.JAVA, false),
                CodeGen.className("wide.mdiff"), generate("wide.mdiff", WIDE, Language.JAVA, false),
                CodeGen.className("zero_sums.mdiff"), generate("zero_sums.mdiff", ZERO_SUMS, Language.JAVA, false),
                CodeGen.className("labels.mdiff"), generate("labels.mdiff", LABELS, Language.JAVA, true),
                CodeGen.className("flat.mdiff"), generate("flat.mdiff", FLAT, Language.JAVA, false)));
        assertThat(compiled.diagnostics()).as("javac -Xlint:all").isEmpty();
        classes = Files.createDirectories(dir.resolve("classes"));
        compiled.write(classes);
    }

    static Python.Run python(Path dir, String interpreter, String name, String text, Language language, boolean hessian, String... code) throws IOException {
        Path module = dir.resolve(name + (language == Language.TORCH ? "_torch" : "_numpy") + ".py");
        Files.writeString(module, generate(name + ".mdiff", text, language, hessian));
        List<String> command = new ArrayList<>(List.of(interpreter));
        if (code.length == 0) command.add(module.toString());
        else command.addAll(List.of("-c", "import sys; sys.path.insert(0, '" + dir + "'); import " + module.getFileName().toString().replace(".py", "")
                + " as m\n" + String.join("\n", code)));
        return Python.run(command, dir);
    }

    /** Main finds a point in the domain and passes; with none, says inconclusive and exits with 0. */
    static void mainsOf(Path dir, String interpreter, Language language) throws IOException {
        Python.Run scaled = python(dir, interpreter, "scaled", SCALED, language, false);
        assertThat(scaled.exit()).as(scaled.output()).isZero();
        assertThat(scaled.output()).as(scaled.output()).contains("check_grad: worst relative error").contains("passed").doesNotContain("FAILED");
        Python.Run flat = python(dir, interpreter, "flat", FLAT, language, false);
        assertThat(flat.output()).as(flat.output()).contains("check_grad: worst relative error 0.00e+00")
                .contains("passed, but every derivative compared was 0 at this point: it compared zeros");
        assertThat(scaled.output()).doesNotContain("compared zeros");
        Python.Run nowhere = python(dir, interpreter, "nowhere", NOWHERE, language, true);
        assertThat(nowhere.exit()).as(nowhere.output()).isZero();
        assertThat(nowhere.output()).as(nowhere.output()).contains("check_grad: inconclusive: no random point found")
                .contains("check_hessian: inconclusive").doesNotContain("FAILED");
    }

    /**
     * A difference that crosses a kink at the first step is taken again at smaller ones (as matdiff check does): |x − 0.5|
     * at x = 0.5002 moved by 10⁻³ of its direction is off by 14% at the first step, right at the others: passed. A wrong
     * gradient is off alike at every step: FAILED, exit 1.
     */
    static void aKinkAStepAwayPassesAndAWrongGradientFails(Path dir, String interpreter, Language language) throws IOException {
        String text = "vector x(n)\nf = sum(abs(x - 0.5*ones(n)))\n";
        String x = language == Language.TORCH ? "torch.tensor([0.5002, 0.9, 0.1], dtype=torch.float64)" : "[0.5002, 0.9, 0.1]";
        String print = "print(m.check_grad(" + x + "))";
        Python.Run kink = language == Language.TORCH ? python(dir, interpreter, "kink", text, language, false, "import torch", print)
                : python(dir, interpreter, "kink", text, language, false, print);
        assertThat(kink.output()).as(kink.output()).contains("check_grad: worst relative error").contains("passed").doesNotContain("FAILED");
        Path module = dir.resolve("kink" + (language == Language.TORCH ? "_torch" : "_numpy") + ".py");
        String wrong = Files.readString(module).replace("{\"x\": grad_x}", "{\"x\": 1.01 * grad_x}");
        assertThat(wrong).contains("1.01 * grad_x");
        Files.writeString(dir.resolve("kink_wrong.py"), wrong);
        Python.Run failed = Python.run(List.of(interpreter, "kink_wrong.py"), dir);
        assertThat(failed.exit()).as(failed.output()).isEqualTo(1);
        assertThat(failed.output()).contains("check_grad: worst relative error").contains("FAILED");
    }

    /** check_grad at a point where f is not finite (the positive draw at scale 1) prints inconclusive and returns NaN. */
    static void checkAtANonFinitePointOf(Path dir, String interpreter, Language language) throws IOException {
        Python.Run r = python(dir, interpreter, "scaled", SCALED, language, false,
                "import math",
                "point = m.random_point(0, True)",
                "assert not math.isfinite(float(m.f_and_grad(*point)[0])), 'the point is in the domain: the test proves nothing'",
                "error = m.check_grad(*point)",
                "assert error != error, error");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).as(r.output()).contains("check_grad: inconclusive: the value or a derivative is not finite").doesNotContain("FAILED");
    }

    @Test
    void numpyMainChecksWhereFIsDefinedOrSaysInconclusive() throws IOException {
        mainsOf(dir, Python.interpreter(), Language.NUMPY);
    }

    /** Sizes where check finds a point (W taller than wide), and a singular matrix is not defined rather than a crash. */
    @Test
    void numpyMainsAtASingularMatrix() throws IOException {
        passed(python(dir, Python.interpreter(), "tall", TALL, Language.NUMPY, false), "check_grad");
        inconclusive(python(dir, Python.interpreter(), "wide", WIDE, Language.NUMPY, false), "check_grad").doesNotContain("Traceback");
    }

    @Test
    void javaMainsAtASingularMatrix() {
        passed(java("tall.mdiff"), "checkGrad");
        inconclusive(java("wide.mdiff"), "checkGrad").doesNotContain("Exception");
    }

    /** main exited with 0 and its check compared and passed. */
    static void passed(Python.Run r, String check) {
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).as(r.output()).contains(check + ": worst relative error").contains("passed").doesNotContain("FAILED");
    }

    /** main exited with 0 and its check could not compare; the output, for what else it must not say. */
    static org.assertj.core.api.AbstractStringAssert<?> inconclusive(Python.Run r, String check) {
        assertThat(r.exit()).as(r.output()).isZero();
        return assertThat(r.output()).as(r.output()).contains(check + ": inconclusive").doesNotContain("FAILED");
    }

    @Test
    void numpyCheckAtANonFinitePointIsInconclusive() throws IOException {
        checkAtANonFinitePointOf(dir, Python.interpreter(), Language.NUMPY);
    }

    @Test
    void aKinkAStepAwayPassesAndAWrongGradientFailsInNumpy() throws IOException {
        aKinkAStepAwayPassesAndAWrongGradientFails(dir, Python.interpreter(), Language.NUMPY);
    }

    static Python.Run java(String name) {
        return Python.run(List.of(GeneratedCodeTest.javaBinary(), "-cp", classes + java.io.File.pathSeparator + InMemoryJavac.commonsMath(),
                CodeGen.className(name)), null);
    }

    /** assume sum(Y, 1) = 0: the random point's columns sum to 0 and its entries are not all 0, in NumPy and in Java. */
    @Test
    void aRandomPointForATotalOfZeroIsNotZero() throws IOException {
        Python.Run r = python(dir, Python.interpreter(), "zero_sums", ZERO_SUMS, Language.NUMPY, false,
                "import numpy as np",
                "Y, x = m.random_point(0)",
                "assert np.allclose(Y.sum(axis=0), 0), Y",
                "assert np.abs(Y).max() > 0.1, Y",
                "print('ok')");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("ok");
        passed(java("zero_sums.mdiff"), "checkGrad");
    }

    /** assume abs(y) = ones(m): the random point's labels are ±1 of both signs, and the Hessian that uses it checks, in NumPy and in Java. */
    @Test
    void labelsOfPlusOrMinusOneAreDrawnAndTheHessianChecks() throws IOException {
        Python.Run r = python(dir, Python.interpreter(), "labels", LABELS, Language.NUMPY, true,
                "import numpy as np",
                "A, x, y = m.random_point(0)",
                "assert set(np.unique(y)) <= {-1.0, 1.0} and y.dtype == np.float64, y",
                "print(m.check_grad(A, x, y), m.check_hessian(A, x, y))",
                "try:",
                "    m.f_and_grad(A, x, 0.5 * y)",
                "except ValueError as e:",
                "    print(e)");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("the data does not satisfy the assumption abs(y) = ones(m): for entry 1 it is 0.5").doesNotContain("FAILED");
        Python.Run main = python(dir, Python.interpreter(), "labels_main", LABELS, Language.NUMPY, true);
        assertThat(main.exit()).as(main.output()).isZero();
        assertThat(main.output()).contains("check_hessian").contains("passed").doesNotContain("FAILED");
        passed(java("labels.mdiff"), "checkHessian");
    }

    @Test
    void javaMainChecksWhereFIsDefined() {
        passed(java("scaled.mdiff"), "checkGrad");
        assertThat(java("scaled.mdiff").output()).doesNotContain("compared zeros");
        assertThat(java("flat.mdiff").output()).contains("checkGrad: worst relative error 0.00e+00")
                .contains("passed, but every derivative compared was 0 at this point: it compared zeros");
    }

    @Test
    void javaMainWithNoPointInTheDomainIsInconclusive() {
        Python.Run r = java("nowhere.mdiff");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).as(r.output()).contains("checkGrad: inconclusive: no random point found")
                .contains("checkHessian: inconclusive").doesNotContain("FAILED");
    }

    @Test
    void javaCheckAtANonFinitePointIsInconclusive() throws Exception {
        Class<?> cls = compiled.load(CodeGen.className("scaled.mdiff"));
        Object point = cls.getMethod("randomPoint", long.class, boolean.class).invoke(null, 0L, true);
        RecordComponent[] parts = point.getClass().getRecordComponents();
        Object[] args = new Object[parts.length], withSeed = new Object[parts.length + 2];
        for (int i = 0; i < parts.length; i++) args[i] = withSeed[i] = parts[i].getAccessor().invoke(point);
        withSeed[parts.length] = 0L;
        withSeed[parts.length + 1] = 4;
        Object result = GeneratedCodeTest.method(cls, "fAndGrad").invoke(null, args);
        assertThat((double) result.getClass().getMethod("value").invoke(result)).as("f at the point: the test needs it undefined").isNaN();
        Method check = GeneratedCodeTest.method(cls, "checkGrad");
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        double error;
        try {
            error = (double) check.invoke(null, withSeed);
        } finally {
            System.setOut(stdout);
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(error).as(out).isNaN();
        assertThat(out).contains("checkGrad: inconclusive: the value or a derivative is not finite").doesNotContain("FAILED");
    }
}
