package dev.matdiff.codegen;

import dev.matdiff.codegen.Signature.Axis;
import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Dims;
import dev.matdiff.expr.Expr;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the parts of one NumPy or PyTorch module share: the blueprint, the language, the module's
 * identifiers (the symbols', the sizes', the module's own names), the helpers its code has called
 * so far, and the sizes the function being written reads, so that its argument checks bind only
 * those.
 */
final class PythonModule {

    /** The names the module's own code defines or uses as locals: no symbol or temporary may take them. */
    private static final Set<String> MODULE_NAMES = Set.of("np", "torch", "DTYPE", "DEVICE", "device", "rounding", "TOLERANCE", "SIZES", "random_point",
            "main", "seed", "directions", "positive", "sizes", "grads", "jacobians", "hessians", "rng", "gen", "symbolic", "numeric",
            "uhv", "vhu", "_");

    final Blueprint b;
    final Language language;
    final boolean torch;
    final Identifiers ids;
    final Set<String> helpers = new LinkedHashSet<>();
    /** The dimension symbols read since {@link #startFunction}. */
    private final Set<String> dimsUsed = new HashSet<>();

    PythonModule(Blueprint b, Language language) {
        this.b = b;
        this.language = language;
        this.torch = language == Language.TORCH;
        Set<String> reserved = new HashSet<>(Identifiers.PYTHON);
        reserved.addAll(MODULE_NAMES);
        for (Blueprint.Entry e : Blueprint.Entry.values()) reserved.addAll(List.of(e.python, e.pythonCheck));
        for (Language l : List.of(Language.NUMPY, Language.TORCH))
            for (String h : PythonRuntime.of(l).keySet()) reserved.add("_" + h);
        ids = new Identifiers(reserved);
        for (Expr.Var v : b.signature().arguments()) ids.of(v, v.name());
        for (String d : b.signature().bound().keySet()) ids.of(new DimKey(d), d);
        for (String d : b.signature().sizes()) ids.of(new DimKey(d), d);
    }

    private record DimKey(String symbol) {}

    /** The identifier of a dimension symbol. */
    String dim(String symbol) { return ids.get(new DimKey(symbol)); }

    /** A dimension as Python reads it at run time, from the sizes the function has bound. */
    String size(Dim d) {
        if (d instanceof Dim.Fixed f) return Integer.toString(f.size());
        b.signature().requireBound(d, "a value");
        dimsUsed.addAll(Dims.symbols(d));
        if (d instanceof Dim.Sym s) return dim(s.name());
        return "(" + DimText.poly((Dim.Poly) d, this::dim) + ")";
    }

    /** A new function is written: no size is read in it yet. */
    void startFunction() { dimsUsed.clear(); }

    /** Whether the function being written reads the size. */
    boolean reads(String symbol) { return dimsUsed.contains(symbol); }

    /** Every function's parameters: the symbols' identifiers in declaration order, then the sizes passed on their own. */
    String arguments() {
        List<String> out = new ArrayList<>();
        for (Expr.Var v : b.signature().arguments()) out.add(ids.get(v));
        for (String d : b.signature().sizes()) out.add(dim(d));
        return String.join(", ", out);
    }

    /** The symbols' identifiers alone, in declaration order: the arrays (the sizes passed on their own are ints). */
    String symbols() {
        List<String> out = new ArrayList<>();
        for (Expr.Var v : b.signature().arguments()) out.add(ids.get(v));
        return String.join(", ", out);
    }

    /** "p", "p and q": the sizes passed on their own, for a docstring. */
    String sizeNames() {
        List<String> out = new ArrayList<>();
        for (String d : b.signature().sizes()) out.add(dim(d));
        return dev.matdiff.source.Prose.and(out);
    }

    /** A symbol's shape as the caller passes it, its sizes read from the function's locals. */
    String declaredShape(Expr.Var v) {
        List<String> axes = new ArrayList<>();
        for (Axis a : Signature.axes(v)) axes.add(PythonSpelling.element(size(a.dim())));
        return axes.size() == 1 ? "(" + axes.get(0) + ",)" : "(" + String.join(", ", axes) + ")";
    }

    /** "np" or "torch". */
    String lib() { return torch ? "torch" : "np"; }

    /** The random generator's local: NumPy's rng, PyTorch's gen. */
    String generator() { return torch ? "gen" : "rng"; }

    /** The variables differentiated, by name, comma-separated. */
    String wrtNames() {
        List<String> out = new ArrayList<>();
        for (Expr.Var v : b.wrt()) out.add(v.name());
        return String.join(", ", out);
    }
}
