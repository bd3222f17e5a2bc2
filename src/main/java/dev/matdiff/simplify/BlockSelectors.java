package dev.matdiff.simplify;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.Term;

import java.util.ArrayList;
import java.util.List;

import static dev.matdiff.expr.Exprs.*;
import static dev.matdiff.simplify.ProductRules.replacing;

/**
 * The rule selection-diag: a block-diagonal diag(vec(A)) between factors that select or weight its blocks, (uᵀ ⊗ I),
 * (C ⊗ wᵀ), (v ⊗ I), (D ⊗ z), summed block by block into matrices of A's own size. What differentiating through vec
 * leaves in Jacobians and Hessians of column-wise functions (a softmax over a batch, diag(x)Ax).
 */
final class BlockSelectors {
    private BlockSelectors() {}

    /**
     * A block-diagonal diag(vec(A)) (A c×N) between selectors of its N blocks, each side (uᵀ ⊗ I_c) or (C ⊗ wᵀ) on the left
     * and (v ⊗ I_c) or (D ⊗ z) on the right, or a sum of such on one side:
     * (uᵀ ⊗ I)·diag(vec(A))·(v ⊗ I) = diag(A(u ⊙ v)), (uᵀ ⊗ I)·diag(vec(A))·(D ⊗ z) = diag(z)·A·diag(u)·D,
     * (C ⊗ wᵀ)·diag(vec(A))·(v ⊗ I) = C·diag(v)·Aᵀ·diag(w), (C ⊗ wᵀ)·diag(vec(A))·(D ⊗ z) = C·diag(Aᵀ(w ⊙ z))·D.
     * Block j of the factors is u_j·I or C_ij·wᵀ, diag(A_j), v_j·I or D_jk·z, so each product is a sum over j of
     * diagonal blocks: the Jacobian of diag(x)Ax reads diag(Ax) + diag(x)A, and a softmax layer's Hessian in its bias
     * diag(sum(S, 2)) − S·Sᵀ (trial s79b), without the factors of N·c rows that select a block.
     */
    static Expr selectionDiag(Node n) {
        List<Expr> f = n.args();
        for (int i = 0; i + 2 < f.size(); i++) {
            Expr mid = f.get(i + 1);
            if (!is(mid, Op.DIAG_MATRIX) || !is(arg(mid, 0), Op.VEC)) continue;
            Expr a = arg(arg(mid, 0), 0), left = f.get(i), right = f.get(i + 2);
            if (is(left, Op.ADD) && is(right, Op.ADD)) continue;
            List<Expr> out = new ArrayList<>();
            for (Expr l : is(left, Op.ADD) ? left.children() : List.of(left))
                for (Expr r : is(right, Op.ADD) ? right.children() : List.of(right)) {
                    Term tl = Term.of(l), tr = Term.of(r);
                    Selector sl = Selector.of(tl.base(), a, true), sr = Selector.of(tr.base(), a, false);
                    if (sl == null || sr == null) return null;
                    Expr piece = Selector.collapsed(sl, a, sr);
                    if (sl.scalar != null) piece = scale(sl.scalar, piece);
                    if (sr.scalar != null) piece = scale(sr.scalar, piece);
                    out.add(new Term(tl.coefficient() * tr.coefficient(), piece).build());
                }
            return replacing(f, i, 3, List.of(add(out)));
        }
        for (int i = 0; i + 1 < f.size(); i++) {
            Expr spread = spreadOver(f.get(i), f.get(i + 1), true);
            if (spread == null) spread = spreadOver(f.get(i + 1), f.get(i), false);
            if (spread != null) return replacing(f, i, 2, List.of(spread));
        }
        return null;
    }

    /**
     * Sᵀ(A ⊗ B)·diag(vec(M))·(1 ⊗ I) = B ⊙ (AMᵀ) and Sᵀ(A ⊗ B)·diag(vec(M))·(I ⊗ 1) = (BM) ⊙ A for S = diag(vec(I))(1 ⊗ I),
     * A, B, M m×m, or with a sum of such weighted selectors after A ⊗ B: (1 ⊗ I)v is vec(v1ᵀ), M ⊙ v1ᵀ = diag(v)M, and Sᵀ
     * takes the diagonal of B·diag(v)·M·Aᵀ, so entry (i, k) is B_ik(AMᵀ)_ik (and (BM)_ik·A_ik for the other side).
     * selection-kron's M = I weighted by nothing else; a factor analysis's Hessian in its diagonal noise, (1/2)N(C⁻¹ ⊙ C⁻¹
     * − 2C⁻¹ ⊙ C⁻¹SC⁻¹), read as selectors around diag(vec(I − C⁻¹S)) and diag(vec(SC⁻¹)) (trial s80b). Null elsewhere.
     */
    static Expr weightedSelection(List<Expr> f, int i) {
        if (i + 3 >= f.size() || !is(f.get(i + 2), Op.KRON)) return null;
        Expr a = arg(f.get(i + 2), 0), b = arg(f.get(i + 2), 1);
        Dim m = a.shape().rows();
        if (!m.equals(a.shape().cols()) || !b.shape().equals(a.shape()) || !ProductRules.leftSelection(f.get(i), f.get(i + 1), m)) return null;
        if (is(f.get(i + 3), Op.ADD)) {
            Expr sum = termByTerm(f.get(i + 3), (diag, r) -> weighted(a, b, diag, r, m));
            return sum == null ? null : replacing(f, i, 4, List.of(sum));
        }
        Expr one = i + 4 < f.size() ? weighted(a, b, f.get(i + 3), f.get(i + 4), m) : null;
        return one == null ? null : replacing(f, i, 5, List.of(one));
    }

    /** diag(vec(M))·R after Sᵀ(A ⊗ B), for R = (1 ⊗ I) or (I ⊗ 1): B ⊙ (AMᵀ) or (BM) ⊙ A; null for other factors. */
    private static Expr weighted(Expr a, Expr b, Expr diag, Expr r, Dim m) {
        if (!is(diag, Op.DIAG_MATRIX) || !is(arg(diag, 0), Op.VEC) || !is(r, Op.KRON)) return null;
        Expr mm = arg(arg(diag, 0), 0), p = arg(r, 0), q = arg(r, 1);
        if (!mm.shape().equals(a.shape())) return null;
        Shape column = Shape.vector(m);
        if (is(p, Op.ONES) && p.shape().equals(column) && is(q, Op.EYE) && q.shape().rows().equals(m))
            return hadamard(b, matmul(List.of(a, transpose(mm))));
        if (is(q, Op.ONES) && q.shape().equals(column) && is(p, Op.EYE) && p.shape().rows().equals(m))
            return hadamard(matmul(List.of(b, mm)), a);
        return null;
    }

    /**
     * A selector before a sum of diag(vec(A_i))·R_i (after: of L_i·diag(vec(A_i))), each term collapsed as above; null
     * unless every term collapses. A Hessian's terms arrive so: (1ᵀ ⊗ I)(D₁(1 ⊗ I − Sᵀ ⊗ 1) − D₂(Mᵀ ⊗ 1)) (review s79r).
     */
    private static Expr spreadOver(Expr selector, Expr sum, boolean selectorFirst) {
        if (!is(sum, Op.ADD) || !is(selector, Op.KRON)) return null;
        return termByTerm(sum, (p, q) -> {
            if (!is(selectorFirst ? p : q, Op.DIAG_MATRIX)) return null;
            Expr three = matmul(selectorFirst ? List.of(selector, p, q) : List.of(p, q, selector));
            return three instanceof Node n && n.op() == Op.MATMUL ? selectionDiag(n) : null;
        });
    }

    /** Each term c·s·P·Q of a sum (a number c, a scalar s) with P·Q collapsed; null unless every term is two factors that collapse. */
    private static Expr termByTerm(Expr sum, java.util.function.BinaryOperator<Expr> collapse) {
        List<Expr> out = new ArrayList<>();
        for (Expr t : sum.children()) {
            Term term = Term.of(t);
            Expr base = term.base(), scalar = null;
            if (is(base, Op.SCALE)) {
                scalar = arg(base, 0);
                base = arg(base, 1);
            }
            List<Expr> chain = is(base, Op.MATMUL) ? base.children() : List.of();
            Expr one = chain.size() == 2 ? collapse.apply(chain.get(0), chain.get(1)) : null;
            if (one == null) return null;
            out.add(new Term(term.coefficient(), scalar == null ? one : scale(scalar, one)).build());
        }
        return add(out);
    }

    /**
     * One side's selector of diag(vec(A))'s blocks, a scalar factor aside: the weights u of (uᵀ ⊗ E) or (u ⊗ E), E the
     * identity (side null) or any matrix beside A's rows (side E: the Jacobian of diag(A·x·xᵀ) has (x ⊗ A)), or C and the
     * column w of (C ⊗ wᵀ) or (C ⊗ w) (left: as C·… reads it, so the right's (D ⊗ z) is D, z).
     */
    private record Selector(Expr scalar, Expr weights, Expr side, Expr outer, Expr w) {
        static Selector of(Expr t, Expr a, boolean left) {
            Expr scalar = null;
            if (is(t, Op.SCALE)) {
                scalar = arg(t, 0);
                t = arg(t, 1);
            }
            if (!is(t, Op.KRON)) return null;
            Dim c = a.shape().rows(), blocks = a.shape().cols();
            Expr p = arg(t, 0), q = arg(t, 1);
            boolean weighted = (left ? p.shape().rows().isOne() && q.shape().cols().equals(c) : p.shape().cols().isOne() && q.shape().rows().equals(c))
                    && (left ? p.shape().cols() : p.shape().rows()).equals(blocks);
            if (weighted && is(q, Op.EYE)) return new Selector(scalar, left ? Symmetry.transposeOf(p) : p, null, null, null);
            boolean fits = left ? q.shape().rows().isOne() && q.shape().cols().equals(c) && p.shape().cols().equals(blocks)
                    : q.shape().cols().isOne() && q.shape().rows().equals(c) && p.shape().rows().equals(blocks);
            if (fits) return new Selector(scalar, null, null, p, left ? Symmetry.transposeOf(q) : q);
            return weighted ? new Selector(scalar, left ? Symmetry.transposeOf(p) : p, q, null, null) : null;
        }

        /** left·diag(vec(a))·right, summed block by block: block j is u_j·E·diag(A_j) on the left, diag(A_j)·E·v_j on the right. */
        static Expr collapsed(Selector left, Expr a, Selector right) {
            List<Expr> chain = new ArrayList<>();
            if (left.side != null) chain.add(left.side);
            if (left.weights != null && right.weights != null) chain.add(diag(times(a, product(left.weights, right.weights))));
            else if (left.weights != null) chain.addAll(List.of(diag(right.w), a, diag(left.weights), right.outer));
            else if (right.weights != null) chain.addAll(List.of(left.outer, diag(right.weights), transpose(a), diag(left.w)));
            else chain.addAll(List.of(left.outer, diag(times(transpose(a), product(left.w, right.w))), right.outer));
            if (right.side != null) chain.add(right.side);
            return matmul(chain);
        }

        private static Expr product(Expr u, Expr v) { return is(u, Op.ONES) ? v : is(v, Op.ONES) ? u : hadamard(u, v); }

        private static Expr times(Expr a, Expr v) { return is(a, Op.EYE) ? v : matmul(List.of(a, v)); }
    }
}
