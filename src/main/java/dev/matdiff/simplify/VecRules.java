package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.Term;

import java.util.List;

import static dev.matdiff.expr.Exprs.*;

/**
 * vec and its adjoint unvec: how they cancel, what a vector's vec is, and how they meet Kronecker products and the
 * commutation matrix (the vec route's identities). The table in {@link Rules} says where each applies.
 */
final class VecRules {
    private VecRules() {}

    /**
     * vec(unvec(v)) = v and unvec(vec(A)) = A; a column is its own vec and a row's vec is its transpose, so the
     * m×1 unvec of v is v and the 1×n one vᵀ (the Jacobian of kron(x', y) in y printed kron(vec(x'), I)).
     */
    static Expr vecUnvec(Node n) {
        Expr a = n.arg(0);
        if (n.op() == Op.VEC) return is(a, Op.UNVEC) ? arg(a, 0) : a.shape().isColumn() ? a : a.shape().rows().isOne() ? transposed(a) : null;
        if (is(a, Op.VEC) && arg(a, 0).shape().equals(n.shape())) return arg(a, 0);
        return n.shape().isColumn() ? a : n.shape().rows().isOne() ? transposed(a) : null;
    }

    /** unvec(a vec(A) + v) = a A + unvec(v): unvec distributes over a sum that holds a vec of the target's shape. */
    static Expr unvecSum(Node n) {
        if (!is(n.arg(0), Op.ADD)) return null;
        // a vec(A), or a u ⊗ v of columns, which is vec(v uᵀ): the vec route's gradient of bᵀXᵀXc (trial s73b)
        boolean holdsVec = n.arg(0).children().stream().anyMatch(t -> isVecOf(SumRules.scaled(t), n.shape())
                || is(SumRules.scaled(t), Op.KRON) && vecOf(SumRules.scaled(t)) != null && vecOf(SumRules.scaled(t)).shape().equals(n.shape()));
        return holdsVec ? add(n.arg(0).children().stream().map(t -> unvec(t, n.shape())).toList()) : null;
    }

    /** unvec(u ⊗ v, m, n) = v uᵀ for columns u (n) and v (m), as vec(v uᵀ) = u ⊗ v: the vec route's outer products. */
    static Expr unvecKron(Node n) {
        if (!is(n.arg(0), Op.KRON)) return null;
        Expr m = vecOf(n.arg(0));
        return m != null && m.shape().equals(n.shape()) ? m : null;
    }

    /**
     * unvec(K vec(A)) = Aᵀ and unvec(Kᵀ vec(M)) = Mᵀ for the commutation matrix K of A's shape (K vec(A) = vec(Aᵀ),
     * Kᵀ = K⁻¹): how the vec route's gradients read off a transpose.
     */
    static Expr unvecCommutation(Node n) {
        Expr p = n.arg(0);
        if (!is(p, Op.MATMUL) || p.children().size() != 2) return null;
        Expr k = arg(p, 0), m = vecOf(arg(p, 1));
        if (m == null) return null;
        boolean transposed = is(k, Op.TRANSPOSE);
        if (transposed) k = arg(k, 0);
        if (!is(k, Op.COMMUTATION)) return null;
        Shape of = arg(k, 0).shape();
        Shape read = transposed ? new Shape(of.cols(), of.rows()) : of;
        if (!m.shape().equals(read)) return null;
        // (v uᵀ)ᵀ = u vᵀ written as such: the factory leaves a transposed product as it is
        Expr src = arg(p, 1), t = is(src, Op.KRON) ? mul(arg(src, 0), transpose(arg(src, 1))) : transpose(m);
        return t.shape().equals(n.shape()) ? t : null;
    }

    /**
     * K vec(A) = vec(Aᵀ) for the commutation matrix K of A's shape, anywhere in a product, and so with Kᵀ for the
     * transposed shape, and vec(A)ᵀK = vec(Aᵀ)ᵀ (Kᵀ's of A's shape) from the other side.
     */
    static Expr commutationOfVec(Node n) { return ProductRules.firstPair(n, VecRules::commuted); }

    /** vec(Aᵀ) for the pair K·vec(A) (or Kᵀ·vec(A)), vec(Aᵀ)ᵀ for vec(A)ᵀ·Kᵀ (or vec(A)ᵀ·K), when A has the shape K wants; else null. */
    private static Expr commuted(Expr l, Expr r) {
        boolean vecFirst = is(l, Op.TRANSPOSE) && is(arg(l, 0), Op.VEC);
        Expr k = vecFirst ? r : l, vec = vecFirst ? arg(l, 0) : r;
        boolean transposed = is(k, Op.TRANSPOSE);
        if (transposed) k = arg(k, 0);
        if (!is(k, Op.COMMUTATION) || !is(vec, Op.VEC)) return null;
        Shape of = arg(k, 0).shape(), a = arg(vec, 0).shape();
        // K vec(A) and vec(A)ᵀKᵀ want A of K's shape; Kᵀ vec(A) and vec(A)ᵀK the transposed one
        if (!a.equals(transposed != vecFirst ? of.transposed() : of)) return null;
        Expr swapped = call(Op.VEC, transpose(arg(vec, 0)));
        return vecFirst ? transpose(swapped) : swapped;
    }

    /** M with vec(M) = e: vec(M) itself, or u ⊗ v = vec(v uᵀ) for columns u, v; else null. */
    private static Expr vecOf(Expr e) {
        if (is(e, Op.VEC)) return arg(e, 0);
        if (is(e, Op.KRON) && arg(e, 0).shape().isColumn() && arg(e, 1).shape().isColumn()) return mul(arg(e, 1), transpose(arg(e, 0)));
        return null;
    }

    private static boolean isVecOf(Expr e, Shape target) { return is(e, Op.VEC) && arg(e, 0).shape().equals(target); }

    /** (P ⊗ Q) v with v a column: vec(Q · unvec(v) · Pᵀ), the identity of seed 004's Proof 1. */
    static Expr kronVec(Node n) {
        // anywhere in a product: kron(x', I)*vec(X)*x'/‖x‖ is X*x*x'/‖x‖
        return ProductRules.firstPair(n, VecRules::kronTimesColumn);
    }

    private static boolean identityOrVector(Expr e) { return is(e, Op.EYE) || e.shape().isColumn() || e.shape().rows().isOne(); }

    /**
     * vec(Q · unvec(v) · Pᵀ) for l = P ⊗ Q and r = v a column, else null; where v is not a vec (or u ⊗ w, vec(w uᵀ)),
     * only for P or Q an identity or a vector (seed 004's (xᵀ ⊗ I)v): the gradient of xᵀ(A ⊗ B)x stays
     * (A ⊗ B + Aᵀ ⊗ Bᵀ)x, as its Hessian reads, not vec(B unvec(x) Aᵀ + …).
     */
    private static Expr kronTimesColumn(Expr l, Expr r) {
        if (!is(l, Op.KRON) || !r.shape().isColumn()) return null;
        Expr p = arg(l, 0), q = arg(l, 1);
        if (vecOf(r) == null && !identityOrVector(p) && !identityOrVector(q)) return null;
        return call(Op.VEC, mul(mul(q, unvec(r, new Shape(q.shape().cols(), p.shape().cols()))), transpose(p)));
    }

    /** vec(V)ᵀ (P ⊗ Q) = vec(Qᵀ V P)ᵀ, anywhere in a product: the transposed form of {@link #kronVec}. */
    static Expr vecRowKron(Node n) { return ProductRules.firstPair(n, VecRules::vecRowTimesKron); }

    /** vec(Qᵀ V P)ᵀ for l = vec(V)ᵀ and r = P ⊗ Q with V of the size they need, else null. */
    private static Expr vecRowTimesKron(Expr l, Expr r) {
        if (!is(l, Op.TRANSPOSE) || !is(arg(l, 0), Op.VEC) || !is(r, Op.KRON)) return null;
        Expr v = arg(arg(l, 0), 0), p = arg(r, 0), q = arg(r, 1);
        if (!v.shape().equals(new Shape(q.shape().rows(), p.shape().rows()))) return null;
        return transpose(call(Op.VEC, mul(mul(transpose(q), v), p)));
    }

    /**
     * (P ⊗ Q)(v₁R₁ + v₂R₂) = (P ⊗ Q)v₁R₁ + (P ⊗ Q)v₂R₂ when every term starts with a column, and vec(V)ᵀ(K₁S₁ + K₂S₂)
     * likewise when every term starts with a Kronecker product or a commutation matrix it meets, or with I: each term
     * then meets {@link #kronVec}, {@link #vecRowKron}, {@link #commutationOfVec} or drops its I, so the sum comes
     * apart only where every term gets simpler. The Hessians of tr(XXᵀ)², of a Rayleigh quotient and of a symmetric
     * variable's (vec(B)ᵀ(I + K)/2) carry such a sum. And (P₁ ⊗ Q₁ + P₂ ⊗ Q₂)v comes apart where kron-vec reads each
     * term: the vec route's gradient through two intermediates.
     */
    static Expr kronVecOverTerms(Node n) { return ProductRules.firstPair(n, VecRules::distributedOverTerms); }

    /**
     * (P ⊗ Q) or vec(V)ᵀ times each term of the sum, when every term then simplifies (see {@link #kronVecOverTerms}), or a
     * sum of Kronecker products times a column ({@link #sumOfKronsTimesColumn}); else null.
     */
    private static Expr distributedOverTerms(Expr l, Expr sum) {
        // read the other way round: l a sum of Kronecker products, sum the column they multiply
        Expr sumOfKrons = sumOfKronsTimesColumn(l, sum);
        if (sumOfKrons != null) return sumOfKrons;
        boolean kron = is(l, Op.KRON), vecRow = is(l, Op.TRANSPOSE) && is(arg(l, 0), Op.VEC);
        if (!is(sum, Op.ADD) || !kron && !vecRow) return null;
        List<Expr> terms = new java.util.ArrayList<>();
        for (Expr t : sum.children()) {
            Term term = Term.readThrough(t);
            Expr first = is(term.base(), Op.MATMUL) ? arg(term.base(), 0) : term.base();
            boolean meets = kron ? first.shape().isColumn() && !first.shape().isScalar()
                    : vecRowTimesKron(l, first) != null || commuted(l, first) != null || is(first, Op.EYE);
            if (!meets) return null;
            terms.add(new Term(term.coefficient(), mul(l, term.base())).build());
        }
        return add(terms);
    }

    /** (P₁ ⊗ Q₁ + P₂ ⊗ Q₂)v = vec(Q₁VP₁ᵀ) + vec(Q₂VP₂ᵀ) when every term meets {@link #kronTimesColumn}; else null. */
    private static Expr sumOfKronsTimesColumn(Expr sum, Expr v) {
        if (!is(sum, Op.ADD) || !v.shape().isColumn() || v.shape().isScalar()) return null;
        List<Expr> terms = new java.util.ArrayList<>();
        for (Expr t : sum.children()) {
            Term term = Term.readThrough(t);
            Expr each = kronTimesColumn(term.base(), v);
            if (each == null) each = vecInner(term.base(), v);  // a vec(A)ᵀ among them: the vec route's ½(vec(K⁻¹)ᵀ − …)vec(I)
            if (each == null) each = kronTimesMasked(term.base(), v);
            if (each == null) return null;
            terms.add(new Term(term.coefficient(), each).build());
        }
        return add(terms);
    }

    /**
     * (P ⊗ Q) diag(vec(M)) vec(V) = vec(Q (M ⊙ V) Pᵀ), a term of the vec route's gradient through diag(x): the Jacobian of
     * vec(A·diag(x)) is (1ᵀ ⊗ I) diag(vec(A)) …; else null.
     */
    private static Expr kronTimesMasked(Expr product, Expr v) {
        if (!is(product, Op.MATMUL) || product.children().size() != 2 || !is(arg(product, 1), Op.DIAG_MATRIX)) return null;
        Expr kron = arg(product, 0), mask = arg(arg(product, 1), 0), m = vecOf(mask), u = vecOf(v);
        if (!is(kron, Op.KRON)) return null;
        Expr p = arg(kron, 0), q = arg(kron, 1);
        if (m != null && u != null && m.shape().equals(u.shape()) && m.shape().equals(new Shape(q.shape().cols(), p.shape().cols())))
            return call(Op.VEC, mul(mul(q, hadamard(m, u)), transpose(p)));
        return kronTimesColumn(kron, hadamard(mask, v));
    }

    /** vec(A)ᵀ vec(B) = sum(A ⊙ B), anywhere in a product, for A and B of one shape: the vec route's inner products. */
    static Expr innerOfVecs(Node n) { return ProductRules.firstPair(n, VecRules::vecInner); }

    private static Expr vecInner(Expr l, Expr r) {
        if (!is(l, Op.TRANSPOSE) || !is(arg(l, 0), Op.VEC) || !is(r, Op.VEC)) return null;
        Expr a = arg(arg(l, 0), 0), b = arg(r, 0);
        return a.shape().equals(b.shape()) ? sum(hadamard(a, b)) : null;
    }

    /** vec(A) ⊙ vec(B) = vec(A ⊙ B) and vec(A) ⊘ vec(B) = vec(A ⊘ B) for A and B of one shape: the entries meet where they stand. */
    static Expr elementwiseOfVecs(Node n) {
        Expr a = n.arg(0), b = n.arg(1);
        if (!is(a, Op.VEC) || !is(b, Op.VEC) || !arg(a, 0).shape().equals(arg(b, 0).shape())) return null;
        return call(Op.VEC, n.op() == Op.HADAMARD ? hadamard(arg(a, 0), arg(b, 0)) : elemDiv(arg(a, 0), arg(b, 0)));
    }

    /** c·vec(A) + d·vec(B) = vec(cA + dB) among a sum's terms, for A and B of one shape (c, d numbers). */
    static Expr sumOfVecs(Node n) {
        Expr columns = sumOfVecs(n, false);
        return columns != null ? columns : sumOfVecs(n, true);
    }

    /** The same among vec(A)'s, or (rows) among vec(A)ᵀ's, which a symmetric variable's Hessian adds: vec(A)ᵀ + vec(Aᵀ)ᵀ. */
    private static Expr sumOfVecs(Node n, boolean rows) {
        List<Expr> inside = new java.util.ArrayList<>(), others = new java.util.ArrayList<>();
        Shape shape = null;
        for (Expr t : n.children()) {
            Term term = Term.readThrough(t);
            Expr v = !rows ? term.base() : is(term.base(), Op.TRANSPOSE) ? arg(term.base(), 0) : null;
            if (is(v, Op.VEC) && (shape == null || arg(v, 0).shape().equals(shape))) {
                shape = arg(v, 0).shape();
                inside.add(new Term(term.coefficient(), arg(v, 0)).build());
            } else others.add(t);
        }
        if (inside.size() < 2) return null;
        Expr vec = call(Op.VEC, add(inside));
        others.add(0, rows ? transpose(vec) : vec);
        return add(others);
    }
}
