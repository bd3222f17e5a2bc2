package dev.matdiff.simplify;

import java.util.ArrayList;
import java.util.List;

/**
 * The linear factors of a polynomial in one atom at the roots the derivatives of σ and tanh have (±1, ±½, ±2), as a
 * textbook writes them: σ(1 − σ)(1 − 2σ) for 2σ³ − 3σ² + σ, and the factors at r and −r as one, (1 − t²)(1 − 3t²) for
 * 3t⁴ − 4t² + 1 rather than (1 − t)(1 + t)(1 − 3t²).
 *
 * @param factors the factors found, each with whole coefficients (1 − 2σ for the root ½, a + 2 for the root −2)
 * @param rest    what is left when they are divided out
 */
record LinearFactors(List<Poly> factors, Poly rest) {

    private static final double[] ROOTS = {1, -1, 0.5, -0.5, 2, -2};

    /** p, a polynomial in the one atom given, split into its factors at ROOTS and the rest. */
    static LinearFactors of(Poly p, int atom) {
        Poly rest = p;
        List<Poly> found = new ArrayList<>();
        List<Double> roots = new ArrayList<>();
        for (double r : ROOTS) {
            while (rest.terms.size() > 1 && Math.abs(rest.at(atom, r)) <= 1e-12 * rest.terms.values().stream().mapToDouble(Math::abs).sum()) {
                double k = 1 / r == Math.rint(1 / r) ? 1 : -r;
                Poly factor = Poly.constant(k).plus(Poly.atom(atom).scaled(-k / r));
                Poly q = rest.over(factor);
                if (q == null) break;
                found.add(factor);
                roots.add(r);
                rest = q;
            }
        }
        return new LinearFactors(paired(found, roots), rest);
    }

    /** The factors at r and at −r multiplied into one, in the place of the first. */
    private static List<Poly> paired(List<Poly> factors, List<Double> roots) {
        List<Poly> out = new ArrayList<>();
        boolean[] used = new boolean[factors.size()];
        for (int i = 0; i < factors.size(); i++) {
            if (used[i]) continue;
            Poly f = factors.get(i);
            for (int j = i + 1; j < factors.size(); j++) {
                if (!used[j] && roots.get(j) == -roots.get(i)) {
                    used[j] = true;
                    Poly both = f.times(factors.get(j));
                    // (1 − t)(1 + t) is 1 − t², (1 − 2σ)(1 + 2σ) is 1 − 4σ²
                    if (both != null) f = both;
                    break;
                }
            }
            out.add(f);
        }
        return out;
    }

    /** The one atom p's terms hold, or −1 when they hold none or several. */
    static int soleAtom(Poly p) {
        int atom = -1;
        for (Poly.Mono m : p.terms.keySet()) {
            for (int i = 0; i < m.exps().length; i++) {
                if (m.exps()[i] == 0) continue;
                if (atom >= 0 && atom != i) return -1;
                atom = i;
            }
        }
        return atom;
    }
}
