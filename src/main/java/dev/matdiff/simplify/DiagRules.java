package dev.matdiff.simplify;

import dev.matdiff.expr.DiagonalProducts;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Term;

import java.util.ArrayList;
import java.util.List;

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
    static Expr diagonalOfDiagonalProduct(Node n) {
        Expr m = n.arg(0);
        if (is(m, Op.ADD)) {
            if (m.children().stream().noneMatch(t -> ofProduct(Term.readThrough(t).base()) != null)) return null;
            return add(m.children().stream().map(t -> {
                Term r = Term.readThrough(t);
                return scale(num(r.coefficient()), call(Op.DIAG_VECTOR, r.base()));
            }).toList());
        }
        return ofProduct(m);
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
     * diag(u) ± a·diag(v) ± diag(w)/c = diag(u ± a·v ± w/c): a sum's diagonal terms as one, whose entries then cancel
     * together. The pseudo-Huber Hessian diag(1 ⊘ s) − diag((r ⊘ s³) ⊙ r)/δ², with s = √(1 + r²/δ²), is diag(1 ⊘ s³).
     */
    static Expr diagonalTerms(Node n) {
        List<Expr> out = new ArrayList<>(), entries = new ArrayList<>();
        int at = -1;
        for (Expr t : n.children()) {
            Expr v = entriesOf(t);
            if (v == null) { out.add(t); continue; }
            if (at < 0) at = out.size();
            entries.add(v);
        }
        if (entries.size() < 2) return null;
        // −diag(x) + 2·diag(y) is −diag(x − 2y): the merged term keeps the first one's sign
        boolean negative = Term.of(entries.get(0)).coefficient() < 0;
        if (negative) entries.replaceAll(Exprs::neg);
        Expr merged = call(Op.DIAG_MATRIX, add(entries));
        out.add(at, negative ? neg(merged) : merged);
        return add(out);
    }

    /** The entries of diag(v), read through a negation, scalar factors and a scalar divisor; null for any other term. */
    private static Expr entriesOf(Expr t) {
        if (is(t, Op.DIAG_MATRIX)) return arg(t, 0);
        Expr inner = is(t, Op.NEG) || is(t, Op.DIV) ? entriesOf(arg(t, 0)) : is(t, Op.SCALE) ? entriesOf(arg(t, 1)) : null;
        if (inner == null) return null;
        return is(t, Op.NEG) ? neg(inner) : is(t, Op.DIV) ? div(inner, arg(t, 1)) : scale(arg(t, 0), inner);
    }

    private static boolean onesMatrix(Expr e) { return is(e, Op.ONES) && !e.shape().rows().isOne() && !e.shape().cols().isOne(); }
}
