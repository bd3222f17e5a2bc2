package dev.matdiff.simplify;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Substitution;

import java.util.ArrayList;
import java.util.List;
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
        Substitution s = Substitution.selfApplying((x, self) -> {
            if (cost.treeSize(x) > Rational.MAX_TREE) return null;
            if (isArithmetic(x)) {
                Expr better = cannotLighten(x) ? null : lighter(x);
                // a replacement is not visited: the atoms it keeps are cancelled inside here, or a product in a sum
                // cancelled whole (s'((y ⊘ s²) ⊙ (y ⊘ r))s − s ⊙ … ) kept what it holds uncancelled
                return better == null ? null : insideAtoms(better, self);
            }
            if (!is(x, Op.MATMUL)) return null;
            // a row times a column, alone or inside a longer product: q·(1 ⊘ d)ᵀ·m is sum(q ⊘ d)·m
            List<Expr> f = x.children();
            for (int i = 0; i + 1 < f.size(); i++) {
                Expr better = innerProduct(f.get(i), f.get(i + 1)) ? innerLighter(f.get(i), f.get(i + 1)) : null;
                if (better == null) continue;
                List<Expr> rest = new ArrayList<>(f.subList(0, i));
                rest.addAll(f.subList(i + 2, f.size()));
                return rest.isEmpty() ? better : mul(better, rest.size() == 1 ? rest.get(0) : matmul(rest));
            }
            return null;
        });
        return s::apply;
    }

    /**
     * Whether {@code after} divides by other symbols than {@code before} (counted by the quotients that divide by each):
     * where they are the same the canceller collected terms or took a factor out of a sum (h ⊙ (1 − h) written another
     * way, a/2 + a/2 as a), arithmetic and no law to cite; where they differ it brought quotients over a common
     * denominator or cancelled a factor against one, the laws a step cites (trial s70b: a step without a quotient in it
     * cited them).
     */
    static boolean divisorsChanged(Expr before, Expr after) {
        return !divisors(before).equals(divisors(after));
    }

    private static java.util.Map<Expr, Integer> divisors(Expr e) {
        java.util.Map<Expr, Integer> out = dev.matdiff.expr.IdentityMaps.map();
        for (Expr x : dev.matdiff.expr.Dag.postOrder(e)) {
            Expr divisor = (is(x, Op.DIV) || is(x, Op.ELEMDIV)) && !(arg(x, 1) instanceof Expr.Num) ? arg(x, 1)
                    : is(x, Op.ELEMPOW) && ((Expr.Node) x).param() < 0 ? arg(x, 0) : null;
            if (divisor != null) out.merge(divisor, 1, Integer::sum);
        }
        return out;
    }

    /** e with each of its atoms (what is not arithmetic) put through the canceller. */
    private static Expr insideAtoms(Expr e, Substitution canceller) {
        if (!isArithmetic(e)) return canceller.apply(e);
        List<Expr> args = new ArrayList<>(e.children().size());
        boolean changed = false;
        for (Expr c : e.children()) {
            Expr d = insideAtoms(c, canceller);
            changed |= d != c;
            args.add(d);
        }
        return changed ? rebuild((Expr.Node) e, args) : e;
    }

    /**
     * uᵀv as sum(u ⊙ v) where what cancels in u ⊙ v makes it lighter, else null (u·wᵀ of two rows read as rows, so that
     * the entries of w are not behind a transpose: q·(1 ⊘ d)ᵀ is sum(q ⊘ d)).
     */
    private static Expr innerLighter(Expr left, Expr right) {
        Expr entries = is(right, Op.TRANSPOSE) ? hadamard(left, arg(right, 0)) : hadamard(transposed(left), right);
        Expr better = cannotLighten(entries) ? null : lighter(entries);
        return better == null ? null : sum(better);
    }

    /** A row times a column (1×1), neither of them ones. */
    private static boolean innerProduct(Expr left, Expr right) {
        return left.shape().rows().isOne() && !right.shape().isScalar() && right.shape().isColumn()
                && !is(right, Op.ONES) && !is(transposed(left), Op.ONES);
    }
}
