package dev.matdiff.numeric;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.Term;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.matdiff.numeric.Canonical.alias;

/**
 * Makes a {@link Plan}: walks the canonical DAG of the expressions (operands first, without
 * recursion), lets {@link Chains} order every product of it together, then lays out the steps. A
 * transpose is a flag on how its operand is read ({@link Ref}) and becomes a step of its own only
 * for a reader that cannot read it transposed.
 */
final class PlanBuilder {
    private final Plan.Known known;
    private final int limit;
    private final Plan.Sizes sizes;

    // the plan, as it is laid out
    final List<Expr> keys = new ArrayList<>(), aliases = new ArrayList<>(), shown = new ArrayList<>();
    final List<Plan.Kind> kinds = new ArrayList<>();
    final List<int[]> inputs = new ArrayList<>();
    final List<boolean[]> transposed = new ArrayList<>();
    final List<double[]> coefficients = new ArrayList<>();
    final List<Boolean> symmetrize = new ArrayList<>();
    final List<Integer> roots = new ArrayList<>();

    final Symmetric symmetric;
    /** The canonical nodes, operands first. */
    private final List<Expr> order = new ArrayList<>();
    /** Reads of each node that need its value (not a product reading an inverse as a solve, not a trace reading a product's factors). */
    private final Map<Expr, Integer> plainReads = IdentityMaps.map();
    private final Map<Expr, Integer> chainOf = IdentityMaps.map(), traceOf = IdentityMaps.map();
    private final Map<Expr, Ref> refs = IdentityMaps.map();
    private final Map<Chains.Tree, Ref> made = IdentityMaps.map();
    private final Map<Integer, Integer> transposes = new HashMap<>();
    private Chains chains;
    /** The node whose products are being laid out: what an error in one of them names. */
    private Expr context;

    /** {@code declared}: whether variables declared symmetric are read as such ({@link Symmetric}). */
    PlanBuilder(Plan.Known known, int limit, Plan.Sizes sizes, boolean declared) {
        this.known = known;
        this.limit = limit;
        this.sizes = sizes;
        this.symmetric = new Symmetric(declared);
    }

    /** A value as stored at a position, read transposed or not. */
    record Ref(int index, boolean t) {
        Ref flip() { return new Ref(index, !t); }
    }

    /** The plan, or null if the DAG has more than {@code limit} nodes. */
    Plan build(List<Expr> exprs) {
        List<Expr> canonical = new ArrayList<>(exprs.size());
        for (Expr r : exprs) {
            Expr c = Canonical.of(r, limit);
            // a DAG deeper than the limit has more nodes than it too: no need to walk it to find out
            if (c == null || Canonical.depth(r) > limit) return null;
            canonical.add(alias(c));
        }
        for (Expr c : canonical) plainReads.merge(c, 1, Integer::sum);
        if (!walk(canonical)) return null;
        planProducts();
        for (Expr e : order) if (!deferred(e)) ref(e);
        for (Expr c : canonical) roots.add(materialize(ref(c)));
        return new Plan(this);
    }

    // ---- the walk

    private boolean walk(List<Expr> from) {
        Set<Expr> done = IdentityMaps.set();
        Deque<Expr> stack = new ArrayDeque<>();
        for (int r = from.size() - 1; r >= 0; r--) stack.push(from.get(r));
        while (!stack.isEmpty()) {
            Expr e = stack.peek();
            if (done.contains(e)) { stack.pop(); continue; }
            if (isKnown(e)) {
                stack.pop();
                done.add(e);
                order.add(e);
                continue;
            }
            List<Expr> reads = Reads.of(e);
            boolean ready = true;
            for (int i = reads.size() - 1; i >= 0; i--)
                if (!done.contains(reads.get(i))) { stack.push(reads.get(i)); ready = false; }
            if (!ready) continue;
            stack.pop();
            done.add(e);
            order.add(e);
            for (Expr r : reads) if (Reads.plain(e, r)) plainReads.merge(r, 1, Integer::sum);
            if (order.size() > limit) return false;
        }
        return true;
    }

    private boolean isKnown(Expr e) { return known != null && known.has(e); }

    // ---- the products

    private void planProducts() {
        chains = new Chains(new Chains.Facts() {
            @Override public long rows(Expr base) { return size(base.shape().rows()); }

            @Override public long cols(Expr base) { return size(base.shape().cols()); }

            @Override public boolean symmetric(Expr base) { return symmetric.of(base); }

            @Override public double unneededInverse(Expr base) {
                if (!unneeded(base)) return -1;
                double n = size(base.shape().rows());
                return symmetric.of(base) ? n * n * n / 2 : n * n * n;
            }

            @Override public boolean known(Expr product) { return isKnown(product); }
        });
        for (Expr e : order)
            if ((Exprs.is(e, Op.MATMUL) && !Reads.isLong(e) || Reads.isSmallPower(e)) && !isKnown(e) && plainReads.getOrDefault(e, 0) > 0)
                chainOf.put(e, chains.chain(factors((Node) e)));
        for (Expr e : order)
            if ((Exprs.is(e, Op.TR) || Exprs.is(e, Op.SUM) || Exprs.is(e, Op.DIAG_VECTOR)) && !isKnown(e)) {
                Expr m = alias(Exprs.arg(e, 0));
                if (!(Exprs.is(m, Op.MATMUL) && !Reads.isLong(m) || Reads.isSmallPower(m)) || chainOf.containsKey(m) || isKnown(m)) continue;
                List<Chains.Factor> factors = factors((Node) m);
                if (Exprs.is(e, Op.SUM)) {
                    // sum(M) = tr(ones(1, m)·M·ones(n)) for M m×n, the 1×1 product first among the trace's candidates
                    List<Chains.Factor> ones = onesFactors(m.shape().cols(), m.shape().rows());
                    factors.add(0, ones.get(1));
                    factors.add(ones.get(0));
                }
                // diag(P·Q) = the row sums of P ⊙ Qᵀ, in O(mk) as the trace is: diag(X·Xᵀ) never forms the n³ product
                traceOf.put(e, Exprs.is(e, Op.DIAG_VECTOR) ? chains.diagonal(factors) : chains.trace(factors));
            }
        chains.plan();
    }

    /**
     * A product's factors as the chains order them. ones(m, n) is read as ones(m)·ones(n)ᵀ, so that a chain
     * through it can be taken as two matrix-vector products and an outer one (A'·ones(n, n)·B' in O(n²), not O(n³)).
     */
    private List<Chains.Factor> factors(Node product) {
        List<Chains.Factor> out = new ArrayList<>(product.args().size() + 1);
        // Aᵏ as k factors A
        List<Expr> args = Reads.isSmallPower(product) ? java.util.Collections.nCopies((int) product.param(), product.arg(0)) : product.args();
        for (Expr a : args) {
            Chains.Factor f = Reads.factorOf(a);
            if (Reads.isOnesMatrix(f.base())) {
                Shape s = f.base().shape();
                out.addAll(f.t() ? onesFactors(s.cols(), s.rows()) : onesFactors(s.rows(), s.cols()));
            } else out.add(f.t() && symmetric.of(f.base()) ? new Chains.Factor(f.base(), false) : f);
        }
        return out;
    }

    /** ones(rows, cols) as the factors ones(rows)·ones(cols)ᵀ (ones(1, cols) is how plans key ones(cols)ᵀ). */
    private static List<Chains.Factor> onesFactors(Dim rows, Dim cols) {
        return List.of(new Chains.Factor(Exprs.ones(Shape.vector(rows)), false), new Chains.Factor(Exprs.ones(new Shape(Dim.ONE, cols)), false));
    }

    private long size(Dim d) {
        if (d instanceof Dim.Fixed f) return f.size();
        long s = sizes.of(d);
        return s >= 1 ? s : 64;
    }

    /** An inverse read only as a factor of products, which solves then read in its place. */
    private boolean unneeded(Expr e) {
        return Reads.isInverse(e) && plainReads.getOrDefault(e, 0) == 0 && !chains.inversesNeeded.contains(e) && !isKnown(e);
    }

    /** Nodes laid out only if something asks for their value: inverses solves stand for, products only traced. */
    private boolean deferred(Expr e) {
        return Reads.isInverse(e) && unneeded(e) || (Reads.isOnesMatrix(e) || Reads.isEntrywisePair(e)) && plainReads.getOrDefault(e, 0) == 0
                || (Exprs.is(e, Op.MATMUL) && !Reads.isLong(e) || Reads.isSmallPower(e)) && !chainOf.containsKey(e) && !isKnown(e);
    }

    // ---- laying out the steps

    private Ref ref(Expr e) {
        e = alias(e);
        Ref r = refs.get(e);
        if (r == null) {
            r = make(e);
            refs.put(e, r);
        }
        return r;
    }

    private Ref make(Expr e) {
        if (isKnown(e)) return new Ref(add(e, Plan.Kind.KNOWN, new int[0], null, null, false), false);
        if (!(e instanceof Node n)) return new Ref(add(e, Plan.Kind.LEAF, new int[0], null, null, false), false);
        switch (n.op()) {
            case TRANSPOSE: {
                Ref a = ref(n.arg(0));
                return symmetric.of(e) ? a : a.flip();
            }
            case POWER: {
                Integer chain = chainOf.get(e);
                if (chain == null) break;
                context = e;
                return use(chains.chainUse(chain));
            }
            case MATMUL: {
                Integer chain = chainOf.get(e);
                if (chain == null) return chainStep(n);
                context = e;
                Ref r = use(chains.chainUse(chain));
                if (!r.t() && keys.get(r.index()) != e && aliases.get(r.index()) == null) aliases.set(r.index(), e);
                return r;
            }
            case TR, SUM, DIAG_VECTOR: {
                Expr pair = alias(n.arg(0));
                Expr[] operands = n.op() == Op.SUM ? Reads.entrywisePair(pair) : null;
                if (operands != null && plainReads.getOrDefault(pair, 0) == 0 && !isKnown(pair)) {
                    // Σ P_ij·Q_ij = tr(Pᵀ·Q): the trace's step, P read transposed
                    Ref p = ref(operands[0]), q = ref(operands[1]);
                    return new Ref(add(e, Plan.Kind.TRACE_PRODUCT, new int[] {p.index(), q.index()}, new boolean[] {!p.t(), q.t()}, null, false), false);
                }
                Integer trace = traceOf.get(e);
                if (trace == null) break;
                context = e;
                Chains.TraceChoice c = chains.traceChoice(trace);
                if (c.whole() != null) return new Ref(add(e, Plan.Kind.NODE, new int[] {use(c.whole()).index()}, null, null, false), false);
                Ref p = use(c.p()), q = use(c.q());
                // tr(P·Q) reads Q across P unless exactly one is read transposed: a symmetric operand may be, for free
                if (p.t() == q.t() && symmetric.of(keys.get(q.index()))) q = q.flip();
                else if (p.t() == q.t() && symmetric.of(keys.get(p.index()))) p = p.flip();
                Plan.Kind kind = n.op() == Op.DIAG_VECTOR ? Plan.Kind.DIAG_PRODUCT : Plan.Kind.TRACE_PRODUCT;
                return new Ref(add(e, kind, new int[] {p.index(), q.index()}, new boolean[] {p.t(), q.t()}, null, false), false);
            }
            case ADD:
                if (StableForms.kind(n) != null) break;
                return new Ref(sum(n), false);
            case KRON: {
                // kron(Aᵀ, Bᵀ) reads A and B transposed rather than storing their transposes (a large one is never formed)
                Ref a = ref(n.arg(0)), b = ref(n.arg(1));
                return new Ref(add(e, Plan.Kind.KRON, new int[] {a.index(), b.index()}, new boolean[] {a.t(), b.t()}, null, false), false);
            }
            case LOG:
                if (Reads.isLogDet(n)) return new Ref(add(e, Plan.Kind.LOG_DET, new int[] {materialize(ref(Exprs.arg(n.arg(0), 0)))}, null, null, false), false);
                if (Reads.isLogSoftmax(n)) return new Ref(add(e, Plan.Kind.LOG_SOFTMAX, new int[] {materialize(ref(Exprs.arg(n.arg(0), 0)))}, null, null, false), false);
                break;
            default:
                break;
        }
        Plan.Kind stable = StableForms.kind(n);
        if (stable != null) {
            int x = materialize(ref(StableForms.argument(n)));
            // 1 − σ(x) from σ(x) where the plan has σ(x) anyway (the objective's): not a second exp an entry
            Expr value = stable == Plan.Kind.COMPLEMENT ? StableForms.valueOf(n) : null;
            int[] in = value != null && plainReads.getOrDefault(value, 0) > 0 ? new int[] {x, materialize(ref(value))} : new int[] {x};
            return new Ref(add(e, stable, in, null, null, false), false);
        }
        ExpSums.Form exps = ExpSums.of(n);
        if (exps != null) return new Ref(add(e, Plan.Kind.EXP_SUM, exps.exponents().stream().mapToInt(x -> materialize(ref(x))).toArray(), null, null, false), false);
        int[] in = new int[n.args().size()];
        for (int i = 0; i < in.length; i++) in[i] = materialize(ref(n.arg(i)));
        boolean sym = (n.op() == Op.INV || n.op() == Op.POWER) && symmetric.of(e);
        return new Ref(add(e, Plan.Kind.NODE, in, null, null, sym), false);
    }

    private int sum(Node n) {
        int k = n.args().size();
        int[] in = new int[k];
        boolean[] flags = new boolean[k];
        double[] coefs = new double[k];
        for (int i = 0; i < k; i++) {
            Term t = Term.readThrough(n.arg(i));
            Expr base = alias(t.base());
            coefs[i] = t.coefficient();
            if (Exprs.is(base, Op.ONES)) { in[i] = Plan.ONES; continue; }
            Ref r = ref(base);
            in[i] = r.index();
            flags[i] = r.t();
        }
        return add(n, Plan.Kind.SUM, in, flags, coefs, false);
    }

    /** A chain too long to order with the others (its factors read transposed where they are written so). */
    private Ref chainStep(Node n) {
        int k = n.args().size();
        int[] in = new int[k];
        boolean[] flags = new boolean[k];
        for (int i = 0; i < k; i++) {
            Chains.Factor f = Reads.factorOf(n.arg(i));
            Ref r = ref(f.base());
            in[i] = r.index();
            flags[i] = r.t() ^ f.t();
        }
        return new Ref(add(n, Plan.Kind.CHAIN, in, flags, null, false), false);
    }

    private Ref use(Chains.Use u) {
        Ref r = tree(u.tree());
        return u.flipped() ? r.flip() : r;
    }

    private Ref tree(Chains.Tree t) {
        if (t instanceof Chains.Leaf l) {
            Ref r = ref(l.factor().base());
            return l.factor().t() ? r.flip() : r;
        }
        Ref r = made.get(t);
        if (r == null) {
            r = product((Chains.Product) t);
            made.put(t, r);
        }
        return r;
    }

    private Ref product(Chains.Product p) {
        if (isKnown(p.expr())) return new Ref(add(p.expr(), Plan.Kind.KNOWN, new int[0], null, null, false), false);
        Expr stored = chains.transposedExpr(p.key());
        if (isKnown(stored)) return new Ref(add(stored, Plan.Kind.KNOWN, new int[0], null, null, false), true);
        Expr leftInverse = lone(p.left()), rightInverse = lone(p.right());
        if (leftInverse != null && rightInverse != null) leftInverse = null;  // inv(A)·inv(B): one inverse, one solve
        if (leftInverse != null || rightInverse != null) {
            boolean left = leftInverse != null;
            Expr inverse = left ? leftInverse : rightInverse;
            Chains.Leaf leaf = (Chains.Leaf) (left ? p.left() : p.right());
            boolean flag = leaf.factor().t() ^ (left ? p.leftFlipped() : p.rightFlipped());
            Ref a = ref(Exprs.arg(inverse, 0));
            Ref other = left ? use(new Chains.Use(p.right(), p.rightFlipped())) : use(new Chains.Use(p.left(), p.leftFlipped()));
            int at = add(p.expr(), left ? Plan.Kind.SOLVE_LEFT : Plan.Kind.SOLVE_RIGHT, new int[] {a.index(), other.index()},
                    new boolean[] {a.t() ^ flag, other.t()}, null, p.palindrome());
            shown.set(at, Canonical.written(inverse));
            return new Ref(at, false);
        }
        Ref l = use(new Chains.Use(p.left(), p.leftFlipped())), r = use(new Chains.Use(p.right(), p.rightFlipped()));
        if (l.index() == r.index() && l.t() != r.t())
            return new Ref(add(p.expr(), Plan.Kind.GRAM, new int[] {l.index()}, new boolean[] {l.t()}, null, false), false);
        return new Ref(add(p.expr(), Plan.Kind.PRODUCT, new int[] {l.index(), r.index()}, new boolean[] {l.t(), r.t()}, null, p.palindrome()), false);
    }

    /** The inverse a leaf reads, if a solve is to stand for it. */
    private Expr lone(Chains.Tree t) {
        return t instanceof Chains.Leaf l && unneeded(l.factor().base()) && !refs.containsKey(l.factor().base()) ? l.factor().base() : null;
    }

    /** The position of a value stored as the ref reads it: a transposed read becomes a transpose step (once). */
    private int materialize(Ref r) {
        if (!r.t()) return r.index();
        Integer at = transposes.get(r.index());
        if (at == null) {
            Expr key = Exprs.transposed(keys.get(r.index()));
            at = add(key, Plan.Kind.TRANSPOSE, new int[] {r.index()}, null, null, false);
            transposes.put(r.index(), at);
        }
        return at;
    }

    private int add(Expr key, Plan.Kind kind, int[] in, boolean[] flags, double[] coefs, boolean sym) {
        int index = keys.size();
        keys.add(key);
        aliases.add(null);
        boolean synthetic = kind == Plan.Kind.PRODUCT || kind == Plan.Kind.GRAM || kind == Plan.Kind.SOLVE_LEFT || kind == Plan.Kind.SOLVE_RIGHT;
        shown.add(Canonical.written(synthetic && context != null ? context : key));
        kinds.add(kind);
        inputs.add(in);
        transposed.add(flags);
        coefficients.add(coefs);
        symmetrize.add(sym);
        return index;
    }
}
