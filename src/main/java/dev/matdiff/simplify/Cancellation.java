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
        Substitution[] s = {null};
        // a cancelled form's atoms are cancelled within as they are where nothing cancels around them: exp's argument
        // reads the same in exp(u)/s + exp(u)/(2*s), cancelled to 3*exp(u)/(2*s), as in exp(u)/s alone
        UnaryOperator<Expr> within = b -> b == null ? null : Substitution.apply(b, y -> isArithmetic(y) ? null : s[0].apply(y));
        s[0] = new Substitution(x -> {
            if (cost.treeSize(x) > Rational.MAX_TREE) return null;
            if (isArithmetic(x)) return cannotLighten(x) ? null : within.apply(lighter(x));
            if (!innerProduct(x)) return null;
            // uᵀv is sum(u ⊙ v): what cancels in u ⊙ v cancels in the sum
            Expr entries = hadamard(transposed(arg(x, 0)), arg(x, 1));
            Expr better = cannotLighten(entries) ? null : within.apply(lighter(entries));
            return better == null ? null : sum(better);
        });
        return s[0]::apply;
    }

    /** uᵀv for two column vectors. */
    private static boolean innerProduct(Expr e) {
        return is(e, Op.MATMUL) && e.children().size() == 2 && e.shape().isScalar() && !arg(e, 1).shape().isScalar()
                && arg(e, 1).shape().isColumn() && !is(arg(e, 1), Op.ONES) && !is(transposed(arg(e, 0)), Op.ONES);
    }
}
