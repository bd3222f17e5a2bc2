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
 * has the slope 4/(eˣ + e⁻ˣ)², not 4eˣe⁻ˣ/(eˣ + e⁻ˣ)², and e^(2x)/eˣ is eˣ, eˣ/e^(2x) is 1/eˣ (no e⁻ˣ, which the
 * canceller would read as an atom of its own). (eᵘ)ᵏ is read as e^(ku). A product eᵘeᵘ stays for the powers (eˣ)², which
 * cancel as polynomials do.
 */
final class ExpProducts {
    private ExpProducts() {}

    /** The first eᵘ and e⁻ᵘ (either to a whole power, (eˣ)² as e^(2x)) of a scaling, or of a ⊙ of two, gone; null where there is none. */
    static Expr opposite(Node n) {
        if (n.op() == Op.HADAMARD)
            return isExp(n.arg(0)) && isExp(n.arg(1)) && cancel(exponent(n.arg(0)), exponent(n.arg(1))) ? ones(n.shape()) : null;
        ScalarRules.Scaling scaling = ScalarRules.Scaling.of(n);
        List<Expr> factors = scaling.factors();
        Map<Expr, List<Integer>> byBase = dev.matdiff.expr.IdentityMaps.map();
        for (int j = 0; j < factors.size(); j++) {
            if (!isExp(factors.get(j))) continue;
            Term t = exponent(factors.get(j));
            List<Integer> seen = byBase.computeIfAbsent(t.base(), b -> new ArrayList<>());
            for (int i : seen) {
                if (!cancel(exponent(factors.get(i)), t)) continue;
                List<Expr> rest = new ArrayList<>(factors);
                rest.remove(j);
                rest.remove(i);
                return scaling.with(rest);
            }
            seen.add(j);
        }
        return null;
    }

    /**
     * e^(cu)/e^(du) = e^((c − d)u), and e^(cU) ⊘ e^(dU) likewise, what is left on the side it is larger on: e^x/e^(2x) is
     * 1/e^x, which cancels as 1/u does (an e^−x would be an atom of its own); null where no two meet.
     */
    static Expr quotient(Node n) {
        if (n.op() == Op.ELEMDIV) {
            Expr[] left = left(n.arg(0), n.arg(1));
            if (left == null) return null;
            return left[1] != null ? elemDiv(ones(n.shape()), left[1]) : left[0] != null ? left[0] : ones(n.shape());
        }
        return ScalarRules.acrossQuotient(n, ExpProducts::left);
    }

    /** What stays above and below of e^(cu)/e^(du): e^((c − d)u) above, e^((d − c)u) below, or neither; null where the two do not meet. */
    private static Expr[] left(Expr up, Expr down) {
        if (!isExp(up) || !isExp(down)) return null;
        Term a = exponent(up), b = exponent(down);
        if (a.base() != b.base()) return null;
        double c = dev.matdiff.expr.Fraction.add(a.coefficient(), -b.coefficient());
        Expr power = c == 0 ? null : call(Op.EXP, new Term(Math.abs(c), a.base()).build());
        return c >= 0 ? new Expr[] {power, null} : new Expr[] {null, power};
    }

    /** eᵘ, or eᵘ to a whole power. */
    private static boolean isExp(Expr e) {
        return is(e, Op.EXP) || is(e, Op.ELEMPOW) && is(arg(e, 0), Op.EXP) && ((Node) e).param() == Math.rint(((Node) e).param());
    }

    /** cu for e^(cu), and kcu for (e^(cu))ᵏ. */
    private static Term exponent(Expr e) {
        if (is(e, Op.EXP)) return Term.readThrough(arg(e, 0));
        Term t = Term.readThrough(arg(arg(e, 0), 0));
        return new Term(t.coefficient() * ((Node) e).param(), t.base());
    }

    private static boolean cancel(Term a, Term b) { return a.base() == b.base() && a.coefficient() == -b.coefficient(); }
}
