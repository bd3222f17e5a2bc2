package dev.matdiff.simplify;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Op;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static dev.matdiff.expr.Exprs.*;

/**
 * A scalar sum whose terms all hold some factors, written as those factors times the rest, the rest lightened on its
 * own: the slopes a derivation collects beside a shared factor keep their textbook form, (2a + σ(a)(1 − σ(a)))·b, where
 * reading the whole sum as one polynomial expands them, (2a − σ(a)² + σ(a))·b.
 */
final class CommonFactor {
    private CommonFactor() {}

    /** u for u^k with a whole k > 0, else the factor itself. */
    private static Expr base(Expr f) { return power(f) > 1 ? arg(f, 0) : f; }

    /** k for u^k with a whole k > 0, else 1. */
    private static int power(Expr f) {
        if (!is(f, Op.ELEMPOW)) return 1;
        double p = ((dev.matdiff.expr.Expr.Node) f).param();
        return p == Math.rint(p) && p > 1 && p <= 64 ? (int) p : 1;
    }

    /**
     * Whether the shared factors' form is the one to print beside the rational reading {@code better}: lighter, or as
     * light and with more products of sums (σ(1 − σ) kept a product where better expanded it to σ − σ²); ties stay better.
     */
    static boolean reads(Expr shared, Expr better) {
        int s = ArithmeticWeight.weight(shared), b = ArithmeticWeight.weight(better);
        return s < b || s == b && productsOfSums(shared) > productsOfSums(better);
    }

    /** The products in e, read as a tree, that have a sum among their factors. */
    private static long productsOfSums(Expr e) { return productsOfSums(e, dev.matdiff.expr.IdentityMaps.map()); }

    /**
     * Counted once per node: these are mostly small scalar sums, but one that reads names of names (P_i = P_{i-1}/tr(P_{i-1}))
     * is a tree exponentially larger than its DAG (28 levels took 100 s, trial s78b).
     */
    private static long productsOfSums(Expr e, Map<Expr, Long> counted) {
        Long known = counted.get(e);
        if (known != null) return known;
        long n = 0;
        boolean product = is(e, Op.SCALE) || is(e, Op.MATMUL) || is(e, Op.HADAMARD) || is(e, Op.DIV);
        for (Expr c : e.children()) n = Math.min(Long.MAX_VALUE / 4, n + productsOfSums(c, counted) + (product && is(c, Op.ADD) ? 1 : 0));
        counted.put(e, n);
        return n;
    }

    /**
     * The factors every term of e holds (numbers aside), times the sum of what is left, that sum through {@code lighten}
     * (null: kept); null if e is no scalar sum or its terms share no factor.
     */
    static Expr outside(Expr e, UnaryOperator<Expr> lighten) { return e.shape().isScalar() ? outside(e, lighten, f -> true, Side.AS_THE_FIRST_TERM) : null; }

    /**
     * {@code expanded}, the cancelled form of {@code product}, with the factors it shares with product taken out again,
     * for a sum of any shape: an entry-wise one's terms read as their scalars and entry-wise factors, ones where none is
     * left. δ ⊙ (c² − s²) cancels to δ − 2(s² ⊙ δ), and is δ ⊙ (1 − 2s²), as backpropagation writes it (a chain of such
     * layers wrote each δ as a sum of all those before it: its gradient grew quadratically). Only the factors product
     * has: p ⊙ log(p) − (pᵀlog(p))p, a sum the derivation wrote as one, stays.
     */
    static Expr outsideAgain(Expr product, Expr expanded, UnaryOperator<Expr> lighten) {
        List<Expr> written = new ArrayList<>();
        entrywiseFactors(product, written);
        if (written.size() < 2) return null;
        // on the side product has it: x ⊙ (1 − 2s²), (1 − 2s²) ⊙ Xx
        Side side = is(written.get(0), Op.ADD) ? Side.AFTER : Side.BEFORE;
        return outside(expanded, lighten, f -> written.stream().anyMatch(w -> w == f), side);
    }

    /** e, of any shape, with those of {@code may} its terms all hold taken outside, first; null where they hold none. */
    static Expr outsideOnly(Expr e, java.util.function.Predicate<Expr> may, UnaryOperator<Expr> lighten) {
        return outside(e, lighten, may, Side.BEFORE);
    }

    /** Which side of the rest the factors taken outside go. */
    private enum Side {
        BEFORE, AFTER,
        /** where the first term has them: 2ab + σ(1 − σ)b is (2a + σ(1 − σ))b */
        AS_THE_FIRST_TERM
    }

    /** may: which factors may go outside. */
    private static Expr outside(Expr e, UnaryOperator<Expr> lighten, java.util.function.Predicate<Expr> may, Side side) {
        if (!is(e, Op.ADD)) return null;
        boolean entrywise = !e.shape().isScalar();
        List<List<Expr>> rest = new ArrayList<>();
        for (Expr t : e.children()) {
            List<Expr> fs = new ArrayList<>();
            if (entrywise) entrywiseFactors(t, fs);
            else {
                ScalarRules.Scaling s = ScalarRules.Scaling.ofAny(t);
                if (s.rest() != null) return null;
                fs.addAll(s.factors());
            }
            rest.add(fs);
        }
        List<Expr> first = rest.get(0), common = new ArrayList<>();
        boolean lastShared = false;
        for (Expr f : List.copyOf(first)) {
            if (f instanceof Num || is(f, Op.ONES) || !may.test(base(f))) continue;  // ones: an entry-wise term without factors
            // a base every term holds, to the lowest power any holds it: 8u³x² + u⁴ is u³(8x² + u)
            Expr base = base(f);
            int lowest = Integer.MAX_VALUE;
            for (List<Expr> fs : rest) lowest = Math.min(lowest, fs.stream().mapToInt(g -> base(g) == base ? power(g) : 0).max().orElse(0));
            if (lowest <= 0) continue;
            lastShared = f == first.get(first.size() - 1);
            common.add(lowest == 1 ? base : elemPow(base, lowest));
            for (List<Expr> fs : rest)
                for (int i = 0; i < fs.size(); i++) {
                    Expr g = fs.get(i);
                    if (base(g) != base || power(g) < lowest) continue;
                    if (power(g) == lowest) fs.remove(i); else fs.set(i, power(g) - lowest == 1 ? base : elemPow(base, power(g) - lowest));
                    break;
                }
        }
        if (common.isEmpty() || entrywise && common.stream().allMatch(f -> f.shape().isScalar())) return null;
        Expr inner = add(rest.stream().map(fs -> product(fs, e)).toList()), lighter = lighten.apply(inner);
        if (lighter != null) inner = lighter;
        Expr factor = product(common, e);
        // on the side where the first term has them: 2ab + σ(1 − σ)b is (2a + σ(1 − σ))b
        boolean before = side == Side.AS_THE_FIRST_TERM ? !lastShared : side == Side.BEFORE;
        return entrywise ? (before ? hadamard(factor, inner) : hadamard(inner, factor)) : before ? mul(factor, inner) : mul(inner, factor);
    }

    /** t's factors in an entry-wise sum: its scalars (a sign as −1) and the entry-wise factors of what they scale. */
    static void entrywiseFactors(Expr t, List<Expr> out) {
        if (is(t, Op.NEG)) {
            out.add(MINUS_ONE);
            entrywiseFactors(arg(t, 0), out);
        } else if (is(t, Op.SCALE) || is(t, Op.HADAMARD)) {
            for (Expr c : t.children()) entrywiseFactors(c, out);
        } else out.add(t);
    }

    private static final Num MINUS_ONE = num(-1);

    /** The product of fs in a term of sum: scalars times the entry-wise product of the rest (of ones, where none is left). */
    static Expr product(List<Expr> fs, Expr sum) {
        if (sum.shape().isScalar()) return ScalarRules.Scaling.product(fs);
        Expr entries = null;
        List<Expr> scalars = new ArrayList<>();
        for (Expr f : fs) {
            if (f.shape().isScalar()) scalars.add(f);
            else entries = entries == null ? f : hadamard(entries, f);
        }
        Expr product = entries == null ? ones(sum.shape()) : entries;
        for (int i = scalars.size() - 1; i >= 0; i--) product = scale(scalars.get(i), product);
        return product;
    }
}
