package dev.matdiff.expr;

import dev.matdiff.expr.Expr.Node;

import static dev.matdiff.expr.Exprs.arg;
import static dev.matdiff.expr.Exprs.is;

/**
 * A mean as mean(A) and mean(A, k) are read: sum(A)/(m·n), sum(A, 1)/m, sum(A, 2)/n. The printer
 * writes such a quotient back as the mean, and the simplifier keeps it whole rather than pull its
 * divisor out over a product. Fixed sizes too: mean(x) of a 5-vector stays mean(x), where its
 * 1/5 folded into the factors around it would print 0.4*sum(x) (and hide that x - mean(x) sums to 0).
 */
public final class Means {
    private Means() {}

    /** Whether e is sum(A)/count(A), sum(A, 1)/rows(A) or sum(A, 2)/cols(A), with each count as its size writes it (n, 5, p - r + 1; a matrix's the product of two, or a square). */
    public static boolean isMean(Expr e) {
        if (!is(e, Op.DIV)) return false;
        Expr total = arg(e, 0), count = arg(e, 1);
        if (!(total instanceof Node t) || t.arity() != 1) return false;
        Shape s = t.arg(0).shape();
        return switch (t.op()) {
            case SUM -> !s.isScalar() && countOf(count, s);
            case SUM_COLUMNS -> !s.rows().isOne() && count.equals(Exprs.size(s.rows(), Dim.ONE));
            case SUM_ROWS -> !s.cols().isOne() && count.equals(Exprs.size(s.cols(), Dim.ONE));
            default -> false;
        };
    }

    /** The mean's argument list as written: "x", or "X, 2" along a dimension. */
    public static String axis(Expr mean) {
        Op op = ((Node) arg(mean, 0)).op();
        return op == Op.SUM ? "" : op == Op.SUM_COLUMNS ? ", 1" : ", 2";
    }

    /**
     * count is the m·n entries of an m×n matrix as written, or n² for an n×n one: scalar-powers folds the
     * count n·n of a square matrix into n², and that is still the mean's count; a fixed size's is its number.
     */
    public static boolean countOf(Expr count, Shape s) {
        if (count.equals(Exprs.size(s.rows(), s.cols()))) return true;
        return s.rows().equals(s.cols()) && count instanceof Node p && p.op() == Op.ELEMPOW && p.param() == 2
                && p.arg(0).equals(Exprs.size(s.rows(), Dim.ONE));
    }
}
