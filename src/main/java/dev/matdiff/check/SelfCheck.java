package dev.matdiff.check;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.numeric.NumericException;

import java.util.Map;

/**
 * derive's guard against a wrong answer: before a gradient is printed it is compared with a
 * central finite difference at one small random point, along a few directions that move all the
 * variables at once. An objective undefined at both random points is not checked (and says so).
 *
 * @param status "passed", "failed", "skipped" or "off"
 */
public record SelfCheck(String status, String detail) {

    public static final SelfCheck SKIPPED = new SelfCheck("off", "");

    static final int DIRECTIONS = 3;
    static final long SEED = 20261123L;

    public boolean failed() { return status.equals("failed"); }

    /** A failure must repeat at a second point: one step across a kink of abs or relu is not a wrong gradient. */
    public static SelfCheck run(Derivation d) {
        SelfCheck first = at(d, SEED);
        return first.failed() ? at(d, SEED + 1) : first;
    }

    private static SelfCheck at(Derivation d, long seed) {
        try {
            GradientCheck.Result r = RandomData.atRandomPoint(d, Map.of(), seed, at -> {
                GradientCheck.Result g = d.isJacobian() ? null : GradientCheck.quick(d.objective(), d.gradientsByVariable(), at, DIRECTIONS, seed);
                if (g != null && (!g.passed() || !d.hasHigher())) return g;
                return JacobianCheck.check(d, at, GradientCheck.TOLERANCE, seed);
            });
            return new SelfCheck(r.passed() ? "passed" : "failed", r.summary());
        } catch (NumericException e) {
            return new SelfCheck("skipped", "no random point where the objective is defined: " + e.getMessage());
        }
    }
}
