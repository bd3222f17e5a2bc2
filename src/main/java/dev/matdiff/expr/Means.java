package dev.matdiff.expr;

import dev.matdiff.expr.Expr.Node;

import static dev.matdiff.expr.Exprs.arg;
import static dev.matdiff.expr.Exprs.is;

/**
 * A mean as mean(A) and mean(A, k) are read: sum(A)/(m·n), sum(A, 1)/m, sum(A, 2)/n. The printer
 * writes such a quotient back as the mean, and the simplifier keeps it whole rather than pull its
 * divisor out over a product. Only for symbolic sizes: mean(x) of a fixed-size x reads back with
 * the size unsimplified, and sum(x)/3 is as plain as the mean.
 */
public final class Means {
    private Means() {}

    /** Whether e is sum(A)/count(A), sum(A, 1)/rows(A) or sum(A, 2)/cols(A), with each count written in symbols (n, p - r + 1; a matrix's the product of two, or a square). */
    public static boolean isMean(Expr e) {
        if (!is(e, Op.DIV)) return false;
        Expr total = arg(e, 0), count = arg(e, 1);
        if (!(total instanceof Node t) || t.arity() != 1) return false;
        Shape s = t.arg(0).shape();
        return switch (t.op()) {
            case SUM -> symbolic(s.rows()) && symbolic(s.cols()) && !s.isScalar() && countOf(count, s);
            case SUM_COLUMNS -> written(s.rows()) && count.equals(Exprs.size(s.rows(), Dim.ONE));
            case SUM_ROWS -> written(s.cols()) && count.equals(Exprs.size(s.cols(), Dim.ONE));
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
     * count n·n of a square matrix into n², and that is still the mean's count.
     */
    private static boolean countOf(Expr count, Shape s) {
        if (count.equals(Exprs.size(s.rows(), s.cols()))) return true;
        return s.rows().equals(s.cols()) && count instanceof Node p && p.op() == Op.ELEMPOW && p.param() == 2
                && p.arg(0).equals(Exprs.size(s.rows(), Dim.ONE));
    }

    private static boolean symbolic(Dim d) { return d.isOne() || written(d); }

    /** A size written with symbols: n, m*n, or conv's p - r + 1 (whose mean reads back as the same quotient). */
    private static boolean written(Dim d) { return d instanceof Dim.Sym || d instanceof Dim.Poly; }
}
