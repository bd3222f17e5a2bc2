package dev.matdiff.expr;

import java.util.List;

import static dev.matdiff.expr.Exprs.arg;
import static dev.matdiff.expr.Exprs.is;
import static dev.matdiff.expr.Exprs.unnamed;

/**
 * A matrix's row and column sums as programs write them: sum(A, 2) or A·1, sum(A, 1) or 1ᵀA, the ones written
 * ones(1, n) or ones(n)'. One reading for the simplifier's rules (ones-column-sums, centring) and for the forms eval
 * and generated code compute (a softmax or log-sum-exp written out), so that what one recognises the other does.
 */
public final class Sums {
    private Sums() {}

    /** Whether e is a matrix of ones or the transpose of one, names read through. */
    public static boolean ones(Expr e) {
        e = unnamed(e);
        return is(e, Op.ONES) || is(e, Op.TRANSPOSE) && is(unnamed(arg(e, 0)), Op.ONES);
    }

    /** A row of ones (row: ones(1, n), ones(n)'), or else a column of ones. */
    public static boolean onesLine(Expr e, boolean row) {
        return ones(e) && (row ? e.shape().rows().isOne() : e.shape().cols().isOne());
    }

    /** The A whose row sums (rows) or column sums s is: sum(A, 2) or A·1, sum(A, 1) or 1ᵀA, names read through; else null. */
    public static Expr summed(Expr s, boolean rows) {
        s = unnamed(s);
        return is(s, Op.MATMUL) ? summed(s.children(), rows) : summed(List.of(s), rows);
    }

    /** The same of the factors of a product. */
    public static Expr summed(List<Expr> factors, boolean rows) {
        if (factors.size() == 1) {
            Expr s = unnamed(factors.get(0));
            return is(s, rows ? Op.SUM_ROWS : Op.SUM_COLUMNS) ? unnamed(arg(s, 0)) : null;
        }
        if (factors.size() != 2) return null;
        return rows ? onesLine(factors.get(1), false) ? unnamed(factors.get(0)) : null
                : onesLine(factors.get(0), true) ? unnamed(factors.get(1)) : null;
    }
}
