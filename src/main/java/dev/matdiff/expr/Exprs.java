package dev.matdiff.expr;

import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Expr.Var;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The only way expressions are built. Every node is hash-consed, so structurally equal
 * expressions are the same object. The constructors also keep a few canonical forms that the
 * text printer relies on to print an expression that parses back to itself: sums and matrix
 * products are flat, scalar factors sit in front ({@code s*A}), and a minus sign is pulled out of
 * products and into numbers.
 */
public final class Exprs {
    private Exprs() {}

    private static final InternTable INTERNED = new InternTable();

    /**
     * One object per shape, so that comparing two nodes' shapes while interning is comparing two
     * references: in a large DAG the other node's shape is seldom in the cache, and reading it was
     * a third of the time of deriving a 256-layer network.
     */
    private static final Map<Shape, Shape> SHAPES = new ConcurrentHashMap<>();

    /** Shapes kept at most; past this the table starts afresh (shapes then compare by equals, as they always may). */
    static final int MAX_SHAPES = 100_000;

    private static Shape canonical(Shape shape) {
        Shape known = SHAPES.get(shape);
        if (known != null) return known;
        if (SHAPES.size() >= MAX_SHAPES) SHAPES.clear();
        return SHAPES.computeIfAbsent(shape, s -> s);
    }

    /**
     * Whether e is a scalar. Shapes are final by the time anything is built here (the shape
     * inference builds with {@link #typed} and rebuilds through these factories when it is done),
     * and an open dimension is never 1, so this needs no unifier.
     */
    public static boolean scalar(Expr e) { return e.shape().isScalar(); }

    public static final Num ZERO = num(0);
    public static final Num ONE = num(1);

    private static <T extends Expr> T intern(T e) { return INTERNED.intern(e); }

    /** How many distinct expressions have been built so far: what a derivation costs, counted without a clock. */
    public static long distinctBuilt() { return INTERNED.inserted(); }

    /** How many expressions are interned now (the collector drops those nothing refers to). */
    public static int interned() { return INTERNED.size(); }

    // ---- leaves

    public static Num num(double v) {
        if (!Double.isFinite(v)) nonFiniteBuilt = true;
        return intern(new Num(v == 0 ? 0.0 : v));
    }

    private static volatile boolean nonFiniteBuilt;

    /**
     * Whether a number past a double's range (or NaN) has ever been built here: until one has, no
     * derivation can hold one, and the walk that looks for it is skipped.
     */
    public static boolean nonFiniteBuilt() { return nonFiniteBuilt; }

    public static Var var(String name, Shape shape, VarKind kind, boolean constant) {
        return intern(new Var(name, shape, kind, constant));
    }

    public static Named named(String name, Expr body) { return intern(new Named(name, body)); }

    /** The zero of a shape: 0, or 0*ones(m, n). */
    public static Expr zeros(Shape shape) { return scale(ZERO, ones(shape)); }

    public static Expr ones(Shape shape) {
        return shape.isScalar() ? ONE : node(Op.ONES, List.of(), 0, shape);
    }

    /**
     * e with each 1ᵀ among its factors written as the row of ones it is, as the simplifier writes it: compared by
     * reference, u·1ᵀ as a program writes it and u·1_{1×n} are one expression.
     */
    public static Expr onesUnturned(Expr e) {
        if (is(e, Op.TRANSPOSE) && is(arg(e, 0), Op.ONES)) return ones(e.shape());
        if (!is(e, Op.MATMUL) || !anyChild(e, f -> is(f, Op.TRANSPOSE) && is(arg(f, 0), Op.ONES))) return e;
        return matmul(e.children().stream().map(Exprs::onesUnturned).toList());
    }

    public static Expr eye(Dim n) { return n.isOne() ? ONE : node(Op.EYE, List.of(), 0, Shape.square(n)); }

    // ---- operators

    public static Expr add(Expr a, Expr b) { return add(List.of(a, b)); }

    public static Expr sub(Expr a, Expr b) { return add(List.of(a, neg(b))); }

    public static Expr add(List<Expr> terms) {
        List<Expr> flat = new ArrayList<>();
        for (Expr t : terms) {
            if (is(t, Op.ADD)) flat.addAll(t.children());
            else flat.add(t);
        }
        if (flat.isEmpty()) throw new IllegalArgumentException("empty sum");
        return flat.size() == 1 ? flat.get(0) : checked(Op.ADD, flat, 0);
    }

    /**
     * partial + terms with partial kept whole, not flattened into the new sum: a sum that extends another one the result
     * also uses (a residual network's δ's) is written so, and the shorter sum, shared, prints once by name. Read back by
     * {@link #partialOf}.
     */
    public static Expr extended(Expr partial, List<Expr> terms) {
        if (!is(partial, Op.ADD)) return add(java.util.stream.Stream.concat(java.util.stream.Stream.of(partial), terms.stream()).toList());
        List<Expr> args = new ArrayList<>(terms.size() + 1);
        args.add(partial);
        for (Expr t : terms) {
            if (is(t, Op.ADD)) args.addAll(t.children());
            else args.add(t);
        }
        return checked(Op.ADD, args, 0);
    }

    /** terms − partial, partial kept whole as the last term's operand (a residual block that subtracts): read back by {@link #partialOf}. */
    public static Expr lessened(List<Expr> terms, Expr partial) {
        List<Expr> all = new ArrayList<>(terms);
        all.add(neg(partial));
        return add(all);
    }

    /** The sum a sum was written with by {@link #extended} or {@link #lessened} (its first term, or its last negated), or null. */
    public static Expr partialOf(Expr sum) {
        if (!is(sum, Op.ADD)) return null;
        Expr first = arg(sum, 0), last = arg(sum, sum.children().size() - 1);
        if (is(first, Op.ADD)) return first;
        return is(last, Op.NEG) && is(arg(last, 0), Op.ADD) ? arg(last, 0) : null;
    }

    public static Expr neg(Expr a) {
        if (a instanceof Num n) return num(-n.value());
        if (is(a, Op.NEG)) return arg(a, 0);
        if (is(a, Op.SCALE) && arg(a, 0) instanceof Num c) return scale(num(-c.value()), arg(a, 1));
        return node(Op.NEG, List.of(a), 0, a.shape());
    }

    /** The language's {@code *}: a scaling when either side is a scalar, else a matrix product. */
    public static Expr mul(Expr a, Expr b) {
        if (scalar(a)) return scale(a, b);
        if (scalar(b)) return scale(b, a);
        return matmul(List.of(a, b));
    }

    public static Expr matmul(List<Expr> factors) {
        List<Expr> flat = new ArrayList<>();
        List<Expr> scalars = new ArrayList<>();
        boolean negative = false;
        for (Expr f : factors) {
            while (true) {
                if (is(f, Op.NEG)) { negative = !negative; f = arg(f, 0); }
                else if (is(f, Op.SCALE)) { scalars.add(arg(f, 0)); f = arg(f, 1); }
                else break;
            }
            if (is(f, Op.MATMUL)) flat.addAll(f.children());
            else if (scalar(f) && factors.size() > 1) scalars.add(f);
            else flat.add(f);
        }
        Expr product;
        if (flat.isEmpty()) {
            product = scalars.remove(scalars.size() - 1);
        } else {
            product = flat.size() == 1 ? flat.get(0) : checked(Op.MATMUL, flat, 0);
        }
        for (int i = scalars.size() - 1; i >= 0; i--) product = scale(scalars.get(i), product);
        return negative ? neg(product) : product;
    }

    public static Expr scale(Expr s, Expr a) {
        if (!scalar(s)) throw new ShapeException("a scale factor must be a scalar, but " + s + " is " + s.shape());
        if (s instanceof Num x && a instanceof Num y) return num(Fraction.multiply(x.value(), y.value()));
        if (s instanceof Num x && x.value() == 1) return a;
        if (s instanceof Num x && x.value() == -1) return neg(a);
        if (a instanceof Num && !(s instanceof Num)) return scale(a, s);
        if (is(s, Op.NEG)) return neg(scale(arg(s, 0), a));
        if (is(a, Op.NEG)) return neg(scale(s, arg(a, 0)));
        if (is(a, Op.SCALE)) return scale(scale(s, arg(a, 0)), arg(a, 1));
        return checked(Op.SCALE, List.of(s, a), 0);
    }

    /** A / s; a number over a scalar is that number times the scalar's reciprocal, 2/a = 2·a⁻¹, so both spellings are one expression. */
    public static Expr div(Expr a, Expr s) {
        if (a instanceof Num && !(s instanceof Num) && scalar(a)) return scale(a, elemPow(s, -1));
        // (−A)/s = −(A/s): one form, so the printer may write it -A/s, as the textbooks do
        if (is(a, Op.NEG)) return neg(div(arg(a, 0), s));
        return checked(Op.DIV, List.of(a, s), 0);
    }

    public static Expr hadamard(Expr a, Expr b) {
        if (scalar(a) || scalar(b)) return mul(a, b);
        // scalar factors in front, as in products: A .* (2*B) is 2*(A .* B)
        if (is(a, Op.SCALE)) return scale(arg(a, 0), hadamard(arg(a, 1), b));
        if (is(b, Op.SCALE)) return scale(arg(b, 0), hadamard(a, arg(b, 1)));
        if (is(a, Op.NEG)) return neg(hadamard(arg(a, 0), b));
        if (is(b, Op.NEG)) return neg(hadamard(a, arg(b, 0)));
        return checked(Op.HADAMARD, List.of(a, b), 0);
    }

    public static Expr elemDiv(Expr a, Expr b) {
        if (scalar(b)) return div(a, b);
        if (scalar(a)) return scale(a, elemPow(b, -1));
        if (is(a, Op.NEG)) return neg(elemDiv(arg(a, 0), b));
        return checked(Op.ELEMDIV, List.of(a, b), 0);
    }

    public static Expr kron(Expr a, Expr b) {
        if (scalar(a) || scalar(b)) return mul(a, b);
        return checked(Op.KRON, List.of(a, b), 0);
    }

    public static Expr transpose(Expr a) { return node(Op.TRANSPOSE, List.of(a), 0, a.shape().transposed()); }

    /**
     * aᵀ with a transpose read through: (Bᵀ)ᵀ is built as B. For code that transposes what it
     * builds (adjoints, the transpose of a product): a node the simplifier would only undo is one
     * more lookup in the interning table, and in a deep derivation those lookups are most of the cost.
     */
    public static Expr transposed(Expr a) { return is(a, Op.TRANSPOSE) ? arg(a, 0) : transpose(a); }

    /**
     * The largest |k| in A^k, as written and as the simplifier merges a product into one: d(A^k) = Σ A^i dA A^(k−1−i)
     * has k terms and its Hessian k² (a'*X^256*a's takes 3.5 s), and a printed power must parse back.
     */
    public static final int MAX_MATRIX_POWER = 256;

    /** A^k for an integer k; on a scalar this is the element-wise power. */
    public static Expr power(Expr a, int k) {
        if (scalar(a)) return elemPow(a, k);
        if (k == 1) return a;
        if (k == -1) return inv(a);
        if (k == 0) return eye(a.shape().rows());
        return checked(Op.POWER, List.of(a), k);
    }

    /** A.^p; (A.^q).^k = A.^(qk) where {@link #powersMerge}. */
    public static Expr elemPow(Expr a, double p) {
        if (is(a, Op.ELEMPOW) && powersMerge(((Node) a).param(), p)) return elemPow(arg(a, 0), Fraction.multiply(((Node) a).param(), p));
        return node(Op.ELEMPOW, List.of(a), p, a.shape());
    }

    /** pow(u, g), u.^g for a symbolic g; u.^c (ELEMPOW) where g is a number: a POW node never has a number exponent. */
    public static Expr pow(Expr u, Expr g) { return g instanceof Num c ? elemPow(u, c.value()) : call2(Op.POW, u, g); }

    /**
     * (a^q)^k = a^(qk) with the same domain: k an integer ((a²)^½ = |a| shows why not any k), and q an
     * integer or qk not one ((a^½)² = a would give a value at a = −1, where a^½ has none).
     */
    public static boolean powersMerge(double q, double k) {
        return k == Math.rint(k) && (q == Math.rint(q) || q * k != Math.rint(q * k));
    }

    /** The zero of a shape: 0, or 0*ones(m, n), printed zeros(m, n). */
    public static boolean isZeros(Expr e) { return is(e, Op.SCALE) && isZero(arg(e, 0)) && is(arg(e, 1), Op.ONES); }

    /** A named intermediate's definition (read through names of names), else the expression itself. */
    /** x for a sum 1 + x or x + 1 (1 a ones or the number 1), else null. */
    public static Expr onePlus(Expr e) {
        if (!is(e, Op.ADD) || e.children().size() != 2) return null;
        Expr a = arg(e, 0), b = arg(e, 1);
        if (is(a, Op.ONES) || a instanceof Num n && n.value() == 1) return b;
        if (is(b, Op.ONES) || b instanceof Num n && n.value() == 1) return a;
        return null;
    }

    public static Expr unnamed(Expr e) {
        while (e instanceof Named n) e = n.body();
        return e;
    }

    public static Expr inv(Expr a) { return call(Op.INV, a); }

    public static Expr tr(Expr a) { return call(Op.TR, a); }

    /**
     * sum(A). The sum of ones is a size, kept in one form: a number for a fixed size, sum(ones(n))
     * for a symbol n (printed n), and a product of those for a matrix (m*n).
     */
    public static Expr sum(Expr a) {
        if (is(a, Op.ONES)) return size(a.shape().rows(), a.shape().cols());
        return call(Op.SUM, a);
    }

    /** rows·cols as a number in an expression. */
    public static Expr size(Dim rows, Dim cols) {
        if (rows instanceof Dim.Fixed r && cols instanceof Dim.Fixed c) return num((double) r.size() * c.size());
        if (rows.isOne() || cols.isOne()) {
            Dim d = rows.isOne() ? cols : rows;
            if (d instanceof Dim.Fixed f) return num(f.size());
            // a product of sizes (kron's n·n·n) is written as the product of its symbols' sizes, so that it meets n^3 and
            // n·(n·n) as one monomial; a sum of them (conv's p − r + 1) stays one size
            if (d instanceof Dim.Poly poly && poly.terms().size() == 1) {
                var only = poly.terms().entrySet().iterator().next();
                Expr product = only.getValue() == 1 ? null : num(only.getValue());
                for (String symbol : only.getKey().split("\\*")) {
                    Expr factor = size(new Dim.Sym(symbol), Dim.ONE);
                    product = product == null ? factor : mul(product, factor);
                }
                return product;
            }
            return call(Op.SUM, ones(Shape.vector(d)));
        }
        return mul(size(rows, Dim.ONE), size(cols, Dim.ONE));
    }

    /** Whether e is a size written as a number, sum(ones(n)). */
    public static boolean isSize(Expr e) { return is(e, Op.SUM) && is(arg(e, 0), Op.ONES); }

    /** The number a size sum(ones(m, n)) stands for: m·n, every entry of the ones counted (not its rows only). */
    public static Dim sizeOf(Expr size) {
        Shape s = arg(size, 0).shape();
        return Dims.times(s.rows(), s.cols());
    }

    /** diag of a column vector is a diagonal matrix; diag of a square matrix is its diagonal. */
    public static Expr diag(Expr a) {
        return call(diagOp(a.shape()), a);
    }

    /** Which diag a shape calls for: a column vector's diagonal matrix, or a square matrix's diagonal. */
    public static Op diagOp(Shape s) { return s.isColumn() && !s.isScalar() ? Op.DIAG_MATRIX : Op.DIAG_VECTOR; }

    /** The function the language calls {@code name}, applied: how an {@link Op} row names another. */
    public static Expr fn(String name, Expr... args) {
        Op op = Op.byName(name).orElseThrow(() -> new IllegalArgumentException("no function " + name));
        return args.length == 2 ? call2(op, args[0], args[1]) : call(op, args[0]);
    }

    /** A one-argument function call (reductions, element-wise and matrix functions). */
    public static Expr call(Op op, Expr a) { return checked(op, List.of(a), 0); }

    public static Expr call2(Op op, Expr a, Expr b) { return checked(op, List.of(a, b), 0); }

    public static Expr unvec(Expr v, Shape target) { return node(Op.UNVEC, List.of(v), 0, target); }

    public static Expr kronBlocks(Expr g, Expr b, Shape target) { return node(Op.KRONBLOCKS, List.of(g, b), 0, target); }

    public static Expr blockSum(Expr g, Expr a, Shape target) { return node(Op.BLOCKSUM, List.of(g, a), 0, target); }

    /**
     * d(A); 0 for a number, ones or I, which have none: the simplifier can find such a constant inside a differential
     * (d(softmax(a)) of a scalar a, whose softmax is 1), and d(1) does not parse back.
     */
    public static Expr diff(Expr a) {
        if (a instanceof Num || is(a, Op.ONES) || is(a, Op.EYE)) return zeros(a.shape());
        return node(Op.DIFF, List.of(a), 0, a.shape());
    }

    // ---- helpers

    public static boolean is(Expr e, Op op) { return e instanceof Node n && n.op() == op; }

    public static Expr arg(Expr e, int i) { return ((Node) e).arg(i); }

    /**
     * Whether some child of e satisfies p: the rewriter asks this of every node it visits, where a
     * stream per question was a fifth of the garbage a derivation made.
     */
    public static boolean anyChild(Expr e, java.util.function.Predicate<Expr> p) {
        List<Expr> children = e.children();
        for (int i = 0; i < children.size(); i++) if (p.test(children.get(i))) return true;
        return false;
    }

    public static boolean isZero(Expr e) { return e instanceof Num n && n.value() == 0; }

    /** Whether e is a zero as the factories write one: 0, or 0*ones(m, n). */
    public static boolean isZeroValue(Expr e) { return isZero(e) || is(e, Op.SCALE) && isZero(arg(e, 0)); }

    public static boolean isNum(Expr e, double v) { return e instanceof Num n && n.value() == v; }

    /** A node of the same operation with new arguments (its shape recomputed). */
    public static Expr rebuild(Node n, List<Expr> args) {
        return switch (n.op()) {
            case ADD -> add(args);
            case NEG -> neg(args.get(0));
            case MATMUL -> matmul(args);
            case SCALE -> scale(args.get(0), args.get(1));
            case DIV -> div(args.get(0), args.get(1));
            case HADAMARD -> hadamard(args.get(0), args.get(1));
            case ELEMDIV -> elemDiv(args.get(0), args.get(1));
            case KRON -> kron(args.get(0), args.get(1));
            case TRANSPOSE -> transpose(args.get(0));
            case POWER -> power(args.get(0), (int) n.param());
            case ELEMPOW -> elemPow(args.get(0), n.param());
            case POW -> pow(args.get(0), args.get(1));
            case UNVEC -> unvec(args.get(0), n.shape());
            case KRONBLOCKS -> kronBlocks(args.get(0), args.get(1), n.shape());
            case BLOCKSUM -> blockSum(args.get(0), args.get(1), n.shape());
            case DIFF -> diff(args.get(0));
            // a rebuilt sum of ones is a size, as the factory writes it: sum(c·1_{m×n}) = c·mn
            case SUM -> sum(args.get(0));
            case ONES, EYE -> n;
            default -> n.op().arity() == 2 ? call2(n.op(), args.get(0), args.get(1)) : call(n.op(), args.get(0));
        };
    }

    private static Expr checked(Op op, List<Expr> args, double param) {
        List<Shape> shapes = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) shapes.add(args.get(i).shape());
        Shape shape = ShapeRules.of(op, shapes, Unifier.STRICT, i -> TextPrinter.print(args.get(i)));
        return node(op, args, param, shape);
    }

    /**
     * A node as the shape inference writes it while shapes are still open: not canonical, its
     * shape as the inference computed it. The inference rebuilds every such node through the
     * factories once the shapes are known; nothing else may build one.
     */
    public static Node typed(Op op, List<Expr> args, double param, Shape shape) { return node(op, args, param, shape); }

    private static Node node(Op op, List<Expr> args, double param, Shape shape) {
        return intern(new Node(op, args, param, canonical(shape)));
    }
}
