package dev.matdiff.numeric;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Term;

import java.util.ArrayList;
import java.util.List;

import static dev.matdiff.numeric.Canonical.alias;

/** What a plan's step reads of its node's operands: values, read through transposes, scalings and names. */
final class Reads {
    private Reads() {}

    /** The values a node is computed from: a product's factors and a sum's terms read through transposes and scalings. */
    static List<Expr> of(Expr e) {
        if (!(e instanceof Node n)) return List.of();
        Expr stable = StableForms.argument(e);
        if (stable != null) return List.of(stable);
        ExpSums.Form exps = ExpSums.of(e);
        if (exps != null) return exps.exponents();
        List<Expr> out = new ArrayList<>(n.args().size());
        switch (n.op()) {
            case MATMUL -> { for (Expr a : n.args()) out.add(factorOf(a).base()); }
            case ADD -> {
                for (Expr a : n.args()) {
                    Expr base = alias(Term.readThrough(a).base());
                    if (!Exprs.is(base, Op.ONES)) out.add(base);
                }
            }
            case LOG -> out.add(alias(isLogDet(n) || isLogSoftmax(n) ? Exprs.arg(n.arg(0), 0) : n.arg(0)));
            default -> { for (Expr a : n.args()) out.add(alias(a)); }
        }
        return out;
    }

    /** Whether reader's read of value needs value itself (see {@code PlanBuilder.plainReads}): not a product reading an inverse it solves with, nor a trace or a diagonal reading a product it takes entry-wise, nor a sum reading an entry-wise product it takes as a dot product. */
    static boolean plain(Expr reader, Expr value) {
        if (Exprs.is(reader, Op.MATMUL) && !isLong(reader)) return !isInverse(value) && !isOnesMatrix(value);
        if ((Exprs.is(reader, Op.TR) || Exprs.is(reader, Op.SUM) || Exprs.is(reader, Op.DIAG_VECTOR))
                && (Exprs.is(value, Op.MATMUL) && !isLong(value) || isSmallPower(value))) return false;
        return !(Exprs.is(reader, Op.SUM) && isEntrywisePair(value));
    }

    /**
     * P ⊙ Q of two operands of one shape (P.^2 is P ⊙ P), whose sum is the dot product of their entries: sum(X .* Y) is a
     * pass over X and Y, not one that writes X ⊙ Y and one that reads it back (trial s65a: 5× NumPy at n = 512).
     */
    static boolean isEntrywisePair(Expr e) { return entrywisePair(e) != null; }

    /** The operands P, Q of an {@link #isEntrywisePair entry-wise pair}, or null. */
    static Expr[] entrywisePair(Expr e) {
        if (!(e instanceof Node n) || e.shape().isScalar()) return null;
        if (n.op() == Op.ELEMPOW && n.param() == 2) return new Expr[] {n.arg(0), n.arg(0)};
        if (n.op() == Op.HADAMARD && n.args().size() == 2 && n.arg(0).shape().equals(n.arg(1).shape())) return new Expr[] {n.arg(0), n.arg(1)};
        return null;
    }

    /**
     * Past this many factors a product is ordered on its own when evaluated (ChainOrder, on its sizes alone), not planned
     * with the others: the planner's interval tables cost k³ keys of up to k factors, k⁴ for a trace's k rotations (a
     * trace of 100 factors took 10 s to plan).
     */
    static final int MAX_PLANNED = 40;

    /**
     * Aᵏ for a whole k from 2 to 8: planned as the chain A·A⋯A, so that its products are shared (tr(X³) is tr(X²·X)
     * with the gradient's X²: one product where the power's own kernel and X² made three, trial s65a).
     */
    static boolean isSmallPower(Expr e) {
        if (!Exprs.is(e, Op.POWER) || e.shape().isScalar()) return false;
        double k = ((Node) e).param();
        return k >= 2 && k <= 8 && k == Math.rint(k);
    }

    static boolean isLong(Expr product) { return ((Node) product).args().size() > MAX_PLANNED; }

    /** ones(m, n) with m, n > 1, which a product reads as ones(m)·ones(n)ᵀ (PlanBuilder.factors). */
    static boolean isOnesMatrix(Expr e) { return Exprs.is(e, Op.ONES) && !e.shape().rows().isOne() && !e.shape().cols().isOne(); }

    static boolean isInverse(Expr e) {
        return Exprs.is(e, Op.INV) || Exprs.is(e, Op.POWER) && ((Node) e).param() == -1;
    }

    static boolean isLogDet(Expr e) { return Exprs.is(e, Op.LOG) && Exprs.is(Exprs.arg(e, 0), Op.DET); }

    /** log(softmax(X)), computed from X: a softmax entry that underflows to 0 has a finite log. */
    static boolean isLogSoftmax(Expr e) { return Exprs.is(e, Op.LOG) && Exprs.is(Exprs.arg(e, 0), Op.SOFTMAX); }

    /** A factor read through its transposes; a symmetric value is never read transposed. */
    static Chains.Factor factorOf(Expr a) {
        a = alias(a);
        boolean t = false;
        while (Exprs.is(a, Op.TRANSPOSE)) {
            t = !t;
            a = alias(Exprs.arg(a, 0));
        }
        return new Chains.Factor(a, t);
    }
}
