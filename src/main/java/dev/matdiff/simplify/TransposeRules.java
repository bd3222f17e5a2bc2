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
    static List<Expr> reversedTransposes(List<Expr> factors) { return reversedTransposes(factors, Exprs::transposed); }

    /** The same with each factor transposed by {@code transpose}; null where it gives null for a factor. */
    static List<Expr> reversedTransposes(List<Expr> factors, java.util.function.UnaryOperator<Expr> transpose) {
        List<Expr> reversed = new ArrayList<>(factors.size());
        for (int i = factors.size() - 1; i >= 0; i--) {
            Expr t = transpose.apply(factors.get(i));
            if (t == null) return null;
            reversed.add(t);
        }
        return reversed;
    }

    /**
     * Aᵀ ± Bᵀ = (A ± B)ᵀ when every term is a transpose (through its scalars) or a product of transposes: attention's ∇K
     * is (P ⊙ (G − r1ᵀ))ᵀQ, its two transposed terms one again so that P can be factored. Not in the table that
     * moves transposes into sums ({@link Rules#WITH_TRANSPOSED_SUMS}), which would undo it. Not for columns, nor for
     * rows but those with a ones (1ᵀ − vᵀ).
     */
    static Expr transposeOfTerms(Node n) {
        // a vector's terms stay apart: sum(X, 1)ᵀ + sum(Y, 1)ᵀ reads as two sums, as written; but a row 1ᵀ − vᵀ is the
        // column 1 − v turned, which a Hessian also holds as a column (tanh's 1 − t², named once)
        boolean row = n.shape().rows().isOne() && !n.shape().isScalar();
        if (n.shape().isColumn() || row && n.args().stream().noneMatch(t -> is(t, Op.ONES))) return null;
        List<Expr> inner = untransposed(n.args(), row);
        return inner == null ? null : transpose(add(inner));
    }

    /**
     * (Aᵀ ± Bᵀ)ᵀ = A ± B, also for vectors, which {@link #transposeOfTerms} leaves apart: the softmax regression's
     * gradient over 31 samples read (softmax(W*x0)' - y0')'*x0' + …, where the table that moves transposes into sums,
     * tried only on expressions small enough to compare, had made each term softmax(W*x0) - y0.
     */
    static Expr transposedTransposes(Node n) {
        if (!is(n.arg(0), Op.ADD)) return null;
        List<Expr> inner = untransposed(n.arg(0).children(), n.arg(0).shape().rows().isOne());
        return inner == null ? null : add(inner);
    }

    /**
     * Each term without its transpose (through its scalars), a product of transposes read as the transpose of the
     * product reversed (AᵀBᵀ = (BA)ᵀ: ∇ tr(AX⁻²) is −(X⁻¹AX⁻² + X⁻²AX⁻¹)ᵀ, not −(X⁻ᵀAᵀ(X⁻²)ᵀ + (X⁻²)ᵀAᵀX⁻ᵀ)), and the
     * ones of a row as the ones column (where {@code rowOfOnes}), beside at least one transpose; null where a term is none of
     * these. A matrix's ones stay apart: Aᵀ + 1 is not (A + 1)ᵀ.
     */
    private static List<Expr> untransposed(List<Expr> terms, boolean rowOfOnes) {
        List<Expr> inner = new ArrayList<>();
        boolean transposed = false;
        for (Expr t : terms) {
            Scaled s = Scaled.of(t);
            Expr core = s.core();
            List<Expr> reversed = is(core, Op.MATMUL) ? reversedTransposes(core.children(), f -> is(f, Op.TRANSPOSE) ? arg(f, 0) : null) : null;
            if (rowOfOnes && is(core, Op.ONES)) {
                inner.add(s.rescale(ones(new dev.matdiff.expr.Shape(core.shape().cols(), core.shape().rows()))));
                continue;
            }
            if (is(core, Op.TRANSPOSE)) inner.add(s.rescale(arg(core, 0)));
            else if (reversed != null) inner.add(s.rescale(matmul(reversed)));
            else return null;
            transposed = true;
        }
        return transposed ? inner : null;
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

    /**
     * (A ⊙ B)ᵀ = Aᵀ ⊙ Bᵀ where each factor's transpose is written without one: (aᵀK ⊙ aᵀ)ᵀ = Ka ⊙ a for a symmetric K
     * (an RBF kernel's gradient). A factor that would gain a transpose keeps it outside.
     */
    static Expr transposeIntoHadamard(Node n) {
        if (!is(n.arg(0), Op.HADAMARD) && !is(n.arg(0), Op.ELEMDIV)) return null;
        Node in = (Node) n.arg(0);
        // both plain transposes are transpose-elementwise's
        if (is(in.arg(0), Op.TRANSPOSE) && is(in.arg(1), Op.TRANSPOSE)) return null;
        Expr a = withoutTranspose(in.arg(0), 3), b = a == null ? null : withoutTranspose(in.arg(1), 3);
        return b == null ? null : rebuild(in, List.of(a, b));
    }

    /** eᵀ written with no transpose of its own (Aᵀ is A, S is S, (xᵀS)ᵀ is Sx), or null. */
    private static Expr withoutTranspose(Expr e, int depth) {
        if (is(e, Op.TRANSPOSE)) return arg(e, 0);
        if (e.shape().isScalar() || Symmetry.isSymmetric(e)) return e;
        if (!is(e, Op.MATMUL) || depth == 0) return null;
        List<Expr> reversed = reversedTransposes(e.children(), f -> withoutTranspose(f, depth - 1));
        return reversed == null ? null : matmul(reversed);
    }
}
