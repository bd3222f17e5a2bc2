package dev.matdiff.numeric;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.linalg.Blas;
import dev.matdiff.linalg.ChainOrder;
import dev.matdiff.linalg.Dense;
import dev.matdiff.linalg.DomainError;
import dev.matdiff.linalg.ElementwiseKernel;
import dev.matdiff.linalg.Factorisation;
import dev.matdiff.linalg.Factorisations;
import dev.matdiff.linalg.Fused;
import dev.matdiff.linalg.Kernels;
import dev.matdiff.linalg.KronSum;
import dev.matdiff.linalg.LinearMaps;
import dev.matdiff.linalg.Lu;
import dev.matdiff.linalg.Matrices;
import dev.matdiff.linalg.MatrixKernel;

import org.apache.commons.math3.linear.MatrixDimensionMismatchException;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;
import java.util.function.ToLongFunction;

import static dev.matdiff.linalg.Matrices.map;

/**
 * How each kind of {@link Plan} step computes its value, for one evaluator (whose factorisations
 * and sizes it uses). {@code shown} is the node as written, which errors name.
 */
final class Steps {
    private final Factorisations factorisations;
    private final ToLongFunction<Dim> sizes;
    private final Blas blas;

    Steps(Factorisations factorisations, ToLongFunction<Dim> sizes, Blas blas) {
        this.factorisations = factorisations;
        this.sizes = sizes;
        this.blas = blas;
    }

    RealMatrix gram(RealMatrix a, boolean transposed) { return Fused.gram(a, transposed, blas); }

    RealMatrix chain(int[] in, boolean[] transposed, RealMatrix[] values) {
        List<ChainOrder.Factor> factors = new ArrayList<>(in.length);
        for (int j = 0; j < in.length; j++) factors.add(new ChainOrder.Factor(values[in[j]], transposed[j]));
        return ChainOrder.multiplyFactors(factors, blas);
    }

    RealMatrix traceOfProduct(RealMatrix p, boolean tp, RealMatrix q, boolean tq) {
        return Matrices.scalar(Fused.traceOfProduct(p, tp, q, tq));
    }

    /**
     * The failure naming the entry, if P ⊙ Q (pair, written so) has one that is not finite, P = op(p)ᵀ and Q = op(q) as a
     * trace step reads them for sum(P ⊙ Q); null if every entry is finite (then the sum itself overflowed).
     */
    NumericException overflowingEntry(Expr pair, RealMatrix p, boolean tp, RealMatrix q, boolean tq) {
        RealMatrix product = Matrices.hadamard(tp ? p : Matrices.transpose(p), tq ? Matrices.transpose(q) : q);
        int[] at = Matrices.find(product, Double::isFinite);
        return at != null && pair instanceof Node shown
                ? fail(shown, Matrices.entry(at) + " of the result is " + TextPrinter.number(product.getEntry(at[0], at[1]))) : null;
    }

    /**
     * op(inv(a))·op(b) (left) or op(b)·op(inv(a)) by triangular solves with a's factorisation. A matrix
     * the factorisation finds singular, or whose estimated condition is within four orders of magnitude
     * of {@link Lu#MIN_RCOND}, takes the inverse's own path, so that it fails exactly as inv(a) would.
     */
    RealMatrix solve(boolean left, Node shown, RealMatrix a, boolean ta, RealMatrix b, boolean tb) {
        Factorisation f = factorisations.of(a);
        if (f.singular() || f.rcond() < Lu.MIN_RCOND * 1e4) {
            RealMatrix inverse = invert(shown, a);
            return left ? Matrices.multiply(inverse, ta, b, tb, blas) : Matrices.multiply(b, tb, inverse, ta, blas);
        }
        RealMatrix rhs = tb ? Matrices.transpose(b) : b;
        if (left) return ta ? f.solveTransposed(rhs) : f.solve(rhs);
        return ta ? f.solveRightTransposed(rhs) : f.solveRight(rhs);
    }

    /** Σ c_j·op(t_j) in one accumulator, in the order of the terms; a ones term adds its coefficient to every entry. */
    RealMatrix sum(Node n, int[] in, boolean[] transposed, double[] coefficients, RealMatrix[] values) {
        // the terms' values give the size; only a sum of nothing but ones needs the shape's symbols bound
        int rows = -1, cols = -1;
        for (int j = 0; j < in.length && rows < 0; j++)
            if (in[j] != Plan.ONES) {
                RealMatrix t = values[in[j]];
                rows = transposed[j] ? t.getColumnDimension() : t.getRowDimension();
                cols = transposed[j] ? t.getRowDimension() : t.getColumnDimension();
            }
        if (rows < 0) {
            rows = size(n, n.shape().rows());
            cols = size(n, n.shape().cols());
        }
        // Kronecker products kept as their factors stay so summed: (A ⊗ B + Aᵀ ⊗ Bᵀ)·x is still four small products
        if (in.length > 0 && java.util.Arrays.stream(in).allMatch(j -> j != Plan.ONES && values[j] instanceof KronSum)) {
            RealMatrix kept = KronSum.combination(java.util.Arrays.stream(in).mapToObj(j -> values[j]).toList(), transposed, coefficients);
            if (kept != null) return kept;
        }
        double[] acc = null;
        for (int j = 0; j < in.length; j++) {
            double c = coefficients[j];
            if (in[j] == Plan.ONES) {
                if (acc == null) acc = new double[rows * cols];
                Matrices.addTo(acc, c);
                continue;
            }
            RealMatrix t = values[in[j]];
            int tr = transposed[j] ? t.getColumnDimension() : t.getRowDimension(), tc = transposed[j] ? t.getRowDimension() : t.getColumnDimension();
            if (tr != rows || tc != cols) throw new MatrixDimensionMismatchException(tr, tc, rows, cols);
            if (transposed[j]) {
                if (acc == null) acc = new double[rows * cols];
                Fused.addTransposedTo(acc, rows, cols, t, c);
            } else if (acc == null && j + 1 < in.length && in[j + 1] != Plan.ONES && !transposed[j + 1]
                    && sameShape(values[in[j + 1]], rows, cols)) {
                // the first two terms in one pass: c·t + c'·t', written once
                acc = Fused.combination(Dense.flat(t), c, Dense.flat(values[in[j + 1]]), coefficients[j + 1]);
                j++;
            } else if (acc == null) {
                acc = Dense.freshFlat(t);
                if (c != 1) Matrices.scaleInPlace(acc, c);
            } else {
                Matrices.addTo(acc, t, c);
            }
        }
        return new Dense(rows, cols, acc);
    }

    private static boolean sameShape(RealMatrix t, int rows, int cols) { return t.getRowDimension() == rows && t.getColumnDimension() == cols; }

    /** log(det(A)) as log|det A| from the factorisation: det(A) itself overflows long before its log does. */
    RealMatrix logOfDet(Node shown, RealMatrix a) {
        Factorisation f = factorisations.of(a);
        if (f.singular() || f.sign() <= 0)
            throw fail(shown, "log needs a positive determinant, but det is " + (f.singular() ? "0" : "negative"));
        return Matrices.scalar(f.logAbsDet());
    }

    /**
     * A node from the values of its (at most two) arguments; sums and products have their own paths. An entry outside an
     * element-wise function's domain (log of 0, sqrt of −1, x/0) comes out NaN or infinite from finite operands, so the
     * operands are searched for it only when the result is not all finite, to name the entry as written.
     */
    RealMatrix node(Node n, Node shown, RealMatrix x, RealMatrix y) {
        Op op = n.op();
        if (op.isElementwise()) {
            ElementwiseKernel k = op.spec().elementwise();
            RealMatrix out = map(x, k.f());
            // with no domain there is nothing to say of x: what overflows (exp) is found by the evaluator's scan of the result,
            // or its readers' (Plan.deferred); one finite on finite entries (tanh, σ, relu) needs none, its operand being
            // scanned (Plan.check: a step that does not carry a NaN on is never a reader a scan is left to)
            if (k.domain() == null) return out;
            if (Matrices.finiteAsMade(out)) return out;  // no pass over x for its domain
            // log1p(x) computes a written log(1 + x): said of what was written, 1 - a is -0.5, not of x (-a is -1.5)
            if (op == Op.LOG1P && shown.op() != Op.LOG1P) require(shown, 0, x.scalarAdd(1), v -> v > 0, "log needs positive entries");
            else if (k.domain() != null) require(shown, 0, x, k.domain(), k.need());
            return out;
        }
        if (op == Op.POW) requirePower(shown, x, y);
        MatrixKernel kernel = op.spec().kernel();
        if (kernel != null) {
            try {
                return kernel.apply(x, y, factorisations);
            } catch (DomainError e) {
                throw fail(shown, e.getMessage());
            }
        }
        return switch (op) {
            case NEG -> Matrices.scale(x, -1);
            case SCALE -> Matrices.scale(y, x.getEntry(0, 0));
            case DIV -> {
                double s = y.getEntry(0, 0);
                if (s == 0) throw fail(shown, "division by zero: " + Describe.of(shown.arg(1)) + " is 0");
                yield map(x, v -> v / s);
            }
            case HADAMARD -> Matrices.hadamard(x, y);
            case ELEMDIV -> {
                RealMatrix out = Matrices.elementDivide(x, y);
                if (!Matrices.finiteAsMade(out)) require(shown, 1, y, v -> v != 0, "division by zero");
                yield out;
            }
            case TRANSPOSE -> Matrices.transpose(x);
            case POWER -> power(shown, x, (int) n.param());
            case ELEMPOW -> elementPower(shown, x, n.param());
            case UNVEC -> {
                int rows = size(n, n.shape().rows()), cols = size(n, n.shape().cols());
                if ((long) rows * cols != x.getRowDimension() || x.getColumnDimension() != 1)
                    throw fail(shown, "cannot reshape a " + Kernels.shape(x) + " value to " + rows + "×" + cols);
                yield LinearMaps.unvec(x, rows, cols);
            }
            case ONES -> Matrices.filled(size(n, n.shape().rows()), size(n, n.shape().cols()), 1);
            case EYE -> Matrices.identity(size(n, n.shape().rows()));
            case DIFF -> throw fail(shown, "a differential cannot be evaluated");
            // sums and products have their own steps
            default -> throw new IllegalStateException("no way to evaluate " + op);
        };
    }

    private RealMatrix power(Node n, RealMatrix x, int k) {
        if (k == 0) return Matrices.identity(x.getRowDimension());
        RealMatrix base = k < 0 ? invert(n, x) : x;
        RealMatrix result = null;
        // binary powering: ⌈log2 k⌉ squarings
        for (long e = Math.abs((long) k); e > 0; e >>= 1) {
            if ((e & 1) == 1) result = result == null ? base : Matrices.multiply(result, false, base, false, blas);
            if (e > 1) base = Matrices.multiply(base, false, base, false, blas);
        }
        return result;
    }

    private RealMatrix elementPower(Node n, RealMatrix x, double p) {
        if (p == 1) return x;
        RealMatrix out = p == 2 ? Matrices.square(x) : p == -1 ? map(x, v -> 1 / v) : map(x, v -> Math.pow(v, p));
        // a whole positive power is defined everywhere: an overflow is the evaluator's scan's (or its readers') to find
        if (p > 0 && p == Math.rint(p)) return out;
        if (Matrices.finiteAsMade(out)) return out;
        if (p != Math.rint(p)) require(n, 0, x, v -> v >= 0, "a negative number to a non-integer power is not real");
        if (p < 0) require(n, 0, x, v -> v != 0, "division by zero");
        return out;
    }

    private RealMatrix invert(Node n, RealMatrix x) {
        try {
            return Kernels.inverse(factorisations.of(x));
        } catch (DomainError e) {
            throw fail(n, e.getMessage());
        }
    }

    /** Throws where pow(u, g) has no value, naming the base's entry and the exponent's, and their values. */
    private static void requirePower(Node n, RealMatrix u, RealMatrix g) {
        int[] at = Kernels.powerUndefined(u, g);
        if (at == null) return;
        String need = at[2] == 1 ? "division by zero" : Op.POW.spec().partial();
        throw fail(n, entry(n, 0, u, at) + ", and " + entry(n, 1, g, at) + "; " + need);
    }

    /** "the base is -2" for a number, else what {@link #valueOf} says: argument i where the result's entry at[0], at[1] reads it. */
    private static String entry(Node n, int i, RealMatrix value, int[] at) {
        if (n.arg(i) instanceof dev.matdiff.expr.Expr.Num) return "the " + (i == 0 ? "base" : "exponent") + " is " + TextPrinter.number(value.getEntry(0, 0));
        return valueOf(n, i, value, at);
    }

    /** Throws if an entry of argument i fails {@code ok}, naming the entry and its value. */
    private static void require(Node n, int i, RealMatrix value, DoublePredicate ok, String need) {
        int[] at = Matrices.find(value, ok);
        if (at == null) return;
        if (n.arg(i) instanceof dev.matdiff.expr.Expr.Num) throw fail(n, need);  // log(0): its value is in the name already
        throw fail(n, valueOf(n, i, value, at) + "; " + need);
    }

    /** "entry (2, 1) of x is -1", or "a is 0.5" for a scalar (its only entry, wherever the result reads it). */
    private static String valueOf(Node n, int i, RealMatrix value, int[] at) {
        int[] where = isScalar(value) ? new int[] {0, 0} : at;
        String arg = Describe.of(n.arg(i)), v = TextPrinter.number(value.getEntry(where[0], where[1]));
        return (isScalar(value) ? arg : Matrices.entry(where) + " of " + arg) + " is " + v;
    }

    private int size(Node n, Dim d) {
        long s = sizes.applyAsLong(d);
        if (s < 1) throw fail(n, "the size " + d + " is not known from the data"
                + (d instanceof Dim.Sym ? " (give it there by name: \"" + d + "\": 3)" : ""));
        return Math.toIntExact(s);
    }

    static boolean isScalar(RealMatrix m) { return m.getRowDimension() == 1 && m.getColumnDimension() == 1; }

    static NumericException fail(Node n, String problem) {
        return new NumericException(Describe.of(n) + ": " + problem, dev.matdiff.source.Pos.NONE, n);
    }
}
