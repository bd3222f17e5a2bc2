package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.Term;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static dev.matdiff.expr.Exprs.*;

/** Transposes moved inward through products and scalings. The table in {@link Rules} says where each applies. */
final class TransposeRules {
    private TransposeRules() {}


    static Expr transposeProduct(Node n) {
        if (!is(n.arg(0), Op.MATMUL)) return null;
        return matmul(reversedTransposes(n.arg(0).children()));
    }

    /** The factors of (F₁·…·Fₖ)ᵀ = Fₖᵀ·…·F₁ᵀ, a transpose read through. */
    static List<Expr> reversedTransposes(List<Expr> factors) {
        List<Expr> reversed = new ArrayList<>(factors.size());
        for (int i = factors.size() - 1; i >= 0; i--) reversed.add(transposed(factors.get(i)));
        return reversed;
    }

    /**
     * Aᵀ ± Bᵀ = (A ± B)ᵀ when every term is a transpose (through its scalars): attention's ∇K is
     * (P ⊙ (G − r1ᵀ))ᵀQ, its two transposed terms one again so that P can be factored. Not in the table that
     * moves transposes into sums ({@link Rules#WITH_TRANSPOSED_SUMS}), which would undo it. Not for vectors.
     */
    static Expr transposeOfTerms(Node n) {
        // a vector's terms stay apart: sum(X, 1)ᵀ + sum(Y, 1)ᵀ reads as two sums, as written
        if (n.shape().isColumn() || n.shape().rows().isOne()) return null;
        List<Expr> inner = new ArrayList<>();
        for (Expr t : n.args()) {
            Scaled s = Scaled.of(t);
            if (!is(s.core(), Op.TRANSPOSE)) return null;
            inner.add(s.rescale(arg(s.core(), 0)));
        }
        return transpose(add(inner));
    }

    /**
     * (A ⊙ 1vᵀ)ᵀ = Aᵀ ⊙ v1ᵀ, and so for u1ᵀ: a broadcast's transpose is a broadcast, so a mask applied to a layout's
     * transpose meets the same mask on the other terms (GCN's (softmax(Zᵀ) ⊙ 1mᵀ)ᵀ − Y ⊙ m1ᵀ is (softmax(Zᵀ)ᵀ − Y) ⊙ m1ᵀ).
     */
    static Expr transposeOfBroadcastHadamard(Node n) {
        if (!is(n.arg(0), Op.HADAMARD)) return null;
        Expr a = arg(n.arg(0), 0), b = arg(n.arg(0), 1);
        if (broadcast(b)) return hadamard(transposed(a), transposeOfOuter(b));
        if (broadcast(a)) return hadamard(transposeOfOuter(a), transposed(b));
        return null;
    }

    private static boolean broadcast(Expr e) { return Broadcasts.isBroadcast(e, true) || Broadcasts.isBroadcast(e, false); }

    /** (u vᵀ)ᵀ = v uᵀ for a column u and a row vᵀ. */
    private static Expr transposeOfOuter(Expr e) { return mul(flipped(arg(e, 1)), flipped(arg(e, 0))); }

    private static Expr flipped(Expr e) {
        return is(e, Op.ONES) ? ones(new dev.matdiff.expr.Shape(e.shape().cols(), e.shape().rows())) : transposed(e);
    }

    static Expr transposeScale(Node n) {
        if (!(n.arg(0) instanceof Node inner)) return null;
        return switch (inner.op()) {
            case SCALE -> scale(inner.arg(0), transpose(inner.arg(1)));
            case NEG -> neg(transpose(inner.arg(0)));
            // a mean stays whole, mean(x)ᵀ, as a mean's quotient is kept whole everywhere (expr/Means)
            case DIV -> dev.matdiff.expr.Means.isMean(inner) ? null : div(transpose(inner.arg(0)), inner.arg(1));
            default -> null;
        };
    }
}
