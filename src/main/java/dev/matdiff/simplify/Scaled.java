package dev.matdiff.simplify;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;

import java.util.ArrayList;
import java.util.List;

import static dev.matdiff.expr.Exprs.*;

/**
 * A term read through the scalars that wrap it, −T, s·T, T/s and their nestings: its core T, and those scalars put back
 * on another expression. A map linear in T passes through them, f(s·T/c) = s·f(T)/c, which is how the closed sums of a
 * sum's terms and a sum's diagonal terms read each term.
 *
 * @param core     T, no longer a negation, a scaling or a quotient by a scalar
 * @param wrapping the wrappers from the outside in: the term itself, then each node under it down to (not including) T
 */
record Scaled(Expr core, List<Expr> wrapping) {

    static Scaled of(Expr t) {
        List<Expr> wrapping = new ArrayList<>();
        while (is(t, Op.NEG) || is(t, Op.SCALE) || is(t, Op.DIV)) {
            wrapping.add(t);
            t = is(t, Op.SCALE) ? arg(t, 1) : arg(t, 0);
        }
        return new Scaled(t, wrapping);
    }

    /** x wrapped as the core was: −x, s·x, x/s, innermost first. */
    Expr rescale(Expr x) {
        for (int i = wrapping.size() - 1; i >= 0; i--) {
            Expr w = wrapping.get(i);
            x = is(w, Op.NEG) ? neg(x) : is(w, Op.SCALE) ? scale(arg(w, 0), x) : div(x, arg(w, 1));
        }
        return x;
    }
}
