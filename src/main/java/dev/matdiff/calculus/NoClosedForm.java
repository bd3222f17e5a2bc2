package dev.matdiff.calculus;

import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;

/**
 * A Jacobian or Hessian that needs the Jacobian of an operation matdiff cannot write in closed
 * form (conv's Toeplitz matrix). Thrown without a place where it is found; the deriver says where,
 * and what needed it.
 */
public final class NoClosedForm extends MatDiffException {
    private final String function;

    NoClosedForm(String function, String message, Pos pos) {
        super(message, pos);
        this.function = function;
    }

    static NoClosedForm ofJacobian(String function) {
        return new NoClosedForm(function, "matdiff has no closed form for the Jacobian of " + function, Pos.NONE);
    }

    /** The operation, as a function name: conv. */
    public String function() { return function; }
}
