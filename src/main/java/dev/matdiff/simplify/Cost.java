package dev.matdiff.simplify;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

/**
 * What choosing between two forms of an expression needs to know of it, computed on the DAG: its
 * size as a printed tree (capped, so a huge expression costs a bounded walk), and whether it has
 * a transposed sum in it (only then can it come out differently with transposes pushed into
 * sums). Remembered per node, so asking of many gradients that share most of their nodes costs
 * each node once.
 */
final class Cost {
    private record Fact(int treeSize, boolean transposedSum) {}

    private final int cap;
    private final Map<Expr, Fact> known = IdentityMaps.map();
    /** The walk's stack, kept between calls: most ask of a node already known, and a new deque each time was most of what they cost. */
    private final ArrayDeque<Expr> stack = new ArrayDeque<>();

    Cost(int cap) { this.cap = cap; }

    /** Whether the form with transposes pushed into sums can differ, and e is small enough to compare. */
    boolean worthComparing(Expr e) {
        Fact f = fact(e);
        return f.transposedSum() && f.treeSize() <= cap;
    }

    /** The size of e printed as a tree (a named intermediate counts 1), at most cap + 1. */
    int treeSize(Expr e) { return fact(e).treeSize(); }

    private Fact fact(Expr root) {
        stack.clear();
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
                size = Math.min(size + f.treeSize(), cap + 1);
                transposedSum |= f.transposedSum();
            }
            known.put(e, new Fact(size, transposedSum));
        }
        return known.get(root);
    }
}
