package dev.matdiff.shapes;

import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Var;
import dev.matdiff.syntax.Syntax.Term;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Dims;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.ShapeException;
import dev.matdiff.expr.ShapeRules;
import dev.matdiff.expr.Substitution;
import dev.matdiff.expr.VarKind;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;
import dev.matdiff.source.Source;
import dev.matdiff.syntax.Syntax;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves names and shapes: syntax records to shape-typed expressions. Dimensions left open by
 * the declarations are unknowns that unification binds; when the whole program has been read,
 * every unknown is replaced by what it was bound to (or by a fresh symbol).
 */
public final class Typer {

    private final Source source;
    /** In a one-line expression an undeclared name is implied by its first letter. */
    private final boolean implicitNames;
    private final Inference inference = new Inference();
    private final Map<String, Var> variables = new LinkedHashMap<>();
    private final Map<String, Named> definitions = new LinkedHashMap<>();
    private final Map<String, Pos> positions = new LinkedHashMap<>();
    private final Set<String> dimensionSymbols = new HashSet<>();

    private Typer(Source source, boolean implicitNames) {
        this.source = source;
        this.implicitNames = implicitNames;
    }

    public static Program type(Source source, Syntax.Program program, boolean implicitNames) {
        return new Typer(source, implicitNames).run(program);
    }

    private Program run(Syntax.Program program) {
        String objective = Exprs.withUnifier(inference, () -> {
            String last = null;
            for (Syntax.Statement s : program.statements()) {
                if (s instanceof Syntax.Declaration d) declare(d);
                else if (s instanceof Syntax.Definition d) last = define(d.name(), d.body(), d.pos());
                else if (s instanceof Syntax.Bare b) last = define(freshObjectiveName(), b.body(), b.pos());
            }
            return last;
        });
        if (inference.usedUnknowns()) substituteResolvedShapes();
        return new Program(source, java.util.Collections.unmodifiableMap(variables), java.util.Collections.unmodifiableMap(definitions),
                objective, program.wrtHint(), Map.copyOf(positions));
    }

    // ---- statements

    private void declare(Syntax.Declaration d) {
        for (Syntax.Item item : d.items()) {
            inference.where = item.pos();
            if (positions.containsKey(item.name()))
                throw new MatDiffException("'" + item.name() + "' is already declared at line " + positions.get(item.name()).line(), item.pos());
            VarKind kind = d.kind() != null ? d.kind()
                    : item.dims().size() == 2 ? VarKind.MATRIX : item.dims().size() == 1 ? VarKind.VECTOR : VarKind.fromInitial(item.name());
            variables.put(item.name(), Exprs.var(item.name(), declaredShape(kind, item), kind, d.constant()));
            positions.put(item.name(), item.pos());
        }
    }

    private Shape declaredShape(VarKind kind, Syntax.Item item) {
        List<Dim> dims = new ArrayList<>();
        for (Term t : item.dims()) dims.add(dimension(t));
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
        Expr value = lower(body);
        definitions.put(name, Exprs.named(name, value));
        positions.put(name, pos);
        return name;
    }

    private String freshObjectiveName() {
        String name = "f";
        for (int i = 1; positions.containsKey(name); i++) name = "f" + i;
        return name;
    }

    // ---- expressions

    private Expr lower(Term t) {
        if (t instanceof Syntax.Number n) return Exprs.num(n.value());
        if (t instanceof Syntax.Name n) return name(n);
        if (t instanceof Syntax.Unary u) {
            // iterative: a long run of signs must not recurse
            List<Syntax.Unary> signs = new ArrayList<>();
            Term inner = u;
            while (inner instanceof Syntax.Unary s) { signs.add(s); inner = s.operand(); }
            Expr e = lower(inner);
            for (int i = signs.size() - 1; i >= 0; i--) if (signs.get(i).op().equals("-")) e = Exprs.neg(e);
            return e;
        }
        if (t instanceof Syntax.Chain c) return chain(c);
        if (t instanceof Syntax.Transpose tr) return Exprs.transpose(lower(tr.operand()));
        if (t instanceof Syntax.Power p) return power(p);
        if (t instanceof Syntax.Call c) return call(c);
        throw new IllegalStateException("unhandled syntax " + t.getClass().getSimpleName());
    }

    private Expr name(Syntax.Name n) {
        Named def = definitions.get(n.name());
        if (def != null) return def;
        Var v = variables.get(n.name());
        if (v != null) return v;
        if (implicitNames && !Functions.isFunction(n.name())) {
            VarKind kind = VarKind.fromInitial(n.name());
            Shape shape = switch (kind) {
                case SCALAR -> Shape.SCALAR;
                case VECTOR -> Shape.vector(inference.fresh());
                default -> new Shape(inference.fresh(), inference.fresh());
            };
            Var implied = Exprs.var(n.name(), shape, kind, false);
            variables.put(n.name(), implied);
            positions.put(n.name(), n.pos());
            return implied;
        }
        if (Functions.isFunction(n.name()))
            throw new MatDiffException("'" + n.name() + "' is a function: call it as " + n.name() + "(…)", n.pos());
        throw new MatDiffException("unknown name '" + n.name() + "' (declare it, e.g. 'matrix " + n.name() + "')", n.pos());
    }

    private Expr chain(Syntax.Chain c) {
        boolean sum = c.ops().get(0).equals("+") || c.ops().get(0).equals("-");
        if (sum) {
            // one flat sum: a 50,000-term sum is built once, not 50,000 times
            List<Expr> terms = new ArrayList<>();
            Expr first = lower(c.operands().get(0));
            terms.add(first);
            for (int i = 1; i < c.operands().size(); i++) {
                Expr next = lower(c.operands().get(i));
                at(c.opPos().get(i - 1), () -> ShapeRules.of(Op.ADD, List.of(first.shape(), next.shape()), inference,
                        k -> k == 0 ? describe(first) : describe(next)));
                terms.add(c.ops().get(i - 1).equals("-") ? Exprs.neg(next) : next);
            }
            return Exprs.add(terms);
        }
        Expr acc = lower(c.operands().get(0));
        for (int i = 1; i < c.operands().size(); i++) {
            Expr left = acc, right = lower(c.operands().get(i));
            String op = c.ops().get(i - 1);
            acc = at(c.opPos().get(i - 1), () -> switch (op) {
                case "*" -> Exprs.mul(left, right);
                case ".*" -> Exprs.hadamard(left, right);
                case "./" -> Exprs.elemDiv(left, right);
                case "/" -> {
                    if (!Exprs.scalar(right))
                        throw new ShapeException("can only divide by a scalar, but " + describe(right) + " is "
                                + inference.resolve(right.shape()) + " (use ./ to divide element-wise)");
                    yield Exprs.div(left, right);
                }
                case "kron" -> Exprs.kron(left, right);
                default -> throw new IllegalStateException("operator " + op);
            });
        }
        return acc;
    }

    private Expr power(Syntax.Power p) {
        Expr base = lower(p.base());
        double k = constant(p.exponent());
        return at(p.pos(), () -> {
            if (p.op().equals(".^") || Exprs.scalar(base)) return Exprs.elemPow(base, k);
            if (k != Math.rint(k))
                throw new ShapeException("a matrix power needs an integer exponent, not " + k + " (use .^ for an element-wise power)");
            if (k == 0) {
                ShapeRules.of(Op.POWER, List.of(base.shape()), inference, i -> describe(base));
                return Exprs.eye(inference.resolve(base.shape().rows()));
            }
            return Exprs.power(base, (int) k);
        });
    }

    private double constant(Term t) {
        if (t instanceof Syntax.Number n) return n.value();
        if (t instanceof Syntax.Unary u) return u.op().equals("-") ? -constant(u.operand()) : constant(u.operand());
        if (t instanceof Syntax.Power p && p.op().equals("^")) return Math.pow(constant(p.base()), constant(p.exponent()));
        if (t instanceof Syntax.Transpose tr) return constant(tr.operand());  // x.^-1' is x.^(-1'), as in MATLAB
        throw new MatDiffException("an exponent must be a number", t.pos());
    }

    private Expr call(Syntax.Call c) {
        String f = c.function();
        List<Term> args = c.args();
        return switch (f) {
            case "ones" -> {
                arity(c, 1, 2);
                Dim rows = dimension(args.get(0));
                yield Exprs.ones(new Shape(rows, args.size() == 2 ? dimension(args.get(1)) : Dim.ONE));
            }
            case "eye" -> { arity(c, 1, 1); yield Exprs.eye(dimension(args.get(0))); }
            case "unvec" -> {
                arity(c, 3, 3);
                Expr v = lower(args.get(0));
                Shape target = new Shape(dimension(args.get(1)), dimension(args.get(2)));
                yield at(c.pos(), () -> {
                    ShapeRules.of(Op.ADD, List.of(v.shape(), Shape.vector(Dims.times(target.rows(), target.cols()))), inference,
                            i -> i == 0 ? describe(v) : "vec of a " + target + " matrix");
                    return Exprs.unvec(v, target);
                });
            }
            default -> {
                Op op = Functions.lookup(f).orElseThrow(() -> new MatDiffException("unknown function '" + f + "'", c.pos()));
                int n = op == Op.KRON || op == Op.CONV || op == Op.CONVFULL || op == Op.KRONBLOCKS || op == Op.KRONSUM ? 2 : 1;
                arity(c, n, n);
                List<Expr> lowered = new ArrayList<>();
                for (Term a : args) lowered.add(lower(a));
                yield at(c.pos(), () -> switch (op) {
                    case KRON -> Exprs.kron(lowered.get(0), lowered.get(1));
                    case CONV, CONVFULL -> Exprs.call2(op, lowered.get(0), lowered.get(1));
                    case DIAG_VECTOR, DIAG_MATRIX -> Exprs.diag(lowered.get(0));
                    case DIFF -> Exprs.diff(lowered.get(0));
                    case KRONBLOCKS, KRONSUM -> {
                        // the blocks of G have the second argument's shape (kronblocks) or are counted by it (kronsum)
                        Shape g = inference.resolve(lowered.get(0).shape()), b = inference.resolve(lowered.get(1).shape());
                        Dim rows = Dims.divide(g.rows(), b.rows()), cols = Dims.divide(g.cols(), b.cols());
                        if (rows == null || cols == null)
                            throw new ShapeException(f + " needs a first argument made of blocks the size of the second, but they are " + g + " and " + b);
                        Shape target = new Shape(rows, cols);
                        yield op == Op.KRONBLOCKS ? Exprs.kronBlocks(lowered.get(0), lowered.get(1), target)
                                : Exprs.kronSum(lowered.get(0), lowered.get(1), target);
                    }
                    default -> Exprs.call(op, lowered.get(0));
                });
            }
        };
    }

    private static void arity(Syntax.Call c, int min, int max) {
        int n = c.args().size();
        if (n < min || n > max) {
            String want = min == max ? min + (min == 1 ? " argument" : " arguments") : min + " or " + max + " arguments";
            throw new MatDiffException(c.function() + " takes " + want + ", not " + n, c.pos());
        }
    }

    /** A dimension as written in a declaration or in ones(…)/eye(…): a symbol, a positive integer, or sums and products of them. */
    private Dim dimension(Term t) {
        if (t instanceof Syntax.Number n) {
            if (n.value() != Math.rint(n.value()) || n.value() < 1 || n.value() > Integer.MAX_VALUE)
                throw new MatDiffException("a dimension must be a positive integer, not " + n.value(), n.pos());
            return Dim.of((int) n.value());
        }
        if (t instanceof Syntax.Name n) {
            dimensionSymbols.add(n.name());
            return new Dim.Sym(n.name());
        }
        if (t instanceof Syntax.Chain c) {
            Dim acc = dimension(c.operands().get(0));
            for (int i = 1; i < c.operands().size(); i++) {
                Dim next = dimension(c.operands().get(i));
                Dim a = acc;
                String op = c.ops().get(i - 1);
                acc = at(c.opPos().get(i - 1), () -> switch (op) {
                    case "+" -> Dims.plus(a, next);
                    case "-" -> Dims.minus(a, next);
                    case "*" -> Dims.times(a, next);
                    default -> throw new ShapeException("a dimension can only be added, subtracted or multiplied");
                });
            }
            return acc;
        }
        throw new MatDiffException("expected a dimension (a name such as n, or a positive integer)", t.pos());
    }

    private String describe(Expr e) {
        return dev.matdiff.expr.TextPrinter.print(e);
    }

    /** Runs a building step with errors reported at {@code pos}. */
    private <T> T at(Pos pos, java.util.function.Supplier<T> step) {
        Pos before = inference.where;
        inference.where = pos;
        try {
            return step.get();
        } catch (ShapeException | IllegalArgumentException | IllegalStateException e) {
            throw new MatDiffException(e.getMessage(), pos);
        } finally {
            inference.where = before;
        }
    }

    // ---- after the whole program: replace unknown dimensions by what they were bound to

    private void substituteResolvedShapes() {
        Set<String> taken = new HashSet<>(dimensionSymbols);
        for (Var v : variables.values())
            for (Dim d : List.of(v.shape().rows(), v.shape().cols())) {
                Dim r = inference.resolve(d);
                if (!(r instanceof Dim.Unknown)) taken.addAll(Dims.symbols(r));
            }
        Map<Dim, Dim> names = new LinkedHashMap<>();
        String[] candidates = {"n", "m", "p", "q", "r", "s", "k", "l"};
        java.util.function.Function<Dim, Dim> unknownName = u -> names.computeIfAbsent(u, x -> {
            for (String c : candidates) if (taken.add(c)) return new Dim.Sym(c);
            for (int i = 1; ; i++) if (taken.add("n" + i)) return new Dim.Sym("n" + i);
        });
        // sizes that kron, vec or conv had to name while the program was read get readable names too
        java.util.function.UnaryOperator<String> symbolName = s -> s.startsWith(Inference.FIXED_PREFIX)
                ? ((Dim.Sym) unknownName.apply(new Dim.Unknown(-1 - Integer.parseInt(s.substring(Inference.FIXED_PREFIX.length()))))).name()
                : s;
        java.util.function.Function<Dim, Dim> finalDim = d -> {
            Dim r = inference.resolve(d);
            return r instanceof Dim.Unknown ? unknownName.apply(r) : Dims.rename(r, symbolName);
        };
        Map<Var, Var> resolved = new IdentityHashMap<>();
        for (Map.Entry<String, Var> e : variables.entrySet()) {
            Var v = e.getValue();
            Var r = Exprs.var(v.name(), new Shape(finalDim.apply(v.shape().rows()), finalDim.apply(v.shape().cols())), v.kind(), v.constant());
            resolved.put(v, r);
            e.setValue(r);
        }
        // constants and reshapes carry their shape themselves; everything else takes it from its arguments
        Substitution[] self = new Substitution[1];
        self[0] = new Substitution(x -> {
            if (x instanceof Var v) return resolved.getOrDefault(v, v);
            if (!(x instanceof Node n)) return null;
            Shape shape = new Shape(finalDim.apply(n.shape().rows()), finalDim.apply(n.shape().cols()));
            return switch (n.op()) {
                case ONES -> Exprs.ones(shape);
                case EYE -> Exprs.eye(shape.rows());
                case UNVEC -> Exprs.unvec(self[0].apply(n.arg(0)), shape);
                case KRONBLOCKS -> Exprs.kronBlocks(self[0].apply(n.arg(0)), self[0].apply(n.arg(1)), shape);
                case KRONSUM -> Exprs.kronSum(self[0].apply(n.arg(0)), self[0].apply(n.arg(1)), shape);
                default -> null;
            };
        });
        for (Map.Entry<String, Named> e : definitions.entrySet()) {
            Pos pos = positions.get(e.getKey());
            e.setValue((Named) at(pos, () -> self[0].apply(e.getValue())));
        }
    }

}
