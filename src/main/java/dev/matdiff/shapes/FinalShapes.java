package dev.matdiff.shapes;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Dims;
import dev.matdiff.expr.Shape;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The shapes a program's nodes end with, once the whole program is read: each dimension as the inference resolved it.
 * A size nothing fixes, and one kron, vec or conv had to name while the program was read, gets a readable name (n, m, p,
 * …, then n1, n2, …) that no symbol, definition or dimension of the program takes: n*ones(n) beside a scalar n would not
 * parse back to the same thing.
 */
final class FinalShapes {
    private static final String[] CANDIDATES = {"n", "m", "p", "q", "r", "s", "k", "l"};

    private final Inference inference;
    private final Set<String> taken;
    private final Map<Dim, Dim> names = new LinkedHashMap<>();
    // remembered per dimension and per shape: the nodes of a program share a handful of each, and renaming walks a
    // dimension's polynomial (symbols and numbers, the usual case, are themselves unless an unknown named them)
    private final Map<Dim, Dim> dims = new HashMap<>();
    private final Map<Shape, Shape> shapes = new HashMap<>();

    /** @param taken the program's names, which a size's name must not take (added to as names are given) */
    FinalShapes(Inference inference, Set<String> taken) {
        this.inference = inference;
        this.taken = taken;
    }

    Shape of(Shape sh) {
        Shape out = shapes.get(sh);
        if (out == null) {
            Dim rows = dim(sh.rows()), cols = dim(sh.cols());
            out = rows.equals(sh.rows()) && cols.equals(sh.cols()) ? sh : new Shape(rows, cols);
            shapes.put(sh, out);
        }
        return out;
    }

    private Dim dim(Dim d) {
        return dims.computeIfAbsent(d, x -> {
            Dim r = inference.resolve(x);
            if (r instanceof Dim.Unknown) return nameOf(r);
            if (r instanceof Dim.Fixed || r instanceof Dim.Sym s && !s.name().startsWith(Inference.FIXED_PREFIX)) return r;
            return Dims.rename(r, this::symbolName);
        });
    }

    private Dim nameOf(Dim unknown) {
        return names.computeIfAbsent(unknown, x -> {
            for (String c : CANDIDATES) if (taken.add(c)) return new Dim.Sym(c);
            for (int i = 1; ; i++) if (taken.add("n" + i)) return new Dim.Sym("n" + i);
        });
    }

    /** A size kron, vec or conv named while the program was read (k_3) is named as an unknown one is. */
    private String symbolName(String s) {
        if (!s.startsWith(Inference.FIXED_PREFIX)) return s;
        return ((Dim.Sym) nameOf(new Dim.Unknown(-1 - Integer.parseInt(s.substring(Inference.FIXED_PREFIX.length()))))).name();
    }
}
