package dev.matdiff.numeric;

import dev.matdiff.expr.ComputedForms;
import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The form in which plans key nodes for sharing: {@code ones(n)'} is {@code ones(1, n)} and a named
 * intermediate is its body (and the nodes above them are rebuilt to match), because a derivation's
 * simplifier writes the one where the objective has the other, and the gradient would otherwise
 * recompute the objective's values. A node is also put in the form it is computed in
 * ({@link ComputedForms}: diagonal factors as scalings, log σ(u) as −softplus(−u)). Made once per node, children
 * first, without recursion, and remembered with the form first written (which error messages quote)
 * and the node's depth.
 */
final class Canonical {
    private Canonical() {}

    /** Canonical forms of the nodes met so far (a node maps to itself when it is canonical), and the first written form of each canonical node that differs from it. */
    private static final Map<Expr, Expr> CANONICAL = new ConcurrentHashMap<>(), WRITTEN = new ConcurrentHashMap<>();
    /** The depth of each node in CANONICAL: a lower bound of its DAG's size that is known without a walk. */
    private static final Map<Expr, Integer> DEPTH = new ConcurrentHashMap<>();
    static final int MAX_CANONICAL = 1_000_000;

    /** The node as the expression wrote it, for error messages. */
    static Expr written(Expr canonical) { return WRITTEN.getOrDefault(canonical, canonical); }

    /** The depth of e if it has been made canonical, else 0. */
    static int depth(Expr e) { return DEPTH.getOrDefault(e, 0); }

    /** A named intermediate stands for its body. */
    static Expr alias(Expr e) { return Exprs.unnamed(e); }

    /**
     * The canonical form of root: from the cache, or made children first for the nodes not met
     * before. Null if more than {@code limit} nodes are new.
     */
    static Expr of(Expr root, int limit) {
        Expr known = CANONICAL.get(root);
        if (known != null) return known;
        if (CANONICAL.size() > MAX_CANONICAL) { CANONICAL.clear(); WRITTEN.clear(); DEPTH.clear(); }
        Map<Expr, Expr> made = IdentityMaps.map();
        Map<Expr, Integer> depth = IdentityMaps.map();
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
            if (c != e && !(e instanceof Named)) WRITTEN.putIfAbsent(c, e);  // a message names a value by its expression, not by a definition
        });
        return made.get(root);
    }

    private static Expr canonicalOf(Expr e, Map<Expr, Expr> made) {
        // a named intermediate is its body: the objective writes tanh(W1*X) where a gradient writes Z1
        if (e instanceof Named n) return canonical(n.body(), made);
        if (!(e instanceof Node n)) return e;
        if (n.op() == Op.TRANSPOSE && Exprs.is(n.arg(0), Op.ONES)) return Exprs.ones(n.shape());
        List<Expr> args = n.args();
        List<Expr> canonicalArgs = null;
        for (int i = 0; i < args.size(); i++) {
            Expr c = canonical(args.get(i), made);
            if (c != args.get(i) && canonicalArgs == null) canonicalArgs = new ArrayList<>(args.subList(0, i));
            if (canonicalArgs != null) canonicalArgs.add(c);
        }
        if (canonicalArgs == null) return ComputedForms.of(n);
        // a sum keeps its terms as they are: flattened through names, a chain h_i = h_{i-1} + x of 10,000 definitions
        // made sums of every length up to 10,000 (quadratic); the terms' shapes are already the sum's
        if (n.op() == Op.ADD) return ComputedForms.of(Exprs.typed(Op.ADD, canonicalArgs, 0, n.shape()));
        // a product likewise, past a few hundred factors: flattened through names, h_i = h_(i-1)*h_(i-1) doubles at
        // each definition (20 of them: a million factors, minutes to build)
        if ((n.op() == Op.SCALE || n.op() == Op.MATMUL) && nodes(canonicalArgs, MAX_FLAT_NODES) > MAX_FLAT_NODES)
            return ComputedForms.of(Exprs.typed(n.op(), canonicalArgs, 0, n.shape()));
        try {
            Expr rebuilt = Exprs.rebuild(n, canonicalArgs);
            if (!rebuilt.shape().equals(n.shape())) return n;
            return rebuilt instanceof Node r ? ComputedForms.of(r) : rebuilt;
        } catch (RuntimeException shapeNotRebuilt) {
            return n;
        }
    }

    /** The most nodes (factors and the products and signs over them) a product flattened through names is rebuilt from; past it the names' products stay operands. */
    static final int MAX_FLAT_NODES = 256;

    /**
     * How many nodes the products and negations among args would flatten (each factor one of them, so at least as many
     * as the factors), counted up to one past cap: the walk stops there.
     */
    private static int nodes(List<Expr> args, int cap) {
        int count = 0;
        Deque<Expr> stack = new ArrayDeque<>(args);
        while (!stack.isEmpty() && count <= cap) {
            Expr e = stack.pop();
            count++;
            if (Exprs.is(e, Op.SCALE) || Exprs.is(e, Op.MATMUL) || Exprs.is(e, Op.NEG)) e.children().forEach(stack::push);
        }
        return count;
    }

    private static Expr canonical(Expr e, Map<Expr, Expr> made) {
        Expr c = made.get(e);
        return c != null ? c : CANONICAL.get(e);
    }
}
