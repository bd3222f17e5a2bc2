package dev.matdiff.bench;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Warm derivation of every sample through the library (target 2 of "Fast at every size": under
 * 1 ms each), with respect to the variables its {@code # wrt:} comment names; and parsing, alone and
 * with the derivation (issue 16). The samples are read
 * from {@code samples/} in the working directory ({@code -Dmatdiff.samples=DIR} overrides it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SampleBenchmark {

    @Param({"attention", "backprop-vec-route", "batch-layer-bias", "convolution", "deep-network", "gaussian-mle-symmetric",
            "gaussian-mle", "jacobian-linear-map", "kronecker", "layer-norm", "linear-layer-squared-loss", "linear-regression",
            "minibatch-softmax", "mlp-squared-loss", "softmax-regression", "trace-identities", "two-layer-network"})
    public String sample;

    private String text;
    private MatDiff program;
    private List<String> wrt;

    @Setup
    public void setUp() throws IOException {
        Path dir = Path.of(System.getProperty("matdiff.samples", "samples"));
        text = Files.readString(dir.resolve(sample + ".mdiff"));
        program = MatDiff.parse(text);
        wrt = program.program().wrtHint();
    }

    @Benchmark
    public Derivation derive() { return program.derive(null, wrt); }

    /** Lexing, parsing and typing (issue 16, target 4: parse and derive together at most 25 µs). */
    @Benchmark
    public MatDiff parse() { return MatDiff.parse(text); }

    @Benchmark
    public Derivation parseAndDerive() {
        MatDiff m = MatDiff.parse(text);
        return m.derive(null, m.program().wrtHint());
    }
}
