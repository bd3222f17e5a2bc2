package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;

import java.util.ArrayList;
import java.util.List;

import static dev.matdiff.expr.Exprs.*;

/** A trace written as a textbook writes it: ‖A‖² for Tr(AᵀA), Tr(A²B) for Tr(ABA), Tr(BA) for Tr(AᵀBᵀ), sum(B) for Tr(1B). */
final class TraceForms {
    private TraceForms() {}

    /** Tr(AᵀA) = Tr(AAᵀ) = ‖A‖² for a matrix A, as sum-squares writes sum(A ⊙ A). */
    static Expr traceOfGram(Node n) {
        if (!is(n.arg(0), Op.MATMUL)) return null;
        List<Expr> f = ((Node) n.arg(0)).args();
        if (f.size() != 2) return null;
        Expr a = f.get(0), b = f.get(1);
        Expr m = is(a, Op.TRANSPOSE) && arg(a, 0) == b ? b : is(b, Op.TRANSPOSE) && arg(b, 0) == a ? a : null;
        return m == null || m.shape().isColumn() || m.shape().rows().isOne() || is(m, Op.DIFF) ? null : call(Op.SQNORM, m);
    }

    /** Tr(A B A) = Tr(A A B): a trace whose product starts and ends with one factor has it once, squared (−Tr(M⁻²B)). */
    static Expr traceOfEnds(Node n) {
        if (!is(n.arg(0), Op.MATMUL)) return null;
        List<Expr> f = ((Node) n.arg(0)).args();
        int k = f.size();
        if (k < 3 || f.get(0) != f.get(k - 1) || is(f.get(0), Op.DIFF)) return null;
        List<Expr> turned = new ArrayList<>(k);
        turned.add(f.get(k - 1));
        turned.addAll(f.subList(0, k - 1));
        return tr(matmul(turned));
    }

    /** Tr(AᵀBᵀ) = Tr(BA): a trace is its transpose's, written with fewer transposes (not where a differential stands). */
    static Expr traceTransposed(Node n) {
        Expr product = n.arg(0);
        Expr turned = is(product, Op.MATMUL) ? SumRules.turned(product) : null;
        return turned != null && ScalarRules.transposes(turned) < ScalarRules.transposes(product) ? tr(turned) : null;
    }

    /** Tr(1 B) = Tr(B 1) = sum(B) for an all-ones 1: a mean's differential, dX's entries summed, as a trace. */
    static Expr traceOfOnes(Node n) {
        if (!is(n.arg(0), Op.MATMUL)) return null;
        List<Expr> f = ((Node) n.arg(0)).args();
        int at = is(f.get(0), Op.ONES) ? 0 : is(f.get(f.size() - 1), Op.ONES) ? f.size() - 1 : -1;
        if (at < 0) return null;
        List<Expr> rest = new ArrayList<>(f);
        rest.remove(at);
        return sum(matmul(rest));
    }
}
