package dev.matdiff.calculus;

import dev.matdiff.expr.Op;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;

/**
 * A Jacobian or Hessian that needs the Jacobian of an operation matdiff cannot write in closed
 * form (conv's Toeplitz matrix). Thrown without a place where it is found; the deriver says where,
 * and what needed it.
 */
public final class NoClosedForm extends MatDiffException {
    private final Op op;

    NoClosedForm(Op op, String message, Pos pos) {
        super(message, pos);
        this.op = op;
    }

    static NoClosedForm ofJacobian(Op op) {
        return new NoClosedForm(op, "matdiff has no closed form for the Jacobian of " + op.functionName(), Pos.NONE);
    }

    /** The operation, as a function name: conv. */
    public String function() { return op.functionName(); }

    /** The operation itself, for the deriver to find where the program applies it. */
    Op op() { return op; }
}
