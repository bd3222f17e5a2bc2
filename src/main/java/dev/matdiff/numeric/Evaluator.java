package dev.matdiff.numeric;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Expr.Var;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.linalg.Blas;
import dev.matdiff.linalg.Dense;
import dev.matdiff.linalg.Factorisation;
import dev.matdiff.linalg.Factorisations;
import dev.matdiff.linalg.Fused;
import dev.matdiff.linalg.Kernels;
import dev.matdiff.linalg.LinearMaps;
import dev.matdiff.linalg.Matrices;
import dev.matdiff.linalg.Triangles;

import org.apache.commons.math3.exception.MathArithmeticException;
import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.linear.BlockRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluates expressions on bound values with Commons Math; a scalar is a 1×1 matrix.
 *
 * <p>Every value is computed once per evaluator, memoised by identity (expressions are
 * hash-consed, so a shared subexpression is one object). {@link #values} evaluates several
 * expressions by one {@link Plan}, which orders their products together (an objective and its
 * gradients share sub-products); {@link #value} evaluates one, reusing what this evaluator has
 * computed before. Plans are made once per expressions and sizes and shared by all evaluators, so
 * a long chain of nodes does not recurse and a small expression costs little more than its
 * arithmetic. Returned matrices are shared with the memo: do not modify them.
 *
 * <p>A value that does not exist is a {@link NumericException} naming the expression: a singular
 * or nearly singular inverse, the log of a non-positive entry, a division by zero, and generally
 * any NaN or infinite entry computed from finite inputs.
 */
public final class Evaluator {

    private final Bindings bindings;
    /** Values by plan key (see {@link Plan}); named intermediates share their body's entry. */
    private final Map<Expr, RealMatrix> memo = IdentityMaps.map();
    /** Factorisations by value, shared by det, logdet, inv and solves with one matrix (made when first needed). */
    private Map<RealMatrix, Factorisation> factored;
    private final Factorisations factorisations = m -> {
        if (factored == null) factored = IdentityMaps.map();
        return factored.computeIfAbsent(m, Factorisation::of);
    };
    private final Blas blas;
    private final Steps steps;
    private final Plan.Sizes sizes = this::size;

    public Evaluator(Bindings bindings) { this(bindings, 1); }

    /**
     * An evaluator whose large products use {@code threads} cores (see {@link Blas#withThreads}: split
     * into slabs here when the native BLAS runs one thread, left to its own threads when it runs several).
     */
    public Evaluator(Bindings bindings, int threads) {
        this.bindings = bindings;
        this.blas = Blas.get().withThreads(threads);
        this.steps = new Steps(factorisations, this::size, blas);
    }

    public Bindings bindings() { return bindings; }

    /**
     * The value of e (shared with this evaluator's memo: do not modify it). Where e has none
     * because a det(Y)-scaled inv(Y) meets a singular Y (Jacobi's formula), it is evaluated
     * through the adjugate instead ({@link Adjugates}).
     */
    public RealMatrix value(Expr e) {
        try {
            RealMatrix v = evaluated(e);
            // det(Y) underflowed beside an inv(Y) that did not (1e-120·I₃: det 1e-360 is 0): the adjugate's cofactors still
            // have a value (1e-240·I); asked only of a result that came out all zeros, where the retry may change it
            if (!Matrices.allZero(v) || !readsDet(e)) return v;
            RealMatrix adjugated = Adjugates.retry(this, e);
            return adjugated == null ? v : adjugated;
        } catch (NumericException failure) {
            RealMatrix v = readsDet(e) ? Adjugates.retry(this, e) : null;
            if (v == null) throw failure;
            memo.put(e, v);
            return v;
        }
    }

    /** Whether each node reads a determinant, as found (once per node and evaluator). */
    private final Map<Expr, Boolean> readsDet = IdentityMaps.map();

    /**
     * Whether e reads a det, without which {@link Adjugates} has nothing to rewrite: a deep chain's gradients that
     * vanish (each all zeros) would each be walked through every layer below it for nothing (4,096 layers: a third of
     * the derivation's time, trial s66b).
     */
    private boolean readsDet(Expr e) {
        for (Expr x : Dag.postOrder(List.of(e), x -> !readsDet.containsKey(x))) {
            if (readsDet.containsKey(x)) continue;
            boolean det = Exprs.is(x, Op.DET);
            for (Expr c : x.children()) det |= readsDet.get(c);
            readsDet.put(x, det);
        }
        return readsDet.get(e);
    }

    private RealMatrix evaluated(Expr e) {
        RealMatrix v = memo.get(e);
        if (v != null) return v;
        Plan plan = valid(declared -> Plan.of(e, sizes, bindings.dimSizes(), declared));
        if (plan == null && memo.isEmpty()) plan = valid(declared -> Plan.of(List.of(e), sizes, bindings.dimSizes(), declared));
        if (plan != null) {
            v = memo.get(plan.keys[plan.root()]);
            if (v == null) v = evaluate(plan)[0];
        } else {
            // a large DAG (a deep network's gradients share most of theirs): plan only what is new
            v = evaluate(valid(declared -> Plan.delta(List.of(e), known, sizes, declared)))[0];
        }
        if (memo.get(e) == null) memo.put(e, v);
        return v;
    }

    /**
     * The values of several expressions, computed together: one plan orders all their products, so
     * that an objective and its gradients share sub-products (and a product and its transpose are one).
     */
    public List<RealMatrix> values(List<? extends Expr> exprs) {
        List<Expr> todo = new ArrayList<>();
        for (Expr e : exprs) if (memo.get(e) == null && !todo.contains(e)) todo.add(e);
        if (!todo.isEmpty()) {
            Plan plan = memo.isEmpty() ? valid(declared -> Plan.of(todo, sizes, bindings.dimSizes(), declared)) : null;
            RealMatrix[] out = evaluate(plan != null ? plan : valid(declared -> Plan.delta(todo, known, sizes, declared)));
            for (int i = 0; i < todo.size(); i++) memo.putIfAbsent(todo.get(i), out[i]);
        }
        List<RealMatrix> out = new ArrayList<>(exprs.size());
        for (Expr e : exprs) out.add(memo.get(e));
        return out;
    }

    private final Plan.Known known = memo::containsKey;

    /**
     * The plan that reads variables declared symmetric as such, if their values here are exactly
     * symmetric (bound data is made so); else the plan that reads them as written: a check's
     * finite differences may move such a variable in any direction.
     */
    private Plan valid(java.util.function.Function<Boolean, Plan> make) {
        Plan p = make.apply(true);
        if (p == null) return null;
        for (Var v : p.trusted) {
            RealMatrix m = bindings.values().get(v.name());
            if (m != null && !symmetricValues.computeIfAbsent(v.name(), k -> Triangles.exactlySymmetric(m))) return make.apply(false);
        }
        return p;
    }

    /** Whether each variable's value is exactly symmetric, as found (once per evaluator). */
    private final Map<String, Boolean> symmetricValues = new java.util.HashMap<>();

    /** The value of a scalar expression. */
    public double scalar(Expr e) {
        RealMatrix v = value(e);
        if (v.getRowDimension() != 1 || v.getColumnDimension() != 1)
            throw new NumericException(Describe.of(e) + " is " + v.getRowDimension() + "×" + v.getColumnDimension() + ", not a scalar");
        return v.getEntry(0, 0);
    }

    /** One pass over the plan: operands come first, so each step finds its operands' values computed. */
    private RealMatrix[] evaluate(Plan plan) {
        int n = plan.size();
        RealMatrix[] values = new RealMatrix[n];
        boolean fresh = memo.isEmpty();
        boolean[] made = new boolean[n];
        for (int i = 0; i < n; i++) {
            Expr key = plan.keys[i];
            RealMatrix v = fresh ? null : memo.get(key);
            if (v == null) {
                try {
                    v = compute(plan, i, values);
                } catch (NumericException failure) {
                    throw traced(plan, values, made, failure);
                }
                memo.put(key, v);
                made[i] = true;
            }
            if (plan.aliases[i] != null) memo.putIfAbsent(plan.aliases[i], v);
            values[i] = v;
        }
        RealMatrix[] out = new RealMatrix[plan.roots.length];
        for (int i = 0; i < out.length; i++) out[i] = values[plan.roots[i]];
        return out;
    }

    /**
     * A step failed, perhaps on a NaN or an infinity a deferred scan ({@link Plan#deferred}) let through: the first
     * value made with one is where it is said, as its own scan would have said it; no such value stays remembered.
     */
    private NumericException traced(Plan plan, RealMatrix[] values, boolean[] made, NumericException failure) {
        NumericException origin = null;
        for (int k = 0; k < values.length; k++) {
            if (!made[k] || !plan.deferred[k] || Matrices.allFinite(values[k])) continue;
            memo.remove(plan.keys[k]);
            if (plan.aliases[k] != null && memo.get(plan.aliases[k]) == values[k]) memo.remove(plan.aliases[k]);
            if (origin == null) origin = nonFinite(plan, k, values, values[k]);
        }
        return origin != null ? origin : failure;
    }

    /** Scans a result for a NaN or an infinity, and throws naming where it was written. */
    private void requireFinite(Plan plan, int i, RealMatrix[] values, RealMatrix result) {
        if (!Matrices.allFinite(result)) throw nonFinite(plan, i, values, result);
    }

    private NumericException nonFinite(Plan plan, int i, RealMatrix[] values, RealMatrix result) {
        Expr e = plan.keys[i];
        int[] in = plan.inputs[i];
        boolean[] t = plan.transposed[i];
        Node shown = plan.shown[i] instanceof Node s ? s : e instanceof Node n ? n : null;
        // sum(P .* Q) taken as a dot product: an entry of P ⊙ Q that overflows is named where it was written
        if (plan.kinds[i] == Plan.Kind.TRACE_PRODUCT && Exprs.is(e, Op.SUM)) {
            NumericException named = steps.overflowingEntry(Canonical.written(Canonical.alias(((Node) e).arg(0))), values[in[0]], t[0], values[in[1]], t[1]);
            if (named != null) return named;
        }
        int[] at = Matrices.find(result, Double::isFinite);
        return Steps.fail(shown, (Steps.isScalar(result) ? "the result is " : Matrices.entry(at) + " of the result is ")
                + TextPrinter.number(result.getEntry(at[0], at[1])));
    }

    private RealMatrix compute(Plan plan, int i, RealMatrix[] values) {
        Expr e = plan.keys[i];
        int[] in = plan.inputs[i];
        boolean[] t = plan.transposed[i];
        Node shown = plan.shown[i] instanceof Node s ? s : e instanceof Node n ? n : null;
        // a structured operand (an outer product, a block diagonal) may be met without reading every entry of the other:
        // an operand whose scan was left to this step is scanned first
        if (readsDeferredBesideStructured(plan, in, values))
            for (int k : in) if (k != Plan.ONES && plan.deferred[k]) requireFinite(plan, k, values, values[k]);
        RealMatrix result;
        long rows = size(e.shape().rows()), cols = size(e.shape().cols());
        // a value past half the heap cannot be held beside its operands: said at once, not after minutes of trying; but
        // kron(I, B) is held as its blocks (BlockDiagonal), which only its values tell
        if (!Exprs.is(e, Op.KRON) && rows > 0 && cols > 0 && (double) rows * cols * Double.BYTES > Runtime.getRuntime().maxMemory() / 2.0)
            throw tooLarge(shown, rows, cols);
        try {
            result = switch (plan.kinds[i]) {
                case KNOWN -> {
                    RealMatrix v = memo.get(e);
                    if (v == null) throw new IllegalStateException("a known value is missing: " + Describe.of(e));
                    yield v;
                }
                case LEAF -> e instanceof Num n ? Matrices.scalar(n.value()) : variable((Var) e);
                case PRODUCT -> {
                    RealMatrix a = gemmOperand(plan, in[0], in[1], values), b = gemmOperand(plan, in[1], in[0], values);
                    yield plan.symmetrize[i] ? Matrices.multiplySymmetric(a, t[0], b, t[1], blas) : Matrices.multiply(a, t[0], b, t[1], blas);
                }
                case GRAM -> steps.gram(values[in[0]], t[0]);
                case CHAIN -> steps.chain(in, t, values);
                case SOLVE_LEFT, SOLVE_RIGHT -> steps.solve(plan.kinds[i] == Plan.Kind.SOLVE_LEFT, shown, values[in[0]], t[0], values[in[1]], t[1]);
                case TRACE_PRODUCT -> steps.traceOfProduct(values[in[0]], t[0], values[in[1]], t[1]);
                case DIAG_PRODUCT -> Dense.column(Fused.diagonalOfProduct(values[in[0]], t[0], values[in[1]], t[1]));
                case TRANSPOSE -> Matrices.transpose(values[in[0]]);
                case SUM -> steps.sum((Node) e, in, t, plan.coefficients[i], values);
                case KRON -> LinearMaps.kron(values[in[0]], t[0], values[in[1]], t[1]);
                case LOG_DET -> {
                    RealMatrix det = memo.get(((Node) e).arg(0));
                    yield det != null ? steps.node((Node) e, shown, det, null) : steps.logOfDet(shown, values[in[0]]);
                }
                case LOG_SOFTMAX -> Kernels.logSoftmax(values[in[0]]);
                case NORM -> Matrices.scalar(Matrices.norm(values[in[0]]));
                case EXP_SUM -> ExpSums.value(ExpSums.of(e), operands(in, values), shown);
                case COMPLEMENT -> StableForms.complement(e).scaled(values[in[0]], in.length > 1 ? values[in[1]] : null, StableForms.complementScale(e));
                case NODE -> steps.node((Node) e, shown, in.length > 0 ? values[in[0]] : null, in.length > 1 ? values[in[1]] : null);
            };
        } catch (MathIllegalArgumentException | MathIllegalStateException | MathArithmeticException ex) {
            throw Steps.fail(shown, ex.getMessage());
        } catch (OutOfMemoryError ex) {
            throw tooLarge(shown, rows, cols);
        }
        if (plan.symmetrize[i]) result = Fused.symmetrized(result);
        // a deferred scan is of dense arrays only, which its readers read whole
        if (plan.check[i] || plan.deferred[i] && !(result instanceof Dense)) requireFinite(plan, i, values, result);
        return result;
    }

    private static boolean readsDeferredBesideStructured(Plan plan, int[] in, RealMatrix[] values) {
        boolean deferred = false, structured = false;
        for (int k : in) {
            if (k == Plan.ONES) continue;
            deferred |= plan.deferred[k];
            structured |= !(values[k] instanceof Dense);
        }
        return deferred && structured;
    }

    /** The value that does not fit (ones(k) at k = 10⁹) named where it was written, with its size, not "the input is too large". */
    private static NumericException tooLarge(Node shown, long rows, long cols) {
        return Steps.fail(shown, "its value, " + rows + "×" + cols + " at these sizes, does not fit in memory");
    }

    private static RealMatrix[] operands(int[] in, RealMatrix[] values) {
        RealMatrix[] out = new RealMatrix[in.length];
        for (int i = 0; i < in.length; i++) out[i] = values[in[i]];
        return out;
    }

    /**
     * Operand {@code i} of a product with operand {@code other}: a value in Commons Math's block layout (a kernel's
     * result; bound values are Dense) that meets another matrix (not a vector) goes to dgemm, which reads one array, so
     * it is copied into one once and kept so, where each product would otherwise copy it again. Against a vector it
     * stays as it is: Commons Math multiplies it with no copy.
     */
    private RealMatrix gemmOperand(Plan plan, int i, int other, RealMatrix[] values) {
        RealMatrix v = values[i], o = values[other];
        if (!(v instanceof BlockRealMatrix) || o.getRowDimension() == 1 || o.getColumnDimension() == 1) return v;
        Dense d = new Dense(v.getRowDimension(), v.getColumnDimension(), Dense.flat(v));
        values[i] = d;
        memo.put(plan.keys[i], d);
        return d;
    }

    private RealMatrix variable(Var v) {
        RealMatrix m = bindings.values().get(v.name());
        if (m == null) throw new NumericException("no value for '" + v.name() + "'");
        long rows = size(v.shape().rows()), cols = size(v.shape().cols());
        if (rows >= 0 && rows != m.getRowDimension() || cols >= 0 && cols != m.getColumnDimension())
            throw new NumericException(v.name() + " is " + v.shape() + " (" + rows + "×" + cols + ") in the expression, but its value is "
                    + m.getRowDimension() + "×" + m.getColumnDimension());
        return m;  // Dense already: Bindings copies every value into one array once
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
}
