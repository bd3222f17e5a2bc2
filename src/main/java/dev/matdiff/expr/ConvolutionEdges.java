package dev.matdiff.expr;

import dev.matdiff.expr.Expr.Node;

import static dev.matdiff.expr.Exprs.*;

/**
 * Convolutions that are simpler operations: one of the simplifier's rules, the laws of differentials' reading of
 * convmatrix and im2col where they are linear maps the language has adjoints for, and generated code's 1×1 cases.
 */
public final class ConvolutionEdges {
    private ConvolutionEdges() {}

    /**
     * A convolution where one side is 1×1 or both have one shape is a scaling or an inner product: conv(X, k) = kX,
     * convfull(G, k) = kG, convfull(g, K) = gK, conv(X, K) = sum(X ⊙ K) for K of X's shape; and so its matrices,
     * convmatrix(k, p, q) = k I, convmatrix(K, r, s) = vec(K)ᵀ for K r×s, im2col(X, 1, 1) = vec(X).
     */
    public static Expr of(Node n) {
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
}
