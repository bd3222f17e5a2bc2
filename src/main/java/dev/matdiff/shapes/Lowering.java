package dev.matdiff.shapes;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Dims;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.expr.VarKind;
import dev.matdiff.expr.ShapeException;
import dev.matdiff.expr.ShapeRules;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;
import dev.matdiff.source.Source;
import dev.matdiff.syntax.Syntax.Term;
import dev.matdiff.syntax.Syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Expressions as written to typed nodes, while the dimensions are still being inferred: each
 * operation's shape rule unifies its arguments' shapes, and the node is built as written
 * ({@link Exprs#typed}), not yet in canonical form. {@link Typer} rebuilds every node through the
 * factories once the whole program has been read and every shape is known.
 *
 * <p>Error messages quote the operands as the user wrote them.
 */
final class Lowering {

    /** Functions whose arguments are dimensions, built here rather than from their arguments' values. */
    static final Set<String> DIMENSIONAL = Set.of("ones", "zeros", "eye", "unvec", "mean", "vector", "matrix", "commutation");

    static boolean isFunction(String name) { return DIMENSIONAL.contains(name) || Op.byName(name).isPresent(); }

    private final Source source;
    private final Inference inference;
    private final Function<Syntax.Name, Expr> names;
    private final WrittenDimensions dimensions;
    /** What a name is ("a matrix", "a definition"), or null for a name the program does not have. */
    private final Function<String, String> symbolKind;
    /** The scalar or size the program names so ("T (a scalar)", "a size T"), or null: a scalar's ^T could be a power by it. */
    private final Function<String, String> named;
    /** Whether a name's kind came from its first letter (a one-line expression). */
    private final java.util.function.Predicate<String> implied;
    /** What a shape error about written operands adds: how to write a broadcast, how to declare an implied name. */
    private final OperandHints hints;

    /**
     * @param names what a name stands for: a definition, a declared or implied variable (throws if none)
     * @param dimensionSymbols collects the dimension symbols the program writes
     */
    Lowering(Source source, Inference inference, Function<Syntax.Name, Expr> names, Set<String> dimensionSymbols,
             Function<String, String> symbolKind, java.util.function.Predicate<String> implied,
             java.util.function.Predicate<String> kindlessConstant, Function<String, Pos> declared) {
        this.source = source;
        this.inference = inference;
        this.names = names;
        // ones(X) beside matrix X(4, 4) writes no size (a scalar may share a size's name; a definition is refused where it is)
        this.dimensions = new WrittenDimensions(dimensionSymbols, this, name -> declared.apply(name) == null ? null : Lowering.array(symbolKind.apply(name)));
        this.symbolKind = symbolKind;
        // a scalar named so, or a size: what a scalar's ^ may take as its exponent
        this.named = name -> declared.apply(name) != null ? (names.apply(new Syntax.Name(name, Pos.NONE)).shape().isScalar() ? name + " (" + symbolKind.apply(name) + ")" : null)
                : dimensionSymbols.contains(name) ? "a size " + name : null;
        this.implied = implied;
        this.hints = new OperandHints(inference, implied, kindlessConstant, this::text, declared);
    }

    /** A constant whose size is inferred from where it is used (matrix(2)), as written. */
    record Filled(String written, String value, Expr constant, Pos pos) {
        Shape shape() { return constant.shape(); }
    }

    /** The filled constants the program writes: a size of one that nothing fixes is an error in a program (Typer). */
    final List<Filled> filled = new ArrayList<>();

    /** Where each expression built for a term was written: the first term it was built for. */
    final java.util.Map<Expr, Pos> origins = new java.util.IdentityHashMap<>();
    /**
     * Where each division's divisor was written: a number has no origin of its own (one interned 0
     * stands for every 0 written), so "division by zero" finds the 0 of sum(x)/0 here.
     */
    final java.util.Map<Expr, Pos> divisors = new java.util.IdentityHashMap<>();

    Expr lower(Term t) {
        Expr e = lowered(t);
        origins.putIfAbsent(e, t.pos());
        return e;
    }

    private Expr lowered(Term t) {
        if (t instanceof Syntax.Number n) return Exprs.num(n.value());
        if (t instanceof Syntax.Name n) return names.apply(n);
        if (t instanceof Syntax.Unary u) {
            // iterative: a long run of signs must not recurse
            List<Syntax.Unary> signs = new ArrayList<>();
            Term inner = u;
            while (inner instanceof Syntax.Unary s) { signs.add(s); inner = s.operand(); }
            Expr e = lower(inner);
            for (int i = signs.size() - 1; i >= 0; i--) if (signs.get(i).op().equals("-")) e = node(Op.NEG, List.of(e), 0, signs.get(i).pos(), List.of(inner));
            return e;
        }
        if (t instanceof Syntax.Chain c) return chain(c);
        if (t instanceof Syntax.Transpose tr) {
            Expr operand = lower(tr.operand());
            // a^T beside a scalar T was silently a transpose (trial s69a); a matrix's A^T can only be one
            if (tr.caretT() != null && operand.shape().isScalar() && named.apply("T") != null)
                throw new MatDiffException("^T is the transpose, but the program also names " + named.apply("T") + ": write ' for the transpose, or ^(T) for the power", tr.caretT());
            return node(Op.TRANSPOSE, List.of(operand), 0, tr.pos(), List.of(tr.operand()));
        }
        if (t instanceof Syntax.Power p) return power(p);
        if (t instanceof Syntax.Call c) return call(c);
        throw new IllegalStateException("unhandled syntax " + t.getClass().getSimpleName());
    }

    private static boolean sum(Term t) { return t instanceof Syntax.Chain c && (c.ops().get(0).equals("+") || c.ops().get(0).equals("-")); }

    /**
     * ((a + b) - c) + d as one chain a + b - c + d: a sum nested on its left, as ((x + x) + x) + … written 19,000 deep, was
     * one flat sum per level, each a copy of the one below (quadratic). The terms of a sum have the sum's shape, so each
     * is checked against the first term as before.
     */
    private static Syntax.Chain leftSumsSpliced(Syntax.Chain c) {
        if (!sum(c.operands().get(0))) return c;
        java.util.ArrayDeque<Syntax.Chain> spine = new java.util.ArrayDeque<>();
        for (Term t = c; sum(t); t = ((Syntax.Chain) t).operands().get(0)) spine.push((Syntax.Chain) t);
        List<Term> operands = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        List<Pos> opPos = new ArrayList<>();
        operands.add(spine.peek().operands().get(0));
        for (Syntax.Chain link : spine) {
            operands.addAll(link.operands().subList(1, link.operands().size()));
            ops.addAll(link.ops());
            opPos.addAll(link.opPos());
        }
        return new Syntax.Chain(operands, ops, opPos, c.pos());
    }

    /** The left operand of the chain's i-th operator as written: the first term itself, then the chain so far. */
    private static Term writtenBefore(Syntax.Chain c, int i) {
        List<Term> operands = c.operands();
        return i == 1 ? operands.get(0) : new Syntax.Chain(operands.subList(0, i), c.ops().subList(0, i - 1),
                c.opPos().subList(0, i - 1), operands.get(0).pos().to(operands.get(i - 1).pos()));
    }

    private Expr chain(Syntax.Chain c) {
        if (sum(c)) c = leftSumsSpliced(c);
        List<Term> operands = c.operands();
        if (sum(c)) {
            // one flat sum: a 50,000-term sum is built once, not 50,000 times
            List<Expr> terms = new ArrayList<>();
            Expr first = lower(operands.get(0));
            terms.add(first);
            for (int i = 1; i < operands.size(); i++) {
                Expr next = lower(operands.get(i));
                Term left = writtenBefore(c, i), right = operands.get(i);
                boolean minus = c.ops().get(i - 1).equals("-");
                java.util.function.IntFunction<String> named = k -> text(k == 0 ? left : right);
                at(c.opPos().get(i - 1), () -> minus ? ShapeRules.difference(first.shape(), next.shape(), inference, named)
                        : ShapeRules.of(Op.ADD, List.of(first.shape(), next.shape()), inference, named), Op.ADD, List.of(left, right), List.of(first, next));
                terms.add(minus ? Exprs.typed(Op.NEG, List.of(next), 0, next.shape()) : next);
            }
            return Exprs.typed(Op.ADD, terms, 0, first.shape());
        }
        Expr acc = lower(operands.get(0));
        for (int i = 1; i < operands.size(); i++) {
            Expr left = acc, right = lower(operands.get(i));
            List<Term> written = List.of(writtenBefore(c, i), operands.get(i));
            Pos at = c.opPos().get(i - 1);
            acc = switch (c.ops().get(i - 1)) {
                case "*", ".*", "kron" -> product(c.ops().get(i - 1), left, right, at, written);
                case "./" -> Exprs.scalar(right) ? node(Op.DIV, List.of(left, right), 0, at, written)
                        : Exprs.scalar(left) ? node(Op.SCALE, List.of(left, node(Op.ELEMPOW, List.of(right), -1, at, written.subList(1, 2))), 0, at, written)
                        : node(Op.ELEMDIV, List.of(left, right), 0, at, written);
                case "/" -> {
                    if (!Exprs.scalar(right)) {
                        String implied = hints.impliedScalarLike(written.get(1));
                        throw new MatDiffException("can only divide by a scalar, but " + text(written.get(1)) + " is "
                                + inference.resolve(right.shape()) + (implied != null ? "; " + hints.kindHint(implied, "scalar")
                                : mayBeSquare(inference.resolve(right.shape())) ? " (write A*inv(S) for MATLAB's A/S, or ./ to divide element-wise)"
                                : " (use ./ to divide element-wise)"), c.opPos().get(i - 1));
                    }
                    yield node(Op.DIV, List.of(left, right), 0, at, written);
                }
                default -> throw new IllegalStateException("operator " + c.ops().get(i - 1));
            };
            // each step of a chain was written too: 1e308*10 in 1e308*10*sum(x) is where its overflow is
            if (i < operands.size() - 1) origins.putIfAbsent(acc, operands.get(0).pos().to(operands.get(i).pos()));
        }
        return acc;
    }

    /** x declared a 1×1 vector or matrix meets vector(c) entry by entry, as at n > 1 (trial s72a: a scaling left it unsized). */
    private boolean oneByOneMeetsFilled(Expr a, Expr b) {
        return a instanceof Expr.Var v && v.kind() != VarKind.SCALAR && Exprs.scalar(a) && filled.stream().anyMatch(f -> f.constant() == b);
    }

    /** Square, or a matrix whose sizes are not known yet (-e's S): one that inv may take. */
    private static boolean mayBeSquare(Shape s) {
        return s.rows().equals(s.cols()) || !s.cols().isOne() && (s.rows() instanceof Dim.Unknown || s.cols() instanceof Dim.Unknown);
    }

    /** *, .* and ⊗: a scaling when either side is a scalar. */
    private Expr product(String op, Expr left, Expr right, Pos at, List<Term> written) {
        if (op.equals(".*") && (oneByOneMeetsFilled(left, right) || oneByOneMeetsFilled(right, left)))
            return node(Op.HADAMARD, List.of(left, right), 0, at, written);
        if (Exprs.scalar(left)) return node(Op.SCALE, List.of(left, right), 0, at, written);
        if (Exprs.scalar(right)) return node(Op.SCALE, List.of(right, left), 0, at, List.of(written.get(1), written.get(0)));
        Op o = op.equals("*") ? Op.MATMUL : op.equals(".*") ? Op.HADAMARD : Op.KRON;
        return node(o, List.of(left, right), 0, at, written);
    }

    private Expr power(Syntax.Power p) {
        Expr base = lower(p.base());
        boolean elementwise = p.op().equals(".^") || Exprs.scalar(base);
        // the focal loss's (1 - p).^gamma: a power with a symbolic exponent, entry by entry
        if (elementwise && !WrittenNumbers.isNumber(p.exponent())) {
            Expr exponent = lower(p.exponent());
            // a base written as arithmetic of numbers ≤ 0 is that number, which the law reads ((1 - 3).^x has no derivative in
            // x); a positive one stays as written ((1 + 4^2)^a, not 17^a, nor a rounding of it)
            Double number = WrittenNumbers.written(p.base());
            if (PowerHints.takes(p, base, exponent))
                return node(Op.POW, List.of(number != null && number <= 0 ? Exprs.num(number) : base, exponent), 0, p.pos(),
                        List.of(p.base(), p.exponent()));
        }
        double k = WrittenNumbers.value(p.exponent(), "an exponent", () -> PowerHints.refusal(p, elementwise));
        List<Term> written = List.of(p.base());
        if (elementwise) {
            Exponents.elementwise(k, p.pos());
            return node(Op.ELEMPOW, List.of(base), k, p.pos(), written);
        }
        Exponents.matrix(k, p.pos());
        if (k == 1) return base;
        Expr power = node(k == -1 ? Op.INV : Op.POWER, List.of(base), k == -1 ? 0 : k, p.pos(), written);
        return k == 0 ? Exprs.typed(Op.EYE, List.of(), 0, Shape.square(power.shape().rows())) : power;
    }

    private double constant(Term t, String what) { return WrittenNumbers.value(t, what, () -> ""); }

    private Expr call(Syntax.Call c) {
        String f = c.function();
        List<Term> args = c.args();
        switch (f) {
            case "ones", "zeros" -> {
                Arity.arity(c, 1, 2);
                Dim rows = dimension(args.get(0));
                Shape shape = new Shape(rows, args.size() == 2 ? dimension(args.get(1)) : Dim.ONE);
                Expr ones = Exprs.typed(Op.ONES, List.of(), 0, shape);
                return f.equals("ones") ? ones : Exprs.typed(Op.SCALE, List.of(Exprs.ZERO, ones), 0, shape);
            }
            case "pow" -> {
                // NumPy's power(u, g), entry by entry: u.^g, a number exponent included
                Arity.arity(c, 2, 2);
                return lower(new Syntax.Power(args.get(0), ".^", args.get(1), c.pos()));
            }
            case "eye" -> {
                Arity.arity(c, 1, 1);
                return Exprs.typed(Op.EYE, List.of(), 0, Shape.square(dimension(args.get(0))));
            }
            case "unvec" -> {
                Arity.arity(c, 3, 3);
                Expr v = lower(args.get(0));
                Shape target = new Shape(dimension(args.get(1)), dimension(args.get(2)));
                try {
                    // the vector and the vec of the target unify as a sum's two sides would; said as what unvec needs
                    at(c.pos(), () -> ShapeRules.of(Op.ADD, List.of(v.shape(), Shape.vector(Dims.times(target.rows(), target.cols()))), inference,
                            i -> i == 0 ? text(args.get(0)) : "vec of a " + target + " matrix"));
                } catch (MatDiffException e) {
                    MatDiffException said = new MatDiffException("unvec(" + text(args.get(0)) + ", …) makes a " + target
                            + " matrix of a column of its " + Dims.times(target.rows(), target.cols()) + " entries, but " + text(args.get(0))
                            + " is " + inference.resolve(v.shape()), c.pos());
                    said.initCause(e);  // what the contradiction taught (Inference.learntFrom) stays with it
                    throw said;
                }
                return Exprs.typed(Op.UNVEC, List.of(v), 0, target);
            }
            case "commutation", "convmatrix", "im2col" -> {
                // commutation(m, n), convmatrix(K, p, q), im2col(X, r, s): a ones(m, n) argument carries the shape they are of
                int d = f.equals("commutation") ? 0 : 1;
                Arity.arity(c, d + 2, d + 2);
                Expr of = Exprs.typed(Op.ONES, List.of(), 0, new Shape(dimension(args.get(d)), dimension(args.get(d + 1))));
                return node(Op.byName(f).orElseThrow(), d == 0 ? List.of(of) : List.of(lower(args.get(0)), of), 0, c.pos(), args.subList(0, d));
            }
            case "vector", "matrix" -> {
                // MatrixCalculus.org's constants: every entry the number c, the size inferred from where it is used
                Arity.arity(c, 1, 1);
                double value = constant(args.get(0), "the entry of " + f + "(c)");
                Shape shape = f.equals("vector") ? Shape.vector(inference.freshMayBeOne()) : new Shape(inference.freshMayBeOne(), inference.freshMayBeOne());
                Expr constant = Exprs.typed(Op.SCALE, List.of(Exprs.num(value), Exprs.typed(Op.ONES, List.of(), 0, shape)), 0, shape);
                filled.add(new Filled(text(c), TextPrinter.number(value), constant, c.pos()));
                return constant;
            }
            case "mean" -> {
                Arity.arity(c, 1, 2);
                Expr a = lower(args.get(0));
                Expr total = args.size() == 1 ? node(Op.SUM, List.of(a), 0, c.pos(), args) : sumAlong(c, a);
                // vec(B) holds B's entries: its count as B's rows × columns, not their product multiplied out
                Shape s = args.size() == 1 && Exprs.is(a, Op.VEC) ? Exprs.arg(a, 0).shape() : a.shape();
                Expr count = args.size() == 1 ? product(size(s.rows()), size(s.cols()))
                        : size(dimensionArgument(c) == 1 ? s.rows() : s.cols());
                return node(Op.DIV, List.of(total, count), 0, c.pos(), List.of(c, c));
            }
            case "sum" -> {
                Arity.arity(c, 1, 2);  // sum(A) or sum(A, k): "sum takes 1 argument, not 3" would hide the second form
                if (args.size() == 2) return sumAlong(c, lower(args.get(0)));
            }
            default -> { }
        }
        Op op = Op.byName(f).orElseThrow(() -> {
            String kind = symbolKind.apply(f);
            if (kind != null)
                return new MatDiffException(f + " is " + kind + ", not a function: indexing " + text(c)
                        + " is not supported (matdiff works with whole matrices and vectors)", c.pos());
            return UnknownFunctions.of(f, c.pos());
        });
        int n = Math.abs(op.arity());
        Arity.arity(c, n, n);
        List<Expr> lowered = new ArrayList<>();
        for (Term a : args) lowered.add(lower(a));
        return switch (op) {
            case KRON -> product("kron", lowered.get(0), lowered.get(1), c.pos(), args);
            case DIAG_VECTOR, DIAG_MATRIX -> {
                Shape s = inference.resolve(lowered.get(0).shape());
                // diag of a row is the diagonal matrix too, as in MATLAB
                if (s.rows().isOne() && !s.cols().isOne())
                    yield node(Op.DIAG_MATRIX, List.of(Exprs.transpose(lowered.get(0))), 0, c.pos(), args);
                yield node(Exprs.diagOp(s), lowered, 0, c.pos(), args);
            }
            case KRONBLOCKS, BLOCKSUM -> {
                // the blocks of G have the second argument's shape (kronblocks) or are counted by it (blocksum)
                Shape g = inference.resolve(lowered.get(0).shape()), b = inference.resolve(lowered.get(1).shape());
                // the quotient of sizes still to be inferred is not one (-e infers them): the sizes must be written
                if (java.util.stream.Stream.of(g.rows(), g.cols(), b.rows(), b.cols()).anyMatch(d -> d instanceof Dim.Unknown))
                    throw new MatDiffException(f + " needs the sizes of its arguments, which nothing else fixes: declare them, as in "
                            + "matrix G(m*p, n*q), A(p, q); " + f + "(G, A)", c.pos());
                Dim rows = Dims.divide(g.rows(), b.rows()), cols = Dims.divide(g.cols(), b.cols());
                if (rows == null || cols == null)
                    throw new MatDiffException(f + " needs a first argument made of blocks the size of the second, but they are "
                            + g + " and " + b, c.pos());
                yield Exprs.typed(op, lowered, 0, new Shape(rows, cols));
            }
            default -> node(op, lowered, 0, c.pos(), args);
        };
    }

    /** sum(A, 1), the column sums (a row), or sum(A, 2), the row sums (a column), as in MATLAB. */
    private Expr sumAlong(Syntax.Call c, Expr a) {
        return node(dimensionArgument(c) == 1 ? Op.SUM_COLUMNS : Op.SUM_ROWS, List.of(a), 0, c.pos(), c.args());
    }

    /** The k of sum(A, k) and mean(A, k): 1 or 2. */
    private int dimensionArgument(Syntax.Call c) {
        Term k = c.args().get(1);
        if (k instanceof Syntax.Number n && (n.value() == 1 || n.value() == 2)) return (int) n.value();
        throw new MatDiffException(c.function() + "(A, k) " + (c.function().equals("mean") ? "averages" : "sums")
                + " along dimension k = 1 (each column) or 2 (each row), not " + text(k), k.pos());
    }

    /**
     * A dimension as a number in an expression: sum(ones(n)), which prints as n. A product of two
     * dimensions is a product of two such numbers, so m*n reads back as what it printed from.
     */
    Expr size(Dim d) {
        if (d.isOne()) return Exprs.ONE;
        return Exprs.typed(Op.SUM, List.of(Exprs.typed(Op.ONES, List.of(), 0, Shape.vector(d))), 0, Shape.SCALAR);
    }

    private static Expr product(Expr a, Expr b) {
        if (a == Exprs.ONE) return b;
        if (b == Exprs.ONE) return a;
        return Exprs.typed(Op.SCALE, List.of(a, b), 0, Shape.SCALAR);
    }

    /** A dimension as written in a declaration or in ones(…)/eye(…) (see {@link WrittenDimensions}). */
    Dim dimension(Term t) { return dimensions.of(t); }
    Dim declaredDimension(Term t) { return dimensions.declared(t); }
    private static String array(String kind) { return "a matrix".equals(kind) || "a vector".equals(kind) ? kind : null; }

    /** The node op(args) with its shape from op's rule, unified; a mismatch is reported at {@code where}, quoting {@code written}. */
    private Expr node(Op op, List<Expr> args, double param, Pos where, List<? extends Term> written) {
        List<Shape> shapes = new ArrayList<>(args.size());
        for (Expr a : args) shapes.add(a.shape());
        IntFunction<String> name = i -> i < written.size() ? text(written.get(i)) : "its argument";
        Shape shape = at(where, () -> ShapeRules.of(op, shapes, inference, name), op, written, args);
        Expr e = Exprs.typed(op, args, param, shape);
        if ((op == Op.DIV || op == Op.ELEMDIV) && written.size() > 1) divisors.putIfAbsent(e, written.get(1).pos());
        return e;
    }

    /** A term as the user wrote it. */
    String text(Syntax t) {
        Pos p = t.pos();
        String s = source.text();
        if (!(p.start() >= 0 && p.stop() >= p.start() && p.stop() < s.length())) return t.toString();
        // a parenthesised operand's position is its inside's: a span that starts or ends with one takes its bracket too
        int start = p.start(), stop = p.stop(), depth = 0, lowest = 0;
        for (int i = start; i <= stop; i++) {
            if (s.charAt(i) == '(') depth++;
            else if (s.charAt(i) == ')') lowest = Math.min(lowest, --depth);
        }
        for (int open = -lowest, i = start - 1; open > 0 && i >= 0 && (s.charAt(i) == '(' || Character.isWhitespace(s.charAt(i))); i--)
            if (s.charAt(i) == '(') { open--; start = i; }
        for (int close = depth - lowest, i = stop + 1; close > 0 && i < s.length() && (s.charAt(i) == ')' || Character.isWhitespace(s.charAt(i))); i++)
            if (s.charAt(i) == ')') { close--; stop = i; }
        String text = s.substring(start, stop + 1).strip();  // by its ends past 80 characters: a message is one readable line
        return text.length() > 80 ? dev.matdiff.source.Excerpt.byEnds(text) : text;
    }

    /**
     * Runs a building step whose shape errors are about the operands {@code written} (whose
     * values are {@code args}), adding what {@link OperandHints} has to say of them.
     */
    private <T> T at(Pos pos, Supplier<T> step, Op op, List<? extends Term> written, List<Expr> args) {
        try {
            return at(pos, step);
        } catch (MatDiffException e) {
            String hint = op == Op.ADD ? hints.ofSum(written, args) : op == Op.MATMUL ? hints.ofTwoColumns(written, args) : null;
            if (hint == null) hint = hints.ofImpliedKinds(written, args);
            Inference.Contradiction c = e instanceof Inference.Contradiction x ? x : null;
            // an open size asked to be 1 is the cause, whatever the declarations say
            if (hint == null && c != null && c.openSizeMetOne)
                hint = "a size left to inference is never 1: declare it where 1 is meant (matrix B(1, n)), or write a row as a transposed vector";
            if (hint == null && c != null && !c.placed) hint = hints.ofDeclarations(written);
            if (hint == null && c != null && !c.placed) hint = hints.ofInferredSizes(args, pos);
            if (hint == null) throw e;
            MatDiffException hinted = new MatDiffException(e.getMessage() + "; " + hint, e.pos());
            hinted.initCause(e);  // what the contradiction taught (Inference.learntFrom) stays with it
            throw hinted;
        }
    }


    /** Runs a building step with errors reported at {@code pos}. */
    <T> T at(Pos pos, Supplier<T> step) {
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
}
