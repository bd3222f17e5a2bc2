package dev.matdiff.calculus;

import dev.matdiff.expr.Expr;

/** Which part of a derivation a step belongs to: all of it, one layer of a staged one, or its result. */
public sealed interface Stage {

    /** A derivation of the whole objective at once. */
    record Whole() implements Stage {}

    /** One named intermediate of a staged derivation (the first is the objective itself), with its definition. */
    record Layer(String name, Expr definition) implements Stage {}

    /** The end of a staged derivation: the gradients, read off and expanded. */
    record Result() implements Stage {}

    Stage WHOLE = new Whole();
    Stage RESULT = new Result();
}
