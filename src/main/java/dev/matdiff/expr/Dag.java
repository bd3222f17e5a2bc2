package dev.matdiff.expr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Walks over an expression DAG, each shared node once. Iterative, so a 100,000-deep chain does
 * not overflow the stack; every walk in matdiff that visits nodes goes through here.
 */
public final class Dag {
    private Dag() {}

    /** The distinct nodes reachable from the roots, children before their parents. */
    public static List<Expr> postOrder(Collection<? extends Expr> roots) { return postOrder(roots, e -> true); }

    /**
     * The same, but below a node that {@code enter} refuses nothing is visited (the node itself
     * still is): how a walk stays out of the bodies of named intermediates, say.
     */
    public static List<Expr> postOrder(Collection<? extends Expr> roots, Predicate<Expr> enter) {
        return postOrder(roots, enter, true);
    }

    /** The nodes of e as written, children first: a name is visited but its definition not entered (an atom there). */
    public static List<Expr> asWritten(Expr e) { return postOrder(List.of(e), x -> !(x instanceof Expr.Named)); }

    /**
     * The same, visiting each node's children from the last to the first. The order of the
     * reverse-accumulated adjoints, and so of the terms of a printed gradient, follows from it.
     */
    public static List<Expr> postOrderLastChildFirst(Expr root) { return postOrder(List.of(root), e -> true, false); }

    private static List<Expr> postOrder(Collection<? extends Expr> roots, Predicate<Expr> enter, boolean firstChildFirst) {
        List<Expr> out = new ArrayList<>();
        Map<Expr, Boolean> state = IdentityMaps.map();  // false: children pending, true: done
        List<Expr> stack = new ArrayList<>(roots);
        while (!stack.isEmpty()) {
            Expr e = stack.get(stack.size() - 1);
            Boolean s = state.get(e);
            if (s == null) {
                state.put(e, Boolean.FALSE);
                if (enter.test(e)) {
                    List<Expr> children = e.children();
                    for (int k = 0; k < children.size(); k++) {
                        Expr c = children.get(firstChildFirst ? children.size() - 1 - k : k);
                        if (!state.containsKey(c)) stack.add(c);
                    }
                }
            } else {
                stack.remove(stack.size() - 1);
                if (!s) {
                    state.put(e, Boolean.TRUE);
                    out.add(e);
                }
            }
        }
        return out;
    }

    public static List<Expr> postOrder(Expr root) { return postOrder(List.of(root)); }

    /** How many distinct nodes the roots have together (a shared subexpression counts once). */
    public static int size(Collection<? extends Expr> roots) { return postOrder(roots).size(); }

    /** Whether the root has more than {@code limit} distinct nodes, told after visiting at most limit + 1 of them. */
    public static boolean exceeds(Expr root, int limit) {
        java.util.Set<Expr> seen = IdentityMaps.set();
        List<Expr> stack = new ArrayList<>(List.of(root));
        while (!stack.isEmpty()) {
            Expr e = stack.remove(stack.size() - 1);
            if (!seen.add(e)) continue;
            if (seen.size() > limit) return true;
            stack.addAll(e.children());
        }
        return false;
    }

    /** The variables the roots read, in the order a left-to-right reading first meets them. */
    public static List<Expr.Var> variables(Collection<? extends Expr> roots) {
        Set<Expr.Var> out = new LinkedHashSet<>();
        for (Expr e : postOrder(roots)) if (e instanceof Expr.Var v) out.add(v);
        return new ArrayList<>(out);
    }

    public static List<Expr.Var> variables(Expr root) { return variables(List.of(root)); }

    /** Every dimension of the shapes of the nodes the roots reach (m, n, m*n, p - r + 1), each once. */
    public static Set<Dim> dimensions(Collection<? extends Expr> roots) {
        Set<Dim> out = new LinkedHashSet<>();
        for (Expr e : postOrder(roots)) {
            out.add(e.shape().rows());
            out.add(e.shape().cols());
        }
        return out;
    }

    /** The named intermediates the roots use, each after the ones its definition uses. */
    public static List<Expr.Named> named(Collection<? extends Expr> roots) {
        List<Expr.Named> out = new ArrayList<>();
        for (Expr e : postOrder(roots)) if (e instanceof Expr.Named n) out.add(n);
        return out;
    }

    /** Whether any node reachable from the root satisfies p. */
    public static boolean any(Expr root, Predicate<Expr> p) { return first(root, p) != null; }

    /** The first node in post-order reachable from the root that satisfies p, or null. */
    public static Expr first(Expr root, Predicate<Expr> p) {
        for (Expr e : postOrder(root)) if (p.test(e)) return e;
        return null;
    }
}
