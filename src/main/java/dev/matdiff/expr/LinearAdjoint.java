package dev.matdiff.expr;

/**
 * The adjoint of a linear map in one of its arguments: for L(V) = op(…, V, …) with V the
 * argument at {@code index}, the L* with Tr(Gᵀ L(V)) = Tr(L*(G)ᵀ V). Built with the factories.
 */
@FunctionalInterface
public interface LinearAdjoint {
    /** L*(g) for the argument at index of the node n (n's other arguments as they are). */
    Expr of(Expr.Node n, int index, Expr g);
}
