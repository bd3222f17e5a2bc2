package dev.matdiff.shapes;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Shape;
import dev.matdiff.syntax.Syntax;
import dev.matdiff.syntax.Syntax.Term;

import java.util.function.Function;

/** What an error about a symbolic exponent suggests: the focal loss's (1 - p).^gamma as exp(gamma*log(1 - p)). */
final class PowerHints {
    private PowerHints() {}

    /**
     * How to write u.^g with a symbolic g, in the user's own terms: exp(g*log(u)), or exp(g .* log(u)) for a g and u
     * of one shape. A long one, or one whose g is itself a symbolic power (a^a^a), in general terms.
     */
    static String exponential(Syntax.Power p, Expr base, Function<Syntax, String> text, Function<Term, Shape> shapeOf) {
        Term e = p.exponent();
        String u = text.apply(p.base()), g = text.apply(e);
        if (u.length() + g.length() > 80 || e instanceof Syntax.Power inner && !(inner.exponent() instanceof Syntax.Number))
            return "; write u.^g as exp(g .* log(u)), where u > 0";
        double number = p.base() instanceof Syntax.Number n ? n.value()
                : p.base() instanceof Syntax.Unary m && m.op().equals("-") && m.operand() instanceof Syntax.Number n ? -n.value() : Double.NaN;
        if (number <= 0) return "";  // (-2)^a has no real value
        Shape exponent = shapeOf.apply(e);
        // entry by entry needs one shape: x.^A has no such rewrite
        if (!Exprs.scalar(base) && exponent != null && !exponent.isScalar() && !exponent.equals(base.shape())) return "";
        String times = Exprs.scalar(base) || exponent != null && exponent.isScalar() ? "*" : " .* ";
        String factor = e instanceof Syntax.Chain ? "(" + g + ")" : g;
        String condition = number > 0 ? "" : ", where " + u + " > 0";
        return "; write " + operand(p.base(), u) + p.op() + operand(e, g) + " as exp(" + factor + times + "log(" + u + "))" + condition;
    }

    /** A term's text as an operand of a power: a name, a number or a call as it is, anything else in brackets. */
    private static String operand(Term t, String text) {
        return t instanceof Syntax.Name || t instanceof Syntax.Number || t instanceof Syntax.Call ? text : "(" + text + ")";
    }
}
