package dev.matdiff.expr;

import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The shape rules the {@link Op} rows name. One table serves both the shape inference (which
 * unifies unknown dimensions) and the expression constructors (which check); messages are built
 * only when there is an error to report.
 */
public final class ShapeRules {
    private ShapeRules() {}

    /** The shape of op applied to arguments of these shapes (null for ones, eye, unvec: the caller gives it). */
    public static Shape of(Op op, List<Shape> args, Unifier u, IntFunction<String> name) {
        return op.spec().shape().apply(op, args, u, name);
    }

    // ---- the rules

    static Shape same(Op op, List<Shape> args, Unifier u, IntFunction<String> name) { return u.resolve(args.get(0)); }

    static Shape given(Op op, List<Shape> args, Unifier u, IntFunction<String> name) { return null; }

    static Shape sum(Op op, List<Shape> args, Unifier u, IntFunction<String> name) {
        for (int i = 1; i < args.size(); i++) sameShape("add", args.get(0), 0, args.get(i), i, u, name);
        return u.resolve(args.get(0));
    }

    /** The shape of a − b, said as a subtraction where the shapes differ: "cannot subtract a (1×1) from x (n×1)". */
    public static Shape difference(Shape a, Shape b, Unifier u, IntFunction<String> name) {
        sameShape(a, b, u, () -> "cannot subtract " + name.apply(1) + " (" + u.resolve(b) + ") from " + name.apply(0) + " (" + u.resolve(a)
                + "): shapes differ");
        return u.resolve(a);
    }

    static Shape hadamard(Op op, List<Shape> args, Unifier u, IntFunction<String> name) {
        return pairOfSameShape("multiply element-wise", args, u, name);
    }

    /** pow(u, g): a scalar exponent raises every entry, a scalar base is raised to every entry, else the shapes agree. */
    static Shape power(Op op, List<Shape> args, Unifier u, IntFunction<String> name) {
        Shape base = u.resolve(args.get(0)), exponent = u.resolve(args.get(1));
        if (exponent.isScalar()) return base;
        if (base.isScalar()) return exponent;
        return pairOfSameShape("raise element-wise", args, u, name);
    }

    static Shape elemDiv(Op op, List<Shape> args, Unifier u, IntFunction<String> name) {
        return pairOfSameShape("divide element-wise", args, u, name);
    }

    static Shape matmul(Op op, List<Shape> args, Unifier u, IntFunction<String> name) {
        // the dimensions as written go to the unifier, which can then say where an inferred one got its size
        Shape acc = args.get(0);
        for (int i = 1; i < args.size(); i++) {
            Shape b = args.get(i);
            Shape l = acc;
            int k = i;
            u.same(l.cols(), b.rows(), () -> "cannot multiply " + leftOperands(name, k) + " (" + u.resolve(l) + ") by "
                    + name.apply(k) + " (" + u.resolve(b) + "): " + u.resolve(l.cols()) + " ≠ " + u.resolve(b.rows()));
            acc = new Shape(l.rows(), b.cols());
        }
        return u.resolve(acc);
    }

    static Shape scale(Op op, List<Shape> args, Unifier u, IntFunction<String> name) {
        scalar(u.resolve(args.get(0)), "a scale factor", 0, u, name);
        return u.resolve(args.get(1));
    }

    static Shape div(Op op, List<Shape> args, Unifier u, IntFunction<String> name) {
        scalar(u.resolve(args.get(1)), "a divisor", 1, u, name);
        return u.resolve(args.get(0));
    }

    static Shape kron(Op op, List<Shape> args, Unifier u, IntFunction<String> name) {
        Shape a = u.resolve(args.get(0)), b = u.resolve(args.get(1));
        return new Shape(Dims.times(known(u, a.rows(), 0, name), known(u, b.rows(), 1, name)),
                Dims.times(known(u, a.cols(), 0, name), known(u, b.cols(), 1, name)));
    }

    static Shape transposed(Op op, List<Shape> args, Unifier u, IntFunction<String> name) {
        return u.resolve(args.get(0)).transposed();
    }

    /** A square matrix to one of its shape (inv, matrix powers). */
    static Shape square(Op op, List<Shape> args, Unifier u, IntFunction<String> name) {
        Shape a = u.resolve(args.get(0));
        boolean power = op.spec().names().isEmpty();
        // w^2 of a vector is the commonest slip: it meant w.^2
        square(power ? "a matrix power" : op.spec().names().get(0), a, 0, u, name, power ? " (an element-wise power is .^, as in x.^2)" : "");
        return u.resolve(a);
    }

    static Shape squareToScalar(Op op, List<Shape> args, Unifier u, IntFunction<String> name) {
        square(op.spec().names().get(0), u.resolve(args.get(0)), 0, u, name, "");
        return Shape.SCALAR;
    }

    static Shape toScalar(Op op, List<Shape> args, Unifier u, IntFunction<String> name) { return Shape.SCALAR; }

    /** One number per column: a row vector (a scalar for a column vector). */
    static Shape perColumn(Op op, List<Shape> args, Unifier u, IntFunction<String> name) {
        return new Shape(Dim.ONE, u.resolve(args.get(0)).cols());
    }

    /** One number per row: a column vector. */
    static Shape perRow(Op op, List<Shape> args, Unifier u, IntFunction<String> name) {
        return Shape.vector(u.resolve(args.get(0)).rows());
    }

    static Shape columnToSquare(Op op, List<Shape> args, Unifier u, IntFunction<String> name) {
        Shape a = u.resolve(args.get(0));
        column(op, a, 0, u, name);
        return Shape.square(u.resolve(a.rows()));
    }

    static Shape squareToColumn(Op op, List<Shape> args, Unifier u, IntFunction<String> name) {
        Shape a = u.resolve(args.get(0));
        square(op.spec().names().get(0), a, 0, u, name, "");
        return Shape.vector(u.resolve(a.rows()));
    }

    static Shape vec(Op op, List<Shape> args, Unifier u, IntFunction<String> name) {
        Shape a = u.resolve(args.get(0));
        return Shape.vector(Dims.times(known(u, a.rows(), 0, name), known(u, a.cols(), 0, name)));
    }

    /** The mn×mn commutation matrix of an m×n shape. */
    static Shape commutation(Op op, List<Shape> args, Unifier u, IntFunction<String> name) {
        Shape a = u.resolve(args.get(0));
        Dim mn = Dims.times(known(u, a.rows(), 0, name), known(u, a.cols(), 0, name));
        return new Shape(mn, mn);
    }

    /** Valid cross-correlation: (p − r + 1) × (q − s + 1). */
    static Shape conv(Op op, List<Shape> args, Unifier u, IntFunction<String> name) { return convolved("conv", args, u, name, -1, 1); }

    /** Full convolution: (p + r − 1) × (q + s − 1). */
    static Shape convFull(Op op, List<Shape> args, Unifier u, IntFunction<String> name) { return convolved("convfull", args, u, name, 1, -1); }

    /** The (p − r + 1) × (q − s + 1) output of a valid convolution of a p×q image with an r×s kernel, unchecked. */
    public static Shape validConvolution(Shape image, Shape kernel) {
        return new Shape(Dims.affine(image.rows(), kernel.rows(), -1, 1), Dims.affine(image.cols(), kernel.cols(), -1, 1));
    }

    /**
     * convmatrix(K, ones(p, q)) and im2col(X, ones(r, s)): (p − r + 1)(q − s + 1) rows, one per output entry, and a
     * column per input entry (pq) or kernel entry (rs).
     */
    static Shape convolutionMatrix(Op op, List<Shape> args, Unifier u, IntFunction<String> name) {
        boolean patches = op == Op.IM2COL;
        List<Shape> imageAndKernel = patches ? args : List.of(args.get(1), args.get(0));
        Shape out = convolved(op.functionName(), imageAndKernel, u, i -> (i == 0) == patches ? name.apply(0) : patches ? "the kernel" : "the input", -1, 1);
        Shape of = u.resolve(args.get(1));
        return new Shape(Dims.times(out.rows(), out.cols()), Dims.times(of.rows(), of.cols()));
    }

    private static Shape convolved(String function, List<Shape> args, Unifier u, IntFunction<String> name, int sign, long k) {
        Shape a = u.resolve(args.get(0)), b = u.resolve(args.get(1));
        Dim ar = known(u, a.rows(), 0, name), br = known(u, b.rows(), 1, name), ac = known(u, a.cols(), 0, name), bc = known(u, b.cols(), 1, name);
        // a valid convolution needs the kernel no larger than the input: 2×2 by 3×3 has no entry
        if (sign < 0 && (ar instanceof Dim.Fixed p && br instanceof Dim.Fixed r && r.size() > p.size()
                || ac instanceof Dim.Fixed q && bc instanceof Dim.Fixed s && s.size() > q.size()))
            throw new ShapeException(function + " needs a kernel no larger than its input, but " + name.apply(1) + " is " + b + " and "
                    + name.apply(0) + " is " + a);
        return new Shape(Dims.affine(ar, br, sign, k), Dims.affine(ac, bc, sign, k));
    }

    /** The two sides of an assumption, which must have one shape: "cannot equate sum(y) (1×1) and x (n×1)". */
    public static void equated(Shape a, Shape b, Unifier u, IntFunction<String> name) { sameShape("equate", a, 0, b, 1, u, name); }

    // ---- what the rules check

    private static Shape pairOfSameShape(String verb, List<Shape> args, Unifier u, IntFunction<String> name) {
        sameShape(verb, args.get(0), 0, args.get(1), 1, u, name);
        return u.resolve(args.get(0));
    }

    private static String leftOperands(IntFunction<String> name, int upTo) {
        StringBuilder sb = new StringBuilder(name.apply(0));
        for (int i = 1; i < upTo; i++) sb.append('*').append(name.apply(i));
        return sb.toString();
    }

    private static void sameShape(String verb, Shape a, int i, Shape b, int j, Unifier u, IntFunction<String> name) {
        sameShape(a, b, u, () -> "cannot " + verb + " " + name.apply(i) + " (" + u.resolve(a) + ") and "
                + name.apply(j) + " (" + u.resolve(b) + "): shapes differ");
    }

    /** a and b unified, or the problem said. */
    private static void sameShape(Shape a, Shape b, Unifier u, Supplier<String> problem) {
        if (a == b) return;  // canonical shapes are shared: a flat sum of k terms rebuilt at each of k nested levels compared k² of them
        u.same(a.rows(), b.rows(), problem);
        u.same(a.cols(), b.cols(), problem);
    }

    private static void scalar(Shape s, String role, int i, Unifier u, IntFunction<String> name) {
        Supplier<String> problem = () -> role + " must be a scalar, but " + name.apply(i) + " is " + u.resolve(s);
        u.same(s.rows(), Dim.ONE, problem);
        u.same(s.cols(), Dim.ONE, problem);
    }

    /** @param hint said after the shapes, "" for none */
    private static void square(String what, Shape s, int i, Unifier u, IntFunction<String> name, String hint) {
        u.square(s.rows(), s.cols(), () -> what + " needs a square matrix, but " + name.apply(i) + " is " + u.resolve(s) + hint);
    }

    private static void column(Op op, Shape s, int i, Unifier u, IntFunction<String> name) {
        u.same(s.cols(), Dim.ONE, () -> op.spec().names().get(0) + " needs a column vector, but " + name.apply(i) + " is " + u.resolve(s));
    }

    /** A dimension that arithmetic needs (kron, vec, conv): an unknown one is named now, by the unifier. */
    private static Dim known(Unifier u, Dim d, int i, IntFunction<String> name) {
        Dim r = u.fix(u.resolve(d));
        if (r instanceof Dim.Unknown)
            throw new ShapeException("the dimensions of " + name.apply(i) + " are not known here; declare them");
        return r;
    }
}
