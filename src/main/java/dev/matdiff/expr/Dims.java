package dev.matdiff.expr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Arithmetic on dimensions, kept canonical so equal sizes are equal values. */
public final class Dims {
    private Dims() {}

    public static Dim times(Dim a, Dim b) {
        SortedMap<String, Long> out = new TreeMap<>();
        for (var x : terms(a).entrySet())
            for (var y : terms(b).entrySet())
                out.merge(monomialProduct(x.getKey(), y.getKey()), x.getValue() * y.getValue(), Long::sum);
        return canonical(out);
    }

    public static Dim plus(Dim a, Dim b) { return linear(a, b, 1); }

    public static Dim minus(Dim a, Dim b) { return linear(a, b, -1); }

    /** a + sign·b + k in one step, so an intermediate that is not a size (p − p) never has to exist. */
    public static Dim affine(Dim a, Dim b, int sign, long k) {
        SortedMap<String, Long> out = new TreeMap<>(terms(a));
        terms(b).forEach((m, c) -> out.merge(m, sign * c, Long::sum));
        out.merge("", k, Long::sum);
        return canonical(out);
    }

    /**
     * Σ signs[i]·parts[i] in one step, so that a partial sum which is no size (n − n in n − n + 1)
     * never has to exist; only the whole must be one.
     */
    public static Dim sum(List<Dim> parts, List<Integer> signs) {
        SortedMap<String, Long> out = new TreeMap<>();
        for (int i = 0; i < parts.size(); i++) {
            long sign = signs.get(i);
            terms(parts.get(i)).forEach((m, c) -> out.merge(m, sign * c, Long::sum));
        }
        return canonical(out);
    }

    public static Dim plus(Dim a, long k) {
        SortedMap<String, Long> out = new TreeMap<>(terms(a));
        out.merge("", k, Long::sum);
        return canonical(out);
    }

    /**
     * a / b when b divides a exactly as a polynomial by a monomial (m*p / p = m, 6*n / 2 = 3*n);
     * null otherwise.
     */
    public static Dim divide(Dim a, Dim b) {
        SortedMap<String, Long> divisor = terms(b);
        if (divisor.size() != 1) return a.equals(b) ? Dim.ONE : null;
        var d = divisor.entrySet().iterator().next();
        List<String> symbols = d.getKey().isEmpty() ? List.of() : List.of(d.getKey().split("\\*"));
        SortedMap<String, Long> out = new TreeMap<>();
        for (var t : terms(a).entrySet()) {
            if (t.getValue() % d.getValue() != 0) return null;
            List<String> factors = new ArrayList<>(t.getKey().isEmpty() ? List.of() : List.of(t.getKey().split("\\*")));
            for (String s : symbols) if (!factors.remove(s)) return null;
            out.merge(String.join("*", factors), t.getValue() / d.getValue(), Long::sum);
        }
        try {
            return canonical(out);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The size as a number, or -1 when it depends on symbols. */
    public static long value(Dim d) {
        return d instanceof Dim.Fixed f ? f.size() : -1;
    }

    /**
     * The size once every symbol has a value; -1 if one is missing. A size past a long's range
     * (a tower of Kronecker products) is {@link Long#MAX_VALUE}, so that it reads as too large.
     */
    public static long evaluate(Dim d, Map<String, Integer> sizes) {
        try {
            long total = 0;
            for (var t : terms(d).entrySet()) {
                long v = t.getValue();
                if (!t.getKey().isEmpty())
                    for (String s : t.getKey().split("\\*")) {
                        Integer size = sizes.get(s);
                        if (size == null) return -1;
                        v = Math.multiplyExact(v, size);
                    }
                total = Math.addExact(total, v);
            }
            return total;
        } catch (ArithmeticException tooLarge) {
            return Long.MAX_VALUE;
        }
    }

    /** The dimension with its symbols renamed (those not in the map unchanged). */
    public static Dim rename(Dim d, java.util.function.UnaryOperator<String> names) {
        if (d instanceof Dim.Unknown) return d;
        SortedMap<String, Long> out = new TreeMap<>();
        for (var t : terms(d).entrySet()) {
            List<String> factors = new ArrayList<>();
            if (!t.getKey().isEmpty()) for (String s : t.getKey().split("\\*")) factors.add(names.apply(s));
            Collections.sort(factors);
            out.merge(String.join("*", factors), t.getValue(), Long::sum);
        }
        return canonical(out);
    }

    /**
     * What a = b says of one symbol, where it says it linearly: the symbol of highest {@code rank} (rank −1: not
     * to be solved for) that a − b holds in a monomial of its own with coefficient ±1 and nowhere else, and the
     * size it then equals, made only of symbols of lower rank. Null when no symbol is so determined, or its
     * value would not be a size (p − p, or a number below 1).
     */
    public static Map.Entry<String, Dim> solve(Dim a, Dim b, java.util.function.ToIntFunction<String> rank) {
        SortedMap<String, Long> difference = new TreeMap<>(terms(a));
        terms(b).forEach((m, c) -> difference.merge(m, -c, Long::sum));
        difference.values().removeIf(c -> c == 0);
        Map.Entry<String, Dim> best = null;
        int bestRank = -1;
        for (var t : difference.entrySet()) {
            String x = t.getKey();
            int r = x.isEmpty() || x.contains("*") ? -1 : rank.applyAsInt(x);
            if (r <= bestRank || Math.abs(t.getValue()) != 1) continue;
            SortedMap<String, Long> value = new TreeMap<>();
            boolean determined = true;
            for (var o : difference.entrySet()) {
                if (o.getKey().equals(x)) continue;
                for (String f : o.getKey().isEmpty() ? new String[0] : o.getKey().split("\\*"))
                    if (rank.applyAsInt(f) >= r) determined = false;
                value.put(o.getKey(), -o.getValue() * t.getValue());
            }
            if (!determined) continue;
            try {
                best = Map.entry(x, canonical(value));
                bestRank = r;
            } catch (IllegalArgumentException notASize) {
                // x = 0 or less: no size
            }
        }
        return best;
    }

    /**
     * What rows = columns says of a matrix whose sides are each one product of symbols, as k_0·k_2 × k_1·k_3 of
     * kron(A, X) with undeclared sizes, asked to be square: the factors left once the common ones are set aside, paired
     * in rank order (the order in which the sizes were made, rows before columns), give the factor of highest rank the
     * size it is paired with. The reading in which each factor is square, the one a reader of det(kron(A, X)) has in
     * mind. Null unless both sides are such products with the same coefficient, of as many factors, one of them a symbol to
     * solve for (rank 0 or more).
     */
    public static Map.Entry<String, Dim> pairFactors(Dim a, Dim b, java.util.function.ToIntFunction<String> rank) {
        List<String> fa = factors(a), fb = factors(b);
        // a fixed factor (kron(X, eye(3)) is 3·k_0 × 3·k_1) pairs with itself
        if (fa == null || fb == null || !List.copyOf(terms(a).values()).equals(List.copyOf(terms(b).values()))) return null;
        for (java.util.Iterator<String> it = fa.iterator(); it.hasNext(); ) if (fb.remove(it.next())) it.remove();
        if (fa.isEmpty() || fa.size() != fb.size()) return null;
        java.util.Comparator<String> byRank = java.util.Comparator.comparingInt(rank).thenComparing(java.util.Comparator.naturalOrder());
        fa.sort(byRank);
        fb.sort(byRank);
        String best = null, other = null;
        for (int i = 0; i < fa.size(); i++) {
            String x = fa.get(i), y = fb.get(i);
            if (rank.applyAsInt(y) > rank.applyAsInt(x)) { String t = x; x = y; y = t; }
            if (rank.applyAsInt(x) >= 0 && (best == null || rank.applyAsInt(x) > rank.applyAsInt(best))) { best = x; other = y; }
        }
        return best == null ? null : Map.entry(best, new Dim.Sym(other));
    }

    /** The symbols of a dimension that is one product of symbols with a positive coefficient, else null. */
    private static List<String> factors(Dim d) {
        SortedMap<String, Long> t = terms(d);
        if (t.size() != 1) return null;
        Map.Entry<String, Long> only = t.entrySet().iterator().next();
        return only.getValue() < 1 || only.getKey().isEmpty() ? null : new ArrayList<>(List.of(only.getKey().split("\\*")));
    }

    /** The symbols a dimension is made of. */
    public static List<String> symbols(Dim d) {
        List<String> out = new ArrayList<>();
        for (String m : terms(d).keySet())
            if (!m.isEmpty()) for (String s : m.split("\\*")) if (!out.contains(s)) out.add(s);
        return out;
    }

    static String format(Dim.Poly p) {
        StringBuilder sb = new StringBuilder();
        List<Map.Entry<String, Long>> entries = new ArrayList<>(p.terms().entrySet());
        // positive terms first, then negative ones, the constant last: "p - r + 1"
        entries.sort(java.util.Comparator.<Map.Entry<String, Long>>comparingInt(e -> e.getKey().isEmpty() ? 2 : e.getValue() > 0 ? 0 : 1)
                .thenComparing(Map.Entry::getKey));
        // no positive symbol: a positive constant leads, "6 - r" rather than "-r + 6"
        if (entries.get(0).getValue() < 0 && entries.get(entries.size() - 1).getKey().isEmpty() && entries.get(entries.size() - 1).getValue() > 0)
            entries.add(0, entries.remove(entries.size() - 1));
        for (var e : entries) {
            long c = e.getValue();
            String m = e.getKey();
            if (sb.length() > 0) sb.append(c < 0 ? " - " : " + ");
            else if (c < 0) sb.append('-');
            long abs = Math.abs(c);
            if (m.isEmpty()) sb.append(abs);
            else sb.append(abs == 1 ? "" : abs + "*").append(m);
        }
        return sb.toString();
    }

    private static Dim linear(Dim a, Dim b, long sign) {
        SortedMap<String, Long> out = new TreeMap<>(terms(a));
        terms(b).forEach((m, c) -> out.merge(m, sign * c, Long::sum));
        return canonical(out);
    }

    private static SortedMap<String, Long> terms(Dim d) {
        SortedMap<String, Long> m = new TreeMap<>();
        if (d instanceof Dim.Fixed f) m.put("", (long) f.size());
        else if (d instanceof Dim.Sym s) m.put(s.name(), 1L);
        else if (d instanceof Dim.Poly p) m.putAll(p.terms());
        else throw new IllegalStateException("size of " + d + " is not known yet");
        return m;
    }

    private static String monomialProduct(String a, String b) {
        if (a.isEmpty()) return b;
        if (b.isEmpty()) return a;
        List<String> factors = new ArrayList<>(List.of(a.split("\\*")));
        Collections.addAll(factors, b.split("\\*"));
        Collections.sort(factors);
        return String.join("*", factors);
    }

    private static Dim canonical(SortedMap<String, Long> terms) {
        terms.values().removeIf(c -> c == 0);
        if (terms.isEmpty()) throw new IllegalArgumentException("a dimension came out as 0");
        if (terms.size() == 1) {
            var e = terms.entrySet().iterator().next();
            if (e.getKey().isEmpty()) {
                if (e.getValue() < 1) throw new IllegalArgumentException("a dimension came out as " + e.getValue());
                if (e.getValue() > Integer.MAX_VALUE)
                    throw new ShapeException("a size came out as " + e.getValue() + ", more than a matrix holds (" + Integer.MAX_VALUE + ")");
                return Dim.of((int) (long) e.getValue());
            }
            if (e.getValue() == 1 && !e.getKey().contains("*")) return new Dim.Sym(e.getKey());
        }
        return new Dim.Poly(Collections.unmodifiableSortedMap(new TreeMap<>(terms)));
    }
}
