package dev.matdiff.bench;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Deriver;
import dev.matdiff.check.RandomData;
import dev.matdiff.expr.Expr;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Evaluator;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.BlockRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The expressions whose numeric evaluation the benchmarks time: a program, the variables it is
 * differentiated against, and a point to evaluate at.
 */
public enum Cases {
    /** tr(A X B), all n×n. */
    TRACE("matrix A(n, n), X(n, n), B(n, n)\nf = tr(A*X*B)", List.of("X")),
    /** log det(XᵀX), X n×n. */
    LOGDET("matrix X(n, n)\nf = log(det(X'*X))", List.of("X")),
    /** Least squares (Xw − y)ᵀ(Xw − y), X n×n. */
    LEAST_SQUARES("matrix X(n, n)\nvector w(n), y(n)\nf = (X*w - y)'*(X*w - y)", List.of("w")),
    /** An 8-layer tanh network written as named layers; width n, batch n/2. */
    NETWORK_NAMED(Networks.program(8, Networks.Form.NAMED), Networks.weights(8)),
    /** The same network as one nested expression. */
    NETWORK_NESTED(Networks.program(8, Networks.Form.NESTED), Networks.weights(8));

    /** The network's layer count. */
    public static final int LAYERS = 8;

    public final String program;
    public final List<String> wrt;

    Cases(String program, List<String> wrt) {
        this.program = program;
        this.wrt = wrt;
    }

    public boolean isNetwork() { return this == NETWORK_NAMED || this == NETWORK_NESTED; }

    public Derivation derive() {
        return MatDiff.parse(program).derive(null, wrt, Deriver.Mode.STAGED);
    }

    /**
     * A point of size n. The three expressions take the project's own random point ({@link RandomData},
     * entries of magnitude 0.2–0.9, square matrices diagonally dominant). A network's weights are drawn
     * with scale 1/√n instead, so that its tanh layers do not saturate (a saturated tanh takes a fast
     * path and would flatter the timing). A network's n is twice its width, so that it costs about as much
     * as the expressions at the same n: width n/2 and batch n/4 (W_i 256×256, X 256×128 at n = 512);
     * below n = 16, width and batch n.
     */
    public Bindings point(Derivation d, int n) {
        if (!isNetwork()) {
            List<Expr.Var> vars = variables(d);
            return RandomData.draw(vars, Map.of("n", n), 1, RandomData.Mode.MIXED);
        }
        int width = n >= 16 ? n / 2 : n, batch = n >= 16 ? n / 4 : n;
        return networkPoint(width, batch);
    }

    /** Weights of scale 1/√width, inputs and targets in [−1, 1], biases in [−0.1, 0.1]. */
    public static Bindings networkPoint(int n, int batch) { return networkPoint(LAYERS, n, batch); }

    /** A point for a k-layer network of {@link Networks}. */
    public static Bindings networkPoint(int k, int n, int batch) {
        Random r = new Random(1);
        Map<String, RealMatrix> values = new LinkedHashMap<>();
        values.put("X", matrix(n, batch, 1, r));
        values.put("Y", matrix(n, batch, 1, r));
        for (int i = 1; i <= k; i++) values.put("W_" + i, matrix(n, n, 1 / Math.sqrt(n), r));
        for (int i = 1; i <= k; i++) values.put("b_" + i, matrix(n, 1, 0.1, r));
        return new Bindings(values, Map.of("n", n, "N", batch));
    }

    /** f and every gradient, in the order a caller evaluates them. */
    public static List<Expr> objectiveAndGradients(Derivation d) {
        List<Expr> out = new ArrayList<>();
        out.add(d.objective());
        out.addAll(d.gradients().values());
        return out;
    }

    /** Evaluates f, then its gradients, on one evaluator (so the gradients reuse f's values). */
    public static Evaluator evaluateAll(Bindings at, List<Expr> exprs) {
        Evaluator e = new Evaluator(at);
        e.values(exprs);
        return e;
    }

    private static List<Expr.Var> variables(Derivation d) {
        List<Expr.Var> out = new ArrayList<>();
        java.util.Set<Expr> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Expr> todo = new java.util.ArrayDeque<>(objectiveAndGradients(d));
        while (!todo.isEmpty()) {
            Expr e = todo.pop();
            if (!seen.add(e)) continue;
            if (e instanceof Expr.Var v) out.add(v);
            todo.addAll(e.children());
        }
        out.sort(java.util.Comparator.comparing(Expr.Var::name));
        return out;
    }

    /** Uniform entries in [−scale, scale], in the layout Commons Math would choose. */
    static RealMatrix matrix(int rows, int cols, double scale, Random r) {
        double[][] d = new double[rows][cols];
        for (double[] row : d) for (int j = 0; j < cols; j++) row[j] = scale * (2 * r.nextDouble() - 1);
        return (long) rows * cols > 4096 ? new BlockRealMatrix(d) : new Array2DRowRealMatrix(d, false);
    }
}
