package dev.matdiff.numeric;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Term;
import dev.matdiff.linalg.Dense;
import dev.matdiff.linalg.Kernels;

import org.apache.commons.math3.linear.RealMatrix;

import static dev.matdiff.numeric.Canonical.alias;
import static dev.matdiff.numeric.Reads.factorOf;

/**
 * Forms whose value as written overflows or cancels where a stable evaluation from their argument
 * has every digit: the plan computes each from that one argument in a step of its own kind.
 */
public final class StableForms {
    private StableForms() {}

    /** The step kind that computes e from its argument, or null when e is none of these forms. */
    static Plan.Kind kind(Expr e) {
        if (normOf(e) != null) return Plan.Kind.NORM;
        if (complemented(e) != null) return Plan.Kind.COMPLEMENT;
        return null;
    }

    /** The one value e is computed from, if it is a stable form; else null. */
    static Expr argument(Expr e) {
        Expr x = normOf(e);
        if (x == null) x = complemented(e);
        return x;
    }

    /**
     * The X of sqrt(x'*x) or sqrt(x*x') (whichever is a scalar), sqrt(sqnorm(X)) or sqrt(sum(X.^2)), whose value the plan takes
     * as the norm of X, scaled by its largest entry where the squares overflow (entries beyond 1e154) or lose
     * digits as subnormals (below 1e-154); else null.
     */
    static Expr normOf(Expr e) {
        if (!Exprs.is(e, Op.SQRT)) return null;
        Expr a = alias(Exprs.arg(e, 0));
        if (Exprs.is(a, Op.SQNORM)) return alias(Exprs.arg(a, 0));
        if (Exprs.is(a, Op.SUM) && Exprs.is(alias(Exprs.arg(a, 0)), Op.ELEMPOW) && ((Node) alias(Exprs.arg(a, 0))).param() == 2)
            return alias(Exprs.arg(alias(Exprs.arg(a, 0)), 0));
        if (!Exprs.is(a, Op.MATMUL) || ((Node) a).args().size() != 2) return null;
        Chains.Factor l = factorOf(Exprs.arg(a, 0)), r = factorOf(Exprs.arg(a, 1));
        return l.base() == r.base() && l.t() != r.t() && a.shape().isScalar() ? r.base() : null;
    }

    /** 1 − f(x) entry by entry, computed from x without subtracting from 1 a value close to it (generated code too). */
    public enum Complement {
        /** 1 − sigmoid(x) = sigmoid(−x) */
        SIGMOID,
        /** 1 − 2·sigmoid(x) = −tanh(x/2) (the second derivative of sigmoid; as written it cancels near x = 0) */
        SIGMOID_TWICE,
        /** 1 − tanh(x)² = sech²(x) */
        TANH_SQUARED,
        /** 1 − tanh(x) = 2·sigmoid(−2x) (the slope of log(1 + tanh(x)); as written it is 0 past x ≈ 19) */
        TANH_MINUS,
        /** 1 + tanh(x) = 2·sigmoid(2x) */
        TANH_PLUS,
        /** 1 − x² = (1 − x)(1 + x), whose factors are exact where x is near ±1 (the arcsin and arccos slopes) */
        SQUARE;

        /**
         * k·(1 − f(x)) entry by entry, a loop per kind: a call per entry through a lambda cost a 64-wide network 15%. With
         * f(x)'s value (null if the plan does not have it), 1 − σ(x) and 1 − tanh(x)² are taken from it where that keeps
         * every digit (x < 2: 1 − σ ≥ 0.12; |x| < 1: 1 − |tanh| ≥ 0.23), which spares an exp an entry.
         */
        RealMatrix scaled(RealMatrix x, RealMatrix value, double k) {
            double[] a = Dense.flat(x), out = new double[a.length], v = value == null ? null : Dense.flat(value);
            if (v != null && this == SIGMOID) {
                for (int i = 0; i < a.length; i++) out[i] = a[i] < 2 ? k * (1 - v[i]) : k * Kernels.sigmoid(-a[i]);
                return new Dense(x.getRowDimension(), x.getColumnDimension(), out);
            }
            if (v != null && this == TANH_SQUARED) {
                for (int i = 0; i < a.length; i++) out[i] = Math.abs(a[i]) < 1 ? k * ((1 - v[i]) * (1 + v[i])) : k * Kernels.sechSquared(a[i]);
                return new Dense(x.getRowDimension(), x.getColumnDimension(), out);
            }
            switch (this) {
                case SIGMOID -> { for (int i = 0; i < a.length; i++) out[i] = k * Kernels.sigmoid(-a[i]); }
                case SIGMOID_TWICE -> { for (int i = 0; i < a.length; i++) out[i] = -k * Math.tanh(a[i] / 2); }
                case TANH_SQUARED -> { for (int i = 0; i < a.length; i++) out[i] = k * Kernels.sechSquared(a[i]); }
                case TANH_MINUS -> { for (int i = 0; i < a.length; i++) out[i] = 2 * k * Kernels.sigmoid(-2 * a[i]); }
                case TANH_PLUS -> { for (int i = 0; i < a.length; i++) out[i] = 2 * k * Kernels.sigmoid(2 * a[i]); }
                case SQUARE -> { for (int i = 0; i < a.length; i++) out[i] = k * ((1 - a[i]) * (1 + a[i])); }
            }
            return new Dense(x.getRowDimension(), x.getColumnDimension(), out);
        }
    }

    /**
     * The x of k·(1 − sigmoid(x)), k·(1 − 2·sigmoid(x)), k·(1 ∓ tanh(x)), k·(1 − tanh(x)²) or k·(1 − x²), the derivatives' forms: a sum
     * of two terms, a constant k (ones(…)·k or the number k) and −k (−2k for sigmoid) times the function, in either order; a square is x.^2, or x^2
     * of a scalar. The plan computes it from x by {@link #complement}: subtracting from 1 a value that rounds to 1
     * leaves nothing, where the true value (σ′(40) = 4e-18) has all its digits. Null for any other sum.
     */
    public static Expr complemented(Expr e) {
        if (!Exprs.is(e, Op.ADD) || ((Node) e).args().size() != 2) return null;
        Term f = complementTerm(e);
        if (f == null) return null;
        Expr g = alias(f.base());
        if (Exprs.is(g, Op.SIGMOID) || Exprs.is(g, Op.TANH)) return alias(Exprs.arg(g, 0));
        if (!squared(g)) return null;
        Expr base = alias(Exprs.arg(g, 0));
        return Exprs.is(base, Op.TANH) ? alias(Exprs.arg(base, 0)) : base;
    }

    /** The σ(x) of k·(1 − σ(x)), the tanh(x) of k·(1 − tanh(x)²), from whose values {@link Complement#scaled} may take it; else null. */
    static Expr valueOf(Expr e) {
        Complement c = complement(e);
        Expr g = alias(complementTerm(e).base());
        return c == Complement.SIGMOID ? g : c == Complement.TANH_SQUARED ? alias(Exprs.arg(g, 0)) : null;
    }

    /** Which complement a sum {@link #complemented} accepts is. */
    public static Complement complement(Expr e) {
        Term f = complementTerm(e);
        Expr g = alias(f.base());
        if (Exprs.is(g, Op.SIGMOID)) return f.coefficient() == -complementScale(e) ? Complement.SIGMOID : Complement.SIGMOID_TWICE;
        if (Exprs.is(g, Op.TANH)) return f.coefficient() == -complementScale(e) ? Complement.TANH_MINUS : Complement.TANH_PLUS;
        return Exprs.is(alias(Exprs.arg(g, 0)), Op.TANH) ? Complement.TANH_SQUARED : Complement.SQUARE;
    }

    /** The k of a sum {@link #complemented} accepts: k·(1 − f(x)), k·(1 − 2·f(x)). */
    public static double complementScale(Expr e) {
        Term a = Term.readThrough(Exprs.arg(e, 0));
        double k = constant(a);
        return Double.isNaN(k) ? constant(Term.readThrough(Exprs.arg(e, 1))) : k;
    }

    /** x.^2, or x^2 of a scalar (of a matrix it is a product, not entry by entry). */
    private static boolean squared(Expr g) {
        return (Exprs.is(g, Op.ELEMPOW) || Exprs.is(g, Op.POWER) && g.shape().isScalar()) && ((Node) g).param() == 2;
    }

    /** The term −k·f (or −2k·sigmoid) of a two-term sum whose other term is the constant k, else null. */
    private static Term complementTerm(Expr e) {
        Term a = Term.readThrough(Exprs.arg(e, 0)), b = Term.readThrough(Exprs.arg(e, 1));
        double k = constant(a);
        if (Double.isNaN(k)) { Term t = a; a = b; b = t; k = constant(a); }
        if (k == 0 || Double.isNaN(k)) return null;
        if (b.coefficient() == -k) return b;
        if (b.coefficient() == k && Exprs.is(alias(b.base()), Op.TANH)) return b;  // 1 + tanh(x) too
        return b.coefficient() == -2 * k && Exprs.is(alias(b.base()), Op.SIGMOID) ? b : null;
    }

    /** The value of a constant term, ones(…) times c or the number c; NaN for any other. */
    private static double constant(Term t) {
        Expr base = alias(t.base());
        if (Exprs.is(base, Op.ONES)) return t.coefficient();
        return base instanceof Expr.Num k ? k.value() * t.coefficient() : Double.NaN;
    }
}
