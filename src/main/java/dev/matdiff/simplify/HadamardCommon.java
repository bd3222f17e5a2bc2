package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Term;
import dev.matdiff.expr.TextPrinter;

import java.util.ArrayList;
import java.util.List;

import static dev.matdiff.expr.Exprs.*;

/**
 * The rule hadamard-common, for results: {@link CommonFactor#outsideOnly} takes out the entry-wise factors every term of a
 * sum holds, wherever each stands in its term's chain of ⊙ (⊙ commutes), so σ ⊙ (1 − σ) ⊙ u ⊙ a + σ ⊙ a is
 * σ ⊙ a ⊙ (1 + (1 − σ) ⊙ u), SwiGLU's gate as the paper writes it (trial s81b), where hadamard-factor reads one side of
 * each ⊙ only; a term's scalars stay in it, a mixture density network's p ⊙ μ − y·p being p ⊙ (μ − y·1). This rule says
 * where that is the textbook's: where it prints shorter, no term left inside divides (the canceller's), none is − 1, and
 * a plain 1 comes first, one way in every result.
 */
final class HadamardCommon {
    private HadamardCommon() {}

    static Expr outside(Node sum) {
        // printed, a sum of shared parts is a tree: past a few hundred nodes it keeps its form, as the simplifier's choices
        // do (review: 32 softmax layers' Hessian printed its sums to compare them and ran out of memory)
        if (sum.shape().isScalar() || sum.arity() < 2 || !withinTree(sum, new int[] {Simplifier.MAX_NODES_TO_COMPARE})) return null;
        Expr out = CommonFactor.outsideOnly(sum, f -> !f.shape().isScalar(), inner -> null);
        if (out == null || !is(out, Op.HADAMARD) || !is(arg(out, 1), Op.ADD)) return null;
        List<Expr> inner = new ArrayList<>();
        for (Expr t : arg(out, 1).children()) {
            Term term = Term.readThrough(t);
            boolean ones = is(term.base(), Op.ONES);
            // 1 + …, as textbooks write it, but not − 1 (review s81r: σ ⊙ (a… − 1)); nothing the canceller would divide
            if (ones && term.coefficient() < 0 || FactorCancel.hasQuotient(t)) return null;
            inner.add(ones ? 0 : inner.size(), t);
        }
        out = hadamard(arg(out, 0), add(inner));
        return TextPrinter.print(out).length() < TextPrinter.print(sum).length() ? out : null;
    }

    /** Whether e, read as a tree, has at most {@code left[0]} nodes. */
    private static boolean withinTree(Expr e, int[] left) {
        if (--left[0] < 0) return false;
        for (Expr c : e.children()) if (!withinTree(c, left)) return false;
        return true;
    }
}
