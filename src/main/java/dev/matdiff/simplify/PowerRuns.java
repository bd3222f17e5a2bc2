package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;

import java.util.ArrayList;
import java.util.List;

import static dev.matdiff.expr.Exprs.*;

/**
 * Powers of a product met in a longer product: A·X·A·X = (AX)², (AX)²·A·X = (AX)³, A·X·(AX)⁻² = (AX)⁻¹, (XA)ᵏ·X = X·(AX)ᵏ, and the same
 * transposed, Xᵀ·Aᵀ·Xᵀ·Aᵀ = ((AX)²)ᵀ, as the differential of tr((AX)ᵏ) spells its k terms; one factor too,
 * (X + A)·(X + A) = (X + A)², where it is not a symbol, a name, an inverse or a power (matmul-power's). Square
 * matrices only: a run of vectors is a 1×1 run, which other rules read.
 */
final class PowerRuns {
    private PowerRuns() {}

    /** Products of more factors are searched for short repeated chains only (a power's own chain beside it still is). */
    static final int MAX_SEARCHED = 64;

    /** The longest chain looked for in a longer product: its runs are found in one pass for each length. */
    static final int MAX_LONG_CHAIN = 8;

    /** The fewest factors a run in a longer product must span to be folded. */
    static final int MIN_LONG_RUN = 16;

    static Expr folded(Node n) {
        List<Expr> f = n.args();
        // a power of a chain beside that chain's factors, before or after it
        for (int i = 0; i < f.size(); i++) {
            Power p = Power.of(f.get(i));
            if (p == null) continue;
            List<Expr> c = p.factors();
            int l = c.size();
            if (i + 1 + l <= f.size() && f.subList(i + 1, i + 1 + l).equals(c))
                return ProductRules.replacing(f, i, 1 + l, List.of(p.times(1)));
            if (i - l >= 0 && f.subList(i - l, i).equals(c)) return ProductRules.replacing(f, i - l, 1 + l, List.of(p.times(1)));
            // (BC)ᵏ·B = B·(CB)ᵏ: the power after its lone factor, where it may meet its chain (not for k < 0: (X'X)⁻¹X' is
            // no X'(XX')⁻¹ where XX' is singular)
            if (l >= 2 && p.exponent() > 0 && i + 1 < f.size() && f.get(i + 1).equals(c.get(0))) {
                List<Expr> rotated = new ArrayList<>(c.subList(1, l));
                rotated.add(c.get(0));
                return ProductRules.replacing(f, i, 2, List.of(c.get(0), Power.ofChain(rotated).times(p.exponent() - 1)));
            }
        }
        // a chain twice or more in a row (k² starts, each mostly refused at once); in a longer product a short chain only,
        // so that A·B·A·B·… of 3,000 factors is (AB)¹⁵⁰⁰ before its product rule writes 1,500 terms of 3,000 factors
        int longest = f.size() <= MAX_SEARCHED ? f.size() / 2 : MAX_LONG_CHAIN;
        for (int l = 1; l <= longest && 2 * l <= f.size(); l++)
            for (int i = 0; i + 2 * l <= f.size(); i++) {
                if (!f.get(i).equals(f.get(i + l))) continue;
                List<Expr> c = f.subList(i, i + l);
                // one factor twice is matmul-power's where it is a symbol, a name, an inverse or a power
                if (!c.equals(f.subList(i + l, i + 2 * l)) || l == 1 && ProductRules.SymbolPower.of(c.get(0)) != null || !square(c)
                        || !primitive(c)) continue;
                int r = 2;
                while (i + (r + 1) * l <= f.size() && c.equals(f.subList(i + r * l, i + (r + 1) * l))) r++;
                // in a long product only a long run: A·B·A·B inside 1,200 random factors is left, or folding each small
                // run rewrites the product again and again (the product rule's terms of a random chain took half as long again)
                if (f.size() > MAX_SEARCHED && r * l < MIN_LONG_RUN) continue;
                return ProductRules.replacing(f, i, r * l, List.of(Power.ofChain(List.copyOf(c)).times(r - 1)));
            }
        return null;
    }

    /** Whether c is no run of a shorter chain: A·A·A·A is A⁴, not (A·A)². */
    private static boolean primitive(List<Expr> c) {
        int l = c.size();
        for (int d = 1; d < l; d++) {
            if (l % d != 0) continue;
            boolean run = true;
            for (int j = d; j < l && run; j++) run = c.get(j).equals(c.get(j - d));
            if (run) return false;
        }
        return true;
    }

    private static boolean square(List<Expr> c) {
        Expr first = c.get(0), last = c.get(c.size() - 1);
        if (!first.shape().rows().equals(last.shape().cols())) return false;
        for (Expr e : c) if (e.shape().rows().isOne() || e.shape().cols().isOne()) return false;
        return true;
    }

    /** B^k for B a product, or (B^k)ᵀ, read as the factors of the chain it repeats (Bᵀ's for the transposed one). */
    private record Power(Expr base, int exponent, boolean transposed) {
        static Power of(Expr e) {
            boolean t = is(e, Op.TRANSPOSE);
            Expr p = t ? arg(e, 0) : e;
            if (!is(p, Op.POWER)) return null;
            int k = (int) ((Node) p).param();
            // B·B⁻ᵏ = B¹⁻ᵏ too ((X'X)·(X'X)⁻² = (X'X)⁻¹, trial s63a); B·B⁻¹ is the inverse rules'
            return k >= 1 || k <= -2 ? new Power(arg(p, 0), k, t) : null;
        }

        /** The power a run of the chain c stands for: (Bᵀ)ᵏ is written (Bᵏ)ᵀ where c is B's transpose factor by factor. */
        static Power ofChain(List<Expr> c) {
            boolean t = c.stream().allMatch(e -> is(e, Op.TRANSPOSE));
            List<Expr> base = t ? TransposeRules.reversedTransposes(c) : c;
            return new Power(base.size() == 1 ? base.get(0) : matmul(base), 1, t);
        }

        List<Expr> factors() {
            List<Expr> b = is(base, Op.MATMUL) ? base.children() : List.of(base);
            return transposed ? TransposeRules.reversedTransposes(b) : b;
        }

        /** This power times its base m more times. */
        Expr times(int m) {
            Expr p = power(base, exponent + m);
            return transposed ? transpose(p) : p;
        }
    }
}
