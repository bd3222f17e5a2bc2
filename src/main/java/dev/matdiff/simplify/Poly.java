package dev.matdiff.simplify;

import dev.matdiff.expr.Fraction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A polynomial with real coefficients in commuting atoms (numbered 0, 1, …): a sum of
 * coefficient × monomial. Element-wise products of matrices of one shape commute, and so do
 * scalars with everything, so ⊙, scalings and sums of one shape are polynomials in their atoms.
 * Operations return null when a result would have more than {@link #MAX_TERMS} terms: the
 * caller then keeps the expression as it was.
 */
final class Poly {
    static final int MAX_TERMS = 48;

    /** Exponents by atom number (trailing zeros trimmed, so equal monomials are equal arrays). */
    record Mono(int[] exps) {
        static final Mono ONE = new Mono(new int[0]);

        static Mono atom(int i, int power) {
            int[] e = new int[i + 1];
            e[i] = power;
            return new Mono(e);
        }

        int exp(int atom) { return atom < exps.length ? exps[atom] : 0; }

        int degree() { int d = 0; for (int e : exps) d += e; return d; }

        Mono times(Mono o) {
            int[] e = new int[Math.max(exps.length, o.exps.length)];
            for (int i = 0; i < e.length; i++) e[i] = exp(i) + o.exp(i);
            return new Mono(e);
        }

        /** This over o, or null if o does not divide it. */
        Mono over(Mono o) {
            int[] e = new int[exps.length];
            for (int i = 0; i < Math.max(e.length, o.exps.length); i++) {
                int d = exp(i) - o.exp(i);
                if (d < 0) return null;
                if (i < e.length) e[i] = d;
            }
            return trimmed(e);
        }

        static Mono trimmed(int[] e) {
            int n = e.length;
            while (n > 0 && e[n - 1] == 0) n--;
            return new Mono(Arrays.copyOf(e, n));
        }

        @Override public boolean equals(Object o) { return o instanceof Mono m && Arrays.equals(exps, m.exps); }

        @Override public int hashCode() { return Arrays.hashCode(exps); }
    }

    /** Higher degree first, then by atom number: the order terms are printed in. */
    static final Comparator<Mono> ORDER = (a, b) -> {
        if (a.degree() != b.degree()) return Integer.compare(b.degree(), a.degree());
        for (int i = 0; i < Math.max(a.exps.length, b.exps.length); i++)
            if (a.exp(i) != b.exp(i)) return Integer.compare(b.exp(i), a.exp(i));
        return 0;
    };

    final Map<Mono, Double> terms;

    private Poly(Map<Mono, Double> terms) { this.terms = terms; }

    static Poly constant(double c) {
        Map<Mono, Double> t = new LinkedHashMap<>();
        if (c != 0) t.put(Mono.ONE, c);
        return new Poly(t);
    }

    /** c times the monomial m. */
    static Poly of(Mono m, double c) {
        Map<Mono, Double> t = new LinkedHashMap<>();
        if (c != 0) t.put(m, c);
        return new Poly(t);
    }

    /** The value at atom = x of a polynomial in that one atom. */
    double at(int atom, double x) {
        double v = 0;
        for (var e : terms.entrySet()) v += e.getValue() * Math.pow(x, e.getKey().exp(atom));
        return v;
    }

    static Poly atom(int i) {
        Map<Mono, Double> t = new LinkedHashMap<>();
        t.put(Mono.atom(i, 1), 1.0);
        return new Poly(t);
    }

    boolean isZero() { return terms.isEmpty(); }

    /** The number c when this is one, else NaN. */
    double constantValue() {
        if (terms.isEmpty()) return 0;
        if (terms.size() == 1 && terms.containsKey(Mono.ONE)) return terms.get(Mono.ONE);
        return Double.NaN;
    }

    Poly plus(Poly o) {
        Map<Mono, Double> t = new LinkedHashMap<>(terms);
        o.terms.forEach((m, c) -> t.merge(m, c, Fraction::add));
        t.values().removeIf(c -> c == 0);
        return t.size() > MAX_TERMS ? null : new Poly(t);
    }

    Poly scaled(double c) {
        Map<Mono, Double> t = new LinkedHashMap<>();
        if (c != 0) terms.forEach((m, v) -> t.put(m, Fraction.multiply(v, c)));
        return new Poly(t);
    }

    /** Each coefficient over c, each quotient rounded once (not times 1/c, rounded twice). */
    Poly over(double c) {
        Map<Mono, Double> t = new LinkedHashMap<>();
        terms.forEach((m, v) -> t.put(m, Fraction.divide(v, c)));
        return new Poly(t);
    }

    Poly times(Poly o) {
        if (o == null) return null;
        if ((long) terms.size() * o.terms.size() > 4L * MAX_TERMS) return null;
        Map<Mono, Double> t = new LinkedHashMap<>();
        for (var a : terms.entrySet())
            for (var b : o.terms.entrySet()) t.merge(a.getKey().times(b.getKey()), Fraction.multiply(a.getValue(), b.getValue()), Fraction::add);
        t.values().removeIf(c -> c == 0);
        return t.size() > MAX_TERMS ? null : new Poly(t);
    }

    /** The largest monomial that divides every term (each atom to its lowest power among the terms); ONE for zero. */
    Mono content() {
        int[] low = null;
        for (Mono m : terms.keySet()) {
            if (low == null) { low = Arrays.copyOf(m.exps, m.exps.length); continue; }
            for (int i = 0; i < low.length; i++) low[i] = Math.min(low[i], m.exp(i));
        }
        return low == null ? Mono.ONE : Mono.trimmed(low);
    }

    /** This divided by a monomial that divides every term. */
    Poly overMono(Mono m) {
        Map<Mono, Double> t = new LinkedHashMap<>();
        terms.forEach((k, c) -> t.put(k.over(m), c));
        return new Poly(t);
    }

    /** The monomial each atom of which is to the lower of its powers in a and b. */
    static Mono common(Mono a, Mono b) {
        int[] e = new int[Math.min(a.exps.length, b.exps.length)];
        for (int i = 0; i < e.length; i++) e[i] = Math.min(a.exps[i], b.exps[i]);
        return Mono.trimmed(e);
    }

    /**
     * The number c that makes this − c·d shortest, matched to one of d's terms (x + y + 1 and x + 1: 1, leaving y); NaN
     * where no term of d is one of this one's.
     */
    double shortestMultipleOf(Poly d) {
        double best = Double.NaN;
        int fewest = Integer.MAX_VALUE;
        for (var m : d.terms.entrySet()) {
            Double c = terms.get(m.getKey());
            if (c == null) continue;
            Poly rest = plus(d.scaled(-c / m.getValue()));
            if (rest == null) continue;  // past MAX_TERMS: not a shorter form
            int left = rest.terms.size();
            if (left < fewest) { fewest = left; best = c / m.getValue(); }
        }
        return best;
    }

    /**
     * w with this = c·w² for a binomial w = m₁ + b·m₂ of monomials, else null: A·m₁² + B·m₁m₂ + C·m₂² with B² = 4AC is
     * A(m₁ + (B/2A)·m₂)², found where no written sum is its root (x ⊘ s − μ ⊘ s squares to x² − 2xμ + μ² over s²).
     */
    Poly binomialRoot() {
        if (terms.size() != 3) return null;
        List<Mono> squares = new ArrayList<>();
        for (Mono m : terms.keySet()) if (Arrays.stream(m.exps).allMatch(e -> e % 2 == 0)) squares.add(m);
        if (squares.size() != 2) return null;
        Mono r1 = half(squares.get(0)), r2 = half(squares.get(1));
        Double cross = terms.get(r1.times(r2));
        double a = terms.get(squares.get(0)), c = terms.get(squares.get(1));
        if (cross == null || Fraction.multiply(cross, cross) != 4 * Fraction.multiply(a, c)) return null;
        // whole roots where the squares' coefficients are squares of whole numbers: (2a − b)², not 4(a − b/2)²
        // (a negative square, −(2a − b)², the same with its sign outside)
        double sign = Math.signum(a), ra = Math.sqrt(Math.abs(a)), rc = Math.sqrt(Math.abs(c));
        boolean whole = a * c > 0 && ra == Math.rint(ra) && rc == Math.rint(rc);
        Poly root = whole ? of(r1, ra).plus(of(r2, Math.signum(cross) * sign * rc)) : of(r1, 1).plus(of(r2, cross / (2 * a)));
        Poly square = root == null ? null : root.times(root);
        return square != null && square.scaled(whole ? sign : a).equals(this) ? root : null;
    }

    private static Mono half(Mono m) {
        int[] e = new int[m.exps.length];
        for (int i = 0; i < e.length; i++) e[i] = m.exps[i] / 2;
        return Mono.trimmed(e);
    }

    /** The term that comes first in {@link #ORDER}. */
    Map.Entry<Mono, Double> leading() {
        return terms.entrySet().stream().min(Map.Entry.comparingByKey(ORDER)).orElseThrow();
    }

    /** This divided by d, or null if d does not divide it exactly (long division in d's main atom). */
    Poly over(Poly d) {
        if (d.terms.size() == 1) {
            var only = d.terms.entrySet().iterator().next();
            Map<Mono, Double> t = new LinkedHashMap<>();
            for (var e : terms.entrySet()) {
                Mono q = e.getKey().over(only.getKey());
                if (q == null) return null;
                t.put(q, e.getValue() / only.getValue());
            }
            return new Poly(t);
        }
        int v = mainAtom(d);
        int dd = degreeIn(d, v);
        Poly lcD = coefficientOf(d, v, dd);
        Poly quotient = constant(0), rest = this;
        for (int step = 0; !rest.isZero(); step++) {
            int dr = degreeIn(rest, v);
            if (dr < dd || step > MAX_TERMS) return null;
            Poly lc = coefficientOf(rest, v, dr).over(lcD);
            if (lc == null) return null;
            Poly term = lc.times(atomPower(v, dr - dd));
            if (term == null) return null;
            quotient = quotient.plus(term);
            Poly sub = term.times(d);
            if (quotient == null || sub == null) return null;
            rest = rest.plus(sub.scaled(-1));
            if (rest == null) return null;
        }
        return quotient;
    }

    private static Poly atomPower(int v, int k) {
        Map<Mono, Double> t = new LinkedHashMap<>();
        t.put(k == 0 ? Mono.ONE : Mono.atom(v, k), 1.0);
        return new Poly(t);
    }

    /** The atom d has to the highest power (the lowest number among equals). */
    private static int mainAtom(Poly d) {
        int best = -1, bestDegree = 0;
        for (Mono m : d.terms.keySet())
            for (int i = 0; i < m.exps.length; i++)
                if (m.exps[i] > bestDegree || m.exps[i] == bestDegree && m.exps[i] > 0 && i < best) { best = i; bestDegree = m.exps[i]; }
        return best;
    }

    private static int degreeIn(Poly p, int v) {
        int d = 0;
        for (Mono m : p.terms.keySet()) d = Math.max(d, m.exp(v));
        return d;
    }

    /** The coefficient of v^k in p, a polynomial in the other atoms. */
    private static Poly coefficientOf(Poly p, int v, int k) {
        Map<Mono, Double> t = new LinkedHashMap<>();
        for (var e : p.terms.entrySet()) {
            if (e.getKey().exp(v) != k) continue;
            int[] ex = Arrays.copyOf(e.getKey().exps, e.getKey().exps.length);
            if (v < ex.length) ex[v] = 0;
            t.merge(Mono.trimmed(ex), e.getValue(), Fraction::add);
        }
        return new Poly(t);
    }

    /** The terms in printing order. */
    List<Map.Entry<Mono, Double>> ordered() { return ordered(ORDER); }

    /** The terms in the given order. */
    List<Map.Entry<Mono, Double>> ordered(Comparator<Mono> order) {
        List<Map.Entry<Mono, Double>> out = new ArrayList<>(terms.entrySet());
        out.sort(Map.Entry.comparingByKey(order));
        return out;
    }

    /**
     * Higher degree first, then by atom, the atoms taken in the order {@code rank} lists them (rank[r] is the atom
     * compared r-th): {@link #ORDER} with the atoms renumbered.
     */
    static Comparator<Mono> order(int[] rank) {
        return (a, b) -> {
            if (a.degree() != b.degree()) return Integer.compare(b.degree(), a.degree());
            for (int i : rank) if (a.exp(i) != b.exp(i)) return Integer.compare(b.exp(i), a.exp(i));
            return 0;
        };
    }

    /**
     * Whether there are two terms or more, each coefficient a fraction that a whole multiplier makes whole: 1.5 and −0.5,
     * or 0.5 and −0.5; not 1 and 0.5, nor 0.5 and 4e-10.
     */
    boolean fractions() { return terms.size() > 1 && wholeMultiplier() > 1 && terms.values().stream().allMatch(c -> c != Math.rint(c)); }

    /** The least whole k ≤ 12 that makes every coefficient whole; 1 when there is none. */
    int wholeMultiplier() {
        for (int k = 1; k <= 12; k++) {
            final int m = k;
            if (terms.values().stream().allMatch(c -> Math.abs(c * m - Math.rint(c * m)) <= 1e-13 * Math.max(1, Math.abs(c * m)))) return k;
        }
        return 1;
    }

    /** The greatest common divisor of the coefficients where all are whole (up to 1e9), else 1. */
    long wholeGcd() {
        long g = 0;
        for (double c : terms.values()) {
            if (c != Math.rint(c) || Math.abs(c) > 1e9) return 1;
            g = java.math.BigInteger.valueOf(g).gcd(java.math.BigInteger.valueOf((long) Math.abs(c))).longValue();
        }
        return Math.max(g, 1);
    }

    /** k times this, each coefficient rounded to the whole number it then is. */
    Poly wholeTimes(int k) {
        Map<Mono, Double> t = new LinkedHashMap<>();
        terms.forEach((m, c) -> t.put(m, Math.rint(c * k)));
        t.values().removeIf(c -> c == 0);
        return new Poly(t);
    }

    /** The largest k for which some term holds s^(2k). */
    int halfPower(int s) {
        int k = 0;
        for (Mono m : terms.keySet()) k = Math.max(k, m.exp(s) / 2);
        return k;
    }

    /**
     * This with atom s² read as num/den, times den^K for K = {@link #halfPower}: each s^(2k+r) becomes
     * num^k·den^(K−k)·s^r, so that the whole is over den^K; null if that grows too large.
     */
    Poly withSquare(int s, Poly num, Poly den) {
        int half = halfPower(s);
        Poly out = constant(0);
        for (var e : terms.entrySet()) {
            int k = e.getKey().exp(s) / 2;
            int[] ex = Arrays.copyOf(e.getKey().exps, e.getKey().exps.length);
            if (s < ex.length) ex[s] -= 2 * k;
            Poly term = of(Mono.trimmed(ex), e.getValue());
            for (int i = 0; i < k && term != null; i++) term = term.times(num);
            for (int i = k; i < half && term != null; i++) term = term.times(den);
            if (term == null || (out = out.plus(term)) == null) return null;
        }
        return out;
    }

    @Override public boolean equals(Object o) { return o instanceof Poly p && terms.equals(p.terms); }

    @Override public int hashCode() { return terms.hashCode(); }
}
