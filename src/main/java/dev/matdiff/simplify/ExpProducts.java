package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Term;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.matdiff.expr.Exprs.*;

/**
 * eᵘ·e⁻ᵘ = 1 and e^(cu)/e^(du) = e^((c − d)u) among scalar factors, and so entry-wise: tanh written with exponentials
 * has the slope 4/(eˣ + e⁻ˣ)², not 4eˣe⁻ˣ/(eˣ + e⁻ˣ)², and e^(2x)/eˣ is eˣ. A product eᵘeᵘ stays for the powers
 * (eˣ)², which cancel as polynomials do.
 */
final class ExpProducts {
    private ExpProducts() {}

    /** The first eᵘ and e⁻ᵘ of a scaling (or of a ⊙ of two) gone; null where there is none. */
    static Expr opposite(Node n) {
        if (n.op() == Op.HADAMARD)
            return is(n.arg(0), Op.EXP) && is(n.arg(1), Op.EXP) && cancel(exponent(n.arg(0)), exponent(n.arg(1))) ? ones(n.shape()) : null;
        ScalarRules.Scaling scaling = ScalarRules.Scaling.of(n);
        List<Expr> factors = scaling.factors();
        Map<Expr, Integer> byBase = dev.matdiff.expr.IdentityMaps.map();
        for (int j = 0; j < factors.size(); j++) {
            if (!is(factors.get(j), Op.EXP)) continue;
            Term t = exponent(factors.get(j));
            Integer i = byBase.putIfAbsent(t.base(), j);
            if (i == null || !cancel(exponent(factors.get(i)), t)) continue;
            List<Expr> rest = new ArrayList<>(factors);
            rest.remove(j);
            rest.remove((int) i);
            return scaling.with(rest);
        }
        return null;
    }

    /** e^(cu)/e^(du) = e^((c − d)u), and e^(cU) ⊘ e^(dU) likewise; null where no two meet. */
    static Expr quotient(Node n) {
        if (n.op() == Op.ELEMDIV) return is(n.arg(0), Op.EXP) && is(n.arg(1), Op.EXP) ? over(n.arg(0), n.arg(1), n) : null;
        return ScalarRules.acrossQuotient(n, (u, d) -> {
            if (!is(u, Op.EXP) || !is(d, Op.EXP) || exponent(u).base() != exponent(d).base()) return null;
            Expr left = over(u, d, n);
            return left == null ? null : new Expr[] {left, null};
        });
    }

    /** e^(cu)/e^(du) as one power (1 for c = d), or null where the bases differ. */
    private static Expr over(Expr up, Expr down, Node n) {
        Term a = exponent(up), b = exponent(down);
        if (a.base() != b.base()) return null;
        double c = dev.matdiff.expr.Fraction.add(a.coefficient(), -b.coefficient());
        if (c == 0) return up.shape().isScalar() ? ONE : ones(up.shape());
        return call(Op.EXP, new Term(c, a.base()).build());
    }

    private static Term exponent(Expr e) { return Term.readThrough(arg(e, 0)); }

    private static boolean cancel(Term a, Term b) { return a.base() == b.base() && a.coefficient() == -b.coefficient(); }
}
