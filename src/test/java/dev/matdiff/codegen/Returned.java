package dev.matdiff.codegen;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import dev.matdiff.codegen.Blueprint.Entry;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Shape;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything a generated module returns, by label ("f_and_grad value", "f_and_grad gradient W",
 * "f_and_jacobian jacobian W", "f_and_hessian hessian W"), as matrices in matdiff's own shapes:
 * what matdiff's evaluator says, what the Python worker answered, what the Java class returned;
 * and their relative errors, label by label.
 */
final class Returned {
    private Returned() {}

    /** The functions a case's module defines: f_and_grad (and f_and_hessian), or f_and_jacobian. */
    static List<Entry> entries(Case c) {
        if (c.derivation().isJacobian()) return List.of(Entry.F_AND_JACOBIAN);
        return c.derivation().higher().hessians().isEmpty() ? List.of(Entry.F_AND_GRAD) : List.of(Entry.F_AND_GRAD, Entry.F_AND_HESSIAN);
    }

    /** The kinds of derivative each function returns after the value, in order (each in the order of the variables). */
    static List<String> kinds(Entry e) {
        return switch (e) {
            case F_AND_GRAD -> List.of("gradient");
            case F_AND_JACOBIAN -> List.of("jacobian");
            case F_AND_HESSIAN -> List.of("gradient", "hessian");
        };
    }

    /** What matdiff's evaluator makes of the case's data. */
    static Map<String, RealMatrix> expected(Case c) {
        Map<String, RealMatrix> out = new LinkedHashMap<>();
        for (Entry e : entries(c)) {
            out.put(e.python + " value", c.expected().values());
            for (String kind : kinds(e))
                for (Expr.Var v : c.derivation().wrt()) out.put(e.python + " " + kind + " " + v.name(), c.expected().derivatives().get(kind).get(v.name()));
        }
        return out;
    }

    /** What the Python worker answered: each function's value and derivatives. */
    static Map<String, RealMatrix> fromPython(Case c, JsonObject answer) {
        Map<String, RealMatrix> out = new LinkedHashMap<>();
        for (Entry e : entries(c)) {
            JsonObject r = answer.getAsJsonObject(e.python);
            if (r == null) continue;
            out.put(e.python + " value", shaped(r.get("value"), c.derivation().objective().shape()));
            JsonArray dicts = r.getAsJsonArray("derivatives");
            List<String> kinds = kinds(e);
            for (int k = 0; k < kinds.size(); k++)
                for (Expr.Var v : c.derivation().wrt()) {
                    JsonElement x = dicts.get(k).getAsJsonObject().get(v.name());
                    out.put(e.python + " " + kinds.get(k) + " " + v.name(), kinds.get(k).equals("gradient") ? c.fromJson(v.name(), x) : rows(x));
                }
        }
        return out;
    }

    /** What the Java class's methods return, called at the case's data. */
    static Map<String, RealMatrix> fromJava(Case c, Class<?> cls) throws Exception {
        Map<String, RealMatrix> out = new LinkedHashMap<>();
        for (Entry e : entries(c)) {
            Object result = GeneratedCodeTest.method(cls, e.java).invoke(null, c.javaArguments());
            RecordComponent[] parts = result.getClass().getRecordComponents();
            RealMatrix value = Case.fromJava(parts[0].getAccessor().invoke(result));
            Shape f = c.derivation().objective().shape();
            out.put(e.python + " value", f.rows().isOne() && !f.isScalar() ? value.transpose() : value);
            int i = 1;
            for (String kind : kinds(e))
                for (Expr.Var v : c.derivation().wrt()) out.put(e.python + " " + kind + " " + v.name(), Case.fromJava(parts[i++].getAccessor().invoke(result)));
        }
        return out;
    }

    /** Each label's relative error (infinite where the generated code returned nothing or a wrong shape). */
    /** The NumPy module's value and derivatives agree with matdiff's, its own checks pass, and so does its main. */
    static void assertNumpyAgreesAndMainPasses(Python.Worker python, Case c, String module) throws java.io.IOException {
        JsonObject request = c.request(module, Language.NUMPY);
        request.addProperty("main", true);
        JsonObject answer = python.call(request);
        assertAgree(c, fromPython(c, answer), Case.RELATIVE, "NumPy");
        assertChecksPass(pythonChecks(answer), answer.get("printed").getAsString());
        org.assertj.core.api.Assertions.assertThat(answer.get("main").getAsInt()).as("main's exit code: " + answer.get("printed").getAsString()).isZero();
    }

    /** The compiled class's value and derivatives agree with matdiff's, and its own checks pass. */
    static void assertJavaAgreesAndChecksPass(Case c, Class<?> cls, String printed) throws Exception {
        assertAgree(c, fromJava(c, cls), Case.RELATIVE, "Java");
        assertChecksPass(javaChecks(c, cls), printed);
    }

    static Map<String, Double> errors(Case c, Map<String, RealMatrix> got) {
        Map<String, Double> out = new LinkedHashMap<>();
        expected(c).forEach((label, want) -> out.put(label, got.containsKey(label) ? Case.error(want, got.get(label)) : Double.POSITIVE_INFINITY));
        return out;
    }

    /** Fails unless every label agrees to tolerance. */
    static void assertAgree(Case c, Map<String, RealMatrix> got, double tolerance, String what) {
        errors(c, got).forEach((label, e) -> assertThat(e).as("%s: %s\n%s", what, label, c.text()).isLessThanOrEqualTo(tolerance));
    }

    /** The worst error over the labels. */
    static double worst(Case c, Map<String, RealMatrix> got) {
        return errors(c, got).values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** Each generated Java check at the case's data (seed 0, four directions), its printing kept off the test's output. */
    static Map<String, Double> javaChecks(Case c, Class<?> cls) throws Exception {
        Map<String, Double> out = new LinkedHashMap<>();
        Object[] args = c.javaArguments();
        Object[] withSeed = java.util.Arrays.copyOf(args, args.length + 2);
        withSeed[args.length] = 0L;
        withSeed[args.length + 1] = 4;
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            for (Entry e : entries(c)) {
                Method check = GeneratedCodeTest.method(cls, e.javaCheck);
                out.put(e.javaCheck, (double) check.invoke(null, withSeed));
            }
        } finally {
            System.setOut(stdout);
        }
        return out;
    }

    /** Fails unless every check of the answer (Python's) or of the map (Java's) passed. */
    static void assertChecksPass(Map<String, Double> checks, String printed) {
        assertThat(checks).as("the checks").isNotEmpty();
        checks.forEach((check, e) -> assertThat(e).as("%s\n%s", check, printed).isLessThanOrEqualTo(1e-5));
    }

    /**
     * No check fails: each passes, or is inconclusive (NaN) where differences cannot see the derivatives (at a random
     * program's saturated tanh f is the same to the last digit at every step, while its slope, 1e-300, is right and not 0).
     */
    static void assertNoCheckFails(Map<String, Double> checks, String printed) {
        assertThat(checks).as("the checks").isNotEmpty();
        checks.forEach((check, e) -> assertThat(e.isNaN() || e <= 1e-5).as("%s: %s\n%s", check, e, printed).isTrue());
    }

    static Map<String, Double> pythonChecks(JsonObject answer) {
        Map<String, Double> out = new LinkedHashMap<>();
        answer.getAsJsonObject("checks").entrySet().forEach(x -> out.put(x.getKey(), x.getValue().getAsDouble()));
        return out;
    }

    /** A value as Python returned it, in matdiff's shape: a number 1×1, a 1-D list a column or a row, a 2-D list its rows. */
    static RealMatrix shaped(JsonElement e, Shape s) {
        if (e.isJsonPrimitive()) return MatrixUtils.createRealMatrix(new double[][] {{e.getAsDouble()}});
        JsonArray a = e.getAsJsonArray();
        if (a.size() > 0 && a.get(0).isJsonArray()) return rows(a);
        double[] xs = doubles(a);
        return s.isColumn() ? MatrixUtils.createColumnRealMatrix(xs) : MatrixUtils.createRowRealMatrix(xs);
    }

    static RealMatrix rows(JsonElement e) {
        JsonArray rows = e.getAsJsonArray();
        double[][] d = new double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) d[i] = doubles(rows.get(i).getAsJsonArray());
        return MatrixUtils.createRealMatrix(d);
    }

    private static double[] doubles(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < a.size(); i++) out[i] = a.get(i).getAsDouble();
        return out;
    }
}
