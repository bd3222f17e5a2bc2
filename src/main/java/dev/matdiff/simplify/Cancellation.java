package dev.matdiff.simplify;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Substitution;

import java.util.function.UnaryOperator;

import static dev.matdiff.expr.Exprs.*;
import static dev.matdiff.simplify.ArithmeticWeight.cannotLighten;
import static dev.matdiff.simplify.Rational.isArithmetic;
import static dev.matdiff.simplify.Rational.lighter;

/** Where {@link Rational} cancels: the strategy that offers it each maximal arithmetic part of an expression. */
final class Cancellation {
    private Cancellation() {}

    /**
     * Replaces every maximal arithmetic subexpression by its cancelled form where that weighs less;
     * one canceller remembers what it has seen, so gradients that share most of their nodes cost
     * each node once.
     */
    static UnaryOperator<Expr> canceller(Cost cost) {
        Substitution s = new Substitution(x -> {
            if (cost.treeSize(x) > Rational.MAX_TREE) return null;
            if (isArithmetic(x)) return cannotLighten(x) ? null : lighter(x);
            if (!innerProduct(x)) return null;
            // uᵀv is sum(u ⊙ v): what cancels in u ⊙ v cancels in the sum
            Expr entries = hadamard(transposed(arg(x, 0)), arg(x, 1));
            Expr better = cannotLighten(entries) ? null : lighter(entries);
            return better == null ? null : sum(better);
        });
        return s::apply;
    }

    /** uᵀv for two column vectors. */
    private static boolean innerProduct(Expr e) {
        return is(e, Op.MATMUL) && e.children().size() == 2 && e.shape().isScalar() && !arg(e, 1).shape().isScalar()
                && arg(e, 1).shape().isColumn() && !is(arg(e, 1), Op.ONES) && !is(transposed(arg(e, 0)), Op.ONES);
    }
}
