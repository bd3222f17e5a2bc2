package dev.matdiff.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --threads N} of eval and bench. Without it, the count is what the native BLAS uses anyway: OpenBLAS reads
 * OPENBLAS_NUM_THREADS when the JVM starts, else takes every core; the Java BLAS splits products as widely.
 */
final class ThreadsOption {
    @Option(names = "--threads", description = "cores the evaluation may use (default: OPENBLAS_NUM_THREADS if set, else every core; "
            + "${DEFAULT-VALUE} here; see README)")
    int threads = dev.matdiff.linalg.Blas.threadsByDefault();

    /** More threads than any machine this runs on has cores: each is a thread of the JVM and of OpenBLAS. */
    static final int MAX = 1024;

    /** The count, refused with a usage error below 1 or above {@link #MAX}. */
    int checked(CommandSpec spec) {
        if (threads < 1) throw CliError.usage(spec, "--threads must be at least 1, not " + threads);
        if (threads > MAX) throw CliError.usage(spec, "--threads must be at most " + MAX + ", not " + threads
                + "; this machine has " + Runtime.getRuntime().availableProcessors() + " cores");
        return threads;
    }
}
