package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;

import java.util.Set;
import java.util.function.Function;

/**
 * A named, oriented rewrite: from a node to an equal, simpler expression, or null when it does
 * not apply. Every rule points toward a normal form (no rule undoes another), so applying them
 * greedily terminates.
 *
 * @param id        a stable kebab-case name, e.g. "transpose-product"
 * @param statement the identity in one line, e.g. "(AB)ᵀ = BᵀAᵀ"
 * @param roots     the operations the rule can fire at: the rewriter only offers it nodes of these
 * @param rewrite   the rewrite of a node whose operation is one of the roots
 * @param cited     whether a step that used it names it beside its laws: an identity a reader may not see at once
 *                  (Tr(A ⊗ B) = Tr(A) Tr(B)), not the bookkeeping of transposes, scalars and ones
 * @param wholeChain whether at a scaling a·(b·(c·A)) it reads the whole chain of scalar factors below: the rewriter
 *                  then tries it at the chain's top only, which sees every factor (at each of m nested scalings it
 *                  cost m²/2, and a Hessian of a k-deep chain cubic time)
 */
public record Rule(String id, String statement, Set<Op> roots, Function<Node, Expr> rewrite, boolean cited, boolean wholeChain) {

    public Rule(String id, String statement, Set<Op> roots, Function<Node, Expr> rewrite) {
        this(id, statement, roots, rewrite, false, false);
    }

    /** The same rule, named by the steps that use it. */
    public Rule citedInSteps() { return new Rule(id, statement, roots, rewrite, true, wholeChain); }

    /** The same rule, tried at the top of a chain of scalings only (see {@code wholeChain}). */
    public Rule readsWholeChain() { return new Rule(id, statement, roots, rewrite, cited, true); }

    public Rule {
        if (roots.isEmpty()) throw new IllegalArgumentException(id + ": a rule must say which operations it applies at");
        roots = Set.copyOf(roots);
    }

    /** The rewritten expression, or null if the rule does not fire on n. */
    public Expr apply(Node n) {
        if (!roots.contains(n.op())) return null;
        Expr out = rewrite.apply(n);
        return out == n ? null : out;
    }
}
