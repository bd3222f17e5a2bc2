package dev.matdiff.linalg;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The finiteness check reads an array's exponent bits ({@link Dense#nonFinite}), and a value checked as it is made keeps
 * the answer, so the evaluator's own check need not read it again: both must be right for every kind of double.
 */
class FiniteEntriesTest {

    private static final double[] SPECIAL = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 1, -1, 1e308,
            Double.MAX_VALUE, -Double.MAX_VALUE, Math.nextDown(Double.MAX_VALUE)};
    private static final double[] NOT_FINITE = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.longBitsToDouble(0xFFF8000000000001L), Double.longBitsToDouble(0x7FF0000000000001L)};

    @Test void theBitSaysNonFiniteExactlyForNaNAndInfinities() {
        for (double v : SPECIAL) assertThat(Dense.nonFinite(v)).as("%s", v).isNotNegative();
        for (double v : NOT_FINITE) assertThat(Dense.nonFinite(v)).as("%s", v).isNegative();
        // OR'd over many finite entries it stays clear
        long seen = 0;
        for (double v : SPECIAL) seen |= Dense.nonFinite(v);
        assertThat(seen).isNotNegative();
    }

    @Test void eachKernelsResultIsKnownFiniteOnlyWhenItIs() {
        Dense big = new Dense(1, 3, new double[] {1e200, -1e200, 2});
        Dense small = new Dense(1, 3, new double[] {1, 2, 3});
        Dense zero = new Dense(1, 3, new double[] {0, 1, 1});
        record Case(String name, Function<Dense, org.apache.commons.math3.linear.RealMatrix> kernel) {}
        List<Case> cases = List.of(
                new Case("square", Matrices::square),
                new Case("hadamard", d -> Matrices.hadamard(d, d)),
                new Case("combine", d -> Matrices.combine(d, d, (a, b) -> a * b * b)),
                new Case("map exp", d -> Matrices.map(d, Math::exp)),
                new Case("scale", d -> Matrices.scale(d, 1e200)),
                new Case("divide", d -> Matrices.elementDivide(small, d)),
                new Case("combination", d -> new Dense(1, 3, Fused.combination(d.data, 1e200, d.data, 1e200))));
        for (Case c : cases) {
            for (Dense input : List.of(big, small, zero)) {
                var out = c.kernel().apply(input);
                boolean finite = true;
                for (double v : Dense.flat(out)) finite &= Double.isFinite(v);
                assertThat(Matrices.allFinite(out)).as("%s of %s", c.name(), input).isEqualTo(finite);
                assertThat(Matrices.finiteAsMade(out)).as("%s of %s", c.name(), input).isEqualTo(finite);
                assertThat(Dense.knownFinite(out)).as("%s of %s", c.name(), input).isEqualTo(finite);
                if (out instanceof Dense d && finite) {
                    d.setEntry(0, 0, Double.NaN);  // a change forgets it
                    assertThat(Matrices.allFinite(d)).isFalse();
                }
            }
        }
    }

    @Test void theCheckFindsOneBadEntryAnywhere() {
        for (double bad : NOT_FINITE)
            for (int at : new int[] {0, 1, 6, 7, 8, 1000, 1022}) {
                double[] d = new double[1023];
                d[at] = bad;
                assertThat(Matrices.allFinite(new Dense(1, d.length, d))).as("%s at %d", bad, at).isFalse();
            }
    }
}
