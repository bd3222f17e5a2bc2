package dev.matdiff.cli;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * How {@code matdiff bench} times a piece of work: warm runs until the figure settles, then the
 * median of as many runs as fit in the budget. The JIT compiles a deep derivation over seconds (a
 * 16-layer network takes 8–10 s on two cores to reach its settled speed, 3–6× faster than at 2 s),
 * so a fixed number of warm-up runs measures the compiler as much as the library.
 *
 * <p>Warming runs the work in windows of at least {@link #MIN_WINDOW_RUNS} runs and a quarter of
 * the budget; it is over when, over the last {@link #SETTLED_WINDOWS} windows, the JIT compiled for
 * at most {@link #QUIET_JIT} of the time and the windows' medians are within {@link #SETTLED_SPREAD}
 * of each other; or when {@link #maxWarmupSeconds} have passed (the figure is then marked
 * unsettled: a busy machine, or work that keeps changing). Medians alone settle too early: between
 * two bursts of compilation they can agree for a second.
 */
final class Timing {
    private Timing() {}

    static final int MIN_WINDOW_RUNS = 5;
    static final int SETTLED_WINDOWS = 4;
    static final double SETTLED_SPREAD = 0.05;
    /** The share of a window's time the JIT may spend compiling while the figure counts as settled. */
    static final double QUIET_JIT = 0.02;

    /** A median of warm runs, in milliseconds, with the fastest and slowest run and how the warm-up went. */
    record Figure(double median, double min, double max, int runs, double warmupSeconds, boolean settled) {}

    /** One window of warm-up: the median run, the window's length and the JIT's compiling time in it (ms; -1: unknown). */
    record Window(double median, double millis, double jitMillis) {}

    /** The warm-up's limit: 30 budgets, at least 2 s (30 s by default: what a deep derivation needs to compile on a busy machine). */
    static double maxWarmupSeconds(double seconds) { return Math.max(2, 30 * seconds); }

    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    private static long jitMillis() {
        return JIT != null && JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : -1;
    }

    static Figure measure(Supplier<?> work, double seconds) {
        long window = Math.max(10_000_000L, (long) (seconds * 2.5e8));
        long start = System.nanoTime(), limit = (long) (maxWarmupSeconds(seconds) * 1e9);
        List<Window> windows = new ArrayList<>();
        boolean settled = false;
        while (!settled && System.nanoTime() - start < limit) {
            long t0 = System.nanoTime(), jit0 = jitMillis();
            double median = median(runs(work, window, MIN_WINDOW_RUNS));
            long jit1 = jitMillis();
            windows.add(new Window(median, (System.nanoTime() - t0) / 1e6, jit0 < 0 || jit1 < 0 ? -1 : jit1 - jit0));
            settled = settled(windows);
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

    static boolean settled(List<Window> windows) {
        if (windows.size() < SETTLED_WINDOWS) return false;
        double lo = Double.POSITIVE_INFINITY, hi = 0, millis = 0, jit = 0;
        for (Window w : windows.subList(windows.size() - SETTLED_WINDOWS, windows.size())) {
            lo = Math.min(lo, w.median());
            hi = Math.max(hi, w.median());
            millis += w.millis();
            jit = w.jitMillis() < 0 || jit < 0 ? -1 : jit + w.jitMillis();
        }
        // the JVM counts whole milliseconds of compiling: a short budget's windows may hold one or two of them
        return hi <= lo * (1 + SETTLED_SPREAD) && jit <= Math.max(QUIET_JIT * millis, 2);
    }
}
