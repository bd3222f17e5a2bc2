package dev.matdiff.numeric;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Expr.Var;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.linalg.ChainOrder;
import dev.matdiff.linalg.Dense;
import dev.matdiff.linalg.DomainError;
import dev.matdiff.linalg.ElementwiseKernel;
import dev.matdiff.linalg.Factorisations;
import dev.matdiff.linalg.Kernels;
import dev.matdiff.linalg.LinearMaps;
import dev.matdiff.linalg.Lu;
import dev.matdiff.linalg.Matrices;
import dev.matdiff.linalg.MatrixKernel;

import org.apache.commons.math3.exception.MathArithmeticException;
import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;
import java.util.function.UnaryOperator;

import static dev.matdiff.linalg.Matrices.map;
import static dev.matdiff.linalg.Matrices.reduce;

/**
 * Evaluates expressions on bound values with Commons Math; a scalar is a 1×1 matrix.
 *
 * <p>Every node is computed once per evaluator, memoised by identity (expressions are hash-consed,
 * so a shared subexpression is one object): evaluating f and then its gradient on the same
 * evaluator reuses f's intermediate values. Each expression is evaluated in the order of its
 * {@link Plan}, made once and shared by all evaluators, so a long chain of nodes does not recurse
 * and a small expression costs little more than its arithmetic. Returned matrices are shared with
 * the memo: do not modify them.
 *
 * <p>A value that does not exist is a {@link NumericException} naming the expression: a singular
 * or nearly singular inverse, the log of a non-positive entry, a division by zero, and generally
 * any NaN or infinite entry computed from finite inputs.
 */
public final class Evaluator {

    private final Bindings bindings;
    /** Values by canonical node (see {@link Plan}); named intermediates share their body's entry. */
    private final Map<Expr, RealMatrix> memo = new IdentityHashMap<>();
    /** LU factorisations by value, shared by det, logdet and inv of one matrix (made when first needed). */
    private Map<RealMatrix, Lu> lus;
    private final Factorisations factorisations = m -> {
        if (lus == null) lus = new IdentityHashMap<>();
        return lus.computeIfAbsent(m, Lu::new);
    };
    public Evaluator(Bindings bindings) {
        this.bindings = bindings;
    }

    public Bindings bindings() { return bindings; }

    /**
     * The value of e (shared with this evaluator's memo: do not modify it). Where e has none
     * because a det(Y)-scaled inv(Y) meets a singular Y (Jacobi's formula), it is evaluated
     * through the adjugate instead ({@link Adjugates}).
     */
    public RealMatrix value(Expr e) {
        try {
            return evaluated(e);
        } catch (NumericException failure) {
            RealMatrix v = Adjugates.retry(this, e);
            if (v == null) throw failure;
            memo.put(e, v);
            return v;
        }
    }

    private RealMatrix evaluated(Expr e) {
        RealMatrix v = memo.get(e);
        if (v != null) return v;
        Plan plan = Plan.of(e);
        if (plan != null) {
            v = memo.get(plan.keys[plan.root]);
            if (v == null) v = evaluate(plan);
        } else {
            // a large DAG (a deep network's gradients share most of theirs): plan only what is new
            v = evaluate(Plan.delta(e, known));
        }
        if (memo.get(e) == null) memo.put(e, v);
        return v;
    }

    private final Plan.Known known = memo::containsKey;

    /** Values of variables up to this many entries are copied into the evaluator's own layout. */
    static final int SMALL = 256;

    /** The value of a scalar expression. */
    public double scalar(Expr e) {
        RealMatrix v = value(e);
        if (v.getRowDimension() != 1 || v.getColumnDimension() != 1)
            throw new NumericException(Describe.of(e) + " is " + v.getRowDimension() + "×" + v.getColumnDimension() + ", not a scalar");
        return v.getEntry(0, 0);
    }

    /** One pass over the plan: operands come first, so each node finds its operands' values computed. */
    private RealMatrix evaluate(Plan plan) {
        int n = plan.size();
        RealMatrix[] values = new RealMatrix[n];
        boolean fresh = memo.isEmpty();
        for (int i = 0; i < n; i++) {
            Expr key = plan.keys[i];
            RealMatrix v = fresh ? null : memo.get(key);
            if (v == null) {
                v = compute(plan, i, values);
                memo.put(key, v);
            }
            values[i] = v;
        }
        return values[plan.root];
    }

    private RealMatrix compute(Plan plan, int i, RealMatrix[] values) {
        Expr e = plan.keys[i];
        if (plan.kinds[i] == Plan.Kind.KNOWN) {
            RealMatrix v = memo.get(e);
            if (v == null) throw new IllegalStateException("a known value is missing: " + Describe.of(e));
            return v;
        }
        if (e instanceof Num n) return Matrices.scalar(n.value());
        if (e instanceof Var v) return variable(v);
        Node n = (Node) e;
        Node shown = plan.shown[i] instanceof Node s ? s : n;
        int[] in = plan.inputs[i];
        RealMatrix result;
        try {
            result = switch (plan.kinds[i]) {
                case PRODUCT -> product(in, plan.transposed[i], values);
                case SUM -> sum(n, in, plan.coefficients[i], values);
                case LOG_DET -> logOfDet(n, shown, values[in[0]]);
                default -> node(n, shown, in.length > 0 ? values[in[0]] : null, in.length > 1 ? values[in[1]] : null);
            };
        } catch (MathIllegalArgumentException | MathIllegalStateException | MathArithmeticException ex) {
            throw fail(shown, ex.getMessage());
        }
        if (plan.check[i] && !Matrices.allFinite(result)) {
            int[] at = Matrices.find(result, Double::isFinite);
            throw fail(shown, (isScalar(result) ? "the result is " : Matrices.entry(at) + " of the result is ")
                    + TextPrinter.number(result.getEntry(at[0], at[1])));
        }
        return result;
    }

    private RealMatrix product(int[] in, boolean[] transposed, RealMatrix[] values) {
        if (in.length == 2) return Matrices.multiply(values[in[0]], transposed[0], values[in[1]], transposed[1]);
        List<ChainOrder.Factor> factors = new ArrayList<>(in.length);
        for (int j = 0; j < in.length; j++) factors.add(new ChainOrder.Factor(values[in[j]], transposed[j]));
        return ChainOrder.multiplyFactors(factors);
    }

    /** Σ c_j·t_j in one accumulator, in the order of the terms; a ones term adds its coefficient to every entry. */
    private RealMatrix sum(Node n, int[] in, double[] coefficients, RealMatrix[] values) {
        // the terms' values give the size; only a sum of nothing but ones needs the shape's symbols bound
        RealMatrix first = null;
        for (int j = 0; j < in.length && first == null; j++) if (in[j] != Plan.ONES) first = values[in[j]];
        int rows = first != null ? first.getRowDimension() : size(n, n.shape().rows());
        int cols = first != null ? first.getColumnDimension() : size(n, n.shape().cols());
        double[] acc = null;
        for (int j = 0; j < in.length; j++) {
            double c = coefficients[j];
            if (acc == null) {
                if (in[j] == Plan.ONES) {
                    acc = new double[rows * cols];
                    Matrices.addTo(acc, c);
                } else {
                    RealMatrix t = values[in[j]];
                    if (t.getRowDimension() != rows || t.getColumnDimension() != cols) throw mismatch(t, rows, cols);
                    acc = Dense.freshFlat(t);
                    if (c != 1) Matrices.scaleInPlace(acc, c);
                }
            } else if (in[j] == Plan.ONES) {
                Matrices.addTo(acc, c);
            } else {
                RealMatrix t = values[in[j]];
                if (t.getRowDimension() != rows || t.getColumnDimension() != cols) throw mismatch(t, rows, cols);
                Matrices.addTo(acc, t, c);
            }
        }
        return new Dense(rows, cols, acc);
    }

    private static org.apache.commons.math3.linear.MatrixDimensionMismatchException mismatch(RealMatrix t, int rows, int cols) {
        return new org.apache.commons.math3.linear.MatrixDimensionMismatchException(t.getRowDimension(), t.getColumnDimension(), rows, cols);
    }

    /** log(det(A)) as log|det A| from the LU pivots: det(A) itself overflows long before its log does. */
    private RealMatrix logOfDet(Node n, Node shown, RealMatrix a) {
        RealMatrix known = memo.get(n.arg(0));
        if (known != null) return node(n, shown, known, null);
        Lu f = factorisations.lu(a);
        if (f.singular() || f.sign() <= 0)
            throw fail(shown, "log needs a positive determinant, but det is " + (f.singular() ? "0" : "negative"));
        return Matrices.scalar(f.logAbsDet());
    }

    private RealMatrix variable(Var v) {
        RealMatrix m = bindings.values().get(v.name());
        if (m == null) throw new NumericException("no value for '" + v.name() + "'");
        long rows = size(v.shape().rows()), cols = size(v.shape().cols());
        if (rows >= 0 && rows != m.getRowDimension() || cols >= 0 && cols != m.getColumnDimension())
            throw new NumericException(v.name() + " is " + v.shape() + " (" + rows + "×" + cols + ") in the expression, but its value is "
                    + m.getRowDimension() + "×" + m.getColumnDimension());
        // a small value in rows is copied into one array, which the arithmetic reads faster; larger ones are
        // read as they are (a product with a vector uses Commons Math's own loops, with no copy)
        return m instanceof Array2DRowRealMatrix a && (long) a.getRowDimension() * a.getColumnDimension() <= SMALL
                ? new Dense(a.getRowDimension(), a.getColumnDimension(), Dense.flat(a)) : m;
    }

    /** The size of a dimension under the bindings, or -1; a number or a symbol without the general polynomial walk. */
    private long size(Dim d) {
        if (d instanceof Dim.Fixed f) return f.size();
        if (d instanceof Dim.Sym s) {
            Integer v = bindings.dimSizes().get(s.name());
            return v == null ? -1 : v;
        }
        return bindings.size(d);
    }

    /**
     * A node from the values of its (at most two) arguments; sums and products have their own paths.
     * {@code shown} is the node as written, which errors name (n may be its canonical form).
     */
    private RealMatrix node(Node n, Node shown, RealMatrix x, RealMatrix y) {
        Op op = n.op();
        if (op.isElementwise()) {
            ElementwiseKernel k = op.spec().elementwise();
            if (k.domain() != null) require(shown, 0, x, k.domain(), k.need());
            return map(x, k.f());
        }
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
                require(shown, 1, y, v -> v != 0, "division by zero");
                yield Matrices.elementDivide(x, y);
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
            // sums and products have their own paths (see compute)
            default -> throw new IllegalStateException("no way to evaluate " + op);
        };
    }

    private RealMatrix power(Node n, RealMatrix x, int k) {
        if (k == 0) return Matrices.identity(x.getRowDimension());
        RealMatrix base = k < 0 ? invert(n, x) : x;
        RealMatrix result = null;
        // binary powering: ⌈log2 k⌉ squarings
        for (long e = Math.abs((long) k); e > 0; e >>= 1) {
            if ((e & 1) == 1) result = result == null ? base : Matrices.multiply(result, base);
            if (e > 1) base = Matrices.multiply(base, base);
        }
        return result;
    }

    private RealMatrix elementPower(Node n, RealMatrix x, double p) {
        if (p != Math.rint(p)) require(n, 0, x, v -> v >= 0, "a negative number to a non-integer power is not real");
        if (p < 0) require(n, 0, x, v -> v != 0, "division by zero");
        if (p == 2) return Matrices.square(x);
        if (p == 1) return x;
        if (p == -1) return map(x, v -> 1 / v);
        return map(x, v -> Math.pow(v, p));
    }

    private RealMatrix invert(Node n, RealMatrix x) {
        try {
            return Kernels.inverse(factorisations.lu(x));
        } catch (DomainError e) {
            throw fail(n, e.getMessage());
        }
    }

    /** Throws if an entry of argument i fails {@code ok}, naming the entry and its value. */
    private static void require(Node n, int i, RealMatrix value, DoublePredicate ok, String need) {
        int[] at = Matrices.find(value, ok);
        if (at == null) return;
        String arg = Describe.of(n.arg(i));
        double v = value.getEntry(at[0], at[1]);
        throw fail(n, (isScalar(value) ? arg : Matrices.entry(at) + " of " + arg) + " is " + TextPrinter.number(v) + "; " + need);
    }

    private int size(Node n, Dim d) {
        long s = size(d);
        if (s < 1) throw fail(n, "the size " + d + " is not known from the data");
        return Math.toIntExact(s);
    }

    private static boolean isScalar(RealMatrix m) { return m.getRowDimension() == 1 && m.getColumnDimension() == 1; }

    private static NumericException fail(Node n, String problem) {
        return new NumericException(Describe.of(n) + ": " + problem, dev.matdiff.source.Pos.NONE, n);
    }
}
