package dev.matdiff.simplify;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.ComputedForms;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Term;

import java.util.ArrayList;
import java.util.List;

import static dev.matdiff.expr.Exprs.*;

/**
 * Matrices whose columns sum to 1, a softmax (or whose rows do, its transpose), also through the names a program
 * gives them: their sums, and what backpropagation through them gives, P ⊙ B − P ⊙ (1·sum(P ⊙ B, 1)) (B less its
 * P-weighted column means, weighted by P; Jᵀg = p ⊙ g − p(pᵀg) for one column), whose columns sum to 0:
 * sum(P ⊙ B, 1) − sum(P, 1) ⊙ sum(P ⊙ B, 1). So a bias added before a softmax along its columns (attention's key
 * bias) has a zero gradient. Likewise by rows, P ⊙ B − P ⊙ (sum(P ⊙ B, 2)·1ᵀ), for a P whose rows sum to 1.
 */
final class Stochastic {
    private Stochastic() {}

    /** sum(P, 1) = 1ᵀ for a P whose columns sum to 1, sum(P, 2) = 1 for one whose rows do, and sum(P) their count. */
    static Expr sums(Node n) {
        Expr p = n.arg(0);
        return switch (n.op()) {
            case SUM_COLUMNS -> stochastic(p, false) ? ones(n.shape()) : null;
            case SUM_ROWS -> stochastic(p, true) ? ones(n.shape()) : null;
            case SUM -> stochastic(p, false) ? size(Dim.ONE, p.shape().cols()) : stochastic(p, true) ? size(p.shape().rows(), Dim.ONE)
                    : stochasticTerms(p);
            default -> null;
        };
    }

    /**
     * sum(s·P + R) = s·sum(P) + sum(R) for a term P whose columns (or rows) sum to 1, the sum read through the scalars
     * around it: pᵀ(τ(1 + log p)) read as sum(τ(p ⊙ log p + p)) gives τ·1 back, where the 1 cancels.
     */
    private static Expr stochasticTerms(Expr sum) {
        Scaled outer = Scaled.of(sum);
        if (!is(outer.core(), Op.ADD)) return null;
        List<Expr> known = new ArrayList<>(), rest = new ArrayList<>();
        for (Expr t : outer.core().children()) {
            Scaled ts = Scaled.of(t);
            Expr whole = is(ts.core(), Op.ADD) ? null : call(Op.SUM, ts.core());
            Expr count = whole instanceof Node w && w.op() == Op.SUM ? sums(w) : is(ts.core(), Op.ADD) ? stochasticTerms(ts.core()) : null;
            if (count != null) known.add(ts.rescale(count));
            else rest.add(t);
        }
        if (known.isEmpty()) return null;
        if (!rest.isEmpty()) known.add(call(Op.SUM, add(rest)));
        return outer.rescale(add(known));
    }

    /**
     * eˣ/sum(eˣ) = softmax(x) for a vector x, also of a name for eˣ on either side, and with eˣ a factor of a product above
     * the bar, B·eˣ·w/sum(eˣ) = B·softmax(x)·w (trial s64a: log(sum(exp(A*x)))'s gradient is A'*softmax(A*x)); and
     * eˣ(eˣ)ᵀ/sum(eˣ)² = softmax(x)·softmax(x)ᵀ.
     */
    static Expr vectorSoftmax(Node n) {
        // over sum(eˣ)², two factors eˣ above: the softmax's Jacobian diag(p) − ppᵀ written out (trial s66a)
        boolean squared = is(n.arg(1), Op.ELEMPOW) && ((Node) n.arg(1)).param() == 2;
        Expr den = squared ? arg(n.arg(1), 0) : n.arg(1);
        if (!is(den, Op.SUM) || !is(unnamed(arg(den, 0)), Op.EXP)) return null;
        Expr e = unnamed(arg(den, 0));
        if (!e.shape().isColumn() || e.shape().isScalar()) return null;
        Expr softmax = call(Op.SOFTMAX, arg(e, 0));
        Expr once = withFactor(n.arg(0), e, softmax);
        return squared && once != null ? withFactor(once, e, softmax) : once;
    }

    /**
     * p with a factor e (of a product, ⊙ or a scaling, under a sign or a transpose) replaced by s; null where e is no
     * factor. The first found is replaced: p is linear in each factor, so the quotient by sum(eˣ) may go to any one.
     */
    private static Expr withFactor(Expr p, Expr e, Expr s) {
        if (unnamed(p) == e) return s;
        if (!(p instanceof Node n)) return null;
        return switch (n.op()) {
            case NEG, TRANSPOSE -> {
                Expr inner = withFactor(n.arg(0), e, s);
                yield inner == null ? null : rebuild(n, List.of(inner));
            }
            case SCALE -> {
                Expr inner = n.arg(1).shape().isScalar() ? null : withFactor(n.arg(1), e, s);
                yield inner == null ? null : rebuild(n, List.of(n.arg(0), inner));
            }
            case MATMUL, HADAMARD -> {
                for (int i = 0; i < n.arity(); i++) {
                    Expr inner = withFactor(n.arg(i), e, s);
                    if (inner == null) continue;
                    List<Expr> args = new ArrayList<>(n.args());
                    args.set(i, inner);
                    yield rebuild(n, args);
                }
                yield null;
            }
            default -> null;
        };
    }

    /**
     * exp(X) ⊙ (1·(G ⊘ sum(exp(X), 1))) is softmax(X) ⊙ (1·G), by rows likewise (the pattern eval computes so, in
     * {@link dev.matdiff.expr.ComputedForms#softmaxOfColumns}), and exp(X) ⊘ (1·sum(exp(X), 1)) is softmax(X): the
     * gradient of sum(log(sum(exp(X), 1))), logsumexp written out, or weighted by a row G.
     */
    static Expr columnSoftmax(Node n) {
        return n.op() == Op.HADAMARD ? ComputedForms.softmaxOfColumns(n) : ComputedForms.softmaxQuotient(n);
    }

    /**
     * 1·sum(P ⊙ (c·1 + G), 1) = c·1 + 1·sum(P ⊙ G, 1) for a P whose columns sum to 1 (rows: sum(P ⊙ (c·1 + G), 2)·1ᵀ),
     * as sum(P ⊙ 1, 1) = sum(P, 1) = 1ᵀ: what backpropagation through a softmax does to a constant added to the
     * gradient it is given, so the 1 that d log(P) brings to a batch's KL divergence or entropy cancels.
     */
    static Expr shiftedMeans(Node n) {
        if (n.children().size() != 2) return null;
        Expr first = n.arg(0), second = n.arg(1);
        boolean rows = is(first, Op.SUM_ROWS) && is(second, Op.ONES);
        if (!rows && !(is(first, Op.ONES) && is(second, Op.SUM_COLUMNS))) return null;
        Expr ones = rows ? second : first, h = arg(rows ? first : second, 0);
        if (!is(h, Op.HADAMARD)) return null;
        for (int i = 0; i < 2; i++) {
            Expr p = arg(h, i), g = arg(h, 1 - i);
            if (!stochastic(p, rows) || !is(g, Op.ADD)) continue;
            double shift = 0;
            List<Expr> rest = new ArrayList<>();
            for (Expr t : g.children()) {
                Term c = Term.readThrough(t);  // c·1, −1, 1 are the shift
                if (is(c.base(), Op.ONES)) shift += c.coefficient();
                else rest.add(t);
            }
            if (rest.size() == g.children().size()) continue;
            Expr constant = scale(num(shift), ones(n.shape()));
            if (rest.isEmpty()) return constant;
            Expr sums = call(rows ? Op.SUM_ROWS : Op.SUM_COLUMNS, hadamard(p, add(rest)));
            return add(rows ? mul(sums, ones) : mul(ones, sums), constant);
        }
        return null;
    }


    /**
     * p ⊙ (c·1 + B) − (pᵀ(c·1 + B))·p = p ⊙ B − (pᵀB)·p for a p that sums to 1, and so for the columns or rows of a
     * matrix P (P ⊙ (c·1 + B) − P ⊙ (1·sum(P ⊙ (c·1 + B), 1))): a constant added to the gradient a softmax is given
     * does not get through it. An entropy bonus's τ(log p + 1) gives τ·(p ⊙ log p − (pᵀlog p)·p).
     */
    static Expr shiftedJacobian(Node n) {
        if (n.op() == Op.HADAMARD) return shiftedCentredProduct(n);
        for (int i = 0; i < n.arity(); i++) {
            Expr t = n.arg(i);
            if (!is(t, Op.HADAMARD) || t.children().size() != 2) continue;
            for (int k = 0; k < 2; k++) {
                Expr p = arg(t, k), b = arg(t, 1 - k);
                boolean columns = stochastic(p, false), rows = !columns && stochastic(p, true);
                if (!columns && !rows) continue;
                Expr shifted = withoutOnes(b);
                if (shifted == null) continue;
                for (int j = 0; j < n.arity(); j++) {
                    if (j == i || !centredPair(t, n.arg(j), rows)) continue;
                    List<Expr> terms = new ArrayList<>(n.args());
                    for (int m : new int[] {i, j}) terms.set(m, dev.matdiff.expr.Substitution.apply(n.arg(m), e -> e == b ? shifted : null));
                    return add(terms);
                }
            }
        }
        return null;
    }

    /** The same with P factored out, P ⊙ (B − 1·sum(P ⊙ B, 1)) (B's terms may stand among the others): B's multiples of ones dropped. */
    private static Expr shiftedCentredProduct(Node h) {
        if (h.children().size() != 2) return null;
        for (int k = 0; k < 2; k++) {
            Expr p = h.arg(k), g = h.arg(1 - k);
            if (!is(g, Op.ADD)) continue;
            for (boolean rows : new boolean[] {false, true}) {
                if (!stochastic(p, rows)) continue;
                for (Expr m : g.children()) {
                    Expr b = centredTerm(m, p, rows);
                    if (b == null) continue;
                    List<Expr> rest = new ArrayList<>(g.children());
                    rest.remove(m);
                    Expr shifted = add(rest) == b ? withoutOnes(b) : null;
                    if (shifted == null) continue;
                    Expr ones = arg(arg(m, 0), rows ? 1 : 0), sums = call(rows ? Op.SUM_ROWS : Op.SUM_COLUMNS, hadamard(p, shifted));
                    Expr centred = add(shifted, neg(rows ? mul(sums, ones) : mul(ones, sums)));
                    return k == 0 ? hadamard(p, centred) : hadamard(centred, p);
                }
            }
        }
        return null;
    }

    /** B for a term −1·sum(P ⊙ B, 1) (rows: −sum(P ⊙ B, 2)·1ᵀ), else null. */
    private static Expr centredTerm(Expr m, Expr p, boolean rows) {
        if (!is(m, Op.NEG) || !is(arg(m, 0), Op.MATMUL) || arg(m, 0).children().size() != 2) return null;
        Expr ones = arg(arg(m, 0), rows ? 1 : 0), sums = arg(arg(m, 0), rows ? 0 : 1);
        if (!is(ones, Op.ONES) || !is(sums, rows ? Op.SUM_ROWS : Op.SUM_COLUMNS)) return null;
        // the factories take a scalar out of P ⊙ (s·X): s·(P ⊙ X)
        Scaled pb = Scaled.of(arg(sums, 0));
        if (!is(pb.core(), Op.HADAMARD)) return null;
        Expr x = arg(pb.core(), 0) == p ? arg(pb.core(), 1) : arg(pb.core(), 1) == p ? arg(pb.core(), 0) : null;
        return x == null ? null : pb.rescale(x);
    }

    /** g less its multiples of ones, read through sums, negation and scalars (c·1 + B gives B); null if it has none. */
    private static Expr withoutOnes(Expr g) {
        Scaled s = Scaled.of(g);
        if (!is(s.core(), Op.ADD)) return null;
        List<Expr> kept = new ArrayList<>();
        boolean dropped = false;
        for (Expr t : s.core().children()) {
            Scaled ts = Scaled.of(t);
            Expr inner = is(ts.core(), Op.ONES) ? null : withoutOnes(t);
            if (is(ts.core(), Op.ONES)) dropped = true;
            else if (inner != null) { dropped = true; kept.add(inner); }
            else kept.add(t);
        }
        if (!dropped) return null;
        return s.rescale(kept.isEmpty() ? zeros(g.shape()) : add(kept));
    }

    /**
     * Whether t and u, two terms of a sum, are P ⊙ B and −P ⊙ (1·sum(P ⊙ B, 1)) (rows: −P ⊙ (sum(P ⊙ B, 2)·1ᵀ)), in
     * either order; for a column p, p ⊙ g and −(pᵀg)·p.
     */
    static boolean centredPair(Expr t, Expr u, boolean rows) {
        return weighted(t, u, rows) || weighted(u, t, rows);
    }

    /** softmax(X) = 1 and logsumexp(X) = X for an X of one row: each column is one entry, which is all of its softmax. */
    static Expr oneRow(Node n) {
        if (!n.arg(0).shape().rows().isOne()) return null;
        return n.op() == Op.SOFTMAX ? ones(n.shape()) : n.arg(0);
    }

    /** Whether h is P ⊙ (B − 1·sum(P ⊙ B, 1)) (rows likewise), a centred pair with P factored out (hadamard-factor). */
    static boolean centredProduct(Node h, boolean rows) {
        if (h.children().size() != 2) return false;
        for (int i = 0; i < 2; i++) {
            Expr p = h.arg(i), g = h.arg(1 - i);
            if (!stochastic(p, rows) || !is(g, Op.ADD) || g.children().size() != 2) continue;
            List<Expr> terms = new ArrayList<>();
            for (Expr t : g.children()) {
                Expr b = is(t, Op.NEG) ? arg(t, 0) : t, pb = i == 0 ? hadamard(p, b) : hadamard(b, p);
                terms.add(is(t, Op.NEG) ? neg(pb) : pb);
            }
            if (centredPair(terms.get(0), terms.get(1), rows)) return true;
        }
        return false;
    }

    private static boolean weighted(Expr pb, Expr minus, boolean rows) {
        if (!is(pb, Op.HADAMARD) || !is(minus, Op.NEG)) return false;
        Expr h = arg(minus, 0);
        for (int i = 0; i < 2; i++) {
            Expr p = arg(pb, i);
            if (!stochastic(p, rows)) continue;
            if (is(h, Op.HADAMARD)) {
                for (int j = 0; j < 2; j++) if (arg(h, j) == p && meansOf(arg(h, 1 - j), pb, rows)) return true;
            } else if (is(h, Op.SCALE) && arg(h, 1) == p && p.shape().isColumn()) {
                // one column: p ⊙ g − (pᵀg)·p
                Expr g = arg(pb, 1 - i), s = arg(h, 0);
                if (s == mul(transpose(p), g) || s == mul(transpose(g), p) || s == call(Op.SUM, pb)) return true;
            }
        }
        return false;
    }

    /** 1·sum(pb, 1) (rows: sum(pb, 2)·1ᵀ), the weighted sums broadcast back over pb's shape. */
    private static boolean meansOf(Expr bcast, Expr pb, boolean rows) {
        if (!is(bcast, Op.MATMUL) || bcast.children().size() != 2 || !bcast.shape().equals(pb.shape())) return false;
        Expr ones = arg(bcast, rows ? 1 : 0), sums = arg(bcast, rows ? 0 : 1);
        return is(ones, Op.ONES) && is(sums, rows ? Op.SUM_ROWS : Op.SUM_COLUMNS) && arg(sums, 0) == pb;
    }

    /** P's columns sum to 1 (rows: its rows): a softmax, by columns, or its transpose, also through names. */
    private static boolean stochastic(Expr p, boolean rows) {
        p = unnamed(p);
        if (is(p, Op.TRANSPOSE)) return stochastic(arg(p, 0), !rows);
        return !rows && is(p, Op.SOFTMAX);
    }
}
