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

    /** Expressions this large, printed, keep the first form: choosing would mean printing them twice. */
    static final int MAX_NODES_TO_COMPARE = 400;

    /**
     * Like {@link #shared()}, but for results a reader sees: the expression is also simplified with
     * transposes pushed into sums, and the shorter of the two forms is kept. (Xw − y)ᵀ stays as it
     * is, while a gradient like Aᵀx + (xᵀA)ᵀ collects into (A + Aᵀ)x.
     */
    public static java.util.function.UnaryOperator<Expr> shortest() {
        Rewriter plain = new Rewriter(Rules.ALL, MAX_REWRITES);
        Rewriter transposed = new Rewriter(Rules.WITH_TRANSPOSED_SUMS, MAX_REWRITES);
        FormFacts facts = new FormFacts();
        return e -> {
            Expr a = plain.run(e).expr();
            if (!facts.worthComparing(a)) return a;
            Expr b = transposed.run(e).expr();
            return dev.matdiff.expr.TextPrinter.print(b).length() < dev.matdiff.expr.TextPrinter.print(a).length() ? b : a;
        };
    }

    /**
     * What the choice between the two forms needs to know of an expression: its size as printed
     * (a tree, capped past {@link #MAX_NODES_TO_COMPARE}) and whether it has a transposed sum in it
     * (only then can it come out differently with transposes pushed into sums). Remembered per
     * node, so asking of many gradients that share most of their nodes costs each node once.
     */
    private static final class FormFacts {
        private record Fact(int printedSize, boolean transposedSum) {}

        private final java.util.Map<Expr, Fact> known = new java.util.IdentityHashMap<>();

        boolean worthComparing(Expr root) {
            Fact f = of(root);
            return f.transposedSum() && f.printedSize() <= MAX_NODES_TO_COMPARE;
        }

        private Fact of(Expr root) {
            java.util.ArrayDeque<Expr> stack = new java.util.ArrayDeque<>();
            stack.push(root);
            while (!stack.isEmpty()) {
                Expr e = stack.peek();
                if (known.containsKey(e)) { stack.pop(); continue; }
                java.util.List<Expr> children = e instanceof Expr.Named ? java.util.List.of() : e.children();
                boolean ready = true;
                for (Expr c : children) if (!known.containsKey(c)) { stack.push(c); ready = false; }
                if (!ready) continue;
                stack.pop();
                int size = 1;
                boolean transposedSum = dev.matdiff.expr.Exprs.is(e, dev.matdiff.expr.Op.TRANSPOSE)
                        && dev.matdiff.expr.Exprs.is(dev.matdiff.expr.Exprs.arg(e, 0), dev.matdiff.expr.Op.ADD);
                for (Expr c : children) {
                    Fact f = known.get(c);
                    size = Math.min(size + f.printedSize(), MAX_NODES_TO_COMPARE + 1);
                    transposedSum |= f.transposedSum();
                }
                known.put(e, new Fact(size, transposedSum));
            }
            return known.get(root);
        }
    }
}
