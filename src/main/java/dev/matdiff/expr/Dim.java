package dev.matdiff.expr;

/**
 * One dimension of a shape: a fixed size, a named symbol ({@code m}, {@code n}), or, during
 * inference only, an unknown that unification will bind.
 */
public sealed interface Dim permits Dim.Fixed, Dim.Sym, Dim.Unknown, Dim.Poly {

    Dim ONE = new Fixed(1);

    record Fixed(int size) implements Dim {
        public Fixed {
            if (size < 1) throw new IllegalArgumentException("dimension must be positive: " + size);
        }
        @Override public String toString() { return Integer.toString(size); }
    }

    /** A named dimension. Two different symbols are different sizes: they never unify. */
    record Sym(String name) implements Dim {
        @Override public String toString() { return name; }
    }

    /** A dimension not yet known; only the shape inference creates and resolves these. */
    record Unknown(int id) implements Dim {
        @Override public String toString() { return "?"; }
    }

    /**
     * A size computed from symbols, such as {@code m*n} (kron, vec) or {@code p - r + 1} (conv):
     * a polynomial with integer coefficients, keyed by monomial ("" for the constant, "m*n" for a
     * product). Built only by {@link Dims}, which keeps it canonical.
     */
    record Poly(java.util.SortedMap<String, Long> terms) implements Dim {
        @Override public String toString() { return Dims.format(this); }
    }

    static Dim of(int size) { return size == 1 ? ONE : new Fixed(size); }

    default boolean isOne() { return this instanceof Fixed f && f.size() == 1; }

    /** The symbols this size is written with, in order (m and n of m*n + 1; none of a fixed size); null for an unknown. */
    default java.util.List<String> symbols() {
        if (this instanceof Fixed) return java.util.List.of();
        if (this instanceof Sym s) return java.util.List.of(s.name());
        if (!(this instanceof Poly p)) return null;
        java.util.List<String> names = new java.util.ArrayList<>();
        for (String monomial : p.terms().keySet())
            for (String factor : monomial.split("\\*"))
                if (!factor.isEmpty()) names.add(factor.replaceAll("\\^.*", ""));
        return names;
    }
}
