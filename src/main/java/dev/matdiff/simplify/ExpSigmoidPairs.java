package dev.matdiff.simplify;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Term;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static dev.matdiff.expr.Exprs.arg;
import static dev.matdiff.expr.Exprs.is;

/**
 * Finds an eᵘ and a σ(−u) among the scalar factors of a scaling, in one pass over them. Each eᵘ looks its σ up
 * by u's base and coefficient: the slope of exp(exp(…(a)…)) has a factor per level, and comparing every eᵘ with
 * every factor made a derivation cubic in the depth (48 s at 2,000 levels).
 */
final class ExpSigmoidPairs {
    private ExpSigmoidPairs() {}

    /** {i, j} for the first eᵘ (factor i) that has a σ(−u) (the first such, factor j), or null. */
    static int[] first(List<Expr> factors) {
        Map<Expr, Map<Double, Integer>> sigmoids = new IdentityHashMap<>();
        for (int j = factors.size() - 1; j >= 0; j--) {
            Expr f = factors.get(j);
            if (!is(f, Op.SIGMOID)) continue;
            Term t = Term.readThrough(arg(f, 0));
            if (Double.isNaN(t.coefficient())) continue;  // never opposite, though a NaN key would match itself
            // + 0.0 reads −0 as 0, as == does; the lowest j is put last, so it wins
            sigmoids.computeIfAbsent(t.base(), b -> new HashMap<>()).put(t.coefficient() + 0.0, j);
        }
        if (sigmoids.isEmpty()) return null;
        for (int i = 0; i < factors.size(); i++) {
            Expr f = factors.get(i);
            if (!is(f, Op.EXP)) continue;
            Term t = Term.readThrough(arg(f, 0));
            Map<Double, Integer> byCoefficient = sigmoids.get(t.base());
            Integer j = byCoefficient == null ? null : byCoefficient.get(-t.coefficient() + 0.0);
            if (j != null) return new int[] {i, j};
        }
        return null;
    }
}
