package dev.matdiff.codegen;

import dev.matdiff.expr.Op;

import java.util.Map;

/**
 * A term of a sum as generated code writes it: its sign, its constant or scalar coefficient (null for 1) and what
 * it multiplies, so that x − 2y and x − 2 are written so, not x + -2*y or x + -2. A named term is read whole.
 */
record Signed(boolean minus, Term coefficient, Term base) {

    static Signed of(Term t, Map<Term, String> names) {
        if (t instanceof Term.Number n && n.value() < 0) return new Signed(true, null, new Term.Number(-n.value()));
        if (names.containsKey(t) || !(t instanceof Term.Call c)) return new Signed(false, null, t);
        if (c.is(Op.NEG)) {
            Signed inner = of(c.arg(0), names);
            return new Signed(!inner.minus, inner.coefficient, inner.base);
        }
        if (c.is(Op.SCALE) && !names.containsKey(c.arg(1))) {
            Term s = c.arg(0);
            if (s instanceof Term.Number n && n.value() < 0) return new Signed(true, n.value() == -1 ? null : new Term.Number(-n.value()), c.arg(1));
            return new Signed(false, s, c.arg(1));
        }
        return new Signed(false, null, t);
    }
}
