package dev.matdiff.simplify;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;

import java.util.ArrayList;
import java.util.List;

import static dev.matdiff.expr.Exprs.*;

/**
 * An atom read through a name defined from it: p = 1 ⊘ (1 + e) gives e = (1 − p) ⊘ p, p = (1 + tanh(u))/2 gives
 * tanh(u) = 2p − 1. A gradient that holds both the name and the atom then cancels in the
 * name alone, as the textbook writes it: p − y for NumPy's e = exp(−z); p = 1/(1 + e), and no p ⊙ (1 − p) left over
 * 1 − tanh(u)² to lose its digits where p rounds to 0.
 */
final class NamedInverses {
    private NamedInverses() {}

    /**
     * Whether a name's definition is arithmetic in a function's value or another name (1 ⊘ (1 + e), t ⊙ eᵘ), so that
     * the atom may be read through the name. A residual r = Xw − y is not: Xw is not what a gradient cancels against r.
     */
    static boolean invertible(Expr e) { return e instanceof Named n && Rational.isArithmetic(n.body()) && readsAFunction(n.body()); }

    private static boolean readsAFunction(Expr e) {
        if (e instanceof Named || is(e, Op.ONES)) return e instanceof Named;
        if (!Rational.isArithmetic(e)) return e instanceof Node n && n.op().isElementwise();
        for (Expr c : e.children()) if (readsAFunction(c)) return true;
        return false;
    }

    /**
     * The atom a written with the name p, when p's definition holds a once and along a path that can be undone
     * (sums and products with what does not hold a, negation, a quotient, a reciprocal); else null.
     */
    static Expr inverse(Named p, Expr a) {
        // a number or a block of ones is a constant of the definition, not what it was defined from
        if (a == p || a instanceof Expr.Num || is(a, Op.ONES) || is(a, Op.EYE)) return null;
        return inverse(p.body(), a, p);
    }

    private static Expr inverse(Expr body, Expr a, Expr value) {
        if (body == a) return value;
        if (!(body instanceof Node n) || body instanceof Named) return null;
        int holding = -1;
        for (int i = 0; i < n.arity(); i++) {
            if (!Dag.asWritten(n.arg(i)).contains(a)) continue;
            if (holding >= 0) return null;  // a twice: no one inverse
            holding = i;
        }
        if (holding < 0) return null;
        Expr x = n.arg(holding);
        List<Expr> rest = new ArrayList<>(n.args());
        rest.remove(holding);
        return switch (n.op()) {
            case NEG -> inverse(x, a, neg(value));
            case ADD -> inverse(x, a, sub(value, add(rest)));
            case SCALE -> holding == 1 && neverZero(rest.get(0)) ? inverse(x, a, div(value, rest.get(0))) : null;
            case HADAMARD -> rest.stream().allMatch(NamedInverses::neverZero)
                    ? inverse(x, a, elemDiv(value, rest.size() == 1 ? rest.get(0) : hadamard(rest.get(0), rest.get(1)))) : null;
            // k/s = v gives s = k/v only where v, and so k, is a scalar: a divisor is one
            case DIV -> holding == 0 ? inverse(x, a, mul(value, rest.get(0)))
                    : value.shape().isScalar() ? inverse(x, a, div(rest.get(0), value)) : null;
            case ELEMDIV -> holding == 0 ? inverse(x, a, hadamard(value, rest.get(0))) : inverse(x, a, elemDiv(rest.get(0), value));
            case ELEMPOW -> n.param() == -1 ? inverse(x, a, elemPow(value, -1)) : null;
            default -> null;
        };
    }

    /**
     * A factor the inverse may divide by: a nonzero number, or a value never 0 (exp, σ, softmax: {@link
     * dev.matdiff.expr.OpSpec.Flag#POSITIVE}). Not a symbol, constant or not, nor an intermediate: t₁ = e⁻ᵗ ⊙ t read as
     * e⁻ᵗ = t₁ ⊘ t wrote a gradient that divides by x, undefined at x = 0 where the gradient is 1, and t = a·eˣ read as
     * eˣ = t/a one undefined at a = 0 (review).
     */
    private static boolean neverZero(Expr d) {
        if (d instanceof Expr.Num n) return n.value() != 0;
        return d instanceof Node n && n.op().has(dev.matdiff.expr.OpSpec.Flag.POSITIVE);
    }
}
