package dev.matdiff.calculus;

import dev.matdiff.MatDiff;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stage's first line dL = tr(∇hᵀ dh) says what it holds fixed and whether it is whole: true as printed, as a step
 * audit checks it numerically (the variables named fixed, the others moved, and "+ …" where a term still to follow
 * reaches them).
 */
class StagedLinesTest {

    /** The first line of the stage of intermediate h. */
    private static Step seedOf(Derivation d, String h) {
        return d.steps().stream().filter(s -> s.stage() instanceof Stage.Layer l && l.name().equals(h) && s.phase() == Step.Phase.DIFFERENTIALS)
                .findFirst().orElseThrow();
    }

    @Test
    void aLayerHoldsTheVariablesAboveItFixedAndIsWholeWithThem() {
        Derivation d = MatDiff.parse("matrix W1(h, n), W2(m, h)\nvector x(n) constant, y(m) constant\nz1 = tanh(W1*x)\n"
                + "L = sqnorm(W2*z1 - y)\n").derive("W1", "W2");
        Step z1 = seedOf(d, "z1");
        assertThat(z1.note().text()).isEqualTo("W2 fixed");
        assertThat(z1.partial()).isFalse();
        // a stage's laws step names the symbols it reads and does not differentiate, as the top stage names y
        Derivation onlyW1 = MatDiff.parse("matrix W1(h, n), W2(m, h)\nvector x(n) constant, y(m) constant\nz1 = tanh(W1*x)\n"
                + "h2 = W2*z1\nL = sqnorm(h2 - y)\n").derive("W1");
        assertThat(onlyW1.steps().stream().filter(s -> s.stage() instanceof Stage.Layer l && l.name().equals("h2"))
                .map(s -> s.note().text()).toList()).contains("W2 fixed");
    }

    /** A regulariser reaches W1 beside the layer that does: the layer's line is part of dL even with W2 fixed (review). */
    @Test
    void aTermStillToFollowThatReachesTheLayersVariablesMakesItsLinePartial() {
        Derivation d = MatDiff.parse("matrix W1(h, n), W2(m, h)\nvector x(n) constant\nz1 = W1*x\na1 = tanh(z1)\nz2 = W2*a1\n"
                + "L = sqnorm(z2) + sqnorm(W1)\n").derive("W1", "W2");
        Step a1 = seedOf(d, "a1");
        assertThat(a1.note().text()).isEqualTo("W2 fixed");
        assertThat(a1.partial()).isTrue();
        // the top stage reads W2 and z2 alone: nothing is held, and its lines are whole
        Step z2 = seedOf(d, "z2");
        assertThat(z2.note().text()).isEmpty();
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
}
