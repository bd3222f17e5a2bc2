package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Term;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static dev.matdiff.expr.Exprs.*;

/**
 * Broadcasts: u1ᵀ, a column repeated along the rows (each row one number), and 1vᵀ, a row repeated down the
 * columns. An element-wise map acts on the one number, and a row sum (column sum) takes it out as a factor:
 * batch norm's sum(T ⊘ (σ1ᵀ), 2) is sum(T, 2) ⊘ σ.
 */
final class Broadcasts {
    private Broadcasts() {}

    /** The ops an element-wise map of a broadcast is rewritten at: every element-wise function, and .^p. */
    static final Set<Op> ELEMENTWISE_MAPS = elementwiseMaps();

    private static Set<Op> elementwiseMaps() {
        Set<Op> out = EnumSet.of(Op.ELEMPOW);
        for (Op op : Op.values()) if (op.isElementwise()) out.add(op);
        return out;
    }

    /** f(u1ᵀ) = f(u)1ᵀ and f(1vᵀ) = 1f(v)ᵀ for an element-wise f (.^p with p ≥ 0 included). */
    static Expr elementwiseOfBroadcast(Node n) {
        Expr b = n.arg(0);
        // a reciprocal stays whole, for A ⊙ B.^-1 = A ⊘ B to see: T ⊘ (σ1ᵀ), not T ⊙ ((1 ⊘ σ)1ᵀ)
        if (n.op() == Op.ELEMPOW && n.param() < 0) return null;
        if (isBroadcast(b, true)) return matmul(java.util.List.of(rebuild(n, java.util.List.of(arg(b, 0))), arg(b, 1)));
        if (isBroadcast(b, false)) return matmul(java.util.List.of(arg(b, 0), rebuild(n, java.util.List.of(arg(b, 1)))));
        return null;
    }

    /**
     * (u1ᵀ).^p = (u.^p)1ᵀ for p < 0 as a term of a sum that also holds the right side, so the two meet as like terms
     * (a column-normalised X ⊘ (1·sum(X, 1)) has sum 1 per column: its gradient 1 ⊘ (1·s) − 1·(1 ⊘ s) is 0).
     * Elsewhere the reciprocal stays whole ({@link #elementwiseOfBroadcast}).
     */
    static Expr reciprocalBroadcastTerms(Node n) {
        List<Expr> terms = n.children();
        Set<Expr> cores = IdentityMaps.set();
        for (Expr t : terms) cores.add(Term.readThrough(t).base());
        List<Expr> out = new ArrayList<>(terms);
        boolean changed = false;
        for (int i = 0; i < terms.size(); i++) {
            Term term = Term.readThrough(terms.get(i));
            Expr c = term.base();
            if (!is(c, Op.ELEMPOW) || ((Node) c).param() >= 0) continue;
            Expr b = arg(c, 0);
            for (boolean rows : new boolean[] {true, false}) {
                if (!isBroadcast(b, rows)) continue;
                Expr v = rebuild((Node) c, List.of(vector(b, rows)));
                Expr spread = matmul(rows ? List.of(v, arg(b, 1)) : List.of(arg(b, 0), v));
                if (!cores.contains(spread)) continue;
                out.set(i, new Term(term.coefficient(), spread).build());
                changed = true;
            }
        }
        return changed ? add(out) : null;
    }

    /**
     * (u1ᵀ) ⊙ (v1ᵀ) = (u ⊙ v)1ᵀ and (1uᵀ) ⊘ (1vᵀ) = 1(uᵀ ⊘ vᵀ): two broadcasts the same way are one, so batch
     * norm's (1gᵀ) ⊘ (1σᵀ) meets the 1(gᵀ ⊘ σᵀ) its mean gives and the two cancel.
     */
    static Expr elementwisePairOfBroadcasts(Node n) {
        Expr a = n.arg(0), b = n.arg(1);
        for (boolean rows : new boolean[] {true, false}) {
            if (!isBroadcast(a, rows) || !isBroadcast(b, rows)) continue;
            Expr ones = arg(a, rows ? 1 : 0);
            if (!ones.shape().equals(arg(b, rows ? 1 : 0).shape())) continue;
            Expr inner = rebuild(n, java.util.List.of(vector(a, rows), vector(b, rows)));
            return matmul(rows ? java.util.List.of(inner, ones) : java.util.List.of(ones, inner));
        }
        return null;
    }

    /**
     * sum(A ⊙ (u1ᵀ), 2) = sum(A, 2) ⊙ u and sum(A ⊘ (u1ᵀ), 2) = sum(A, 2) ⊘ u, the broadcast anywhere among the
     * factors of an element-wise product (not under a ⊘); sum(A ⊙ (1vᵀ), 1) = sum(A, 1) ⊙ v likewise.
     */
    static Expr sumOfBroadcastFactor(Node n) {
        boolean rows = n.op() == Op.SUM_ROWS;
        Pulled p = pull(n.arg(0), rows);
        if (p == null) return null;
        Expr sum = rebuild(n, java.util.List.of(p.rest()));
        return p.divides() ? elemDiv(sum, p.factor()) : hadamard(sum, p.factor());
    }

    /**
     * sum(A ⊙ (1vᵀ), 2) = Av and sum(A ⊙ (u1ᵀ), 1) = uᵀA: a sum weighted by a broadcast across what it sums is a product;
     * a mixture's gradient Σ_k r_k d_k is D r, not sum(D .* (ones(d)*r'), 2). And by an outer product,
     * sum(A ⊙ (uvᵀ), 2) = (Av) ⊙ u, sum(A ⊙ (uvᵀ), 1) = (uᵀA) ⊙ vᵀ.
     */
    static Expr sumOfWeighted(Node n) {
        boolean rows = n.op() == Op.SUM_ROWS;
        if (!is(n.arg(0), Op.HADAMARD)) return null;
        for (int i = 0; i < 2; i++) {
            Expr w = arg(n.arg(0), i), a = arg(n.arg(0), 1 - i);
            if (isBroadcast(w, !rows)) return rows ? mul(a, transposed(vector(w, false))) : mul(transposed(vector(w, true)), a);
            if (isOuter(w)) {
                Expr u = arg(w, 0), v = arg(w, 1);
                return rows ? hadamard(mul(a, transposed(v)), u) : hadamard(mul(transposed(u), a), v);
            }
        }
        return null;
    }

    /** sum(A ⊙ (u vᵀ)) = uᵀ A v, the outer product on either side. */
    static Expr sumOfBilinear(Node n) {
        if (!is(n.arg(0), Op.HADAMARD)) return null;
        for (int i = 0; i < 2; i++) {
            Expr w = arg(n.arg(0), i), a = arg(n.arg(0), 1 - i);
            if (isOuter(w)) return matmul(java.util.List.of(transposed(arg(w, 0)), a, transposed(arg(w, 1))));
        }
        return null;
    }

    /** u vᵀ for a column u and a row vᵀ, neither 1×1 nor ones (those are broadcasts). */
    private static boolean isOuter(Expr e) {
        if (!is(e, Op.MATMUL) || e.children().size() != 2) return false;
        Expr u = arg(e, 0), v = arg(e, 1);
        return u.shape().isColumn() && v.shape().rows().isOne() && !u.shape().isScalar() && !v.shape().isScalar() && !is(u, Op.ONES) && !is(v, Op.ONES);
    }

    /** What is left of a product once the broadcast's vector {@code factor} is taken out, and whether it divided. */
    private record Pulled(Expr rest, Expr factor, boolean divides) {}

    private static Pulled pull(Expr e, boolean rows) {
        if (is(e, Op.HADAMARD)) {
            for (int i = 0; i < 2; i++)
                if (isBroadcast(arg(e, i), rows)) return new Pulled(arg(e, 1 - i), vector(arg(e, i), rows), false);
            for (int i = 0; i < 2; i++) {
                Pulled p = pull(arg(e, i), rows);
                if (p != null) return new Pulled(hadamard(p.rest(), arg(e, 1 - i)), p.factor(), p.divides());
            }
        } else if (is(e, Op.ELEMDIV)) {
            if (isBroadcast(arg(e, 1), rows)) return new Pulled(arg(e, 0), vector(arg(e, 1), rows), true);
            Pulled p = pull(arg(e, 0), rows);
            if (p != null) return new Pulled(elemDiv(p.rest(), arg(e, 1)), p.factor(), p.divides());
        }
        return null;
    }

    /** u for u1ᵀ (rows), vᵀ for 1vᵀ. */
    private static Expr vector(Expr broadcast, boolean rows) { return arg(broadcast, rows ? 0 : 1); }

    /** u1ᵀ for a column u that is not 1×1 and a ones row (rows), or 1vᵀ for a ones column and a row vᵀ. */
    static boolean isBroadcast(Expr e, boolean rows) {
        if (!is(e, Op.MATMUL) || e.children().size() != 2) return false;
        Expr v = arg(e, rows ? 0 : 1), ones = arg(e, rows ? 1 : 0);
        return is(ones, Op.ONES) && !v.shape().isScalar() && !is(v, Op.ONES)
                && (rows ? v.shape().isColumn() && ones.shape().rows().isOne() : v.shape().rows().isOne() && ones.shape().cols().isOne());
    }

    /** A ⊙ (v.^-k 1ᵀ) = A ⊘ (v.^k 1ᵀ), and with the broadcast on either side or of a row (see {@link #broadcastReciprocal}). */
    static Expr hadamardBroadcastReciprocal(Node n) {
        for (int i = 0; i < 2; i++) {
            Expr spread = broadcastReciprocal(n.arg(i));
            if (spread != null) return elemDiv(n.arg(1 - i), spread);
        }
        return null;
    }

    /**
     * A factor A ⊙ (1vᵀ) of a product (or of a scaling) as A·diag(v), and A ⊙ (u1ᵀ) as diag(u)·A, for a matrix A: each
     * column (row) scaled, as a textbook writes a weighted loss's (P − Y)·diag(c)·Xᵀ (trial s70b: (P - Y) .* (ones(K)*c')
     * inside the product). Only as a factor: beside other broadcasts, in a sum or a quotient by one (a batch norm's), the
     * broadcast reads alike. Not for a reciprocal (A ⊘ (s1ᵀ) reads as each row over s) nor a vector A (v ⊙ a).
     */
    static Expr hadamardBroadcastDiagonal(Node n) {
        List<Expr> factors = new ArrayList<>(n.args());
        for (int k = n.op() == Op.SCALE ? 1 : 0; k < factors.size(); k++) {
            Expr scaled = is(factors.get(k), Op.HADAMARD) ? scaledByDiagonal((Node) factors.get(k)) : null;
            if (scaled == null) continue;
            if (n.op() == Op.SCALE) return scale(factors.get(0), scaled);
            factors.set(k, scaled);
            return matmul(factors);
        }
        return null;
    }

    /** A·diag(v) for A ⊙ (1vᵀ), diag(u)·A for A ⊙ (u1ᵀ), A a matrix; else null. */
    private static Expr scaledByDiagonal(Node n) {
        for (int i = 0; i < 2; i++) {
            Expr a = n.arg(1 - i), b = n.arg(i);
            if (a.shape().rows().isOne() || a.shape().cols().isOne() || isBroadcast(a, true) || isBroadcast(a, false)) continue;
            for (boolean rows : new boolean[] {true, false}) {
                if (!isBroadcast(b, rows)) continue;
                Expr v = vector(b, rows), column = rows ? v : transposed(v);
                if (is(column, Op.ELEMPOW) && ((Node) column).param() < 0) return null;
                return rows ? matmul(List.of(diag(column), a)) : matmul(List.of(a, diag(column)));
            }
        }
        return null;
    }

    /**
     * v.^-k·1ᵀ for a column v, read as the broadcast of v.^k it divides by (1·wᵀ for a row wᵀ likewise), else null: a group
     * lasso's W ⊙ ((1 ⊘ s)·1ᵀ) is W ⊘ (s·1ᵀ), as a textbook divides each row by its norm. Only a column's (a row's): M.^-1·1
     * of a matrix M sums reciprocals, which no quotient by M·1 is.
     */
    private static Expr broadcastReciprocal(Expr r) {
        for (boolean rows : new boolean[] {true, false}) {
            if (!isBroadcast(r, rows)) continue;
            Expr v = vector(r, rows), p = !rows && is(v, Op.TRANSPOSE) ? arg(v, 0) : v;
            if (!is(p, Op.ELEMPOW) || ((Node) p).param() >= 0) return null;
            double k = -((Node) p).param();
            Expr base = k == 1 ? arg(p, 0) : elemPow(arg(p, 0), k), spread = p == v ? base : transpose(base);
            return rows ? matmul(List.of(spread, arg(r, 1))) : matmul(List.of(arg(r, 0), spread));
        }
        return null;
    }
}
