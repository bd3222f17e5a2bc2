package dev.matdiff.codegen;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Dims;
import dev.matdiff.expr.Expr;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generated function's arguments, every symbol of the program in declaration order, and how
 * their shapes are checked: each dimension symbol takes its size from the first argument that has
 * it as a whole axis, and every other axis is compared with what the declarations say, so that a
 * wrong size is reported with the symbol, both sizes and where the expected one came from.
 *
 * <p>A dimension symbol the generated code needs that no argument has as a whole axis (the p of
 * {@code kron(eye(p), X)}, the k of {@code sum(ones(k))}) is a size parameter of its own, an int
 * after the symbols: {@link #sizes()}, in the order the code first needs them (the objective's
 * value first, read left to right, then the derivatives), then any a size check alone needs
 * ({@code matrix X(p - r + 1, n)} with neither p nor r a whole axis).
 */
final class Signature {

    /** Axis 0 is the rows (a vector's entries), axis 1 the columns. */
    record Axis(Expr.Var var, int axis) {
        Dim dim() { return axis == 0 ? var.shape().rows() : var.shape().cols(); }

        /** "the rows of X", "the entries of w". */
        String describe() {
            String what = Repr.declared(var) == Repr.VECTOR ? "entries" : axis == 0 ? "rows" : "columns";
            return "the " + what + " of " + var.name();
        }
    }

    /** A check on one argument's axis, in the order they run. */
    sealed interface Check {
        Axis at();

        /**
         * The dimension symbol takes the axis's size over {@code over} (1 for a whole axis; q for the n of an axis n*q
         * once q is bound, a check of the axis then making sure it divides).
         */
        record Bind(String symbol, Axis at, Dim over) implements Check {
            Bind(String symbol, Axis at) { this(symbol, at, Dim.ONE); }
        }

        /** The axis's size must be {@code expected}, whose symbols are all bound by then. */
        record Expect(Axis at, Dim expected) implements Check {}
    }

    private final List<Expr.Var> arguments;
    private final List<Check> checks = new ArrayList<>();
    private final List<Check> deferred = new ArrayList<>();
    private final Map<String, Axis> bound = new LinkedHashMap<>();
    private final List<String> sizes = new ArrayList<>();
    /** Where an error is pointed at: the objective's definition. */
    private final Pos where;

    /**
     * @param arguments the program's symbols, in declaration order
     * @param needed    every dimension symbol the generated code reads, in the order it first reads them
     * @param where     the objective's definition, where an error points
     */
    Signature(List<Expr.Var> arguments, Collection<String> needed, Pos where) {
        this.arguments = List.copyOf(arguments);
        this.where = where;
        List<Check.Expect> later = new ArrayList<>();
        for (Expr.Var v : arguments)
            for (Axis a : axes(v)) {
                Dim d = a.dim();
                if (d instanceof Dim.Sym s && !bound.containsKey(s.name())) {
                    bound.put(s.name(), a);
                    checks.add(new Check.Bind(s.name(), a));
                } else if (isBound(d)) {
                    checks.add(new Check.Expect(a, d));
                } else {
                    later.add(new Check.Expect(a, d));
                }
            }
        solveProducts(later);
        for (String s : needed) if (!bound.containsKey(s) && !sizes.contains(s)) sizes.add(s);
        for (Check.Expect e : later) {
            for (String s : Dims.symbols(e.expected())) if (!bound.containsKey(s) && !sizes.contains(s)) sizes.add(s);
            deferred.add(e);
        }
    }

    /**
     * A symbol no argument has as a whole axis but one has as a factor of a product, the others bound (the n of
     * G(n*q, n*q) beside B(q, q)): the axis's size over the others, so that the caller passes the program's symbols
     * only; the axis's own check, after, says when it does not divide. Until no more are found: one so read may
     * give the next.
     */
    private void solveProducts(List<Check.Expect> later) {
        for (boolean found = true; found; ) {
            found = false;
            for (Check.Expect e : later) {
                Dim d = e.expected();
                List<String> unbound = new ArrayList<>();
                for (String s : Dims.symbols(d)) if (!bound.containsKey(s)) unbound.add(s);
                if (unbound.size() != 1) continue;
                String s = unbound.get(0);
                Dim over = Dims.divide(d, new Dim.Sym(s));
                // a single product with s once: n*q, 2*n*q, not n*q + 1 or n^2
                if (over == null || Dims.symbols(over).contains(s) || !d.equals(Dims.times(over, new Dim.Sym(s)))
                        || !(d instanceof Dim.Poly p && p.terms().size() == 1)) continue;
                bound.put(s, e.at());
                deferred.add(new Check.Bind(s, e.at(), over));
                found = true;
            }
        }
    }

    List<Expr.Var> arguments() { return arguments; }

    /** The checks of one argument that need only it and the arguments before it, in order. */
    List<Check> checksOf(Expr.Var v) {
        List<Check> out = new ArrayList<>();
        for (Check c : checks) if (c.at().var().equals(v)) out.add(c);
        return out;
    }

    /** The checks that need the sizes of later arguments (p - r + 1 before p and r are read): after all of them. */
    List<Check> deferred() { return deferred; }

    /** The dimension symbols, in the order they are bound, with the axis each is read from. */
    Map<String, Axis> bound() { return bound; }

    /**
     * The constant scalar arguments named as a dimension that an argument's shape gives (scalar N beside X(D, N)): that
     * size, checked so and drawn so (one differentiated is a value like any other, which its checks move).
     */
    List<Expr.Var> sizeNamedScalars() {
        List<Expr.Var> out = new ArrayList<>();
        for (Expr.Var v : arguments()) if (v.constant() && Repr.declared(v) == Repr.SCALAR && bound.containsKey(v.name())) out.add(v);
        return out;
    }

    /** The dimension symbols no argument has as a whole axis, passed as sizes of their own after the symbols: usually none. */
    List<String> sizes() { return sizes; }

    /** "p: the argument X's rows" for a size read from an argument, "p: the size argument p" for one passed on its own. */
    String source(String symbol) {
        Axis a = bound.get(symbol);
        if (a == null) return symbol + ": the size argument " + symbol;
        for (Check c : deferred)
            if (c instanceof Check.Bind b && b.symbol().equals(symbol)) return symbol + ": " + a.describe() + " over " + b.over();
        return symbol + ": " + a.describe();
    }

    /** The axes a caller's value has: none for a scalar, the entries of a vector, a matrix's rows and columns. */
    static List<Axis> axes(Expr.Var v) {
        return switch (Repr.declared(v)) {
            case SCALAR -> List.of();
            case VECTOR -> List.of(new Axis(v, 0));
            case MATRIX -> List.of(new Axis(v, 0), new Axis(v, 1));
        };
    }

    /** Whether every symbol of d has a size by now. */
    boolean isBound(Dim d) {
        for (String s : Dims.symbols(d)) if (!bound.containsKey(s)) return false;
        return true;
    }

    /**
     * Throws unless every symbol of d is read from an argument or passed as a size: a size the generated code needs. Every
     * size the code reads is one of them (CodeGen lists what the plans' values read); the error, pointed at the objective's
     * definition, is for one that list missed.
     */
    void requireBound(Dim d, String what) {
        for (String s : Dims.symbols(d))
            if (!bound.containsKey(s) && !sizes.contains(s))
                throw new MatDiffException("codegen cannot tell the size " + s + " of " + what
                        + ": no argument has " + s + " as a whole dimension, and it is not among the sizes passed on their own", where);
    }
}
