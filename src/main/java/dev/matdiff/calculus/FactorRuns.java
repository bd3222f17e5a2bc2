package dev.matdiff.calculus;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.simplify.Symmetry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Products written by what they stand for inside longer chains: the simplifier flattens A·(x) into one chain A·x·xᵀ·Aᵀ·A,
 * where a named product w = A·x, or a quotient's numerator, is no node of its own but a run of factors, and its
 * transpose the run xᵀ·Aᵀ. Each run is matched where it stands, the longest first.
 */
final class FactorRuns {
    /** A product's factors in a row, or its transpose's, and what they are written as: w, or wᵀ. */
    private record Run(List<Expr> factors, Expr value) {}

    /** The runs by their first factor, longest first. */
    private final Map<Expr, List<Run>> runs = IdentityMaps.map();

    /** The product of {@code factors} read as {@code value}, and its transpose, as the simplifier writes it, as valueᵀ. */
    void add(List<Expr> factors, Expr value) {
        add(new Run(factors, value));
        // transposed as the simplifier writes it: yᵀX·inv(A) for w = inv(A)Xᵀy with A symmetric
        List<Expr> turned = Symmetry.transposedFactors(factors);
        if (!turned.equals(factors)) add(new Run(turned, Exprs.transpose(value)));
    }

    private void add(Run run) {
        List<Run> from = runs.computeIfAbsent(run.factors().get(0), k -> new ArrayList<>());
        int at = 0;
        while (at < from.size() && from.get(at).factors().size() >= run.factors().size()) at++;
        from.add(at, run);
    }

    /** The chain with the runs it holds written as their values, its other factors through {@code others}; null where none is. */
    Expr read(Expr chain, UnaryOperator<Expr> others) {
        List<Expr> factors = chain.children(), out = new ArrayList<>(factors.size());
        boolean read = false;
        for (int i = 0; i < factors.size(); ) {
            Run run = longestAt(factors, i);
            if (run == null) {
                out.add(others.apply(factors.get(i++)));
                continue;
            }
            out.add(run.value());
            i += run.factors().size();
            read = true;
        }
        return read ? Exprs.matmul(out) : null;
    }

    private Run longestAt(List<Expr> factors, int i) {
        List<Run> from = runs.get(factors.get(i));
        if (from == null) return null;
        for (Run r : from) {
            int k = r.factors().size();
            if (i + k <= factors.size() && factors.subList(i, i + k).equals(r.factors())) return r;
        }
        return null;
    }
}
