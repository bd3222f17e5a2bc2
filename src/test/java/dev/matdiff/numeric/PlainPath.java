package dev.matdiff.numeric;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.linalg.Dense;
import dev.matdiff.linalg.Kernels;
import dev.matdiff.linalg.Lu;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The values of expressions computed as written, the reference the evaluator's careful paths are
 * compared with: every product formed left to right with Commons Math, every transpose copied, a
 * trace taken of the product formed, every Kronecker product written out, every inverse, determinant and log-determinant from an LU of
 * its own (the evaluator's LAPACK LU, as before Cholesky), no solves, no sharing beyond identical nodes.
 */
final class PlainPath {
    private final Bindings at;
    private final Map<Expr, RealMatrix> memo = new IdentityHashMap<>();

    PlainPath(Bindings at) { this.at = at; }

    RealMatrix value(Expr e) {
        RealMatrix v = memo.get(e);
        if (v == null) {
            v = compute(e);
            memo.put(e, v);
        }
        return v;
    }

    private RealMatrix compute(Expr e) {
        if (e instanceof Expr.Num n) return MatrixUtils.createRealMatrix(new double[][] {{n.value()}});
        if (e instanceof Expr.Var v) return at.values().get(v.name());
        if (e instanceof Expr.Named n) return value(n.body());
        Node n = (Node) e;
        switch (n.op()) {
            case MATMUL: {
                RealMatrix p = value(n.arg(0));
                for (int i = 1; i < n.args().size(); i++) p = p.multiply(value(n.arg(i)));
                return p;
            }
            case ADD: {
                RealMatrix s = value(n.arg(0));
                for (int i = 1; i < n.args().size(); i++) s = s.add(value(n.arg(i)));
                return s;
            }
            case NEG: return value(n.arg(0)).scalarMultiply(-1);
            case SCALE: return value(n.arg(1)).scalarMultiply(value(n.arg(0)).getEntry(0, 0));
            case DIV: return value(n.arg(0)).scalarMultiply(1 / value(n.arg(1)).getEntry(0, 0));
            case TRANSPOSE: return value(n.arg(0)).transpose();
            case TR: return scalar(value(n.arg(0)).getTrace());
            case INV: return Kernels.inverse(new Lu(value(n.arg(0))));
            case DET: return scalar(new Lu(value(n.arg(0))).det());
            case LOGDET: return scalar(new Lu(value(n.arg(0))).logAbsDet());
            case POWER: {
                int k = (int) n.param();
                RealMatrix base = value(n.arg(0));
                if (k < 0) base = Kernels.inverse(new Lu(base));
                RealMatrix p = MatrixUtils.createRealIdentityMatrix(base.getRowDimension());
                for (int i = 0; i < Math.abs(k); i++) p = p.multiply(base);
                return p;
            }
            case ONES: {
                int r = (int) at.size(n.shape().rows()), c = (int) at.size(n.shape().cols());
                RealMatrix m = MatrixUtils.createRealMatrix(r, c);
                for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) m.setEntry(i, j, 1);
                return m;
            }
            case EYE: return MatrixUtils.createRealIdentityMatrix((int) at.size(n.shape().rows()));
            case KRON: {
                // written out entry by entry: the evaluator keeps a large one as its factors
                RealMatrix a = value(n.arg(0)), b = value(n.arg(1));
                int p = b.getRowDimension(), q = b.getColumnDimension();
                RealMatrix k = MatrixUtils.createRealMatrix(a.getRowDimension() * p, a.getColumnDimension() * q);
                for (int i = 0; i < k.getRowDimension(); i++)
                    for (int j = 0; j < k.getColumnDimension(); j++) k.setEntry(i, j, a.getEntry(i / p, j / q) * b.getEntry(i % p, j % q));
                return k;
            }
            default: break;
        }
        RealMatrix x = value(n.arg(0)), y = n.args().size() > 1 ? value(n.arg(1)) : null;
        if (n.op().isElementwise()) return entrywise(x, y, n.op(), n.param());
        if (n.op() == Op.HADAMARD || n.op() == Op.ELEMDIV || n.op() == Op.ELEMPOW) return entrywise(x, y, n.op(), n.param());
        return n.op().spec().kernel().apply(x, y, m -> new Lu(m));
    }

    private static RealMatrix entrywise(RealMatrix x, RealMatrix y, Op op, double p) {
        RealMatrix out = x.copy();
        for (int i = 0; i < x.getRowDimension(); i++)
            for (int j = 0; j < x.getColumnDimension(); j++) {
                double v = x.getEntry(i, j);
                out.setEntry(i, j, switch (op) {
                    case HADAMARD -> v * y.getEntry(i, j);
                    case ELEMDIV -> v / y.getEntry(i, j);
                    case ELEMPOW -> Math.pow(v, p);
                    case TANH -> StrictMath.tanh(v);
                    default -> op.spec().elementwise().f().applyAsDouble(v);
                });
            }
        return out;
    }

    private static RealMatrix scalar(double v) { return new Dense(1, 1, new double[] {v}); }
}
