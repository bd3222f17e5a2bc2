package dev.matdiff.shapes;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Unifier;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;

import java.util.HashMap;
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

    Dim fresh() { return new Dim.Unknown(nextId++); }

    /** Unknowns that may become 1: the sizes of a constant matrix(c) or vector(c), which take whatever shape they meet (x' + matrix(2)). */
    private final java.util.Set<Integer> mayBeOne = new java.util.HashSet<>();

    Dim freshMayBeOne() {
        Dim.Unknown u = new Dim.Unknown(nextId++);
        mayBeOne.add(u.id());
        return u;
    }

    boolean usedUnknowns() { return nextId > 0; }

    /** Unknowns that arithmetic needed a name for get one of these; Typer avoids clashes with the program's. */
    static final String FIXED_PREFIX = "k_";

    @Override
    public Dim fix(Dim d) {
        Dim r = resolve(d);
        if (!(r instanceof Dim.Unknown u)) return r;
        Dim named = new Dim.Sym(FIXED_PREFIX + u.id());
        bound.put(u.id(), named);
        return named;
    }

    @Override
    public Dim resolve(Dim d) {
        while (d instanceof Dim.Unknown u && bound.containsKey(u.id())) d = bound.get(u.id());
        return d;
    }

    @Override
    public void same(Dim a, Dim b, Supplier<String> problem) {
        Dim x = resolve(a), y = resolve(b);
        if (x.equals(y)) return;
        // an open dimension of a vector or matrix is never 1 (a name read as a vector would be a scalar in disguise), but a filled constant's may be
        if (x instanceof Dim.Unknown u && (!y.isOne() || mayBeOne.contains(u.id()))) bind(u, y);
        else if (y instanceof Dim.Unknown u && (!x.isOne() || mayBeOne.contains(u.id()))) bind(u, x);
        else throw new MatDiffException(problem.get() + inferredAt(a, b), where);
    }

    /** Where each unknown got its size: a contradiction names that place as well as its own. */
    private final Map<Integer, Pos> boundAt = new HashMap<>();

    private void bind(Dim.Unknown u, Dim to) {
        bound.put(u.id(), to);
        boundAt.put(u.id(), where);
    }

    /** " (the size 4 was inferred at 3:10)", the place where the first inferred one of the dimensions got its size; or "". */
    private String inferredAt(Dim... dims) {
        for (Dim d : dims) {
            Pos last = null;
            for (Dim at = d; at instanceof Dim.Unknown u && bound.containsKey(u.id()); at = bound.get(u.id())) {
                Pos p = boundAt.get(u.id());
                if (p != null && p.line() >= 1 && !p.equals(where)) last = p;
            }
            if (last != null) return " (the size " + resolve(d) + " was inferred at " + last.line() + ":" + (last.column() + 1) + ")";
        }
        return "";
    }
}
