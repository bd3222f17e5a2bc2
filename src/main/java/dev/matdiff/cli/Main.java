package dev.matdiff.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The command line. Everything runs on a thread with a large stack, so deeply nested input is
 * handled (or refused with a message) instead of ending in a StackOverflowError.
 */
@Command(name = "matdiff", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Symbolic matrix differentials with textbook derivations.",
        subcommands = {DeriveCommand.class, EvalCommand.class, CheckCommand.class, BenchCommand.class, CodegenCommand.class})
public final class Main implements Runnable {

    static final long STACK_BYTES = 2L << 30;

    public static void main(String[] args) {
        int[] code = {0};
        Thread worker = new Thread(null, () -> code[0] = run(args), "matdiff", STACK_BYTES);
        worker.start();
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code[0] = 2;
        }
        System.exit(code[0]);
    }

    /** Runs one command line and returns its exit code; never throws. */
    public static int run(String... args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        return run(out, err, args);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        // "-e -e" is the expression -e (the scalar e, negated), not a repeated option
        cli.setAllowOptionsAsOptionParameters(true);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            err.println(message(ex));
            err.flush();
            return ex instanceof CliError c ? c.exitCode : 2;
        });
        try {
            return cli.execute(args);
        } catch (StackOverflowError e) {
            err.println("matdiff: the input is nested too deeply to process");
            return 2;
        } catch (OutOfMemoryError e) {
            err.println("matdiff: out of memory: the input is too large");
            return 2;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static String message(Throwable ex) {
        if (ex instanceof CliError) return ex.getMessage();
        if (ex instanceof StackOverflowError) return "matdiff: the input is nested too deeply to process";
        if (ex instanceof OutOfMemoryError) return "matdiff: out of memory: the input is too large";
        if (ex instanceof UnsupportedOperationException) return "matdiff: " + ex.getMessage();
        // a bug, not bad input: one line, no stack trace
        return "matdiff: internal error: " + ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is required: derive, eval or check");
    }

    static final class Version implements CommandLine.IVersionProvider {
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"matdiff " + (v == null ? "dev" : v), "BLAS: " + dev.matdiff.linalg.Blas.describe()};
        }
    }
}
