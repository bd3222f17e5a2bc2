package dev.matdiff.codegen;

import com.google.gson.JsonObject;

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
 * The PyTorch module of every sample, run when some python3 imports torch (it is optional, and
 * skipped with a message saying so otherwise): value and gradients (a vector objective's Jacobians)
 * equal to matdiff's evaluator's to 1e-9, computed under torch.no_grad(), equal to what torch.autograd
 * makes of the same module,
 * its check_grad and main passing, and nothing for pyflakes. Tagged slow: importing torch takes seconds.
 */
@Tag("slow")
class GeneratedTorchTest {

    @TempDir static Path dir;
    static final Map<String, Case> CASES = new LinkedHashMap<>();
    static Python.Worker python;

    static Stream<String> samples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("samples"))) {
            return files.filter(f -> f.toString().endsWith(".mdiff")).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @BeforeAll
    static void generate() throws IOException {
        String interpreter = Python.torchInterpreter();
        if (interpreter == null) {
            System.err.println("GeneratedTorchTest: SKIPPED, no python3 here imports torch (the PyTorch code generator is untested in this run)");
            Assumptions.abort("no python3 imports torch: the generated PyTorch modules are not run");
        }
        for (String s : samples().toList()) {
            Case c = Case.of(s, Files.readString(Path.of("samples", s)), null, 11);
            CASES.put(s, c);
            Files.writeString(module(c), c.generate(Language.TORCH));
        }
        python = new Python.Worker(interpreter);
    }

    @AfterAll
    static void stop() throws IOException { if (python != null) python.close(); }

    static Path module(Case c) { return dir.resolve(c.name().replace('-', '_').replace(".mdiff", "") + "_torch.py"); }

    @ParameterizedTest
    @MethodSource("samples")
    void torchAgreesWithMatdiffsEvaluatorAndWithAutograd(String sample) throws IOException {
        agrees(CASES.get(sample));
    }

    /**
     * DEVICE = None means where the arguments are: the constants a module makes (ones, eye, full, tensor) are made
     * there too. A "meta" tensor (shapes only) stands for a GPU's: a constant made on the CPU beside it is an error.
     */
    @Test
    void resultsAreMadeOnTheArgumentsDevice() throws IOException {
        Case c = Case.of("device.mdiff", "matrix X(n, n)\nvector x(n)\nf = sum(X .* (ones(n, n) + 2*eye(n))) + sqrt(2)*x'*x + sum(x .* vector(3))\n",
                List.of("X", "x"), 5);
        Path module = dir.resolve("device_torch.py");
        Files.writeString(module, c.generate(Language.TORCH));
        String script = "import sys, torch; sys.path.insert(0, '" + dir + "'); import device_torch as m\n"
                + "f, g = m.f_and_grad(torch.zeros(3, 3, device='meta'), torch.zeros(3, device='meta'))\n"
                + "print(f.device, g['X'].device, g['x'].device, tuple(g['X'].shape))\n";
        Python.Run r = Python.run(List.of(Python.torchInterpreter(), "-c", script), null);
        assertThat(r.output().strip()).as(r.output()).isEqualTo("meta meta meta (3, 3)");
    }

    /** PyTorch's functions take tensors only: a constant or a dimension they read is made one. */
    @Test
    void aFunctionOfAConstantOrADimensionIsOfATensor() throws IOException {
        Case c = Case.of("constants.mdiff", "vector x(n)\nf = sqrt(2)*sum(x) + tanh(3)*x'*x + exp(n)*sum(x)\n", List.of("x"), 5);
        Files.writeString(module(c), c.generate(Language.TORCH));
        agrees(c);
    }

    /**
     * A vector filled with one number (a gradient of 0, a constant vector(2)) is torch.full of a tuple:
     * torch.full(n, c) is a TypeError, where np.full(n, c) was not.
     */
    @Test
    void aFilledVectorHasATupleSize() throws IOException {
        for (String text : List.of("vector x(n)\nf = sum(sign(x))\n", "vector x(n)\nf = sum(x .* vector(3))\n")) {
            Case c = Case.of("filled.mdiff", text, List.of("x"), 5);
            String code = c.generate(Language.TORCH);
            assertThat(code).contains("torch.full((n,), ").doesNotContain("torch.full(n,");
            Files.writeString(module(c), code);
            agrees(c);
        }
    }

    /** main checks where f is defined (scaled down into arcsin's domain) and says inconclusive where it is nowhere, with exit code 0. */
    @Test
    void mainChecksWhereFIsDefinedOrSaysInconclusive() throws IOException {
        GeneratedMainTest.mainsOf(dir, Python.torchInterpreter(), Language.TORCH);
    }

    @Test
    void checkAtANonFinitePointIsInconclusive() throws IOException {
        GeneratedMainTest.checkAtANonFinitePointOf(dir, Python.torchInterpreter(), Language.TORCH);
    }

    @Test
    void aKinkAStepAwayPassesAndAWrongGradientFails() throws IOException {
        GeneratedMainTest.aKinkAStepAwayPassesAndAWrongGradientFails(dir, Python.torchInterpreter(), Language.TORCH);
    }

    private static void agrees(Case c) throws IOException {
        JsonObject request = c.request(module(c).toString(), Language.TORCH);
        request.addProperty("main", true);
        JsonObject answer = python.call(request);
        Returned.assertAgree(c, Returned.fromPython(c, answer), Case.RELATIVE, "PyTorch");
        assertThat(answer.get("autograd").getAsDouble()).as("torch.autograd against the generated derivatives").isLessThanOrEqualTo(Case.RELATIVE);
        Returned.assertChecksPass(Returned.pythonChecks(answer), answer.get("printed").getAsString());
        assertThat(answer.get("main").getAsInt()).as(answer.get("printed").getAsString()).isZero();
    }

    @Test
    void torchModulesHaveNothingForPyflakes() {
        List<String> command = new ArrayList<>(Python.pyflakes());
        for (Case c : CASES.values()) command.add(module(c).toString());
        Python.Run r = Python.run(command, null);
        assertThat(r.output()).isEmpty();
    }
}
