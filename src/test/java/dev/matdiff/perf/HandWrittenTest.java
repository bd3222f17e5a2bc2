package dev.matdiff.perf;

import dev.matdiff.bench.Cases;
import dev.matdiff.bench.HandWritten;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.expr.Expr;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Evaluator;

import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The benchmarks' hand-written yardstick computes what matdiff computes, at both benchmark layouts. */
class HandWrittenTest {

    @ParameterizedTest
    @ValueSource(ints = {4, 80})
    void everyCaseAgreesWithTheEvaluator(int n) {
        for (Cases c : Cases.values()) {
            Derivation d = c.derive();
            Bindings at = c.point(d, n);
            Evaluator e = new Evaluator(at);
            double f = e.scalar(d.objective());
            List<RealMatrix> grads = new ArrayList<>();
            for (Expr g : d.gradients().values()) grads.add(e.value(g));

            HandWritten.Result h = HandWritten.compute(c, at);
            assertThat(h.value()).as(c + " value").isCloseTo(f, within(1e-9 * Math.max(1, Math.abs(f))));
            assertThat(h.gradients()).as(c + " gradients").hasSameSizeAs(grads);
            for (int i = 0; i < grads.size(); i++) {
                RealMatrix want = grads.get(i), got = h.gradients().get(i);
                double scale = Math.max(1, want.getNorm());
                assertThat(got.subtract(want).getNorm()).as(c + " gradient " + i).isLessThan(1e-9 * scale);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Cases.class)
    void theLargePointIsTheIssuesSize(Cases c) {
        Bindings at = c.point(c.derive(), 512);
        if (c.isNetwork()) {
            assertThat(at.values().get("W_1").getRowDimension()).isEqualTo(256);
            assertThat(at.values().get("X").getColumnDimension()).isEqualTo(128);
        } else {
            assertThat(at.values().get("X").getRowDimension()).isEqualTo(512);
        }
    }
}
