package dev.matdiff.calculus;

import dev.matdiff.MatDiff;
import dev.matdiff.check.RandomData;
import dev.matdiff.expr.Expr;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Evaluator;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stage's first line dL = tr(∇hᵀ dh) says what it holds fixed and whether it is whole: true as printed, as a step
 * audit checks it numerically (the variables named fixed, the others moved, and "+ …" where a term still to follow
 * reaches them).
 */
class StagedLinesTest {

    /** The first line of the stage of intermediate h. */
    /** Stage h's first line, derived w.r.t. W1 and W2, holds what the note says and is partial as said. */
    private static void assertStage(String program, String h, String held, boolean partial) {
        Step seed = seedOf(MatDiff.parse(program).derive("W1", "W2"), h);
        assertThat(seed.note().text()).as(h).isEqualTo(held);
        assertThat(seed.partial()).as(h).isEqualTo(partial);
    }

    private static Step seedOf(Derivation d, String h) {
        return d.steps().stream().filter(s -> s.stage() instanceof Stage.Layer l && l.name().equals(h) && s.phase() == Step.Phase.DIFFERENTIALS)
                .findFirst().orElseThrow();
    }

    @Test
    void aLayerHoldsTheVariablesAboveItFixedAndIsWholeWithThem() {
        assertStage("matrix W1(h, n), W2(m, h)\nvector x(n) constant, y(m) constant\nz1 = tanh(W1*x)\nL = sqnorm(W2*z1 - y)\n",
                "z1", "W2 fixed", false);
        // a stage's laws step names the symbols it reads and does not differentiate, as the top stage names y
        Derivation onlyW1 = MatDiff.parse("matrix W1(h, n), W2(m, h)\nvector x(n) constant, y(m) constant\nz1 = tanh(W1*x)\n"
                + "h2 = W2*z1\nL = sqnorm(h2 - y)\n").derive("W1");
        assertThat(onlyW1.steps().stream().filter(s -> s.stage() instanceof Stage.Layer l && l.name().equals("h2"))
                .map(s -> s.note().text()).toList()).contains("W2 fixed");
    }

    /** A regulariser reaches W1 beside the layer that does: the layer's line is part of dL even with W2 fixed (review). */
    @Test
    void aTermStillToFollowThatReachesTheLayersVariablesMakesItsLinePartial() {
        String regularised = "matrix W1(h, n), W2(m, h)\nvector x(n) constant\nz1 = W1*x\na1 = tanh(z1)\nz2 = W2*a1\nL = sqnorm(z2) + sqnorm(W1)\n";
        assertStage(regularised, "a1", "W2 fixed", true);
        // the top stage reads W2 and a1, which reaches W1: nothing is held, and ‖W1‖², still to follow, makes it partial too
        assertStage(regularised, "z2", "", true);
    }

    /** x feeds both layers: the lower layer's line leaves out the upper layer's direct term in W1 (a skip connection). */
    @Test
    void aSkipConnectionMakesTheLowerLinePartial() {
        Derivation d = MatDiff.parse("matrix W1(h, n), W2(h, h), W3(m, h)\nvector x(n) constant\na1 = tanh(W1*x)\n"
                + "a2 = tanh(W2*a1 + W1*x)\nL = sqnorm(W3*a2)\n").derive("W1", "W2", "W3");
        assertThat(seedOf(d, "a2").partial()).isFalse();
        assertThat(seedOf(d, "a1").partial()).isTrue();
        assertThat(seedOf(d, "a1").note().text()).isEqualTo("W2, W3 fixed");
    }

    private static final String REGULARISED = "matrix W1(h, n), W2(m, h)\nvector x(n) constant\nz1 = W1*x\na1 = tanh(z1)\nz2 = W2*a1\n"
            + "L = sqnorm(z2) + sqnorm(W1)\n";
    private static final String SKIP = "matrix W1(h, n), W2(h, h), W3(m, h)\nvector x(n) constant\na1 = tanh(W1*x)\n"
            + "a2 = tanh(W2*a1 + W1*x)\nL = sqnorm(W3*a2)\n";

    /**
     * In numbers: with the variables a stage's line names fixed and the others moved along a random V, dL (by central
     * differences) equals Tr(∇hᵀ dh), ∇h the gradient that reaches h, exactly where the line has no "+ …".
     */
    @Test
    void aLineIsTheWholeChangeWithItsVariablesHeldExactlyWhereItHasNoEllipsis() {
        assertThat(partialAsTheNumbersSay(REGULARISED.replace(" + sqnorm(W1)", ""), "a1", "W1", "W2")).isFalse();
        assertThat(partialAsTheNumbersSay(REGULARISED, "z2", "W1", "W2")).isTrue();
        assertThat(partialAsTheNumbersSay(REGULARISED, "a1", "W1", "W2")).isTrue();
        assertThat(partialAsTheNumbersSay(SKIP, "a2", "W1", "W2", "W3")).isFalse();
        assertThat(partialAsTheNumbersSay(SKIP, "a1", "W1", "W2", "W3")).isTrue();
    }

    /** Stage h's line's "+ …", once the numbers agree with it: a whole line within 1e-6 of dL, a partial one off by 1e-3. */
    private static boolean partialAsTheNumbersSay(String text, String h, String... wrt) {
        MatDiff m = MatDiff.parse(text);
        Derivation d = m.derive(wrt);
        Step seed = seedOf(d, h);
        List<String> held = seed.note() instanceof Note.Constants c ? c.names() : List.of();
        Expr reaching = m.derive(h).gradient(h), hBody = m.program().definitions().get(h);
        double gap = RandomData.atRandomPoint(d, Map.of(), 5, at -> {
            Random random = new Random(7);
            Map<String, RealMatrix> direction = new HashMap<>();
            for (String v : wrt) {
                if (held.contains(v)) continue;
                RealMatrix x = at.values().get(v), dv = MatrixUtils.createRealMatrix(x.getRowDimension(), x.getColumnDimension());
                for (int i = 0; i < x.getRowDimension(); i++) for (int j = 0; j < x.getColumnDimension(); j++) dv.setEntry(i, j, random.nextGaussian());
                direction.put(v, dv);
            }
            double e = 1e-5;
            Evaluator plus = new Evaluator(moved(at, direction, e)), minus = new Evaluator(moved(at, direction, -e));
            double dL = (plus.scalar(d.objective()) - minus.scalar(d.objective())) / (2 * e);
            RealMatrix dh = plus.value(hBody).subtract(minus.value(hBody)).scalarMultiply(1 / (2 * e));
            // the gradient that reaches h reads h as a symbol: bound to its definition's value
            RealMatrix g = new Evaluator(at.with(h, new Evaluator(at).value(hBody))).value(reaching);
            double line = 0;
            for (int i = 0; i < g.getRowDimension(); i++) for (int j = 0; j < g.getColumnDimension(); j++) line += g.getEntry(i, j) * dh.getEntry(i, j);
            return Math.abs(dL - line) / Math.max(Math.max(Math.abs(dL), Math.abs(line)), 1e-12);
        });
        if (seed.partial()) assertThat(gap).as("stage " + h + " (+ …)").isGreaterThan(1e-3);
        else assertThat(gap).as("stage " + h).isLessThan(1e-6);
        return seed.partial();
    }

    private static Bindings moved(Bindings at, Map<String, RealMatrix> direction, double t) {
        Bindings out = at;
        for (var v : direction.entrySet()) out = out.with(v.getKey(), at.values().get(v.getKey()).add(v.getValue().scalarMultiply(t)));
        return out;
    }
}
