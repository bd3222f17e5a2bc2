package dev.matdiff.cli;

/** A failure already worded for the user: printed to stderr as it is, then exit with the code. */
final class CliError extends RuntimeException {
    final int exitCode;

    CliError(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }
}
