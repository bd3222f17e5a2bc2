package dev.matdiff.expr;

import java.util.List;
import java.util.function.IntFunction;

/**
 * The shape each operation gives, and the agreement it needs between its arguments' shapes.
 * One table serves both the shape inference (which unifies unknown dimensions) and the
 * expression constructors (which check).
 */
public final class ShapeRules {
    private ShapeRules() {}

    /**
     * @param name describes argument i in an error message (its source text, or its printed form)
     * @return the result shape; for ONES, EYE, UNVEC, KRONBLOCKS and KRONSUM the caller gives the shape
     */
    public static Shape of(Op op, List<Shape> args, Unifier u, IntFunction<String> name) {
        Shape a = args.isEmpty() ? null : u.resolve(args.get(0));
        return switch (op) {
            case ADD -> {
                for (int i = 1; i < args.size(); i++) sameShape("add", a, 0, u.resolve(args.get(i)), i, u, name);
                yield a;
            }
            case HADAMARD -> { sameShape("multiply element-wise", a, 0, u.resolve(args.get(1)), 1, u, name); yield a; }
            case ELEMDIV -> { sameShape("divide element-wise", a, 0, u.resolve(args.get(1)), 1, u, name); yield a; }
            case MATMUL -> {
                Shape acc = a;
                for (int i = 1; i < args.size(); i++) {
                    Shape b = u.resolve(args.get(i));
                    Shape l = acc;
                    int k = i;
                    // names are printed only when there is an error to report
                    u.same(l.cols(), b.rows(), () -> "cannot multiply " + leftOperands(name, k) + " (" + l + ") by "
                            + name.apply(k) + " (" + b + "): " + l.cols() + " ≠ " + b.rows());
                    acc = new Shape(l.rows(), b.cols());
                }
                yield acc;
            }
            case SCALE -> { scalar(a, "a scale factor", 0, u, name); yield u.resolve(args.get(1)); }
            case DIV -> { scalar(u.resolve(args.get(1)), "a divisor", 1, u, name); yield a; }
            case KRON -> {
                Shape b = u.resolve(args.get(1));
                yield new Shape(Dims.times(known(u, a.rows(), 0, name), known(u, b.rows(), 1, name)),
                        Dims.times(known(u, a.cols(), 0, name), known(u, b.cols(), 1, name)));
            }
            case NEG, ELEMPOW, DIFF -> a;
            case TRANSPOSE -> a.transposed();
            case POWER, INV -> { square(op == Op.INV ? "inv" : "a matrix power", a, 0, u, name); yield u.resolve(a); }
            case TR, DET, LOGDET -> { square(op.functionName(), a, 0, u, name); yield Shape.SCALAR; }
            case SUM, NORM, SQNORM, NORM1 -> Shape.SCALAR;
            case LOGSUMEXP -> { column(op, a, 0, u, name); yield Shape.SCALAR; }
            case SOFTMAX -> { column(op, a, 0, u, name); yield u.resolve(a); }
            case DIAG_MATRIX -> { column(op, a, 0, u, name); yield Shape.square(u.resolve(a.rows())); }
            case DIAG_VECTOR -> { square("diag", a, 0, u, name); yield Shape.vector(u.resolve(a.rows())); }
            case VEC -> Shape.vector(Dims.times(known(u, a.rows(), 0, name), known(u, a.cols(), 0, name)));
            case CONV -> {
                Shape k = u.resolve(args.get(1));
                yield new Shape(Dims.affine(known(u, a.rows(), 0, name), known(u, k.rows(), 1, name), -1, 1),
                        Dims.affine(known(u, a.cols(), 0, name), known(u, k.cols(), 1, name), -1, 1));
            }
            case CONVFULL -> {
                Shape k = u.resolve(args.get(1));
                yield new Shape(Dims.affine(known(u, a.rows(), 0, name), known(u, k.rows(), 1, name), 1, -1),
                        Dims.affine(known(u, a.cols(), 0, name), known(u, k.cols(), 1, name), 1, -1));
            }
            case EXP, LOG, SIN, COS, TAN, TANH, ARCSIN, ARCCOS, ARCTAN, SQRT, ABS, SIGN, SIGMOID, RELU -> a;
            case ONES, EYE, UNVEC, KRONBLOCKS, KRONSUM -> null;
        };
    }

    private static String leftOperands(IntFunction<String> name, int upTo) {
        StringBuilder sb = new StringBuilder(name.apply(0));
        for (int i = 1; i < upTo; i++) sb.append('*').append(name.apply(i));
        return sb.toString();
    }

    private static void sameShape(String verb, Shape a, int i, Shape b, int j, Unifier u, IntFunction<String> name) {
        java.util.function.Supplier<String> problem = () -> "cannot " + verb + " " + name.apply(i) + " (" + u.resolve(a) + ") and "
                + name.apply(j) + " (" + u.resolve(b) + "): shapes differ";
        u.same(a.rows(), b.rows(), problem);
        u.same(a.cols(), b.cols(), problem);
    }

    private static void scalar(Shape s, String role, int i, Unifier u, IntFunction<String> name) {
        java.util.function.Supplier<String> problem = () -> role + " must be a scalar, but " + name.apply(i) + " is " + u.resolve(s);
        u.same(s.rows(), Dim.ONE, problem);
        u.same(s.cols(), Dim.ONE, problem);
    }

    private static void square(String what, Shape s, int i, Unifier u, IntFunction<String> name) {
        u.same(s.rows(), s.cols(), () -> what + " needs a square matrix, but " + name.apply(i) + " is " + u.resolve(s));
    }

    private static void column(Op op, Shape s, int i, Unifier u, IntFunction<String> name) {
        u.same(s.cols(), Dim.ONE, () -> op.functionName() + " needs a column vector, but " + name.apply(i) + " is " + u.resolve(s));
    }

    /** A dimension that arithmetic needs (kron, vec, conv): an unknown one is named now, by the unifier. */
    private static Dim known(Unifier u, Dim d, int i, IntFunction<String> name) {
        Dim r = u.fix(u.resolve(d));
        if (r instanceof Dim.Unknown)
            throw new ShapeException("the dimensions of " + name.apply(i) + " are not known here; declare them");
        return r;
    }
}
