package dev.matdiff.expr;

import dev.matdiff.expr.Expr.Node;

import java.util.List;
/**
 * The form in which the evaluator and generated code compute a node, where the printed form would cost
 * more or lose the value; printed results keep the user's form. One place for both, so that eval and
 * generated code compute alike:
 * <ul>
 *   <li>a product with a diagonal factor is a scaling ({@link DiagonalProducts}): no n×n diagonal;</li>
 *   <li>log σ(u) = −softplus(−u) and log(1 − σ(u)) = −softplus(u): σ(u) rounds to 0 (or 1) beyond
 *       |u| ≈ 745 (or 37), where the written log would be −∞, as for the binary cross-entropy of a
 *       confident classifier (names are read through: {@code p = sigmoid(X*w)}, then {@code log(p)});</li>
 *   <li>log(1 + exp(u)) = softplus(u), log(sum(exp(X))) = logsumexp(X) and exp(X)/sum(exp(X)) = softmax(X) (of
 *       vec(X) for a matrix): exp overflows beyond 709, as at the logistic loss of a margin of −1000, where the
 *       value is about 1000; so do log(ones'*exp(x)) and log(exp(x)'*ones), and log(sum(exp(X), 1)) and
 *       log(sum(exp(X), 2)) are logsumexp(X) and logsumexp(Xᵀ)ᵀ;</li>
 *   <li>log(1 + u) = log1p(u): 1 + 1e-20 rounds to 1, whose log is 0, not 1e-20;</li>
 *   <li>a quotient of one degree above and below in exp(x) and sum(exp(x)), as the quotient rule writes the gradient
 *       of exp(x)/sum(exp(x)), with softmax(x) for exp(x) ({@link SoftmaxQuotients});</li>
 *   <li>a sum of inverses times a vector is the sum of the products ({@link #overInverses}), each a solve.</li>
 * </ul>
 * (A⁻ᵏ beside A⁻¹ shares the inverse too: the evaluator through the factorisation of A, which keeps its
 * inverse, and generated code by writing A⁻ᵏ as (A⁻¹)ᵏ, see codegen's Lowering.)
 */
public final class ComputedForms {
    private ComputedForms() {}

    /** The node as it is computed, or the node itself when it is computed as written. */
    public static Expr of(Node n) {
        return switch (n.op()) {
            case MATMUL -> {
                Expr scaled = DiagonalProducts.of(n);
                if (scaled != n) yield scaled;
                Expr solves = overInverses(n);
                yield solves != null ? solves : n;
            }
            case LOG -> {
                Expr stable = log(n.arg(0));
                yield stable != null ? stable : n;
            }
            case DIV -> {
                Expr x = softmaxOfAll(n);
                if (x == null) {
                    Expr q = SoftmaxQuotients.of(n);
                    yield q != null ? q : n;
                }
                yield x.shape().isColumn() ? Exprs.call(Op.SOFTMAX, x) : Exprs.unvec(Exprs.call(Op.SOFTMAX, Exprs.call(Op.VEC, x)), x.shape());
            }
            case HADAMARD -> {
                Expr x = softmaxOfColumns(n);
                yield x != null ? x : n;
            }
            case ELEMPOW -> {
                // 1 ./ (1 + exp(−u)) as the language reads it: (1 + exp(−u)).^-1
                Expr u = n.param() == -1 ? onePlusExp(Exprs.unnamed(n.arg(0))) : null;
                yield u != null ? Exprs.call(Op.SIGMOID, Exprs.neg(u)) : n;
            }
            case ELEMDIV -> {
                Expr x = softmaxQuotient(n);
                if (x == null) x = sigmoidQuotient(n);
                yield x != null ? x : n;
            }
            default -> n;
        };
    }

    /**
     * exp(X) .* (ones(m)*(G ./ sum(exp(X), 1))) as softmax(X) .* (ones(m)*G), and exp(X) .* ((G ./ sum(exp(X), 2))*ones(1, n))
     * as softmax(Xᵀ)ᵀ .* (G*ones(1, n)), G also 1 (sum(exp(X), k).^-1): the gradient of log(sum(exp(X), k)), whose
     * exp(X) overflows beyond 709. Else null. The simplifier's softmax-columns-quotient rule writes gradients so too.
     */
    public static Expr softmaxOfColumns(Node h) {
        if (h.args().size() != 2) return null;
        for (int i = 0; i < 2; i++) {
            Expr e = Exprs.unnamed(h.arg(i)), spread = Exprs.unnamed(h.arg(1 - i));
            if (!Exprs.is(e, Op.EXP) || !Exprs.is(spread, Op.MATMUL) || ((Node) spread).args().size() != 2) continue;
            Expr l = Exprs.unnamed(Exprs.arg(spread, 0)), r = Exprs.unnamed(Exprs.arg(spread, 1));
            boolean columns = Exprs.is(l, Op.ONES);
            if (!columns && !Exprs.is(r, Op.ONES)) continue;
            Expr g = overSum(columns ? r : l, e, columns ? Op.SUM_COLUMNS : Op.SUM_ROWS);
            if (g == null) continue;
            Expr x = Exprs.arg(e, 0);
            Expr soft = columns ? Exprs.call(Op.SOFTMAX, x) : Exprs.transpose(Exprs.call(Op.SOFTMAX, Exprs.transpose(x)));
            if (Exprs.is(g, Op.ONES)) return soft;
            return Exprs.hadamard(soft, columns ? Exprs.mul(l, g) : Exprs.mul(g, r));
        }
        return null;
    }

    /**
     * softmax(X) for exp(X) ./ (ones(m)*sum(exp(X), 1)), and softmax(Xᵀ)ᵀ for exp(X) ./ (sum(exp(X), 2)*ones(1, n)), the
     * sums also written 1ᵀ·exp(X) and exp(X)·1 (E ./ (E*ones(K)*ones(K)') as NumPy code writes a softmax by rows), names
     * read through; else null. The simplifier's softmax-columns-quotient rule reads them so too.
     */
    public static Expr softmaxQuotient(Node q) {
        Expr e = Exprs.unnamed(q.arg(0)), den = Exprs.unnamed(q.arg(1));
        if (!Exprs.is(e, Op.EXP) || e.shape().isColumn() || !Exprs.is(den, Op.MATMUL)) return null;
        List<Expr> f = den.children();
        if (Sums.onesLine(f.get(0), false) && e == Sums.summed(f.subList(1, f.size()), false))
            return Exprs.call(Op.SOFTMAX, Exprs.arg(e, 0));
        Expr last = f.get(f.size() - 1);
        if (Sums.onesLine(last, true) && e == Sums.summed(f.subList(0, f.size() - 1), true))
            return Exprs.transpose(Exprs.call(Op.SOFTMAX, Exprs.transpose(Exprs.arg(e, 0))));
        return null;
    }

    /**
     * (c₁A⁻¹ + c₂A⁻ᵀ + …)·v as c₁A⁻¹v + c₂A⁻ᵀv + …, and vᵀ(…) likewise, for a vector v: each term a solve with the one
     * factorisation, where the sum formed every inverse (trial s65a: the gradient (A⁻¹ + A⁻ᵀ)(x − μ) of a Mahalanobis
     * form with a general A took 1.9 times NumPy's two solves). Null for anything else.
     */
    public static Expr overInverses(Node n) {
        if (n.arity() != 2) return null;
        Expr left = n.arg(0), right = n.arg(1);
        boolean sumFirst = right.shape().isColumn() && !right.shape().isScalar();
        if (!sumFirst && !(left.shape().rows().isOne() && !left.shape().isScalar())) return null;
        Expr sum = Exprs.unnamed(sumFirst ? left : right), v = sumFirst ? right : left;
        if (!Exprs.is(sum, Op.ADD)) return null;
        List<Expr> terms = new java.util.ArrayList<>();
        for (Expr t : sum.children()) {
            Term term = Term.readThrough(t);
            Expr base = Exprs.is(term.base(), Op.TRANSPOSE) ? Exprs.arg(term.base(), 0) : term.base();
            if (!Exprs.is(base, Op.INV) && !(Exprs.is(base, Op.POWER) && ((Node) base).param() == -1)) return null;
            Expr product = sumFirst ? Exprs.mul(term.base(), v) : Exprs.mul(v, term.base());
            terms.add(Exprs.scale(Exprs.num(term.coefficient()), product));
        }
        return Exprs.add(terms);
    }

    /** σ(u) for 1 ./ (1 + exp(−u)), the ones a number or ones, names read through: exp(−u) overflows at u = −710. */
    private static Expr sigmoidQuotient(Node q) {
        Expr one = Exprs.unnamed(q.arg(0));
        Term top = Term.readThrough(one);
        boolean ones = one instanceof Expr.Num c ? c.value() == 1 : top.coefficient() == 1 && Exprs.is(Exprs.unnamed(top.base()), Op.ONES);
        if (!ones) return null;
        Expr u = onePlusExp(Exprs.unnamed(q.arg(1)));
        return u == null ? null : Exprs.call(Op.SIGMOID, Exprs.neg(u));
    }




    /** G for G ./ s, or c·ones for c*s.^-1, where s is sum(e, 1) or sum(e, 2) as reduction says; else null. */
    private static Expr overSum(Expr q, Expr e, Op reduction) {
        Term t = Term.readThrough(q);
        Expr b = Exprs.unnamed(t.base());
        if (Exprs.is(b, Op.ELEMDIV) && isSum(Exprs.arg(b, 1), e, reduction)) return new Term(t.coefficient(), Exprs.arg(b, 0)).build();
        if (Exprs.is(b, Op.ELEMPOW) && ((Node) b).param() == -1 && isSum(Exprs.arg(b, 0), e, reduction)) return new Term(t.coefficient(), Exprs.ones(b.shape())).build();
        return null;
    }

    private static boolean isSum(Expr s, Expr e, Op reduction) {
        s = Exprs.unnamed(s);
        return Exprs.is(s, reduction) && Exprs.unnamed(Exprs.arg(s, 0)) == e;
    }

    /** The stable form of {@code log(inner)}, or null when there is none. */
    private static Expr log(Expr inner) {
        Expr e = computed(inner);
        // a softmax written out (E ./ (E*ones(K)*ones(K)')) is computed as one, and its log as X − logsumexp(X)
        Expr soft = Exprs.is(e, Op.SOFTMAX) && e == Exprs.unnamed(inner) ? null : logOfSoftmax(e);
        if (soft != null) return soft;
        if (Exprs.is(e, Op.SIGMOID)) return negSoftplus(Exprs.neg(Exprs.arg(e, 0)));
        Expr u = oneMinusSigmoid(e);
        if (u != null) return negSoftplus(u);
        u = onePlusExp(e);
        if (u != null) return Exprs.call(Op.SOFTPLUS, u);
        Expr x = exponentOfSum(e);
        if (x != null) return Exprs.call(Op.LOGSUMEXP, x.shape().isColumn() ? x : Exprs.call(Op.VEC, x));
        // a matrix's column sums (sum(exp(X), 1), 1ᵀexp(X)) and row sums (sum(exp(X), 2), exp(X)·1)
        if (Exprs.is(e, Op.SUM_COLUMNS) || Exprs.is(e, Op.SUM_ROWS) || Exprs.is(e, Op.MATMUL) && !e.shape().isScalar()) {
            Expr columns = e.shape().rows().isOne() ? Sums.summed(e, false) : null, rows = e.shape().cols().isOne() ? Sums.summed(e, true) : null;
            if (Exprs.is(columns, Op.EXP)) return Exprs.call(Op.LOGSUMEXP, Exprs.arg(columns, 0));
            if (Exprs.is(rows, Op.EXP)) return Exprs.transpose(Exprs.call(Op.LOGSUMEXP, Exprs.transpose(Exprs.arg(rows, 0))));
        }
        Expr b = Exprs.onePlus(e);
        if (b != null && !Exprs.is(Exprs.unnamed(Term.readThrough(b).base()), Op.EXP)) return Exprs.call(Op.LOG1P, b);
        return null;
    }

    /** The X of sum(exp(X)), or x of ones'*exp(x) or exp(x)'*ones (the sum as a product); else null. */
    private static Expr exponentOfSum(Expr e) {
        if (Exprs.is(e, Op.SUM) && Exprs.is(Exprs.unnamed(Exprs.arg(e, 0)), Op.EXP)) return Exprs.arg(Exprs.unnamed(Exprs.arg(e, 0)), 0);
        if (!Exprs.is(e, Op.MATMUL) || ((Node) e).args().size() != 2 || !e.shape().isScalar()) return null;
        Expr l = Exprs.unnamed(Exprs.arg(e, 0)), r = Exprs.unnamed(Exprs.arg(e, 1));
        if (Sums.ones(l) && Exprs.is(r, Op.EXP)) return Exprs.arg(r, 0);
        if (Exprs.is(r, Op.ONES) && Exprs.is(l, Op.TRANSPOSE) && Exprs.is(Exprs.unnamed(Exprs.arg(l, 0)), Op.EXP))
            return Exprs.arg(Exprs.unnamed(Exprs.arg(l, 0)), 0);
        return null;
    }

    /** The X of exp(X)/sum(exp(X)), names read through; else null. */
    private static Expr softmaxOfAll(Node quotient) {
        Expr num = Exprs.unnamed(quotient.arg(0)), den = Exprs.unnamed(quotient.arg(1));
        return Exprs.is(num, Op.EXP) && Exprs.is(den, Op.SUM) && Exprs.unnamed(Exprs.arg(den, 0)) == num ? Exprs.arg(num, 0) : null;
    }

    /** u for 1 + exp(u), the 1 a number or ones, in either order; else null. */
    private static Expr onePlusExp(Expr e) {
        Expr b = Exprs.onePlus(e);
        if (b == null) return null;
        Term t = Term.readThrough(b);
        Expr s = Exprs.unnamed(t.base());
        return t.coefficient() == 1 && Exprs.is(s, Op.EXP) ? Exprs.arg(s, 0) : null;
    }

    private static Expr negSoftplus(Expr u) { return Exprs.neg(Exprs.call(Op.SOFTPLUS, u)); }

    /**
     * log(e) for e a softmax, or one inside the transposes and unvec a softmax written out is computed as (by rows
     * softmax(Xᵀ)ᵀ, over all entries unvec(softmax(vec(X)))): log acts entry by entry, so it goes inside them, where
     * log(softmax(·)) is computed as X − logsumexp(X). Else null.
     */
    private static Expr logOfSoftmax(Expr e) {
        if (Exprs.is(e, Op.SOFTMAX)) return Exprs.call(Op.LOG, e);
        if (Exprs.is(e, Op.TRANSPOSE)) {
            Expr inner = logOfSoftmax(Exprs.arg(e, 0));
            return inner == null ? null : Exprs.transpose(inner);
        }
        if (Exprs.is(e, Op.UNVEC)) {
            Expr inner = logOfSoftmax(Exprs.arg(e, 0));
            return inner == null ? null : Exprs.unvec(inner, e.shape());
        }
        return null;
    }

    /** e without its names, as it is computed: a named 1 ./ (1 + exp(−u)) is σ(u), whose log is read stably. */
    private static Expr computed(Expr e) {
        e = Exprs.unnamed(e);
        return e instanceof Node n && (n.op() == Op.ELEMDIV || n.op() == Op.DIV || n.op() == Op.ELEMPOW) ? of(n) : e;
    }

    /** u for 1 − σ(u), the 1 a number or ones, in either order; else null. */
    private static Expr oneMinusSigmoid(Expr e) {
        Expr b = Exprs.onePlus(e);
        if (b == null) return null;
        Term t = Term.readThrough(b);
        Expr s = computed(t.base());
        return t.coefficient() == -1 && Exprs.is(s, Op.SIGMOID) ? Exprs.arg(s, 0) : null;
    }

}
