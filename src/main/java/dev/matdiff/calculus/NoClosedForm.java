package dev.matdiff.calculus;

import dev.matdiff.expr.Op;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;

/**
 * A derivative through an operation whose adjoint the language cannot write (convmatrix in its
 * kernel, im2col in its image: the matrices conv's Jacobians are written in). Thrown without a
 * place; the deriver says where the program calls the operation.
 */
public final class NoClosedForm extends MatDiffException {
    private final Op op;

    NoClosedForm(Op op, String message, Pos pos) {
        super(message, pos);
        this.op = op;
    }

    /** A gradient through a matrix the language has no adjoint for (convmatrix in its kernel, im2col in its image). */
    static NoClosedForm ofGradient(Op op) {
        return new NoClosedForm(op, "matdiff has no closed form for a gradient through " + op.functionName()
                + " in its matrix argument (it is a Jacobian of conv: differentiate conv itself)", Pos.NONE);
    }

    /** The operation, as a function name: convmatrix. */
    public String function() { return op.functionName(); }

    /** The operation itself, for the deriver to find where the program applies it. */
    Op op() { return op; }
}
