package dev.matdiff.simplify;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Term;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.matdiff.expr.Exprs.*;

/**
 * A gradient that starts with a minus before a product holding a difference is printed with the difference turned
 * round where the objective does not write it: X'*(p - y), not -X'*(y - p), as the textbooks write logistic
 * regression's; minus a two-term difference is the difference turned, −(a − b) = b − a. Only the derivative as a whole:
 * a term of a sum keeps the sign it was derived with (lasso's λ·sign(w) − X'(y − Xw)/N stays as the objective reads),
 * and a slope as the textbooks write it, 1 − σ or 1 − h², is not turned.
 */
public final class LeadingSign {
    private final Expr objective;
    /** The objective's nodes, read through its names: found once, where a gradient first needs them. */
    private Set<Expr> written;

    public LeadingSign(Expr objective) { this.objective = objective; }

    public Expr positive(Expr g) {
        if (is(g, Op.DIV)) {  // −2·A/a: the sign is the numerator's
            Expr numerator = positive(arg(g, 0));
            return numerator == arg(g, 0) ? g : div(numerator, arg(g, 1));
        }
        if (Term.of(g).coefficient() >= 0) return g;  // −A, and −2·A
        if (written == null) {
            written = IdentityMaps.set();
            written.addAll(Dag.postOrder(objective));
        }
        Expr turned = turned(g, written, new ArrayList<>());
        return turned == null ? g : turned;
    }

    /**
     * A term with a minus, −(R − UVᵀ)V, as the same term with its difference turned round, (UVᵀ − R)V, whether or not the
     * objective writes the difference; null where it has none to turn, or carries no minus.
     */
    public static Expr turned(Expr term) { return turned(term, Set.of(), new ArrayList<>()); }

    /** The same, adding to {@code differences} the difference it turned (as it stood, a − b for b − a). */
    public static Expr turned(Expr term, List<Expr> differences) { return turned(term, Set.of(), differences); }

    /** The same, a difference the objective writes (in {@code written}) left as it is. */
    private static Expr turned(Expr term, Set<Expr> written, List<Expr> differences) {
        Term t = Term.of(term);
        if (t.coefficient() >= 0) return null;
        Expr flipped = flipped(t.base(), written, differences);
        return flipped == null ? null : new Term(-t.coefficient(), flipped).build();
    }

    /**
     * x turned round: a difference a − b as b − a, else its last factor that is one, through scalars; null where it has none. A
     * difference the objective writes stays as written: ‖g − Mx‖²'s gradient is −2(g − Mx)xᵀ, as the seed has it.
     */
    private static Expr flipped(Expr x, Set<Expr> written, List<Expr> differences) {
        // −(a − b) is b − a: a Hessian's −((…)/‖x‖³ − 3(…)/‖x‖⁵) reads as its two terms
        if (is(x, Op.ADD)) {
            Expr turned = written.contains(x) ? null : turnedDifference(x);
            if (turned != null) differences.add(x);
            return turned;
        }
        if (is(x, Op.DIV)) {
            Expr inner = flipped(arg(x, 0), written, differences);
            return inner == null ? null : div(inner, arg(x, 1));
        }
        if (is(x, Op.TRANSPOSE)) {  // −(R − UVᵀ)ᵀU is (UVᵀ − R)ᵀU
            Expr inner = flipped(arg(x, 0), written, differences);
            return inner == null ? null : transpose(inner);
        }
        if (!is(x, Op.MATMUL) && !is(x, Op.HADAMARD) && !is(x, Op.SCALE)) return null;
        List<Expr> factors = new ArrayList<>(x.children());
        for (int i = factors.size() - 1; i >= 0; i--) {
            Expr f = factors.get(i);
            // every product is linear in each factor, so turning one factor's difference turns the whole; a scaling's
            // scalar is a factor too: a Hessian's −n·det(aA)·(1 − n)/a² is n·det(aA)·(n − 1)/a²
            Expr turned = flipped(f, written, differences);
            if (turned == null) continue;
            factors.set(i, turned);
            return is(x, Op.MATMUL) ? matmul(factors) : is(x, Op.SCALE) ? scale(factors.get(0), factors.get(1)) : hadamard(factors.get(0), factors.get(1));
        }
        return null;
    }

    /**
     * b − a for a two-term sum a − b whose second term carries a minus (−b, −3·b, −3·b/c) and whose first does not; else
     * null, and for a slope as the textbooks write it, 1 − σ or 1 − h² (h.^2 − 1 read oddly beside the Hessian's).
     */
    private static Expr turnedDifference(Expr sum) {
        if (!is(sum, Op.ADD) || sum.children().size() != 2 || negative(arg(sum, 0))) return null;
        Expr a = arg(sum, 0), b = arg(sum, 1), minusB;
        if (is(b, Op.DIV) && negative(arg(b, 0))) minusB = div(Term.of(arg(b, 0)).negated(), arg(b, 1));
        else if (negative(b)) minusB = Term.of(b).negated();
        else return null;
        return slope(a, minusB) ? null : sub(minusB, a);
    }

    private static boolean negative(Expr e) { return Term.of(is(e, Op.DIV) ? arg(e, 0) : e).coefficient() < 0; }

    /** Whether c − g is a slope: a constant less a function's value or its power, 1 − σ(u), 1 − h² for a named h (not 1 − a). */
    private static boolean slope(Expr c, Expr g) {
        Expr first = Term.of(c).base(), second = Term.of(g).base();
        if (is(second, Op.ELEMPOW)) second = arg(second, 0);
        return (first instanceof Expr.Num || is(first, Op.ONES) || is(first, Op.EYE))
                && (second instanceof Expr.Named || is(second, Op.SIGMOID) || is(second, Op.TANH));
    }
}
