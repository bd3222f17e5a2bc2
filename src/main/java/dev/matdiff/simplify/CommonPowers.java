package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.TextPrinter;

import java.util.ArrayList;
import java.util.List;

import static dev.matdiff.expr.Exprs.*;

/**
 * An entry-wise sum whose terms hold one base to different powers, the lowest power taken outside with every other
 * factor the terms share: the focal loss's 3(p ⊙ u.^3 ⊙ y ⊙ log(p)) − u.^4 ⊙ y, u = 1 − p, is u.^3 ⊙ y ⊙ (3(p ⊙ log(p)) − u),
 * as the focal-loss paper writes it, and with a symbolic γ, γ(u.^γ ⊙ p ⊙ log(p)) − u.^(γ + 1) is u.^γ ⊙ (γ(p ⊙ log(p)) − u).
 * Like plain factors on one side are {@link SharedFactors}' and scalar sums {@link CommonFactor}'s; this one reads powers
 * anywhere in a term's chain of ⊙. A scalar sum's symbolic powers too, which the rational canceller reads as atoms: the
 * focal loss's slope at one example, γ(1 − p)^(γ−1)·p·log(p) − (1 − p)^γ, is (1 − p)^(γ−1)·(γ·p·log(p) − (1 − p)).
 */
final class CommonPowers {
    private CommonPowers() {}

    /** A factor as base^(symbolic + number): u.^3 is (u, [], 3), u.^(g + 1) is (u, [g], 1), any other factor f is (f, [], 1). */
    private record Power(Expr base, List<Expr> symbolic, double number) {
        static Power of(Expr f) {
            if (is(f, Op.ELEMPOW)) return new Power(arg(f, 0), List.of(), ((Node) f).param());
            if (!is(f, Op.POW) || !arg(f, 1).shape().isScalar()) return new Power(f, List.of(), 1);
            double number = 0;
            List<Expr> symbolic = new ArrayList<>();
            for (Expr t : is(arg(f, 1), Op.ADD) ? arg(f, 1).children() : List.of(arg(f, 1))) {
                if (t instanceof Num c) number += c.value();
                else symbolic.add(t);
            }
            return new Power(arg(f, 0), symbolic, number);
        }

        /** Whether g is a power of this base with the same symbolic part (the exponents then differ by a number). */
        boolean alike(Power g) {
            return g.base.equals(base) && g.symbolic.equals(symbolic);  // equal, not identical: a symbol read twice may be two leaves
        }

        /** base^(symbolic + k); null for u^0 (k = 0 and no symbolic part). */
        Expr to(double k) {
            if (symbolic.isEmpty()) return k == 0 ? null : k == 1 ? base : elemPow(base, k);
            List<Expr> exponent = new ArrayList<>(symbolic);
            if (k != 0) exponent.add(num(k));
            return pow(base, exponent.size() == 1 ? exponent.get(0) : add(exponent));
        }
    }

    /** A scalar term's factors, a sign as −1; false where it scales no scalar. */
    private static boolean scalarFactors(Expr t, List<Expr> out) {
        if (is(t, Op.NEG)) {
            out.add(num(-1));
            return scalarFactors(arg(t, 0), out);
        }
        ScalarRules.Scaling s = ScalarRules.Scaling.ofAny(t);
        out.addAll(s.factors());
        return s.rest() == null;
    }

    /** The rule common-power, for a finished result's sums: see the class comment; null where it does not apply. */
    static Expr outside(Node sum) {
        boolean scalar = sum.shape().isScalar();
        List<List<Expr>> terms = new ArrayList<>();
        for (Expr t : sum.args()) {
            List<Expr> fs = new ArrayList<>();
            if (!scalar) CommonFactor.entrywiseFactors(t, fs);
            else if (!scalarFactors(t, fs)) return null;
            terms.add(fs);
        }
        List<Expr> common = new ArrayList<>();
        boolean powersDiffer = false;
        // terms.get(0) changes as its factors go outside: read from a copy
        for (Expr f : List.copyOf(terms.get(0))) {
            if (!scalar && f.shape().isScalar() || f instanceof Num || is(f, Op.ONES)) continue;
            Power p = Power.of(f);
            // a scalar sum's numbers' powers are a polynomial's, which the rational canceller writes
            if (scalar && p.symbolic.isEmpty()) continue;
            int[] at = new int[terms.size()];  // where each term holds the base, and to what number beside p's symbolic part
            double[] k = new double[terms.size()];
            boolean inEvery = true;
            for (int i = 0; i < terms.size() && inEvery; i++) {
                at[i] = -1;
                List<Expr> fs = terms.get(i);
                for (int j = 0; j < fs.size() && at[i] < 0; j++) {
                    Power q = !scalar && fs.get(j).shape().isScalar() ? null : Power.of(fs.get(j));
                    if (q != null && p.alike(q)) { at[i] = j; k[i] = q.number; }
                }
                inEvery = at[i] >= 0;
            }
            if (!inEvery) continue;
            double lowest = java.util.Arrays.stream(k).min().orElseThrow();
            // whole steps above a positive lowest power: u.^2.5 and u.^3.5 share u.^2.5, not u.^-1 and u.^0.5 anything
            if (p.symbolic.isEmpty() && lowest <= 0 || java.util.Arrays.stream(k).anyMatch(x -> x - lowest != Math.rint(x - lowest))) continue;
            powersDiffer |= java.util.Arrays.stream(k).anyMatch(x -> x != lowest);
            common.add(p.to(lowest));
            // what each term keeps is the base to a whole power, the symbolic part having gone outside: u.^(g + 1) keeps u
            Power rest = new Power(p.base, List.of(), 0);
            for (int i = 0; i < terms.size(); i++) {
                Expr left = rest.to(k[i] - lowest);
                if (left == null) terms.get(i).remove(at[i]); else terms.get(i).set(at[i], left);
            }
        }
        // plain shared factors alone are hadamard-factor's, on the side they stand
        if (!powersDiffer) return null;
        Expr inner = add(terms.stream().map(fs -> CommonFactor.product(fs, sum)).toList());
        Expr out = scalar ? mul(CommonFactor.product(common, sum), inner) : hadamard(CommonFactor.product(common, sum), inner);
        // only where it reads shorter: x.^3 + x.^2 stays, not x.^2 ⊙ (x + 1) (the arithmetic weight counts a symbolic power as
        // one atom and its base's sum in full, so it would keep the focal loss's u.^(γ + 1) for the u it writes outside)
        // a scalar sum's as long too: its power then merges with a factor beside the sum, (1 − p)^g for the focal loss's slope
        int shorter = TextPrinter.print(sum).length() - TextPrinter.print(out).length();
        return shorter > 0 || scalar && shorter == 0 ? out : null;
    }
}
