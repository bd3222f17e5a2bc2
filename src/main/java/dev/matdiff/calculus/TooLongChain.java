package dev.matdiff.calculus;

import dev.matdiff.expr.Expr;
import dev.matdiff.source.TooLargeException;

/** A chain whose product rule would write past its budget: the deriver says it where the program wrote the chain. */
final class TooLongChain extends TooLargeException {
    private final Expr chain, self;

    /** @param self the chain's own value as the law names it: the definition whose body it is, or the chain itself */
    TooLongChain(String message, Expr chain, Expr self) {
        super(message);
        this.chain = chain;
        this.self = self;
    }

    Expr chain() { return chain; }

    /** The definition the chain is the body of, as the simplifier read it (so no longer as written), or null. */
    Expr.Named definition() { return self instanceof Expr.Named n ? n : null; }
}
