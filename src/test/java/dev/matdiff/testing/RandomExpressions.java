package dev.matdiff.testing;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.VarKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.matdiff.expr.Exprs.*;

/**
 * Random well-shaped expressions over every operator of the language, for the round-trip and
 * soundness properties. Compositions that would leave the domain of a function on random data
 * (log of a negative, inverse of a singular matrix) are avoided by construction: log and sqrt
 * only see 1 + x², inverses and determinants only see declared square variables (which the test
 * data makes well-conditioned), and division only by exp(…).
 */
public final class RandomExpressions {

    public static final Dim M = new Dim.Sym("m"), N = new Dim.Sym("n"), TWO = Dim.of(2);

    /** The symbols the expressions are built from, by name. */
    public static final Map<String, Expr.Var> VARIABLES = new LinkedHashMap<>();

    static {
        declare("a", Shape.SCALAR, VarKind.SCALAR);
        declare("b", Shape.SCALAR, VarKind.SCALAR);
        declare("x", Shape.vector(N), VarKind.VECTOR);
        declare("y", Shape.vector(N), VarKind.VECTOR);
        declare("u", Shape.vector(M), VarKind.VECTOR);
        declare("A", new Shape(M, N), VarKind.MATRIX);
        declare("B", new Shape(N, M), VarKind.MATRIX);
        declare("X", Shape.square(N), VarKind.MATRIX);
        declare("Y", Shape.square(M), VarKind.MATRIX);
        declare("S", Shape.square(N), VarKind.SYMMETRIC);
        declare("K", Shape.square(TWO), VarKind.MATRIX);
    }

    private static void declare(String name, Shape shape, VarKind kind) {
        VARIABLES.put(name, var(name, shape, kind, false));
    }

    /** The declarations of {@link #VARIABLES} in the language. */
    public static String declarations() {
        StringBuilder sb = new StringBuilder();
        for (Expr.Var v : VARIABLES.values()) {
            sb.append(v.kind().keyword()).append(' ').append(v.name());
            if (v.kind() == VarKind.VECTOR) sb.append('(').append(v.shape().rows()).append(')');
            else if (v.kind() != VarKind.SCALAR) sb.append('(').append(v.shape().rows()).append(", ").append(v.shape().cols()).append(')');
            sb.append('\n');
        }
        return sb.toString();
    }

    private final Random random;
    private final boolean smooth;
    /** Named intermediates a leaf may be, besides the variables (see {@link #withLeaves}). */
    private List<Expr> extraLeaves = List.of();

    /** @param smooth leave out abs, sign, relu and norm1, whose kinks a finite difference may straddle */
    public RandomExpressions(long seed, boolean smooth) {
        this.random = new Random(seed);
        this.smooth = smooth;
    }

    /**
     * Lets leaves also be these expressions (a program's named intermediates h1, h2, …), or their
     * transposes: a leaf of a shape one of them has is one of them half the time. Without extra
     * leaves the generator draws exactly as before, so fixed seeds keep their expressions.
     */
    public RandomExpressions withLeaves(List<? extends Expr> leaves) {
        this.extraLeaves = List.copyOf(leaves);
        return this;
    }

    /** A random scalar expression of about the given depth. */
    public Expr scalar(int depth) { return gen(Shape.SCALAR, depth); }

    private static final Dim[] DIMS = {M, N, Dim.ONE};

    public Expr gen(Shape s, int depth) {
        if (depth <= 0 || random.nextInt(6) == 0) return leaf(s);
        int d = depth - 1;
        for (int attempt = 0; attempt < 20; attempt++) {
            Expr e = compound(s, d);
            if (e != null) return e;
        }
        return leaf(s);
    }

    private Expr compound(Shape s, int d) {
        boolean scalar = s.isScalar(), square = s.rows().equals(s.cols()), column = s.isColumn();
        switch (random.nextInt(scalar ? 22 : 14)) {
            case 0: return add(gen(s, d), gen(s, d));
            case 1: return sub(gen(s, d), gen(s, d));
            case 2: {
                Dim k = DIMS[random.nextInt(DIMS.length)];
                return mul(gen(new Shape(s.rows(), k), d), gen(new Shape(k, s.cols()), d));
            }
            case 3: return mul(gen(Shape.SCALAR, d), gen(s, d));
            case 4: return hadamard(gen(s, d), gen(s, d));
            case 5: return elemDiv(gen(s, d), call(Op.EXP, bounded(s, d)));
            case 6: return transpose(gen(s.transposed(), d));
            case 7: return smoothFunction(s, d);
            case 8: {
                double[] p = {2, 3};
                return elemPow(gen(s, d), p[random.nextInt(p.length)]);
            }
            case 9: {
                // a symbolic exponent, bounded, of a positive base (pow)
                if (random.nextInt(3) == 0) return call2(Op.POW, onePlusSquare(s, d), call(Op.TANH, gen(Shape.SCALAR, d)));
                return elemPow(onePlusSquare(s, d), random.nextBoolean() ? 0.5 : -1);
            }
            case 10: {
                if (square && !scalar) {
                    Expr v = squareVariable(s.rows());
                    return switch (random.nextInt(4)) {
                        case 0 -> inv(v);
                        case 1 -> power(v, 2);
                        case 2 -> power(v, -2);
                        default -> power(gen(s, d), 2);
                    };
                }
                return null;
            }
            case 11: {
                if (square && !scalar) return diag(gen(Shape.vector(s.rows()), d));
                if (column && !scalar) return diag(gen(Shape.square(s.rows()), d));
                return null;
            }
            case 12: {
                if (column && !scalar) return call(Op.SOFTMAX, bounded(s, d));
                return null;
            }
            case 13: {
                if (smooth) return null;
                Op[] kinks = {Op.ABS, Op.RELU};
                return call(kinks[random.nextInt(kinks.length)], gen(s, d));
            }
            // scalars only from here
            case 14: {
                Dim k = random.nextBoolean() ? M : N;
                return tr(gen(Shape.square(k), d));
            }
            case 15: return sum(gen(anyShape(), d));
            case 16: return random.nextBoolean() ? call(Op.SQNORM, gen(anyShape(), d)) : call(Op.NORM, add(gen(Shape.vector(N), d), ones(Shape.vector(N))));
            case 17: {
                Expr v = squareVariable(random.nextBoolean() ? M : N);
                return switch (random.nextInt(3)) {
                    case 0 -> call(Op.LOGDET, v);
                    case 1 -> call(Op.DET, v);
                    default -> call(Op.LOG, call(Op.DET, v));
                };
            }
            case 18: return call(Op.LOGSUMEXP, bounded(Shape.vector(random.nextBoolean() ? M : N), d));
            case 19: {
                Shape a = anyShape(), b = anyShape();
                return sum(hadamard(kron(gen(a, d), gen(b, d)), kron(gen(a, 0), gen(b, 0))));
            }
            case 20: {
                Shape a = anyShape();
                return mul(transpose(call(Op.VEC, gen(a, d))), call(Op.VEC, gen(a, d)));
            }
            case 21: {
                Expr conv = call2(Op.CONV, gen(Shape.square(N), d), gen(Shape.square(TWO), Math.min(d, 1)));
                return random.nextBoolean() ? sum(conv) : call(Op.SQNORM, conv);
            }
            default: return null;
        }
    }

    private Expr smoothFunction(Shape s, int d) {
        return switch (random.nextInt(9)) {
            case 0 -> call(Op.EXP, bounded(s, d));
            case 1 -> call(Op.LOG, onePlusSquare(s, d));
            case 2 -> call(Op.SIN, gen(s, d));
            case 3 -> call(Op.COS, gen(s, d));
            case 4 -> call(Op.TANH, gen(s, d));
            case 5 -> call(Op.SIGMOID, gen(s, d));
            case 6 -> call(Op.SQRT, onePlusSquare(s, d));
            case 7 -> call(Op.ARCTAN, gen(s, d));
            default -> call(random.nextBoolean() ? Op.ARCSIN : Op.ARCCOS, scale(num(0.5), call(Op.TANH, gen(s, d))));
        };
    }

    /** An argument that cannot overflow exp: tanh or sin of something. */
    private Expr bounded(Shape s, int d) { return call(random.nextBoolean() ? Op.TANH : Op.SIN, gen(s, d)); }

    private Expr onePlusSquare(Shape s, int d) { return add(ones(s), elemPow(gen(s, d), 2)); }

    private Shape anyShape() {
        return new Shape(DIMS[random.nextInt(DIMS.length)], DIMS[random.nextInt(DIMS.length)]);
    }

    private Expr squareVariable(Dim n) {
        List<Expr> candidates = new ArrayList<>();
        for (Expr.Var v : VARIABLES.values()) if (v.shape().equals(Shape.square(n))) candidates.add(v);
        Expr v = candidates.get(random.nextInt(candidates.size()));
        return random.nextInt(4) == 0 ? transpose(v) : v;
    }

    private Expr leaf(Shape s) {
        if (!extraLeaves.isEmpty()) {
            List<Expr> named = new ArrayList<>();
            for (Expr h : extraLeaves) {
                if (h.shape().equals(s)) named.add(h);
                else if (h.shape().transposed().equals(s)) named.add(transpose(h));
            }
            if (!named.isEmpty() && random.nextBoolean()) return named.get(random.nextInt(named.size()));
        }
        List<Expr> candidates = new ArrayList<>();
        for (Expr.Var v : VARIABLES.values()) {
            if (v.name().equals("K") && !s.equals(Shape.square(TWO))) continue;
            if (v.shape().equals(s)) candidates.add(v);
            else if (v.shape().transposed().equals(s)) candidates.add(transpose(v));
        }
        if (s.isScalar()) candidates.add(num(random.nextInt(5) + 1));
        if (candidates.isEmpty() || random.nextInt(12) == 0) {
            if (s.rows().equals(s.cols()) && random.nextBoolean()) return eye(s.rows());
            return ones(s);
        }
        return candidates.get(random.nextInt(candidates.size()));
    }
}
