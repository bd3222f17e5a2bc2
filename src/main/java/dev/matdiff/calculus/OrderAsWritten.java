package dev.matdiff.calculus;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Substitution;
import dev.matdiff.simplify.Commuted;

import java.util.List;
import java.util.Map;

/**
 * What commutes in the order it was first written, in every result: a sum as the objective writes it (trial s75b: a
 * planar flow's −ψ/(1 + uᵀψ) beside (…)/(uᵀψ + 1)), else as the first gradient to write it did; an element-wise product
 * with its two factors as the first gradient wrote it, in the later gradients and the Hessians, so that one value is one
 * part, with one name (trial s74b: attention's dS named twice beside its Hessian, as (…) .* A and A .* (…); batch norm's
 * sum(T .* Xc, 1) in ∇X, sum(Xc .* T, 1) in ∇g).
 */
final class OrderAsWritten {
    /** The products written so far, by first factor, then by second. */
    private final Map<Expr, Map<Expr, Expr>> products = IdentityMaps.map();
    /** The sums written so far, the first of those one up to order standing for all. */
    private final Commuted.Firsts sums = new Commuted.Firsts();

    /** The order the objective writes its sums in, its names' definitions read too. */
    OrderAsWritten(Expr objective) {
        for (Expr x : Dag.postOrder(List.of(objective))) if (Exprs.is(x, Op.ADD)) sums.firstLike(x);
    }

    /** A gradient written as the ones before it write their sums and products, whose own the later ones then follow. */
    Expr following(Expr gradient) {
        Expr g = apply(gradient);
        for (Expr x : Dag.postOrder(List.of(g))) {
            if (Exprs.is(x, Op.HADAMARD) && twin(x) == null)
                products.computeIfAbsent(Exprs.arg(x, 0), k -> IdentityMaps.map()).put(Exprs.arg(x, 1), x);
            if (Exprs.is(x, Op.ADD)) sums.firstLike(x);
        }
        return g;
    }

    /** e with each B ⊙ A written A ⊙ B, and each sum in the order of its terms, where that was written first. */
    Expr apply(Expr e) {
        return Substitution.apply(e, this::asWritten);
    }

    /** x as first written, a product of ⊙ or a sum in another order; null where none is (or x is it): looked into. */
    private Expr asWritten(Expr x) {
        if (Exprs.is(x, Op.HADAMARD)) return twin(x);
        Expr first = Exprs.is(x, Op.ADD) ? sums.metLike(x) : null;
        return first == x ? null : first;
    }

    /** A ⊙ B as written, for x = B ⊙ A; null where none is. */
    private Expr twin(Expr x) {
        Map<Expr, Expr> byFirst = products.get(Exprs.arg(x, 1));
        return byFirst == null ? null : byFirst.get(Exprs.arg(x, 0));
    }
}
