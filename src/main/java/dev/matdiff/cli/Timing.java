package dev.matdiff.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * How {@code matdiff bench} times a piece of work: warm runs until the figure settles, then the
 * median of as many runs as fit in the budget. The JIT compiles a deep derivation over seconds, so
 * a fixed number of warm-up runs measures the compiler as much as the library.
 *
 * <p>Warming runs the work in windows of at least {@link #MIN_WINDOW_RUNS} runs and a tenth of the
 * budget; it is over when the medians of the last {@link #SETTLED_WINDOWS} windows are within
 * {@link #SETTLED_SPREAD} of each other, or when {@link #maxWarmupSeconds} have passed (the figure
 * is then marked unsettled: a busy machine, or work that keeps changing).
 */
final class Timing {
    private Timing() {}

    static final int MIN_WINDOW_RUNS = 5;
    static final int SETTLED_WINDOWS = 3;
    static final double SETTLED_SPREAD = 0.05;

    /** A median of warm runs, in milliseconds, with the fastest and slowest run and how the warm-up went. */
    record Figure(double median, double min, double max, int runs, double warmupSeconds, boolean settled) {}

    /** The warm-up's limit: at least 5 s (what a deep derivation needs to compile), longer for a long budget. */
    static double maxWarmupSeconds(double seconds) { return Math.max(5, 3 * seconds); }

    static Figure measure(Supplier<?> work, double seconds) {
        long window = Math.max(10_000_000L, (long) (seconds * 1e8));
        long start = System.nanoTime(), limit = (long) (maxWarmupSeconds(seconds) * 1e9);
        List<Double> medians = new ArrayList<>();
        boolean settled = false;
        while (!settled && System.nanoTime() - start < limit) {
            medians.add(median(runs(work, window, MIN_WINDOW_RUNS)));
            settled = settled(medians);
        }
        double warmup = (System.nanoTime() - start) / 1e9;
        long[] times = runs(work, (long) (seconds * 1e9), 5);
        Arrays.sort(times);
        return new Figure(times[times.length / 2] / 1e6, times[0] / 1e6, times[times.length - 1] / 1e6, times.length, warmup, settled);
    }

    /** Runs of the work for about {@code nanos} (at least {@code minRuns}, at most 100,000), their times. */
    private static long[] runs(Supplier<?> work, long nanos, int minRuns) {
        List<Long> times = new ArrayList<>();
        long start = System.nanoTime();
        while (times.size() < minRuns || (System.nanoTime() - start < nanos && times.size() < 100_000)) {
            long t0 = System.nanoTime();
            work.get();
            times.add(System.nanoTime() - t0);
        }
        return times.stream().mapToLong(Long::longValue).toArray();
    }

    private static double median(long[] times) {
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static boolean settled(List<Double> medians) {
        if (medians.size() < SETTLED_WINDOWS) return false;
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (double m : medians.subList(medians.size() - SETTLED_WINDOWS, medians.size())) {
            lo = Math.min(lo, m);
            hi = Math.max(hi, m);
        }
        return hi <= lo * (1 + SETTLED_SPREAD);
    }
}
