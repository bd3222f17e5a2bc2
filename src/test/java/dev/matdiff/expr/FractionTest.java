package dev.matdiff.expr;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which doubles read as a textbook's quotient p/q, and which stay numbers. */
class FractionTest {

    @Test void aQuotientOfSmallIntegersIsOne() {
        assertThat(Fraction.of(1.0 / 3)).isEqualTo(new Fraction(1, 3));
        assertThat(Fraction.of(-22.0 / 7)).isEqualTo(new Fraction(-22, 7));
    }

    @Test void aQuotientDoubleArithmeticMissedByAUnitIsStillThatQuotient() {
        double derivedExponent = 1.0 / 3 - 1;  // the power of x.^(1/3)'s derivative
        assertThat(derivedExponent).isNotEqualTo(-2.0 / 3);
        assertThat(Fraction.of(derivedExponent)).isEqualTo(new Fraction(-2, 3));
        assertThat(Fraction.of(2.0 / 3 + 2.0 / 3)).isEqualTo(new Fraction(4, 3));
    }

    @Test void shortDecimalsIntegersAndNearMissesStayNumbers() {
        assertThat(Fraction.of(0.5)).isNull();
        assertThat(Fraction.of(0.1 + 0.2)).isNull();  // 3/10 rounded: a reader writes 0.3
        assertThat(Fraction.of(3)).isNull();
        assertThat(Fraction.of(0.3333333333333)).isNull();  // written with 13 digits: not 1/3
        assertThat(Fraction.of(Math.PI)).isNull();
        assertThat(Fraction.of(Double.NaN)).isNull();
    }

    @Test void exponentArithmeticIsExactOnQuotients() {
        assertThat(Fraction.add(1.0 / 3, -1)).isEqualTo(-2.0 / 3);  // the doubles give -0.6666666666666667
        assertThat(Fraction.multiply(2.0 / 3, 3.0 / 7)).isEqualTo(2.0 / 7);
        assertThat(Fraction.add(Math.PI, 1)).isEqualTo(Math.PI + 1);  // not a quotient: plain arithmetic
    }

    @Test void dividingByAWholeNumberPastTheShortQuotientsIsRoundedOnce() {
        // times the reciprocal, a binomial's 6435 came out 6434.999999999999 (and 6435.000000000001): trial s78b
        assertThat(6447870 * (1.0 / 1002)).isNotEqualTo(6435.0);
        assertThat(Fraction.divide(6447870, 1002)).isEqualTo(6435.0);
        assertThat(Fraction.divide(457275, 1005)).isEqualTo(455.0);
        assertThat(Fraction.divide(1, 3)).isEqualTo(1.0 / 3);
        assertThat(Fraction.divide(2.0 / 3, 4.0 / 9)).isEqualTo(1.5);
        assertThat(Fraction.divide(Math.PI, 7)).isEqualTo(Math.PI / 7);
    }

    @Test void constantFoldingKeepsShortDecimalsShort() {
        assertThat(0.2 * 0.1).isNotEqualTo(0.02);  // what folding in doubles printed: 0.020000000000000004
        assertThat(Fraction.multiply(0.2, 0.1)).isEqualTo(0.02);
        assertThat(Fraction.power(0.1, 2)).isEqualTo(0.01);
        assertThat(Fraction.power(0.3, 3)).isEqualTo(0.027);
        assertThat(Fraction.power(0.5, -3)).isEqualTo(8);
        assertThat(Fraction.power(2, 0.5)).isEqualTo(Math.sqrt(2));  // not whole: Math.pow's
        assertThat(Fraction.power(7, 40)).isEqualTo(Math.pow(7, 40));  // past 2^53: Math.pow's
        assertThat(Fraction.power(210519.0 / 25, -3)).isEqualTo(Math.pow(210519.0 / 25, -3));
    }

    /** The search as it was, every denominator tried in turn: what the continued fraction must agree with. */
    private static long[] quotientByTrying(double v, int ulps) {
        if (!Double.isFinite(v)) return null;
        for (long q = 1; q <= Fraction.MAX_DENOMINATOR; q++) {
            double p = Math.rint(v * q);
            if (Math.abs(p) <= 1e6 && Math.abs(p / q - v) <= ulps * Math.ulp(v)) return new long[] {(long) p, q};
        }
        return null;
    }

    @Test void theContinuedFractionFindsWhatTryingEveryDenominatorFound() {
        java.util.Random random = new java.util.Random(7);
        java.util.List<Double> values = new java.util.ArrayList<>(java.util.List.of(0.0, -0.0, 1e-300, Double.MIN_VALUE, 1e6, -1e6,
                1e6 + 0.5, 2e6, 1e300, Math.PI, 1 / Math.sqrt(2), 0.1, 0.001, -2.0 / 3, 999.0 / 1000, 1.0 / 997, Double.NaN));
        for (int i = 0; i < 20_000; i++) {
            double exact = (double) (random.nextInt(2_000_001) - 1_000_000) / (1 + random.nextInt(1000));
            values.add(exact);
            values.add(exact + (random.nextInt(13) - 6) * Math.ulp(exact));  // the near misses the ulps allow, or not
            values.add(random.nextGaussian() * Math.pow(10, random.nextInt(12) - 6));
        }
        for (double v : values)
            for (int ulps : new int[] {0, Fraction.ULPS})
                assertThat(Fraction.quotient(v, ulps)).as("%s within %d ulps", v, ulps).isEqualTo(quotientByTrying(v, ulps));
    }

    @Test void bracketedItStandsAsAnExponent() {
        assertThat(new Fraction(-2, 3).bracketed()).isEqualTo("(-2/3)");
    }
}
