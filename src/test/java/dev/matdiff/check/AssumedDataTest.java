package dev.matdiff.check;

import dev.matdiff.MatDiff;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.shapes.Assumption;

import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Random data satisfies every assumption on a symbol at once, not only the last one made true. */
class AssumedDataTest {

    /** Each a symbol Y with its facts together; the sizes are fixed, so the facts are possible at them. */
    @ParameterizedTest
    @ValueSource(strings = {
            "vector Y(5)\nassume sum(Y) = 1\nassume norm(Y) = 1",
            "vector Y(4)\nassume norm(Y) = 2\nassume sum(Y) = -1",
            "vector Y(4)\nassume sum(Y) = 0\nassume norm(Y) = 0.5",
            "matrix Y(4, 4)\nassume sum(Y, 1) = 1\nassume sum(Y, 2) = 1",
            "matrix Y(3, 2)\nassume sum(Y, 1) = 3\nassume sum(Y, 2) = 2\nassume sum(Y) = 6",
            "matrix Y(3, 3)\nassume sum(Y, 1) = 0\nassume sum(Y, 2) = 0\nassume norm(Y) = 1",
            "matrix Y(3, 3)\nassume sum(Y, 2) = 1\nassume sum(Y, 1) = 1\nassume norm(Y) = 1.5\nassume sum(Y) = 3",
            "matrix Y(3, 4)\nassume sum(Y, 1) = 1\nassume norm(Y) = 2",
            "matrix Y(3, 4)\nassume norm(Y) = 3\nassume sum(Y, 2) = -2",
            "vector Y(4)\nassume sum(Y) = 2\nassume norm(Y) = 1",
    })
    void drawnDataSatisfiesEveryAssumptionTogether(String facts) {
        MatDiff m = MatDiff.parse(facts.replaceFirst("\n", " constant\nvector x(2)\n") + "\nf = sum(Y)*sum(x)\n");
        for (long seed = 0; seed < 40; seed++)
            for (RandomData.Mode mode : RandomData.Mode.values())
                for (double scale : new double[] {1, 0.03, 4}) {
                    Bindings drawn = RandomData.scaled(RandomData.draw(m.program().variables().values(), Map.of(), seed, mode), scale);
                    RealMatrix y = AssumedData.satisfying(drawn, m.program().assumptions()).values().get("Y");
                    for (Assumption a : m.program().assumptions()) satisfies(y, a);
                }
    }

    /** A total over one entry (one class, a column of one) is that entry exactly, not the 1 − ε a scaling leaves. */
    @ParameterizedTest
    @ValueSource(strings = {"vector Y(1)\nassume sum(Y) = 1", "matrix Y(1, 3)\nassume sum(Y, 1) = 1",
            "matrix Y(3, 1)\nassume sum(Y, 2) = 0.7", "vector Y(1)\nassume sum(Y) = -0.3"})
    void aTotalOverOneEntryIsExact(String facts) {
        MatDiff m = MatDiff.parse(facts.replaceFirst("\n", " constant\nvector x(2)\n") + "\nf = sum(Y)*sum(x)\n");
        double c = m.program().assumptions().get(0).total();
        for (long seed = 0; seed < 40; seed++)
            for (RandomData.Mode mode : RandomData.Mode.values()) {
                Bindings drawn = RandomData.draw(m.program().variables().values(), Map.of(), seed, mode);
                for (double[] row : AssumedData.satisfying(drawn, m.program().assumptions()).values().get("Y").getData())
                    for (double v : row) assertThat(v).as("seed %d, %s", seed, mode).isEqualTo(c);
            }
    }

    /** With one class the cross-entropy is flat, and its gradient, derived with sum(y) = 1, is exactly 0 at drawn data: check passes. */
    @Test
    void softmaxRegressionWithOneClassPassesCheck() {
        MatDiff m = MatDiff.parse("matrix W(M, N)\nvector x(N) constant\nvector y(M) constant\nassume sum(y) = 1\nL = -y'*log(softmax(W*x))\n");
        for (long seed = 1; seed <= 5; seed++)
            assertThat(m.check(m.derive("W"), Map.of("M", 1, "N", 2), seed).passed()).as("seed %d", seed).isTrue();
    }

    @Test
    void doublyStochasticDataIsPositive() {
        MatDiff m = MatDiff.parse("matrix Y(5, 5) constant\nvector x(2)\nassume sum(Y, 1) = 1\nassume sum(Y, 2) = 1\nf = sum(Y)*sum(x)\n");
        Bindings drawn = RandomData.draw(m.program().variables().values(), Map.of(), 7, RandomData.Mode.MIXED);
        RealMatrix y = AssumedData.satisfying(drawn, m.program().assumptions()).values().get("Y");
        for (double[] row : y.getData()) for (double v : row) assertThat(v).isPositive();
    }

    /** At sizes where no data satisfies them together the draw is refused, at the later fact, not made to break one. */
    @Test
    void factsImpossibleAtTheDrawnSizesAreRefusedAtTheLaterOne() {
        MatDiff m = MatDiff.parse("vector y(k) constant\nvector x(k)\nassume sum(y) = 2\nassume norm(y) = 1\nf = x'*y\n");
        Map<String, RealMatrix> values = new LinkedHashMap<>();
        Random r = new Random(1);
        values.put("y", dev.matdiff.testing.Fixtures.random(r, 3, 1));
        values.put("x", dev.matdiff.testing.Fixtures.random(r, 3, 1));
        Bindings at = Bindings.bind(m.program().variables().values(), values);
        assertThatThrownBy(() -> AssumedData.satisfying(at, m.program().assumptions()))
                .isInstanceOf(AssumedData.Unsatisfiable.class)
                .hasMessageContaining("cannot draw data that satisfies norm(y) = 1 together with sum(y) = 2 (line 3)")
                .hasMessageContaining("3 entries that add up to 2 have a length of at least 1.1547")
                .satisfies(e -> assertThat(((AssumedData.Unsatisfiable) e).pos().line()).isEqualTo(4));
    }

    private static void satisfies(RealMatrix y, Assumption a) {
        int rows = y.getRowDimension(), cols = y.getColumnDimension();
        double c = a.total();
        switch (a.kind()) {
            case SUM -> assertThat(sum(y, 0, rows, 0, cols)).as(a.text()).isCloseTo(c, within(1e-12));
            case NORM -> assertThat(y.getFrobeniusNorm()).as(a.text()).isCloseTo(c, within(1e-12));
            case COLUMN_SUMS -> { for (int j = 0; j < cols; j++) assertThat(sum(y, 0, rows, j, j + 1)).as(a.text() + ", column " + j).isCloseTo(c, within(1e-12)); }
            case ROW_SUMS -> { for (int i = 0; i < rows; i++) assertThat(sum(y, i, i + 1, 0, cols)).as(a.text() + ", row " + i).isCloseTo(c, within(1e-12)); }
        }
    }

    private static double sum(RealMatrix y, int r0, int r1, int c0, int c1) {
        double s = 0;
        for (int i = r0; i < r1; i++) for (int j = c0; j < c1; j++) s += y.getEntry(i, j);
        return s;
    }
}
