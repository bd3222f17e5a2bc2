package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Term;

import java.util.List;

import static dev.matdiff.expr.Exprs.*;

/** A product of a difference and its opposite, one difference written: (b − a)(a − b)ᵀ is −(b − a)(b − a)ᵀ. */
final class OppositeFactors {
    private OppositeFactors() {}

    /** P(−P)ᵀ = −PPᵀ and Pᵀ(−P) = −PᵀP, the first factor's form kept: (b − a)(a − b)ᵀ is −(b − a)(b − a)ᵀ. */
    static Expr oppositeFactors(Node n) {
        List<Expr> f = n.args();
        for (int i = 0; i + 1 < f.size(); i++) {
            Expr left = f.get(i), right = f.get(i + 1);
            Expr kept = is(right, Op.TRANSPOSE) && oppositeSums(left, arg(right, 0)) ? transpose(left)
                    : is(left, Op.TRANSPOSE) && oppositeSums(arg(left, 0), right) ? arg(left, 0) : null;
            if (kept != null) return neg(ProductRules.replacing(f, i + 1, 1, List.of(kept)));
        }
        return null;
    }

    /**
     * In a sum, a term scaled by the opposite of a scalar sum another term is scaled by, written with that one and its sign
     * turned: (a − b)y + 2(b − a)x is (a − b)y − 2(a − b)x, which factor-common then writes (a − b)(y − 2x).
     */
    static Expr oppositeScalings(Node n) {
        List<Expr> terms = n.args();
        for (int i = 0; i < terms.size(); i++) {
            List<Expr> sums = scalarSums(terms.get(i));
            if (sums.isEmpty()) continue;
            for (int j = i + 1; j < terms.size(); j++) {
                Term t = Term.of(terms.get(j));
                if (!is(t.base(), Op.SCALE)) continue;
                ScalarRules.Scaling s = ScalarRules.Scaling.of((Node) t.base());
                for (int k = 0; k < s.factors().size(); k++) {
                    Expr q = s.factors().get(k);
                    Expr p = sums.stream().filter(x -> oppositeSums(x, q)).findFirst().orElse(null);
                    if (p == null) continue;
                    List<Expr> fs = new java.util.ArrayList<>(s.factors());
                    fs.set(k, p);
                    List<Expr> out = new java.util.ArrayList<>(terms);
                    out.set(j, new Term(-t.coefficient(), s.with(fs)).build());
                    return add(out);
                }
            }
        }
        return null;
    }

    /** The scalar sums among a term's scalar factors. */
    private static List<Expr> scalarSums(Expr term) {
        Expr base = Term.of(term).base();
        if (!is(base, Op.SCALE)) return List.of();
        return ScalarRules.Scaling.of((Node) base).factors().stream().filter(f -> is(f, Op.ADD)).toList();
    }

    /** Whether q is −p term by term: a − b against b − a (neither a plain symbol: x and −x meet pull-neg first). */
    private static boolean oppositeSums(Expr p, Expr q) {
        if (!is(p, Op.ADD) || !is(q, Op.ADD) || p.children().size() != q.children().size()) return false;
        java.util.Map<Expr, Double> coefficients = IdentityMaps.map();
        for (Expr t : p.children()) {
            Term term = Term.of(t);
            if (coefficients.put(term.base(), term.coefficient()) != null) return false;
        }
        for (Expr t : q.children()) {
            Term term = Term.of(t);
            Double c = coefficients.get(term.base());
            if (c == null || c != -term.coefficient()) return false;
        }
        return true;
    }
}
