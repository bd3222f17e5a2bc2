package dev.matdiff.expr;

import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.Expr.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Rebuilds an expression with some of its nodes replaced, bottom-up over the DAG: each shared
 * node is visited once, and a node none of whose descendants changed is kept as it is.
 */
public final class Substitution {
    private final Map<Expr, Expr> done = IdentityMaps.map();
    private final Function<Expr, Expr> replace;

    /**
     * @param replace the replacement of a node, or null to substitute inside it (a Named's body
     *                included); returning the node itself keeps it, unvisited
     */
    public Substitution(Function<Expr, Expr> replace) { this.replace = replace; }

    public static Expr apply(Expr root, Function<Expr, Expr> replace) { return new Substitution(replace).apply(root); }

    /**
     * A substitution whose replacement may substitute inside what it builds with this same substitution (its second
     * argument), so that each node is still met once: a walk of its own per replacement is exponential in nested ones.
     */
    public static Substitution selfApplying(java.util.function.BiFunction<Expr, Substitution, Expr> replace) {
        Substitution[] self = new Substitution[1];
        self[0] = new Substitution(e -> replace.apply(e, self[0]));
        return self[0];
    }

    public Expr apply(Expr e) {
        Expr seen = done.get(e);
        if (seen != null) return seen;
        Expr out = replace.apply(e);
        if (out == null) {
            out = e;
            if (e instanceof Named n) {
                Expr body = apply(n.body());
                if (body != n.body()) out = Exprs.named(n.name(), body);
            } else if (e instanceof Node n) {
                List<Expr> args = new ArrayList<>(n.args().size());
                boolean changed = false;
                for (Expr a : n.args()) {
                    Expr s = apply(a);
                    changed |= s != a;
                    args.add(s);
                }
                if (changed) out = Exprs.rebuild(n, args);
            }
        }
        done.put(e, out);
        return out;
    }
}
