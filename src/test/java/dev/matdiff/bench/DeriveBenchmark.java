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
 * Derivation time of k-layer networks with respect to every W_i (issue 16: time per layer at k = 256
 * and at k = 1,024 within 1.2× of that at k = 16). The program is parsed once; each operation is one
 * library derivation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DeriveBenchmark {

    /** NAMED_STAGED is the library's default for a layered program; NESTED has no layers to stage. */
    public enum Variant {
        NAMED_STAGED(Networks.Form.NAMED, Deriver.Mode.STAGED),
        NAMED_EXPANDED(Networks.Form.NAMED, Deriver.Mode.EXPANDED),
        NESTED(Networks.Form.NESTED, Deriver.Mode.STAGED);

        final Networks.Form form;
        final Deriver.Mode mode;

        Variant(Networks.Form form, Deriver.Mode mode) {
            this.form = form;
            this.mode = mode;
        }
    }

    @Param({"NAMED_STAGED", "NAMED_EXPANDED", "NESTED"})
    public Variant variant;

    /** The depths the report reads (the @Param list repeats them: an annotation takes only constants). */
    static final int[] DEPTHS = {4, 16, 64, 256, 1024};

    @Param({"4", "16", "64", "256", "1024"})
    public int k;

    private MatDiff program;
    private List<String> wrt;

    @Setup
    public void setUp() {
        program = MatDiff.parse(Networks.program(k, variant.form));
        wrt = Networks.weights(k);
    }

    @Benchmark
    public Derivation derive() { return program.derive(null, wrt, variant.mode); }
}
