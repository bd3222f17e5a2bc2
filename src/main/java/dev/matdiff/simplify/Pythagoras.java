package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;

import java.util.ArrayList;
import java.util.List;

import static dev.matdiff.expr.Exprs.call;

/**
 * sin²u + cos²u = 1 and cosh²u − sinh²u = 1 in a numerator that {@link Rational} has over one denominator: the Hessian
 * of log(sin(x)) is −(1 + cos²/sin²), which over sin² has the numerator −(sin² + cos²), that is −1. Each square of
 * one of a pair is written in the other's (cos² as 1 − sin², then sin² as 1 − cos²), and a divisor that is so 1 goes
 * (arctan(tan(x))' is 1/(cos² + sin²), that is 1); whichever reading weighs least is kept.
 */
final class Pythagoras {
    private Pythagoras() {}

    /** a² = constant + sign·b² for the functions a and b of one argument. */
    private record Identity(Op a, Op b, double constant, double sign) {}

    private static final List<Identity> IDENTITIES = List.of(
            new Identity(Op.COS, Op.SIN, 1, -1), new Identity(Op.SIN, Op.COS, 1, -1),
            new Identity(Op.COSH, Op.SINH, 1, 1), new Identity(Op.SINH, Op.COSH, -1, 1));

    /**
     * What sin(u), cos(u) and tan(u) (or sinh(u) and cosh(u)) have in common, so that sums keep them together and
     * products are read for them: sin(u) (sinh(u)); null for other atoms.
     */
    static Expr family(Expr atom) {
        if (!(atom instanceof Node n)) return null;
        return switch (n.op()) {
            case SIN, COS, TAN -> call(Op.SIN, n.arg(0));
            case SINH, COSH -> call(Op.SINH, n.arg(0));
            default -> null;
        };
    }

    /** The lightest reading of f built: as it is, with its numerator {@link #rewritten}, or without the divisors that are 1. */
    static Expr lightest(Frac f, List<Expr> atoms, java.util.function.Function<Frac, Expr> build) {
        Expr best = build.apply(f);
        List<Frac> readings = new ArrayList<>();
        for (Poly num : rewritten(f.num(), atoms)) readings.add(Frac.reduced(new Frac(num, f.den())));
        // a divisor that is 1, as cos²u + sin²u is, goes: 1/(cos(x)^2 + sin(x)^2) is 1
        List<Poly> den = new ArrayList<>();
        double scale = 1;
        for (Poly factor : f.den()) {
            double c = Double.NaN;
            for (Poly d : rewritten(factor, atoms)) if (!Double.isNaN(d.constantValue()) && d.constantValue() != 0) c = d.constantValue();
            if (Double.isNaN(c)) den.add(factor);
            else scale /= c;
        }
        if (den.size() < f.den().size()) readings.add(new Frac(f.num().scaled(scale), den));
        for (Frac reading : readings) {
            Expr other = build.apply(reading);
            if (ArithmeticWeight.weight(other) < ArithmeticWeight.weight(best)) best = other;
        }
        return best;
    }

    /** The numerator with each square of a written in b, for every pair of atoms a(u), b(u) it holds; none without such pairs. */
    static List<Poly> rewritten(Poly num, List<Expr> atoms) {
        List<Poly> out = new ArrayList<>();
        for (Identity id : IDENTITIES)
            for (int i = 0; i < atoms.size(); i++) {
                if (!(atoms.get(i) instanceof Node a) || a.op() != id.a()) continue;
                for (int j = 0; j < atoms.size(); j++)
                    if (atoms.get(j) instanceof Node b && b.op() == id.b() && b.arg(0) == a.arg(0)) {
                        Poly p = squaresReplaced(num, i, Poly.constant(id.constant()).plus(Poly.of(Poly.Mono.atom(j, 2), id.sign())));
                        if (p != null) out.add(p);
                    }
            }
        return out;
    }

    /** p with each a^(2k + r) written (replacement)^k a^r; null where it grows past the polynomials' limits. */
    private static Poly squaresReplaced(Poly p, int a, Poly replacement) {
        Poly acc = Poly.constant(0);
        for (var term : p.terms.entrySet()) {
            int[] exps = term.getKey().exps().clone();
            int e = term.getKey().exp(a);
            if (e >= 2) exps[a] = e % 2;
            Poly t = Poly.of(Poly.Mono.trimmed(exps), term.getValue());
            for (int k = 0; k < e / 2 && t != null; k++) t = t.times(replacement);
            if (t == null || (acc = acc.plus(t)) == null) return null;
        }
        return acc;
    }
}
