package dev.matdiff.simplify;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Expr.Num;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static dev.matdiff.expr.Exprs.*;

/**
 * A scalar sum whose terms all hold one factor, written as that factor times the rest, the rest lightened on its own:
 * the slopes a derivation collects beside a shared factor keep their textbook form, (2a + σ(a)(1 − σ(a)))·b, where
 * reading the whole sum as one polynomial expands them, (2a − σ(a)² + σ(a))·b.
 */
final class CommonFactor {
    private CommonFactor() {}

    /** f·(e's terms without f), the rest through {@code lighten} (null: kept); null if e is no scalar sum or has no such f. */
    static Expr outside(Expr e, UnaryOperator<Expr> lighten) {
        if (!is(e, dev.matdiff.expr.Op.ADD) || !e.shape().isScalar()) return null;
        List<ScalarRules.Scaling> terms = e.children().stream().map(ScalarRules.Scaling::ofAny).toList();
        for (Expr f : terms.get(0).factors()) {
            if (f instanceof Num || !terms.stream().allMatch(t -> t.rest() == null && t.factors().contains(f))) continue;
            List<Expr> rest = new ArrayList<>(terms.size());
            for (ScalarRules.Scaling t : terms) {
                List<Expr> others = new ArrayList<>(t.factors());
                others.remove(f);
                rest.add(others.isEmpty() ? ONE : t.with(others));
            }
            Expr inner = add(rest), lighter = lighten.apply(inner);
            inner = lighter == null ? inner : lighter;
            // on the side where the first term has it: 2ab + σ(1 − σ)b is (2a + σ(1 − σ))b
            List<Expr> first = terms.get(0).factors();
            return first.get(first.size() - 1) == f ? mul(inner, f) : mul(f, inner);
        }
        return null;
    }
}
