package dev.matdiff.numeric;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.OpSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The steps that compute a set of expressions, made once per expressions and sizes and shared by
 * every evaluator: the distinct values of their DAG, operands before the steps that read them, each
 * with the positions of its operands. Evaluating is then one loop over arrays, with no traversal,
 * no per-node list and no recursion. {@link PlanBuilder} makes them.
 *
 * <p>The steps are what a careful person computes rather than the nodes as written: a transpose is
 * read where it is used (a product, a sum) rather than stored, and a symmetric value is its own
 * transpose; products are ordered over all the expressions together, sharing sub-products between
 * the objective and its gradients ({@link Chains}); the trace of a product is an entry-wise sum;
 * inv(A)·B is a solve when the inverse itself is not needed; A·Aᵀ is one symmetric rank-k update;
 * log(det(A)) reads A's factorisation. Each value is computed at most once.
 */
final class Plan {

    /** How a step computes its value from its operands. */
    enum Kind {
        /** a variable or a number */
        LEAF,
        /** a value the evaluator already has (in a plan made for one evaluator: see {@link #delta}) */
        KNOWN,
        /** op(a)·op(b), each operand read transposed where {@link #transposed} says */
        PRODUCT,
        /** op(a)·op(a)ᵀ, symmetric */
        GRAM,
        /** a chain too long to be ordered with the others: ordered on its own when evaluated */
        CHAIN,
        /** op(inv(a))·op(b) from a's factorisation */
        SOLVE_LEFT,
        /** op(b)·op(inv(a)) from a's factorisation */
        SOLVE_RIGHT,
        /** tr(op(a)·op(b)) as an entry-wise sum */
        TRACE_PRODUCT,
        /** diag(op(a)·op(b)) as row dots (a chain split as a trace is, but not rotated) */
        DIAG_PRODUCT,
        /** aᵀ, stored for a reader that cannot read it transposed */
        TRANSPOSE,
        /** Σ c_j·op(t_j) */
        SUM,
        /** kron(op(a), op(b)): a large one is kept as its factors, which are read transposed in place */
        KRON,
        LOG_DET,
        /** log(softmax(a)) from a, column by column: a − logsumexp(a) */
        LOG_SOFTMAX,
        /** sqrt(a'*a), sqrt(sqnorm(a)) or sqrt(sum(a.^2)) from a, as its norm (see {@link StableForms#normOf}) */
        NORM,
        /** k·(1 − sigmoid(a)), k·(1 − tanh(a)²) or k·(1 − a²), entry by entry from a without the cancellation (see {@link StableForms#complemented}) */
        COMPLEMENT,
        /** log(Σ c·exp(u)) or c·Π exp(v) / (Σ c·exp(u))^p from the exponents, the largest taken out (see {@link ExpSums}) */
        EXP_SUM,
        /** any other operation, on its operands' values */
        NODE
    }

    /** The memo key of each step: a canonical node, or a product as {@link Chains} keys it. */
    final Expr[] keys;
    /** Another key the same value is remembered under (a product node whose factors the plan reordered), or null. */
    final Expr[] aliases;
    /** The node as the expression wrote it, for error messages. */
    final Expr[] shown;
    final Kind[] kinds;
    /** Positions of each step's operands. */
    final int[][] inputs;
    /** A sum's operand position that stands for a ones(m, n) term: the coefficient is added to every entry. */
    static final int ONES = -1;
    /** Which operands are read transposed; for a sum, the coefficient of each term. */
    final boolean[][] transposed;
    final double[][] coefficients;
    /** Whether a result must be scanned for NaN and infinities when it is made. */
    final boolean[] check;
    /**
     * Whether a result's scan is left to its readers: each carries a NaN or an infinity of it into its own result
     * (a sum, ⊙, a scaling: {@link OpSpec.Flag#CARRIES}) and is scanned, or is so read in turn. An element-wise chain is
     * then scanned once at its end, not at every step; {@link Evaluator} names the step a non-finite entry came from.
     */
    final boolean[] deferred;
    /** Whether a result is symmetric by its form and is made exactly so (a product or solve rounds the two halves differently). */
    final boolean[] symmetrize;
    /** The position of each expression's value. */
    final int[] roots;
    /** The variables declared symmetric that this plan reads as such: valid only where their values are. */
    final Expr.Var[] trusted;

    Plan(PlanBuilder b) {
        int n = b.keys.size();
        keys = b.keys.toArray(new Expr[0]);
        aliases = b.aliases.toArray(new Expr[0]);
        shown = b.shown.toArray(new Expr[0]);
        kinds = b.kinds.toArray(new Kind[0]);
        inputs = b.inputs.toArray(new int[0][]);
        transposed = b.transposed.toArray(new boolean[0][]);
        coefficients = b.coefficients.toArray(new double[0][]);
        symmetrize = new boolean[n];
        for (int i = 0; i < n; i++) symmetrize[i] = b.symmetrize.get(i);
        check = new boolean[n];
        // an op finite on finite operands is so where its own kernel computes it; a fused step (diag(A*B) as row dots) is arithmetic
        for (int i = 0; i < n; i++)
            check[i] = kinds[i] != Kind.KNOWN && kinds[i] != Kind.TRANSPOSE && keys[i] instanceof Node node
                    && !(kinds[i] == Kind.NODE && node.op().has(OpSpec.Flag.FINITE));
        roots = b.roots.stream().mapToInt(Integer::intValue).toArray();
        deferred = deferredScans();
        for (int i = 0; i < n; i++) check[i] &= !deferred[i];
        trusted = b.symmetric.trusted.toArray(new Expr.Var[0]);
    }

    int size() { return keys.length; }

    /**
     * Which results need no scan of their own (see {@link #deferred}): a step's readers come after it, so one pass from
     * the last step back finds, for each, whether every reader carries what it reads and is scanned or deferred itself.
     * A result the caller receives is always scanned.
     */
    private boolean[] deferredScans() {
        int n = keys.length;
        boolean[] deferred = new boolean[n], readCarried = new boolean[n], read = new boolean[n], covered = new boolean[n];
        Arrays.fill(readCarried, true);
        for (int r : roots) readCarried[r] = false;
        List<List<Integer>> readers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) readers.add(new ArrayList<>(1));
        for (int j = 0; j < n; j++) {
            // a sum's answer is one for all its terms: asked once, not per term (a sum of 20,000 terms read its coefficients 20,000 times)
            boolean sumCarries = kinds[j] == Kind.SUM && carries(j, 0);
            for (int p = 0; p < inputs[j].length; p++) {
                int i = inputs[j][p];
                if (i == ONES) continue;
                read[i] = true;
                readers.get(i).add(j);
                if (!(kinds[j] == Kind.SUM ? sumCarries : carries(j, p))) readCarried[i] = false;
            }
        }
        // covered[j]: a non-finite entry in j's result is found, by j's own scan or by its readers'
        for (int i = n - 1; i >= 0; i--) {
            boolean all = read[i] && readCarried[i];
            for (int j : readers.get(i)) all &= covered[j];
            deferred[i] = all && kinds[i] != Kind.KNOWN && kinds[i] != Kind.LEAF;
            covered[i] = check[i] || deferred[i];
        }
        return deferred;
    }

    /**
     * Whether step j's result has a NaN or an infinity wherever its operand p has one (inf·0, inf − inf and inf/inf are NaN),
     * or j fails: then a scan of j's result finds what one of p's would have.
     */
    private boolean carries(int j, int p) {
        switch (kinds[j]) {
            case TRACE_PRODUCT, DIAG_PRODUCT, TRANSPOSE:
                return true;
            case SUM:
                // every term's coefficient nonzero and finite: 0·inf would be NaN, but a term left out by a 0 would not be read
                for (double c : coefficients[j]) if (!(c != 0 && Double.isFinite(c))) return false;
                return true;
            case NODE:
                return keys[j] instanceof Node node && node.op().carries(node.param(), p);
            default:
                return false;
        }
    }

    /** The position of the (only) expression's value. */
    int root() { return roots[0]; }

    /** Plans kept at most, and their steps; past either the cache starts afresh (expressions are interned, so keys are few in practice). */
    static final int MAX_CACHED = 20_000, MAX_CACHED_STEPS = 1_000_000;
    private static final Map<Object, Plan> CACHE = new ConcurrentHashMap<>();
    private static final java.util.concurrent.atomic.AtomicLong CACHED_STEPS = new java.util.concurrent.atomic.AtomicLong();
    private static final Plan TOO_LARGE = new Plan(new PlanBuilder(null, 0, d -> -1, false));

    /** Plans of one expression larger than this are not made whole (nor cached): see {@link #of(Expr, Sizes)}. */
    static final int MAX_PLANNED = 256;
    /** A plan of several expressions together may be this large (it is one plan, not one per expression). */
    static final int MAX_PLANNED_TOGETHER = 200_000;

    /** The sizes the data binds to dimension symbols, which decide the order of products; -1 when unknown. */
    interface Sizes {
        long of(dev.matdiff.expr.Dim d);
    }

    private record CacheKey(List<Expr> roots, Object sizes, boolean declared, int limit) {}

    /** The plan of e at unknown sizes (products ordered as if every dimension were 64). */
    static Plan of(Expr e) { return of(e, d -> -1, Map.of(), true); }

    /**
     * The plan of e, from the cache when it has been made before at these sizes; null when e's DAG has
     * more than {@link #MAX_PLANNED} nodes: a deep objective's many gradients share most of their
     * nodes, and a plan apiece would repeat them (k layers, k gradients: k² entries). Those take
     * {@link #delta}, or are planned together ({@link #of(List, Sizes, Object, boolean)}). {@code declared}:
     * whether variables declared symmetric are read as such ({@link #trusted}).
     */
    static Plan of(Expr e, Sizes sizes, Object sizesKey, boolean declared) {
        CacheKey key = new CacheKey(List.of(e), sizesKey, declared, MAX_PLANNED);
        Plan p = CACHE.get(key);
        if (p == null) {
            p = new PlanBuilder(null, MAX_PLANNED, sizes, declared).build(List.of(e));
            if (p == null) p = TOO_LARGE;
            cache(key, p);
        }
        return p == TOO_LARGE ? null : p;
    }

    /**
     * One plan of several expressions, their products ordered together; null if it would be too large.
     * Also what a fresh evaluator takes for one large expression: a check evaluates a deep objective at
     * thousands of points, and a plan made anew each time cost more than the arithmetic at small sizes.
     */
    static Plan of(List<Expr> roots, Sizes sizes, Object sizesKey, boolean declared) {
        CacheKey key = new CacheKey(List.copyOf(roots), sizesKey, declared, MAX_PLANNED_TOGETHER);
        Plan p = CACHE.get(key);
        if (p == null) {
            p = new PlanBuilder(null, MAX_PLANNED_TOGETHER, sizes, declared).build(roots);
            if (p == null) p = TOO_LARGE;
            cache(key, p);
        }
        return p == TOO_LARGE ? null : p;
    }

    private static void cache(Object key, Plan p) {
        if (CACHE.size() >= MAX_CACHED || CACHED_STEPS.addAndGet(p.size()) > MAX_CACHED_STEPS) {
            CACHE.clear();
            CACHED_STEPS.set(p.size());
        }
        CACHE.put(key, p);
    }

    /**
     * A plan of what one evaluator still has to compute for the roots: the walk stops at values it
     * knows (they become {@link Kind#KNOWN} entries), so its size is that of the new part. Not cached.
     */
    static Plan delta(List<Expr> roots, Known known, Sizes sizes, boolean declared) {
        return new PlanBuilder(known, Integer.MAX_VALUE, sizes, declared).build(roots);
    }

    static Plan delta(Expr e, Known known) { return delta(List.of(e), known, d -> -1, true); }

    /** What an evaluator already has: the keys it has values for. */
    interface Known {
        boolean has(Expr key);
    }

    @Override public String toString() { return "a plan of " + keys.length + " steps"; }

    /** One line per step: its kind, its operands (ᵀ: read transposed) and its key, for tests and for reading a plan. */
    String listing() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < keys.length; i++) {
            out.append(i).append(' ').append(kinds[i]);
            for (int j = 0; j < inputs[i].length; j++)
                out.append(j == 0 ? " " : ", ").append(inputs[i][j] == ONES ? "ones" : String.valueOf(inputs[i][j]))
                        .append(transposed[i] != null && transposed[i][j] ? "ᵀ" : "");
            if (symmetrize[i]) out.append(" (symmetric)");
            if (deferred[i]) out.append(" (scanned by its readers)");
            out.append("  ").append(Describe.of(keys[i])).append('\n');
        }
        return out.toString();
    }
}
