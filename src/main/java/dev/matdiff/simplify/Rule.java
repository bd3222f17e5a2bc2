package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;

import dev.matdiff.expr.Expr;

import java.util.function.Function;

/**
 * A named, oriented rewrite: from a node to an equal, simpler expression, or null when it does
 * not apply. Every rule points toward a normal form (no rule undoes another), so applying them
 * greedily terminates.
 *
 * @param id        a stable kebab-case name, e.g. "transpose-product"
 * @param statement the identity in one line, e.g. "(AB)ᵀ = BᵀAᵀ"
 */
public record Rule(String id, String statement, Function<Node, Expr> rewrite) {

    /** The rewritten expression, or null if the rule does not fire on n. */
    public Expr apply(Node n) {
        Expr out = rewrite.apply(n);
        return out == n ? null : out;
    }
}
