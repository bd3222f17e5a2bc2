package dev.matdiff.robustness;

import dev.matdiff.cli.Main;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one command line in-process through {@link Main#run(PrintWriter, PrintWriter, String...)}
 * on a fresh thread with a chosen stack, and gives up on it after a time budget: a hang detector,
 * not a benchmark. A thread that overran its budget is stopped, so a hang costs one budget and
 * not the rest of the run.
 */
final class Runs {
    private Runs() {}

    /** The stack {@code Main.main} gives its worker thread: the real launcher path. */
    static final long LAUNCHER_STACK = 2L << 30;

    /** The outcome of one command line. {@code timedOut} means it overran its budget (exit is then -1). */
    record Run(String[] args, int exit, String out, String err, long millis, boolean timedOut, Throwable escaped) {

        String command() { return Runs.describe(args); }

        /** The program the command read: its -e expression, or the text of its FILE argument. */
        String input() {
            for (int i = 0; i < args.length; i++) {
                if ((args[i].equals("-e") || args[i].equals("--expression")) && i + 1 < args.length) return args[i + 1];
                if (args[i].startsWith("--expression=")) return args[i].substring("--expression=".length());
            }
            for (int i = 1; i < args.length; i++) {
                if (args[i].startsWith("-")) { if (!args[i].startsWith("--") || args[i].equals("--data")) i++; continue; }
                try {
                    return java.nio.file.Files.readString(java.nio.file.Path.of(args[i]));
                } catch (java.io.IOException | RuntimeException e) {
                    return "";
                }
            }
            return "";
        }
    }

    static Run run(Duration budget, String... args) { return run(budget, LAUNCHER_STACK, args); }

    @SuppressWarnings({"deprecation", "removal"})
    static Run run(Duration budget, long stackBytes, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        FutureTask<Integer> task = new FutureTask<>(() -> Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args));
        Thread worker = new Thread(null, task, "robustness-case", stackBytes);
        worker.setDaemon(true);
        long start = System.nanoTime();
        worker.start();
        try {
            int exit = task.get(budget.toMillis(), TimeUnit.MILLISECONDS);
            return new Run(args, exit, out.toString(), err.toString(), (System.nanoTime() - start) / 1_000_000, false, null);
        } catch (TimeoutException e) {
            worker.interrupt();
            try {
                worker.join(200);
                if (worker.isAlive()) worker.stop(); // Java 17: still works; a hung case must not keep a core busy
            } catch (InterruptedException | UnsupportedOperationException ignored) {
                // keep going: the case is reported as a hang either way
            }
            return new Run(args, -1, out.toString(), err.toString(), (System.nanoTime() - start) / 1_000_000, true, null);
        } catch (ExecutionException e) {
            // Main.run promises never to throw: anything escaping it is a finding
            return new Run(args, -1, out.toString(), err.toString(), (System.nanoTime() - start) / 1_000_000, false, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A command line as a shell would take it, abbreviated when long. */
    static String describe(String... args) {
        StringBuilder sb = new StringBuilder("matdiff");
        for (String a : args) {
            String shown = a.length() > 300 ? a.substring(0, 300) + "…(" + a.length() + " chars)" : a;
            sb.append(' ').append(shown.matches("[A-Za-z0-9_./=,-]+") ? shown : "'" + shown.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }
}
