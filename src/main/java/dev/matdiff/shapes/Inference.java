package dev.matdiff.shapes;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Dims;
import dev.matdiff.expr.Unifier;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Unification of dimensions. Unknowns bind to anything; fixed sizes and named symbols are
 * rigid, so {@code n} never becomes {@code k} and a mismatch is reported where it was found.
 */
final class Inference implements Unifier {
    private final Map<Integer, Dim> bound = new HashMap<>();
    private int nextId;
    /** The place being typed, for errors. */
    Pos where = Pos.NONE;
    /** Where a dimension symbol of the program was first written, as said of it ("is a dimension of x (line 2)"), or null. */
    java.util.function.Function<String, String> symbolOrigin = s -> null;
    /** Sizes learnt by an earlier reading of the program, by unknown: bound as soon as the unknown is made. */
    private final Map<Integer, Dim> learnt;
    /** A size a contradiction taught, and the error it came with (see {@link #learntFrom}). */
    private Map.Entry<Integer, Dim> lesson;
    private MatDiffException lessonOf;

    Inference() { this(Map.of()); }

    Inference(Map<Integer, Dim> learnt) { this.learnt = learnt; }

    Dim fresh() { return learning(new Dim.Unknown(nextId++)); }

    private Dim.Unknown learning(Dim.Unknown u) {
        Dim size = learnt.get(u.id());
        if (size != null) bound.put(u.id(), size);
        return u;
    }

    /**
     * The size this error teaches, if it is a contradiction between sizes that kron, vec or conv had to fix while
     * they were still unknown (k_1 ≠ k_0, p − r + 1 ≠ p − k_0 + 1): read again, the program binds that unknown
     * to it when it is made, before anything fixes it. Null for any other error.
     */
    Map.Entry<Integer, Dim> learntFrom(MatDiffException e) {
        for (Throwable t = e; t != null; t = t.getCause()) if (t == lessonOf) return lesson;
        return null;
    }

    /** The names {@link #fix} gave unknowns, with their ids: only those are sizes a contradiction can teach. */
    private final Map<String, Integer> fixedIds = new HashMap<>();

    /** An unknown's id for a size fixed from it (k_3: 3), else −1 (a program's own symbol, even one spelt k_3). */
    private int rank(String symbol) { return fixedIds.getOrDefault(symbol, -1); }

    /** Unknowns that may become 1: the sizes of a constant matrix(c) or vector(c), which take whatever shape they meet (x' + matrix(2)). */
    private final java.util.Set<Integer> mayBeOne = new java.util.HashSet<>();

    Dim freshMayBeOne() {
        Dim.Unknown u = new Dim.Unknown(nextId++);
        mayBeOne.add(u.id());
        return learning(u);
    }

    boolean usedUnknowns() { return nextId > 0; }

    /** Unknowns that arithmetic needed a name for get one of these; Typer avoids clashes with the program's. */
    static final String FIXED_PREFIX = "k_";

    @Override
    public Dim fix(Dim d) {
        Dim r = resolve(d);
        if (!(r instanceof Dim.Unknown u)) return r;
        Dim named = new Dim.Sym(FIXED_PREFIX + u.id());
        fixedIds.put(FIXED_PREFIX + u.id(), u.id());
        bound.put(u.id(), named);
        return named;
    }

    @Override
    public Dim resolve(Dim d) {
        while (d instanceof Dim.Unknown u && bound.containsKey(u.id())) d = bound.get(u.id());
        return d;
    }

    @Override
    public void same(Dim a, Dim b, Supplier<String> problem) { unify(a, b, problem, false); }

    /** Of sides made of undeclared sizes that kron fixed (k_0*k_2 × k_1*k_3), a contradiction teaches that each factor is square. */
    @Override
    public void square(Dim rows, Dim cols, Supplier<String> problem) { unify(rows, cols, problem, true); }

    /**
     * Two sizes that cannot be one, as the error says it, and what a hint may add to it (Lowering's): whether an open size
     * was asked to be 1, which it never is, and whether the message already names where the sizes came from.
     */
    static final class Contradiction extends MatDiffException {
        final boolean openSizeMetOne, placed;

        Contradiction(String message, dev.matdiff.source.Pos pos, boolean openSizeMetOne, boolean placed) {
            super(message, pos);
            this.openSizeMetOne = openSizeMetOne;
            this.placed = placed;
        }
    }

    private void unify(Dim a, Dim b, Supplier<String> problem, boolean square) {
        Dim x = resolve(a), y = resolve(b);
        if (x.equals(y)) return;
        // an open dimension of a vector or matrix is never 1 (a name read as a vector would be a scalar in disguise), but a filled constant's may be
        if (x instanceof Dim.Unknown u && (!y.isOne() || mayBeOne.contains(u.id()))) bind(u, y);
        else if (y instanceof Dim.Unknown u && (!x.isOne() || mayBeOne.contains(u.id()))) bind(u, x);
        else {
            boolean known = !(x instanceof Dim.Unknown) && !(y instanceof Dim.Unknown);  // else an unknown met a 1
            Map.Entry<Integer, Dim> taught = known ? teaches(x, y, square) : null;
            boolean fixedUnknowns = known && (holdsFixed(x) || holdsFixed(y));
            String inferred = inferredAt(a, b);
            String message = problem.get() + (inferred.isEmpty() ? declaredAt(x, y) : inferred)
                    + (fixedUnknowns && taught == null ? " (sizes that kron, vec or conv made of undeclared sizes: declare them, e.g. matrix X(m, n))"
                    : known && !fixedUnknowns ? arithmeticHint(x, y) : "");
            Contradiction contradiction = new Contradiction(message, where, !known, !inferred.isEmpty() || declaredApart(x, y));
            if (taught != null) {
                lesson = taught;
                lessonOf = contradiction;
            }
            throw contradiction;
        }
    }

    /**
     * The size x = y determines for an unknown that {@link #fix} named, as the next reading can bind it when the
     * unknown is made; null when it determines none, or one that reading could not write yet.
     */
    private Map.Entry<Integer, Dim> teaches(Dim x, Dim y, boolean square) {
        Map.Entry<String, Dim> solved = Dims.solve(x, y, this::rank);
        if (solved == null && square) solved = Dims.pairFactors(x, y, this::rank);
        if (solved == null) return null;
        int id = rank(solved.getKey());
        Dim size = solved.getValue();
        if (learnt.containsKey(id) || size.isOne() && !mayBeOne.contains(id)) return null;
        // a size fixed from another (earlier) unknown is learnt as that unknown
        if (size instanceof Dim.Sym s && rank(s.name()) >= 0) return Map.entry(id, new Dim.Unknown(rank(s.name())));
        // a polynomial that holds a fixed unknown could not be written before that unknown is fixed again
        return holdsFixed(size) ? null : Map.entry(id, size);
    }

    /**
     * "; a size such as p - r + 1 is only ever itself: write it in the declaration, or leave the sizes out": sizes are symbols,
     * never solved for (conv(X, K) beside Y(3, 3) would need r = p - 2), so a size made by arithmetic matches only the same.
     */
    private static String arithmeticHint(Dim x, Dim y) {
        Dim made = x instanceof Dim.Poly ? x : y instanceof Dim.Poly ? y : null, other = made == x ? y : x;
        // n ≠ 2*n is a plain contradiction; p - r + 1 ≠ m or 6 - r ≠ 3 is one only because r is not solved for
        if (made == null || other instanceof Dim.Poly || other.symbols().containsAll(made.symbols())) return "";
        return "; a size such as " + made + " is only ever itself: write it in the declaration, or leave the sizes out";
    }

    private boolean holdsFixed(Dim d) { return Dims.symbols(d).stream().anyMatch(s -> rank(s) >= 0); }

    /** Where each unknown got its size: a contradiction names that place as well as its own. */
    private final Map<Integer, Pos> boundAt = new HashMap<>();

    private void bind(Dim.Unknown u, Dim to) {
        bound.put(u.id(), to);
        boundAt.put(u.id(), where);
    }

    /**
     * " (n is a dimension of A (line 1), m is a dimension of x (line 2))": where the symbols of two sizes that were
     * asked to be one were declared, so that the message names every place (the caret shows another, the use); the
     * symbols of a product each (k ≠ m*n: k, m and n); "n and m are dimensions of A (line 1)" for one declaration.
     * "" unless every symbol is the program's own.
     */
    private String declaredAt(Dim x, Dim y) {
        Map<String, List<String>> byOrigin = origins(x, y);
        if (byOrigin == null) return "";
        List<String> said = new ArrayList<>();
        byOrigin.forEach((origin, names) -> said.add(names.size() == 1 ? names.get(0) + " " + origin
                : dev.matdiff.source.Prose.and(names) + " "
                        + origin.replace("is a dimension", "are dimensions").replace("is used as a dimension", "are used as dimensions")));
        return " (" + String.join(", ", said) + ")";
    }

    /** Whether the symbols of x and y were first written in two or more different places, which the message then names. */
    private boolean declaredApart(Dim x, Dim y) {
        Map<String, List<String>> byOrigin = origins(x, y);
        return byOrigin != null && byOrigin.size() > 1;
    }

    /** The symbols of x and y (a product's each), grouped by where each was first written, in order; null if one was not the program's. */
    private Map<String, List<String>> origins(Dim x, Dim y) {
        Map<String, List<String>> byOrigin = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Dim d : List.of(x, y)) {
            // a size 1 is a shape's own (a column's width) and says nothing; a written 3 (ones(3)) beside x(n) is named
            List<String> names = d.isOne() ? null : d.symbols();
            if (names == null) return null;
            for (String name : names) {
                if (!seen.add(name)) continue;
                String origin = symbolOrigin.apply(name);
                if (origin == null) return null;
                byOrigin.computeIfAbsent(origin, o -> new ArrayList<>()).add(name);
            }
        }
        return byOrigin.isEmpty() ? null : byOrigin;
    }

    /** " (the size 4 was inferred at 3:10)", the place where the first inferred one of the dimensions got its size; or "". */
    private String inferredAt(Dim... dims) {
        for (Dim d : dims) {
            Pos place = placeOf(d, where);
            // a size still unknown ("?") was only tied to another there: no size came from that place
            if (place != null && !(resolve(d) instanceof Dim.Unknown)) return " (the size " + resolve(d) + " was inferred at " + place.lineColumn() + ")";
        }
        return "";
    }

    /**
     * Where an unknown size got its size, other than at {@code except}: the binding at the end of its chain, if written
     * in the program; or null. Not an earlier link: where two unknowns were tied is not where the size came from (A .*
     * ones(3, 4) of a square A gets its 3 there, not where x'*y made A square).
     */
    Pos placeOf(Dim d, Pos except) {
        Pos last = null;
        for (Dim at = d; at instanceof Dim.Unknown u && bound.containsKey(u.id()); at = bound.get(u.id())) last = boundAt.get(u.id());
        return last != null && last.line() >= 1 && !last.equals(except) ? last : null;
    }
}
