package dev.matdiff.codegen;

import dev.matdiff.check.RandomData;

import java.util.ArrayList;
import java.util.List;

/**
 * How every generated main (NumPy, PyTorch, Java) picks the point it checks at, and what its checks
 * say when they cannot compare: one description, so the languages agree with each other and with
 * {@code matdiff check} ({@link RandomData#atRandomPoint}). The point is the first random one where
 * every function's value and derivatives are finite: data of both signs, then positive, each draw
 * scaled by each of {@link RandomData#scales()} (arcsin(W*x) needs |W*x| &le; 1, log(x'*x - 1) a
 * larger x), then further seeds at {@link RandomData#moreSeedScales()}. A value or a derivative
 * that is not finite is never a failure: the check says inconclusive, and main exits with 0, as
 * {@code matdiff check} does for an inconclusive check.
 */
final class PointSearch {
    private PointSearch() {}

    /** The first draw's scales, in order. */
    static List<String> scales() { return texts(RandomData.scales()); }

    /** The further seeds' scales, in order. */
    static List<String> moreSeedScales() { return texts(RandomData.moreSeedScales()); }

    /** How many further seeds are drawn. */
    static int moreSeeds() { return RandomData.MORE_SEEDS; }

    /** How many points are tried in all. */
    static int points() { return 2 * (RandomData.scales().length + moreSeeds() * RandomData.moreSeedScales().length); }

    /**
     * The search, for a docstring or comment, in two lines ("\n" between them): "data of both signs, then
     * positive, scaled by each of 1, 0.5, … in turn,\nthen 4 other seeds at 1 and 0.25".
     */
    static String described() {
        return "data of both signs, then positive, scaled by each of " + String.join(", ", scales()) + " in turn,\nthen "
                + moreSeeds() + " other seeds at " + String.join(" and ", moreSeedScales());
    }

    /** What a check that passed adds where every derivative it compared was 0 (a point where every relu is off). */
    static final String ZEROS = ", but every derivative compared was 0 at this point: it compared zeros";

    /** What a check prints after its name when f did not move at any step and the derivatives are too small to move it: not a failure. */
    static final String FLAT = "inconclusive: f is the same to the last digit at every step, where the derivatives, below 1e-12 (of |f| where that is above 1), are too small for differences to see";

    /** What a check prints after its name when a value or a derivative is not finite, and returns NaN. */
    static final String NOT_FINITE = "inconclusive: the value or a derivative is not finite at this point or a step away from it";

    /** What main prints after each check's name when no point has finite values and derivatives. */
    static String noPoint() {
        return "inconclusive: no random point found where the value and the derivatives are finite (" + RandomData.searched(points()) + ")";
    }

    private static List<String> texts(double[] xs) {
        List<String> out = new ArrayList<>();
        for (double x : xs) out.add(text(x));
        return out;
    }

    /** A number as both languages read it: 1, 0.25 (never 1.0). */
    private static String text(double x) { return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x); }
}
