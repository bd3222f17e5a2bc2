package dev.matdiff.simplify;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Shape;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static dev.matdiff.expr.Exprs.*;
import static dev.matdiff.simplify.ArithmeticWeight.*;

/**
 * A rational function that {@link Rational} has cancelled, written back as an expression: over one denominator or term
 * by term, the numerator factored where a textbook factors it, terms in print order. A sum the expression had, met
 * again as a polynomial, is written as it was (a + b^2, not b^2 + a beside it).
 */
final class RationalWriter {
    private final List<Expr> atoms;
    /** The sums of the expression read, by their polynomial. */
    private final Map<Poly, Expr> written;

    /** The roots √u read from a power u^(k/2): their powers are written as powers of u. */
    private final java.util.Set<Expr> halfRead;

    RationalWriter(List<Expr> atoms, Map<Poly, Expr> written, java.util.Set<Expr> halfRead) {
        this.atoms = atoms;
        this.written = written;
        this.halfRead = halfRead;
    }

    /**
     * An atom to the power k ≥ 1. √u squared is u; √u^k of a root read from a power is that power, u^(k/2): (1 + x^2)^2.5
     * as the program's (1 + x^2)^-0.5 leads to. A power differentiates safely where √u^3 would not: the slope of u^1.5 is
     * 1.5u^0.5, that of √u^3 is 3√u²/(2√u), which has no value at u = 0.
     */
    private Expr power(Expr a, int k) {
        if (k == 1) return a;
        if (!is(a, dev.matdiff.expr.Op.SQRT) || k % 2 == 1 && !halfRead.contains(a)) return elemPow(a, k);
        return k == 2 ? arg(a, 0) : elemPow(arg(a, 0), k / 2.0);
    }

    Expr build(Frac f, Shape shape) {
        // terms all in halves or thirds, the whole number below too: (3*x - y)/2, not 1.5*x - 0.5*y
        int whole = f.den().isEmpty() && f.num().fractions() ? f.num().wholeMultiplier() : 1;
        if (f.den().isEmpty()) return whole == 1 ? numerator(f.num(), shape) : div(numerator(f.num().wholeTimes(whole), shape), num(whole));
        // a factor met k times is written once, to the power k: (a + b)³, not (a + b)(a + b)(a + b), which would weigh
        // more than the quotient it cancels and so never be kept
        Map<Poly, Integer> powers = new java.util.LinkedHashMap<>();
        for (Poly factor : f.den()) powers.merge(factor, 1, Integer::sum);
        TurnedDenominators.Turned turned = TurnedDenominators.turned(f.num(), powers, printOrder(), written::containsKey);
        Poly top = turned.top();
        powers = turned.powers();
        // a numerator with a written difference as a factor stays one quotient: 1 − x²/y² would cancel where x is near y
        if (writtenFactors(null, top.overMono(top.content()), shape) != null) return overOne(top, powers, shape);
        // a numerator that is a multiple of its one divisor and a shorter rest: 1 + y/(e − 1), not (e + y − 1)/(e − 1)
        if (powers.size() == 1 && powers.values().iterator().next() == 1) {
            Poly d = powers.keySet().iterator().next();
            double quotient = top.shortestMultipleOf(d);
            Poly rest = Double.isNaN(quotient) ? null : top.plus(d.scaled(-quotient));
            if (rest != null && !rest.terms.isEmpty() && rest.terms.size() + 1 < top.terms.size())
                return add(numerator(Poly.constant(quotient), shape), build(new Frac(rest, List.of(d)), shape));
        }
        Expr over = overOne(top, powers, shape);
        Expr apart = dividedTermwise(top, powers, shape);
        Expr best = apart != null && weight(apart) < weight(over) ? apart : over;
        Expr split = eachTermCancelled(top, powers, shape);
        return split != null && weight(split) < weight(best) ? split : best;
    }

    /**
     * Over a monomial divisor, each term of the numerator that shares part of it over what is left, the terms that share
     * nothing over all of it: the cosine's (‖u‖v − L‖v‖u)/(‖u‖²‖v‖) is v/(‖u‖‖v‖) − L·u/‖u‖², CCA's (c·S_xy b − L·t·S_xx a)/(t·c)
     * is S_xy b/t − L·S_xx a/c, as the quotient rule's two terms read (trial s80b), and a Rayleigh quotient plus ‖x‖² is
     * 2x + (A + Aᵀ)x/(xᵀx) − 2(xᵀAx)x/(xᵀx)², not all of it over (xᵀx)²; null where no term shares anything (the Rayleigh
     * quotient's 2(Ax − r x)/(xᵀx) stays one quotient) or the divisor is no monomial. The caller keeps it only where it weighs less.
     */
    private Expr eachTermCancelled(Poly top, Map<Poly, Integer> powers, Shape shape) {
        Poly.Mono divisor = monomial(powers);
        if (top.terms.size() < 2 || divisor == null) return null;
        List<Expr> terms = new ArrayList<>();
        Poly whole = Poly.constant(0);  // the terms that share nothing with it, kept over the whole divisor
        for (var term : top.ordered(printOrder())) {
            Poly.Mono shared = Poly.common(term.getKey(), divisor);
            if (shared.equals(Poly.Mono.ONE)) {
                whole = whole.plus(Poly.of(term.getKey(), term.getValue()));
                continue;
            }
            terms.add(build(new Frac(Poly.of(term.getKey().over(shared), term.getValue()), factors(divisor.over(shared), powers)), shape));
        }
        if (terms.isEmpty()) return null;
        if (!whole.isZero()) terms.add(build(new Frac(whole, factors(divisor, powers)), shape));
        return add(terms);
    }

    /** The divisor as one monomial, each factor to its power; null where a factor is no monomial of coefficient 1. */
    private static Poly.Mono monomial(Map<Poly, Integer> powers) {
        Poly.Mono divisor = Poly.Mono.ONE;
        for (var power : powers.entrySet()) {
            Poly factor = power.getKey();
            if (factor.terms.size() != 1 || factor.terms.values().iterator().next() != 1) return null;
            for (int i = 0; i < power.getValue(); i++) divisor = divisor.times(factor.terms.keySet().iterator().next());
        }
        return divisor;
    }

    /**
     * What is left of a divisor, m, as the divisor's own factors in their order (each as often as it divides m), then any
     * atom left: every term's quotient then writes one divisor one way (review s80q: norm(v)*norm(u)^3 beside
     * norm(u)^3*norm(v)).
     */
    private static List<Poly> factors(Poly.Mono m, Map<Poly, Integer> powers) {
        List<Poly> out = new ArrayList<>();
        for (var power : powers.entrySet()) {
            Poly.Mono f = power.getKey().terms.keySet().iterator().next();
            for (int k = 0; k < power.getValue(); k++) {
                Poly.Mono rest = m.over(f);
                if (rest == null) break;
                out.add(power.getKey());
                m = rest;
            }
        }
        for (int i = 0; i < m.exps().length; i++) for (int k = 0; k < m.exp(i); k++) out.add(Poly.atom(i));
        return out;
    }

    /**
     * A monomial divisor taken into the numerator's terms it divides, where some remain over it: x − 1/x, not
     * (x² − 1)/x (kept by the caller only where it weighs less); null where the divisor is not a monomial of which an
     * entry-wise atom is a factor, or divides all terms or none.
     */
    private Expr dividedTermwise(Poly top, Map<Poly, Integer> powers, Shape shape) {
        Poly.Mono divisor = monomial(powers);
        if (divisor == null) return null;
        List<Poly> den = factors(divisor, powers);
        Poly whole = Poly.constant(0), rest = Poly.constant(0);
        for (var term : top.terms.entrySet()) {
            Poly.Mono q = term.getKey().over(divisor);
            if (q != null) whole = whole.plus(Poly.of(q, term.getValue()));
            else rest = rest.plus(Poly.of(term.getKey(), term.getValue()));
        }
        if (whole.isZero() || rest.isZero() || !elementwise(divisor)) return null;
        return add(numerator(whole, shape), build(Frac.reduced(new Frac(rest, den)), shape));
    }

    /** Whether the monomial holds an atom that is not a scalar: (K s − y)/K stays over the count K, x − 1/x is split. */
    private boolean elementwise(Poly.Mono m) {
        for (int i = 0; i < m.exps().length; i++) if (m.exp(i) != 0 && !atoms.get(i).shape().isScalar()) return true;
        return false;
    }

    /** The numerator over its divisors, each met k times written once to the power k. */
    private Expr overOne(Poly top, Map<Poly, Integer> powers, Shape shape) {
        // a numerator in halves or thirds puts the whole number below: -x/(2*s^3), not -0.5*x/s^3
        int k = top.wholeMultiplier();
        Expr num = numerator(k == 1 ? top : top.wholeTimes(k), shape);
        Expr den = null;
        for (var power : powers.entrySet()) {
            Poly factor = power.getKey();
            Expr d = factor(factor, allScalar(factor) ? Shape.SCALAR : shape);
            // a power of a power is one power: (1 + x^2)^3, not ((1 + x^2)^1.5)^2
            if (power.getValue() > 1) d = is(d, dev.matdiff.expr.Op.ELEMPOW) ? elemPow(arg(d, 0), ((dev.matdiff.expr.Expr.Node) d).param() * power.getValue())
                    : power(d, power.getValue());
            den = den == null ? d : scalar(den) && scalar(d) ? mul(den, d) : hadamard(den, d);
        }
        if (k != 1) den = scalar(den) ? mul(num(k), den) : scale(num(k), den);
        return scalar(den) ? div(num, den) : elemDiv(num, den);
    }

    /**
     * A numerator that is a monomial times a polynomial in one atom, factored as a textbook writes it when that weighs at
     * most one more than the expanded sum: σ ⊙ (1 − σ) ⊙ (1 − 2σ) for 2σ³ − 3σ² + σ (σ'' / σ), y ⊙ σ ⊙ (1 − σ) ⊙ (1 − 2σ)
     * beside a y, (1 − t.^2) ⊙ (1 − 3t.^2) for 3t⁴ − 4t² + 1, t ⊙ (1 − t.^2) for t − t³; the expanded sum otherwise
     * (1 − t.^2 stays as it is).
     */
    private Expr numerator(Poly p, Shape shape) {
        Expr expanded = polynomial(p, shape);
        if (p.terms.size() < 2) return expanded;
        Poly.Mono content = p.content();
        Poly rest = p.overMono(content);
        Expr contentPart = content.equals(Poly.Mono.ONE) ? null : polynomial(Poly.of(content, 1), shape);
        int limit = weight(expanded) + 1;
        Expr byWritten = writtenFactors(contentPart, rest, shape);
        // a few more operations than the expansion are worth its digits: (y - x) .* (y + x), not y.^2 - x.^2
        if (byWritten != null && weight(byWritten) <= limit + 4) return byWritten;
        int atom = LinearFactors.soleAtom(rest);
        if (atom < 0) {
            // in several atoms, each atom's factors: (1 − T²)(1 − t²) of tanh(tanh(x))'', z(1 − z) of an HVP through z = σ(h)
            Expr fallback = contentOut(p, content, expanded, shape);
            int[] held = java.util.stream.IntStream.range(0, atoms.size()).filter(i -> holds(rest, i)).toArray();
            LinearFactors split = LinearFactors.of(rest, held);
            Expr all = split.factors().isEmpty() ? null : factored(contentPart, split, shape, false);
            return all != null && weight(all) <= limit && weight(all) < weight(fallback) ? all : fallback;
        }
        LinearFactors split = LinearFactors.of(rest, atom);
        // without a root, only a power of the atom alone is taken out (t ⊙ (1 − t.^2)); other monomials as contentOut does
        boolean atomOnly = LinearFactors.soleAtom(Poly.of(content, 1)) == atom;
        if (split.factors().isEmpty() && !atomOnly) return contentOut(p, content, expanded, shape);
        // the most factored first: every root found, then only the monomial taken out
        if (!split.factors().isEmpty()) {
            // a content of other, larger atoms goes last, as a textbook writes (2x + 1)cos(x + x²); b(1 − t²), σ(1 − σ) keep it first
            boolean contentLast = contentPart != null && scalar(contentPart) && !holds(Poly.of(content, 1), atom)
                    && sizedWeight(contentPart) > weight(contentPart);
            Expr all = factored(contentPart, split, shape, contentLast);
            if (all != null && weight(all) <= limit) return all;
        }
        if (contentPart == null) return expanded;
        Expr taken = times(contentPart, polynomial(rest, scalar(atoms.get(atom)) ? Shape.SCALAR : shape));
        return weight(taken) <= limit ? taken : expanded;
    }

    /**
     * rest as the content times powers of sums the expression wrote (in the order it wrote them), or of a binomial whose
     * square it is, times what is left: c·w₁^k₁·w₂^k₂⋯ (a square, or sums of atoms alone), or, with a difference of atoms
     * among them, times the rest written out; else null. The square of a residual stays one, (x − μ).^2 ⊘ s.^3, where
     * expanded, μ² − 2x ⊙ μ + x², it would cancel to nothing once x and μ are large and close (a standardised residual's
     * gradient in its scale); so do (a − b)²(a + b)² and a quotient's derivative over its divisor, (a − b)²(a + 2b)/b².
     */
    private Expr writtenFactors(Expr contentPart, Poly rest, Shape shape) {
        List<Poly> roots = new ArrayList<>(written.keySet());
        Poly binomial = rest.binomialRoot();
        // the term printed first positive (the print order's, as the expanded sum would have been written)
        if (binomial != null) roots.add(binomial.ordered(printOrder()).get(0).getValue() < 0 ? binomial.scaled(-1) : binomial);
        Poly q = rest;
        int total = 0, highest = 0;
        boolean differences = false;
        Expr all = contentPart;
        for (Poly w : roots) {
            if (w.terms.size() < 2) continue;
            int k = 0;
            for (Poly next; total + k < Rational.MAX_POWER && (next = q.over(w)) != null; k++) q = next;
            if (k == 0) continue;
            all = times(all, power(factor(w, allScalar(w) ? Shape.SCALAR : shape), k));
            total += k;
            highest = Math.max(highest, k);
            differences |= !w.terms.containsKey(Poly.Mono.ONE);
        }
        double c = q.constantValue();
        if (!Double.isNaN(c)) {
            // some sum squared or more, or a sum of two atoms ((a − b)(a + b) expanded, a² − b², cancels where a is near b);
            // but (1 − t)(1 + t) is 1 − t², as the textbook writes tanh′ (eval computes 1 − u² from u as the product)
            if (total < 2 || highest < 2 && !differences) return null;
            if (c != 1) all = scale(num(c), all);
        } else {
            // a difference of atoms the expression wrote, times what is left written out: (a − b)²(2b + a)/b², not
            // (3ab² − a³ − 2b³)/b², which cancels to nothing where a is near b (a quotient's derivative over its divisor)
            if (!differences) return null;
            all = times(all, withWrittenSum(q, allScalar(q) ? Shape.SCALAR : shape));
        }
        return all.shape().equals(shape) ? all : null;
    }

    /**
     * q written out, but a sum the expression wrote taken out of the terms it spans where that weighs no more: swish's
     * slope h − h ⊙ σ + 1 is h ⊙ (1 − σ) + 1 beside the (1 − σ) of σ′, as the textbook writes σ ⊙ (1 + h ⊙ (1 − σ)).
     */
    private Expr withWrittenSum(Poly q, Shape shape) {
        Expr expanded = polynomial(q, shape);
        for (Poly w : written.keySet()) {
            if (w.terms.size() < 2 || q.terms.size() <= w.terms.size()) continue;
            var lead = w.terms.entrySet().iterator().next();
            for (var t : q.terms.entrySet()) {
                Poly.Mono m = t.getKey().over(lead.getKey());
                if (m == null || m.equals(Poly.Mono.ONE)) continue;
                Poly part = w.times(Poly.of(m, t.getValue() / lead.getValue()));
                Poly rest = part == null ? null : q.plus(part.scaled(-1));
                if (rest == null || rest.terms.size() != q.terms.size() - w.terms.size()) continue;
                Poly by = Poly.of(m, t.getValue() / lead.getValue());
                Expr taken = times(polynomial(by, allScalar(by) ? Shape.SCALAR : shape), factor(w, allScalar(w) ? Shape.SCALAR : shape));
                Expr out = taken.shape().equals(shape) ? add(taken, polynomial(rest, shape)) : null;
                if (out != null && weight(out) <= weight(expanded)) return out;
            }
        }
        return expanded;
    }

    /** The content (or null), times each factor, times what is left unless it is 1; null if that is not of the shape. */
    private Expr factored(Expr contentPart, LinearFactors split, Shape shape, boolean contentLast) {
        Expr all = contentLast ? null : contentPart;
        for (Poly f : split.factors()) all = times(all, factor(f, allScalar(f) ? Shape.SCALAR : shape));
        double c = split.rest().constantValue();
        if (Double.isNaN(c)) all = times(all, polynomial(split.rest(), allScalar(split.rest()) ? Shape.SCALAR : shape));
        else if (c != 1) all = scale(num(c), all);
        if (contentLast && contentPart != null) all = times(all, contentPart);
        return all.shape().equals(shape) ? all : null;
    }

    private static boolean holds(Poly p, int atom) {
        for (Poly.Mono m : p.terms.keySet()) if (m.exp(atom) != 0) return true;
        return false;
    }

    /**
     * The order terms are written in: higher degree first, then by atom in the order the atoms were met, except that
     * the variables among them take their places alphabetically, so a·b/(a + b) does not come out over (b + a)².
     */
    private Comparator<Poly.Mono> printOrder() {
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < atoms.size(); i++) if (atoms.get(i) instanceof Expr.Var) slots.add(i);
        List<Integer> sorted = new ArrayList<>(slots);
        sorted.sort(Comparator.comparing(i -> ((Expr.Var) atoms.get(i)).name()));
        int[] rank = java.util.stream.IntStream.range(0, atoms.size()).toArray();
        for (int j = 0; j < slots.size(); j++) rank[slots.get(j)] = sorted.get(j);
        return Poly.order(rank);
    }

    /**
     * A numerator in several atoms with a monomial and a whole number in every term, written with them taken out where
     * that weighs at most one more than the expanded sum and what is left is a scalar: 2xᵀx(xᵀx + 2)x for 2(xᵀx)²x + 4xᵀx·x.
     */
    private Expr contentOut(Poly p, Poly.Mono content, Expr expanded, Shape shape) {
        long g = p.wholeGcd();
        if (content.equals(Poly.Mono.ONE) && g == 1) return expanded;
        Poly common = Poly.of(content, g), rest = p.overMono(content).over(g);
        // a scalar common part scales the sum that stays: ‖r‖·(x − Ax − Aᵀr), not ‖r‖x − ‖r‖Ax − ‖r‖Aᵀr
        if (!allScalar(rest) && allScalar(common)) {
            Expr scaled = scale(polynomial(common, Shape.SCALAR), polynomial(rest, shape));
            return weight(scaled) <= weight(expanded) + 1 ? scaled : expanded;
        }
        // else an entry-wise sum stays where each of its terms is one: c ⊙ p − c ⊙ y is c ⊙ (p − y) (weighted BCE); a
        // term of scalars alone would need a ones(…) to be written entry-wise, p ⊙ (log(p) − pᵀlog(p)·1), which is longer
        if (!allScalar(rest)) {
            // a power in common is left to the forms that read it (E ⊙ P² is the logistic P ⊙ (1 − P))
            for (int e : content.exps()) if (e > 1) return expanded;
            // but a number alone is written ones(…) where a large atom is then written once: (1 − 2x²) ⊙ e^(−x²)
            if (rest.terms.containsKey(Poly.Mono.ONE) && !content.equals(Poly.Mono.ONE)) {
                Expr taken = times(polynomial(rest, shape), polynomial(common, shape));
                if (fewerLargeAtoms(taken, expanded, true)) return taken;
            }
            for (Poly.Mono m : rest.terms.keySet()) if (allScalar(Poly.of(m, 1))) return expanded;
            Expr taken = times(polynomial(common, shape), polynomial(rest, shape));
            return weight(taken) < weight(expanded) ? taken : expanded;
        }
        // the common part keeps the shape: 3(1 − t²) of a matrix is 3(1 − t²)·1, not a scalar
        Expr taken = scale(polynomial(rest, Shape.SCALAR), polynomial(common, shape));
        return weight(taken) <= weight(expanded) + 1 ? taken : expanded;
    }

    /** a times b, either of them a scalar or null (nothing yet). */
    private static Expr times(Expr a, Expr b) {
        if (a == null) return b;
        if (scalar(a) && scalar(b)) return mul(a, b);
        return scalar(a) ? scale(a, b) : scalar(b) ? scale(b, a) : hadamard(a, b);
    }

    private boolean allScalar(Poly p) {
        for (Poly.Mono m : p.terms.keySet())
            for (int i = 0; i < m.exps().length; i++) if (m.exps()[i] != 0 && !scalar(atoms.get(i))) return false;
        return true;
    }

    /**
     * A factor of a product: a sum the expression had as it was written there, where that weighs no more (a + b^2, not
     * b^2 + a beside it), unless it is written constant first (b + 2 and x'*x + 1 in print order, as textbooks write them).
     */
    private Expr factor(Poly p, Shape shape) {
        Expr built = polynomial(p, shape), asWritten = p.terms.size() > 1 ? written.get(p) : null;
        boolean constantFirst = asWritten != null && (asWritten.children().get(0) instanceof Expr.Num || is(asWritten.children().get(0), dev.matdiff.expr.Op.ONES));
        if (asWritten != null && !constantFirst && asWritten.shape().equals(shape) && weight(asWritten) <= weight(built)) return asWritten;
        Expr withSquare = asWritten == null ? plusSquareOfWritten(p, shape) : null;
        return withSquare != null ? withSquare : built;
    }

    /**
     * p as r + w² for a difference of atoms w the expression wrote, where r is shorter than p, else null: a divisor
     * c·m + (x − m)², not c·m + m² − 2x ⊙ m + x², which cancels where x is near m (a Cauchy loss's scale).
     */
    private Expr plusSquareOfWritten(Poly p, Shape shape) {
        for (Poly w : written.keySet()) {
            if (w.terms.size() < 2 || w.terms.containsKey(Poly.Mono.ONE)) continue;
            Poly square = w.times(w), r = square == null ? null : p.plus(square.scaled(-1));
            if (r == null || r.isZero() || r.terms.size() + 1 >= p.terms.size()) continue;
            Expr rest = polynomial(r, allScalar(r) ? Shape.SCALAR : shape), squared = power(factor(w, allScalar(w) ? Shape.SCALAR : shape), 2);
            // one side of scalars beside a matrix one is written at the matrix's shape: 4*ones(n) + (x + u).^2 (trial s63b: a
            // Cauchy loss's s^2 + (X*w - y).^2 was added as shapes that differ, and the program refused)
            if (rest.shape().isScalar() && !squared.shape().isScalar()) rest = polynomial(r, shape);
            else if (!rest.shape().isScalar() && squared.shape().isScalar()) squared = scale(squared, ones(shape));
            Expr out = add(rest, squared);
            if (out.shape().equals(shape)) return out;
        }
        return null;
    }

    /** A polynomial as a sum of terms c · (scalar atoms) · (the others, ⊙-multiplied), highest degree first. */
    private Expr polynomial(Poly p, Shape shape) {
        if (p.isZero()) return zeros(shape);
        List<Expr> terms = new ArrayList<>();
        for (var term : p.ordered(printOrder())) {
            Expr scalars = null, entries = null;
            int[] exps = term.getKey().exps();
            for (int i = 0; i < exps.length; i++) {
                if (exps[i] == 0) continue;
                Expr a = atoms.get(i);
                Expr factor = power(a, exps[i]);
                if (scalar(a)) scalars = scalars == null ? factor : mul(scalars, factor);
                else entries = entries == null ? factor : hadamard(entries, factor);
            }
            Expr t = entries != null ? entries : shape.isScalar() ? ONE : ones(shape);
            if (scalars != null) t = scale(scalars, t);
            terms.add(scale(num(term.getValue()), t));
        }
        // a positive term first where there is one: x + y − x ⊙ y, not −x ⊙ y + x + y
        List<Double> coefficients = p.ordered(printOrder()).stream().map(java.util.Map.Entry::getValue).toList();
        int first = coefficients.get(0) < 0 ? java.util.stream.IntStream.range(0, coefficients.size()).filter(i -> coefficients.get(i) > 0).findFirst().orElse(0) : 0;
        if (first > 0) terms.add(0, terms.remove(first));
        return add(terms);
    }
}
