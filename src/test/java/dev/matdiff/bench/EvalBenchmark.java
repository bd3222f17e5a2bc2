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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Numeric evaluation (targets 3 and 4 of "Fast at every size"): f alone, f with all its gradients
 * on one {@link Evaluator} (so the gradients reuse f's values), and the same value and gradients
 * written by hand with Commons Math ({@link HandWritten}). A fresh evaluator per operation, as a
 * caller with new data would have.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EvalBenchmark {

    @Param({"TRACE", "LOGDET", "LEAST_SQUARES", "NETWORK_NAMED", "NETWORK_NESTED"})
    public Cases expression;

    /** n×n matrices; a network's width is n/2 and its batch n/4 (see {@link Cases#point}). */
    @Param({"4", "512"})
    public int n;

    private Bindings at;
    private Expr f;
    private List<Expr> all;

    @Setup
    public void setUp() {
        Derivation d = expression.derive();
        at = expression.point(d, n);
        f = d.objective();
        all = Cases.objectiveAndGradients(d);
    }

    @Benchmark
    public RealMatrix f() { return new Evaluator(at).value(f); }

    @Benchmark
    public Evaluator fAndGradient() { return Cases.evaluateAll(at, all); }

    @Benchmark
    public HandWritten.Result handWritten() { return HandWritten.compute(expression, at); }
}
