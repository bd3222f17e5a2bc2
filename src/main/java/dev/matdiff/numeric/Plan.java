package dev.matdiff.numeric;

import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.OpSpec;
import dev.matdiff.expr.Term;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The order in which an expression's nodes are computed, made once per expression and shared by
 * every evaluator: the distinct nodes of its DAG, operands before the operations that read them,
 * each with the positions of its operands in that order. Evaluating is then one loop over arrays,
 * with no traversal, no per-node list and no recursion.
 *
 * <p>Some nodes are read through rather than computed: a product reads a transposed factor Aᵀ
 * from A; a sum reads a negated or numerically scaled term −A, c·A from A and adds
 * {@code ones(m, n)} as a number; log(det(A)) reads A's LU factors; a named intermediate is its
 * body's value. Each node is computed at most once however many expressions share it.
 *
 * <p>Nodes are keyed for sharing by a canonical form: {@code ones(n)'} is {@code ones(1, n)} (and
 * the nodes above it are rebuilt to match), because a derivation's simplifier writes the one where
 * the objective has the other, and the gradient would otherwise recompute the objective's values.
 */
final class Plan {

    /** How a node is computed from its operands. */
    enum Kind {
        /** a variable or a number */
        LEAF,
        /** a value the evaluator already has (in a plan made for one evaluator: see {@link #delta}) */
        KNOWN,
        PRODUCT, SUM, LOG_DET, NODE
    }

    /** Canonical forms of the nodes planned so far (a node maps to itself when it is canonical), and the first written form of each canonical node that differs from it. */
    private static final Map<Expr, Expr> CANONICAL = new ConcurrentHashMap<>(), WRITTEN = new ConcurrentHashMap<>();
    /** The depth of each node in CANONICAL: a lower bound of its DAG's size that is known without a walk. */
    private static final Map<Expr, Integer> DEPTH = new ConcurrentHashMap<>();
    static final int MAX_CANONICAL = 1_000_000;

    /** Plans kept at most; past this the cache starts afresh (expressions are interned, so keys are few in practice). */
    static final int MAX_CACHED = 20_000;
    private static final Map<Expr, Plan> CACHE = new ConcurrentHashMap<>();

    /** The memo key of each node: its canonical form. */
    final Expr[] keys;
    /** The node as the expression wrote it, for error messages. */
    final Expr[] shown;
    final Kind[] kinds;
    /** Positions of each node's operands. */
    final int[][] inputs;
    /** A sum's operand position that stands for a ones(m, n) term: the coefficient is added to every entry. */
    static final int ONES = -1;
    /** For a product, which factors are read transposed; for a sum, the coefficient of each term. */
    final boolean[][] transposed;
    final double[][] coefficients;
    /** Whether a result must be scanned for NaN and infinities. */
    final boolean[] check;
    /** The position of the expression's own value. */
    final int root;

    private Plan(Builder b, int root) {
        int n = b.keys.size();
        keys = b.keys.toArray(new Expr[0]);
        shown = b.shown.toArray(new Expr[0]);
        kinds = b.kinds.toArray(new Kind[0]);
        inputs = b.inputs.toArray(new int[0][]);
        transposed = b.transposed.toArray(new boolean[0][]);
        coefficients = b.coefficients.toArray(new double[0][]);
        check = new boolean[n];
        for (int i = 0; i < n; i++) {
            check[i] = kinds[i] != Kind.KNOWN && keys[i] instanceof Node node && !node.op().has(OpSpec.Flag.FINITE);
        }
        this.root = root;
    }

    int size() { return keys.length; }

    /**
     * The plan of e, from the cache when it has been made before; null when e's DAG has more than
     * {@link #MAX_PLANNED} nodes: a deep objective's many gradients share most of their nodes, and a
     * plan apiece would repeat them (k layers, k gradients: k² entries). Those take {@link #delta}.
     */
    static Plan of(Expr e) {
        Plan p = CACHE.get(e);
        if (p == null) {
            p = new Builder(null, MAX_PLANNED).build(e);
            if (p == null) p = TOO_LARGE;
            if (CACHE.size() >= MAX_CACHED) CACHE.clear();
            CACHE.put(e, p);
        }
        return p == TOO_LARGE ? null : p;
    }

    /**
     * A plan of what one evaluator still has to compute for e: the walk stops at nodes it knows
     * (they become {@link Kind#KNOWN} entries), so its size is that of the new part of e. Not cached.
     */
    static Plan delta(Expr e, Known known) { return new Builder(known, Integer.MAX_VALUE).build(e); }

    /** What an evaluator already has: the canonical nodes it has values for. */
    interface Known {
        boolean has(Expr canonical);
    }

    /** Plans of DAGs larger than this are not made in full (nor cached). */
    static final int MAX_PLANNED = 256;
    private static final Plan TOO_LARGE = new Plan(new Builder(null, 0), -1);

    // ---- building

    private static final class Builder {
        final Known known;
        final int limit;
        final List<Expr> keys = new ArrayList<>(), shown = new ArrayList<>();
        final List<Kind> kinds = new ArrayList<>();
        final List<int[]> inputs = new ArrayList<>();
        final List<boolean[]> transposed = new ArrayList<>();
        final List<double[]> coefficients = new ArrayList<>();
        /** Canonical node → its position. */
        final Map<Expr, Integer> position = new IdentityHashMap<>();

        Builder(Known known, int limit) {
            this.known = known;
            this.limit = limit;
        }

        /** The plan, or null if the DAG has more than {@code limit} nodes. */
        Plan build(Expr root) {
            Expr c = canonicalize(root);
            // a DAG deeper than the limit has more nodes than it too: no need to walk it to find out
            if (c == null || DEPTH.getOrDefault(root, 0) > limit || !order(c)) return null;
            return new Plan(this, position.get(alias(c)));
        }

        /** A named intermediate stands for its body. */
        private static Expr alias(Expr e) {
            while (e instanceof Named n) e = n.body();
            return e;
        }

        /**
         * The canonical form of root: from the cache, or made children first, without recursion, for the
         * nodes not met before. Null if more than {@code limit} nodes are new.
         */
        private Expr canonicalize(Expr root) {
            Expr known = CANONICAL.get(root);
            if (known != null) return known;
            if (CANONICAL.size() > MAX_CANONICAL) { CANONICAL.clear(); WRITTEN.clear(); DEPTH.clear(); }
            Map<Expr, Expr> made = new IdentityHashMap<>();
            Map<Expr, Integer> depth = new IdentityHashMap<>();
            Deque<Expr> stack = new ArrayDeque<>();
            stack.push(root);
            while (!stack.isEmpty()) {
                Expr e = stack.peek();
                if (made.containsKey(e) || CANONICAL.containsKey(e)) { stack.pop(); continue; }
                if (made.size() > limit) return null;
                if (e instanceof Node n && n.op() == Op.DIFF)
                    throw new NumericException(Describe.of(e) + " is a differential, not a value: it cannot be evaluated");
                boolean ready = true;
                List<Expr> children = e.children();
                for (int i = children.size() - 1; i >= 0; i--) {
                    Expr c = children.get(i);
                    if (!made.containsKey(c) && !CANONICAL.containsKey(c)) { stack.push(c); ready = false; }
                }
                if (!ready) continue;
                stack.pop();
                made.put(e, canonicalOf(e, made));
                int d = 0;
                for (Expr c : children) d = Math.max(d, depth.containsKey(c) ? depth.get(c) : DEPTH.getOrDefault(c, 0));
                depth.put(e, d + 1);
            }
            // published only once complete, so the cache never holds a node whose children it lacks
            made.forEach((e, c) -> {
                DEPTH.put(e, depth.get(e));
                CANONICAL.put(e, c);
                if (c != e) WRITTEN.putIfAbsent(c, e);
            });
            return made.get(root);
        }

        private static Expr canonicalOf(Expr e, Map<Expr, Expr> made) {
            if (e instanceof Named n) {
                Expr body = canonical(n.body(), made);
                return body == n.body() ? n : Exprs.named(n.name(), body);
            }
            if (!(e instanceof Node n)) return e;
            if (n.op() == Op.TRANSPOSE && Exprs.is(n.arg(0), Op.ONES)) return Exprs.ones(n.shape());
            List<Expr> args = n.args();
            List<Expr> canonicalArgs = null;
            for (int i = 0; i < args.size(); i++) {
                Expr c = canonical(args.get(i), made);
                if (c != args.get(i) && canonicalArgs == null) canonicalArgs = new ArrayList<>(args.subList(0, i));
                if (canonicalArgs != null) canonicalArgs.add(c);
            }
            if (canonicalArgs == null) return n;
            try {
                Expr rebuilt = Exprs.rebuild(n, canonicalArgs);
                return rebuilt.shape().equals(n.shape()) ? rebuilt : n;
            } catch (RuntimeException shapeNotRebuilt) {
                return n;
            }
        }

        private static Expr canonical(Expr e, Map<Expr, Expr> made) {
            Expr c = made.get(e);
            return c != null ? c : CANONICAL.get(e);
        }

        /** Positions for the canonical DAG under root, operands first; false if there are more than {@code limit}. */
        private boolean order(Expr root) {
            Deque<Expr> stack = new ArrayDeque<>();
            stack.push(alias(root));
            while (!stack.isEmpty()) {
                Expr e = stack.peek();
                if (position.containsKey(e)) { stack.pop(); continue; }
                if (known != null && known.has(e)) {
                    stack.pop();
                    addKnown(e);
                    continue;
                }
                List<Expr> reads = reads(e);
                boolean ready = true;
                for (int i = reads.size() - 1; i >= 0; i--)
                    if (!position.containsKey(reads.get(i))) { stack.push(reads.get(i)); ready = false; }
                if (!ready) continue;
                stack.pop();
                add(e);
                if (keys.size() > limit) return false;
            }
            return true;
        }

        /** The values a node is computed from (named intermediates resolved to their bodies). */
        private static List<Expr> reads(Expr e) {
            if (!(e instanceof Node n)) return List.of();
            switch (n.op()) {
                case MATMUL: {
                    List<Expr> out = new ArrayList<>(n.args().size());
                    for (Expr a : n.args()) out.add(alias(Exprs.is(a, Op.TRANSPOSE) ? Exprs.arg(a, 0) : a));
                    return out;
                }
                case ADD: {
                    List<Expr> out = new ArrayList<>(n.args().size());
                    for (Expr a : n.args()) {
                        Expr base = alias(Term.readThrough(a).base());
                        if (!Exprs.is(base, Op.ONES)) out.add(base);
                    }
                    return out;
                }
                case LOG:
                    if (isLogDet(n)) return List.of(alias(Exprs.arg(n.arg(0), 0)));
                    return List.of(alias(n.arg(0)));
                default: {
                    List<Expr> out = new ArrayList<>(n.args().size());
                    for (Expr a : n.args()) out.add(alias(a));
                    return out;
                }
            }
        }

        private void addKnown(Expr e) {
            position.put(e, keys.size());
            keys.add(e);
            shown.add(e);
            kinds.add(Kind.KNOWN);
            inputs.add(new int[0]);
            transposed.add(null);
            coefficients.add(null);
        }

        private void add(Expr e) {
            int index = keys.size();
            position.put(e, index);
            keys.add(e);
            shown.add(WRITTEN.getOrDefault(e, e));
            boolean[] flags = null;
            double[] coefs = null;
            int[] in;
            Kind kind;
            if (!(e instanceof Node n)) {
                kind = Kind.LEAF;
                in = new int[0];
            } else if (n.op() == Op.MATMUL) {
                kind = Kind.PRODUCT;
                in = new int[n.args().size()];
                flags = new boolean[in.length];
                for (int i = 0; i < in.length; i++) {
                    Expr a = n.arg(i);
                    flags[i] = Exprs.is(a, Op.TRANSPOSE);
                    in[i] = position.get(alias(flags[i] ? Exprs.arg(a, 0) : a));
                }
            } else if (n.op() == Op.ADD) {
                kind = Kind.SUM;
                List<Integer> positions = new ArrayList<>();
                List<Double> weights = new ArrayList<>();
                for (Expr a : n.args()) {
                    Term t = Term.readThrough(a);
                    Expr base = alias(t.base());
                    positions.add(Exprs.is(base, Op.ONES) ? ONES : position.get(base));
                    weights.add(t.coefficient());
                }
                in = new int[positions.size()];
                coefs = new double[in.length];
                for (int i = 0; i < in.length; i++) {
                    in[i] = positions.get(i);
                    coefs[i] = weights.get(i);
                }
            } else if (isLogDet(n)) {
                kind = Kind.LOG_DET;
                in = new int[] {position.get(alias(Exprs.arg(n.arg(0), 0)))};
            } else {
                kind = Kind.NODE;
                in = new int[n.args().size()];
                for (int i = 0; i < in.length; i++) in[i] = position.get(alias(n.arg(i)));
            }
            kinds.add(kind);
            inputs.add(in);
            transposed.add(flags);
            coefficients.add(coefs);
        }

    }

    /** log(det(A)) is computed as log|det A| from the LU pivots: det(A) itself overflows long before its log does. */
    static boolean isLogDet(Expr e) { return Exprs.is(e, Op.LOG) && Exprs.is(Exprs.arg(e, 0), Op.DET); }

    @Override public String toString() { return "a plan of " + keys.length + " nodes"; }
}
