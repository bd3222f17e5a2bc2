package dev.matdiff.simplify;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Means;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Sums;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

import static dev.matdiff.expr.Exprs.*;

/**
 * Centred vectors and matrices: xc = x − mean(x)·1 sums to 0, and so do the rows of Xc = X − mean(X, 2)·1ᵀ
 * (a batch centred over its samples) and the columns of X − 1·mean(X, 1), read through the names a program
 * gives them. Layer norm's and batch norm's gradients carry their first part again inside such a sum.
 */
final class Centring {
    private Centring() {}

    /** How many names deep a centred vector or matrix is recognised: xc, and the mean mu it is written with. */
    private static final int NAMES_READ = 2;

    /**
     * sum(c·xc) = 0 for a centred column xc = x − mean(x)·1, also through the name a program gives it (layer
     * norm's xc), dropped from a sum's terms: ∇x of layer norm carried its whole first part again inside a sum.
     * Likewise a matrix whose rows or columns all sum to 0, and X − mean(X)·1 of any shape.
     */
    static Expr sumCentred(Node n) {
        return dropping(n, t -> centredMultiple(t) || zeroSums(t, true) || zeroSums(t, false),
                (t, u) -> Stochastic.centredPair(t, u, true) || Stochastic.centredPair(t, u, false));
    }

    /**
     * sum(C, 2) = 0 for a C whose rows sum to 0 (X − mean(X, 2)·1ᵀ, and what keeps that: cC, C ⊙ (u1ᵀ), C ⊘ (u1ᵀ),
     * AC, sums of such), sum(C, 1) = 0 for one whose columns do; dropped from a sum's terms. Batch norm's ∇X
     * carried its whole first part again inside a row sum.
     */
    static Expr sumsCentred(Node n) {
        boolean rows = n.op() == Op.SUM_ROWS;
        return dropping(n, t -> zeroSums(t, rows), (t, u) -> Stochastic.centredPair(t, u, rows));
    }

    /** f(A) with the terms of A that f sends to 0, alone or two together, left out (f linear), or null if there is none. */
    private static Expr dropping(Node n, Predicate<Expr> vanishes, BiPredicate<Expr, Expr> pairVanishes) {
        Expr a = n.arg(0);
        Expr zero = n.shape().isScalar() ? ZERO : zeros(n.shape());
        if (vanishes.test(a)) return zero;  // X − 1·mean(X, 1) is itself a sum
        if (!is(a, Op.ADD)) return null;
        List<Expr> rest = surviving(a.children(), vanishes, pairVanishes);
        if (rest.size() == a.children().size()) return null;
        return rest.isEmpty() ? zero : rebuild(n, List.of(add(rest)));
    }

    /** The terms left once those that vanish alone, then pairs that vanish together, are taken out. */
    private static List<Expr> surviving(List<Expr> terms, Predicate<Expr> vanishes, BiPredicate<Expr, Expr> pairVanishes) {
        List<Expr> rest = new ArrayList<>();
        for (Expr t : terms) if (!vanishes.test(t)) rest.add(t);
        for (int i = 0; i < rest.size(); i++)
            for (int j = i + 1; j < rest.size(); j++)
                if (pairVanishes.test(rest.get(i), rest.get(j))) {
                    rest.remove(j);
                    rest.remove(i--);
                    break;
                }
        return rest;
    }

    /**
     * Whether every row of t sums to 0 ({@code rows}), or every column: a centred matrix, a scalar multiple
     * of one, its transpose (the other way), a product ending (rows) or starting (columns) in one, its ⊙ or
     * ⊘ with what is constant along the rows (u1ᵀ) or columns (1vᵀ), and a sum of such.
     */
    private static boolean zeroSums(Expr t, boolean rows) {
        t = SumRules.unscaled(t);
        if (centredMatrix(t, rows, NAMES_READ)) return true;
        if (t.shape().isScalar() || !(t instanceof Node n)) return false;
        return switch (n.op()) {
            case TRANSPOSE -> zeroSums(n.arg(0), !rows);
            case HADAMARD -> zeroSums(n.arg(0), rows) && constantAlong(n.arg(1), rows)
                    || zeroSums(n.arg(1), rows) && constantAlong(n.arg(0), rows) || Stochastic.centredProduct(n, rows);
            case ELEMDIV -> zeroSums(n.arg(0), rows) && constantAlong(n.arg(1), rows);
            case MATMUL -> zeroSums(rows ? n.arg(n.arity() - 1) : n.arg(0), rows);
            // Aᵀ − Bᵀ sums to 0 by rows where A − B does by columns
            case ADD -> termsZeroSums(n.args(), rows) || SumRules.untransposed(n) instanceof Node u && zeroSums(u, !rows);
            default -> false;
        };
    }

    /** Whether the terms' rows (columns) all sum to 0, each alone or two as what backpropagation through a softmax gives (Stochastic). */
    private static boolean termsZeroSums(List<Expr> terms, boolean rows) {
        // the pairs first, read from the terms' shapes alone, and then every other term, stopping at the first that fails:
        // zeroSums recurses through sums and products, and asked of every term at every depth it would take exponential time
        return surviving(terms, t -> false, (t, u) -> Stochastic.centredPair(t, u, rows)).stream().allMatch(t -> zeroSums(t, rows));
    }

    /** Whether each row of e is one number repeated (rows: u1ᵀ), or each column (1vᵀ); element-wise arithmetic of such. */
    private static boolean constantAlong(Expr e, boolean rows) {
        if (e.shape().isScalar() || is(e, Op.ONES)) return true;
        if (!(e instanceof Node n)) return false;
        if (n.op() == Op.MATMUL) {
            Expr end = rows ? n.arg(n.arity() - 1) : n.arg(0);
            return Sums.onesLine(end, rows);
        }
        if (!ElementwiseRules.entrywise(n.op())) return false;
        return n.args().stream().allMatch(a -> constantAlong(a, rows));
    }

    /** X − mean(X, 2)·1ᵀ (rows) or X − 1·mean(X, 1), the mean written sum(X, k)/n as mean(X, k) is read, through up to {@code names} names. */
    private static boolean centredMatrix(Expr e, boolean rows, int names) {
        if (e instanceof Expr.Named named) return names > 0 && centredMatrix(named.body(), rows, names - 1);
        if (!is(e, Op.ADD) || e.children().size() != 2 || e.shape().isScalar()) return false;
        for (int i = 0; i < 2; i++) {
            Expr x = arg(e, i), minus = arg(e, 1 - i);
            // a fixed size's mean is no atom: its divisor leaves the product, −(1·sum(X, 1))/4, or is a decimal factor
            // that takes the sign, −0.2·(sum(X, 2)·1ᵀ) for a fifth
            Expr by = null;
            if (is(minus, Op.SCALE) && arg(minus, 0) instanceof Num c && c.value() < 0 && -1 / c.value() == Math.rint(-1 / c.value())) {
                by = num(-1 / c.value());
                minus = neg(arg(minus, 1));
            }
            if (!is(minus, Op.NEG)) continue;
            // batch norm names the broadcast mean itself: M = ones(p)*mean(X, 1), then X - M
            Expr bcast = arg(minus, 0);
            int left = names;
            if (bcast instanceof Expr.Named named && names > 0) { bcast = named.body(); left--; }
            if (by == null && is(bcast, Op.DIV) && arg(bcast, 1) instanceof Num) {
                by = arg(bcast, 1);
                bcast = arg(bcast, 0);
            }
            if (!is(bcast, Op.MATMUL) || bcast.children().size() != 2) continue;
            Expr m = arg(bcast, rows ? 0 : 1), ones = arg(bcast, rows ? 1 : 0);
            if (!Sums.onesLine(ones, rows)) continue;
            if (by == null ? meanAlong(m, x, rows, left) : sumOver(m, by, x, rows)) return true;
        }
        return false;
    }

    /**
     * m = sum(X, 2)/n with n the columns of X (rows), or sum(X, 1)/n with n its rows, through up to {@code names} names;
     * the sums also written X·1 and 1ᵀX, as a program writes a mean without mean().
     */
    private static boolean meanAlong(Expr m, Expr x, boolean rows, int names) {
        if (m instanceof Expr.Named named) return names > 0 && meanAlong(named.body(), x, rows, names - 1);
        return is(m, Op.DIV) && sumOver(arg(m, 0), arg(m, 1), x, rows);
    }

    /** sum / count is X's mean along the axis: X's row (column) sums over its number of columns (rows). */
    private static boolean sumOver(Expr sum, Expr count, Expr x, boolean rows) {
        return unnamed(x) == Sums.summed(sum, rows) && sizeOf(count, rows ? x.shape().cols() : x.shape().rows());
    }

    /** e is the number of a dimension d: sum(ones(d)), or d's number when it is fixed. */
    private static boolean sizeOf(Expr e, Dim d) {
        if (e instanceof Num c) return d instanceof Dim.Fixed f && c.value() == f.size();
        return isSize(e) && arg(e, 0).shape().rows().equals(d);
    }

    /**
     * xcᵀ(I − 11ᵀ/n) = xcᵀ and (I − 11ᵀ/n)xc = xc in a product: the centring matrix leaves a centred vector
     * as it is (the Jacobian of layer norm is then (I − 11ᵀ/n − x̂x̂ᵀ/n)/σ, as the textbook writes it).
     */
    static Expr centringAbsorbed(Node n) {
        List<Expr> f = n.children();
        for (int i = 0; i + 1 < f.size(); i++) {
            Expr left = f.get(i), right = f.get(i + 1);
            int drop = is(left, Op.TRANSPOSE) && centred(arg(left, 0), NAMES_READ, true) && centring(right) ? i + 1
                    : centring(left) && centred(right, NAMES_READ, true) ? i : -1;
            if (drop < 0) continue;
            List<Expr> rest = new ArrayList<>(f);
            rest.remove(drop);
            return rest.size() == 1 ? rest.get(0) : matmul(rest);
        }
        return null;
    }

    /** I − 11ᵀ/n, n×n, written eye(n) - ones(n, n)/n. */
    private static boolean centring(Expr c) {
        if (!is(c, Op.ADD) || c.children().size() != 2) return false;
        for (int i = 0; i < 2; i++) {
            Expr eye = arg(c, i), minus = arg(c, 1 - i);
            if (!is(eye, Op.EYE) || !is(minus, Op.NEG) || !is(arg(minus, 0), Op.DIV)) continue;
            Expr ones = arg(arg(minus, 0), 0), size = arg(arg(minus, 0), 1);
            if (is(ones, Op.ONES) && ones.shape().equals(eye.shape()) && isSize(size)
                    && arg(size, 0).shape().rows().equals(eye.shape().rows()) && arg(size, 0).shape().isColumn()) return true;
        }
        return false;
    }

    /** A scalar times a centred column or matrix: −t, c·t, t/c, tᵀ, and (row·…·column)·t, a 1×1 product times t. */
    private static boolean centredMultiple(Expr t) {
        while (true) {
            t = SumRules.unscaled(t);
            if (is(t, Op.TRANSPOSE)) t = arg(t, 0);  // sum(Cᵀ) = sum(C)
            else if (is(t, Op.MATMUL)) {
                // f₁…fₖ₋₁ is 1×1 when f₁ has one row and fₖ₋₁ one column: then t is a scalar times fₖ
                List<Expr> f = t.children();
                if (centring(f.get(0)) && t.shape().isColumn()) return true;  // (I − 11ᵀ/n)w is centred whatever w is
                if (f.get(0).shape().rows().isOne() && f.get(f.size() - 2).shape().cols().isOne()) t = f.get(f.size() - 1);
                else return false;
            } else return centred(t, NAMES_READ, false);
        }
    }

    /**
     * x − mean(x)·1 for a column x, mean(x) written sum(x)/n (as mean(x) is read), through up to {@code names} names;
     * X − mean(X)·1 of any shape too unless {@code column} (its total is 0, but its columns need not sum to 0).
     */
    private static boolean centred(Expr e, int names, boolean column) {
        if (e instanceof Expr.Named named) return names > 0 && centred(named.body(), names - 1, column);
        if (!is(e, Op.ADD) || e.children().size() != 2 || column && !e.shape().isColumn() || e.shape().isScalar()) return false;
        for (int i = 0; i < 2; i++) {
            Expr x = arg(e, i), minus = arg(e, 1 - i);
            if (!is(minus, Op.NEG) || !is(arg(minus, 0), Op.SCALE)) continue;
            Expr m = arg(arg(minus, 0), 0), ones = arg(arg(minus, 0), 1);
            if (is(ones, Op.ONES) && ones.shape().equals(x.shape()) && meanOf(m, x, names)) return true;
        }
        return false;
    }

    /** m = sum(x)/n with n the length of x (or the m·n entries of a matrix), sum(x) also 1ᵀx, through up to {@code names} names. */
    private static boolean meanOf(Expr m, Expr x, int names) {
        if (m instanceof Expr.Named named) return names > 0 && meanOf(named.body(), x, names - 1);
        if (!is(m, Op.DIV) || !(is(arg(m, 0), Op.SUM) && arg(arg(m, 0), 0) == x || x.shape().isColumn() && unnamed(x) == Sums.summed(arg(m, 0), false)))
            return false;
        // the count as Means reads it: n, a matrix's m·n, a fixed size's number
        return isSize(arg(m, 1)) && arg(arg(m, 1), 0).shape().equals(x.shape()) || Means.countOf(arg(m, 1), x.shape());
    }

}
