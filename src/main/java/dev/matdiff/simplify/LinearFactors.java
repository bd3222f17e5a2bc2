package dev.matdiff.simplify;

import java.util.ArrayList;
import java.util.List;

/**
 * The linear factors of a polynomial at the roots the derivatives of σ and tanh have (±1, ±½, ±2), as a textbook
 * writes them: σ(1 − σ)(1 − 2σ) for 2σ³ − 3σ² + σ, and the factors at r and −r as one, (1 − t²)(1 − 3t²) for
 * 3t⁴ − 4t² + 1 rather than (1 − t)(1 + t)(1 − 3t²). In several atoms, each atom's factors are taken out in turn:
 * (1 − T²)(1 − t²)(t + T − Tt²) for the second derivative of tanh(tanh(x)), T = tanh(t), t = tanh(x).
 *
 * @param factors the factors found, each with whole coefficients (1 − 2σ for the root ½, a + 2 for the root −2)
 * @param rest    what is left when they are divided out
 */
record LinearFactors(List<Poly> factors, Poly rest) {

    private static final double[] ROOTS = {1, -1, 0.5, -0.5, 2, -2};

    /** p split into its factors at ROOTS in each of the given atoms, and the rest. */
    static LinearFactors of(Poly p, int... atoms) {
        Poly rest = p;
        List<Poly> found = new ArrayList<>();
        for (int atom : atoms) {
            List<Poly> ofAtom = new ArrayList<>();
            List<Double> roots = new ArrayList<>();
            for (double r : ROOTS) {
                while (rest.terms.size() > 1 && mayVanish(rest, atom, r)) {
                    double k = 1 / r == Math.rint(1 / r) ? 1 : -r;
                    Poly factor = Poly.constant(k).plus(Poly.atom(atom).scaled(-k / r));
                    Poly q = rest.over(factor);
                    if (q == null) break;
                    ofAtom.add(factor);
                    roots.add(r);
                    rest = q;
                }
            }
            found.addAll(paired(ofAtom, roots));
        }
        return new LinearFactors(found, rest);
    }

    /**
     * Whether p may be 0 at atom = r, told by its value there with every other atom at a number of its own: a polynomial
     * that the factor divides is 0 there whatever the others are, and one it does not divide is almost never 0 at
     * those, so the long division is tried only where it will succeed.
     */
    private static boolean mayVanish(Poly p, int atom, double r) {
        double value = 0, scale = 0;
        for (var e : p.terms.entrySet()) {
            double t = e.getValue();
            int[] exps = e.getKey().exps();
            for (int i = 0; i < exps.length; i++) if (exps[i] != 0) t *= Math.pow(i == atom ? r : 0.37 + 0.113 * i, exps[i]);
            value += t;
            scale += Math.abs(t);
        }
        return Math.abs(value) <= 1e-12 * scale;
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
                    // (1 − t)(1 + t) is 1 − t², (1 − 2σ)(1 + 2σ) is 1 − 4σ²
                    Poly both = f.times(factors.get(j));
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
