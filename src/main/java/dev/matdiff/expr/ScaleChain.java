package dev.matdiff.expr;

import dev.matdiff.expr.Expr.Num;

import java.util.List;

import static dev.matdiff.expr.Exprs.is;
import static dev.matdiff.expr.Exprs.scale;

/**
 * c₁·(c₂·(…(cₖ·X))) as {@link Exprs#scale} builds it, in k nodes. Built inside out, each scale pushes its factor
 * under every factor already there (the factory nests a·(b·X) as (a·b)·X), k²/2 nodes; built outside in, each
 * factor is one node on the end. The two are the same expression when every factor is plain and X is not a number,
 * a minus or a scaling: then no rule of the factory but the last (a new node) applies at any step of either.
 */
public final class ScaleChain {
    private ScaleChain() {}

    /** A scalar factor at which {@link Exprs#scale} only ever makes a node: no number, minus or scaling, no differential. */
    public static boolean plain(Expr e) {
        return e.shape().isScalar() && !(e instanceof Num) && !is(e, Op.NEG) && !is(e, Op.SCALE) && !Expr.holdsDifferential(e);
    }

    /** scale(factors[0], scale(factors[1], … scale(factors[k-1], x))), for plain factors. */
    public static Expr of(List<Expr> factors, Expr x) {
        if (x instanceof Num || is(x, Op.NEG) || is(x, Op.SCALE)) {
            // the factory folds these in: built as written, inside out
            for (int i = factors.size() - 1; i >= 0; i--) x = scale(factors.get(i), x);
            return x;
        }
        Expr product = factors.get(0);
        for (int i = 1; i < factors.size(); i++) product = scale(product, factors.get(i));
        return scale(product, x);
    }
}
