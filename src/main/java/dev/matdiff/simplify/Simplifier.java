package dev.matdiff.simplify;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

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
    public static Session shared() { return new Session(false); }

    /**
     * Like {@link #shared()}, but for results a reader sees: the expression is also simplified with
     * transposes pushed into sums, and the cheaper of the two forms is kept. (Xw − y)ᵀ stays as it
     * is, while a gradient like Aᵀx + (xᵀA)ᵀ collects into (A + Aᵀ)x.
     */
    public static Session shortest() { return new Session(true); }

    /** A run of simplifications that share their work, and the rules that fired since they were last asked for. */
    public static final class Session implements UnaryOperator<Expr> {
        private final Rewriter plain = new Rewriter(Rules.ALL, MAX_REWRITES);
        private final Rewriter transposed;
        private final Cost cost = new Cost();
        private final Set<String> fired = new LinkedHashSet<>();

        private Session(boolean bothForms) {
            this.transposed = bothForms ? new Rewriter(Rules.WITH_TRANSPOSED_SUMS, MAX_REWRITES) : null;
        }

        @Override public Expr apply(Expr e) {
            Rewriter.Result a = plain.run(e);
            if (transposed == null || !cost.worthComparing(a.expr())) return record(a);
            Rewriter.Result b = transposed.run(e);
            return cost.of(b.expr()) < cost.of(a.expr()) ? record(b) : record(a);
        }

        private Expr record(Rewriter.Result r) {
            fired.addAll(r.fired().keySet());
            return r.expr();
        }

        /** The ids of the rules that fired since the last call, in order of first firing; then forgets them. */
        public List<String> drainFired() {
            List<String> out = new ArrayList<>(fired);
            fired.clear();
            return out;
        }
    }

    /** Expressions this large, printed, keep the first form: choosing would mean walking them twice. */
    static final int MAX_NODES_TO_COMPARE = 400;

    /**
     * What the choice between the two forms needs to know of an expression: its size as a printed
     * tree (capped past {@link #MAX_NODES_TO_COMPARE}), and whether it has a transposed sum in it
     * (only then can it come out differently with transposes pushed into sums). Remembered per
     * node, so asking of many gradients that share most of their nodes costs each node once.
     */
    private static final class Cost {
        private record Fact(int treeSize, boolean transposedSum) {}

        private final Map<Expr, Fact> known = new IdentityHashMap<>();

        boolean worthComparing(Expr root) {
            Fact f = of0(root);
            return f.transposedSum() && f.treeSize() <= MAX_NODES_TO_COMPARE;
        }

        int of(Expr root) { return of0(root).treeSize(); }

        private Fact of0(Expr root) {
            ArrayDeque<Expr> stack = new ArrayDeque<>();
            stack.push(root);
            while (!stack.isEmpty()) {
                Expr e = stack.peek();
                if (known.containsKey(e)) { stack.pop(); continue; }
                List<Expr> children = e instanceof Expr.Named ? List.of() : e.children();
                boolean ready = true;
                for (Expr c : children) if (!known.containsKey(c)) { stack.push(c); ready = false; }
                if (!ready) continue;
                stack.pop();
                int size = 1;
                boolean transposedSum = Exprs.is(e, Op.TRANSPOSE) && Exprs.is(Exprs.arg(e, 0), Op.ADD);
                for (Expr c : children) {
                    Fact f = known.get(c);
                    size = Math.min(size + f.treeSize(), MAX_NODES_TO_COMPARE + 1);
                    transposedSum |= f.transposedSum();
                }
                known.put(e, new Fact(size, transposedSum));
            }
            return known.get(root);
        }
    }
}
