package dev.matdiff.expr;

import java.util.List;
import java.util.Set;

/** The kinds of part the naming rules of {@link Temporaries} tell apart. */
final class PartKinds {
    private PartKinds() {}

    /** A transpose or a negation is not named itself: its operand is, and prints as t1' or -t1. */
    static boolean wrapper(Expr x) { return Exprs.is(x, Op.TRANSPOSE) || Exprs.is(x, Op.NEG); }

    /**
     * The δ's: sums written with another sum, as it plus terms ({@link Exprs#extended}) or as terms minus it, and the sums
     * they are written with. A residual network's, each the one above plus its block's branches, are named where the
     * results print one twice (the first layer's, in the gradients of both its weights), as backpropagation names δ.
     */
    static Set<Expr> deltas(List<Expr> nodes) {
        Set<Expr> out = IdentityMaps.set();
        for (Expr x : nodes) {
            Expr partial = Exprs.partialOf(x);
            if (partial == null) continue;
            out.add(x);
            out.add(partial);
        }
        return out;
    }

    /**
     * A sum with a term of ones or the identity: an activation's slope from its value, 1 − tanh(u)², 1 − σ(u), which a
     * textbook writes where it is used, not a residual it names (review of trial s74b's PCA change).
     */
    static boolean filledComplement(Expr x) {
        return Exprs.is(x, Op.ADD) && x.children().stream().anyMatch(t -> Exprs.is(t, Op.ONES) || Exprs.is(t, Op.EYE));
    }

    /** A function's value: an element-wise function's, an inverse, a softmax (σ(Wx), inv(A), softmax(z)). */
    static boolean isFunctionValue(Expr x) {
        return x instanceof Expr.Node n && (n.op().isElementwise() || n.op() == Op.INV || n.op() == Op.SOFTMAX);
    }
}
