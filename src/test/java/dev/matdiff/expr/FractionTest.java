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

    @Test void constantFoldingKeepsShortDecimalsShort() {
        assertThat(0.2 * 0.1).isNotEqualTo(0.02);  // what folding in doubles printed: 0.020000000000000004
        assertThat(Fraction.multiply(0.2, 0.1)).isEqualTo(0.02);
        assertThat(Fraction.power(0.1, 2)).isEqualTo(0.01);
        assertThat(Fraction.power(0.3, 3)).isEqualTo(0.027);
        assertThat(Fraction.power(0.5, -3)).isEqualTo(8);
        assertThat(Fraction.power(2, 0.5)).isEqualTo(Math.sqrt(2));  // not whole: Math.pow's
        assertThat(Fraction.power(7, 40)).isEqualTo(Math.pow(7, 40));  // past a long: Math.pow's
    }

    @Test void bracketedItStandsAsAnExponent() {
        assertThat(new Fraction(-2, 3).bracketed()).isEqualTo("(-2/3)");
    }
}
