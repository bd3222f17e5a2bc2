package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;

import java.util.ArrayList;
import java.util.List;

import static dev.matdiff.expr.Exprs.*;

/** The numbers of a scalar quotient as whole numbers in lowest terms (div-div, {@link ScalarRules#divDiv}). */
final class QuotientNumbers {
    private QuotientNumbers() {}

    /**
     * (cA)/(kB) with numbers c and k as pA/(qB), p/q = c/k in lowest terms of whole numbers: 1.5A/(2B) is 3A/(4B),
     * −0.5/(2B) is −1/(4B), 4A/(1.5B) is 8A/(3B); null where either has no number or p/q is c/k as written.
     */
    static Expr whole(Expr top, Expr bottom) {
        if (!is(bottom, Op.SCALE)) return null;
        ScalarRules.Scaling up = ScalarRules.Scaling.ofAny(top), down = ScalarRules.Scaling.of((Node) bottom);
        int i = indexOfNumber(up.factors()), j = indexOfNumber(down.factors());
        // a numerator without a number of its own keeps the quotient as written: sum(x)/(1.5*n) beside other terms
        // would be read as (2/3)·sum(x)/n, a fraction that sums print as 0.333…
        if (i < 0 || j < 0) return null;
        double c = ((Num) up.factors().get(i)).value(), k = ((Num) down.factors().get(j)).value();
        java.math.BigDecimal bc = java.math.BigDecimal.valueOf(c), bk = java.math.BigDecimal.valueOf(k);
        int scale = Math.max(Math.max(bc.scale(), bk.scale()), 0);
        if (scale > 6 || k == 0) return null;
        java.math.BigInteger p = bc.movePointRight(scale).toBigIntegerExact(), q = bk.movePointRight(scale).toBigIntegerExact();
        java.math.BigInteger g = p.gcd(q).multiply(java.math.BigInteger.valueOf(q.signum()));
        p = p.divide(g);
        q = q.divide(g);
        if (p.bitLength() > 40 || q.bitLength() > 40 || p.doubleValue() == c && q.doubleValue() == k) return null;
        List<Expr> above = new ArrayList<>(up.factors()), below = new ArrayList<>(down.factors());
        above.set(i, num(p.doubleValue()));
        below.set(j, num(q.doubleValue()));
        return div(up.with(above), down.with(below));
    }

    private static int indexOfNumber(List<Expr> factors) {
        for (int i = 0; i < factors.size(); i++) if (factors.get(i) instanceof Num) return i;
        return -1;
    }
}
