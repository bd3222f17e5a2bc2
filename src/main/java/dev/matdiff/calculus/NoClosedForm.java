package dev.matdiff.calculus;

import dev.matdiff.expr.Op;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;

/**
 * A derivative through an operation whose adjoint the language cannot write (convmatrix in its
 * kernel, im2col in its image: the matrices conv's Jacobians are written in), or that has none (a negative number's
 * power in its exponent). Thrown without a
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

    /** A number base ≤ 0 to a varying exponent: real only at whole exponents ((-2)^a), or 0 and undefined by turns (0^a). */
    static NoClosedForm ofPowerOf(double base) {
        return new NoClosedForm(Op.POW, dev.matdiff.expr.TextPrinter.number(base) + " to a varying power has no derivative in its exponent ("
                + (base < 0 ? "a negative number's power is real only at whole exponents" : "0^a is 0 for a > 0 and has no value for a < 0") + ")", Pos.NONE);
    }

    /** The operation, as a function name: convmatrix. */
    public String function() { return op.functionName(); }

    /** The operation itself, for the deriver to find where the program applies it. */
    Op op() { return op; }
}
