package dev.matdiff.numeric;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.OpSpec;
import dev.matdiff.expr.Term;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which values of a plan are symmetric by their form, so that a plan stores such a value once for
 * itself and its transpose, reads Sᵀ as S, and knows that S⁻¹ is symmetric too: symmetric variables,
 * S⁻¹, A·Aᵀ and A·S·Aᵀ, sums of symmetric terms or of a term and its transpose, entry-wise functions
 * of symmetric arguments, the identity. Asked children first (a plan's order), so it never recurses deeply.
 *
 * <p>A variable declared symmetric is taken at its word only when {@code declared} says so: bound data
 * is made exactly symmetric, but a check moves a point in directions of its own choosing, and there the
 * value is read as written. {@link #trusted} lists the variables taken at their word.
 */
public final class Symmetric {
    private final Map<Expr, Boolean> known = IdentityMaps.map();
    private final boolean declared;
    final List<Expr.Var> trusted = new ArrayList<>();

    public Symmetric(boolean declared) { this.declared = declared; }

    public boolean of(Expr e) {
        Boolean b = known.get(e);
        if (b == null) {
            b = compute(e);
            known.put(e, b);
        }
        return b;
    }

    private boolean compute(Expr e) {
        if (e instanceof Expr.Var v) {
            if (v.shape().isScalar()) return true;
            if (declared && v.symmetric()) trusted.add(v);
            return declared && v.symmetric();
        }
        if (e instanceof Expr.Num) return true;
        if (e instanceof Expr.Named n) return of(Canonical.alias(n));
        if (!(e instanceof Node n)) return false;
        if (n.shape().isScalar()) return true;
        if (!n.shape().rows().equals(n.shape().cols())) return false;
        if (n.op().has(OpSpec.Flag.SYMMETRIC)) return true;
        if (n.op().has(OpSpec.Flag.KEEPS_SYMMETRY)) return !Exprs.anyChild(n, a -> !of(a));
        return switch (n.op()) {
            case ONES -> true;
            case TRANSPOSE -> of(n.arg(0));
            case SCALE -> of(n.arg(1));
            case DIV -> of(n.arg(0));
            case ADD -> sum(n);
            case MATMUL -> palindrome(n.args());
            default -> false;
        };
    }

    /** Each term symmetric, or coming with its transpose at the same coefficient. */
    private boolean sum(Node n) {
        Map<Expr, Double> coefficients = IdentityMaps.map();
        for (Expr t : n.args()) {
            Term term = Term.readThrough(t);
            coefficients.merge(Canonical.alias(term.base()), term.coefficient(), Double::sum);
        }
        for (var e : coefficients.entrySet()) {
            Expr base = e.getKey();
            if (of(base)) continue;
            Expr t = Exprs.is(base, Op.TRANSPOSE) ? Canonical.alias(Exprs.arg(base, 0)) : null;
            Double other = null;
            if (t != null) other = coefficients.get(t);
            else for (var f : coefficients.entrySet())
                if (Exprs.is(f.getKey(), Op.TRANSPOSE) && Canonical.alias(Exprs.arg(f.getKey(), 0)) == base) other = f.getValue();
            if (!e.getValue().equals(other)) return false;
        }
        return true;
    }

    /** Factor i is the transpose of factor k−1−i, and a middle factor is symmetric. */
    private boolean palindrome(List<Expr> factors) {
        int k = factors.size();
        for (int i = 0; i < k / 2; i++) {
            Expr a = Canonical.alias(factors.get(i)), b = Canonical.alias(factors.get(k - 1 - i));
            boolean mirrored = Exprs.is(b, Op.TRANSPOSE) && Canonical.alias(Exprs.arg(b, 0)) == a
                    || Exprs.is(a, Op.TRANSPOSE) && Canonical.alias(Exprs.arg(a, 0)) == b
                    || a == b && of(a);
            if (!mirrored) return false;
        }
        return k % 2 == 0 || of(factors.get(k / 2));
    }
}
