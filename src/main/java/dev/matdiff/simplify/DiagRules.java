package dev.matdiff.simplify;

import dev.matdiff.expr.DiagonalProducts;
import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.Term;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.matdiff.expr.Exprs.*;

/**
 * The diagonal of a product, as the Matrix Cookbook reads it: diag(A diag(v) B) = (A ⊙ Bᵀ)v, so the gradient of
 * Tr(diag(x) A diag(x) B) is (A ⊙ Bᵀ + Aᵀ ⊙ B)x rather than the diagonal of a sum of products.
 */
final class DiagRules {
    private DiagRules() {}

    /**
     * diag(diag(v) M) = v ⊙ diag(M), diag(M diag(v)) = diag(M) ⊙ v, diag(P diag(v) Q) = (P ⊙ Qᵀ) v; of a sum, term by
     * term, when a term is such a product.
     */
    /** sum(I ⊙ M, 2) = diag(M) and sum(I ⊙ M, 1) = diag(M)ᵀ for a square M: the vec route's reading of a diagonal. */
    static Expr sumsOfMasked(Node n) {
        Expr h = n.arg(0);
        if (!is(h, Op.HADAMARD) || !h.shape().rows().equals(h.shape().cols()) || h.shape().isScalar()) return null;
        Expr m = is(arg(h, 0), Op.EYE) ? arg(h, 1) : is(arg(h, 1), Op.EYE) ? arg(h, 0) : null;
        if (m == null) return null;
        return n.op() == Op.SUM_ROWS ? diag(m) : transpose(diag(m));
    }

    static Expr diagonalOfDiagonalProduct(Node n) { return termByTerm(n, DiagRules::ofProduct); }

    /**
     * diag(diag(v)) = v, and of a sum term by term where a term is diag(v): the off-diagonal part X − diag(diag(X)) has
     * diagonal 0 (trial s70b: VICReg's covariance gradient kept diag(C − diag(diag(C))) inside itself).
     */
    static Expr diagonalOfDiagonal(Node n) { return termByTerm(n, m -> is(m, Op.DIAG_MATRIX) ? arg(m, 0) : null); }

    /**
     * diag(M) by one of the rules above when M is such a product; of a sum, diag(P + Q) = diag(P) + diag(Q) when a term is
     * (the terms then go on alone: diag(1xᵀAᵀ + Aᵀx1ᵀ) is Ax + Aᵀx).
     */
    private static Expr termByTerm(Node n, java.util.function.Function<Expr, Expr> ofProduct) {
        Expr m = n.arg(0);
        if (!is(m, Op.ADD)) return ofProduct.apply(m);
        if (m.children().stream().noneMatch(t -> ofProduct.apply(Term.readThrough(t).base()) != null)) return null;
        return add(m.children().stream().map(t -> {
            Term r = Term.readThrough(t);
            return scale(num(r.coefficient()), call(Op.DIAG_VECTOR, r.base()));
        }).toList());
    }

    /**
     * diag(u vᵀ) = u ⊙ v, for a chain whose factors up to one ending in a column make u (diag(Aᵀx1ᵀ) = Aᵀx ⊙ 1), and of a sum
     * term by term: sum(diag(x)A diag(x))'s gradient diag(1xᵀAᵀ + Aᵀx1ᵀ) is (A + Aᵀ)x, as xᵀAx's is.
     */
    static Expr diagonalOfOuterProduct(Node n) { return termByTerm(n, DiagRules::ofOuterProduct); }

    /** diag(ABᵀ) = sum(A ⊙ B, 2) for two different m×n matrices, and of a sum term by term (a Gram's diag(AAᵀ) stays). */
    static Expr diagonalOfProductWithTranspose(Node n) {
        // a differential's diag(dX Xᵀ) stays: its adjoint is diag(g)X, where sum(dX ⊙ X, 2)'s is X ⊙ (g1ᵀ)
        return Expr.holdsDifferential(n) ? null : termByTerm(n, DiagRules::ofProductWithTranspose);
    }

    private static Expr ofProductWithTranspose(Expr m) {
        if (!is(m, Op.MATMUL) || m.children().size() != 2 || !is(arg(m, 1), Op.TRANSPOSE)) return null;
        Expr a = arg(m, 0), b = arg(arg(m, 1), 0);
        if (a == b || !a.shape().equals(b.shape()) || a.shape().cols().isOne()) return null;
        return call(Op.SUM_ROWS, hadamard(a, b));
    }

    private static Expr ofOuterProduct(Expr m) {
        if (!is(m, Op.MATMUL)) return null;
        List<Expr> f = m.children();
        for (int i = 0; i + 1 < f.size(); i++)
            if (f.get(i).shape().cols().isOne())
                return hadamard(matmul(f.subList(0, i + 1)), transpose(matmul(f.subList(i + 1, f.size()))));
        return null;
    }

    /**
     * S(A ⊗ D)S = diag(vec(diag(diag(A) ⊙ d))) for S = diag(vec(I_n)), n×n A and D = diag(d) or I (and so for D ⊗ A),
     * anywhere in a product: S keeps the entries of vec(M) that are M's diagonal, and the (c, c), (c′, c′) entry of A ⊗ D
     * is A_cc′·D_cc′, which is 0 but where c = c′. A Hessian of a function of diag(X) is such a product:
     * sqnorm(diag(X))'s is 2·diag(vec(I)).
     */
    static Expr diagonalSelection(Node n) {
        List<Expr> f = n.args();
        for (int i = 0; i + 2 < f.size(); i++) {
            Expr s = f.get(i), k = f.get(i + 1);
            if (s != f.get(i + 2) || !selectsDiagonal(s) || !is(k, Op.KRON)) continue;
            for (int side = 0; side < 2; side++) {
                Expr a = arg(k, side), d = diagonalEntries(arg(k, 1 - side));
                if (d == null || !a.shape().equals(arg(k, 1 - side).shape()) || !a.shape().rows().equals(a.shape().cols())) continue;
                Expr kept = hadamard(call(Op.DIAG_VECTOR, a), d);
                return ProductRules.replacing(f, i, 3, List.of(call(Op.DIAG_MATRIX, call(Op.VEC, call(Op.DIAG_MATRIX, kept)))));
            }
        }
        return null;
    }

    /**
     * Eᵀ(Σ cᵢ Aᵢ ⊗ Bᵢ)E = Σ cᵢ Aᵢ ⊙ Bᵢ for E = diag(vec(I_m))(1_m ⊗ I_m), which maps w to vec(diag(w)), and m×m Aᵢ, Bᵢ:
     * the (i, j) entry of Eᵀ(A ⊗ B)E is the ((i, i), (j, j)) entry of A ⊗ B, A_ij·B_ij. A Hessian in the weights of
     * X'diag(w)X is such a product: A-optimal design's tr((XᵀWX)⁻¹) has 2(XM⁻²Xᵀ) ⊙ (XM⁻¹Xᵀ), as Boyd and Vandenberghe write.
     */
    static Expr hadamardSelection(Node n) {
        List<Expr> f = n.args();
        for (int i = 0; i + 4 < f.size(); i++) {
            Expr s = f.get(i + 1);
            if (!gathers(f.get(i), true) || !selectsDiagonal(s) || f.get(i + 3) != s || !gathers(f.get(i + 4), false)) continue;
            Shape square = arg(arg(s, 0), 0).shape();
            List<Expr> terms = new ArrayList<>();
            for (Expr t : is(f.get(i + 2), Op.ADD) ? f.get(i + 2).children() : List.of(f.get(i + 2))) {
                Scaled term = Scaled.of(t);
                Expr k = term.core();
                if (!is(k, Op.KRON) || !arg(k, 0).shape().equals(square) || !arg(k, 1).shape().equals(square)) { terms = null; break; }
                terms.add(term.rescale(hadamard(arg(k, 0), arg(k, 1))));
            }
            if (terms != null) return ProductRules.replacing(f, i, 5, List.of(add(terms)));
        }
        return null;
    }

    /** 1_mᵀ ⊗ I_m (on the left: Eᵀ's gathering factor) or 1_m ⊗ I_m (on the right). */
    private static boolean gathers(Expr e, boolean left) {
        if (!is(e, Op.KRON) || !is(arg(e, 0), Op.ONES) || !is(arg(e, 1), Op.EYE)) return false;
        Shape ones = arg(e, 0).shape();
        Dim m = arg(e, 1).shape().rows();
        return left ? ones.rows().isOne() && ones.cols().equals(m) : ones.cols().isOne() && ones.rows().equals(m);
    }

    /**
     * diag(vec(D))·K = K·diag(vec(D)) = diag(vec(D)) for a diagonal D (diag(d) or I) and the commutation matrix of its
     * square shape, which only swaps entries (i, j) and (j, i); and so through a sum of K's and I's, as a symmetric
     * variable's Hessian has: diag(vec(D))(I + K) = 2 diag(vec(D)).
     */
    static Expr diagonalCommutes(Node n) {
        return ProductRules.firstPair(n, (l, r) -> {
            Expr kept = keptThrough(l, r);
            return kept != null ? kept : keptThrough(r, l);
        });
    }

    /** c·S for S = diag(vec(D)) with D diagonal and other a K (or Kᵀ) of its shape or a sum of c_i·K's and I's, c = Σ c_i; else null. */
    private static Expr keptThrough(Expr s, Expr other) {
        if (!is(s, Op.DIAG_MATRIX) || !is(arg(s, 0), Op.VEC) || diagonalEntries(arg(arg(s, 0), 0)) == null) return null;
        double times = 0;
        for (Expr t : is(other, Op.ADD) ? other.children() : List.of(other)) {
            Term term = Term.readThrough(t);
            Expr b = is(term.base(), Op.TRANSPOSE) ? arg(term.base(), 0) : term.base();
            // a lone I is matmul-eye's
            boolean keeps = is(b, Op.EYE) && is(other, Op.ADD) || is(b, Op.COMMUTATION) && arg(b, 0).shape().rows().equals(arg(b, 0).shape().cols());
            if (!keeps || !b.shape().equals(s.shape())) return null;
            times += term.coefficient();
        }
        return scale(num(times), s);
    }

    /** Whether e is diag(vec(I)), the selection of a square matrix's diagonal entries in vec order. */
    private static boolean selectsDiagonal(Expr e) {
        return is(e, Op.DIAG_MATRIX) && is(arg(e, 0), Op.VEC) && is(arg(arg(e, 0), 0), Op.EYE);
    }

    /** d for D = diag(d), 1 for D = I, else null. */
    private static Expr diagonalEntries(Expr e) {
        if (DiagonalProducts.diagonal(e)) return arg(e, 0);
        return is(e, Op.EYE) ? ones(new Shape(e.shape().rows(), Dim.ONE)) : null;
    }

    private static Expr ofProduct(Expr m) {
        if (!is(m, Op.MATMUL)) return null;
        List<Expr> f = m.children();
        int last = f.size() - 1;
        for (int i = 0; i <= last; i++) {
            if (!DiagonalProducts.diagonal(f.get(i))) continue;
            Expr v = arg(f.get(i), 0);
            if (i == 0) return hadamard(v, call(Op.DIAG_VECTOR, matmul(f.subList(1, f.size()))));
            if (i == last) return hadamard(call(Op.DIAG_VECTOR, matmul(f.subList(0, last))), v);
            Expr p = matmul(f.subList(0, i)), q = matmul(f.subList(i + 1, f.size()));
            return mul(hadamard(p, transpose(q)), v);
        }
        return null;
    }

    /** diag(1 B) = sum(B, 1)ᵀ and diag(B 1) = sum(B, 2) for a matrix of ones 1 (not a vector of them). */
    static Expr diagonalOfOnesProduct(Node n) {
        if (!is(n.arg(0), Op.MATMUL)) return null;
        List<Expr> f = n.arg(0).children();
        Expr first = f.get(0), last = f.get(f.size() - 1);
        if (onesMatrix(first)) return transpose(call(Op.SUM_COLUMNS, matmul(f.subList(1, f.size()))));
        if (onesMatrix(last)) return call(Op.SUM_ROWS, matmul(f.subList(0, f.size() - 1)));
        return null;
    }

    /**
     * diag(u) ± a·diag(v) ± diag(w)/c = diag(u ± a·v ± w/c), and likewise for terms diag(u)·R with the same factors R
     * after the diagonal: a sum's diagonal terms as one, whose entries then cancel together. The pseudo-Huber Hessian
     * diag(1 ⊘ s) − diag((r ⊘ s³) ⊙ r)/δ², with s = √(1 + r²/δ²), is diag(1 ⊘ s³); in regression, Xᵀ diag(1 ⊘ s³) X.
     */
    static Expr diagonalTerms(Node n) {
        Map<Expr, List<Integer>> byRest = new LinkedHashMap<>();  // the bare diagonals under the key null
        List<Diagonal> read = new ArrayList<>();
        for (int i = 0; i < n.arity(); i++) {
            Diagonal d = diagonal(n.arg(i));
            read.add(d);
            if (d != null) byRest.computeIfAbsent(d.rest(), k -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<Expr, List<Integer>> group : byRest.entrySet()) {
            Expr merged = merged(group.getValue(), read, group.getKey());
            List<Integer> members = group.getValue();
            if (merged == null) {  // without the terms R read as diag(1)·R, which join only where the entries cancel
                members = members.stream().filter(i -> !read.get(i).bare()).toList();
                merged = merged(members, read, group.getKey());
            }
            if (merged == null) continue;
            List<Expr> out = new ArrayList<>();
            for (int i = 0; i < n.arity(); i++) {
                if (i == members.get(0)) out.add(merged);
                else if (!members.contains(i)) out.add(n.arg(i));
            }
            return add(out);
        }
        return null;
    }

    /** The terms at these places as one, diag(Σ entries)·rest; null for fewer than two or an I whose entries do not cancel. */
    private static Expr merged(List<Integer> members, List<Diagonal> read, Expr rest) {
        // terms R alone are for collect-terms (X + 2X); they join a diag(v)R here
        if (members.size() < 2 || members.stream().allMatch(i -> read.get(i).bare())) return null;
        List<Expr> entries = new ArrayList<>();
        boolean identity = false;
        for (int i : members) {
            entries.add(read.get(i).entries());
            identity |= read.get(i).identity();
        }
        // I as diag(1) only where the entries then cancel: −(I + diag(sin²(x) ⊘ cos²(x))) is −diag(1 ⊘ cos²(x)),
        // but I + diag(x) stays as written; beside diag(vec(A)) terms, I is diag(vec(1)) and the matrices cancel
        Expr merged = call(Op.DIAG_MATRIX, add(entries));
        if (identity) {
            Expr matrices = vecsUnturned(entries), lighter = Rational.lighter(matrices == null ? add(entries) : matrices);
            if (lighter == null) return null;
            merged = call(Op.DIAG_MATRIX, matrices == null ? add(entries) : call(Op.VEC, lighter));
        }
        return rest == null ? merged : mul(merged, rest);
    }

    /**
     * Entries 1 ± c·vec(A) ± … as the matrix 1 ± c·A ± … whose vec they are (A m×n, 1 then m×n); null unless every entry
     * is ones or a vec of one shape, through signs and numbers.
     */
    private static Expr vecsUnturned(List<Expr> entries) {
        Shape shape = null;
        for (Expr e : entries) {
            Expr base = Term.readThrough(e).base();
            if (is(base, Op.VEC)) {
                if (shape != null && !shape.equals(arg(base, 0).shape())) return null;
                shape = arg(base, 0).shape();
            } else if (!is(base, Op.ONES)) return null;
        }
        if (shape == null) return null;
        List<Expr> terms = new ArrayList<>();
        for (Expr e : entries) {
            Term t = Term.readThrough(e);
            terms.add(new Term(t.coefficient(), is(t.base(), Op.VEC) ? arg(t.base(), 0) : ones(shape)).build());
        }
        return add(terms);
    }

    /**
     * A term diag(v)·R (or I, as diag(1); or R, as diag(1)·R) read as its diagonal's entries, through a negation, scalar
     * factors and a scalar divisor; R null if absent.
     */
    private record Diagonal(Expr entries, Expr rest, boolean identity, boolean bare) {}

    private static Diagonal diagonal(Expr t) {
        Scaled s = Scaled.of(t);
        Expr d = s.core();
        if (is(d, Op.DIAG_MATRIX)) return new Diagonal(s.rescale(arg(d, 0)), null, false, false);
        if (is(d, Op.EYE)) return new Diagonal(s.rescale(ones(Shape.vector(d.shape().rows()))), null, true, false);
        if (is(d, Op.MATMUL) && is(arg(d, 0), Op.DIAG_MATRIX))
            return new Diagonal(s.rescale(arg(arg(d, 0), 0)), matmul(d.children().subList(1, d.children().size())), false, false);
        // R alone is I·R: X − diag((s − r²) ⊘ s)X is diag(r² ⊘ s)X where the entries cancel (a variance model's Hessian)
        if (!d.shape().isScalar()) return new Diagonal(s.rescale(ones(Shape.vector(d.shape().rows()))), d, true, true);
        return null;
    }

    private static boolean onesMatrix(Expr e) { return is(e, Op.ONES) && !e.shape().rows().isOne() && !e.shape().cols().isOne(); }
}
