package dev.matdiff.cli;

/** A failure already worded for the user: printed to stderr as it is, then exit with the code. */
final class CliError extends RuntimeException {
    final int exitCode;

    CliError(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** A command line that cannot be carried out as given: one line naming the command, and where to read more. */
    static CliError usage(picocli.CommandLine.Model.CommandSpec spec, String message) {
        String command = spec.qualifiedName();
        return new CliError(command + ": " + message + " (see '" + command + " --help')", 2);
    }
}
