package dev.matdiff.expr;

import dev.matdiff.expr.Expr.Node;

import java.util.ArrayList;
import java.util.List;

/**
 * A product with a diagonal factor, as the evaluator and generated code compute it: diag(v)·R scales R's rows,
 * (v·1ᵀ) ⊙ R, and L·diag(v) scales L's columns, L ⊙ (1·vᵀ). A Hessian such as Xᵀdiag(p ⊙ (1 − p))X
 * then costs N·d² and never holds the N×N diagonal (N = 20,000 needed 3.2 GB).
 */
public final class DiagonalProducts {
    private DiagonalProducts() {}

    /** The product without diagonal factors, or the product itself when it has none (or only one factor). */
    public static Expr of(Node product) {
        List<Expr> f = product.args();
        if (f.size() < 2 || f.stream().noneMatch(DiagonalProducts::diagonal)) return product;
        try {
            Expr out = without(f);
            return out.shape().equals(product.shape()) ? out : product;
        } catch (RuntimeException shapeNotRebuilt) {
            return product;
        }
    }

    /** diag(v) of a vector v (not of a scalar). */
    public static boolean diagonal(Expr e) {
        return Exprs.is(e, Op.DIAG_MATRIX) && Exprs.arg(e, 0).shape().isColumn() && !Exprs.arg(e, 0).shape().isScalar();
    }

    /** matmul(f) with each diagonal factor made a scaling, the last one first. */
    private static Expr without(List<Expr> f) {
        int i = f.size() - 1;
        while (i >= 0 && !diagonal(f.get(i))) i--;
        if (i < 0) return Exprs.matmul(f);
        Expr v = Exprs.arg(f.get(i), 0);
        if (i < f.size() - 1) {
            Expr right = Exprs.matmul(f.subList(i + 1, f.size()));
            Expr rows = Exprs.hadamard(Exprs.matmul(List.of(v, Exprs.ones(new Shape(Dim.ONE, right.shape().cols())))), right);
            if (i == 0) return rows;
            List<Expr> rest = new ArrayList<>(f.subList(0, i));
            rest.add(rows);
            return without(rest);
        }
        if (i == 0) return f.get(0);
        Expr left = without(f.subList(0, i));
        return Exprs.hadamard(left, Exprs.matmul(List.of(Exprs.ones(Shape.vector(left.shape().rows())), Exprs.transpose(v))));
    }
}
