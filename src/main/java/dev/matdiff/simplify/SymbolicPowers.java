package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.TextPrinter;

import java.util.ArrayList;
import java.util.List;

import static dev.matdiff.expr.Exprs.*;

/**
 * u·u^g = u^(g+1) for a symbolic exponent g, its base beside it as itself, a number's power or another symbolic power:
 * the derivative of a^a, a·a^(a−1) + a^a·log(a), is a^a + a^a·log(a) (trial s63a); entry by entry too, x ⊙ x.^(g−1) = x.^g;
 * and over one, u^g/u^k = u^(g−k).
 */
final class SymbolicPowers {
    private SymbolicPowers() {}

    /** Among a scaling's scalar factors, or the two sides of a Hadamard product. */
    static Expr merged(Node n) {
        if (n.op() == Op.HADAMARD) {
            Expr m = merge(n.arg(0), n.arg(1));
            return m != null ? m : merge(n.arg(1), n.arg(0));
        }
        ScalarRules.Scaling scaling = ScalarRules.Scaling.of(n);
        List<Expr> factors = scaling.factors();
        // the factors each base may merge with: itself, and its powers (a tower's terms have a factor per level, and
        // trying every pair was cubic in its height)
        java.util.Map<Expr, List<Integer>> byBase = dev.matdiff.expr.IdentityMaps.map();
        for (int j = 0; j < factors.size(); j++) {
            Expr f = factors.get(j);
            byBase.computeIfAbsent(f, x -> new ArrayList<>()).add(j);
            if ((is(f, Op.POW) || is(f, Op.ELEMPOW)) && arg(f, 0) != f) byBase.computeIfAbsent(arg(f, 0), x -> new ArrayList<>()).add(j);
        }
        for (int i = 0; i < factors.size(); i++) {
            if (!is(factors.get(i), Op.POW)) continue;
            List<Integer> candidates = new ArrayList<>(byBase.getOrDefault(arg(factors.get(i), 0), List.of()));
            java.util.Collections.sort(candidates);  // the first that merges, as trying every factor in turn found it
            for (int j : candidates) {
                Expr m = j == i ? null : merge(factors.get(i), factors.get(j));
                if (m == null) continue;
                List<Expr> out = new ArrayList<>(factors);
                out.set(i, m);
                out.remove(j);
                return scaling.with(out);
            }
        }
        return null;
    }

    /**
     * pow(u, g) over u, u.^k or pow(u, h) is pow(u, g − k): x.^a ⊘ x = x.^(a − 1), a^b/a² = a^(b − 2) (review s63r); among
     * a quotient's scalar factors too, b·a^(b − 1)/a = b·a^(b − 2).
     */
    static Expr divided(Node n) {
        return n.op() == Op.ELEMDIV ? over(n.arg(0), n.arg(1)) : ScalarRules.acrossQuotient(n, (up, down) -> {
            Expr left = over(up, down);
            return left == null ? null : new Expr[] {left, null};
        });
    }

    /**
     * pow(u, g)/f as pow(u, g − k) where f is u^k, also as a factor of a product of ⊙ over f (y ⊙ p.^(y − 1) ⊘ p.^y is
     * y ⊙ p.^−1, the Bernoulli likelihood's derivative); null for any other f.
     */
    private static Expr over(Expr top, Expr f) {
        if (is(top, Op.HADAMARD)) {
            Expr left = over(arg(top, 0), f);
            if (left != null) return hadamard(left, arg(top, 1));
            Expr right = over(arg(top, 1), f);
            return right == null ? null : hadamard(arg(top, 0), right);
        }
        Expr k = is(top, Op.POW) ? exponentOf(arg(top, 0), arg(top, 1), f) : null;
        return k == null ? null : pow(arg(top, 0), sum(arg(top, 1), k instanceof Num c ? num(-c.value()) : neg(k)));
    }

    /** u.^g for an exponent g that is one number c in every entry (c·1, from y − 1 − y): u.^c; null else. */
    static Expr constantExponent(Node n) {
        Expr g = n.arg(1);
        if (g.shape().isScalar()) return null;
        dev.matdiff.expr.Term t = dev.matdiff.expr.Term.of(g);
        return is(t.base(), Op.ONES) ? elemPow(n.arg(0), t.coefficient()) : null;
    }

    /** u^(g + 1) for pow(u, g) (times its base), null past the exponent's terms. */
    static Expr timesBase(Expr power) { return merge(power, arg(power, 0)); }

    /** Whether the two, side by side in a product of ⊙, meet as one symbolic power. */
    static boolean meet(Expr a, Expr b) { return merge(a, b) != null || merge(b, a) != null; }

    /** pow(u, g) times f = u, u.^k or pow(u, h), as pow(u, g + k); null for any other f. */
    private static Expr merge(Expr power, Expr f) {
        if (!is(power, Op.POW)) return null;
        Expr k = exponentOf(arg(power, 0), arg(power, 1), f);
        // a tower a^a^…^a merged each level's exponent into one sum that every level below wrote again (trial s69a: 100
        // levels took 13 s, 1,000 did not finish): past a few terms the powers stay apart
        if (k == null || terms(arg(power, 1)) + terms(k) > MAX_EXPONENT_TERMS) return null;
        return pow(arg(power, 0), sum(arg(power, 1), k));
    }

    /** Terms an exponent merged from powers of one base may have. */
    static final int MAX_EXPONENT_TERMS = 8;

    private static int terms(Expr e) { return is(e, Op.ADD) ? e.children().size() : 1; }

    /** k where f is u^k beside u^g: 1 for u itself, a number's power's number, another symbolic power's exponent; else null. */
    private static Expr exponentOf(Expr u, Expr g, Expr f) {
        Expr k = f == u ? ONE : is(f, Op.ELEMPOW) && arg(f, 0) == u ? num(((Node) f).param())
                : is(f, Op.POW) && arg(f, 0) == u && arg(f, 1).shape().equals(g.shape()) ? arg(f, 1) : null;
        return k == null || !k.shape().isScalar() && !g.shape().equals(k.shape()) ? null : k;
    }

    /** The exponent g + k, a scalar k added to every entry of a g of the base's shape. */
    private static Expr sum(Expr g, Expr k) {
        return g.shape().isScalar() || !k.shape().isScalar() ? plus(g, k) : add(List.of(g, scale(k, ones(g.shape()))));
    }

    /**
     * g + k with their numbers added up and their other terms in one order (by their printed form), whichever side each
     * came from: a^(b − 1)·a is a^b, not a^(b − 1 + 1), and x.^a ⊙ x.^(b − 1) and x.^(a − 1) ⊙ x.^b are both x.^(a + b − 1),
     * so that like terms meet (trial s63r: a*x.^(a - 1 + b) + b*x.^(b - 1 + a)).
     */
    private static Expr plus(Expr g, Expr k) {
        double sum = 0;
        List<Expr> terms = new ArrayList<>();
        for (Expr side : List.of(g, k))
            for (Expr t : is(side, Op.ADD) ? side.children() : List.of(side)) {
                dev.matdiff.expr.Term number = dev.matdiff.expr.Term.of(t);
                if (number.base() == ONE) sum += number.coefficient();
                else terms.add(t);
            }
        java.util.Map<Expr, String> printed = new java.util.IdentityHashMap<>();  // each printed once, not per comparison
        for (Expr t : terms) printed.put(t, TextPrinter.print(is(t, Op.NEG) ? arg(t, 0) : t));
        terms.sort(java.util.Comparator.comparing(printed::get));
        if (sum != 0 || terms.isEmpty()) terms.add(num(sum));
        return terms.size() == 1 ? terms.get(0) : add(terms);
    }
}
