package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static dev.matdiff.expr.Exprs.*;
import static dev.matdiff.simplify.ArithmeticWeight.*;

/**
 * Cancels what a textbook cancels in an element-wise or scalar quotient: the expression, read as
 * a rational function of its atoms (everything that is not a sum, ⊙, ⊘, a scaling or an integer
 * power), is brought over one denominator, each denominator factor that divides the numerator
 * exactly is divided out, and the result is kept if it is smaller than what was there. So
 * p ⊙ (1 − p) ⊙ ((1 − y) ⊘ (1 − p) − y ⊘ p) becomes p − y, 2x/(2√(xᵀx)) becomes x/√(xᵀx).
 * Cancelling assumes the cancelled factor is not zero, as the textbooks do.
 */
final class Rational {

    static final int MAX_POWER = 6, MAX_ATOM_POWER = 32, MAX_TREE = 200;

    private final List<Expr> atoms = new ArrayList<>();
    private final Map<Expr, Integer> atomIndex = IdentityMaps.map();
    /** The squares the expression also holds the root of, each to its root (see {@link Roots}). */
    private final Map<Expr, Expr> rootOf;
    /** The scalars whose |u| the expression also holds, each to that |u|: an even power of u is one of |u|. */
    private final Map<Expr, Expr> absOf;
    /** Each √u of an arithmetic u (that the expression holds only under the root) to u. */
    private final Map<Expr, Expr> sqrtOf;
    /** The sums read as one atom: {@link Roots#wholeSums}. */
    private final java.util.Set<Expr> wholeSums;

    /** Whether a named quotient is read as its definition's factors ({@link #openable}) rather than as one atom. */
    private final boolean open;

    private Rational(Roots roots, boolean open) {
        this.open = open;
        this.rootOf = roots.rootOf();
        this.absOf = roots.absOf();
        this.sqrtOf = roots.sqrtOf();
        this.wholeSums = roots.wholeSums();
    }

    /**
     * e cancelled, when that weighs less than e; else null. A sum is also cancelled term by term, kept apart when that
     * weighs no more than the cancelled sum, or one more where that sum is a quotient over one denominator: (A + Aᵀ)x/(2√(xᵀAx)) + 3‖x‖x + 2x/n, not
     * (2(3√(xᵀAx)‖x‖n + 2√(xᵀAx))x + n(A + Aᵀ)x)/(2√(xᵀAx)n).
     */
    static Expr lighter(Expr e) {
        Expr closed = lighterClosed(e);
        if (!holdsOpenable(e)) return closed;
        // r = y ⊘ softmax(z) read as its factors: y² ⊘ (r ⊙ softmax(z)) is y, where r as one atom cancels nothing
        Expr opened = new Rational(Roots.in(e), true).rewrite(e), now = closed == null ? e : closed;
        return opened != null && weight(opened) < weight(now) && sizedWeight(opened) <= sizedWeight(now) ? opened : closed;
    }

    /**
     * A named intermediate whose definition is a small entry-wise quotient of products of atoms (r = y ⊘ softmax(z)):
     * a derivation that goes through it meets its factors outside it too, and only read as them do they cancel. A
     * named product (λ = t ⊙ exp(Xw)) stays one atom: its gradient reads best with the name, λ − y.
     */
    static boolean openable(Expr e) {
        return e instanceof Expr.Named n && is(n.body(), Op.ELEMDIV) && monomial(n.body(), new int[] {8});
    }

    /** Whether e's arithmetic reads an {@link #openable} name as one of its atoms (not looking into the atoms). */
    private static boolean holdsOpenable(Expr e) {
        if (openable(e)) return true;
        if (!isArithmetic(e)) return false;
        for (Expr c : e.children()) if (holdsOpenable(c)) return true;
        return false;
    }

    private static boolean monomial(Expr e, int[] budget) {
        if (--budget[0] < 0) return false;
        if (!isArithmetic(e)) return true;
        Node n = (Node) e;
        return switch (n.op()) {
            case HADAMARD, ELEMDIV, SCALE, DIV, NEG -> n.args().stream().allMatch(c -> monomial(c, budget));
            case ELEMPOW -> n.param() == Math.rint(n.param()) && !isArithmetic(n.arg(0));
            default -> false;
        };
    }

    private static Expr lighterClosed(Expr e) {
        List<List<Expr>> groups = is(e, Op.ADD) ? Atoms.apart(e.children()) : null;
        if (groups != null) {
            // terms of disjoint atoms cannot cancel one another: each group on its own, so σ(x)(1 − σ(x))(1 − 2σ(x)) beside
            // −2 tanh(x)(1 − tanh(x)²) keeps the form it has alone, not the polynomial the two expand to together
            Expr apart = eachLightened(groups.stream().map(Exprs::add).toList());
            return apart != null && weight(apart) < weight(e) ? apart : null;
        }
        Expr better = new Rational(Roots.in(e), false).rewrite(e);
        if (better != null && (weight(better) >= weight(e) || sizedWeight(better) > sizedWeight(e))) better = null;
        Expr shared = better == null ? null : CommonFactor.outside(e, Rational::lighterClosed);
        if (shared != null && CommonFactor.reads(shared, better) && sizedWeight(shared) <= sizedWeight(better)) return shared;
        if (better == null || !is(e, Op.ADD)) return better;
        Expr apart = eachLightened(e.children());
        if (apart == null) apart = e;
        // over one denominator only when that saves more than a repeated divisor: (g ⊙ t)/r − ‖x‖x/(n r³) stays apart
        int overOne = is(better, Op.DIV) || is(better, Op.ELEMDIV) ? 1 : 0;
        return weight(apart) <= weight(better) + overOne ? (apart == e ? null : apart) : better;
    }

    /** The sum of the parts, each lightened on its own where that is lighter; null where none is. */
    private static Expr eachLightened(List<Expr> parts) {
        List<Expr> terms = new ArrayList<>(parts.size());
        boolean changed = false;
        for (Expr t : parts) {
            Expr c = isArithmetic(t) && !cannotLighten(t) ? lighterClosed(t) : null;
            changed |= c != null;
            terms.add(c == null ? t : c);
        }
        return changed ? add(terms) : null;
    }

    /** Whether e is made of the ops a rational function is made of (anything else is an atom). */
    static boolean isArithmetic(Expr e) { return e instanceof Node n && ElementwiseRules.ARITHMETIC.contains(n.op()) && !dev.matdiff.expr.Means.isMean(e); }

    private Expr rewrite(Expr e) {
        Map<Expr, Frac> memo = IdentityMaps.map();
        Frac f = frac(e, memo);
        if (f == null) return null;
        f = Frac.reduced(f);
        // √u² in a numerator is u: (√(a² + b²)² − a²)/√(a² + b²)³ is b²/√(a² + b²)³; for u = p/q the whole goes over q^k
        for (var root : sqrtOf.entrySet()) {
            Integer s = atomIndex.get(root.getKey());
            Frac u = s == null ? null : frac(root.getValue(), memo);
            int k = u == null ? 0 : f.num().halfPower(s);
            Poly q = k == 0 ? null : Frac.product(Poly.constant(1), u.den());
            Poly num = q == null ? null : f.num().withSquare(s, u.num(), q);
            if (num == null) continue;
            List<Poly> den = new ArrayList<>(f.den());
            for (int i = 0; i < k; i++) den.addAll(u.den());
            f = Frac.reduced(new Frac(num, den));
        }
        return Pythagoras.lightest(f, atoms, g -> build(g, e.shape()));
    }

    // ---- expression to rational function

    private Frac frac(Expr e, Map<Expr, Frac> memo) {
        if (memo.containsKey(e)) return memo.get(e);
        Frac out = fracOf(e, memo);
        memo.put(e, out);
        return out;
    }

    private Frac fracOf(Expr e, Map<Expr, Frac> memo) {
        if (e instanceof Num n) return Frac.whole(Poly.constant(n.value()));
        Expr root = rootOf.get(e);
        if (root != null) return Frac.whole(Poly.atom(atom(root)).times(Poly.atom(atom(root))));
        if (is(e, Op.ONES)) return Frac.whole(Poly.constant(1));
        if (open && openable(e)) return frac(((Expr.Named) e).body(), memo);
        if (!isArithmetic(e) || wholeSums.contains(e)) return Frac.whole(Poly.atom(atom(e)));
        Node n = (Node) e;
        switch (n.op()) {
            case ADD -> {
                Frac acc = Frac.whole(Poly.constant(0));
                for (Expr t : n.args()) {
                    Frac f = frac(t, memo);
                    acc = f == null || acc == null ? null : Frac.plus(acc, f);
                }
                return acc;
            }
            case NEG -> {
                Frac f = frac(n.arg(0), memo);
                return f == null ? null : new Frac(f.num().scaled(-1), f.den());
            }
            case SCALE, HADAMARD -> { return Frac.times(frac(n.arg(0), memo), frac(n.arg(1), memo)); }
            case DIV, ELEMDIV -> { return Frac.times(frac(n.arg(0), memo), reciprocal(n.arg(1), memo)); }
            case ELEMPOW -> {
                double p = n.param();
                // a sum's power is expanded, so it is bounded; an atom's is one monomial, and ‖x‖⁷/‖x‖¹⁰ must cancel
                if (p != Math.rint(p) || Math.abs(p) > (isArithmetic(n.arg(0)) ? MAX_POWER : MAX_ATOM_POWER) || p == 0)
                    return Frac.whole(Poly.atom(atom(e)));
                // u² is |u|² where |u| is about: a²/|a| is |a|
                Expr abs = p % 2 == 0 ? absOf.get(n.arg(0)) : null;
                if (abs != null) return fracOf(elemPow(abs, p), memo);
                // u^-k is (1/u)^k: k factors u in the denominator, so 1/(1 + a²)² stays that, not 1/(a⁴ + 2a² + 1)
                Frac base = frac(n.arg(0), memo), acc = Frac.whole(Poly.constant(1));
                if (p < 0) base = Frac.over(acc, base);
                for (int i = 0; i < Math.abs(p) && acc != null; i++) acc = Frac.times(acc, base);
                return acc;
            }
            default -> throw new IllegalStateException("not arithmetic: " + n.op());
        }
    }

    /**
     * 1/d with a power's base kept as a factor: 1/(u^k) is (1/u)^k and 1/(uv) is (1/u)(1/v), so a quotient by (1 + a²)²
     * keeps that denominator rather than a⁴ + 2a² + 1, and one by ((1 + a)(2 + b))² has the factors 1 + a and 2 + b
     * that a numerator's (1 + a)² can cancel.
     */
    private Frac reciprocal(Expr d, Map<Expr, Frac> memo) {
        Frac one = Frac.whole(Poly.constant(1));
        if (is(d, Op.ELEMPOW) && ((Node) d).param() % 2 == 0 && absOf.containsKey(arg(d, 0))) d = elemPow(absOf.get(arg(d, 0)), ((Node) d).param());
        if (is(d, Op.ELEMPOW) && isArithmetic(d)) {
            double p = ((Node) d).param();
            if (p == Math.rint(p) && p > 0 && p <= MAX_POWER) {
                Frac inv = reciprocal(arg(d, 0), memo), acc = one;
                for (int i = 0; i < p && acc != null; i++) acc = Frac.times(acc, inv);
                return acc;
            }
        }
        if ((is(d, Op.SCALE) || is(d, Op.HADAMARD)) && isArithmetic(d)) return Frac.times(reciprocal(arg(d, 0), memo), reciprocal(arg(d, 1), memo));
        return Frac.over(one, frac(d, memo));
    }

    /**
     * e's number as an atom. A named intermediate and the variable that stands in for it in a stage are one atom: a
     * Hessian meets z = σ(x) as both, and 2z·z² − 2z·z − z² + z, written with two different z's, is 2z³ − 3z² + z.
     */
    private int atom(Expr e) {
        e = onesUnturned(e);  // a named quotient's body as written, E ⊘ (Ec1ᵀ), meets the derivation's Ec1_{1×K}
        Integer i = atomIndex.get(e);
        if (i != null) return i;
        String name = e instanceof Expr.Named n ? n.name() : e instanceof Expr.Var v ? v.name() : null;
        i = name == null ? null : namedAtoms.get(name);
        if (i == null) {
            atoms.add(e);
            i = atoms.size() - 1;
            if (name != null) namedAtoms.put(name, i);
        }
        atomIndex.put(e, i);
        return i;
    }

    /** The atoms that are a name (a variable, or an intermediate by its name), by that name. */
    private final Map<String, Integer> namedAtoms = new java.util.HashMap<>();

    // ---- rational function to expression

    private Expr build(Frac f, Shape shape) {
        // terms all in halves or thirds, the whole number below too: (3*x - y)/2, not 1.5*x - 0.5*y
        int whole = f.den().isEmpty() && f.num().fractions() ? f.num().wholeMultiplier() : 1;
        if (f.den().isEmpty()) return whole == 1 ? numerator(f.num(), shape) : div(numerator(f.num().wholeTimes(whole), shape), num(whole));
        // a factor met k times is written once, to the power k: (a + b)³, not (a + b)(a + b)(a + b), which would weigh
        // more than the quotient it cancels and so never be kept
        Map<Poly, Integer> powers = new java.util.LinkedHashMap<>();
        for (Poly factor : f.den()) powers.merge(factor, 1, Integer::sum);
        TurnedDenominators.Turned turned = TurnedDenominators.turned(f.num(), powers, printOrder());
        Poly top = turned.top();
        powers = turned.powers();
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
        return apart != null && weight(apart) < weight(over) ? apart : over;
    }

    /**
     * A monomial divisor taken into the numerator's terms it divides, where some remain over it: x − 1/x, not
     * (x² − 1)/x (kept by the caller only where it weighs less); null where the divisor is not a monomial of which an
     * entry-wise atom is a factor, or divides all terms or none.
     */
    private Expr dividedTermwise(Poly top, Map<Poly, Integer> powers, Shape shape) {
        Poly.Mono divisor = Poly.Mono.ONE;
        List<Poly> den = new ArrayList<>();
        for (var power : powers.entrySet()) {
            Poly factor = power.getKey();
            if (factor.terms.size() != 1 || factor.terms.values().iterator().next() != 1) return null;
            for (int i = 0; i < power.getValue(); i++) {
                divisor = divisor.times(factor.terms.keySet().iterator().next());
                den.add(factor);
            }
        }
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
            Expr d = polynomial(factor, allScalar(factor) ? Shape.SCALAR : shape);
            if (power.getValue() > 1) d = elemPow(d, power.getValue());
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
        int atom = LinearFactors.soleAtom(rest);
        if (atom < 0) {
            // in several atoms, each atom's factors: (1 − T²)(1 − t²) of tanh(tanh(x))'', z(1 − z) of an HVP through z = σ(h)
            Expr fallback = contentOut(p, content, expanded, shape);
            int[] held = java.util.stream.IntStream.range(0, atoms.size()).filter(i -> holds(rest, i)).toArray();
            LinearFactors split = LinearFactors.of(rest, held);
            Expr all = split.factors().isEmpty() ? null : factored(contentPart, split, shape);
            return all != null && weight(all) <= limit && weight(all) < weight(fallback) ? all : fallback;
        }
        LinearFactors split = LinearFactors.of(rest, atom);
        // without a root, only a power of the atom alone is taken out (t ⊙ (1 − t.^2)); other monomials as contentOut does
        boolean atomOnly = LinearFactors.soleAtom(Poly.of(content, 1)) == atom;
        if (split.factors().isEmpty() && !atomOnly) return contentOut(p, content, expanded, shape);
        // the most factored first: every root found, then only the monomial taken out
        if (!split.factors().isEmpty()) {
            Expr all = factored(contentPart, split, shape);
            if (all != null && weight(all) <= limit) return all;
        }
        if (contentPart == null) return expanded;
        Expr taken = times(contentPart, polynomial(rest, scalar(atoms.get(atom)) ? Shape.SCALAR : shape));
        return weight(taken) <= limit ? taken : expanded;
    }

    /** The content (or null), times each factor, times what is left unless it is 1; null if that is not of the shape. */
    private Expr factored(Expr contentPart, LinearFactors split, Shape shape) {
        Expr all = contentPart;
        for (Poly f : split.factors()) all = times(all, polynomial(f, allScalar(f) ? Shape.SCALAR : shape));
        double c = split.rest().constantValue();
        if (Double.isNaN(c)) all = times(all, polynomial(split.rest(), allScalar(split.rest()) ? Shape.SCALAR : shape));
        else if (c != 1) all = scale(num(c), all);
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
        long g = 0;
        for (double c : p.terms.values()) {
            if (c != Math.rint(c) || Math.abs(c) > 1e9) { g = 1; break; }
            g = java.math.BigInteger.valueOf(g).gcd(java.math.BigInteger.valueOf((long) Math.abs(c))).longValue();
        }
        if (content.equals(Poly.Mono.ONE) && g <= 1) return expanded;
        Poly common = Poly.of(content, Math.max(g, 1)), rest = p.overMono(content).scaled(1.0 / Math.max(g, 1));
        // a scalar common part scales the sum that stays: ‖r‖·(x − Ax − Aᵀr), not ‖r‖x − ‖r‖Ax − ‖r‖Aᵀr
        if (!allScalar(rest) && allScalar(common)) {
            Expr scaled = scale(polynomial(common, Shape.SCALAR), polynomial(rest, shape));
            return weight(scaled) <= weight(expanded) + 1 ? scaled : expanded;
        }
        // else an entry-wise sum stays where each of its terms is one: c ⊙ p − c ⊙ y is c ⊙ (p − y) (weighted BCE); a
        // term of scalars alone would need a ones(…) to be written entry-wise, p ⊙ (log(p) − pᵀlog(p)·1), which is longer
        if (!allScalar(rest)) {
            for (Poly.Mono m : rest.terms.keySet()) if (allScalar(Poly.of(m, 1))) return expanded;
            // a power in common is left to the forms that read it (E ⊙ P² is the logistic P ⊙ (1 − P))
            for (int e : content.exps()) if (e > 1) return expanded;
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
                Expr factor = exps[i] == 1 ? a : elemPow(a, exps[i]);
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
