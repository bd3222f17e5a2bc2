package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;

import java.util.ArrayList;
import java.util.List;

import static dev.matdiff.expr.Exprs.*;
import static dev.matdiff.simplify.ProductRules.replacing;
import static dev.matdiff.simplify.ProductRules.replacingPair;
import static dev.matdiff.simplify.ProductRules.square;

/** Inverses in a product: an inverse beside its matrix cancels, beside a factor of its matrix peels that factor off. */
final class InverseRules {
    private InverseRules() {}

    static Expr inverseCancel(Node n) {
        List<Expr> f = n.args();
        for (int i = 0; i < f.size(); i++) {
            if (i + 1 < f.size() && (inverses(f.get(i), f.get(i + 1)) || inverses(f.get(i + 1), f.get(i)))) return without(n, i, 2);
            // (XᵀX)⁻¹·Xᵀ·X = I for a rectangular X too: the inverted product's factors written out beside it
            List<Expr> product = invertedFactors(f.get(i));
            if (product == null || product.size() < 2) continue;
            int k = product.size();
            if (i + k < f.size() && f.subList(i + 1, i + 1 + k).equals(product)) return without(n, i, k + 1);
            if (i >= k && f.subList(i - k, i).equals(product)) return without(n, i - k, k + 1);
        }
        return null;
    }

    /** The product n with count factors from the one at i left out: what is left, or I when nothing is. */
    private static Expr without(Node n, int i, int count) {
        Expr rest = replacing(n.args(), i, count, List.of());
        return rest == null ? eye(n.shape().rows()) : rest;
    }

    /**
     * (FR)⁻¹F = R⁻¹ and L·(RL)⁻¹ = R⁻¹ for a square F or L: a neighbour cancels the factor of an
     * inverted product next to it (Cookbook (50): Aᵀ(AXB)⁻ᵀBᵀ = X⁻ᵀ for square A and B). A square
     * product that is invertible has invertible square factors, so the cancelled inverse exists.
     * An inverse's transpose is read as the inverse of the transposed product.
     */
    static Expr inversePeel(Node n) {
        List<Expr> f = n.args();
        for (int i = 0; i + 1 < f.size(); i++) {
            List<Expr> right = invertedFactors(f.get(i));
            if (right != null && right.size() > 1 && right.get(0) == f.get(i + 1) && square(f.get(i + 1)))
                return replacingPair(f, i, inv(matmul(right.subList(1, right.size()))));
            List<Expr> left = invertedFactors(f.get(i + 1));
            if (left != null && left.size() > 1 && left.get(left.size() - 1) == f.get(i) && square(f.get(i)))
                return replacingPair(f, i, inv(matmul(left.subList(0, left.size() - 1))));
        }
        return null;
    }

    /**
     * (aI + Σ cᵢTᵢ)F = aF + Σ cᵢ(TᵢF) where each TᵢF cancels or peels an inverse or meets a power of opposite sign (F(…)
     * likewise): a Gaussian KL's Cholesky gradient (I − (LLᵀ)⁻¹)L is L − L⁻ᵀ, logdet(X²) + tr(X²)'s (X⁻² + I)X is X⁻¹ + X. Only when every term but multiples of I gets shorter, or all but
     * one and some term cancels to I beside a named F, the whole product then distributed: Y⁻¹X(X⁻¹ − Y⁻¹) = Y⁻¹ − Y⁻¹XY⁻¹.
     */
    static Expr distributeForInverse(Node n) {
        List<Expr> f = n.args();
        for (int i = 0; i < f.size(); i++) {
            if (!is(f.get(i), Op.ADD)) continue;
            for (int j : new int[] {i - 1, i + 1}) {
                if (j < 0 || j >= f.size()) continue;
                Expr other = f.get(j);
                List<Expr> terms = new ArrayList<>();
                boolean shortened = false, cancelled = false, merged = false, reducing = false;
                int kept = 0;
                for (Expr t : f.get(i).children()) {
                    Scaled term = Scaled.of(t);
                    Expr reduced = is(term.core(), Op.EYE) ? other : reducedAgainst(term.core(), other, j > i);
                    reducing |= reduced != null && !is(term.core(), Op.EYE);
                    // a power of F's own symbol merges with it, A(2A⁻² + A²) = 2A⁻¹ + A³, where another term cancels
                    if (reduced == null) {
                        reduced = powersMerged(term.core(), other);
                        merged |= reduced != null;
                    }
                    // one term that does not reduce may take F along where another cancels to I and F is a name:
                    // X(X⁻¹ − Y⁻¹) = I − XY⁻¹, so a Burg divergence's gradient reads Y⁻¹ − Y⁻¹XY⁻¹ with X's beside it
                    if (reduced == null) {
                        kept++;
                        if (kept > 1) { terms = null; break; }
                        reduced = j > i ? mul(term.core(), other) : mul(other, term.core());
                    }
                    shortened |= !is(term.core(), Op.EYE);
                    cancelled |= !is(term.core(), Op.EYE) && is(reduced, Op.EYE);
                    terms.add(term.rescale(reduced));
                }
                if (terms == null || !shortened || merged && (!reducing || kept > 0)) continue;
                if (kept == 0) return replacing(f, Math.min(i, j), 2, List.of(add(terms)));
                // then over the whole product, whose other factors the I leaves alone: Y⁻¹X(X⁻¹ − Y⁻¹) = Y⁻¹ − Y⁻¹XY⁻¹;
                // only a name F is copied into the term that keeps it, where a larger F written twice would lengthen the sum
                boolean named = other instanceof Expr.Var || is(other, Op.TRANSPOSE) && arg(other, 0) instanceof Expr.Var;
                if (!cancelled || !named) continue;
                List<Expr> whole = new ArrayList<>();
                for (Expr t : terms) {
                    Scaled term = Scaled.of(t);
                    Expr product = replacing(f, Math.min(i, j), 2, is(term.core(), Op.EYE) ? List.of() : List.of(term.core()));
                    whole.add(term.rescale(product == null ? term.core() : product));
                }
                return add(whole);
            }
        }
        return null;
    }

    /** t·g (or g·t) with an inverse cancelled or peeled, or null if neither applies. */
    private static Expr reducedAgainst(Expr t, Expr g, boolean gOnTheRight) {
        Expr written = gOnTheRight ? mul(t, g) : mul(g, t);
        if (!(written instanceof Node product) || product.op() != Op.MATMUL) return null;
        Expr reduced = inverseCancel(product);
        if (reduced == null) reduced = inversePeel(product);
        return reduced != null ? reduced : powersCancelling(t, g);
    }

    /** Xʲ·Xᵏ (or transposed) for exponents of opposite signs, as the one power it is: (X⁻²)ᵀXᵀ = X⁻ᵀ; else null. */
    private static Expr powersCancelling(Expr t, Expr g) {
        ProductRules.SymbolPower a = ProductRules.SymbolPower.of(t), b = ProductRules.SymbolPower.of(g);
        if (a == null || b == null || Integer.signum(a.exponent()) == Integer.signum(b.exponent())) return null;
        return powersMerged(t, g);
    }

    /** Xʲ·Xᵏ (or transposed) as the one power it is, whatever the signs; else null. */
    private static Expr powersMerged(Expr t, Expr g) {
        ProductRules.SymbolPower a = ProductRules.SymbolPower.of(t), b = ProductRules.SymbolPower.of(g);
        if (a == null || b == null || a.base() != b.base() || a.transposed() != b.transposed()) return null;
        return new ProductRules.SymbolPower(a.base(), a.exponent() + b.exponent(), a.transposed()).build();
    }

    /** The factors of P for an inverse P⁻¹ (or (Pᵀ)'s, for (P⁻¹)ᵀ), or null for anything else. */
    private static List<Expr> invertedFactors(Expr e) {
        boolean transposed = is(e, Op.TRANSPOSE);
        Expr inverse = transposed ? arg(e, 0) : e;
        if (!is(inverse, Op.INV)) return null;
        Expr p = arg(inverse, 0);
        List<Expr> factors = is(p, Op.MATMUL) ? p.children() : List.of(p);
        return transposed ? Symmetry.transposedFactors(factors) : factors;
    }

    /** a is b⁻¹, or aᵀ is (b⁻¹)ᵀ. */
    static boolean inverses(Expr a, Expr b) {
        if (is(a, Op.INV) && arg(a, 0) == b) return true;
        return is(a, Op.TRANSPOSE) && is(b, Op.TRANSPOSE) && is(arg(a, 0), Op.INV) && arg(arg(a, 0), 0) == arg(b, 0);
    }

    /**
     * I + c·u·vᵀ, as its parts: u, the row vᵀ, c (1 when unscaled), and its determinant 1 + c·vᵀu, written one way for
     * the matrix and its transpose (uᵀv is vᵀu), so that the two cancel where they meet; null for another matrix.
     */
    private record RankOneUpdate(Expr u, Expr row, Expr c, Expr determinant) {
        RankOneUpdate(Expr u, Expr row, Expr c) { this(u, row, c, add(List.of(ONE, c == ONE ? mul(row, u) : mul(c, mul(row, u))))); }

        static RankOneUpdate of(Expr m) {
            if (!is(m, Op.ADD) || m.children().size() != 2) return null;
            for (int e = 0; e < 2; e++) {
                Expr other = m.children().get(1 - e);
                if (!is(m.children().get(e), Op.EYE)) continue;
                Scaled t = Scaled.of(other);
                Expr core = t.core();
                if (!is(core, Op.MATMUL) || core.children().size() != 2) continue;
                Expr u = arg(core, 0), row = arg(core, 1);
                if (!u.shape().isColumn() || u.shape().isScalar() || !row.shape().rows().isOne()) continue;
                // the scale as a factor: −u·vᵀ is −1·u·vᵀ, (u·vᵀ)/a is (1/a)·u·vᵀ
                Expr c = t.rescale(ONE);
                return new RankOneUpdate(u, row, c);
            }
            return null;
        }
    }

    /**
     * The matrix determinant lemma, det(I + c·u·vᵀ) = 1 + c·vᵀu, and so logdet(I + c·x·xᵀ) = log(1 + c·xᵀx) for a c ≥ 0,
     * where the determinant cannot be negative (Matrix Cookbook (24)): det(x·xᵀ + I)'s gradient is 2x, not
     * 2·det(x·xᵀ + I)·(x·xᵀ + I)⁻¹·x.
     */
    static Expr determinantLemma(Node n) {
        RankOneUpdate r = RankOneUpdate.of(n.arg(0));
        if (r == null) return null;
        if (n.op() == Op.DET) return r.determinant();
        boolean positive = r.row() == transposed(r.u()) && (r.c() == ONE || r.c() instanceof Expr.Num c && c.value() >= 0);
        return positive ? call(Op.LOG, r.determinant()) : null;
    }

    /**
     * The push-through identity of Sherman and Morrison: (I + c·u·vᵀ)⁻¹·u = u/(1 + c·vᵀu) and vᵀ·(I + c·u·vᵀ)⁻¹ =
     * vᵀ/(1 + c·vᵀu), the inverse never formed (Matrix Cookbook (160)).
     */
    static Expr pushThrough(Node n) {
        List<Expr> f = n.args();
        for (int i = 0; i + 1 < f.size(); i++) {
            RankOneUpdate before = inverted(f.get(i));
            if (before != null && f.get(i + 1) == before.u()) return replacingPair(f, i, div(before.u(), before.determinant()));
            RankOneUpdate after = inverted(f.get(i + 1));
            if (after != null && f.get(i) == after.row()) return replacingPair(f, i, div(after.row(), after.determinant()));
        }
        return null;
    }

    /** The rank-one update M whose inverse e is, M⁻¹ or M⁻ᵀ (Mᵀ = I + c·v·uᵀ); null for another factor. */
    private static RankOneUpdate inverted(Expr e) {
        boolean transposed = is(e, Op.TRANSPOSE);
        Expr inv = transposed ? arg(e, 0) : e;
        RankOneUpdate r = is(inv, Op.INV) ? RankOneUpdate.of(arg(inv, 0)) : null;
        return r == null || !transposed ? r : new RankOneUpdate(transposed(r.row()), transposed(r.u()), r.c(), r.determinant());
    }
}
