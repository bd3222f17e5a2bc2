package dev.matdiff.simplify;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The signs of a quotient's factors, as a textbook chooses them: a numerator and a divisor (to an odd power) may both be
 * turned round, a divisor to an even power alone. Only the printed form changes, never the value.
 */
final class TurnedDenominators {
    private TurnedDenominators() {}

    /** The numerator and the divisors' factors (each to its power, in their order) after turning. */
    record Turned(Poly top, Map<Poly, Integer> powers) {}

    /** {@code written}: whether the expression being cancelled holds the polynomial as a sum it wrote. */
    static Turned turned(Poly top, Map<Poly, Integer> powers, Comparator<Poly.Mono> printOrder, Predicate<Poly> written) {
        // a negative numerator over a factor like σ − 1 (to an odd power) turns both round: σ/(1 − σ), not −σ/(σ − 1)
        if (top.ordered(printOrder).get(0).getValue() < 0) {
            for (var power : powers.entrySet()) {
                Poly factor = power.getKey();
                if (power.getValue() % 2 == 1 && negativeConstant(factor)) {
                    powers = flipped(powers, factor);
                    top = top.scaled(-1);
                    break;
                }
            }
        }
        // a factor of mostly negative terms, to an odd power, turns round with a numerator no more positive than negative:
        // (z − p)/(p + e − p ⊙ e), not (p − z)/(p ⊙ e − p − e)
        for (var power : List.copyOf(powers.entrySet())) {
            Poly factor = power.getKey();
            if (power.getValue() % 2 == 1 && negatives(factor) > factor.terms.size() - negatives(factor)
                    && negatives(top) >= top.terms.size() - negatives(top)) {
                powers = flipped(powers, factor);
                top = top.scaled(-1);
            }
        }
        // a divisor like p − 1 the expression wrote the other way round, to an odd power, is written as it was, the sign going on the
        // numerator: N1/phi − N0/(1 − phi) and (y − p)/(p(1 − p)), as the program's log(1 − p) reads (not N0/(phi − 1))
        for (var power : List.copyOf(powers.entrySet())) {
            Poly factor = power.getKey();
            if (power.getValue() % 2 == 1 && negativeConstant(factor) && !written.test(factor)
                    && written.test(factor.scaled(-1))) {
                powers = flipped(powers, factor);
                top = top.scaled(-1);
            }
        }
        // and to an even power the sign is free: 1/(1 − a)², not 1/(a − 1)²
        for (var power : List.copyOf(powers.entrySet()))
            if (power.getValue() % 2 == 0 && negativeConstant(power.getKey())) powers = flipped(powers, power.getKey());
        return new Turned(top, powers);
    }

    /** Whether the factor's constant term is below 0, as in σ − 1. */
    private static boolean negativeConstant(Poly factor) { return factor.terms.getOrDefault(Poly.Mono.ONE, 0.0) < 0; }

    private static int negatives(Poly p) { return (int) p.terms.values().stream().filter(c -> c < 0).count(); }

    /** The factors with one of them negated, in their order. */
    private static Map<Poly, Integer> flipped(Map<Poly, Integer> powers, Poly factor) {
        Map<Poly, Integer> out = new LinkedHashMap<>();
        powers.forEach((p, k) -> out.put(p == factor ? p.scaled(-1) : p, k));
        return out;
    }
}
