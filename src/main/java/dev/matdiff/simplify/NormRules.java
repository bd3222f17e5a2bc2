package dev.matdiff.simplify;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Term;

import java.util.ArrayList;
import java.util.List;

import static dev.matdiff.expr.Exprs.*;

/**
 * A norm's homogeneity, and the sign a quotient of u by |u| is: ‖aA‖ = |a|‖A‖, so the slope of ‖ax‖ in a reads
 * sign(a)‖x‖ as the textbooks write it, not a xᵀx/‖ax‖.
 */
final class NormRules {
    private NormRules() {}

    /**
     * ‖aA‖ = |a|‖A‖, ‖A/a‖ = ‖A‖/|a|, ‖−A‖ = ‖A‖ for norm and norm1; sqnorm(aA) = a² sqnorm(A), sqnorm(A/a) = sqnorm(A)/a²;
     * ‖uvᵀ‖ = ‖u‖‖v‖ for all three.
     */
    static Expr normScale(Node n) {
        Expr a = n.arg(0);
        boolean squared = n.op() == Op.SQNORM;
        if (is(a, Op.NEG)) return call(n.op(), arg(a, 0));
        // a 1×1's norms are its size: ‖xᵀx‖ is |xᵀx|, which abs-nonnegative reads as xᵀx
        if (a.shape().isScalar()) return size(a, squared);
        if (is(a, Op.SCALE) && !arg(a, 1).shape().isScalar())
            return mul(size(arg(a, 0), squared), call(n.op(), arg(a, 1)));
        if (is(a, Op.DIV) && !arg(a, 0).shape().isScalar())
            return div(call(n.op(), arg(a, 0)), size(arg(a, 1), squared));
        // an outer product's entries are uᵢvⱼ: ‖uvᵀ‖ = ‖u‖‖v‖ for each of the three norms (‖yyᵀ‖ = ‖y‖²)
        if (is(a, Op.MATMUL) && a.children().size() == 2 && arg(a, 0).shape().isColumn() && arg(a, 1).shape().rows().isOne()) {
            Expr v = arg(a, 1);
            return mul(call(n.op(), arg(a, 0)), call(n.op(), is(v, Op.TRANSPOSE) ? arg(v, 0) : v));
        }
        return null;
    }

    /** √(uᵀu) = ‖u‖ for a column u, √sqnorm(A) = ‖A‖, √Tr(AᵀA) = √Tr(AAᵀ) = ‖A‖: the Cookbook's √((x−a)ᵀ(x−a)) reads as ‖x − a‖. */
    static Expr rootOfSquares(Node n) {
        Expr s = n.arg(0);
        if (is(s, Op.SQNORM)) return call(Op.NORM, arg(s, 0));
        // uᵀu (a column u: 1×1, not uuᵀ), and under a trace AᵀA or AAᵀ
        Expr m = TraceForms.gramOf(is(s, Op.TR) ? arg(s, 0) : s);
        return m != null && (is(s, Op.TR) || s.shape().isScalar()) ? call(Op.NORM, m) : null;
    }

    /**
     * uᵀ(c·u/‖u‖ᵏ + v) = c‖u‖²/‖u‖ᵏ + uᵀv, and (…)ᵀu likewise, for a column u: the inner product of a vector with a sum that
     * holds it normalised is taken term by term, where the normalised term cancels to a norm. ‖x/‖x‖ − t‖²'s gradient
     * (2(xᵀt)x/‖x‖³ − 2t/‖x‖, the projection of t off x) read 2(x/‖x‖ − t)/‖x‖ − 2(xᵀ(x/‖x‖ − t))x/‖x‖³ (trial s80b).
     */
    static Expr innerOfNormalised(Node n) {
        if (n.arity() != 2 || !n.shape().isScalar()) return null;
        for (int side = 0; side < 2; side++) {
            Expr row = n.arg(side == 0 ? 0 : 1), sum = n.arg(side == 0 ? 1 : 0);
            Expr u = side == 0 ? (is(row, Op.TRANSPOSE) ? arg(row, 0) : null) : row;
            Expr column = side == 0 ? sum : is(sum, Op.TRANSPOSE) ? arg(sum, 0) : null;
            if (u == null || column == null || !is(column, Op.ADD) || !u.shape().isColumn() || u.shape().isScalar()) continue;
            Expr self = u;
            if (column.children().stream().noneMatch(t -> normalised(Term.of(t).base(), self))) continue;
            List<Expr> terms = new ArrayList<>();
            for (Expr t : column.children()) terms.add(matmul(List.of(transpose(u), t)));
            return add(terms);
        }
        return null;
    }

    /** Whether t is u over its norm, or a power of it: u/‖u‖, u/‖u‖³, u/√(uᵀu). */
    private static boolean normalised(Expr t, Expr u) {
        if (is(t, Op.SCALE)) t = arg(t, 1);
        if (!is(t, Op.DIV)) return false;
        Expr top = is(arg(t, 0), Op.SCALE) ? arg(arg(t, 0), 1) : arg(t, 0), d = arg(t, 1);
        if (top != u) return false;
        if (is(d, Op.ELEMPOW) || is(d, Op.POW)) d = arg(d, 0);
        return is(d, Op.NORM) && arg(d, 0) == u || is(d, Op.SQRT) && TraceForms.gramOf(arg(d, 0)) == u;
    }

    /** What a scalar factor s comes out of a norm as: |s| (a number's is a number), or s² for sqnorm. */
    private static Expr size(Expr s, boolean squared) {
        if (s instanceof Num c) return num(squared ? c.value() * c.value() : Math.abs(c.value()));
        return squared ? elemPow(s, 2) : fn("abs", s);
    }

    /** u/|u| = |u|/u = sign(u) among the scalar factors of a quotient's two sides. */
    static Expr absQuotient(Node n) {
        if (n.op() == Op.ELEMDIV) {
            Expr a = n.arg(0), b = n.arg(1);
            return is(b, Op.ABS) && arg(b, 0) == a ? fn("sign", a) : is(a, Op.ABS) && arg(a, 0) == b ? fn("sign", b) : null;
        }
        ScalarRules.Scaling top = ScalarRules.Scaling.ofAny(n.arg(0)), bottom = ScalarRules.Scaling.ofAny(n.arg(1));
        List<Expr> up = new ArrayList<>(top.factors()), down = new ArrayList<>(bottom.factors());
        for (int j = 0; j < down.size(); j++) {
            Expr d = down.get(j);
            for (int i = 0; i < up.size(); i++) {
                Expr u = up.get(i);
                Expr v = is(d, Op.ABS) && arg(d, 0) == u ? u : is(u, Op.ABS) && arg(u, 0) == d ? d : null;
                if (v == null) continue;
                up.set(i, fn("sign", v));
                down.remove(j);
                Expr numerator = top.with(up);
                return down.isEmpty() ? numerator : div(numerator, bottom.with(down));
            }
            // |ab| below, a and b (or their powers, ab² is ab·b) above: ab/|ab| = sign(ab) (trial s63a: norm(b*a)'s
            // a*b^2/abs(b*a) was left, and had no value at a = 0)
            List<Expr> rest = is(d, Op.ABS) && is(arg(d, 0), Op.SCALE) ? takenOut(ScalarRules.Scaling.ofAny(arg(d, 0)), up) : null;
            if (rest != null) {
                rest.add(fn("sign", arg(d, 0)));
                down.remove(j);
                Expr numerator = top.with(rest);
                return down.isEmpty() ? numerator : div(numerator, bottom.with(down));
            }
        }
        return null;
    }

    /** The factors {@code up} with each scalar factor of p taken out once (a power u^k giving u^(k−1)); null if one is not there. */
    private static List<Expr> takenOut(ScalarRules.Scaling p, List<Expr> up) {
        if (p.rest() != null || p.factors().size() < 2) return null;
        List<Expr> rest = new ArrayList<>(up);
        for (Expr f : p.factors()) {
            if (f instanceof Num || !takeOut(f, rest)) return null;
        }
        return rest;
    }

    /** Takes f out of the factors once: f itself, or one of a whole power f^k (leaving f^(k−1)); whether it was there. */
    private static boolean takeOut(Expr f, List<Expr> factors) {
        for (int i = 0; i < factors.size(); i++) {
            Expr e = factors.get(i);
            if (e == f) {
                factors.remove(i);
                return true;
            }
            double k = is(e, Op.ELEMPOW) && arg(e, 0) == f ? ((Node) e).param() : 0;
            if (k >= 2 && k == Math.rint(k)) {
                factors.set(i, k == 2 ? f : elemPow(f, k - 1));
                return true;
            }
        }
        return false;
    }

    /** The norms of I and of a matrix of ones: how many entries are 1, or its root. */
    static Expr normOfConstant(Node n) {
        Expr a = n.arg(0);
        if (!is(a, Op.EYE) && !is(a, Op.ONES)) return null;
        Expr count = is(a, Op.EYE) ? Exprs.size(a.shape().rows(), Dim.ONE) : Exprs.size(a.shape().rows(), a.shape().cols());
        return n.op() == Op.NORM ? Exprs.call(Op.SQRT, count) : count;
    }
}
