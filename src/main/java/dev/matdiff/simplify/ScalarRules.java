package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Fraction;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Means;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.Term;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.matdiff.expr.Exprs.*;

/** Scalars: moved to the front, gathered into powers, cancelled in quotients. The table in {@link Rules} says where each applies. */
final class ScalarRules {
    private ScalarRules() {}

    /**
     * (A/a)/b = A/(ab), and a quotient's number (p/q)·A/b = pA/(qb): the gradient of (xᵀb)^(1/3) reads
     * b/(3*(x'*b)^(2/3)), not b/3/(x'*b)^(2/3). A mean keeps its division: mean(x)/b.
     */
    static Expr divDiv(Node n) {
        Expr top = n.arg(0);
        if (is(top, Op.DIV) && !Means.isMean(top)) return div(arg(top, 0), mul(arg(top, 1), n.arg(1)));
        Expr whole = QuotientNumbers.whole(top, n.arg(1));
        if (whole != null) return whole;
        // a denominator with a number or a minus of its own would read worse: 4*x/(1.5*a), 2*x/(-3*…*a)
        if (!is(top, Op.SCALE) || is(n.arg(1), Op.NEG) || Scaling.ofAny(n.arg(1)).factors().stream().anyMatch(f -> f instanceof Num)) return null;
        Scaling scaling = Scaling.of((Node) top);
        List<Expr> factors = new ArrayList<>(scaling.factors());
        for (int i = 0; i < factors.size(); i++) {
            Fraction f = factors.get(i) instanceof Num c ? Fraction.of(c.value()) : null;
            if (f == null) continue;
            if (f.numerator() == 1) factors.remove(i);
            else factors.set(i, num(f.numerator()));
            return div(scaling.with(factors), mul(num(f.denominator()), n.arg(1)));
        }
        return null;
    }

    static Expr scaleDiv(Node n) {
        // but a mean stays whole, mean(x)·1 as written: mean-out makes one of (sum(x)·A)/n, and this must not undo it
        if (is(n.arg(0), Op.DIV) && !Means.isMean(n.arg(0))) return div(mul(arg(n.arg(0), 0), n.arg(1)), arg(n.arg(0), 1));
        // (c/q)·X = cX/q for a matrix X: the factory writes the number over q as c·q⁻¹
        Expr s = n.arg(0), x = n.arg(1);
        // s·q⁻ᵏ = s/qᵏ for a scalar s that is not a number (a number over q is already written c·q⁻ᵏ)
        if (reciprocal(x) && !(s instanceof Num) && s.shape().isScalar() && x.shape().isScalar()) return div(s, reciprocalOf(x));
        // and q⁻ᵏ·s = s/qᵏ: the gradient of (a^2)^0.5 printed 1/(a^2)^0.5*a
        if (reciprocal(s) && x.shape().isScalar() && !(x instanceof Num) && !reciprocal(x)) return div(x, reciprocalOf(s));
        if (!x.shape().isScalar() && reciprocal(s)) return div(x, reciprocalOf(s));
        // (c·q⁻ᵏ·b)·X = (c·b·X)/qᵏ wherever q⁻ᵏ stands among the factors: 0.5/a^0.5*b*y read as (0.5/a^0.5)*b*y; and for
        // a scalar X that is not a number, as tan'' reads 2*sin(x)/cos(x)^3, not 2/cos(x)^3*sin(x)
        if (!x.shape().isScalar() || !(x instanceof Num) && !reciprocal(x)) {
            if (is(s, Op.SCALE)) {
                List<Expr> fs = new ArrayList<>();
                scalarFactors(s, fs);
                for (int i = 0; i < fs.size(); i++) {
                    if (!reciprocal(fs.get(i))) continue;
                    Expr q = reciprocalOf(fs.remove(i));
                    for (int j = fs.size() - 1; j >= 0; j--) x = scale(fs.get(j), x);
                    return div(x, q);
                }
            }
        }
        if (is(n.arg(1), Op.DIV) && arg(n.arg(1), 1) != n.arg(0) && !Means.isMean(n.arg(1))) return div(mul(n.arg(0), arg(n.arg(1), 0)), arg(n.arg(1), 1));
        return null;
    }

    /**
     * A(uᵀBv)C = (uᵀBv)·AC: a run of factors inside a product that is 1×1 is a scalar and goes to the front,
     * written with the fewer transposes of its two readings (xᵀMᵀx = xᵀMx), so that like terms meet:
     * M x xᵀ M x is (xᵀMx)·Mx. Not a run with a differential in it, which the trace step moves to the right.
     */
    static Expr scalarRun(Node n) {
        List<Expr> f = n.children();
        if (n.shape().isScalar()) return null;
        for (int i = 1; i < f.size(); i++) {
            if (!f.get(i).shape().rows().isOne()) continue;
            for (int j = i + 1; j < f.size(); j++) {
                if (!f.get(j).shape().cols().isOne()) continue;
                Expr run = matmul(f.subList(i, j + 1)), flipped = SumRules.flipped(run);
                if (Expr.holdsDifferential(run)) break;
                if (transposes(flipped) < transposes(run)) run = flipped;
                List<Expr> rest = new ArrayList<>(f.subList(0, i));
                rest.addAll(f.subList(j + 1, f.size()));
                return scale(run, rest.size() == 1 ? rest.get(0) : matmul(rest));
            }
        }
        return null;
    }

    /**
     * (A + BuᵀC)v = Av + (uᵀCv)·Bv, anywhere in a product (P(A + BuᵀC)vQ, as the vec route's (s·1ᵀ − I)·y·xᵀ meets
     * an assumed 1ᵀy): a sum times a column is multiplied out when a term then holds a 1×1 run for
     * {@link #scalarRun} (a row factor after its first), so that like terms can meet; the common factor comes back
     * out only where they do not. (M + (1 − s)Mᵀ − M x xᵀ M)x is (1 − s)(M + Mᵀ)x for s = xᵀMx. Not for v = 1:
     * that is a row sum, and a bias's gradient stays the sum of the residual, sum(W·X + b·1ᵀ − Y, 2).
     */
    static Expr distributeForRun(Node n) {
        if (!is(n, Op.MATMUL) || n.shape().isScalar() || Expr.holdsDifferential(n)) return null;
        // a sum followed by a column v, anywhere in the product: (s·1ᵀ − I)·y·xᵀ meets the run 1ᵀy as well as (…)·y alone
        for (int i = 0; i + 1 < n.arity(); i++) {
            Expr sum = n.arg(i), v = n.arg(i + 1);
            if (!is(sum, Op.ADD) || !v.shape().isColumn() || v.shape().isScalar() || is(v, Op.ONES) || !meetsRun(sum)) continue;
            List<Expr> terms = new ArrayList<>();
            for (Expr t : sum.children()) terms.add(mul(t, v));
            return ProductRules.replacing(n.args(), i, 2, List.of(add(terms)));
        }
        return null;
    }

    /** Whether a term of the sum is a product with a row factor after its first: multiplied by a column, a 1×1 run. */
    private static boolean meetsRun(Expr sum) {
        for (Expr t : sum.children()) {
            List<Expr> f = SumRules.chain(Term.of(t).base());
            if (f != null && f.subList(1, f.size()).stream().anyMatch(x -> x.shape().rows().isOne())) return true;
        }
        return false;
    }

    /** How many of a product's factors are transposes. */
    static long transposes(Expr product) {
        return is(product, Op.MATMUL) ? product.children().stream().filter(x -> is(x, Op.TRANSPOSE)).count() : 0;
    }

    private static boolean reciprocal(Expr e) { return is(e, Op.ELEMPOW) && ((Node) e).param() < 0; }

    /** q^k for q^-k. */
    private static Expr reciprocalOf(Expr e) { return elemPow(arg(e, 0), -((Node) e).param()); }

    static Expr pullScalarsLinear(Node n) {
        // conv and convfull are linear in each argument; the others only in their first (blocksum's A is held)
        int linearIn = n.op() == Op.CONV || n.op() == Op.CONVFULL ? 2 : 1;
        for (int i = 0; i < linearIn; i++) {
            Expr a = n.arg(i);
            if (is(a, Op.NEG)) return neg(withArg(n, i, arg(a, 0)));
            if (is(a, Op.SCALE)) return scale(arg(a, 0), withArg(n, i, arg(a, 1)));
            if (is(a, Op.DIV)) return div(withArg(n, i, arg(a, 0)), arg(a, 1));
        }
        return null;
    }

    /** n with argument i replaced, the others kept. */
    private static Expr withArg(Node n, int i, Expr replacement) {
        List<Expr> args = new ArrayList<>(n.args());
        args.set(i, replacement);
        return rebuild(n, args);
    }

    /** The scalar factors of a chain of scalings, and what they scale. */
    static void scalarFactors(Expr s, List<Expr> out) {
        // down the left spine by a loop: the factory nests a·b·c as (a·b)·c, and a chain of 20,000 definitions
        // f_i = exp(f_{i−1}) has a gradient that many factors long, too deep for recursion on every rule that reads it
        List<Expr> right = new ArrayList<>();
        while (is(s, Op.SCALE) && arg(s, 1).shape().isScalar()) {
            right.add(arg(s, 1));
            s = arg(s, 0);
        }
        out.add(s);
        for (int i = right.size() - 1; i >= 0; i--) {
            Expr r = right.get(i);
            if (is(r, Op.SCALE) && arg(r, 1).shape().isScalar()) scalarFactors(r, out);
            else out.add(r);
        }
    }

    /**
     * A scaling read as its scalar factors, and what they scale (null when that is a scalar too: it is
     * then the last factor). Rules that rewrite among the factors (powers, eᵘσ(−u), sign(u)·u) rebuild from it.
     */
    record Scaling(List<Expr> factors, Expr rest) {
        static Scaling of(Node scaling) {
            // the last one read, by node: four rules read the same chain in turn, and a chain k factors long made each
            // O(k) at every link of a k-deep chain of definitions
            Object[] last = LAST.get();
            if (last[0] == scaling) return (Scaling) last[1];
            List<Expr> factors = new ArrayList<>();
            scalarFactors(scaling.arg(0), factors);
            Expr rest = scaling.arg(1);
            if (rest.shape().isScalar()) { factors.add(rest); rest = null; }
            Scaling out = new Scaling(java.util.Collections.unmodifiableList(factors), rest);
            last[0] = scaling;
            last[1] = out;
            return out;
        }

        /** The last chain read and its reading, on this thread; {@link #forget} at the end of each rewrite. */
        private static final ThreadLocal<Object[]> LAST = ThreadLocal.withInitial(() -> new Object[2]);

        /** Drops the last reading, so that a thread keeps no derivation's nodes alive once its rewriting is done. */
        static void forget() {
            Object[] last = LAST.get();
            last[0] = null;
            last[1] = null;
        }

        /** Any expression read so: a scaling's factors, a scalar as one factor, anything else as what is scaled. */
        static Scaling ofAny(Expr e) {
            if (is(e, Op.SCALE)) return of((Node) e);
            return e.shape().isScalar() ? new Scaling(List.of(e), null) : new Scaling(List.of(), e);
        }

        /** The product of {@code fs}, scaling what this scaling scales (1 where both are empty). */
        Expr with(List<Expr> fs) {
            Expr product = null;
            for (Expr f : fs) product = product == null ? f : scale(product, f);
            return rest == null ? (product == null ? ONE : product) : product == null ? rest : scale(product, rest);
        }

        /** The product of scalar factors, 1 for none. */
        static Expr product(List<Expr> fs) { return new Scaling(List.of(), null).with(fs); }

        /** Factors i and j replaced by {@code f}, where i stood. */
        Expr merging(int i, int j, Expr f) {
            List<Expr> fs = new ArrayList<>(factors);
            fs.set(i, f);
            fs.remove(j);
            return with(fs);
        }
    }

    /**
     * u/√u = √u and √u/u = 1/√u among the scalar factors of a quotient's two sides: the gradient of
     * √det(X) reads √det(X)·X⁻ᵀ/2, not det(X)·X⁻ᵀ/(2√det(X)).
     */
    static Expr sqrtCancel(Node n) {
        return acrossQuotient(n, (u, d) -> is(d, Op.SQRT) && arg(d, 0) == u ? new Expr[] {d, null}
                : is(u, Op.SQRT) && arg(u, 0) == d ? new Expr[] {null, u} : null);
    }

    /**
     * u^p/u^q = u^(p−q) among a quotient's scalar factors where p or q is a power that is not a whole number (whole powers
     * the rational canceller takes): 1.5‖x‖^0.5·x/‖x‖ is 1.5x/‖x‖^0.5. Both sides are defined only where u ≥ 0, where it holds.
     */
    static Expr powerCancel(Node n) {
        return acrossQuotient(n, (u, d) -> {
            // a square root against its radicand is sqrt-cancel's: √u/u is 1/√u there
            Double left = brokenPowersQuotient(u, d);
            if (left == null) return null;
            double e = left;
            Expr power = e == 1 || e == -1 ? base(u) : elemPow(base(u), Math.abs(e));
            return e > 0 ? new Expr[] {power, null} : e < 0 ? new Expr[] {null, power} : new Expr[] {null, null};
        });
    }

    /**
     * The first pair of a scalar factor above and one below that {@code meet} turns into what stays above and below (null:
     * nothing), the quotient rebuilt with them; null when no pair meets.
     */
    static Expr acrossQuotient(Node n, java.util.function.BiFunction<Expr, Expr, Expr[]> meet) {
        Scaling top = Scaling.ofAny(n.arg(0)), bottom = Scaling.ofAny(n.arg(1));
        List<Expr> up = new ArrayList<>(top.factors()), down = new ArrayList<>(bottom.factors());
        for (int j = 0; j < down.size(); j++) {
            for (int i = 0; i < up.size(); i++) {
                Expr[] kept = meet.apply(up.get(i), down.get(j));
                if (kept == null) continue;
                if (kept[0] == null) up.remove(i); else up.set(i, kept[0]);
                if (kept[1] == null) down.remove(j); else down.set(j, kept[1]);
                Expr numerator = up.isEmpty() && top.rest() == null ? ONE : top.with(up);
                return down.isEmpty() ? numerator : div(numerator, bottom.with(down));
            }
        }
        return null;
    }

    /**
     * p − q for u = Aᵖ and d = A^q of one base (a power, a square root or A itself) where p or q is not whole: the power a
     * quotient of them leaves, for scalars (power-cancel) and entry-wise (elementwise-power-cancel); else null.
     */
    static Double brokenPowersQuotient(Expr u, Expr d) {
        if (base(u) != base(d) || base(u) instanceof Num || !brokenPower(u) && !brokenPower(d)) return null;
        return dev.matdiff.expr.Fraction.add(exponent(u), -exponent(d));
    }

    private static boolean brokenPower(Expr f) { return is(f, Op.ELEMPOW) && ((Node) f).param() != Math.rint(((Node) f).param()); }

    /** A for Aᵖ (or A.^p) and √A; else f itself. */
    static Expr base(Expr f) { return is(f, Op.ELEMPOW) || is(f, Op.SQRT) ? arg(f, 0) : f; }

    private static double exponent(Expr f) { return is(f, Op.ELEMPOW) ? ((Node) f).param() : is(f, Op.SQRT) ? 0.5 : 1; }

    static Expr scalarPowers(Node n) {
        Scaling scaling = Scaling.of(n);
        List<Expr> factors = scaling.factors();
        Map<Expr, Double> exponents = IdentityMaps.map(factors.size());
        Commuted.Firsts sums = new Commuted.Firsts();
        // u beside √u is √u²: x·√x is √x³, as the entry-wise x ⊙ √x is (hadamard-power)
        java.util.Set<Expr> radicands = IdentityMaps.set();
        for (Expr f : factors) if (is(powerBase(f), Op.SQRT)) radicands.add(arg(powerBase(f), 0));
        List<Expr> order = new ArrayList<>();
        for (Expr f : factors) {
            Expr base = powerBase(f);
            double k = is(f, Op.ELEMPOW) ? ((Node) f).param() : 1;
            if (base instanceof Num) { order.add(f); continue; }
            if (radicands.contains(base) && k == Math.rint(k)) {
                base = call(Op.SQRT, base);
                k = 2 * k;
            }
            // a sum written in two orders is one base: (cos(x) + 1)·(1 + cos(x)) = (cos(x) + 1)²
            if (!exponents.containsKey(base) && is(base, Op.ADD)) base = sums.firstLike(base);
            // a 1×1 product and its transpose are one base: wᵀu·uᵀw = (wᵀu)² (trial s75b: a planar flow's Hessian)
            if (!exponents.containsKey(base) && is(base, Op.MATMUL)) {
                Expr turned = matmul(TransposeRules.reversedTransposes(base.children()));
                if (exponents.containsKey(turned)) base = turned;
            }
            if (!exponents.containsKey(base)) order.add(base);
            exponents.merge(base, k, Fraction::add);
        }
        if (order.size() == factors.size()) return null;
        List<Expr> powers = new ArrayList<>();
        for (Expr f : order) {
            Double k = exponents.get(f);
            powers.add(k == null || k == 1 ? f : elemPow(f, k));
        }
        return scaling.with(powers);
    }

    /** u for uᵏ, else f itself. */
    private static Expr powerBase(Expr f) { return is(f, Op.ELEMPOW) ? arg(f, 0) : f; }

    /**
     * A scaling's factors in the order a textbook writes them: numbers, then scalar variables, then the rest (named
     * intermediates among it), each group in its order: the chain rule's cos(a*b)*b reads b*cos(a*b). Null where they are
     * in that order, or the product is long.
     */
    static Expr namesFirst(Node n) {
        Scaling scaling = Scaling.of(n);
        List<Expr> factors = scaling.factors();
        if (factors.size() > MOST_ORDERED_FACTORS) return null;
        List<Expr> ordered = new ArrayList<>(factors.size());
        for (int rank = 0; rank < 3; rank++)
            for (Expr f : factors) if (nameRank(f) == rank) ordered.add(f);
        return ordered.equals(factors) ? null : scaling.with(ordered);
    }

    private static final int MOST_ORDERED_FACTORS = 8;

    private static int nameRank(Expr f) {
        // a size, sum(1_n), prints as its symbol n and counts as a number: p·det(A ⊗ X)·X⁻ᵀ, not det(A ⊗ X)·p·X⁻ᵀ
        if (f instanceof Num || is(f, Op.SUM) && is(arg(f, 0), Op.ONES) && arg(f, 0).shape().isColumn()) return 0;
        return f instanceof Expr.Var ? 1 : 2;
    }

    static Expr pullScalars(Node n) {
        Expr a = n.arg(0), b = n.arg(1);
        if (is(a, Op.NEG)) return neg(rebuild(n, List.of(arg(a, 0), b)));
        // (aA)/b stays: scale-div moves scalars into a quotient, and this rule must not move them out again
        if (n.op() == Op.DIV) return null;
        if (is(a, Op.SCALE)) return scale(arg(a, 0), rebuild(n, List.of(arg(a, 1), b)));
        if (is(b, Op.NEG) && n.op() != Op.ELEMDIV) return neg(rebuild(n, List.of(a, arg(b, 0))));
        if (is(b, Op.SCALE) && n.op() != Op.ELEMDIV) return scale(arg(b, 0), rebuild(n, List.of(a, arg(b, 1))));
        return null;
    }

    static Expr divCancel(Node n) {
        if (n.op() == Op.DIV) {
            Expr a = n.arg(0), s = n.arg(1);
            if (isNum(s, 1)) return a;
            if (a == s) return ONE;
            if (a instanceof Num x && s instanceof Num y && y.value() != 0) return num(x.value() / y.value());
            // (4A)/2 = 2A; a quotient that is not whole stays a fraction, 2A/3 rather than 0.667A
            if (s instanceof Num y && is(a, Op.SCALE) && arg(a, 0) instanceof Num x && y.value() != 0
                    && x.value() % y.value() == 0) return scale(num(x.value() / y.value()), arg(a, 1));
            if (s instanceof Num y && is(a, Op.ADD) && Math.abs(y.value()) > 1 && y.value() == Math.rint(y.value())) {
                // (2A − 2B/c)/2 = A − B/c: a number every term holds is divided out of each, as a textbook does
                // and where only some do, those leave the quotient: (C − 2X⁻¹ + Cᵀ)/2 = (C + Cᵀ)/2 − X⁻¹, as a symmetric gradient reads
                // (the quotient where its first term was: (2X − S)/2 = X − S/2)
                List<Expr> terms = new ArrayList<>(), rest = new ArrayList<>();
                int at = -1;
                for (Expr t : a.children()) {
                    Expr d = wholeDivided(t, y.value());
                    if (d != null) terms.add(d);
                    else {
                        if (at < 0) at = terms.size();
                        rest.add(t);
                    }
                }
                if (rest.isEmpty()) return add(terms);
                // only where what stays over the divisor has no number of its own: (3x − 2y + z)/2 stays 1.5(3x − 2y + z)
                // rather than 4.5x − 3y + 1.5z
                if (!terms.isEmpty() && rest.stream().allMatch(t -> Math.abs(Term.readThrough(t).coefficient()) == 1)) {
                    terms.add(at, div(add(rest), s));
                    return add(terms);
                }
            }
            Expr rest = withoutScalarFactor(a, s);
            if (rest != null) return rest;
            // 2aX/(2b) = aX/b: whole coefficients of numerator and denominator share their common divisor
            Term top = Term.of(a), bottom = Term.of(s);
            double p = top.coefficient(), q = bottom.coefficient();
            if (!(s instanceof Num) && p == Math.rint(p) && q == Math.rint(q) && Math.abs(p) < 1e9 && Math.abs(q) < 1e9 && q != 0) {
                long g = java.math.BigInteger.valueOf((long) p).gcd(java.math.BigInteger.valueOf((long) q)).longValue();
                if (g > 1) return div(new Term(p / g, top.base()).build(), new Term(q / g, bottom.base()).build());
            }
        }
        if (n.op() == Op.SCALE && is(n.arg(1), Op.DIV) && arg(n.arg(1), 1) == n.arg(0)) return arg(n.arg(1), 0);
        return null;
    }

    /** t with its number divided by k, where it is a whole multiple of k (read through −, scalings and a quotient's numerator); else null. */
    private static Expr wholeDivided(Expr t, double k) {
        if (is(t, Op.NEG) || is(t, Op.DIV)) {
            Expr d = wholeDivided(arg(t, 0), k);
            return d == null ? null : is(t, Op.NEG) ? neg(d) : div(d, arg(t, 1));
        }
        Term term = Term.of(t);
        double c = term.coefficient();
        return c == Math.rint(c) && Math.abs(c) < 1e15 && c % k == 0 ? new Term(c / k, term.base()).build() : null;
    }

    /** a with one scalar factor s removed from its chain of scalings, or null if s is not among them. */
    static Expr withoutScalarFactor(Expr a, Expr s) {
        if (!is(a, Op.SCALE)) return null;
        Expr factor = arg(a, 0), rest = arg(a, 1);
        if (factor == s) return rest;
        if (rest == s) return factor;
        // the factory nests scalings to the left, a·(b·X) as (a·b)·X, so only the factor can hold more
        Expr inFactor = withoutScalarFactor(factor, s);
        return inFactor != null ? scale(inFactor, rest) : null;
    }

    /** A(B/s) = (AB)/s and A ⊙ (B/s) = (A ⊙ B)/s: a division by a scalar moves out of a product. */
    static Expr pullDivision(Node n) {
        List<Expr> args = n.args();
        for (int i = 0; i < args.size(); i++) {
            if (!is(args.get(i), Op.DIV) || Means.isMean(args.get(i))) continue;
            List<Expr> out = new ArrayList<>(args);
            out.set(i, arg(args.get(i), 0));
            return div(rebuild(n, out), arg(args.get(i), 1));
        }
        return null;
    }

    /** −((−c)·s·A) = c·s·A: a negative number inside a scaling's chain meets the minus in front (−(−2s·v) printed as such otherwise). */
    static Expr negatedCoefficient(Node n) {
        Term t = Term.of(n.arg(0));
        if (t.coefficient() < 0) return new Term(-t.coefficient(), t.base()).build();
        // −((cA)/s) = (−cA)/s, printed −0.5*A/s rather than −(0.5*A/s)
        Expr q = n.arg(0);
        if (!is(q, Op.DIV) || !is(arg(q, 0), Op.SCALE) || !(arg(arg(q, 0), 0) instanceof Num c)) return null;
        return div(scale(num(-c.value()), arg(arg(q, 0), 1)), arg(q, 1));
    }
}
