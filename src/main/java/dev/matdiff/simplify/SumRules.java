package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Fraction;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Means;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.OpSpec;
import dev.matdiff.expr.Signs;
import dev.matdiff.expr.Term;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.matdiff.expr.Exprs.*;

/** Sums: zeros vanish, like terms are collected, numeric coefficients come out ({@link SharedFactors} groups terms by what else they share). The table in {@link Rules} says where each applies. */
final class SumRules {
    private SumRules() {}


    /** Where a zero argument makes the whole zero: every map linear in each argument (but sums and d), and the quotients' numerators. */
    static final Set<Op> ZERO_ROOTS = zeroRoots();

    private static Set<Op> zeroRoots() {
        Set<Op> out = EnumSet.of(Op.DIV, Op.ELEMDIV);
        for (Op op : Op.values()) if (op.has(OpSpec.Flag.LINEAR) && op != Op.ADD && op != Op.DIFF) out.add(op);
        return out;
    }

    /**
     * sum(A + c·1) = sum(A) + c·sum(1): the sum of a constant term is a count, so the sum of a centred
     * vector, sum(x − mean(x)·1), becomes sum(x) − sum(x) and vanishes. Only where c is itself a sum (a
     * mean, a centring) or nothing else is summed: a bias's gradient stays the sum of the residual it
     * shares with the weights', 2·sum(X·w + b·1 − y)/N, not 2·(sum(X·w − y) + b·N)/N.
     */
    static Expr sumOfOnesTerms(Node n) {
        if (!is(n.arg(0), Op.ADD)) return null;
        List<Expr> rest = new ArrayList<>(), sums = new ArrayList<>();
        boolean centring = false;
        for (Expr t : n.arg(0).children()) {
            if (multipleOfOnes(t)) {
                sums.add(sum(t));
                centring |= holdsSum(t);
            } else rest.add(t);
        }
        if (sums.isEmpty() || !rest.isEmpty() && !centring) return null;
        if (!rest.isEmpty()) sums.add(0, sum(add(rest)));
        return add(sums);
    }

    /**
     * uᵀ(A + c·1) = uᵀA + c·sum(u) for a row uᵀ (a 1×n chain of factors): sum-ones-terms with a weight,
     * so that a total known to be a number vanishes into it (not in a differential's step). The entropy pᵀ log p of p = softmax(z) has
     * ∇p = log p + 1, and pᵀ(log p + 1) is pᵀ log p + 1.
     */
    static Expr rowTimesOnesTerms(Node n) {
        List<Expr> f = n.children();
        Expr last = f.get(f.size() - 1);
        if (!is(last, Op.ADD) || !last.shape().isColumn() || last.shape().isScalar()) return null;
        List<Expr> row = f.subList(0, f.size() - 1);
        // a differential's step stays as the law gave it: −yᵀ(dh − softmax(h)ᵀdh 1) is Chen's Example 3.3
        if (!row.get(0).shape().rows().isOne() || Expr.holdsDifferential(n)) return null;
        Expr u = row.size() == 1 ? row.get(0) : matmul(row);
        List<Expr> rest = new ArrayList<>(), out = new ArrayList<>();
        for (Expr t : last.children()) {
            Expr c = onesCoefficient(t);
            if (c != null) out.add(mul(c, sum(u)));
            else rest.add(t);
        }
        if (out.isEmpty()) return null;
        if (!rest.isEmpty()) out.add(0, mul(u, add(rest)));
        return add(out);
    }

    /** c for c·1, −1, 1/c and their nestings (c a scalar), else null. */
    private static Expr onesCoefficient(Expr e) {
        if (is(e, Op.ONES)) return ONE;
        if (is(e, Op.NEG)) { Expr c = onesCoefficient(arg(e, 0)); return c == null ? null : neg(c); }
        if (is(e, Op.SCALE)) { Expr c = onesCoefficient(arg(e, 1)); return c == null ? null : mul(arg(e, 0), c); }
        if (is(e, Op.DIV) && scalar(arg(e, 1))) { Expr c = onesCoefficient(arg(e, 0)); return c == null ? null : div(c, arg(e, 1)); }
        return null;
    }

    /** f(Aᵀ) = f(A), and f(Aᵀ ± Bᵀ) = f(A ± B) (the expanded derivation's ∇b = sum(σ(z)ᵀ − yᵀ)), for f that a transpose leaves alone. */
    static Expr transposeInvariant(Node n) {
        Expr a = untransposed(n.arg(0));
        return a == null ? null : rebuild(n, List.of(a));
    }

    /** B with Bᵀ = e, for e a transpose or a sum of (negated) transposes; else null. */
    static Expr untransposed(Expr e) {
        if (is(e, Op.TRANSPOSE)) return arg(e, 0);
        if (is(e, Op.NEG) && is(arg(e, 0), Op.TRANSPOSE)) return neg(arg(arg(e, 0), 0));
        if (!is(e, Op.ADD)) return null;
        List<Expr> terms = new ArrayList<>();
        for (Expr t : e.children()) {
            if (is(t, Op.ADD)) return null;
            Expr u = untransposed(t);
            if (u == null) return null;
            terms.add(u);
        }
        return add(terms);
    }

    /** Whether e reads a sum (or a mean, which is one), as written or as a name's body writes it (a chain is not walked). */
    private static boolean holdsSum(Expr e) {
        for (Expr x : dev.matdiff.expr.Dag.asWritten(e))
            if (is(x, Op.SUM) || x instanceof Expr.Named n && dev.matdiff.expr.Dag.asWritten(n.body()).stream().anyMatch(y -> is(y, Op.SUM))) return true;
        return false;
    }

    /** c·1, −1, 1/c for a scalar c. */
    private static boolean multipleOfOnes(Expr e) { return is(unscaled(e), Op.ONES); }

    /** A for −A, cA and A/c with c a scalar, read through as often as they nest. */
    static Expr unscaled(Expr e) {
        while (true) {
            if (is(e, Op.NEG) || is(e, Op.DIV) && scalar(arg(e, 1))) e = arg(e, 0);
            else if (is(e, Op.SCALE)) e = arg(e, 1);
            else return e;
        }
    }

    static Expr zero(Node n) {
        boolean zero = n.op() == Op.DIV || n.op() == Op.ELEMDIV ? isZeroValue(n.arg(0)) : anyChild(n, Exprs::isZeroValue);
        if (!zero) return null;
        Expr z = zeros(n.shape());
        return z.equals(n) ? null : z;
    }

    static Expr addZero(Node n) {
        if (!anyChild(n, Exprs::isZeroValue)) return null;
        List<Expr> kept = new ArrayList<>();
        for (Expr t : n.args()) if (!isZeroValue(t)) kept.add(t);
        return kept.isEmpty() ? zeros(n.shape()) : add(kept);
    }

    static Expr collectTerms(Node n) {
        Map<Expr, Double> coefficients = IdentityMaps.map();
        Commuted.Firsts firsts = null;  // made at the first base not met before
        List<Expr> order = new ArrayList<>();
        for (Expr t : n.args()) {
            Term term = Term.of(t);
            Expr base = term.base();
            // a scalar product reads the same both ways: y'*x is a term like x'*y
            if (!coefficients.containsKey(base) && coefficients.containsKey(flipped(base))) base = flipped(base);
            // what commutes, in another order: cos(x) ⊙ sin(x) is a term like sin(x) ⊙ cos(x), b*cos(a*b) like cos(a*b)*b
            if (!coefficients.containsKey(base) && !order.isEmpty()) {
                if (firsts == null) {
                    firsts = new Commuted.Firsts();
                    for (Expr seen : order) firsts.firstLike(seen);
                }
                base = firsts.firstLike(base);
            }
            Term like = coefficients.containsKey(base) ? null : meanOrSum(new Term(term.coefficient(), base), coefficients, order);
            if (like != null) base = like.base();
            double c = like != null ? like.coefficient() : term.coefficient();
            if (!coefficients.containsKey(base)) order.add(base);
            // 0.7 − 0.2 is 0.5, not 0.49999999999999994
            coefficients.merge(base, c, Fraction::add);
        }
        if (order.size() == n.args().size()) return null;
        List<Expr> out = new ArrayList<>();
        for (Expr base : order) {
            double c = coefficients.get(base);
            if (c != 0) out.add(new Term(c, base).build());
        }
        return out.isEmpty() ? zeros(n.shape()) : add(out);
    }

    /**
     * A mean over a number as a term like its sum met before, or a sum as a term like its mean: 2*sum(X)/9 + mean(X)/6
     * with mean(X) = sum(X)/12 is 17*sum(X)/72 (trial s72a); null where there is none, or where the coefficients would add
     * up to one printed with long digits (289/2592: review s73r), which two terms print better.
     */
    private static Term meanOrSum(Term t, Map<Expr, Double> coefficients, List<Expr> order) {
        Expr base = t.base();
        if (Means.isMean(base) && arg(base, 1) instanceof Num k && coefficients.containsKey(arg(base, 0)))
            return printable(new Term(Fraction.multiply(t.coefficient(), 1 / k.value()), arg(base, 0)), coefficients);
        if (!is(base, Op.SUM) && !is(base, Op.SUM_ROWS) && !is(base, Op.SUM_COLUMNS)) return null;
        for (Expr seen : order)
            if (Means.isMean(seen) && arg(seen, 0) == base && arg(seen, 1) instanceof Num k)
                return printable(new Term(Fraction.multiply(t.coefficient(), k.value()), seen), coefficients);
        return null;
    }

    /** The term, if its coefficient and the one met before add up to a whole number, a short decimal or a small quotient. */
    private static Term printable(Term t, Map<Expr, Double> coefficients) {
        double total = Fraction.add(coefficients.get(t.base()), t.coefficient());
        boolean plain = total == Math.rint(total) || dev.matdiff.expr.DecimalForm.isShort(total, 4) || Fraction.of(total) != null;
        return plain ? t : null;
    }

    /**
     * A scalar product's factors in the other order, each transposed (b'a for a'b); other
     * expressions as they are. A product with a differential among its factors stays as it is: the
     * textbooks keep dwᵀXᵀr + rᵀX dw apart until the trace step joins them.
     */
    static Expr flipped(Expr e) {
        if (!is(e, Op.MATMUL) || !e.shape().isScalar()) return e;
        Expr turned = turned(e);
        return turned != null ? turned : e;
    }

    /** A product's transpose as a product, (AB)ᵀ = BᵀAᵀ, a symmetric factor as itself; null where a differential stands. */
    static Expr turned(Expr product) {
        for (Expr f : product.children())
            if (is(f, Op.DIFF) || is(f, Op.TRANSPOSE) && is(arg(f, 0), Op.DIFF)) return null;
        return matmul(Symmetry.transposedFactors(product.children()));
    }

    static Expr commonCoefficient(Node n) {
        long gcd = 0;
        for (Expr t : n.args()) {
            double c = Term.of(t).coefficient();
            if (c != Math.rint(c) || Math.abs(c) > 1e9) return sameCoefficient(n);
            gcd = java.math.BigInteger.valueOf(gcd).gcd(java.math.BigInteger.valueOf((long) Math.abs(c))).longValue();
        }
        // every term negative: −(A + B) rather than −A − B
        boolean negative = !anyChild(n, t -> Term.of(t).coefficient() >= 0);
        if (gcd == 0) return sameCoefficient(n);
        long factor = negative ? -Math.max(gcd, 1) : gcd;
        if (!negative && gcd < 2) return null;
        List<Expr> reduced = new ArrayList<>();
        for (Expr t : n.args()) {
            Term term = Term.of(t);
            reduced.add(new Term(term.coefficient() / factor, term.base()).build());
        }
        return scale(num(factor), add(reduced));
    }

    /** 0.5A + 0.5B = 0.5(A + B): a coefficient that is not whole comes out when every term has it (up to sign). */
    private static Expr sameCoefficient(Node n) {
        double c = Math.abs(Term.of(n.arg(0)).coefficient());
        if (c == 1 || c == 0 || c == Math.rint(c)) return null;
        for (Expr t : n.args()) if (Math.abs(Term.of(t).coefficient()) != c) return null;
        List<Expr> reduced = new ArrayList<>();
        for (Expr t : n.args()) {
            Term term = Term.of(t);
            reduced.add(new Term(term.coefficient() / c, term.base()).build());
        }
        return scale(num(c), add(reduced));
    }

    /**
     * C − A/2 − Aᵀ/2 = C − (A + Aᵀ)/2: the terms of a sum that share a coefficient 1/q (up to sign), when others
     * do not, are one quotient, as a symmetric gradient sym(G) = (G + Gᵀ)/2 is written; where every term shares
     * it, {@link #sameCoefficient} takes it out instead. The quotient stands where its first term stood.
     */
    static Expr commonFraction(Node n) {
        List<Expr> terms = n.args();
        for (int i = 0; i < terms.size(); i++) {
            Quotient first = Quotient.of(terms.get(i));
            if (first == null) continue;
            List<Expr> shared = new ArrayList<>(), rest = new ArrayList<>();
            int at = -1;
            for (Expr t : terms) {
                Quotient quotient = Quotient.of(t);
                if (quotient != null && quotient.q() == first.q()) {
                    shared.add(quotient.numerator());
                    if (at < 0) at = rest.size();
                } else rest.add(t);
            }
            if (shared.size() < 2 || rest.isEmpty()) continue;
            // every shared term negative: C − (A + B)/q rather than C + (−A − B)/q
            boolean negative = shared.stream().allMatch(Signs::leadingMinus);
            Expr sum = add(negative ? shared.stream().map(Exprs::neg).toList() : shared);
            rest.add(at, negative ? neg(div(sum, num(first.q()))) : div(sum, num(first.q())));
            return add(rest);
        }
        return null;
    }

    /** A term read as ±A/q for a whole q ≥ 2: (±1/q)·A as the factory writes a fraction's coefficient, or A/q. */
    private record Quotient(Expr numerator, double q) {
        static Quotient of(Expr t) {
            if (is(t, Op.NEG)) {
                Quotient inner = of(arg(t, 0));
                return inner == null ? null : new Quotient(neg(inner.numerator), inner.q);
            }
            if (is(t, Op.DIV) && arg(t, 1) instanceof Num d) {
                double q = whole(d.value());
                return q == 0 ? null : new Quotient(arg(t, 0), q);
            }
            Term term = Term.of(t);
            double q = term.coefficient() == 0 ? 0 : whole(1 / Math.abs(term.coefficient()));
            return q == 0 ? null : new Quotient(new Term(Math.signum(term.coefficient()), term.base()).build(), q);
        }

        /** v as a whole number from 2 on, else 0. */
        private static double whole(double v) {
            return v >= 2 && v < 1e6 && Math.abs(v - Math.rint(v)) < 1e-9 * v ? Math.rint(v) : 0;
        }
    }

    /** A − (B + C) = A − B − C: a negated sum among other terms is opened, as a product rule's −d(ab) leaves it. */
    static Expr openNegatedSum(Node n) {
        List<Expr> out = new ArrayList<>();
        boolean opened = false;
        for (Expr t : n.args()) {
            if (!is(t, Op.NEG) || !is(arg(t, 0), Op.ADD)) { out.add(t); continue; }
            for (Expr u : arg(t, 0).children()) out.add(neg(u));
            opened = true;
        }
        return opened ? add(out) : null;
    }

    static Expr positiveFirst(Node n) {
        if (printedCoefficient(n.arg(0)) >= 0) return null;
        for (int i = 1; i < n.args().size(); i++) {
            if (printedCoefficient(n.arg(i)) > 0) {
                List<Expr> terms = new ArrayList<>(n.args());
                terms.add(0, terms.remove(i));
                return add(terms);
            }
        }
        return null;
    }

    /** The coefficient a term prints with, a quotient's its numerator's: −2 for −2y/(Σp + Σy) (trial s74b's Dice loss led with it). */
    private static double printedCoefficient(Expr term) {
        while (is(term, Op.DIV)) term = arg(term, 0);
        return Term.of(term).coefficient();
    }

    /** What a term scales: A for 2A, −A, a·A. */
    static Expr scaled(Expr e) {
        while (is(e, Op.NEG) || is(e, Op.SCALE)) e = is(e, Op.NEG) ? arg(e, 0) : arg(e, 1);
        return e;
    }

    /** A sum with a term and its transpose lists the term first: A + Aᵀ, not Aᵀ + A. */
    static Expr transposeLast(Node n) {
        List<Expr> terms = n.args();
        for (int i = 0; i < terms.size(); i++) {
            Expr t = scaled(terms.get(i));
            if (!is(t, Op.TRANSPOSE)) continue;
            for (int j = i + 1; j < terms.size(); j++) {
                if (scaled(terms.get(j)) != arg(t, 0)) continue;
                List<Expr> out = new ArrayList<>(terms);
                out.set(i, terms.get(j));
                out.set(j, terms.get(i));
                return add(out);
            }
        }
        return null;
    }

    /** The factors of a matrix product, also of one scaled by a scalar that is not a number (s·AB); else null. */
    static List<Expr> chain(Expr base) {
        Expr product = is(base, Op.SCALE) ? arg(base, 1) : base;
        return is(product, Op.MATMUL) ? product.children() : null;
    }
}
