package dev.matdiff.codegen;

import dev.matdiff.expr.ConvolutionEdges;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.OpSpec;
import dev.matdiff.expr.Substitution;

import static dev.matdiff.expr.Exprs.ONE;
import static dev.matdiff.expr.Exprs.call;
import static dev.matdiff.expr.Exprs.elemPow;
import static dev.matdiff.expr.Exprs.mul;
import static dev.matdiff.expr.Exprs.ones;

/**
 * The functions of a 1×1 argument written as the scalar arithmetic they are: tr(a) = det(a) = a,
 * inv(a) = a⁻¹, logdet(a) = log|a|, conv(X, k) = k·X … Generated code holds a scalar as a number,
 * not a 1×1 array, and NumPy's trace or inverse would refuse a number; after this, every matrix
 * function's argument is an array. Likewise a function of each column of a single row, or of
 * each row of a single column, is what it is on a single number (softmax(x') = ones, sum(x', 1)
 * = x'; sum(x, 1) = sum(x)): a row is a 1-D array in Python, whose only axis is not its columns,
 * so after this such a function reads only matrices and columns, along the first axis. One
 * substitution per module, so a node rewritten in the objective is the same node in the gradients.
 */
final class ScalarCases {

    private final Substitution substitution;

    ScalarCases() {
        substitution = Substitution.selfApplying((e, self) -> {
            Expr r = e instanceof Node n ? rewrite(n) : null;
            return r == null ? null : self.apply(r);
        });
    }

    Expr apply(Expr e) { return substitution.apply(e); }

    /** The node in scalar arithmetic, or null when it is not a function of a 1×1 argument. */
    private static Expr rewrite(Node n) {
        if (n.op().kind() == OpSpec.Kind.OPERATOR || n.op().isElementwise() || n.arity() == 0) return null;
        Expr a = n.arg(0);
        Expr degenerate = a.shape().isScalar() ? null : alongOneEntry(n.op(), a);
        if (degenerate != null) return degenerate;
        boolean scalarA = a.shape().isScalar(), scalarB = n.arity() > 1 && n.arg(1).shape().isScalar();
        if (n.arity() == 1 && !scalarA) return null;
        if (n.arity() == 2 && !scalarA && !scalarB) return null;
        return switch (n.op()) {
            case TR, DET, SUM, SUM_COLUMNS, SUM_ROWS, DIAG_VECTOR, VEC, LOGSUMEXP -> a;
            case COMMUTATION -> ONE;
            case UNVEC -> n.shape().isScalar() ? a : null;
            case INV -> elemPow(a, -1);
            case LOGDET -> call(Op.LOG, call(Op.ABS, a));
            case NORM, NORM1 -> call(Op.ABS, a);
            case SQNORM -> elemPow(a, 2);
            case SOFTMAX -> ONE;
            // the blocks of a 1×1 factor are the other factor times it
            case KRONBLOCKS, BLOCKSUM, KRON -> mul(n.arg(1), a);
            // conv(X, k) = k·X, a 1×1 kernel's Toeplitz matrix is k·I, its patches vec(X); a 1×1 image has a 1×1 kernel
            case CONV, CONVFULL, CONVMATRIX, IM2COL -> ConvolutionEdges.of(n);
            default -> null;
        };
    }

    /** A function of each column of a row, or of each row of a column, as what it is of each single entry; else null. */
    private static Expr alongOneEntry(Op op, Expr a) {
        boolean row = a.shape().rows().isOne(), column = a.shape().isColumn();
        return switch (op) {
            case SUM_COLUMNS -> row ? a : column ? call(Op.SUM, a) : null;
            case SUM_ROWS -> column ? a : row ? call(Op.SUM, a) : null;
            case LOGSUMEXP -> row ? a : null;
            case SOFTMAX -> row ? ones(a.shape()) : null;
            default -> null;
        };
    }
}
