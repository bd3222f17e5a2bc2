package dev.matdiff.shapes;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Shape;
import dev.matdiff.syntax.Syntax;


/**
 * A power with a symbolic exponent, the focal loss's (1 - p).^gamma: which ones are read as pow(u, g), entry by entry,
 * and what is said of one that is not.
 */
final class PowerHints {
    private PowerHints() {}

    /**
     * Whether u.^g (or a^b of scalars, 2.^A) is an entry-by-entry power: an exponent that is a scalar or of the base's
     * shape, or a scalar base; not a scalar's ^ with an exponent that is no scalar (2^A is no entry-by-entry power: 2.^A
     * is), nor an exponent of another shape (x.^A).
     */
    static boolean takes(Syntax.Power p, Expr base, Expr exponent) {
        Shape e = exponent.shape();
        if (e.isScalar()) return true;
        if (p.op().equals("^")) return false;
        return Exprs.scalar(base) || mayEqual(e, base.shape());
    }

    /** What follows "an exponent must be a number" where the power is no entry-by-entry one. */
    static String refusal(Syntax.Power p, boolean elementwise) {
        // A ^ T spaced as an operator is a power of the name T (trial s63b): the transpose is ^T written together
        if (!elementwise && p.exponent() instanceof Syntax.Name t && t.name().equals("T"))
            return " (a matrix power's exponent is a whole number; the transpose is ^T, written without spaces: A^T)";
        if (!elementwise) return " (a matrix power's exponent is a whole number; .^ raises each entry)";
        if (p.op().equals("^")) return " or a scalar (a scalar's ^ takes a scalar exponent; .^ raises it to each entry)";
        return " or a scalar (or of the base's shape: x.^g raises each entry to g's)";
    }

    /**
     * Whether two shapes may be one: equal dimension by dimension, or one still left to inference (-e's x and g), which
     * is never 1 (-e's A is no column).
     */
    private static boolean mayEqual(Shape a, Shape b) {
        return mayEqual(a.rows(), b.rows()) && mayEqual(a.cols(), b.cols());
    }

    private static boolean mayEqual(Dim a, Dim b) {
        return a.equals(b) || a instanceof Dim.Unknown && !b.isOne() || b instanceof Dim.Unknown && !a.isOne();
    }
}
