package dev.matdiff.simplify;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Dims;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;

import static dev.matdiff.expr.Exprs.*;

/**
 * The matrices of a convolution (convmatrix, im2col), which Jacobians and Hessians of conv are written in. The
 * table in {@link Rules} says where each applies.
 */
final class ConvRules {
    private ConvRules() {}

    /**
     * A convolution where one side is 1×1 or both have one shape is a scaling or an inner product: conv(X, k) = kX,
     * convfull(G, k) = kG, convfull(g, K) = gK, conv(X, K) = sum(X ⊙ K) for K of X's shape; and so its matrices,
     * convmatrix(k, p, q) = k I, convmatrix(K, r, s) = vec(K)ᵀ for K r×s, im2col(X, 1, 1) = vec(X).
     */
    static Expr edges(Node n) {
        Expr a = n.arg(0), b = n.arg(1);
        Shape sa = a.shape(), sb = b.shape();
        return switch (n.op()) {
            case CONV -> sb.isScalar() ? mul(b, a) : sa.equals(sb) ? call(Op.SUM, hadamard(a, b)) : null;
            case CONVFULL -> sb.isScalar() ? mul(b, a) : sa.isScalar() ? mul(a, b) : null;
            case CONVMATRIX -> sa.isScalar() ? mul(a, eye(Dims.times(sb.rows(), sb.cols()))) : sa.equals(sb) ? transpose(fn("vec", a)) : null;
            case IM2COL -> sb.isScalar() ? fn("vec", a) : null;
            default -> null;
        };
    }

    /**
     * The convolution a product with its matrices stands for, unstacked: C_X vec(K) and T_K vec(X) are vec(conv(X, K)),
     * C_Xᵀ vec(G) is vec(conv(X, G)) and T_Kᵀ vec(G) vec(convfull(G, K)) (the vec route's gradients).
     */
    static Expr unvecOfConvolution(Node n) {
        Expr a = n.arg(0);
        if (!is(a, Op.MATMUL) || ((Node) a).arity() != 2) return null;
        Expr m = arg(a, 0), v = arg(a, 1);
        boolean transposed = is(m, Op.TRANSPOSE);
        Expr matrix = transposed ? arg(m, 0) : m;
        Expr read = is(v, Op.VEC) ? arg(v, 0) : v;
        if (!is(matrix, Op.CONVMATRIX) && !is(matrix, Op.IM2COL)) return null;
        Expr first = arg(matrix, 0);
        boolean patches = is(matrix, Op.IM2COL);
        Shape carried = arg(matrix, 1).shape(), image = patches ? first.shape() : carried, kernel = patches ? carried : first.shape();
        Shape output = new Shape(Dims.affine(image.rows(), kernel.rows(), -1, 1), Dims.affine(image.cols(), kernel.cols(), -1, 1));
        // what the matrix multiplies must be what it reads (a kernel, an image) or, transposed, a convolution's output
        if (!read.shape().equals(transposed ? output : patches ? kernel : image)) return null;
        Expr out = patches ? fn("conv", first, read) : transposed ? fn("convfull", read, first) : fn("conv", read, first);
        return out != null && out.shape().equals(n.shape()) ? out : null;
    }

    /**
     * im2col(X, a, b) = im2col(X, p − a + 1, q − b + 1)ᵀ for X p×q: an entry of the one is X[u + a′][v + b′] with the
     * roles of the output place (u, v) and the kernel place (a′, b′) swapped in the other. Written with the smaller
     * kernel, so that conv's Hessian in K reads 2 C_Xᵀ C_X.
     */
    static Expr im2colTransposed(Node n) {
        Shape image = n.arg(0).shape(), kernel = n.arg(1).shape();
        Dim rows = Dims.affine(image.rows(), kernel.rows(), -1, 1), cols = Dims.affine(image.cols(), kernel.cols(), -1, 1);
        if (weight(rows, cols) >= weight(kernel.rows(), kernel.cols())) return null;
        return transpose(fn("im2col", n.arg(0), ones(new Shape(rows, cols))));
    }

    /** How large a kernel's size reads: its dimensions' written length, then their values (a number below a symbol). */
    private static long weight(Dim rows, Dim cols) {
        long length = rows.toString().length() + cols.toString().length();
        return length * 1_000_000_000_000L + value(rows) + value(cols);
    }

    private static long value(Dim d) { return d instanceof Dim.Fixed f ? Math.min(f.size(), 1_000_000_000L) : 1_000_000_000L; }
}
