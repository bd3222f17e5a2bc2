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
 * The factors of ⊙ every term of a sum holds, wherever each stands in its term's chain, taken outside: ⊙ commutes, so
 * σ ⊙ (1 − σ) ⊙ u ⊙ a + σ ⊙ a is σ ⊙ a ⊙ ((1 − σ) ⊙ u + 1), SwiGLU's gate as the paper writes it (trial s81b), where
 * {@link SharedFactors}' hadamard-factor reads one side of each ⊙ only. A term that is all common factors keeps ones, and
 * its scalar: a mixture density network's p ⊙ μ − y·p is p ⊙ (μ − y·1).
 */
final class HadamardCommon {
    private HadamardCommon() {}

    /** Factors of one term read for common ones: past this many, a long chain is left to the side-by-side reading. */
    private static final int MOST_FACTORS = 16;

    /** The sum with its terms' common ⊙ factors outside, where that prints shorter and no term's rest divides; else null. */
    static Expr outside(Node sum) {
        // printed, a sum of shared parts is a tree: past a few hundred nodes it keeps its form, as the simplifier's choices
        // do (review: 32 softmax layers' Hessian printed its sums to compare them and ran out of memory)
        if (sum.shape().isScalar() || sum.arity() < 2 || !withinTree(sum, new int[] {Simplifier.MAX_NODES_TO_COMPARE})) return null;
        List<Term> terms = new ArrayList<>();
        List<List<Expr>> rests = new ArrayList<>(), scalars = new ArrayList<>();
        for (Expr t : sum.args()) {
            Term term = Term.of(t);
            List<Expr> factors = new ArrayList<>(), scaling = new ArrayList<>();
            if (!factors(term.base(), factors, scaling)) return null;
            terms.add(term);
            rests.add(factors);
            scalars.add(scaling);
        }
        List<Expr> common = new ArrayList<>();
        for (Expr f : List.copyOf(rests.get(0))) {
            if (is(f, Op.ONES) || !f.shape().equals(sum.shape()) || !rests.stream().allMatch(r -> holds(r, f))) continue;
            common.add(f);
            for (List<Expr> r : rests) r.remove(indexOf(r, f));
        }
        if (common.isEmpty()) return null;
        List<Expr> inner = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            // a term that is all common factors leaves 1 + …, as textbooks write it, but not − 1 (review s81r: σ ⊙ (a… − 1))
            if (rests.get(i).isEmpty() && scalars.get(i).isEmpty() && terms.get(i).coefficient() < 0) return null;
            Expr rest = rests.get(i).isEmpty() ? ones(sum.shape()) : chain(rests.get(i));
            if (FactorCancel.hasQuotient(rest)) return null;
            for (Expr c : scalars.get(i)) rest = scale(c, rest);
            // plain ones first, however the terms stood: σ ⊙ (1 + u ⊙ (1 − σ)) one way in every result (review s81r)
            boolean plainOnes = rests.get(i).isEmpty() && scalars.get(i).isEmpty() && terms.get(i).coefficient() > 0;
            inner.add(plainOnes ? 0 : inner.size(), new Term(terms.get(i).coefficient(), rest).build());
        }
        Expr out = hadamard(chain(common), add(inner));
        return TextPrinter.print(out).length() < TextPrinter.print(sum).length() ? out : null;
    }

    /** Whether e, read as a tree, has at most {@code left[0]} nodes. */
    private static boolean withinTree(Expr e, int[] left) {
        if (--left[0] < 0) return false;
        for (Expr c : e.children()) if (!withinTree(c, left)) return false;
        return true;
    }

    /** The factors of a chain of ⊙ into out, a scaling's scalar into scalars (y·p is y and p); false past {@link #MOST_FACTORS}. */
    private static boolean factors(Expr e, List<Expr> out, List<Expr> scalars) {
        if (is(e, Op.SCALE)) {
            scalars.add(arg(e, 0));
            return factors(arg(e, 1), out, scalars);
        }
        if (!is(e, Op.HADAMARD)) {
            out.add(e);
            return out.size() <= MOST_FACTORS;
        }
        for (Expr c : e.children()) if (!factors(c, out, scalars)) return false;
        return true;
    }

    private static boolean holds(List<Expr> factors, Expr f) { return indexOf(factors, f) >= 0; }

    private static int indexOf(List<Expr> factors, Expr f) {
        for (int i = 0; i < factors.size(); i++) if (factors.get(i) == f) return i;
        return -1;
    }

    private static Expr chain(List<Expr> factors) {
        Expr out = factors.get(0);
        for (int i = 1; i < factors.size(); i++) out = hadamard(out, factors.get(i));
        return out;
    }
}
