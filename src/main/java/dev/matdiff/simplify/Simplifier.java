package dev.matdiff.simplify;

import dev.matdiff.expr.Expr;

/** The simplifier as the rest of matdiff calls it: all rules, to a fixpoint, with a generous limit. */
public final class Simplifier {
    private Simplifier() {}

    /** Rewrites allowed per call before the rewriter stops (and returns what it has). */
    public static final int MAX_REWRITES = 1_000_000;

    public static Expr simplify(Expr e) { return run(e).expr(); }

    public static Rewriter.Result run(Expr e) { return new Rewriter(Rules.ALL, MAX_REWRITES).run(e); }

    /**
     * A simplifier that remembers what it has simplified: for many expressions that share
     * subexpressions (the gradients of one objective), each shared node is simplified once.
     */
    public static java.util.function.UnaryOperator<Expr> shared() {
        Rewriter rewriter = new Rewriter(Rules.ALL, MAX_REWRITES);
        return e -> rewriter.run(e).expr();
    }
}
