package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Fraction;
import dev.matdiff.expr.Op;

import java.util.ArrayList;
import java.util.List;

import static dev.matdiff.expr.Exprs.*;

/**
 * Powers of one base in a product of ⊙ meet as one power, as scalar factors do: A ⊙ A = A.^2, A ⊙ A.^p = A.^(p+1), a root
 * and its radicand, √A.^k ⊙ A = √A.^(k+2), and a quotient over one, (A ⊘ B) ⊙ A = (A ⊙ A) ⊘ B; two such factors anywhere in
 * a chain of ⊙ are brought together, the others kept in their order.
 */
final class HadamardPowers {
    private HadamardPowers() {}

    /** The rule hadamard-power: like factors of a product of ⊙ meet as one power (see the class comment). */
    static Expr merged(Node n) {
        Expr a = n.arg(0), b = n.arg(1);
        Expr root = rootPower(a, b);
        if (root != null || (root = rootPower(b, a)) != null) return root;
        Expr over = likeOverQuotient(a, b);
        if (over != null || (over = likeOverQuotient(b, a)) != null) return over;
        Expr baseA = base(a), baseB = base(b);
        if (!alike(baseA, baseB)) {
            // x ⊙ (x ⊙ y), (x ⊙ y ⊙ z) ⊙ x, …: two factors of x anywhere in the product meet, the others wait outside in order;
            // so do x and √x (trial s64c: the focal loss's √(1 − p) ⊙ y ⊙ (1 − p)), and x and x.^(g − 1) for a symbolic g
            List<Expr> factors = new ArrayList<>();
            if (!hadamardFactors(n, factors)) return null;
            for (int i = 0; i < factors.size(); i++)
                for (int j = i + 1; j < factors.size(); j++) {
                    Expr fi = factors.get(i), fj = factors.get(j);
                    if (!alike(base(fi), base(fj)) && rootPower(fi, fj) == null && rootPower(fj, fi) == null
                            && !SymbolicPowers.meet(fi, fj)) continue;
                    List<Expr> together = new ArrayList<>(List.of(hadamard(fi, fj)));
                    for (int k = 0; k < factors.size(); k++) if (k != i && k != j) together.add(factors.get(k));
                    return chain(together);
                }
            return powerBesideItsFactors(factors);
        }
        double p = Fraction.add(is(a, Op.ELEMPOW) ? ((Node) a).param() : 1, is(b, Op.ELEMPOW) ? ((Node) b).param() : 1);
        return elemPow(baseA, p);
    }

    /**
     * (u ⊙ v).^p ⊙ u ⊙ v = (u ⊙ v).^(p + 1), symbolic p too, wherever the factors stand in the chain: the Weibull hazard's
     * exp(-X*w) .* t .* (t .* exp(-X*w)).^(k - 1) is (t .* exp(-X*w)).^k (trial s81b); null where no power has its factors beside it.
     */
    private static Expr powerBesideItsFactors(List<Expr> factors) {
        for (int i = 0; i < factors.size(); i++) {
            Expr f = factors.get(i);
            if (!is(f, Op.ELEMPOW) && !is(f, Op.POW) || !is(arg(f, 0), Op.HADAMARD)) continue;
            List<Expr> inner = new ArrayList<>(), rest = new ArrayList<>(factors);
            rest.remove(i);
            if (!hadamardFactors(arg(f, 0), inner)) continue;
            boolean all = true;
            for (Expr b : inner) all &= rest.remove(b);
            Expr raised = !all ? null : is(f, Op.POW) ? SymbolicPowers.timesBase(f) : elemPow(arg(f, 0), ((Node) f).param() + 1);
            if (raised == null) continue;
            rest.add(0, raised);
            return chain(rest);
        }
        return null;
    }

    /** One base, or sums of one another's terms in another order: (1 + cos(x)) ⊙ (cos(x) + 1) is a square. */
    private static boolean alike(Expr a, Expr b) { return a == b || is(a, Op.ADD) && is(b, Op.ADD) && Commuted.same(a, b); }

    /**
     * (A ⊘ B) ⊙ C = (A ⊙ C) ⊘ B where C is like a factor of A, as the scalar (a/b)·a = a²/b: log(cos(x))'' had
     * (sin(x) ./ cos(x).^2) .* sin(x) for sin(x).^2 ./ cos(x).^2; null otherwise.
     */
    private static Expr likeOverQuotient(Expr q, Expr c) {
        if (!is(q, Op.ELEMDIV)) return null;
        List<Expr> factors = new ArrayList<>();
        if (!hadamardFactors(arg(q, 0), factors)) return null;
        for (Expr f : factors) if (base(f) == base(c)) return elemDiv(hadamard(arg(q, 0), c), arg(q, 1));
        return null;
    }

    /**
     * u.^±1 ⊙ √u.^k = √u.^(k ± 2) for a whole k: the curvature of Σ√x reads -0.25*diag(1 ./ sqrt(x).^3), as the scalar's
     * −1/(4√a³) does, not 1 ./ (sqrt(x) .* x) (where √x.^−2 had become x.^−1); null otherwise.
     */
    private static Expr rootPower(Expr u, Expr r) {
        Expr root = base(r);
        double m = is(u, Op.ELEMPOW) ? ((Node) u).param() : 1, k = is(r, Op.ELEMPOW) ? ((Node) r).param() : 1;
        if (!is(root, Op.SQRT) || arg(root, 0) != base(u) || Math.abs(m) != 1 || k != Math.rint(k) || k + 2 * m == 0) return null;
        return elemPow(root, k + 2 * m);
    }

    /** A product of ⊙ read for like factors: past this many, each node of a long chain would read the whole chain below it. */
    private static final int MOST_HADAMARD_FACTORS = 32;

    /** The factors of a product of ⊙, left to right; false past {@link #MOST_HADAMARD_FACTORS}. */
    static boolean hadamardFactors(Expr e, List<Expr> out) {
        if (!is(e, Op.HADAMARD)) { out.add(e); return out.size() <= MOST_HADAMARD_FACTORS; }
        return hadamardFactors(arg(e, 0), out) && hadamardFactors(arg(e, 1), out);
    }

    /** The product of ⊙ of the factors, left to right. */
    static Expr chain(List<Expr> factors) {
        Expr out = factors.get(0);
        for (int i = 1; i < factors.size(); i++) out = hadamard(out, factors.get(i));
        return out;
    }

    /** A for A.^p, else e itself. */
    static Expr base(Expr e) { return is(e, Op.ELEMPOW) ? arg(e, 0) : e; }
}
