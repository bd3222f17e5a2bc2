package dev.matdiff.calculus;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Substitution;
import dev.matdiff.simplify.Commuted;

import java.util.List;
import java.util.Map;

/**
 * What commutes in the order it was first written, in every result: a sum as the objective writes it (trial s75b: a
 * planar flow's −ψ/(1 + uᵀψ) beside (…)/(uᵀψ + 1)), else as the first gradient to write it did; an element-wise product
 * with its two factors as the first gradient wrote it, in the later gradients and the Hessians, so that one value is one
 * part, with one name (trial s74b: attention's dS named twice beside its Hessian, as (…) .* A and A .* (…); batch norm's
 * sum(T .* Xc, 1) in ∇X, sum(Xc .* T, 1) in ∇g).
 */
final class OrderAsWritten {
    /** The products written so far, by first factor, then by second. */
    private final Map<Expr, Map<Expr, Expr>> products = IdentityMaps.map();
    /** The sums written so far, the first of those one up to order standing for all. */
    private final Commuted.Firsts sums = new Commuted.Firsts();

    /**
     * Where the objective, its names' definitions read where they are used, first writes each symbol and name: the
     * Cookbook's order of b and c, wherever they stand (WrittenOrder ranks only what the objective itself writes, and
     * layers, which is the order of a gradient's terms by the objective's terms).
     */
    private final Map<Expr, Integer> writtenAt = new java.util.HashMap<>();

    /** The order the objective writes its sums in, its names' definitions read too. */
    OrderAsWritten(Expr objective) {
        for (Expr x : Dag.postOrder(List.of(objective))) {
            if (Exprs.is(x, Op.ADD)) sums.firstLike(x);
            if (x instanceof Expr.Var || x instanceof Expr.Named) writtenAt.putIfAbsent(x, writtenAt.size());
        }
    }

    /**
     * The objective with each sum that is one up to order with a sum it wrote before as that one: (a + Bx)ᵀA(Bx + a) is one
     * quadratic form, whose gradient then collects to Bᵀ(A + Aᵀ)(a + Bx) (trial s77a). Names are left as they are.
     */
    static Expr sumsAsFirstWritten(Expr objective) {
        Commuted.Firsts sums = new Commuted.Firsts();
        Map<Expr, Expr> first = IdentityMaps.map();
        for (Expr x : Dag.postOrder(List.of(objective))) {
            if (!Exprs.is(x, Op.ADD)) continue;
            Expr like = sums.firstLike(x);
            if (like != x) first.put(x, like);
        }
        return first.isEmpty() ? objective : Substitution.apply(objective, x -> x instanceof Expr.Named ? x : first.get(x));
    }

    /** A gradient written as the ones before it write their sums and products, whose own the later ones then follow. */
    Expr following(Expr gradient) {
        Expr g = arranged(gradient);
        for (Expr x : Dag.postOrder(List.of(g))) {
            if (Exprs.is(x, Op.HADAMARD) && twin(x) == null)
                products.computeIfAbsent(Exprs.arg(x, 0), k -> IdentityMaps.map()).put(Exprs.arg(x, 1), x);
            if (Exprs.is(x, Op.ADD)) sums.firstLike(x);
        }
        return g;
    }

    /** e with each B ⊙ A written A ⊙ B, and each sum in the order of its terms, where that was written first. */
    Expr apply(Expr e) {
        return Substitution.apply(e, x -> asWritten(x, null));
    }

    /**
     * The same, and a gradient's sum no one wrote before in the order of its symbols ({@link #bySymbols}): a gradient,
     * as its result line prints it and a Hessian differentiates it (a Hessian's own sums keep theirs).
     */
    Expr arranged(Expr gradient) {
        return Substitution.selfApplying(this::asWritten).apply(gradient);
    }

    /**
     * x as first written, a product of ⊙ or a sum in another order; null where none is (or x is it): looked into. A
     * sum put in its symbols' order has its terms looked into by the same arranging (a walk of its own per sum was
     * exponential in nested sums: 22 levels of names took 37 s).
     */
    private Expr asWritten(Expr x, Substitution arranging) {
        if (Exprs.is(x, Op.HADAMARD)) return twin(x);
        if (!Exprs.is(x, Op.ADD)) return null;
        Expr first = sums.metLike(x);
        if (first != null) return first == x ? null : first;
        Expr sum = arranging != null ? bySymbols(x) : null;
        // what the new order holds is looked into too: a product of ⊙ inside, as first written
        return sum == null ? null : Exprs.add(sum.children().stream().map(arranging::apply).toList());
    }

    /**
     * A sum no one wrote before, whose terms are its symbols in other arrangements, with its terms in the order the
     * objective writes those symbols: bᵀXᵀXc's gradient X(bcᵀ + cbᵀ), tr(AXBX)'s (AXB + BXA)ᵀ, tr(AX³)'s
     * (AX² + XAX + X²A)ᵀ, as the Cookbook's (77), (114), (122) list them (trial s76a). Each term is read as the symbols it
     * prints, left to right (X² twice), each ranked by where the objective first writes it, however many transposes
     * each holds (bᵀXᵀDXc's DᵀXbcᵀ + DXcbᵀ, (82)); terms that read alike keep their order, a term and its transposed twin
     * the plain one first (BXC + BᵀXCᵀ, (117)). Null where the terms read different symbols, one leads with a minus, or
     * the order stays.
     */
    private Expr bySymbols(Expr sum) {
        List<Expr> terms = sum.children();
        if (terms.size() > MAX_ARRANGED) return null;
        java.util.Set<Expr> symbols = null;
        Map<Expr, List<Integer>> key = IdentityMaps.map();
        for (Expr t : terms) {
            if (dev.matdiff.expr.Signs.leadingMinus(t)) return null;
            List<Expr> nodes = Dag.asWritten(t);
            if (nodes.size() > MAX_ARRANGED_NODES) return null;
            java.util.Set<Expr> read = new java.util.HashSet<>(nodes.stream().filter(y -> y instanceof Expr.Var || y instanceof Expr.Named).toList());
            if (symbols == null) symbols = read;
            else if (!symbols.equals(read)) return null;
            List<Integer> ranks = new java.util.ArrayList<>();
            readLeftToRight(t, ranks);
            key.put(t, ranks);
        }
        List<Expr> sorted = terms.stream().sorted((a, b) -> lexicographic(key.get(a), key.get(b))).toList();
        return sorted.equals(terms) ? null : Exprs.add(sorted);
    }

    /** Terms past which a sum keeps its order, and nodes past which a term does: arranging is a textbook's habit for a few. */
    private static final int MAX_ARRANGED = 6, MAX_ARRANGED_NODES = 200;

    /** The ranks of the symbols e prints, left to right; a power's base as often as the power says. */
    private void readLeftToRight(Expr e, List<Integer> out) {
        if (out.size() > MAX_ARRANGED_NODES) return;  // a term that shares its parts reads as a tree far larger than its DAG
        if (e instanceof Expr.Var || e instanceof Expr.Named) {
            out.add(writtenAt.getOrDefault(e, Integer.MAX_VALUE));
            return;
        }
        int times = Exprs.is(e, Op.POWER) && ((Expr.Node) e).param() > 0 ? (int) Math.min(((Expr.Node) e).param(), 8) : 1;
        for (int k = 0; k < times; k++) for (Expr c : e.children()) readLeftToRight(c, out);
    }

    private static int lexicographic(List<Integer> a, List<Integer> b) {
        for (int k = 0; k < Math.min(a.size(), b.size()); k++) {
            int c = Integer.compare(a.get(k), b.get(k));
            if (c != 0) return c;
        }
        return Integer.compare(a.size(), b.size());
    }

    /** A ⊙ B as written, for x = B ⊙ A; null where none is. */
    private Expr twin(Expr x) {
        Map<Expr, Expr> byFirst = products.get(Exprs.arg(x, 1));
        return byFirst == null ? null : byFirst.get(Exprs.arg(x, 0));
    }
}
