package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Dag;
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

    /** The roots √u this reads a power u^(k/2) through: written back as powers of u, not of √u. */
    private final java.util.Set<Expr> halfRead = IdentityMaps.set();

    /** The {@link Pythagoras#family} of each sin(u) and cos(u) among the atoms, for a tan(u) to be read through. */
    private final java.util.Set<Expr> trigonometric = IdentityMaps.set();

    private Rational(Roots roots, boolean open, Expr e) {
        for (Expr a : Atoms.of(e)) if (is(a, Op.SIN) || is(a, Op.COS)) trigonometric.add(Pythagoras.family(a));
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
        Expr closed = lighterClosed(e, true);
        if (!holdsOpenable(e)) return closed;
        // r = y ⊘ softmax(z) read as its factors: y² ⊘ (r ⊙ softmax(z)) is y, where r as one atom cancels nothing
        Expr opened = new Rational(Roots.in(e), true, e).rewrite(e), now = closed == null ? e : closed;
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

    /**
     * Whether e's arithmetic reads an {@link #openable} name as one of its atoms (not looking into the atoms), each node
     * once: a Hessian's sums share their terms, and as a tree a softmax chain's was exponential (trial s78b).
     */
    private static boolean holdsOpenable(Expr e) {
        return Dag.postOrder(List.of(e), Rational::isArithmetic).stream().anyMatch(Rational::openable);
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

    /** refactor: whether a cancelled product may be factored again (not inside such a factoring: that could go round). */
    private static Expr lighterClosed(Expr e, boolean refactor) {
        List<List<Expr>> groups = is(e, Op.ADD) ? Atoms.apart(e.children()) : null;
        if (groups != null) {
            // terms of disjoint atoms cannot cancel one another: each group on its own, so σ(x)(1 − σ(x))(1 − 2σ(x)) beside
            // −2 tanh(x)(1 − tanh(x)²) keeps the form it has alone, not the polynomial the two expand to together
            Expr apart = eachLightened(groups.stream().map(Exprs::add).toList(), refactor);
            return apart != null && weight(apart) < weight(e) ? apart : null;
        }
        Expr better = new Rational(Roots.in(e), false, e).rewrite(e);
        if (better != null && !(weight(better) < weight(e) && sizedWeight(better) <= sizedWeight(e) || fewerLargeAtoms(better, e, true))) better = null;
        Expr shared = CommonFactor.outside(e, x -> lighterClosed(x, refactor));
        // with nothing else to cancel, the shared factors alone: 10*(x^2 + 1)^3*(9*x^2 + 1), not 10*(8*(x^2 + 1)^3*x^2 + (x^2 + 1)^4)
        if (better == null) {
            if (shared != null && weight(shared) < weight(e) && sizedWeight(shared) <= sizedWeight(e)) return shared;
            Expr grouped = overSharedDenominators(e, refactor);
            return grouped != null && weight(grouped) < weight(e) ? grouped : null;
        }
        // a product the cancelling expanded may read best factored again: δ ⊙ (c² − s²) is δ ⊙ (1 − 2s²), not δ − 2s² ⊙ δ
        if (shared == null && refactor) shared = CommonFactor.outsideAgain(e, better, x -> lighterClosed(x, false));
        if (shared != null && CommonFactor.reads(shared, better) && sizedWeight(shared) <= sizedWeight(better)) return shared;
        if (!is(e, Op.ADD)) return better;
        Expr apart = eachLightened(e.children(), refactor);
        if (apart == null) apart = e;
        // over one denominator only when that saves more than a repeated divisor: (g ⊙ t)/r − ‖x‖x/(n r³) stays apart; but
        // one quotient whose numerator the other terms cancel goes over it, 1 − b/(a + b) is a/(a + b) (e^b/(e^a + e^b)
        // keeps its digits at a = 40), where 1 − w ⊘ eᵛ stays as the textbook writes it
        int overOne = (is(better, Op.DIV) || is(better, Op.ELEMDIV)) && !cancelsIntoOne(apart, better) ? 1 : 0;
        // unless that writes a large atom fewer times: (1 - 2*x^2)/sqrt(1 - x^2), not sqrt(1 - x^2) - x^2/sqrt(1 - x^2)
        boolean keepApart = weight(apart) <= weight(better) + overOne && !fewerLargeAtoms(better, apart, false);
        return keepApart ? (apart == e ? null : apart) : better;
    }

    /** Whether sum has one quotient and, over one denominator, a numerator of fewer terms than it: its other terms cancel. */
    private static boolean cancelsIntoOne(Expr sum, Expr overOne) {
        Expr numerator = arg(overOne, 0);
        int terms = is(numerator, Op.ADD) ? numerator.children().size() : 1;
        return quotients(sum) == 1 && terms < sum.children().size();
    }

    /** How many of a sum's terms are quotients (a ⊘, a /, a negative power among their factors: 1/x is x^-1). */
    private static long quotients(Expr sum) {
        return is(sum, Op.ADD) ? sum.children().stream().filter(FactorCancel::hasQuotient).count() : 0;
    }

    /**
     * A scalar sum with the terms over one divisor added over it, each such group lightened (null where no two terms share
     * a divisor): −2(s + ab·c)/u² − 2ab·c/u² is −2(s + 2ab·c)/u², where over one denominator all terms would expand.
     */
    private static Expr overSharedDenominators(Expr e, boolean refactor) {
        if (!is(e, Op.ADD) || !e.shape().isScalar()) return null;
        Map<Expr, List<Expr>> byDivisor = new java.util.LinkedHashMap<>();
        Map<Long, Expr> sums = new java.util.HashMap<>();  // each divisor's sum as first written: a + b^2, then not b^2 + a
        List<Expr> others = new ArrayList<>();
        boolean rebased = false;
        for (Expr t : e.children()) {
            dev.matdiff.expr.Term term = dev.matdiff.expr.Term.readThrough(t);
            if (!is(term.base(), Op.DIV)) { others.add(t); continue; }
            Expr d = arg(term.base(), 1), base = is(d, Op.ELEMPOW) ? arg(d, 0) : d;
            long key = is(base, Op.ADD) ? Commuted.key(base) : 0;
            Expr first = key == 0 ? base : sums.putIfAbsent(key, base);
            if (first != null && first != base && Commuted.equal(first, base)) {
                d = d == base ? first : elemPow(first, ((Node) d).param());
                rebased = true;
            }
            byDivisor.computeIfAbsent(d, k -> new ArrayList<>()).add(new dev.matdiff.expr.Term(term.coefficient(), arg(term.base(), 0)).build());
        }
        if (!rebased && byDivisor.values().stream().allMatch(ts -> ts.size() < 2)) return null;
        List<Expr> terms = new ArrayList<>(others);
        for (var group : byDivisor.entrySet()) {
            Expr sum = add(group.getValue()), lighter = isArithmetic(sum) && !cannotLighten(sum) ? lighterClosed(sum, refactor) : null;
            terms.add(div(lighter == null ? sum : lighter, group.getKey()));
        }
        return add(terms);
    }

    /** The sum of the parts, each lightened on its own where that is lighter; null where none is. */
    private static Expr eachLightened(List<Expr> parts, boolean refactor) {
        List<Expr> terms = new ArrayList<>(parts.size());
        boolean changed = false;
        for (Expr t : parts) {
            Expr c = isArithmetic(t) && !cannotLighten(t) ? lighterClosed(t, refactor) : null;
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
        f = throughRoots(f, memo);
        // the first written of a polynomial's sums, as the expression is read (the memo's order is its hashes')
        Map<Poly, Expr> written = new java.util.LinkedHashMap<>();
        for (Expr x : dev.matdiff.expr.Dag.postOrder(List.of(e), Rational::isArithmetic)) {
            Frac fx = is(x, Op.ADD) ? memo.get(x) : null;
            if (fx != null && fx.den().isEmpty()) written.putIfAbsent(fx.num(), x);
        }
        // and a sum under a root: √(v + ε)² is v + ε, as the program wrote it, not ε + v
        for (Expr u : sqrtOf.values()) {
            Frac fu = is(u, Op.ADD) ? memo.get(u) : null;
            if (fu != null && fu.den().isEmpty()) written.putIfAbsent(fu.num(), u);
        }
        RationalWriter writer = new RationalWriter(atoms, written, halfRead);
        return Pythagoras.lightest(f, atoms, g -> writer.build(g, e.shape()));
    }

    /**
     * √u² is u, in a numerator ((√(a² + b²)² − a²)/√(a² + b²)³ is b²/√(a² + b²)³; for u = p/q the whole goes over q^k)
     * and as two divisors √u, so that a numerator's u cancels them; then a divisor u beside √u is √u² again, for the
     * writer to write one power: 1/((1 + a²)√(1 + a²)) is 1/√(1 + a²)³, written (1 + a²)^1.5 where read from one.
     */
    private Frac throughRoots(Frac f, Map<Expr, Frac> memo) {
        for (var root : sqrtOf.entrySet()) {
            Integer s = atomIndex.get(root.getKey());
            Frac u = s == null ? null : frac(root.getValue(), memo);
            if (u == null) continue;
            int k = f.num().halfPower(s);
            Poly q = k == 0 ? null : Frac.product(Poly.constant(1), u.den());
            Poly num = q == null ? null : f.num().withSquare(s, u.num(), q);
            // where the numerator's roots cannot be read (a polynomial past its limit) it stays as it is, over what it was
            if (num == null) {
                num = f.num();
                k = 0;
            }
            List<Poly> den = new ArrayList<>(f.den());
            for (int i = 0; i < k; i++) den.addAll(u.den());
            f = Frac.reduced(pairsBelow(new Frac(num, den), Poly.atom(s), u));
        }
        for (var root : sqrtOf.entrySet()) {
            Integer s = atomIndex.get(root.getKey());
            if (s != null && f.den().contains(Poly.atom(s))) f = rootBeside(f, Poly.atom(s), frac(root.getValue(), memo));
        }
        return f;
    }

    /**
     * f with each two divisors √u read as 1/u's factors (as 1/u reads anywhere else), for a u without a divisor
     * (1 + x²/a² would bring its a² up).
     */
    private static Frac pairsBelow(Frac f, Poly sqrt, Frac u) {
        int pairs = u.den().isEmpty() ? java.util.Collections.frequency(f.den(), sqrt) / 2 : 0;
        Frac inverse = pairs == 0 ? null : inverseOf(u);
        if (inverse == null) return f;
        List<Poly> den = new ArrayList<>(f.den());
        for (int i = 0; i < 2 * pairs; i++) den.remove(sqrt);
        Frac out = new Frac(f.num(), den);
        for (int i = 0; i < pairs && out != null; i++) out = Frac.times(out, inverse);
        return out == null ? f : out;
    }

    /** f with each divisor u (as 1/u's factors) beside a divisor √u read as √u², undoing what {@link #pairsBelow} read. */
    private static Frac rootBeside(Frac f, Poly sqrt, Frac u) {
        Frac inverse = u == null || !u.den().isEmpty() ? null : inverseOf(u);
        if (inverse == null) return f;
        // 1/u = c/D for D the factors of 1/u: D is c·√u²
        double c = inverse.num().constantValue();
        List<Poly> den = new ArrayList<>(f.den());
        Poly num = f.num();
        while (holdsAll(den, inverse.den())) {
            for (Poly d : inverse.den()) den.remove(d);
            den.addAll(List.of(sqrt, sqrt));
            num = num.over(c);
        }
        return new Frac(num, den);
    }

    /** 1/u as a number over u's factors (whole coefficients kept: 1/(4a² + x²)); null where that is not its form. */
    private static Frac inverseOf(Frac u) {
        Frac inverse = Frac.over(Frac.whole(Poly.constant(1)), u);
        return inverse == null || inverse.den().isEmpty() || Double.isNaN(inverse.num().constantValue()) ? null : inverse;
    }

    /** Whether den holds each of factors as often as factors has it. */
    private static boolean holdsAll(List<Poly> den, List<Poly> factors) {
        for (Poly p : factors) if (java.util.Collections.frequency(den, p) < java.util.Collections.frequency(factors, p)) return false;
        return true;
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
        // tan(u) beside sin(u) or cos(u) is their quotient: cos(x)tan(x) is sin(x), cos²(x)(1 + tan²(x)) is 1
        if (is(e, Op.TAN) && trigonometric.contains(Pythagoras.family(e)))
            return Frac.times(frac(call(Op.SIN, arg(e, 0)), memo), reciprocal(call(Op.COS, arg(e, 0)), memo));
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
                Expr of = n.arg(0), half = Roots.halfRoot(e);
                // u^(k/2) is √u^k, so (1 + a²)^-1.5 and √(1 + a²) cancel: 3a²/(1 + a²)^2.5 − 1/(1 + a²)^1.5 is (2a² − 1)/(1 + a²)^2.5
                if (half != null) {
                    halfRead.add(half);
                    of = half;
                    p *= 2;
                }
                // a sum's power is expanded, so it is bounded; an atom's is one monomial, and ‖x‖⁷/‖x‖¹⁰ must cancel
                if (p != Math.rint(p) || Math.abs(p) > (isArithmetic(of) ? MAX_POWER : MAX_ATOM_POWER) || p == 0)
                    return Frac.whole(Poly.atom(atom(e)));
                // u² is |u|² where |u| is about: a²/|a| is |a|
                Expr abs = p % 2 == 0 ? absOf.get(of) : null;
                if (abs != null) return fracOf(elemPow(abs, p), memo);
                // u^-k is (1/u)^k: k factors u in the denominator, so 1/(1 + a²)² stays that, not 1/(a⁴ + 2a² + 1)
                Frac base = frac(of, memo), acc = Frac.whole(Poly.constant(1));
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
}
