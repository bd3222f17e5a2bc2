package dev.matdiff.expr;

import dev.matdiff.expr.Expr.Num;

import static dev.matdiff.expr.Exprs.*;

/**
 * A term of a sum as a number times a base: 2*A is (2, A), −A is (−1, A), 3 is (3, 1). The
 * simplifier collects like terms by their bases; the evaluator adds c·base in one pass.
 */
public record Term(double coefficient, Expr base) {

    /**
     * The term, with a number found anywhere in a chain of scalings taken out: 2*a*X, which the
     * factory nests as (2·a)·X, is (2, a·X). The base may be a node built here.
     */
    public static Term of(Expr e) {
        if (e instanceof Num x) return new Term(x.value(), ONE);
        if (is(e, Op.NEG)) {
            Term t = of(arg(e, 0));
            return new Term(-t.coefficient, t.base);
        }
        if (is(e, Op.SCALE)) {
            Term s = of(arg(e, 0));
            if (s.coefficient != 1) return new Term(s.coefficient, s.base == ONE ? arg(e, 1) : scale(s.base, arg(e, 1)));
        }
        return new Term(1, e);
    }

    /**
     * The term read through negations and numeric scalings only, so the base is always a node of
     * e itself: −A and (number)·A are read from A, a·X stays (1, a·X).
     */
    public static Term readThrough(Expr e) {
        double c = 1;
        while (true) {
            if (is(e, Op.NEG)) { c = -c; e = arg(e, 0); }
            else if (is(e, Op.SCALE) && arg(e, 0) instanceof Num k) { c *= k.value(); e = arg(e, 1); }
            else return new Term(c, e);
        }
    }

    /** −c·base, built. */
    public Expr negated() { return scale(num(-coefficient), base); }

    /** c·base; the factory makes 1·A into A, −1·A into −A and c·1 into c. */
    public Expr build() { return scale(num(coefficient), base); }
}
