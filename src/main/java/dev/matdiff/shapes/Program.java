package dev.matdiff.shapes;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;
import dev.matdiff.source.Source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A typed program: its declared symbols (with every dimension resolved), its definitions in
 * order, and which definition is the objective unless the caller names another.
 *
 * @param variables   declared (or, in a one-line expression, implied) symbols by name
 * @param definitions named intermediates in program order; each is an {@link Expr.Named}
 * @param objective   the name of the last definition
 * @param wrtHint     the variables a {@code # wrt: X, Y} comment names
 * @param positions   where each symbol and definition was introduced, for error messages
 * @param implied     in a one-line expression, the names whose kind came from their first letter, in order
 * @param origins     where each operation of the definitions was written (by identity), for errors about its value
 * @param divisors    where each division's divisor was written (by the division's identity): a number has no origin
 * @param assumptions the facts the program assumes, in order
 * @param constantWithOthers the names a trailing {@code constant} holds constant together with others of their
 *                    declaration ({@code vector x(n), y(n) constant}: x and y), said where one is asked to be differentiated
 * @param hintPositions where each name of {@code wrtHint} is written, for a name the program lacks
 * @param kindlessConstants constants declared without a kind or sizes ({@code constant lambda}), whose kind came from their
 *                    first letter
 */
public record Program(Source source, Map<String, Expr.Var> variables, Map<String, Expr.Named> definitions,
                      String objective, List<String> wrtHint, Map<String, Pos> positions, List<String> implied,
                      Map<Expr, Pos> origins, Map<Expr, Pos> divisors, List<Assumption> assumptions, Map<String, Pos> hintPositions,
                      java.util.Set<String> constantWithOthers, java.util.Set<String> kindlessConstants) {

    public Program {
        implied = List.copyOf(implied);
        assumptions = List.copyOf(assumptions);
        constantWithOthers = java.util.Set.copyOf(constantWithOthers);
        kindlessConstants = java.util.Set.copyOf(kindlessConstants);
    }

    /** The definition named {@code name}, or the default objective when name is null. */
    public Expr.Named objective(String name) {
        String n = name == null ? objective : name;
        if (n == null) throw new MatDiffException(source.name().equals("<expr>") ? "no expression to differentiate (write one, such as -e \"x'*A*x\")"
                : "the program defines nothing to differentiate (add a definition, such as L = sum(x))", new Pos(1, 0, -1, -1));
        Expr.Named def = definitions.get(n);
        if (def == null) {
            // a declared symbol is pointed at where it is declared; a name the program lacks has no place
            if (variables.containsKey(n)) throw new MatDiffException("'" + n + "' is a declared symbol, not a definition", position(n));
            throw new MatDiffException("there is no definition named '" + n + "'", Pos.NONE);
        }
        return def;
    }

    /**
     * What to differentiate with respect to when nobody says: the {@code # wrt:} comment's variables (a name the
     * program lacks is an error; prose lines are left out, see {@link WrtHints}), else every symbol of the objective that is not declared constant nor assumed about (an assumption is a fact about
     * a constant) nor a size, in declaration order (empty when all are).
     */
    public List<String> defaultWrt(String objective) {
        if (!wrtHint.isEmpty()) {
            for (String n : wrtHint)
                if (!variables.containsKey(n) && !definitions.containsKey(n))
                    throw new MatDiffException(noVariable(n), hintPositions.getOrDefault(n, Pos.NONE));
            return wrtHint;
        }
        // in the order they are declared (W1, W2, b1, b2), not the order the objective's expression happens to read them
        java.util.Set<String> used = new java.util.HashSet<>();
        for (Expr.Var v : Dag.variables(objective(objective).body())) used.add(v.name());
        List<String> out = new ArrayList<>();
        java.util.Set<String> assumedAbout = new java.util.HashSet<>();
        for (Assumption a : assumptions()) assumedAbout.add(a.symbol().name());
        // a scalar that is also a size (scalar N beside X(D, N)) is the size's number, which the data fix: a constant
        for (Expr.Var v : variables.values())
            if (used.contains(v.name()) && !v.constant() && !assumedAbout.contains(v.name()) && sizeNote(v.name()) == null) out.add(v.name());
        return out;
    }

    /**
     * Why an objective has no variable to differentiate, in parentheses: it reads only constants, or nothing at all
     * (a variable declared and never read, as in sum(exp(3*ones(2))) beside a vector x, is named).
     */
    public String whyNoVariable(String objective) {
        java.util.Set<String> used = used(objective);
        List<String> unread = unreadVariables(objective);
        boolean assumedRead = assumptions().stream().anyMatch(a -> used.contains(a.symbol().name()));
        // "depends": sum(A^0) is written with A but does not vary with it
        String reads = used.isEmpty() ? "it depends on no symbol" : "every symbol it depends on is constant" + (assumedRead ? " or assumed about" : "");
        return unread.isEmpty() ? "(" + reads + ")" : "(" + reads + "; " + objective(objective).name() + " does not depend on " + String.join(", ", unread) + ")";
    }

    /**
     * Where an objective has no variable because an assumption holds one it reads (vector x; assume sum(x) = 1), says
     * so at the assumption: the advice to declare a variable without 'constant' would not help.
     */
    public void requireNoVariableHeldByAnAssumption(String objective) {
        java.util.Set<String> used = used(objective);
        String name = objective(objective).name();
        for (Assumption a : assumptions())
            if (!a.symbol().constant() && used.contains(a.symbol().name()))
                throw new MatDiffException("'" + name + "' has no variable to differentiate: '" + a.symbol().name() + "' is assumed to satisfy "
                        + a.text() + ", which holds it constant (an assumption is a fact about a constant); declare it constant, "
                        + "or leave the assumption out to differentiate with respect to it", a.pos());
    }

    /** The variables (declared without 'constant') the objective does not depend on: sum(A^0) is written with A but is I's. */
    public List<String> unreadVariables(String objective) {
        java.util.Set<String> used = used(objective);
        List<String> unread = new ArrayList<>();
        for (Expr.Var v : variables.values()) if (!v.constant() && !used.contains(v.name())) unread.add(v.name());
        return unread;
    }

    private java.util.Set<String> used(String objective) {
        java.util.Set<String> used = new java.util.HashSet<>();
        for (Expr.Var v : Dag.variables(objective(objective).body())) used.add(v.name());
        return used;
    }

    /** What is said of a name asked for to differentiate with respect to that the program has neither declared nor defined. */
    public String noVariable(String name) {
        String size = sizeNote(name);
        return "there is no variable '" + name + "' to differentiate with respect to" + (size == null ? "" : "; " + size)
                + (variables.isEmpty() ? "" : " (declared: " + String.join(", ", variables.keySet()) + ")");
    }

    /** "n is a size (a dimension of x), not a variable" where a name asked for as a variable is a size; else null. */
    public String sizeNote(String name) {
        for (Expr.Var v : variables.values())
            if (v.shape().rows().symbols().contains(name) || v.shape().cols().symbols().contains(name))
                return name + " is a size (a dimension of " + v.name() + "), not a variable";
        return null;
    }

    public Pos position(String name) { return positions.getOrDefault(name, Pos.NONE); }

    /** Every name the program gives: its symbols, its definitions and its sizes, none of which a name matdiff makes may take. */
    public java.util.Set<String> names() { return names(variables, definitions); }

    /** The same of symbols and definitions before they are a program (the typer's, reading the # wrt: lines). */
    static java.util.Set<String> names(Map<String, Expr.Var> variables, Map<String, Expr.Named> definitions) {
        java.util.Set<String> names = new java.util.HashSet<>(variables.keySet());
        names.addAll(definitions.keySet());
        for (Expr.Var v : variables.values())
            for (var size : List.of(v.shape().rows(), v.shape().cols())) if (size.symbols() != null) names.addAll(size.symbols());
        return names;
    }

    /** Where the user wrote this node of a definition, or null (a node the derivation built). */
    public Pos origin(Expr e) { return origins.get(e); }

    /** Where the divisor of this division was written, or null (a division the derivation built). */
    public Pos divisor(Expr division) { return divisors.get(division); }

    /** Whether the user wrote this definition's name (r = …), or matdiff made it up (a bare expression's f). */
    public boolean namedByUser(String name) {
        // matdiff makes up only f, f1, f2, …: any other name is told without reading the text
        return !name.matches("f\\d*") || name.equals(written(position(name)));
    }

    /** The text the user wrote at {@code pos}, or null. */
    public String written(Pos pos) {
        // positions count code points (a 😀 in a comment is one), the text's indices UTF-16 units (trial s69r)
        String written = pos == null ? null : source.codePoints(pos.start(), pos.stop() + 1);
        return written == null ? null : written.strip();
    }
}
