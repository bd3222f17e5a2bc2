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
        return new CliError(dev.matdiff.source.Excerpt.printable(target + ": cannot write: " + why(e, "no such directory")), 2);
    }

    /** A file that cannot be read, with the reason in words, as {@link #cannotWrite} says it. */
    static CliError cannotRead(String shownName, Exception e) {
        return new CliError(shownName + ": cannot read: " + dev.matdiff.source.Excerpt.printable(why(e, "no such file")), 2);
    }

    /** The reason in the words of a message's middle: "is a directory", not the system's "Is a directory" (trial s76b). */
    private static String why(Exception e, String missing) {
        if (e instanceof java.nio.file.NoSuchFileException) return missing;
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.InvalidPathException i) return "not a valid file name (" + i.getReason() + ")";
        String why = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        if (why == null) return e.getClass().getSimpleName();
        // a sentence's capital, not a name's: "Is a directory", not "EOF" or "UTF-8"
        return why.length() > 1 && Character.isUpperCase(why.charAt(0)) && Character.isLowerCase(why.charAt(1))
                ? Character.toLowerCase(why.charAt(0)) + why.substring(1) : why;
    }
}
