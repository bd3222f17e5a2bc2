package dev.matdiff.shapes;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Shape;
import dev.matdiff.syntax.Syntax;
import dev.matdiff.syntax.Syntax.Term;

import java.util.List;
import java.util.function.Function;

/**
 * A power with a symbolic exponent, the focal loss's (1 - p).^gamma: read as exp(gamma*log(1 - p)), which it is where
 * the base is positive (the only place a real power of a real base is defined for every exponent); and what is said
 * of one that has no such reading.
 */
final class PowerHints {
    private PowerHints() {}

    /**
     * u.^g (or a^b of scalars) as the term exp(g*log(u)), or exp(g .* log(u)) for a g of u's shape; null where there is
     * no such reading: a base that is a number ≤ 0 ((-2)^a has no real value), a scalar's ^ with an exponent that is not
     * a scalar (2^A is no entry-by-entry power: 2.^A is), an exponent of another shape (x.^A). An exponent with an error
     * of its own is read so too, for lowering to say its error.
     */
    static Term asExponential(Syntax.Power p, Expr base, Function<Term, Shape> shapeOf) {
        Term e = p.exponent();
        if (numberBase(p) <= 0) return null;
        Shape exponent = shapeOf.apply(e);
        boolean scalar = exponent == null || Exprs.scalar(base) || exponent.isScalar();
        if (exponent != null && !exponent.isScalar() && p.op().equals("^")) return null;
        if (!scalar && !mayEqual(exponent, base.shape())) return null;
        Term log = new Syntax.Call("log", List.of(p.base()), p.base().pos());
        Term product = new Syntax.Chain(List.of(e, log), List.of(scalar ? "*" : ".*"), List.of(p.pos()), p.pos());
        return new Syntax.Call("exp", List.of(product), p.pos());
    }

    /** What follows "an exponent must be a number" where the power has no reading as an exp of a log. */
    static String refusal(Syntax.Power p, boolean elementwise) {
        if (!elementwise) return " (a matrix power's exponent is a whole number; .^ raises each entry)";
        double number = numberBase(p);
        if (number < 0) return " (a negative number has no real power for every exponent)";
        if (number == 0) return " (0^a is read as exp(a*log(0)), which has no value)";
        if (p.op().equals("^")) return " or a scalar (a scalar's ^ takes a scalar exponent; .^ raises it to each entry)";
        return " or a scalar (or of the base's shape: x.^g is exp(g .* log(x)))";
    }

    /** The base when it writes a number (−2, 1 - 3 included), else NaN. */
    private static double numberBase(Syntax.Power p) {
        Double v = WrittenNumbers.written(p.base());
        return v == null ? Double.NaN : v;
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
