package dev.matdiff.expr;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;

import java.util.List;

/**
 * c (as c·1), c·t, or a scalar product with c·t first ((c·t)·u·M), as the coefficient c (a proper fraction of a power of two,
 * which prints as a quotient: t/2, 3*t/4, t*u*M/2) and the rest, t or t·u·M (built for printing only).
 */
record Halved(Fraction half, Expr rest) {
    static Halved of(Expr e) {
        if (e instanceof Num c) return Fraction.ofHalves(c.value()) == null ? null : new Halved(Fraction.ofHalves(c.value()), Exprs.ONE);
        if (!Exprs.is(e, Op.SCALE)) return null;
        Expr s = Exprs.arg(e, 0);
        if (s instanceof Num c) return Fraction.ofHalves(c.value()) == null ? null : new Halved(Fraction.ofHalves(c.value()), Exprs.arg(e, 1));
        Halved inner = of(s);
        return inner == null ? null : new Halved(inner.half(), new Node(Op.SCALE, List.of(inner.rest(), Exprs.arg(e, 1)), 0, e.shape()));
    }
}
