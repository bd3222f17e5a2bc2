package dev.matdiff.cli;

import dev.matdiff.expr.Expr;

/** Bridge to the LaTeX printer. */
final class Latex {
    private Latex() {}

    static String expression(Expr e) { return dev.matdiff.expr.TextPrinter.print(e); }
}
