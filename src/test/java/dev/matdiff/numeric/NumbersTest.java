package dev.matdiff.numeric;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The numbers eval prints for a reader: ten significant digits, no trailing zeros in the mantissa, the exponent whole. */
class NumbersTest {

    @ParameterizedTest
    @CsvSource({
            "1.5241578780673678e-10, 1.524157878e-10",
            "1.7320508075688773e200, 1.732050808e+200",
            "1e200,                  1e+200",
            "1.5e-10,                1.5e-10",
            "2,                      2",
            "-0.0,                   0",
            "0.25,                   0.25",
            "1234567.5,              1234567.5",
            "-3.0000000001e20,       -3e+20",
            "NaN,                    NaN",
            "-Infinity,              -Infinity"})
    void printsTheNumberItIs(double v, String shown) {
        assertThat(Numbers.format(v)).isEqualTo(shown);
        if (Double.isFinite(v)) assertThat(Double.parseDouble(shown)).isCloseTo(v, org.assertj.core.data.Percentage.withPercentage(1e-7));
    }

    /** The fewest digits that read back: what the user wrote, where that is what the double holds (review s76r). */
    @org.junit.jupiter.api.Test
    void exactWritesTheFewestDigitsThatReadBack() {
        org.assertj.core.api.Assertions.assertThat(Numbers.exact(2)).isEqualTo("2");
        org.assertj.core.api.Assertions.assertThat(Numbers.exact(2.5)).isEqualTo("2.5");
        org.assertj.core.api.Assertions.assertThat(Numbers.exact(1e20)).isEqualTo("1e+20");
        org.assertj.core.api.Assertions.assertThat(Numbers.exact(1.0000001e20)).isEqualTo("1.0000001e+20");
        org.assertj.core.api.Assertions.assertThat(Numbers.exact(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 1000; i++) {
            double v = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(v)) org.assertj.core.api.Assertions.assertThat(Double.parseDouble(Numbers.exact(v))).isEqualTo(v);
        }
    }
}
