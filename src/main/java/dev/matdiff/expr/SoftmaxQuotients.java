package dev.matdiff.expr;

import dev.matdiff.expr.Expr.Node;

/**
 * A quotient of the same degree above and below in exp(x) and sum(exp(x)), x a column vector, is unchanged when
 * exp(x) is scaled by 1/sum(exp(x)): it is computed with softmax(x) in place of exp(x), which cannot overflow.
 * The quotient rule writes the gradient of c'*(exp(x)/sum(exp(x))) as
 * (sum(exp(x))*(exp(x) .* c) - exp(x)'*c*exp(x))/sum(exp(x))^2, whose exp(x) overflows at x = 1000, where the
 * closed form (the softmax's Jacobian times c) is an ordinary number.
 */
final class SoftmaxQuotients {
    private SoftmaxQuotients() {}

    /** Degrees beyond which a node is not looked into: the forms are a few nodes deep. */
    private static final int MAX_NODES = 64;
    private static final int NONE = Integer.MIN_VALUE;

    /** q with softmax(x) for exp(x), if q is such a quotient, else null. */
    static Expr of(Node q) {
        Expr den = Exprs.unnamed(q.arg(1));
        Expr x = exponentOfSum(den, new int[] {MAX_NODES});
        if (x == null) return null;
        int[] budget = {MAX_NODES};
        int top = degree(q.arg(0), x, budget), bottom = degree(den, x, budget);
        if (top == NONE || bottom == NONE || top != bottom || bottom == 0) return null;
        Expr soft = Exprs.call(Op.SOFTMAX, x);
        return Substitution.apply(q, e -> Exprs.is(Exprs.unnamed(e), Op.EXP) && Exprs.arg(Exprs.unnamed(e), 0) == x ? soft : null);
    }

    /** The x of a sum(exp(x)), x a column vector, that e reads; else null. */
    private static Expr exponentOfSum(Expr e, int[] budget) {
        if (--budget[0] < 0 || !(e instanceof Node n)) return null;
        if (n.op() == Op.SUM && Exprs.is(Exprs.unnamed(n.arg(0)), Op.EXP)) {
            Expr x = Exprs.arg(Exprs.unnamed(n.arg(0)), 0);
            return x.shape().isColumn() ? x : null;
        }
        for (Expr a : n.args()) {
            Expr x = exponentOfSum(Exprs.unnamed(a), budget);
            if (x != null) return x;
        }
        return null;
    }

    /** The degree of e in exp(x) (sum(exp(x)) has 1, what reads no exp(x) has 0), or NONE when e is not homogeneous in it. */
    private static int degree(Expr e, Expr x, int[] budget) {
        if (--budget[0] < 0) return NONE;
        e = Exprs.unnamed(e);
        if (!(e instanceof Node n)) return 0;
        if (n.op() == Op.EXP) return n.arg(0) == x ? 1 : reads(n, x, budget) ? NONE : 0;
        if (n.op() == Op.SUM && Exprs.is(Exprs.unnamed(n.arg(0)), Op.EXP) && Exprs.arg(Exprs.unnamed(n.arg(0)), 0) == x) return 1;
        switch (n.op()) {
            case MATMUL, HADAMARD, SCALE: {
                int d = 0;
                for (Expr a : n.args()) {
                    int k = degree(a, x, budget);
                    if (k == NONE) return NONE;
                    d += k;
                }
                return d;
            }
            case ADD: {
                int d = NONE;
                for (Expr a : n.args()) {
                    int k = degree(a, x, budget);
                    if (k == NONE || d != NONE && k != d) return NONE;
                    d = k;
                }
                return d;
            }
            case DIV, ELEMDIV: {
                int a = degree(n.arg(0), x, budget), b = degree(n.arg(1), x, budget);
                return a == NONE || b == NONE ? NONE : a - b;
            }
            case NEG, TRANSPOSE:
                return degree(n.arg(0), x, budget);
            case POWER, ELEMPOW: {
                int a = degree(n.arg(0), x, budget);
                return a == NONE || n.param() != Math.rint(n.param()) ? (a == 0 ? 0 : NONE) : a * (int) n.param();
            }
            default:
                return reads(n, x, budget) ? NONE : 0;
        }
    }

    /** Whether e reads exp(x) anywhere (within the budget; past it, taken as yes). */
    private static boolean reads(Expr e, Expr x, int[] budget) {
        if (--budget[0] < 0) return true;
        e = Exprs.unnamed(e);
        if (!(e instanceof Node n)) return false;
        if (n.op() == Op.EXP && n.arg(0) == x) return true;
        for (Expr a : n.args()) if (reads(a, x, budget)) return true;
        return false;
    }
}
