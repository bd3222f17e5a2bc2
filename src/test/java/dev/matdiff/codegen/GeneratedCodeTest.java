package dev.matdiff.codegen;

import com.google.gson.JsonObject;

import dev.matdiff.expr.Expr;

import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Code generated for every sample, run: the NumPy module by python3 (value and gradients equal to
 * matdiff's own evaluator's on the same data to 1e-9, its check_grad and its main passing, no
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
        JsonObject request = c.request(module(c).toString(), Language.NUMPY);
        request.addProperty("main", true);
        JsonObject answer = python.call(request);
        assertThat(Case.error(c.expected().value(), answer.get("value").getAsDouble())).as("value").isLessThanOrEqualTo(Case.RELATIVE);
        for (Expr.Var v : c.derivation().wrt()) {
            RealMatrix got = c.fromJson(v.name(), answer.getAsJsonObject("gradients").get(v.name()));
            assertThat(Case.error(c.expected().gradients().get(v.name()), got)).as("∇%s", v.name()).isLessThanOrEqualTo(Case.RELATIVE);
        }
        assertThat(answer.get("check").getAsDouble()).as(answer.get("printed").getAsString()).isLessThanOrEqualTo(1e-5);
        assertThat(answer.get("main").getAsInt()).as("main's exit code: " + answer.get("printed").getAsString()).isZero();
    }

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

    @Test
    void aWrongSizeIsAValueErrorNamingTheSymbolAndBothSizes() {
        Path lr = module(CASES.get("linear-regression.mdiff"));
        String call = "import sys, numpy as np; sys.path.insert(0, '" + dir + "'); import " + lr.getFileName().toString().replace(".py", "")
                + " as m; m.f_and_grad(np.ones((3, 4)), np.ones(%s), np.ones(3))";
        Python.Run wrongSize = Python.run(List.of(Python.interpreter(), "-c", call.formatted("5")), dir);
        assertThat(wrongSize.exit()).isNotZero();
        assertThat(wrongSize.output()).contains("ValueError: w has 5 entries, but X has 4 columns (both are n)");
        Python.Run wrongKind = Python.run(List.of(Python.interpreter(), "-c", call.formatted("(4, 1)")), dir);
        assertThat(wrongKind.output()).contains("ValueError: w must be a 1-D array (vector w(n)), not 2-D");
    }

    // ---- Java

    @Test
    void aWrongSizeIsAnIllegalArgumentNamingTheSymbolAndBothSizes() {
        Case c = CASES.get("linear-regression.mdiff");
        Method f = method(compiled.load(c.javaClass()), "fAndGrad");
        Object[] args = {org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(3, 4), new org.apache.commons.math3.linear.ArrayRealVector(5),
                new org.apache.commons.math3.linear.ArrayRealVector(3)};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.invoke(null, args)).cause()
                .isInstanceOf(IllegalArgumentException.class).hasMessage("w has 5 entries, but X has 4 columns (both are n)");
    }

    @Test
    void javaCompilesWithoutADiagnostic() {
        assertThat(compiled.diagnostics()).isEmpty();
        assertThat(compiled.success()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void javaAgreesWithMatdiffsEvaluator(String sample) throws Exception {
        Case c = CASES.get(sample);
        Class<?> cls = compiled.load(c.javaClass());
        Object result = method(cls, "fAndGrad").invoke(null, c.javaArguments());
        RecordComponent[] parts = result.getClass().getRecordComponents();
        double value = (double) parts[0].getAccessor().invoke(result);
        assertThat(Case.error(c.expected().value(), value)).as("value").isLessThanOrEqualTo(Case.RELATIVE);
        List<Expr.Var> wrt = c.derivation().wrt();
        for (int i = 0; i < wrt.size(); i++) {
            RealMatrix got = Case.fromJava(parts[i + 1].getAccessor().invoke(result));
            assertThat(Case.error(c.expected().gradients().get(wrt.get(i).name()), got)).as("∇%s", wrt.get(i).name())
                    .isLessThanOrEqualTo(Case.RELATIVE);
        }
        assertThat(checkGrad(cls, c)).isLessThanOrEqualTo(1e-5);
    }

    /** The generated checkGrad at the case's data, its printing kept off the test's output. */
    static double checkGrad(Class<?> cls, Case c) throws Exception {
        Object[] args = c.javaArguments();
        Object[] withSeed = java.util.Arrays.copyOf(args, args.length + 2);
        withSeed[args.length] = 0L;
        withSeed[args.length + 1] = 4;
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            return (double) method(cls, "checkGrad").invoke(null, withSeed);
        } finally {
            System.setOut(out);
        }
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
