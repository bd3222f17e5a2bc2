package dev.matdiff.shapes;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Dims;
import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Var;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.ShapeException;
import dev.matdiff.expr.ShapeRules;
import dev.matdiff.expr.Substitution;
import dev.matdiff.expr.VarKind;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;
import dev.matdiff.source.Source;
import dev.matdiff.syntax.Syntax.Term;
import dev.matdiff.syntax.Syntax;

import java.util.*;

/**
 * Resolves names and shapes: syntax records to shape-typed expressions. Dimensions left open by
 * the declarations are unknowns that unification binds; when the whole program has been read,
 * every unknown is replaced by what it was bound to (or by a fresh symbol).
 */
public final class Typer {

    private final Source source;
    /** In a one-line expression an undeclared name is implied by its first letter. */
    private final boolean implicitNames;
    private final Inference inference;
    private final Map<String, Var> variables = new LinkedHashMap<>();
    private final Map<String, Named> definitions = new LinkedHashMap<>();
    private final Map<String, Pos> positions = new LinkedHashMap<>();
    /** {@link Program#constantWithOthers}. */
    private final Set<String> constantWithOthers = new HashSet<>();
    /** Where each definition of the program stands, so that a name used before (or in) its own definition is said to be. */
    private final Map<String, Pos> definedLater = new java.util.HashMap<>();
    /** The definition being typed, or null. */
    private String defining;
    /** Only ever added to (firstUse counts on it). */
    private final Set<String> dimensionSymbols = new HashSet<>();
    /** Where each dimension symbol was first written, as said of it ("is a dimension of x (line 1)"). */
    private final Map<String, String> dimensionFirstUse = new HashMap<>();
    /** Names whose kind came from their first letter (one-line expressions only). */
    private final List<String> implied = new ArrayList<>();
    /** Constants declared without a kind (constant lambda): hints treat them as implied, but a scalar one as the scalar it reads as. */
    private final Set<String> kindlessConstants = new HashSet<>();
    /** Where each node of the final program was written (the first place, for a node written twice). */
    private final Map<Expr, Pos> origins = IdentityMaps.map();
    /** Where each division's divisor was written (Lowering.divisors, for the final nodes). */
    private final Map<Expr, Pos> divisors = IdentityMaps.map();
    private final Lowering lowering;

    private Typer(Source source, boolean implicitNames, Map<Integer, Dim> learnt) {
        this.source = source;
        this.implicitNames = implicitNames;
        this.inference = new Inference(learnt);
        inference.symbolOrigin = dimensionFirstUse::get;
        this.lowering = new Lowering(source, inference, this::name, dimensionSymbols, this::kindOfCalled,
                name -> implied.contains(name) || kindlessConstants.contains(name) && VarKind.fromInitial(name) != VarKind.SCALAR,
                kindlessConstants::contains, positions::get);
    }

    /** How many sizes a program may teach its own reading (each one a reading more). */
    private static final int MAX_LESSONS = 16;

    /**
     * The program typed. kron, vec and conv fix the unknown sizes they multiply or subtract, so a later use that
     * equates one with another (x'*y after kron(x, y)) finds two different sizes; when that contradiction says
     * what the size is, the program is read again with it known from the start. An error that teaches nothing
     * is the program's own, and stands.
     */
    public static Program type(Source source, Syntax.Program program, boolean implicitNames) {
        Map<Integer, Dim> learnt = new HashMap<>();
        while (true) {
            Typer typer = new Typer(source, implicitNames, Map.copyOf(learnt));
            try {
                return typer.run(program);
            } catch (MatDiffException e) {
                Map.Entry<Integer, Dim> lesson = typer.inference.learntFrom(e);
                if (lesson == null) throw e;
                if (learnt.size() >= MAX_LESSONS)
                    throw new MatDiffException(e.getMessage() + " (matdiff infers at most " + MAX_LESSONS
                            + " sizes that kron, vec or conv made of undeclared ones: declare them)", e.pos());
                learnt.put(lesson.getKey(), lesson.getValue());
            }
        }
    }

    private static Map<String, dev.matdiff.source.Pos> hintPositions(List<Syntax.Name> hint) {
        Map<String, dev.matdiff.source.Pos> out = new java.util.HashMap<>();
        for (Syntax.Name n : hint) out.put(n.name(), n.pos());
        return Map.copyOf(out);
    }

    private Program run(Syntax.Program program) {
        String objective = null;
        boolean bare = false;
        for (Syntax.Statement s : program.statements())
            if (s instanceof Syntax.Definition d) definedLater.putIfAbsent(d.name(), d.pos());
        for (Syntax.Statement s : program.statements()) {
            int before = dimensionSymbols.size();
            if (s instanceof Syntax.Declaration d) declare(d);
            else if (s instanceof Syntax.Definition d) {
                defining = d.name();  // a bare expression's made-up name (f) is no name the user wrote: -e 'f*sum(x)' reads f
                objective = define(d.name(), d.body(), d.pos());
            }
            else if (s instanceof Syntax.Bare b) {
                // -e 'sum(x)<newline>sum(y)' would derive only the second, silently
                if (bare && implicitNames)
                    throw new MatDiffException("-e takes one expression to differentiate, and this is a second one "
                            + "(name the first, NAME = …, to use it here, or write the program in a file)", b.pos());
                bare = true;
                objective = define(freshObjectiveName(namesIn(b.body())), b.body(), b.pos());
            }
            else if (s instanceof Syntax.Assumption a) assume(a);
            if (dimensionSymbols.size() > before) firstUse("is used as a dimension on line " + s.pos().line());
        }
        // a dimension written after a definition of the same name (n = 3, then vector x(n)) is as ambiguous
        for (Named def : definitions.values())
            if (dimensionSymbols.contains(def.name())) throw shadowsDimension(def.name(), positions.get(def.name()));
        unfixedConstantSizes(objective);
        rebuildWithFinalShapes();
        List<Assumption> facts = new ArrayList<>();
        for (Written w : assumed) facts.add(Assumptions.of(w.lhs(), w.rhs(), w.text(), w.pos()));
        Assumptions.together(facts);
        List<Syntax.Name> hint = WrtHints.withoutProse(program.wrtHint(), Program.names(variables, definitions));
        return new Program(source, java.util.Collections.unmodifiableMap(variables), java.util.Collections.unmodifiableMap(definitions),
                objective, hint.stream().map(Syntax.Name::name).toList(), Map.copyOf(positions), implied,
                java.util.Collections.unmodifiableMap(origins), java.util.Collections.unmodifiableMap(divisors), facts,
                hintPositions(hint), constantWithOthers, kindlessConstants);
    }

    // ---- statements

    private void declare(Syntax.Declaration d) {
        for (Syntax.Item item : d.items()) {
            inference.where = item.pos();
            if (positions.containsKey(item.name()))
                throw new MatDiffException("'" + item.name() + "' is already " + (variables.containsKey(item.name()) ? "declared" : "defined")
                        + " at line " + positions.get(item.name()).line(), item.pos());
            VarKind kind = d.kind() != null ? d.kind()
                    : item.dims().size() == 2 ? VarKind.MATRIX : item.dims().size() == 1 ? VarKind.VECTOR : VarKind.fromInitial(item.name());
            if (d.kind() == null && item.dims().isEmpty()) kindlessConstants.add(item.name());
            int before = dimensionSymbols.size();
            variables.put(item.name(), Exprs.var(item.name(), declaredShape(kind, item), kind, item.constant()));
            if (d.constantLast()) constantWithOthers.add(item.name());
            if (dimensionSymbols.size() > before) firstUse("is a dimension of " + item.name() + " (line " + item.pos().line() + ")");
            // a scalar may be a size (scalar N beside X(D, N)); a matrix or vector named as one makes sum(x)/n a matrix's
            for (String dim : dimensionSymbols) {
                Var v = variables.get(dim);
                if (v != null && v.kind() != VarKind.SCALAR)
                    throw new MatDiffException("'" + dim + "' " + dimensionFirstUse.get(dim) + " and the name of a " + v.kind().keyword()
                            + "; name the " + v.kind().keyword() + " differently (only a scalar may share a size's name)", item.pos());
            }
            positions.put(item.name(), item.pos());
        }
    }

    /**
     * Where the dimension symbols a statement (or a declaration's item) has just written were first used. Every
     * older one has its first use already, recorded after its own statement or item, so putIfAbsent over them all
     * records only the new ones. Callers ask only when the set has grown: most statements write no new symbol, and
     * copying the set before each one to find them was a tenth of typing a small program.
     */
    private void firstUse(String where) {
        for (String dim : dimensionSymbols) dimensionFirstUse.putIfAbsent(dim, where);
    }

    private Shape declaredShape(VarKind kind, Syntax.Item item) {
        List<Dim> dims = new ArrayList<>();
        for (Term t : item.dims()) dims.add(lowering.declaredDimension(t));
        String name = item.name();
        return switch (kind) {
            case SCALAR -> {
                if (dims.stream().anyMatch(x -> !x.isOne()))
                    throw new MatDiffException("scalar '" + name + "' cannot have dimensions other than 1", item.pos());
                yield Shape.SCALAR;
            }
            case VECTOR -> {
                if (dims.size() == 2 && !dims.get(1).isOne())
                    throw new MatDiffException("vector '" + name + "' is a column: give one dimension, vector " + name + "(n)", item.pos());
                yield Shape.vector(dims.isEmpty() ? inference.fresh() : dims.get(0));
            }
            case MATRIX -> dims.isEmpty() ? new Shape(inference.fresh(), inference.fresh())
                    : dims.size() == 1 ? Shape.square(dims.get(0)) : new Shape(dims.get(0), dims.get(1));
            case SYMMETRIC -> {
                if (dims.size() == 2 && !dims.get(0).equals(dims.get(1)))
                    throw new MatDiffException("symmetric '" + name + "' must be square, not " + dims.get(0) + "×" + dims.get(1), item.pos());
                yield Shape.square(dims.isEmpty() ? inference.fresh() : dims.get(0));
            }
        };
    }

    private String define(String name, Term body, Pos pos) {
        if (positions.containsKey(name))
            throw new MatDiffException("'" + name + "' is already " + (variables.containsKey(name) ? "declared" : "defined")
                    + " at line " + positions.get(name).line(), pos);
        if (dimensionSymbols.contains(name)) throw shadowsDimension(name, pos);
        Expr value;
        try {
            value = lowering.lower(body);
        } finally {
            defining = null;
        }
        definitions.put(name, Exprs.named(name, value));
        positions.put(name, pos);
        return name;
    }

    /**
     * A definition named as a dimension: the name in an expression would be the definition, while the shapes (and
     * the printed ones(n)) would mean the size, two different n's in one result ((n + n)*ones(n)).
     */
    private MatDiffException shadowsDimension(String name, Pos definition) {
        return new MatDiffException("'" + name + "' " + dimensionFirstUse.getOrDefault(name, "is a dimension")
                + "; name the definition differently", definition);
    }

    /** An assumption as typed, before shapes are final. */
    private record Written(Expr lhs, Expr rhs, String text, Pos pos) {}

    private final List<Written> assumed = new ArrayList<>();

    private void assume(Syntax.Assumption a) {
        Expr lhs = lowering.lower(a.lhs()), rhs = lowering.lower(a.rhs());
        if (!rhs.shape().isScalar()) lowering.at(a.pos(), () -> {
            dev.matdiff.expr.ShapeRules.equated(lhs.shape(), rhs.shape(), inference, i -> lowering.text(i == 0 ? a.lhs() : a.rhs()));
            return null;
        });
        assumed.add(new Written(lhs, rhs, lowering.text(a.lhs()) + " = " + lowering.text(a.rhs()), a.pos()));
    }

    /** A name for a bare expression's objective that it does not read itself: -e 'f*sum(x)' is f1, so ∇_x f1 = f*ones(n). */
    private String freshObjectiveName(Set<String> read) {
        String name = "f";
        for (int i = 1; positions.containsKey(name) || dimensionSymbols.contains(name) || read.contains(name); i++) name = "f" + i;
        return name;
    }

    /** The names a term reads; iterative, as a term may nest 20,000 deep. */
    private static Set<String> namesIn(Term root) {
        Set<String> out = new HashSet<>();
        java.util.ArrayDeque<Term> todo = new java.util.ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            Term t = todo.pop();
            if (t instanceof Syntax.Name n) out.add(n.name());
            else if (t instanceof Syntax.Call c) todo.addAll(c.args());
            else if (t instanceof Syntax.Unary u) todo.push(u.operand());
            else if (t instanceof Syntax.Chain c) todo.addAll(c.operands());
            else if (t instanceof Syntax.Transpose tr) todo.push(tr.operand());
            else if (t instanceof Syntax.Power p) {
                todo.push(p.base());
                todo.push(p.exponent());
            }
        }
        return out;
    }

    /**
     * What a name written as a call, x(1), is: as {@link #kindOf}, except that in -e an undeclared word of letters
     * (max(x), foo(x)) is a function the reader expected, not a symbol its first letter makes and then indexes;
     * a letter or a name with digits (x(1), w1(2)) reads as a symbol indexed.
     */
    private String kindOfCalled(String name) {
        boolean declared = definitions.containsKey(name) || variables.containsKey(name);
        boolean symbolLike = name.length() == 1 || name.chars().anyMatch(Character::isDigit);
        return declared || symbolLike ? kindOf(name) : null;
    }

    /** What a name is, for messages ("a matrix", "a definition"), or null if the program has no such symbol. */
    private String kindOf(String name) {
        if (definitions.containsKey(name)) return "a definition";
        Var v = variables.get(name);
        VarKind kind = v != null ? v.kind() : implicitNames && !Lowering.isFunction(name) ? VarKind.fromInitial(name) : null;
        if (kind == null) return null;
        String what = switch (kind) {
            case SCALAR -> "a scalar";
            case VECTOR -> "a vector";
            case MATRIX -> "a matrix";
            case SYMMETRIC -> "a symmetric matrix";
        };
        return v == null ? what + " (in -e, a name's first letter gives its kind)" : what;
    }

    /** What a name stands for: a definition, a declared variable, or (in a one-line expression) one its first letter implies. */
    private Expr name(Syntax.Name n) {
        Named def = definitions.get(n.name());
        if (def != null) return def;
        Var v = variables.get(n.name());
        if (v != null) return v;
        // a dimension symbol in an expression is its size, a number: sum(x)/n
        if (dimensionSymbols.contains(n.name())) return lowering.size(new Dim.Sym(n.name()));
        if (n.name().equals(defining))
            throw new MatDiffException("'" + n.name() + "' is used in its own definition: a definition reads only names declared or defined before it "
                    + "(name the new value differently, " + n.name() + "2 = …)", n.pos());
        Pos later = definedLater.get(n.name());
        if (later != null)
            throw new MatDiffException("'" + n.name() + "' is used before its definition at line " + later.line() + ": define it first", n.pos());
        if (java.util.Set.of("NaN", "nan", "Inf", "inf", "Infinity", "infinity").contains(n.name()))
            throw new MatDiffException("unknown name '" + n.name() + "': a program's numbers are finite, and NaN and Inf are not numbers it can write", n.pos());
        // a bare d is a scalar like a, b, c: only d(…) is the differential, and a call is never a bare name
        if (implicitNames && (!Lowering.isFunction(n.name()) || n.name().equals("d"))) {
            VarKind kind = VarKind.fromInitial(n.name());
            Shape shape = switch (kind) {
                case SCALAR -> Shape.SCALAR;
                case VECTOR -> Shape.vector(inference.fresh());
                default -> new Shape(inference.fresh(), inference.fresh());
            };
            Var implied = Exprs.var(n.name(), shape, kind, false);
            variables.put(n.name(), implied);
            positions.put(n.name(), n.pos());
            this.implied.add(n.name());
            return implied;
        }
        if (n.name().equals("d"))
            throw new MatDiffException("unknown name 'd' (declare it, e.g. 'scalar d'; written d(…) it is the differential)", n.pos());
        if (Lowering.isFunction(n.name()))
            throw new MatDiffException("'" + n.name() + "' is a function: call it as " + n.name() + "(…)", n.pos());
        // a Gaussian's 2π: the constant a reader means, not a name to declare as a variable
        if (n.name().equals("pi") || n.name().equals("π"))
            throw new MatDiffException("unknown name '" + n.name() + "': " + dev.matdiff.expr.Greek.piAdvice(n.name()), n.pos());
        if (n.name().equals("I"))
            throw new MatDiffException("unknown name 'I' (the identity is eye(n); for a matrix named I, declare it: 'matrix I')", n.pos());
        // as the textbooks name them: X a matrix, x a vector or a scalar
        String example = Character.isUpperCase(n.name().charAt(0)) ? "'matrix " + n.name() + "'"
                : "'vector " + n.name() + "' or 'scalar " + n.name() + "'";
        throw new MatDiffException("unknown name '" + n.name() + "' (declare it, e.g. " + example + ")", n.pos());
    }

    /**
     * In a program, matrix(2) whose columns nothing fixes (sum(X*matrix(2))) would get a size the program never
     * names, and the objective's result would read it (2*n*ones(3, 2)); in -e every size is named so, and this one is
     * no different.
     */
    private void unfixedConstantSizes(String objective) {
        if (objective == null || lowering.filled.isEmpty()) return;
        // in -e the variables' own sizes are left open, and named in the note: only a size no variable has is unfixed
        // (sum(X*matrix(2)) printed 2*p*ones(n, m), with a p nothing defines)
        Set<Dim> variables = new HashSet<>();
        if (implicitNames)
            for (Var v : this.variables.values()) variables.addAll(List.of(inference.resolve(v.shape().rows()), inference.resolve(v.shape().cols())));
        // only where the objective reads it: an unused definition h = matrix(2) is as free as its size
        Set<Expr> read = IdentityMaps.set();
        read.addAll(Dag.postOrder(definitions.get(objective)));
        for (Lowering.Filled c : lowering.filled) {
            if (!read.contains(c.constant())) continue;
            for (Dim d : List.of(c.shape().rows(), c.shape().cols()))
                if (inference.resolve(d) instanceof Dim.Unknown && !variables.contains(inference.resolve(d)))
                    throw new MatDiffException("nothing fixes the " + (c.shape().isColumn() ? "length" : d == c.shape().rows() ? "rows" : "columns")
                            + " of " + c.written() + ", so its size is unknown: write it with its sizes, such as "
                            + (c.value().equals("1") ? "" : c.value() + "*") + (c.shape().isColumn() ? "ones(n)" : "ones(m, n)"), c.pos());
        }
    }

    // ---- after the whole program: every node rebuilt through the factories, with its final shape

    private void rebuildWithFinalShapes() {
        // a size matdiff names must not read as a symbol, definition or dimension of the program (FinalShapes)
        Set<String> taken = new HashSet<>(dimensionSymbols);
        taken.addAll(variables.keySet());
        taken.addAll(definitions.keySet());
        for (Var v : variables.values())
            for (Dim d : List.of(v.shape().rows(), v.shape().cols())) {
                Dim r = inference.resolve(d);
                if (!(r instanceof Dim.Unknown)) taken.addAll(Dims.symbols(r));
            }
        FinalShapes shapes = new FinalShapes(inference, taken);
        Map<Expr, Expr> built = IdentityMaps.map();
        for (Map.Entry<String, Var> e : variables.entrySet()) {
            Var v = e.getValue();
            Var r = Exprs.var(v.name(), shapes.of(v.shape()), v.kind(), v.constant());
            built.put(v, r);
            e.setValue(r);
        }
        // one error context per definition, not one per node
        // children before parents, the first child first (as Dag.postOrder walks), the nodes built so far being the
        // record of where the walk has been (Dag.postOrder kept a second map for that, grown from four places)
        java.util.function.BiFunction<Expr, Pos, Expr> rebuild = (root, pos) -> lowering.at(pos, () -> {
            ArrayDeque<Expr> walk = new ArrayDeque<>();
            walk.push(root);
            while (!walk.isEmpty()) {
                Expr x = walk.peek();
                if (built.containsKey(x)) {
                    walk.pop();
                    continue;
                }
                List<Expr> children = x.children();
                int waiting = walk.size();
                for (int k = children.size() - 1; k >= 0; k--) if (!built.containsKey(children.get(k))) walk.push(children.get(k));
                if (walk.size() > waiting) continue;  // x again once they are built
                walk.pop();
                Expr out = x;
                if (x instanceof Named n) out = Exprs.named(n.name(), built.get(n.body()));
                else if (x instanceof Node n) {
                    List<Expr> args = new ArrayList<>(n.args().size());
                    for (Expr a : n.args()) args.add(built.get(a));
                    out = canonical(n, args, shapes.of(n.shape()));
                    finite(out, lowering.origins.getOrDefault(x, pos));
                }
                built.put(x, out);
                Pos written = lowering.origins.get(x);
                if (written != null && out instanceof Node) origins.putIfAbsent(out, written);
                Pos divisor = lowering.divisors.get(x);
                if (divisor != null && out instanceof Node) divisors.putIfAbsent(out, divisor);
            }
            return built.get(root);
        });
        for (Map.Entry<String, Named> def : definitions.entrySet()) def.setValue((Named) rebuild.apply(def.getValue(), positions.get(def.getKey())));
        assumed.replaceAll(w -> new Written(rebuild.apply(w.lhs(), w.pos()), rebuild.apply(w.rhs(), w.pos()), w.text(), w.pos()));
    }

    /**
     * Numbers that fold to ±∞ (1e308*10) are refused where they are written: results would print them
     * as Infinity, which no program can say (constants that have no value are numeric.Constants').
     */
    private static void finite(Expr out, Pos at) {
        if (out instanceof Expr.Num c && !Double.isFinite(c.value()))
            throw new MatDiffException("this constant is not a finite number (it is " + c.value() + ")", at);
        // numbers a product gathers as it is built (sum(x)*1e200*1e200) fold into one factor
        if (out instanceof Node n) for (Expr a : n.args()) if (a instanceof Expr.Num) finite(a, at);
    }

    /** A node through the factories: constants and reshapes carry their shape themselves; everything else takes it from its arguments. */
    private static Expr canonical(Node n, List<Expr> args, Shape shape) {
        return switch (n.op()) {
            case ONES -> Exprs.ones(shape);
            case EYE -> Exprs.eye(shape.rows());
            case UNVEC -> Exprs.unvec(args.get(0), shape);
            case KRONBLOCKS -> Exprs.kronBlocks(args.get(0), args.get(1), shape);
            case BLOCKSUM -> Exprs.blockSum(args.get(0), args.get(1), shape);
            default -> Exprs.rebuild(n, args);
        };
    }

}
