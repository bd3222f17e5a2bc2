package dev.matdiff.bench;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.expr.Expr;
import dev.matdiff.linalg.Dense;
import dev.matdiff.linalg.Matrices;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Data;
import dev.matdiff.data.ProgramData;

import org.apache.commons.math3.linear.RealMatrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The five workloads of issue 16 ("Numbers at BLAS speed"), f and its gradient timed against NumPy
 * on the same data: the program, the variables it is differentiated against, and how its data is
 * drawn. {@code bench/numpy_workloads.py} holds the NumPy side, written as a careful NumPy user would
 * (one inverse, shared products); the data is made here once and written as {@code .npy} files
 * ({@link Npy}) that both sides read.
 */
public enum Workload {
    /** sqnorm(X*w − y) with respect to w. */
    LEAST_SQUARES("""
            matrix X(n, n) constant
            vector w(n)
            vector y(n) constant
            L = sqnorm(X*w - y)
            """, "w"),
    /** A two-layer network, all n×n: Z1 = tanh(W1*X); L = sqnorm(W2*Z1 − Y) with respect to W1, W2. */
    MLP("""
            matrix W1(n, n), W2(n, n)
            matrix X(n, n) constant
            matrix Y(n, n) constant
            Z1 = tanh(W1*X)
            L = sqnorm(W2*Z1 - Y)
            """, "W1", "W2"),
    /** tr(inv(X)*A) with respect to a symmetric positive definite X. */
    TRACE_INV("""
            symmetric X(n)
            matrix A(n, n) constant
            L = tr(inv(X)*A)
            """, "X"),
    /** logdet(X) with respect to a symmetric positive definite X. */
    LOGDET("""
            symmetric X(n)
            L = logdet(X)
            """, "X"),
    /** The Gaussian negative log-likelihood with respect to its covariance S (SPD), N = n samples. */
    GAUSSIAN_NLL("""
            symmetric S(n)
            matrix X(n, N) constant
            vector mu(n) constant
            scalar N constant
            C = X - mu*ones(N)'
            L = N*logdet(S) + tr(C'*inv(S)*C)
            """, "S");

    public final String program;
    public final List<String> wrt;

    Workload(String program, String... wrt) {
        this.program = program;
        this.wrt = List.of(wrt);
    }

    public String key() { return name().toLowerCase(java.util.Locale.ROOT); }

    public MatDiff parsed() { return MatDiff.parse(program); }

    public Derivation derive() { return parsed().derive(null, wrt); }

    /** The data at size n, drawn from a fixed seed: the same numbers on every machine. */
    public Map<String, RealMatrix> data(int n) {
        Random r = new Random(16_000L + 31L * ordinal() + n);
        Map<String, RealMatrix> v = new LinkedHashMap<>();
        switch (this) {
            case LEAST_SQUARES -> {
                v.put("X", gaussian(n, n, 1 / Math.sqrt(n), r));
                v.put("w", gaussian(n, 1, 1, r));
                v.put("y", gaussian(n, 1, 1, r));
            }
            case MLP -> {
                v.put("W1", gaussian(n, n, 1 / Math.sqrt(n), r));
                v.put("W2", gaussian(n, n, 1 / Math.sqrt(n), r));
                v.put("X", gaussian(n, n, 1, r));
                v.put("Y", gaussian(n, n, 1, r));
            }
            case TRACE_INV -> {
                v.put("X", spd(n, r));
                v.put("A", gaussian(n, n, 1, r));
            }
            case LOGDET -> v.put("X", spd(n, r));
            case GAUSSIAN_NLL -> {
                v.put("S", spd(n, r));
                v.put("X", gaussian(n, n, 1, r));
                v.put("mu", gaussian(n, 1, 0.1, r));
                v.put("N", Matrices.scalar(n));
            }
        }
        return v;
    }

    /** The data bound to the program (dimension sizes from the shapes), as an evaluator takes it. */
    public Bindings bind(Derivation d, Map<String, RealMatrix> values) {
        return ProgramData.bind(parsed().program(), d.objectiveAndGradients(), new Data(values, Map.of()));
    }

    /** f and the gradients, in the order a caller evaluates them. */
    public static List<Expr> objectiveAndGradients(Derivation d) { return d.objectiveAndGradients(); }

    static Dense gaussian(int rows, int cols, double scale, Random r) {
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) d[i] = scale * r.nextGaussian();
        return new Dense(rows, cols, d);
    }

    /** B·Bᵀ/n + I for a Gaussian B, mirrored so that it is exactly symmetric: well conditioned and positive definite. */
    static Dense spd(int n, Random r) {
        Dense b = gaussian(n, n, 1, r);
        Dense s = (Dense) Matrices.multiply(b, false, b, true);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) s.data[i * n + j] = s.data[j * n + i] = s.data[j * n + i] / n;
            s.data[i * n + i] = s.data[i * n + i] / n + 1;
        }
        return s;
    }

    /** Writes every workload's data at every size under dir/WORKLOAD-n/NAME.npy. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "bench/data");
        int[] sizes = args.length > 1 ? java.util.Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray() : new int[] {64, 256, 512, 1024};
        for (Workload w : values())
            for (int n : sizes) {
                Path d = dir.resolve(w.key() + "-" + n);
                Files.createDirectories(d);
                Map<String, RealMatrix> values = w.data(n);
                for (var e : values.entrySet()) Npy.write(d.resolve(e.getKey() + ".npy"), e.getValue());
                // matdiff's own f and gradients, which the NumPy side checks itself against before it is timed
                Derivation der = w.derive();
                var e = new dev.matdiff.numeric.Evaluator(w.bind(der, values));
                Npy.write(d.resolve("expected_f.npy"), e.value(der.objective()));
                for (var g : der.gradients().entrySet()) Npy.write(d.resolve("expected_grad_" + g.getKey() + ".npy"), e.value(g.getValue()));
            }
    }

    /** The data of one workload at size n as written by {@link #main}, or drawn afresh when it is missing. */
    public Map<String, RealMatrix> load(Path dir, int n) throws IOException {
        Path d = dir.resolve(key() + "-" + n);
        if (!Files.isDirectory(d)) return data(n);
        Map<String, RealMatrix> v = new LinkedHashMap<>();
        for (String name : data(2).keySet()) v.put(name, Npy.read(d.resolve(name + ".npy")));
        return v;
    }
}
