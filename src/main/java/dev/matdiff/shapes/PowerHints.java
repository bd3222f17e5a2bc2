package dev.matdiff.shapes;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Shape;
import dev.matdiff.syntax.Syntax;
import dev.matdiff.syntax.Syntax.Term;

import java.util.List;
import java.util.function.Function;

/**
 * A power with a symbolic exponent, the focal loss's (1 - p).^gamma: read as exp(gamma*log(1 - p)), which it is where
 * the base is positive (the only place a real power of a real base is defined for every exponent).
 */
final class PowerHints {
    private PowerHints() {}

    /**
     * u.^g (or a^b of scalars) as the term exp(g*log(u)), or exp(g .* log(u)) for a g of u's shape; null where there is
     * no such reading: a base that is a number ≤ 0 ((-2)^a has no real value), an exponent of another shape (x.^A).
     */
    static Term asExponential(Syntax.Power p, Expr base, Function<Term, Shape> shapeOf) {
        Term e = p.exponent();
        double number = p.base() instanceof Syntax.Number n ? n.value()
                : p.base() instanceof Syntax.Unary m && m.op().equals("-") && m.operand() instanceof Syntax.Number n ? -n.value() : Double.NaN;
        if (number <= 0) return null;
        Shape exponent = shapeOf.apply(e);
        if (exponent == null) return null;
        boolean scalar = Exprs.scalar(base) || exponent.isScalar();
        if (!scalar && !exponent.equals(base.shape())) return null;
        Term log = new Syntax.Call("log", List.of(p.base()), p.base().pos());
        Term product = new Syntax.Chain(List.of(e, log), List.of(scalar ? "*" : ".*"), List.of(p.pos()), p.pos());
        return new Syntax.Call("exp", List.of(product), p.pos());
    }
}
