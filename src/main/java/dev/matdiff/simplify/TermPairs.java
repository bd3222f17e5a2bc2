package dev.matdiff.simplify;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Term;

import java.util.ArrayList;
import java.util.List;

import static dev.matdiff.expr.Exprs.*;

/** Two terms of a sum that are one term: 1 − σ(−u), σ(u) − σ(−u), 2σ(u) − 1, A ⊙ B beside its transpose with A symmetric. */
final class TermPairs {
    private TermPairs() {}

    /**
     * 1 − σ(−u) = σ(u): the slope of log σ(u) comes out as the left side (skip-gram's U(1 − σ(−Uᵀv)) is Uσ(Uᵀv)).
     * Only this way round: σ(u) ⊙ (1 − σ(u)) stays as the textbooks write the logistic's derivative.
     */
    static Expr sigmoidComplement(Node n) {
        List<Expr> terms = n.args();
        // the −σ(−u) first: a sum of many ones (a long chain's gradient) has none, and is left in one pass, not k²
        int j = 0;
        while (j < terms.size() && !(is(terms.get(j), Op.NEG) && is(arg(terms.get(j), 0), Op.SIGMOID) && is(arg(arg(terms.get(j), 0), 0), Op.NEG))) j++;
        if (j == terms.size()) return null;
        for (int i = 0; i < terms.size(); i++) {
            Expr one = terms.get(i);
            if (!(is(one, Op.ONES) || isNum(one, 1))) continue;
            return pairReplaced(terms, i, j, fn("sigmoid", arg(arg(arg(terms.get(j), 0), 0), 0)));
        }
        return null;
    }

    /**
     * c·σ(u) − c·σ(−u) = c·tanh(u/2), as 2σ(u) − 1 is: the soft absolute value softplus(r) + softplus(−r) has the slope
     * tanh(r/2) (trial s80b: sigmoid(r) - sigmoid(-r)).
     */
    static Expr sigmoidDifference(Node n) {
        List<Expr> terms = n.args();
        for (int j = 0; j < terms.size(); j++) {
            Term minus = Term.readThrough(terms.get(j));
            if (!is(minus.base(), Op.SIGMOID) || !is(arg(minus.base(), 0), Op.NEG)) continue;
            Expr u = arg(arg(minus.base(), 0), 0);
            for (int i = 0; i < terms.size(); i++) {
                Term plus = Term.readThrough(terms.get(i));
                if (i == j || !is(plus.base(), Op.SIGMOID) || arg(plus.base(), 0) != u || plus.coefficient() != -minus.coefficient()) continue;
                return pairReplaced(terms, i, j, new Term(plus.coefficient(), fn("tanh", scale(num(0.5), u))).build());
            }
        }
        return null;
    }

    /**
     * 2c·σ(2u) − c = c·tanh(u): ICA's log-cosh density written y + softplus(−2y) has the score tanh(y), as every ICA
     * textbook prints it (trial s81b: ones(n, N) - 2*sigmoid(-2*Y)).
     */
    static Expr sigmoidTanh(Node n) {
        List<Expr> terms = n.args();
        for (int j = 0; j < terms.size(); j++) {
            Term s = Term.readThrough(terms.get(j));
            // only of a doubled argument, so that the tanh's is whole, and only to +tanh(u) (2σ(2u) − 1, 1 − 2σ(−2u)):
            // σ'' = σ(1 − σ)(1 − 2σ) keeps its textbook form, of σ(2x) too (review s81r: -4*t1*tanh(x)*(1 - t1))
            double doubled = is(s.base(), Op.SIGMOID) ? Term.readThrough(arg(s.base(), 0)).coefficient() : 0;
            if (Math.abs(doubled) != 2 || Math.signum(doubled) != Math.signum(s.coefficient())) continue;
            // nor beside a like term the sum has not yet met, σ(±2x) again: 1 − 2σ(−2x) + 2σ(2x) is 4σ(2x) − 1 (review s81r)
            Expr u = arg(s.base(), 0), negated = neg(u);
            if (terms.stream().map(t -> Term.readThrough(t).base())
                    .filter(b -> is(b, Op.SIGMOID) && (arg(b, 0) == u || arg(b, 0) == negated)).count() > 1) continue;
            for (int i = 0; i < terms.size(); i++) {
                Expr t = terms.get(i);
                Term one = t instanceof dev.matdiff.expr.Expr.Num c ? new Term(c.value(), num(1)) : Term.readThrough(t);
                boolean unit = is(one.base(), Op.ONES) || isNum(one.base(), 1);
                if (i == j || !unit || s.coefficient() != -2 * one.coefficient()) continue;
                return pairReplaced(terms, i, j, new Term(-one.coefficient(), fn("tanh", scale(num(0.5), arg(s.base(), 0)))).build());
            }
        }
        return null;
    }

    /**
     * c·(A ⊙ B) + c·(A ⊙ B)ᵀ = c·A ⊙ (B + Bᵀ) for a symmetric A: the transpose passes A by. A symmetric variable's gradient
     * of sum(exp(S) ⊙ C) is exp(S) ⊙ (C + Cᵀ)/2 (trial s80b: (exp(S) .* C + (exp(S) .* C)')/2).
     */
    static Expr symmetricFactorPair(Node n) {
        List<Expr> terms = n.args();
        for (int i = 0; i < terms.size(); i++) {
            Term t = Term.readThrough(terms.get(i));
            if (!is(t.base(), Op.HADAMARD)) continue;
            List<Expr> factors = new ArrayList<>();
            if (!HadamardPowers.hadamardFactors(t.base(), factors)) continue;
            for (int j = 0; j < terms.size(); j++) {
                Term u = Term.readThrough(terms.get(j));
                if (j == i || !is(u.base(), Op.TRANSPOSE) || arg(u.base(), 0) != t.base() || u.coefficient() != t.coefficient()) continue;
                // a symmetric factor, the others as B (exp(S) ⊙ C ⊙ D: review s80q), the symmetric one kept where it stands
                for (int side = 0; side < factors.size(); side++) {
                    Expr a = factors.get(side);
                    if (!Symmetry.isSymmetric(a)) continue;
                    List<Expr> others = new ArrayList<>(factors);
                    others.remove(side);
                    Expr b = HadamardPowers.chain(others);
                    Expr both = add(List.of(b, transpose(b)));
                    Expr pair = side == 0 ? hadamard(a, both) : hadamard(both, a);
                    return pairReplaced(terms, i, j, new Term(t.coefficient(), pair).build());
                }
            }
        }
        return null;
    }

    /** The terms without i and j, one in their place (the first of them). */
    private static Expr pairReplaced(List<Expr> terms, int i, int j, Expr one) {
        List<Expr> rest = new ArrayList<>(terms.size() - 1);
        for (int k = 0; k < terms.size(); k++) if (k != i && k != j) rest.add(terms.get(k));
        rest.add(Math.min(i, j), one);
        return rest.size() == 1 ? rest.get(0) : add(rest);
    }
}
