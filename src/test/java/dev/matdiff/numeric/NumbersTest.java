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
}
