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

    /** Expressions this large keep the first form: choosing would mean printing them twice. */
    static final int MAX_NODES_TO_COMPARE = 400;

    /**
     * Like {@link #shared()}, but for results a reader sees: the expression is also simplified with
     * transposes pushed into sums, and the shorter of the two forms is kept. (Xw − y)ᵀ stays as it
     * is, while a gradient like Aᵀx + (xᵀA)ᵀ collects into (A + Aᵀ)x.
     */
    public static java.util.function.UnaryOperator<Expr> shortest() {
        Rewriter plain = new Rewriter(Rules.ALL, MAX_REWRITES);
        Rewriter transposed = new Rewriter(Rules.WITH_TRANSPOSED_SUMS, MAX_REWRITES);
        return e -> {
            Expr a = plain.run(e).expr();
            if (!hasTransposedSum(a) || nodes(a) > MAX_NODES_TO_COMPARE) return a;
            Expr b = transposed.run(e).expr();
            return dev.matdiff.expr.TextPrinter.print(b).length() < dev.matdiff.expr.TextPrinter.print(a).length() ? b : a;
        };
    }

    /** Only a transposed sum can come out differently with transposes pushed into sums. */
    private static boolean hasTransposedSum(Expr root) {
        java.util.Map<Expr, Boolean> seen = new java.util.IdentityHashMap<>();
        java.util.ArrayDeque<Expr> stack = new java.util.ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Expr e = stack.pop();
            if (seen.put(e, Boolean.TRUE) != null || e instanceof Expr.Named) continue;
            if (dev.matdiff.expr.Exprs.is(e, dev.matdiff.expr.Op.TRANSPOSE) && dev.matdiff.expr.Exprs.is(dev.matdiff.expr.Exprs.arg(e, 0), dev.matdiff.expr.Op.ADD))
                return true;
            e.children().forEach(stack::push);
        }
        return false;
    }

    private static int nodes(Expr root) {
        java.util.Map<Expr, Boolean> seen = new java.util.IdentityHashMap<>();
        java.util.ArrayDeque<Expr> stack = new java.util.ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty() && seen.size() <= MAX_NODES_TO_COMPARE) {
            Expr e = stack.pop();
            if (seen.put(e, Boolean.TRUE) == null) e.children().forEach(stack::push);
        }
        return seen.size();
    }
}
