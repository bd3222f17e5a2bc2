package dev.matdiff.calculus;

import dev.matdiff.expr.Expr;
import dev.matdiff.source.TooLargeException;

/** A chain whose product rule would write past its budget: the deriver says it where the program wrote the chain. */
final class TooLongChain extends TooLargeException {
    private final Expr chain;

    TooLongChain(String message, Expr chain) {
        super(message);
        this.chain = chain;
    }

    Expr chain() { return chain; }
}
