package dev.matdiff.simplify;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Substitution;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A named matrix's inverse read through the name's definition, where that cancels: with Y = X³ the gradient of det(Y)
 * is det(Y)·(X²Y⁻¹ + XY⁻¹X + Y⁻¹X²)ᵀ written with the name, and 3·det(Y)·X⁻ᵀ with Y⁻¹ read as (X³)⁻¹; with M = AXB,
 * Aᵀ M⁻ᵀ Bᵀ is X⁻ᵀ: the Cookbook's (51), (57), (58), and what the program derives without the name (trial s76a). The
 * name stays wherever nothing cancels (X'AX with X not square, the Cookbook's (54)), and wherever it is not inverted.
 */
final class InversesOfNames {
    private InversesOfNames() {}

    static final String ID = "inverse-of-a-name";

    /** e with each named matrix's inverse read through its definition, one name at a time, where that leaves a smaller tree. */
    static Expr apply(Expr e, UnaryOperator<Expr> simplify, Cost cost) {
        Set<Named> inverted = IdentityMaps.set();
        List<Named> inOrder = new ArrayList<>();
        for (Expr x : Dag.asWritten(e))
            if (inverted(x) instanceof Named y && inverted.add(y)) inOrder.add(y);
        Expr best = e;
        for (Named y : inOrder) {
            if (cost.treeSize(best) > Simplifier.MAX_NODES_TO_COMPARE) break;
            Expr read = Substitution.apply(best, x -> x instanceof Named ? x : inverted(x) == y ? readThrough((Expr.Node) x, y) : null);
            Expr simplified = simplify.apply(read);
            if (cost.treeSize(simplified) < cost.treeSize(best)) best = simplified;
        }
        return best;
    }

    /** The matrix x inverts, inv(Y) or Y^-k; else null. */
    private static Expr inverted(Expr x) {
        return Exprs.is(x, Op.INV) || Exprs.is(x, Op.POWER) && ((Expr.Node) x).param() < 0 ? x.children().get(0) : null;
    }

    private static Expr readThrough(Expr.Node x, Named y) {
        return x.op() == Op.INV ? Exprs.inv(y.body()) : Exprs.power(y.body(), (int) x.param());
    }
}
