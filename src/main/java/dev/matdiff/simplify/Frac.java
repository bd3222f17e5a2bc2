package dev.matdiff.simplify;

import java.util.ArrayList;
import java.util.List;

/**
 * A rational function as {@link Rational} reads one: a numerator over a product of factors, each factor normalised
 * so its leading coefficient is 1, with the arithmetic that keeps it so (null where a polynomial grows past its limit).
 */
record Frac(Poly num, List<Poly> den) {

    static Frac whole(Poly p) { return new Frac(p, List.of()); }

    static Frac plus(Frac a, Frac b) {
        // over the least common multiple of the two products of factors
        List<Poly> den = new ArrayList<>(a.den());
        List<Poly> missingFromA = new ArrayList<>(), rest = new ArrayList<>(a.den());
        for (Poly f : b.den()) if (!rest.remove(f)) { den.add(f); missingFromA.add(f); }
        List<Poly> missingFromB = new ArrayList<>(den);
        for (Poly f : b.den()) missingFromB.remove(f);
        Poly na = product(a.num(), missingFromA), nb = product(b.num(), missingFromB);
        if (na == null || nb == null) return null;
        Poly num = na.plus(nb);
        return num == null ? null : new Frac(num, den);
    }

    static Frac times(Frac a, Frac b) {
        if (a == null || b == null) return null;
        Poly num = a.num().times(b.num());
        if (num == null) return null;
        List<Poly> den = new ArrayList<>(a.den());
        den.addAll(b.den());
        return new Frac(num, den);
    }

    static Frac over(Frac a, Frac b) {
        if (a == null || b == null || b.num().isZero()) return null;
        Poly num = product(a.num(), b.den());
        if (num == null) return null;
        List<Poly> den = new ArrayList<>(a.den());
        double c = b.num().constantValue();
        if (!Double.isNaN(c)) return new Frac(num.over(c), den);
        // the monomial every term shares is factors of its own: n² + n is n(n + 1), so 1/(n(n + 1)) and
        // 1/(n + 1)² meet over n(n + 1)², not over (n² + n)(n + 1)
        Poly.Mono content = b.num().content();
        Poly rest = b.num().overMono(content);
        for (int i = 0; i < content.exps().length; i++)
            for (int k = 0; k < content.exps()[i]; k++) den.add(Poly.atom(i));
        c = rest.constantValue();
        if (!Double.isNaN(c)) return new Frac(num.over(c), den);
        double lead = primitive(rest);
        den.add(rest.over(lead));
        return new Frac(num.over(lead), den);
    }

    /**
     * What a divisor is divided by to be one factor however it was scaled: the gcd of whole coefficients, signed as the
     * leading one (4a² + x² stays so, 2x + 2 is x + 1, 1 − x is x − 1), else the leading coefficient (a leading 1):
     * scaled to a leading 1, 4a² + x² was a² + 0.25x², and 1/(4a² + x²)'' printed (0.09375x² − 0.125a²)/(a² + 0.25x²)³.
     */
    private static double primitive(Poly p) {
        double lead = p.leading().getValue();
        boolean whole = p.terms.values().stream().allMatch(c -> c == Math.rint(c) && Math.abs(c) <= 1e9);
        return whole ? Math.signum(lead) * p.wholeGcd() : lead;
    }

    static Poly product(Poly p, List<Poly> factors) {
        Poly acc = p;
        for (Poly f : factors) if ((acc = acc == null ? null : acc.times(f)) == null) return null;
        return acc;
    }

    /**
     * Every factor of the denominator that divides the numerator, divided out; then what a
     * remaining factor shares with the numerator as monomials (b²/b³ is 1/b, b/(b² + b) is 1/(b + 1)).
     */
    static Frac reduced(Frac f) {
        Poly num = f.num();
        List<Poly> den = new ArrayList<>();
        for (Poly factor : f.den()) {
            Poly q = num.over(factor);
            if (q != null) {
                num = q;
                continue;
            }
            Poly.Mono shared = Poly.common(num.content(), factor.content());  // a zero numerator was divisible above
            if (!shared.equals(Poly.Mono.ONE)) {
                num = num.overMono(shared);
                factor = factor.overMono(shared);
            }
            if (factor.constantValue() != 1) den.add(factor);
        }
        return new Frac(num, den);
    }
}
