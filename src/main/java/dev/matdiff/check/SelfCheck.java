package dev.matdiff.check;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.numeric.NumericException;

import java.util.Map;

/**
 * derive's guard against a wrong answer: before a gradient is printed it is compared with
 * finite differences at a small random point, along a few directions that move all the variables
 * at once ({@link GradientCheck#quickVerify}: one step, then a finer ladder if that disagrees).
 *
 * <p>Only conclusive evidence fails a gradient: a settled finite difference that disagrees, at two
 * points (one step across a kink of abs or relu is not a wrong gradient). When the differences
 * cannot decide the status is "inconclusive"; when no point is found where f is defined,
 * "skipped". Both leave the gradient printed, with a note.
 *
 * @param status "passed", "failed", "inconclusive", "skipped" or "off"
 */
public record SelfCheck(String status, String detail) {

    public static final SelfCheck SKIPPED = new SelfCheck("off", "");

    static final int DIRECTIONS = 3;
    static final long SEED = 20261123L;

    public boolean failed() { return status.equals("failed"); }

    /** Whether nothing was verified although the check ran: a note for the user. */
    public boolean unverified() { return status.equals("inconclusive") || status.equals("skipped"); }

    /** The check, as a one-line note for stderr when it verified nothing, else null. */
    public String note() {
        return switch (status) {
            case "inconclusive" -> "the self-check was inconclusive, so this gradient is not verified: " + detail;
            case "skipped" -> "the self-check was skipped, so this gradient is not verified: " + detail;
            default -> null;
        };
    }

    /**
     * Past these, derive does not check by itself (its numbers alone would take seconds and gigabytes): a value of more
     * entries, or a matrix wider and taller than {@link #MAX_SIDE}, whose products and factorisations cost its side cubed.
     */
    static final long MAX_ENTRIES = 1L << 21;
    static final int MAX_SIDE = 1000;

    public static SelfCheck run(Derivation d) {
        // at the sizes the program fixes, or at the small ones drawn for the rest: a tower of Kronecker products has n^k rows
        String large = RandomData.largeAtFirstSizes(d, MAX_ENTRIES, MAX_SIDE);
        if (large != null)
            return new SelfCheck("skipped", "a value of the program is " + large + ", past what derive checks by itself (over "
                    + MAX_SIDE + "×" + MAX_SIDE + " or " + String.format("%,d", MAX_ENTRIES) + " entries); 'matdiff check' verifies it, taking its time");
        SelfCheck first = at(d, SEED);
        if (first.status.equals("passed") || first.status.equals("skipped")) return first;
        SelfCheck second = at(d, SEED + 1);
        if (second.status.equals("passed")) return second;
        // a settled disagreement at the first point stands unless a second point shows the gradient right
        if (first.failed() && (second.failed() || second.status.equals("skipped"))) return first;
        return first.status.equals("inconclusive") ? first : second.status.equals("inconclusive") ? second
                : new SelfCheck("inconclusive", first.detail + "; at a second point: " + second.detail);
    }

    private static SelfCheck at(Derivation d, long seed) {
        try {
            GradientCheck.Result r = RandomData.atRandomPoint(d, Map.of(), seed, at -> DerivativeCheck.quick(d, at, DIRECTIONS, seed));
            String status = switch (r.verdict()) {
                case PASSED -> "passed";
                case FAILED -> "failed";
                case INCONCLUSIVE -> "inconclusive";
            };
            return new SelfCheck(status, r.summary());
        } catch (NumericException e) {
            return new SelfCheck("skipped", e.getMessage());
        }
    }
}
