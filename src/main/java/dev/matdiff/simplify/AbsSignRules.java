package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;

import java.util.List;

import static dev.matdiff.expr.Exprs.*;

/** The rules of |·| and sign: the two together give back their argument, sign(A) ⊙ |A| = A, and |·| is lost by even powers. */
final class AbsSignRules {
    private AbsSignRules() {}

    /** sign(A) ⊙ A = |A| and sign(A) ⊙ |A| = A (sign(A) ⊙ |A|.^p = A.^p for an odd p < 0), and the same among the scalar factors of a scaling (the slope of log|det X| is then det X / |det X|). */
    static Expr signTimesItself(Node n) {
        if (n.op() == Op.ELEMDIV) {
            if (!is(n.arg(0), Op.SIGN)) return null;
            Expr u = arg(n.arg(0), 0);
            if (is(n.arg(1), Op.ABS) && arg(n.arg(1), 0) == u) return elemPow(u, -1);
            // sign(u) ./ |u|.^p = sign(u) ⊙ |u|.^(−p)
            return n.arg(1) instanceof Node p && p.op() == Op.ELEMPOW && is(p.arg(0), Op.ABS) ? oddPowerAbs(u, elemPow(p.arg(0), -p.param())) : null;
        }
        if (n.op() == Op.DIV) return signOverAbsPower(n);
        if (n.op() == Op.HADAMARD) {
            for (int i = 0; i < 2; i++) {
                if (!is(n.arg(i), Op.SIGN)) continue;
                Expr u = arg(n.arg(i), 0), other = n.arg(1 - i);
                if (other == u) return fn("abs", u);
                if (is(other, Op.ABS) && arg(other, 0) == u) return u;
                Expr timesU = timesAbsPower(u, other);
                if (timesU != null) return hadamard(u, timesU);
                Expr odd = oddPowerAbs(u, other);
                if (odd != null) return odd;
            }
            return null;
        }
        ScalarRules.Scaling scaling = ScalarRules.Scaling.of(n);
        List<Expr> factors = scaling.factors();
        for (int i = 0; i < factors.size(); i++) {
            if (!is(factors.get(i), Op.SIGN)) continue;
            Expr u = arg(factors.get(i), 0);
            int j = factors.indexOf(u);
            if (j >= 0) return scaling.merging(i, j, fn("abs", u));
            j = factors.indexOf(fn("abs", u));
            if (j >= 0) return scaling.merging(i, j, u);
            // a scalar's power is its element-wise one: sign(a)·|a|³ = a·|a|², the slope of |a|³ written as a textbook does
            for (j = 0; j < factors.size(); j++) {
                Expr timesU = timesAbsPower(u, factors.get(j)), odd = oddPowerAbs(u, factors.get(j));
                if (timesU != null) return scaling.merging(i, j, mul(u, timesU));
                if (odd != null) return scaling.merging(i, j, odd);
            }
        }
        return null;
    }

    /** c·sign(u)/|u|^p = c/u^p for an odd p > 0 (−2*sign(a)/abs(a)^3 is −2/a^3); else null. */
    private static Expr signOverAbsPower(Node n) {
        Expr d = n.arg(1), abs = is(d, Op.ELEMPOW) ? arg(d, 0) : d;
        double p = is(d, Op.ELEMPOW) ? ((Node) d).param() : 1;
        ScalarRules.Scaling top = ScalarRules.Scaling.ofAny(n.arg(0));
        if (!is(abs, Op.ABS) || p != Math.rint(p) || p % 2 != 1 || top.rest() != null) return null;
        Expr u = arg(abs, 0);
        List<Expr> factors = new java.util.ArrayList<>(top.factors());
        return factors.remove(fn("sign", u)) ? div(ScalarRules.Scaling.product(factors), p == 1 ? u : elemPow(u, p)) : null;
    }

    /**
     * The |u|.^(p−1) with sign(u) ⊙ f = u ⊙ |u|.^(p−1), where f is |u|.^p (p > 1) or u.^p (p even, as |u|.^p becomes:
     * sign(x) ⊙ x.² is x ⊙ |x|); else null (an odd power is {@link #oddPowerAbs}'s).
     */
    private static Expr timesAbsPower(Expr u, Expr f) {
        if (!(f instanceof Node p) || p.op() != Op.ELEMPOW || p.param() <= 1) return null;
        Expr abs;
        if (is(p.arg(0), Op.ABS) && arg(p.arg(0), 0) == u) abs = p.arg(0);
        else if (p.arg(0) == u && p.param() % 2 == 0) abs = fn("abs", u);
        else return null;
        return p.param() == 2 ? abs : elemPow(abs, p.param() - 1);
    }

    /**
     * sign(u) ⊙ f as one power, for an odd whole p (the sign squared away from every factor but one): |u|.^p for f = u.^p,
     * p > 1; u.^p for f = |u|.^p, p < 0 (the slope of |a|⁻² is −2/a³, not −2 sign(a)/|a|³); else null.
     */
    private static Expr oddPowerAbs(Expr u, Expr f) {
        if (!(f instanceof Node p) || p.op() != Op.ELEMPOW || p.param() != Math.rint(p.param()) || Math.abs(p.param() % 2) != 1) return null;
        if (p.arg(0) == u && p.param() > 1) return elemPow(fn("abs", u), p.param());
        return p.param() < 0 && is(p.arg(0), Op.ABS) && arg(p.arg(0), 0) == u ? elemPow(u, p.param()) : null;
    }

    /** |u|.^(2k) = u.^(2k): a real number's even power has no sign to lose (the slope of |x|⁴ is 4x.³, not 4x ⊙ |x|.²). */
    static Expr absEvenPower(Node n) {
        double p = n.param();
        return is(n.arg(0), Op.ABS) && p == Math.rint(p) && p % 2 == 0 && p != 0 ? elemPow(arg(n.arg(0), 0), p) : null;
    }

    /** |cA| = |c|·|A|, sign(cA) = sign(c)·sign(A) for a number c. */
    static Expr absSignScale(Node n) {
        if (!(is(n.arg(0), Op.SCALE) && arg(n.arg(0), 0) instanceof Num c)) return null;
        Expr f = call(n.op(), arg(n.arg(0), 1));
        double outside = n.op() == Op.ABS ? Math.abs(c.value()) : Math.signum(c.value());
        return outside == 1 ? f : scale(num(outside), f);
    }

    /** sign(A).^k = sign(A) where its entries, −1, 0 or 1 (0 or 1 for A never negative), are their own k-th powers; else null. */
    static Expr signPower(Node n) {
        double k = n.param();
        if (!is(n.arg(0), Op.SIGN) || k != Math.rint(k) || k < 1) return null;
        return k % 2 == 1 || ElementwiseRules.neverNegative(arg(n.arg(0), 0)) ? n.arg(0) : null;
    }
}
