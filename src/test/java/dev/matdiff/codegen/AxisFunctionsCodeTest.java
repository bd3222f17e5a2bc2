package dev.matdiff.codegen;

import com.google.gson.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The functions of each column or row (column and row sums, softmax, logsumexp, log∘softmax) and
 * commutation(m, n), on a matrix, a column and a row: generated NumPy and Java agree with matdiff's
 * evaluator to 1e-9 and pass their own check. A row is a 1-D array in Python, whose only axis is
 * not its columns; the random programs of the property test call these functions on columns only.
 */
class AxisFunctionsCodeTest {

    private static final String DECLARATIONS = "matrix A(m, n), B(n, m)\nvector x(m)\n";

    @TempDir static Path dir;
    static Python.Worker python;

    @BeforeAll
    static void start() throws IOException { python = new Python.Worker(); }

    @AfterAll
    static void stop() throws IOException { if (python != null) python.close(); }

    @ParameterizedTest
    @ValueSource(strings = {
            "L = sum(sin(sum(A, 1))) + sum(sin(sum(A, 2)))",
            "L = sum(sin(sum(x, 1))) + sum(sin(sum(x, 2))) + sum(sin(sum(x', 1))) + sum(sin(sum(x', 2)))",
            "L = sum(logsumexp(tanh(A))) + logsumexp(tanh(x)) + sum(logsumexp(tanh(x')))",
            "L = sum(sin(softmax(tanh(A)))) + sum(log(softmax(tanh(A))) .* A)",
            "L = sum(softmax(tanh(x)) .* x) + sum(softmax(tanh(x')) .* x') + sum(log(softmax(tanh(x'))) .* x')",
            "L = vec(B)'*commutation(m, n)*vec(sin(A)) + sum(commutation(m, 1)*x)",
    })
    void numpyAndJavaAgreeWithTheEvaluator(String objective) throws Exception {
        String name = "axis" + Integer.toHexString(objective.hashCode());
        Case c = Case.of(name + ".mdiff", DECLARATIONS + objective + "\n", null, 7);

        Path module = dir.resolve(name + ".py");
        Files.writeString(module, c.generate(Language.NUMPY));
        JsonObject answer = python.call(c.request(module.toString(), Language.NUMPY));
        Returned.assertAgree(c, Returned.fromPython(c, answer), Case.RELATIVE, "NumPy");
        Returned.assertChecksPass(Returned.pythonChecks(answer), answer.get("printed").getAsString());

        InMemoryJavac.Result compiled = InMemoryJavac.compile(Map.of(c.javaClass(), c.generate(Language.JAVA)));
        assertThat(compiled.diagnostics()).as("javac -Xlint:all").isEmpty();
        Class<?> cls = compiled.load(c.javaClass());
        Returned.assertAgree(c, Returned.fromJava(c, cls), Case.RELATIVE, "Java");
        Returned.assertChecksPass(Returned.javaChecks(c, cls), c.text());
    }
}
