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
