package dev.matdiff.calculus;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Substitution;

import java.util.List;
import java.util.Map;

/**
 * Element-wise products with their two factors in the order the first gradient to write one wrote it, in the later
 * gradients and the Hessians, so that one value is one part, with one name (trial s74b: attention's dS named twice
 * beside its Hessian, as (…) .* A and A .* (…); batch norm's sum(T .* Xc, 1) in ∇X, sum(Xc .* T, 1) in ∇g).
 */
final class HadamardAsWritten {
    /** The products written so far, by first factor, then by second. */
    private final Map<Expr, Map<Expr, Expr>> written = IdentityMaps.map();

    /** A gradient written as the ones before it write their products, whose own products the later ones then follow. */
    Expr following(Expr gradient) {
        Expr g = apply(gradient);
        for (Expr x : Dag.postOrder(List.of(g)))
            if (Exprs.is(x, Op.HADAMARD) && twin(x) == null)
                written.computeIfAbsent(Exprs.arg(x, 0), k -> IdentityMaps.map()).put(Exprs.arg(x, 1), x);
        return g;
    }

    /** e with each B ⊙ A written A ⊙ B where a gradient wrote that. */
    Expr apply(Expr e) {
        if (written.isEmpty()) return e;
        return Substitution.apply(e, x -> Exprs.is(x, Op.HADAMARD) ? twin(x) : null);  // null: looked into
    }

    /** A ⊙ B as written, for x = B ⊙ A; null where none is. */
    private Expr twin(Expr x) {
        Map<Expr, Expr> byFirst = written.get(Exprs.arg(x, 1));
        return byFirst == null ? null : byFirst.get(Exprs.arg(x, 0));
    }
}
