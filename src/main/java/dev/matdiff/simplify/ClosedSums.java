package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static dev.matdiff.expr.Exprs.*;

/**
 * Column and row sums of a sum, split only where each term's sums have a closed form of their own (the
 * rules sum-diag, sum-outer, sums-of-ones, softmax-columns and sum-weighted, also at a product's summed end),
 * so that a sum that would not simplify stays whole.
 */
final class ClosedSums {
    private ClosedSums() {}

    /**
     * The sums that have a closed form of their own: of diag(v), of u vᵀ, of a matrix of ones, of a softmax's columns,
     * of a weighted matrix (sum(A ⊙ 1vᵀ, 2) = Av).
     */
    private static final List<Function<Node, Expr>> CLOSED_SUMS =
            List.of(ProductRules::sumDiag, ProductRules::sumOuter, ProductRules::sumsOfOnes, Stochastic::sums, Broadcasts::sumOfWeighted);

    /**
     * sum(A ± B, k) = sum(A, k) ± sum(B, k) when every term's sums have a closed form, and only then (otherwise a sum
     * stays whole): a softmax's Jacobian diag(p) − p pᵀ sums by columns to pᵀ − sum(p) pᵀ, which is 0.
     */
    static Expr sumOfTerms(Node n) { return split(n, sum -> null, false); }

    /**
     * The same, where a term's sum may also be what a fact gives ({@code assumed}: sum(Y, 1) = 1 for an assumed Y), so
     * that an inline smoothed target (1 − ε)Y + (ε/K)·1 sums to 1 as a named one does; the other terms then stay summed
     * where they have no closed form, a term the fact gives being worth the split on its own: sum(ε(p ⊙ y) + y) is
     * ε·sum(p ⊙ y) + 1 under sum(y) = 1 (trial s81b: Poly-1's gradient printed the same with the assumption as without).
     * The caller keeps it only where the fact gave a term.
     */
    static Expr sumOfTerms(Node n, Function<Node, Expr> assumed) { return split(n, assumed, true); }

    private static Expr split(Node n, Function<Node, Expr> assumed, boolean othersStaySummed) {
        if (!is(n.arg(0), Op.ADD)) return null;
        List<Expr> sums = new ArrayList<>();
        for (Expr t : n.arg(0).children()) {
            Expr closed = closedSum(n.op(), t, assumed);
            if (closed == null && othersStaySummed) closed = call(n.op(), t);
            if (closed == null) return null;
            sums.add(closed);
        }
        return add(sums);
    }

    /** sum(t, k) in closed form, read through t's negation, scalar factors and scalar divisors, or null. */
    private static Expr closedSum(Op op, Expr t, Function<Node, Expr> assumed) {
        Scaled s = Scaled.of(t);
        if (!(call(op, s.core()) instanceof Node sum) || sum.op() != op) return null;
        // sum(ones(m, n)) is the size mn, which needs no sum taken: 6 for ones(2, 3)
        if (op == Op.SUM && is(s.core(), Op.ONES)) return s.rescale(size(s.core().shape().rows(), s.core().shape().cols()));
        Expr fact = assumed.apply(sum);
        if (fact != null) return s.rescale(fact);
        for (var form : CLOSED_SUMS) {
            Expr out = form.apply(sum);
            if (out != null) return s.rescale(out);
        }
        // a product whose factor at the summed end has a closed sum: sum(P·Q, 2) = P·sum(Q, 2)
        if (is(sum.arg(0), Op.MATMUL) && ProductRules.sumOfProduct(sum) instanceof Node through && is(through, Op.MATMUL)) {
            List<Expr> f = through.children();
            int end = op == Op.SUM_ROWS ? f.size() - 1 : 0;
            Expr closed = is(f.get(end), op) ? closedSum(op, arg(f.get(end), 0), assumed) : null;
            if (closed != null) return s.rescale(ProductRules.replacing(f, end, 1, List.of(closed)));
        }
        return null;
    }

}
