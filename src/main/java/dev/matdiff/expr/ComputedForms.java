package dev.matdiff.expr;

import dev.matdiff.expr.Expr.Node;

/**
 * The form in which the evaluator and generated code compute a node, where the printed form would cost
 * more or lose the value; printed results keep the user's form. One place for both, so that eval and
 * generated code compute alike:
 * <ul>
 *   <li>a product with a diagonal factor is a scaling ({@link DiagonalProducts}): no n×n diagonal;</li>
 *   <li>log σ(u) = −softplus(−u) and log(1 − σ(u)) = −softplus(u): σ(u) rounds to 0 (or 1) beyond
 *       |u| ≈ 745 (or 37), where the written log would be −∞, as for the binary cross-entropy of a
 *       confident classifier (names are read through: {@code p = sigmoid(X*w)}, then {@code log(p)});</li>
 *   <li>log(1 + exp(u)) = softplus(u), log(sum(exp(X))) = logsumexp(X) and exp(X)/sum(exp(X)) = softmax(X) (of
 *       vec(X) for a matrix): exp overflows beyond 709, as at the logistic loss of a margin of −1000, where the
 *       value is about 1000.</li>
 * </ul>
 * (A⁻ᵏ beside A⁻¹ shares the inverse too: the evaluator through the factorisation of A, which keeps its
 * inverse, and generated code by writing A⁻ᵏ as (A⁻¹)ᵏ, see codegen's Lowering.)
 */
public final class ComputedForms {
    private ComputedForms() {}

    /** The node as it is computed, or the node itself when it is computed as written. */
    public static Expr of(Node n) {
        return switch (n.op()) {
            case MATMUL -> DiagonalProducts.of(n);
            case LOG -> {
                Expr stable = log(n.arg(0));
                yield stable != null ? stable : n;
            }
            case DIV -> {
                Expr x = softmaxOfAll(n);
                if (x == null) yield n;
                yield x.shape().isColumn() ? Exprs.call(Op.SOFTMAX, x) : Exprs.unvec(Exprs.call(Op.SOFTMAX, Exprs.call(Op.VEC, x)), x.shape());
            }
            default -> n;
        };
    }

    /** The stable form of {@code log(inner)}, or null when there is none. */
    private static Expr log(Expr inner) {
        Expr e = Exprs.unnamed(inner);
        if (Exprs.is(e, Op.SIGMOID)) return negSoftplus(Exprs.neg(Exprs.arg(e, 0)));
        Expr u = oneMinusSigmoid(e);
        if (u != null) return negSoftplus(u);
        u = onePlusExp(e);
        if (u != null) return Exprs.call(Op.SOFTPLUS, u);
        if (Exprs.is(e, Op.SUM) && Exprs.is(Exprs.unnamed(Exprs.arg(e, 0)), Op.EXP)) {
            Expr x = Exprs.arg(Exprs.unnamed(Exprs.arg(e, 0)), 0);
            return Exprs.call(Op.LOGSUMEXP, x.shape().isColumn() ? x : Exprs.call(Op.VEC, x));
        }
        return null;
    }

    /** The X of exp(X)/sum(exp(X)), names read through; else null. */
    private static Expr softmaxOfAll(Node quotient) {
        Expr num = Exprs.unnamed(quotient.arg(0)), den = Exprs.unnamed(quotient.arg(1));
        return Exprs.is(num, Op.EXP) && Exprs.is(den, Op.SUM) && Exprs.unnamed(Exprs.arg(den, 0)) == num ? Exprs.arg(num, 0) : null;
    }

    /** u for 1 + exp(u), the 1 a number or ones, in either order; else null. */
    private static Expr onePlusExp(Expr e) {
        Expr b = Exprs.onePlus(e);
        if (b == null) return null;
        Term t = Term.readThrough(b);
        Expr s = Exprs.unnamed(t.base());
        return t.coefficient() == 1 && Exprs.is(s, Op.EXP) ? Exprs.arg(s, 0) : null;
    }

    private static Expr negSoftplus(Expr u) { return Exprs.neg(Exprs.call(Op.SOFTPLUS, u)); }

    /** u for 1 − σ(u), the 1 a number or ones, in either order; else null. */
    private static Expr oneMinusSigmoid(Expr e) {
        Expr b = Exprs.onePlus(e);
        if (b == null) return null;
        Term t = Term.readThrough(b);
        Expr s = Exprs.unnamed(t.base());
        return t.coefficient() == -1 && Exprs.is(s, Op.SIGMOID) ? Exprs.arg(s, 0) : null;
    }

}
