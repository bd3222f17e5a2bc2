package dev.matdiff.numeric;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Expr.Var;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.TextPrinter;
import org.apache.commons.math3.exception.MathArithmeticException;
import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoublePredicate;

import static dev.matdiff.numeric.Matrices.map;
import static dev.matdiff.numeric.Matrices.reduce;

/**
 * Evaluates expressions on bound values with Commons Math; a scalar is a 1×1 matrix.
 *
 * <p>Every node is computed once per evaluator, memoised by identity (expressions are hash-consed,
 * so a shared subexpression is one object): evaluating f and then its gradient on the same
 * evaluator reuses f's intermediate values. The walk uses an explicit stack, so a long chain of
 * nodes does not recurse. Returned matrices are shared with the memo: do not modify them.
 *
 * <p>A value that does not exist is a {@link NumericException} naming the expression: a singular
 * or nearly singular inverse, the log of a non-positive entry, a division by zero, and generally
 * any NaN or infinite entry computed from finite inputs.
 */
public final class Evaluator {

    private final Bindings bindings;
    private final Map<Expr, RealMatrix> memo = new IdentityHashMap<>();
    /** LU factorisations by value, shared by det, logdet, inv and negative powers of one matrix. */
    private final Map<RealMatrix, Lu> factorisations = new IdentityHashMap<>();

    /**
     * Operations whose result is finite whenever their arguments are (they move, negate or bound
     * entries), so their results need no NaN/infinity scan.
     */
    private static final Set<Op> EXACT = EnumSet.of(Op.NEG, Op.TRANSPOSE, Op.VEC, Op.UNVEC, Op.DIAG_MATRIX, Op.DIAG_VECTOR,
            Op.ONES, Op.EYE, Op.ABS, Op.SIGN, Op.RELU, Op.SIN, Op.COS, Op.TANH, Op.ARCTAN, Op.SIGMOID, Op.SOFTMAX);

    public Evaluator(Bindings bindings) { this.bindings = bindings; }

    public Bindings bindings() { return bindings; }

    /** The value of e (shared with this evaluator's memo: do not modify it). */
    public RealMatrix value(Expr e) {
        RealMatrix v = memo.get(e);
        if (v == null) {
            evaluate(e);
            v = memo.get(e);
        }
        return v;
    }

    /** The value of a scalar expression. */
    public double scalar(Expr e) {
        RealMatrix v = value(e);
        if (v.getRowDimension() != 1 || v.getColumnDimension() != 1)
            throw new NumericException(Describe.of(e) + " is " + v.getRowDimension() + "×" + v.getColumnDimension() + ", not a scalar");
        return v.getEntry(0, 0);
    }

    /** Post-order over the DAG with an explicit stack: children first, each node once. */
    private void evaluate(Expr root) {
        Deque<Expr> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Expr e = stack.peek();
            if (memo.containsKey(e)) { stack.pop(); continue; }
            if (e instanceof Node n && n.op() == Op.DIFF)
                throw new NumericException(Describe.of(e) + " is a differential, not a value: it cannot be evaluated");
            boolean ready = true;
            List<Expr> children = e instanceof Node n && n.op() == Op.MATMUL ? chainOperands(n)
                    : isLogDet(e) ? List.of(Exprs.arg(Exprs.arg(e, 0), 0)) : e.children();
            for (int i = children.size() - 1; i >= 0; i--) {
                Expr c = children.get(i);
                if (!memo.containsKey(c)) { stack.push(c); ready = false; }
            }
            if (ready) {
                stack.pop();
                memo.put(e, compute(e));
            }
        }
    }

    /**
     * A product reads a transposed factor Aᵀ straight from A: a matrix-vector product with Aᵀ
     * then costs no copy of A (the gradient of (Xw − y)ᵀ(Xw − y) is Xᵀ(Xw − y)).
     */
    private static List<Expr> chainOperands(Node n) {
        List<Expr> out = new ArrayList<>(n.args().size());
        for (Expr a : n.args()) out.add(Exprs.is(a, Op.TRANSPOSE) ? Exprs.arg(a, 0) : a);
        return out;
    }

    /** log(det(A)) is computed as log|det A| from the LU pivots: det(A) itself overflows long before its log does. */
    private static boolean isLogDet(Expr e) { return Exprs.is(e, Op.LOG) && Exprs.is(Exprs.arg(e, 0), Op.DET); }

    private RealMatrix logOfDet(Node n) {
        RealMatrix known = memo.get(n.arg(0));
        if (known != null) return node(n, List.of(known));
        Lu f = lu(memo.get(Exprs.arg(n.arg(0), 0)));
        if (f.singular() || f.det() <= 0)
            throw fail(n, "log needs a positive determinant, but det is " + (f.singular() ? "0" : "negative"));
        return Matrices.scalar(f.logAbsDet());
    }

    private RealMatrix product(Node n) {
        List<ChainOrder.Factor> factors = new ArrayList<>(n.args().size());
        for (Expr a : n.args()) {
            RealMatrix known = memo.get(a);
            if (known != null) factors.add(new ChainOrder.Factor(known, false));
            else factors.add(new ChainOrder.Factor(memo.get(Exprs.arg(a, 0)), true));
        }
        return ChainOrder.multiplyFactors(factors);
    }

    private RealMatrix compute(Expr e) {
        if (e instanceof Num n) return Matrices.scalar(n.value());
        if (e instanceof Named n) return memo.get(n.body());
        if (e instanceof Var v) return variable(v);
        Node n = (Node) e;
        List<RealMatrix> args = new ArrayList<>(n.args().size());
        boolean special = n.op() == Op.MATMUL || isLogDet(n);
        if (!special) for (Expr a : n.args()) args.add(memo.get(a));
        RealMatrix result;
        try {
            result = n.op() == Op.MATMUL ? product(n) : isLogDet(n) ? logOfDet(n) : node(n, args);
        } catch (MathIllegalArgumentException | MathIllegalStateException | MathArithmeticException ex) {
            throw fail(n, ex.getMessage());
        }
        if (!EXACT.contains(n.op()) && !Matrices.allFinite(result)) {
            int[] at = Matrices.find(result, Double::isFinite);
            throw fail(n, (isScalar(result) ? "the result is " : Matrices.entry(at) + " of the result is ")
                    + TextPrinter.number(result.getEntry(at[0], at[1])));
        }
        return result;
    }

    private RealMatrix variable(Var v) {
        RealMatrix m = bindings.values().get(v.name());
        if (m == null) throw new NumericException("no value for '" + v.name() + "'");
        long rows = bindings.size(v.shape().rows()), cols = bindings.size(v.shape().cols());
        if (rows >= 0 && rows != m.getRowDimension() || cols >= 0 && cols != m.getColumnDimension())
            throw new NumericException(v.name() + " is " + v.shape() + " (" + rows + "×" + cols + ") in the expression, but its value is "
                    + m.getRowDimension() + "×" + m.getColumnDimension());
        return m;
    }

    private RealMatrix node(Node n, List<RealMatrix> a) {
        RealMatrix x = a.isEmpty() ? null : a.get(0);
        return switch (n.op()) {
            case ADD -> Matrices.sum(a);
            case NEG -> x.scalarMultiply(-1);
            case MATMUL -> ChainOrder.multiply(a);  // not reached: compute() multiplies through product()
            case SCALE -> a.get(1).scalarMultiply(x.getEntry(0, 0));
            case DIV -> {
                double s = a.get(1).getEntry(0, 0);
                if (s == 0) throw fail(n, "division by zero: " + Describe.of(n.arg(1)) + " is 0");
                yield map(x, v -> v / s);
            }
            case HADAMARD -> Matrices.hadamard(x, a.get(1));
            case ELEMDIV -> {
                require(n, 1, a.get(1), v -> v != 0, "division by zero");
                yield Matrices.combine(x, a.get(1), (p, q) -> p / q);
            }
            case KRON -> LinearMaps.kron(x, a.get(1));
            case TRANSPOSE -> x.transpose();
            case POWER -> power(n, x, (int) n.param());
            case ELEMPOW -> elementPower(n, x, n.param());

            case TR -> Matrices.scalar(x.getTrace());
            case DET -> Matrices.scalar(lu(x).det());
            case LOGDET -> {
                Lu f = lu(x);
                if (f.singular()) throw fail(n, "the matrix is singular, so its log-determinant is -∞");
                yield Matrices.scalar(f.logAbsDet());
            }
            case SUM -> Matrices.scalar(reduce(x, v -> v));
            case NORM -> Matrices.scalar(Math.sqrt(reduce(x, v -> v * v)));
            case SQNORM -> Matrices.scalar(reduce(x, v -> v * v));
            case NORM1 -> Matrices.scalar(reduce(x, Math::abs));
            case LOGSUMEXP -> {
                double max = Matrices.max(x);
                yield Matrices.scalar(max + Math.log(reduce(x, v -> Math.exp(v - max))));
            }

            case INV -> inverse(n, x);
            case SOFTMAX -> {
                double max = Matrices.max(x);
                RealMatrix e = map(x, v -> Math.exp(v - max));
                double total = reduce(e, v -> v);
                yield map(e, v -> v / total);
            }
            case DIAG_MATRIX -> LinearMaps.diagMatrix(x);
            case DIAG_VECTOR -> LinearMaps.diagVector(x);
            case VEC -> LinearMaps.vec(x);
            case UNVEC -> {
                int rows = size(n, n.shape().rows()), cols = size(n, n.shape().cols());
                if ((long) rows * cols != x.getRowDimension() || x.getColumnDimension() != 1)
                    throw fail(n, "cannot reshape a " + shape(x) + " value to " + rows + "×" + cols);
                yield LinearMaps.unvec(x, rows, cols);
            }
            case CONV -> {
                RealMatrix k = a.get(1);
                if (k.getRowDimension() > x.getRowDimension() || k.getColumnDimension() > x.getColumnDimension())
                    throw fail(n, "the kernel (" + shape(k) + ") is larger than the image (" + shape(x) + ")");
                yield LinearMaps.conv(x, k);
            }
            case CONVFULL -> LinearMaps.convFull(x, a.get(1));
            case KRONBLOCKS -> {
                blocksOf(n, x, a.get(1));
                yield LinearMaps.kronBlocks(x, a.get(1));
            }
            case KRONSUM -> {
                blocksOf(n, x, a.get(1));
                yield LinearMaps.kronSum(x, a.get(1));
            }

            case EXP -> map(x, Math::exp);
            case LOG -> {
                require(n, 0, x, v -> v > 0, "log needs positive entries");
                yield map(x, Math::log);
            }
            case SIN -> map(x, Math::sin);
            case COS -> map(x, Math::cos);
            case TAN -> map(x, Math::tan);
            case TANH -> map(x, Math::tanh);
            case ARCSIN -> {
                require(n, 0, x, v -> v >= -1 && v <= 1, "arcsin needs entries in [-1, 1]");
                yield map(x, Math::asin);
            }
            case ARCCOS -> {
                require(n, 0, x, v -> v >= -1 && v <= 1, "arccos needs entries in [-1, 1]");
                yield map(x, Math::acos);
            }
            case ARCTAN -> map(x, Math::atan);
            case SQRT -> {
                require(n, 0, x, v -> v >= 0, "sqrt needs entries ≥ 0");
                yield map(x, Math::sqrt);
            }
            case ABS -> map(x, Math::abs);
            case SIGN -> map(x, v -> v > 0 ? 1 : v < 0 ? -1 : 0);
            case SIGMOID -> map(x, Evaluator::sigmoid);
            case RELU -> map(x, v -> v > 0 ? v : 0);

            case ONES -> Matrices.filled(size(n, n.shape().rows()), size(n, n.shape().cols()), 1);
            case EYE -> Matrices.identity(size(n, n.shape().rows()));
            case DIFF -> throw fail(n, "a differential cannot be evaluated");
        };
    }

    /** σ(v) without overflow: exp is only ever taken of a non-positive number. */
    private static double sigmoid(double v) {
        if (v >= 0) return 1 / (1 + Math.exp(-v));
        double e = Math.exp(v);
        return e / (1 + e);
    }

    private RealMatrix power(Node n, RealMatrix x, int k) {
        if (k == 0) return Matrices.identity(x.getRowDimension());
        RealMatrix base = k < 0 ? inverse(n, x) : x;
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
        if (p == 2) return map(x, v -> v * v);
        if (p == 1) return x;
        if (p == -1) return map(x, v -> 1 / v);
        return map(x, v -> Math.pow(v, p));
    }

    private RealMatrix inverse(Node n, RealMatrix x) {
        Lu f = lu(x);
        if (f.singular()) throw fail(n, "the matrix is singular");
        RealMatrix inv = f.inverse();
        if (f.rcond() < Lu.MIN_RCOND)
            throw fail(n, String.format("the matrix is nearly singular (reciprocal condition number %.1e < %.0e), "
                    + "so its inverse would be mostly rounding error", f.rcond(), Lu.MIN_RCOND));
        return inv;
    }

    private Lu lu(RealMatrix x) { return factorisations.computeIfAbsent(x, Lu::new); }

    /** Checks that g (mp×nq) divides into blocks the size of the other argument's (p×q or m×n). */
    private void blocksOf(Node n, RealMatrix g, RealMatrix factor) {
        if (g.getRowDimension() % factor.getRowDimension() != 0 || g.getColumnDimension() % factor.getColumnDimension() != 0)
            throw fail(n, "a " + shape(g) + " matrix does not divide into " + shape(factor) + " blocks");
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
        long s = bindings.size(d);
        if (s < 1) throw fail(n, "the size " + d + " is not known from the data");
        return Math.toIntExact(s);
    }

    private static boolean isScalar(RealMatrix m) { return m.getRowDimension() == 1 && m.getColumnDimension() == 1; }

    private static String shape(RealMatrix m) { return m.getRowDimension() + "×" + m.getColumnDimension(); }

    private static NumericException fail(Node n, String problem) {
        return new NumericException(Describe.of(n) + ": " + problem);
    }
}
