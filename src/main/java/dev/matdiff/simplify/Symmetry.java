package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.OpSpec;
import dev.matdiff.expr.Term;

/** Structural facts that make an expression symmetric (so its transpose is itself). */
public final class Symmetry {
    private Symmetry() {}

    public static boolean isSymmetric(Expr e) { return isSymmetric(e, NAMED_DEPTH); }

    /**
     * How many named intermediates deep a definition is read (Ky = K + I is symmetric when K is): a
     * bound, carried through every call below, because a chain of definitions each read twice
     * (S2 = S1 + S1ᵀ, a Fibonacci chain of sums) is read 2ᵏ times. Three reach a GP's Ky = exp(−Dsq/2) + s2·I through Dsq
     * to Z = X diag(η) Xᵀ; a fourth name between them (K = exp(−Dsq/2), Ky = K + s2·I) is past it, and the form then
     * keeps what only symmetry would merge (sum(G, 2) + sum(G, 1)ᵀ): the value is the same.
     */
    private static final int NAMED_DEPTH = 3;

    private static boolean isSymmetric(Expr e, int namedDepth) {
        if (e instanceof Expr.Var v) return v.symmetric() || v.shape().isScalar();
        if (e instanceof Expr.Num) return true;
        if (e instanceof Expr.Named h) return namedDepth > 0 && isSymmetric(h.body(), namedDepth - 1);
        if (!(e instanceof Node n)) return false;
        if (n.op().has(OpSpec.Flag.SYMMETRIC)) return true;
        if (n.op().has(OpSpec.Flag.KEEPS_SYMMETRY)) return !Exprs.anyChild(n, a -> !isSymmetric(a, namedDepth));
        return switch (n.op()) {
            case ONES -> n.shape().rows().equals(n.shape().cols());
            case SCALE -> isSymmetric(n.arg(1), namedDepth);
            case DIV -> isSymmetric(n.arg(0), namedDepth);
            case ADD -> sumIsSymmetric(n, namedDepth);
            case MATMUL -> palindrome(n, namedDepth);
            default -> false;
        };
    }

    /**
     * A sum is symmetric when each term is, or comes with its transpose at the same coefficient:
     * X + Xᵀ is, 2A − 2Aᵀ and X + X + Xᵀ are not. Coefficients are summed per term first.
     */
    private static boolean sumIsSymmetric(Node sum, int namedDepth) {
        java.util.Map<Expr, Double> coefficients = new java.util.IdentityHashMap<>();
        for (Expr t : sum.args()) {
            Term term = Term.of(t);
            coefficients.merge(Exprs.onesUnturned(term.base()), term.coefficient(), Double::sum);
        }
        for (var e : coefficients.entrySet()) {
            Expr base = e.getKey();
            if (isSymmetric(base, namedDepth)) continue;
            if (!e.getValue().equals(coefficients.get(transposeOf(base, namedDepth)))) return false;
        }
        return true;
    }

    /** eᵀ as the simplifier would first write it: Aᵀ for A, A for Aᵀ, S for a symmetric S. */
    static Expr transposeOf(Expr e) { return transposeOf(e, NAMED_DEPTH); }

    private static Expr transposeOf(Expr e, int namedDepth) {
        if (Exprs.is(e, Op.TRANSPOSE)) return Exprs.arg(e, 0);
        if (isSymmetric(e, namedDepth)) return e;
        if (Exprs.is(e, Op.ONES)) return Exprs.ones(e.shape().transposed());
        // (u·1ᵀ)ᵀ = 1·uᵀ, as the simplifier writes it: a squared-distance matrix u1ᵀ + 1uᵀ − 2XXᵀ is symmetric
        if (Exprs.is(e, Op.MATMUL) && Exprs.anyChild(e, f -> Exprs.is(f, Op.ONES)))
            return Exprs.matmul(TransposeRules.reversedTransposes(e.children(), f -> transposeOf(f, namedDepth)));
        return Exprs.transposed(e);
    }

    /** A Bᵀ… B A ᵀ-style chains: factor i is the transpose of factor k−1−i, the middle symmetric. */
    private static boolean palindrome(Node n, int namedDepth) {
        int k = n.args().size();
        for (int i = 0; i < k / 2; i++) {
            Expr a = n.arg(i), b = n.arg(k - 1 - i);
            boolean mirrored = Exprs.is(b, Op.TRANSPOSE) && Exprs.arg(b, 0) == a
                    || Exprs.is(a, Op.TRANSPOSE) && Exprs.arg(a, 0) == b
                    || a == b && isSymmetric(a, namedDepth);
            if (!mirrored) return false;
        }
        return k % 2 == 0 || isSymmetric(n.arg(k / 2), namedDepth);
    }
}
