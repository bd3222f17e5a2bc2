package dev.matdiff.cli;

/** A failure already worded for the user: printed to stderr as it is, then exit with the code. */
final class CliError extends RuntimeException {
    final int exitCode;

    CliError(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /**
     * A command line that cannot be carried out as given: one line naming the command, and where to read more (control
     * characters escaped, as a file name or an argument may hold them).
     */
    static CliError usage(picocli.CommandLine.Model.CommandSpec spec, String message) {
        String command = spec.qualifiedName();
        // a 100,000-letter name listed among the declared ones is said by its ends, as in a program's errors
        String said = dev.matdiff.source.Excerpt.shortWords(message);
        return new CliError(dev.matdiff.source.Excerpt.printable(command + ": " + said + " (see '" + command + " --help')"), 2);
    }

    /**
     * A file that cannot be written, with the reason in words: Java's own message for a missing directory is
     * the path again ("out/x.py: cannot write: out/x.py"). An empty name is refused before (a usage error).
     */
    static CliError cannotWrite(Object target, Exception e) {
        String why;
        if (e instanceof java.nio.file.NoSuchFileException) why = "no such directory";
        else if (e instanceof java.nio.file.AccessDeniedException) why = "permission denied";
        else if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) why = f.getReason().toLowerCase(java.util.Locale.ROOT);  // "Is a directory"
        else if (e instanceof java.nio.file.InvalidPathException i) why = "not a valid file name (" + i.getReason() + ")";
        else why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new CliError(dev.matdiff.source.Excerpt.printable(target + ": cannot write: " + why), 2);
    }
}
