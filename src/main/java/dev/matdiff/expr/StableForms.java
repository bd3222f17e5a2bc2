package dev.matdiff.expr;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;

/**
 * Equal forms of a value that stay finite where the written form underflows: log σ(u) = −softplus(−u)
 * and log(1 − σ(u)) = −softplus(u). σ(u) rounds to 0 (or 1) beyond |u| ≈ 745 (or 37), where the
 * written log would be −∞ and the evaluator would refuse; the binary cross-entropy of a confident
 * classifier reaches there. Used by the evaluator and by generated code; printed results keep the
 * user's form. Names are read through, so {@code p = sigmoid(X*w)} with {@code log(p)} is found too.
 * Likewise A⁻ᵏ is computed as (A⁻¹)ᵏ, sharing the inverse.
 */
public final class StableForms {
    private StableForms() {}

    /** The stable form of {@code log(inner)}, or null when there is none. */
    public static Expr log(Expr inner) {
        Expr e = Exprs.unnamed(inner);
        if (Exprs.is(e, Op.SIGMOID)) return negSoftplus(Exprs.neg(Exprs.arg(e, 0)));
        Expr u = oneMinusSigmoid(e);
        return u == null ? null : negSoftplus(u);
    }

    private static Expr negSoftplus(Expr u) { return Exprs.neg(Exprs.call(Op.SOFTPLUS, u)); }

    /** u for 1 − σ(u), the 1 a number or ones, in either order; else null. */
    private static Expr oneMinusSigmoid(Expr e) {
        if (!Exprs.is(e, Op.ADD) || e.children().size() != 2) return null;
        Expr a = e.children().get(0), b = e.children().get(1);
        if (isOne(b)) { Expr t = a; a = b; b = t; }
        if (!isOne(a)) return null;
        Term t = Term.readThrough(b);
        Expr s = Exprs.unnamed(t.base());
        return t.coefficient() == -1 && Exprs.is(s, Op.SIGMOID) ? Exprs.arg(s, 0) : null;
    }

    private static boolean isOne(Expr e) { return Exprs.is(e, Op.ONES) || e instanceof Num n && n.value() == 1; }

    /**
     * A⁻ᵏ as (A⁻¹)ᵏ, or null for any other node: an inverse of A that the expression computes anyway (tr(A⁻¹)
     * beside its gradient's A⁻²) is then shared, rather than A inverted a second time.
     */
    public static Expr negativePower(Node n) {
        return n.op() == Op.POWER && n.param() < 0 ? Exprs.power(Exprs.inv(n.arg(0)), (int) -n.param()) : null;
    }
}
