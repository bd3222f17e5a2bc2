package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.OpSpec;
import dev.matdiff.expr.Term;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/** Structural facts that make an expression symmetric (so its transpose is itself). */
public final class Symmetry {
    private Symmetry() {}

    /**
     * What is known of each named intermediate (Ky = K + I is symmetric when K is), sum and product, read once: a chain
     * of definitions each read twice (S2 = S1 + S1ᵀ, a Fibonacci chain of sums) would be read 2ᵏ times without it, and a
     * sum's terms are read with their transposes, whose factors are read again (the δ's t_i = P_i t_{i-1} + t_{i-1} P_i of
     * P_i = P_{i-1}ᵀP_{i-1}: 28 levels took 15 s, 32 minutes; trial s78a). Expressions are interned, so a name and its body
     * are one object wherever they are met; the keys are weak, so what nothing holds any more is forgotten.
     */
    private static final Map<Expr, Boolean> KNOWN = Collections.synchronizedMap(new WeakHashMap<>());

    public static boolean isSymmetric(Expr e) {
        if (e instanceof Expr.Var v) return v.symmetric() || v.shape().isScalar();
        if (e instanceof Expr.Num) return true;
        if (e instanceof Expr.Named h) return remembered(h, () -> isSymmetric(h.body()));
        if (!(e instanceof Node n)) return false;
        if (n.op().has(OpSpec.Flag.SYMMETRIC)) return true;
        if (n.op().has(OpSpec.Flag.KEEPS_SYMMETRY)) return !Exprs.anyChild(n, a -> !isSymmetric(a));
        return switch (n.op()) {
            case ONES -> n.shape().rows().equals(n.shape().cols());
            case SCALE -> isSymmetric(n.arg(1));
            case DIV -> isSymmetric(n.arg(0));
            case ADD -> remembered(n, () -> sumIsSymmetric(n));
            case MATMUL -> remembered(n, () -> palindrome(n));
            default -> false;
        };
    }

    private static boolean remembered(Expr e, java.util.function.BooleanSupplier read) {
        Boolean known = KNOWN.get(e);
        if (known == null) {
            known = read.getAsBoolean();  // not inside the map's lock: what is read may be asked of others
            KNOWN.put(e, known);
        }
        return known;
    }

    /**
     * A sum is symmetric when each term is, or comes with its transpose at the same coefficient:
     * X + Xᵀ is, 2A − 2Aᵀ and X + X + Xᵀ are not. Coefficients are summed per term first.
     */
    private static boolean sumIsSymmetric(Node sum) {
        java.util.Map<Expr, Double> coefficients = new java.util.IdentityHashMap<>();
        for (Expr t : sum.args()) {
            Term term = Term.of(t);
            coefficients.merge(Exprs.onesUnturned(term.base()), term.coefficient(), Double::sum);
        }
        for (var e : coefficients.entrySet()) {
            Expr base = e.getKey();
            if (isSymmetric(base)) continue;
            if (!e.getValue().equals(coefficients.get(transposeOf(base)))) return false;
        }
        return true;
    }

    /**
     * (F₁…Fₖ)ᵀ's factors as the simplifier first writes them, Fₖᵀ…F₁ᵀ with a symmetric factor as itself: (inv(A)Xᵀy)ᵀ is
     * yᵀX·inv(A) for A = XᵀX + λI. What a gradient reads a named product's transpose as, and an inverse's transposed factors.
     */
    public static java.util.List<Expr> transposedFactors(java.util.List<Expr> factors) {
        return TransposeRules.reversedTransposes(factors, Symmetry::transposeOf);
    }

    /** eᵀ as the simplifier would first write it: Aᵀ for A, A for Aᵀ, S for a symmetric S. */
    static Expr transposeOf(Expr e) {
        if (Exprs.is(e, Op.TRANSPOSE)) return Exprs.arg(e, 0);
        if (isSymmetric(e)) return e;
        if (Exprs.is(e, Op.ONES)) return Exprs.ones(e.shape().transposed());
        // (u·1ᵀ)ᵀ = 1·uᵀ, as the simplifier writes it, a differential's too: a squared-distance matrix u1ᵀ + 1uᵀ − 2XXᵀ is
        // symmetric, and dx·1ᵀ + 1·dxᵀ; and a product of no differential as its factors' transposes reversed, (b·aᵀ)ᵀ = a·bᵀ:
        // b aᵀ + a bᵀ and AX + XᵀAᵀ are symmetric (trial s73b)
        if (Exprs.is(e, Op.MATMUL) && (Exprs.anyChild(e, f -> Exprs.is(f, Op.ONES))
                || !Exprs.anyChild(e, f -> Exprs.is(f, Op.DIFF) || Exprs.is(f, Op.TRANSPOSE) && Exprs.is(Exprs.arg(f, 0), Op.DIFF))))
            return Exprs.matmul(TransposeRules.reversedTransposes(e.children(), f -> transposeOf(f)));
        return Exprs.transposed(e);
    }

    /** A Bᵀ… B A ᵀ-style chains: factor i is the transpose of factor k−1−i, the middle symmetric. */
    private static boolean palindrome(Node n) {
        int k = n.args().size();
        for (int i = 0; i < k / 2; i++) {
            Expr a = n.arg(i), b = n.arg(k - 1 - i);
            boolean mirrored = Exprs.is(b, Op.TRANSPOSE) && Exprs.arg(b, 0) == a
                    || Exprs.is(a, Op.TRANSPOSE) && Exprs.arg(a, 0) == b
                    || a == b && isSymmetric(a);
            if (!mirrored) return false;
        }
        return k % 2 == 0 || isSymmetric(n.arg(k / 2));
    }
}
