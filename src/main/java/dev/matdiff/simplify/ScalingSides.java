package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.Term;

import java.util.ArrayList;
import java.util.List;

import static dev.matdiff.expr.Exprs.*;

/**
 * P·(Q ⊙ u1ᵀ) = (P ⊙ 1uᵀ)·Q: a diagonal scaling between two factors, written as the right one's rows or the left
 * one's columns (both are P·diag(u)·Q). Terms that differ only in that side are one term twice: a weighted
 * covariance's gradient (X ⊙ 1wᵀ)Xᵀ + X(Xᵀ ⊙ w1ᵀ) is 2(X ⊙ 1wᵀ)Xᵀ. The sides are moved only in a sum where that
 * makes two of its terms equal (then in all its terms, one form throughout), so that no form is chosen for its own sake.
 */
final class ScalingSides {
    private ScalingSides() {}

    /** The sum with each term's scalings moved to the left factor's columns, if two of its terms then agree; else null. */
    static Expr merged(Node sum) {
        List<Term> terms = new ArrayList<>(sum.arity());
        List<Expr> moved = new ArrayList<>(sum.arity());
        boolean any = false;
        for (Expr t : sum.children()) {
            Term term = Term.of(t);
            terms.add(term);
            moved.add(leftward(term.base()));
            any |= moved.get(moved.size() - 1) != term.base();
        }
        if (!any) return null;
        // two terms that move to one form from different ones, found in one pass (a sum of k terms was k² comparisons)
        java.util.Map<Expr, Expr> baseOf = dev.matdiff.expr.IdentityMaps.map();
        for (int i = 0; i < moved.size(); i++) {
            Expr seen = baseOf.putIfAbsent(moved.get(i), terms.get(i).base());
            if (seen != null && seen != terms.get(i).base()) {
                List<Expr> out = new ArrayList<>(terms.size());
                for (int k = 0; k < terms.size(); k++) out.add(new Term(terms.get(k).coefficient(), moved.get(k)).build());
                return add(out);
            }
        }
        return null;
    }

    /** The product with every P·(Q ⊙ u1ᵀ) written (P ⊙ 1uᵀ)·Q, or the expression itself. */
    private static Expr leftward(Expr e) {
        if (!is(e, Op.MATMUL)) return e;
        List<Expr> f = new ArrayList<>(e.children());
        boolean changed = false;
        for (int i = 1; i < f.size(); i++) {
            Expr q = f.get(i);
            if (!is(q, Op.HADAMARD)) continue;
            for (int side = 0; side < 2; side++) {
                Expr b = arg(q, side);
                if (!Broadcasts.isBroadcast(b, true)) continue;
                Expr p = f.get(i - 1), u = arg(b, 0);
                f.set(i - 1, hadamard(p, matmul(List.of(ones(Shape.vector(p.shape().rows())), transposed(u)))));
                f.set(i, arg(q, 1 - side));
                changed = true;
                break;
            }
        }
        return changed ? matmul(f) : e;
    }
}
