package dev.matdiff.expr;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Sizes as numbers, and the pairing that reads a kron asked to be square. */
class DimsTest {

    static Dim power(String symbol, int k) {
        Dim d = new Dim.Sym(symbol);
        for (int i = 1; i < k; i++) d = Dims.times(d, new Dim.Sym(symbol));
        return d;
    }

    @Test void a_size_evaluates_and_one_past_a_long_reads_as_too_large() {
        Map<String, Integer> at = Map.of("n", 3, "m", 2);
        assertThat(Dims.evaluate(Dims.plus(Dims.times(new Dim.Sym("n"), new Dim.Sym("m")), 1), at)).isEqualTo(7);
        assertThat(Dims.evaluate(new Dim.Sym("k"), at)).isEqualTo(-1);
        assertThat(Dims.evaluate(power("n", 39), at)).isEqualTo(4052555153018976267L);  // 3^39, within range
        assertThat(Dims.evaluate(power("n", 40), at)).isEqualTo(Long.MAX_VALUE);       // 3^40 is not
    }

    /** kron(X, eye(3)) is 3·k_0 × 3·k_1: square when k_1 = k_0, the fixed factor paired with itself; 2·k_0 = 3·k_1 says nothing. */
    @Test void factors_pair_only_under_equal_coefficients() {
        java.util.function.ToIntFunction<String> rank = s -> s.equals("k_0") ? 0 : s.equals("k_1") ? 1 : -1;
        Dim a = Dims.times(new Dim.Fixed(3), new Dim.Sym("k_0")), b = Dims.times(new Dim.Fixed(3), new Dim.Sym("k_1"));
        assertThat(Dims.pairFactors(a, b, rank)).isEqualTo(Map.entry("k_1", new Dim.Sym("k_0")));
        assertThat(Dims.pairFactors(Dims.times(new Dim.Fixed(2), new Dim.Sym("k_0")), b, rank)).isNull();
    }
}
