package dev.matdiff.bench;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Deriver;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Hessian-vector product of a k-layer network with respect to its first layer's weights
 * W1, the deepest (issue 13: it must derive in time linear in k, never copying the DAG). Run with
 * {@code bench/hvp.sh}; its figures are in docs/PERFORMANCE.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class HessianVectorBenchmark {

    @Param({"4", "8", "16", "32", "64"})
    public int k;

    private MatDiff program;
    private static final Deriver.Options HVP = Deriver.Options.DEFAULT.withSecondOrder(false, true);

    @Setup
    public void setUp() { program = MatDiff.parse(Networks.program(k, Networks.Form.NAMED)); }

    @Benchmark
    public Derivation hessianVectorProduct() { return program.derive(null, List.of("W_1"), HVP); }
}
