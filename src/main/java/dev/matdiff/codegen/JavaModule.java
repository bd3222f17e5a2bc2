package dev.matdiff.codegen;

import dev.matdiff.codegen.Plan.Output.Kind;
import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the parts of one generated Java class share: the blueprint, the class's identifiers (the
 * symbols', the sizes', the result records' components), the helpers its code has called so far,
 * and how a symbol is typed and passed.
 */
final class JavaModule {

    /** The names the class's own code defines or uses as locals: no symbol or temporary may take them. */
    private static final Set<String> CLASS_NAMES = Set.of("randomPoint", "definedPoint", "main", "TOLERANCE", "Point", "seed", "directions", "positive",
            "random", "symbolic", "numeric", "uhv", "vhu", "grads", "jacobians", "hessians", "args", JavaSpelling.ENTRY);
    private static final Set<String> OBJECT_METHODS = Set.of("hashCode", "toString", "equals", "getClass", "notify", "notifyAll",
            "wait", "clone", "finalize");

    final Blueprint b;
    final Identifiers ids;
    /** The components of the result records: value, gradW, jacW, hessW. */
    final Identifiers components = new Identifiers(union(Identifiers.JAVA, OBJECT_METHODS, Set.of("value")));
    final Set<String> helpers = new LinkedHashSet<>();

    JavaModule(Blueprint b) {
        this.b = b;
        Set<String> reserved = new HashSet<>(Identifiers.JAVA);
        reserved.addAll(CLASS_NAMES);
        reserved.addAll(OBJECT_METHODS);
        for (Blueprint.Entry e : Blueprint.Entry.values()) reserved.addAll(List.of(e.java, e.javaCheck, e.javaResult, e.javaValues));
        reserved.add(b.className());
        ids = new Identifiers(reserved);
        for (Expr.Var v : b.signature().arguments()) ids.of(v, v.name());
        for (String d : b.signature().bound().keySet()) ids.of(new DimKey(d), d);
        for (String d : b.signature().sizes()) ids.of(new DimKey(d), d);
    }

    private record DimKey(String symbol) {}

    private record ComponentKey(Kind kind, String variable) {}

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> out = new HashSet<>();
        for (Set<String> s : sets) out.addAll(s);
        return out;
    }

    /** The identifier of a dimension symbol. */
    String dim(String symbol) { return ids.get(new DimKey(symbol)); }

    String size(Dim d) {
        if (d instanceof Dim.Fixed f) return Integer.toString(f.size());
        b.signature().requireBound(d, "a value");
        if (d instanceof Dim.Sym s) return dim(s.name());
        return "(" + DimText.poly((Dim.Poly) d, this::dim) + ")";
    }

    /** The record component of a variable's derivative: gradW, jacW, hessW. */
    String component(Kind kind, Expr.Var v) {
        String prefix = switch (kind) {
            case GRADIENT -> "grad";
            case JACOBIAN -> "jac";
            case HESSIAN -> "hess";
            case VALUE -> throw new IllegalArgumentException("the value's component is value");
        };
        return components.of(new ComponentKey(kind, v.name()), prefix + capitalized(v.name()));
    }

    static String capitalized(String s) { return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1); }

    /** A helper's name, recorded as called. */
    String helper(String name) {
        helpers.add(name);
        return name;
    }

    static String type(Repr r) {
        return switch (r) {
            case SCALAR -> "double";
            case VECTOR -> "RealVector";
            case MATRIX -> "RealMatrix";
        };
    }

    /** The symbols as parameters, typed as the caller passes them, in declaration order, then the sizes passed on their own (ints). */
    String parameters() {
        List<String> out = new ArrayList<>();
        for (Expr.Var v : b.signature().arguments()) out.add(type(Repr.declared(v)) + " " + ids.get(v));
        for (String d : b.signature().sizes()) out.add("int " + dim(d));
        return String.join(", ", out);
    }

    String argumentNames() {
        List<String> out = new ArrayList<>();
        for (Expr.Var v : b.signature().arguments()) out.add(ids.get(v));
        for (String d : b.signature().sizes()) out.add(dim(d));
        return String.join(", ", out);
    }

    /** "p", "p and q": the sizes passed on their own, for a comment. */
    String sizeNames() {
        List<String> out = new ArrayList<>();
        for (String d : b.signature().sizes()) out.add(dim(d));
        return dev.matdiff.source.Prose.and(out);
    }

    /** The variables differentiated, by name, comma-separated. */
    String wrtNames() {
        List<String> out = new ArrayList<>();
        for (Expr.Var v : b.wrt()) out.add(v.name());
        return String.join(", ", out);
    }
}
