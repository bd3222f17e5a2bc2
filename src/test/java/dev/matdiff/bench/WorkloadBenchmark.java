package dev.matdiff.bench;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.expr.Expr;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Evaluator;

import org.apache.commons.math3.linear.RealMatrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The five workloads of issue 16 ({@link Workload}) on the data {@code bench/side-by-side.sh} wrote
 * ({@code -Dmatdiff.workloads=DIR}, default {@code bench/data}; drawn afresh when missing): f alone, and
 * f with every gradient on one evaluator, a fresh evaluator per operation as a caller with new data has.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WorkloadBenchmark {

    @Param({"LEAST_SQUARES", "MLP", "TRACE_INV", "LOGDET", "GAUSSIAN_NLL"})
    public Workload workload;

    @Param({"64", "256", "512", "1024"})
    public int n;

    /** Cores the evaluator may use ({@code new Evaluator(at, threads)}: products split here when OpenBLAS runs one thread). */
    @Param({"1"})
    public int threads;

    private Bindings at;
    private Expr f;
    private List<Expr> all;

    @Setup
    public void setUp() throws IOException {
        Derivation d = workload.derive();
        at = workload.bind(d, workload.load(Path.of(System.getProperty("matdiff.workloads", "bench/data")), n));
        f = d.objective();
        all = d.objectiveAndGradients();
    }

    @Benchmark
    public RealMatrix f() { return new Evaluator(at, threads).value(f); }

    @Benchmark
    public List<RealMatrix> fAndGradient() { return new Evaluator(at, threads).values(all); }
}
