package dev.matdiff.simplify;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The factors at the roots of σ's and tanh's derivatives, paired at ±r, in one atom and in several. */
class LinearFactorsTest {

    private static final Poly T = Poly.atom(0), S = Poly.atom(1), ONE = Poly.constant(1);

    private static Poly poly(double... coefficientsFromDegreeZero) {
        Poly p = Poly.constant(0);
        Poly power = ONE;
        for (double c : coefficientsFromDegreeZero) {
            p = p.plus(power.scaled(c));
            power = power.times(T);
        }
        return p;
    }

    @Test
    void factorsAtPlusAndMinusOneArePairedIntoOneMinusTheSquare() {
        // 3t⁴ − 4t² + 1 = (1 − t²)(1 − 3t²)
        LinearFactors split = LinearFactors.of(poly(1, 0, -4, 0, 3), 0);
        assertThat(split.factors()).containsExactly(poly(1, 0, -1));
        assertThat(split.rest()).isEqualTo(poly(1, 0, -3));
    }

    @Test
    void theRootOneHalfGivesAWholeFactor() {
        // 2σ² − 3σ + 1 = (1 − σ)(1 − 2σ)
        LinearFactors split = LinearFactors.of(poly(1, -3, 2), 0);
        assertThat(split.factors()).containsExactly(poly(1, -1), poly(1, -2));
        assertThat(split.rest().constantValue()).isEqualTo(1);
    }

    @Test
    void nothingIsTakenWhereNoRootIs() {
        LinearFactors split = LinearFactors.of(poly(1, 0, -3), 0);
        assertThat(split.factors()).isEmpty();
        assertThat(split.rest()).isEqualTo(poly(1, 0, -3));
    }

    @Test
    void inSeveralAtomsEachAtomsFactorsAreTakenOut() {
        // (1 − t²)(1 − s)(t + s): the factors of t, then of s, and t + s left
        Poly p = ONE.plus(T.times(T).scaled(-1)).times(ONE.plus(S.scaled(-1))).times(T.plus(S));
        LinearFactors split = LinearFactors.of(p, 0, 1);
        assertThat(split.factors()).containsExactly(poly(1, 0, -1), ONE.plus(S.scaled(-1)));
        assertThat(split.rest()).isEqualTo(T.plus(S));
    }
}
