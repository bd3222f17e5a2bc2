package dev.matdiff.simplify;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.ShapeRules;

import java.util.List;

import static dev.matdiff.expr.Exprs.*;

/**
 * The matrices of a convolution (convmatrix, im2col), which Jacobians and Hessians of conv are written in. The
 * table in {@link Rules} says where each applies.
 */
final class ConvRules {
    private ConvRules() {}

    /**
     * A product ending in one of conv's matrices times what it reads is the convolution it stands for:
     * C_X vec(K) = T_K vec(X) = vec(conv(X, K)), C_Xᵀ vec(G) = vec(conv(X, G)), T_Kᵀ vec(G) = vec(convfull(G, K))
     * (the vec route's gradients, and a Hessian times a direction); and one starting with a row times such a matrix
     * is the transpose, vec(G)ᵀ T_K = vec(convfull(G, K))ᵀ (the vec route for a row of an image).
     */
    static Expr convolutionInProduct(Node n) {
        List<Expr> f = n.args();
        int k = f.size();
        Expr last = convolutionOf(f.get(k - 2), f.get(k - 1));
        if (last != null) return ProductRules.replacing(f, k - 2, 2, List.of(fn("vec", last)));
        // a row G (an image's row, its own vec) or vec(G)ᵀ before the transposed matrix
        Expr row = f.get(0), m = f.get(1);
        Expr first = row.shape().rows().isOne() ? convolutionOf(transposed(m), is(row, Op.TRANSPOSE) ? arg(row, 0) : row) : null;
        return first == null ? null : ProductRules.replacing(f, 0, 2, List.of(transpose(fn("vec", first))));
    }

    /** The convolution m·vec(V) is the vec of, or null. */
    private static Expr convolutionOf(Expr m, Expr v) {
        boolean transposed = is(m, Op.TRANSPOSE);
        Expr matrix = transposed ? arg(m, 0) : m;
        if (!is(matrix, Op.CONVMATRIX) && !is(matrix, Op.IM2COL)) return null;
        Expr read = is(v, Op.VEC) ? arg(v, 0) : v, first = arg(matrix, 0);
        boolean patches = is(matrix, Op.IM2COL);
        Shape carried = arg(matrix, 1).shape(), image = patches ? first.shape() : carried, kernel = patches ? carried : first.shape();
        // what the matrix multiplies must be what it reads (a kernel, an image) or, transposed, a convolution's output
        if (!read.shape().equals(transposed ? ShapeRules.validConvolution(image, kernel) : patches ? kernel : image)) return null;
        return patches ? fn("conv", first, read) : transposed ? fn("convfull", read, first) : fn("conv", read, first);
    }

    /**
     * im2col(X, a, b) = im2col(X, p − a + 1, q − b + 1)ᵀ for X p×q: an entry of the one is X[u + a′][v + b′] with the
     * roles of the output place (u, v) and the kernel place (a′, b′) swapped in the other. Written with the smaller
     * kernel, so that conv's Hessian in K reads 2 C_Xᵀ C_X.
     */
    static Expr im2colTransposed(Node n) {
        Shape kernel = n.arg(1).shape(), other = ShapeRules.validConvolution(n.arg(0).shape(), kernel);
        if (weight(other.rows(), other.cols()) >= weight(kernel.rows(), kernel.cols())) return null;
        return transpose(fn("im2col", n.arg(0), ones(other)));
    }

    /** How large a kernel's size reads: its dimensions' written length, then their values (a number below a symbol). */
    private static long weight(Dim rows, Dim cols) {
        long length = rows.toString().length() + cols.toString().length();
        return length * 1_000_000_000_000L + value(rows) + value(cols);
    }

    private static long value(Dim d) { return d instanceof Dim.Fixed f ? Math.min(f.size(), 1_000_000_000L) : 1_000_000_000L; }
}
