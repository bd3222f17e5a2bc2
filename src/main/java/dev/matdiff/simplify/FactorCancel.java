package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Fraction;
import dev.matdiff.expr.Op;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.matdiff.expr.Exprs.*;

/**
 * P ⊙ (t₁ + … + tₖ) = P ⊙ t₁ + … + P ⊙ tₖ where that leaves no quotient: each term's divisors are
 * factors of P, cancelled factor by factor (a factor is whatever is not a product, a quotient or a
 * whole power, such as 1 − p, never expanded). So a focal loss's σ(1 − σ) ⊙ (… − (1 − σ)² ⊙ y ⊘ σ +
 * σ² ⊙ (1 − y) ⊘ (1 − σ)) reads as the textbook's − (1 − σ)³ ⊙ y + σ³ ⊙ (1 − y), with no 0/0 where σ
 * rounds to 0 or 1. Cancelling assumes the cancelled factor is not zero, as {@link Rational} does.
 */
final class FactorCancel {
    private FactorCancel() {}

    /** A product c · Π baseᵏ: its number and each factor's whole exponent, in the order met. */
    private record Product(double coefficient, Map<Expr, Integer> exponents) {
        boolean hasQuotient() { return exponents.values().stream().anyMatch(k -> k < 0); }
    }

    static Expr distributed(Node n) {
        // the sum is one side of this ⊙, the factors of P the other: a rule that flattened every chain of ⊙ at each of
        // its nodes would be quadratic in a 10,000-deep chain (a sine chain's gradient)
        for (int i = 0; i < 2; i++) {
            Expr sum = n.arg(i);
            if (!is(sum, Op.ADD) || sum.children().stream().noneMatch(FactorCancel::hasQuotient)) continue;
            Product outside = product(n.arg(1 - i));
            List<Expr> terms = new ArrayList<>();
            boolean cancelled = false;
            for (Expr t : sum.children()) {
                Product inside = product(t);
                Product whole = times(outside, inside);
                if (whole.hasQuotient()) { terms = null; break; }
                cancelled |= inside.hasQuotient();
                terms.add(build(whole, n));
            }
            if (terms != null && cancelled) return add(terms);
        }
        return null;
    }

    /** Whether t, a term, divides by something: a ⊘, a /, or a negative power among its factors. */
    static boolean hasQuotient(Expr t) { return product(t).hasQuotient(); }

    private static Product product(Expr e) { return collect(e, 1, new Product(1, new LinkedHashMap<>())); }

    private static Product collect(Expr e, int power, Product into) {
        double c = into.coefficient();
        Map<Expr, Integer> exponents = into.exponents();
        if (e instanceof Num num) return new Product(Fraction.multiply(c, Fraction.power(num.value(), power)), exponents);
        if (is(e, Op.NEG)) return collect(arg(e, 0), power, new Product(power % 2 == 0 ? c : -c, exponents));
        if (is(e, Op.HADAMARD)) {
            for (Expr f : e.children()) into = collect(f, power, into);
            return into;
        }
        if (is(e, Op.ELEMDIV) || is(e, Op.DIV)) return collect(arg(e, 1), -power, collect(arg(e, 0), power, into));
        if (is(e, Op.SCALE)) return collect(arg(e, 1), power, collect(arg(e, 0), power, into));
        if (is(e, Op.ELEMPOW) && isWhole(((Node) e).param())) return collect(arg(e, 0), power * (int) ((Node) e).param(), into);
        if (is(e, Op.ONES)) return into;
        exponents.merge(e, power, Integer::sum);
        return into;
    }

    private static boolean isWhole(double p) { return p == Math.rint(p) && Math.abs(p) <= Rational.MAX_ATOM_POWER; }

    private static Product times(Product a, Product b) {
        Map<Expr, Integer> exponents = new LinkedHashMap<>();
        exponents.putAll(a.exponents());
        b.exponents().forEach((base, k) -> exponents.merge(base, k, Integer::sum));
        return new Product(a.coefficient() * b.coefficient(), exponents);
    }

    /** c · Π baseᵏ in n's shape: scalar factors in front, as the factories put them. */
    private static Expr build(Product p, Node n) {
        Expr elementwise = null, scalar = null;
        for (var f : p.exponents().entrySet()) {
            int k = f.getValue();
            if (k == 0) continue;
            Expr power = k == 1 ? f.getKey() : elemPow(f.getKey(), k);
            if (f.getKey().shape().isScalar()) scalar = scalar == null ? power : scale(scalar, power);
            else elementwise = elementwise == null ? power : hadamard(elementwise, power);
        }
        Expr out = elementwise == null ? ones(n.shape()) : elementwise;
        if (scalar != null) out = scale(scalar, out);
        return p.coefficient() == 1 ? out : scale(num(p.coefficient()), out);
    }
}
