package dev.matdiff.cli;

import java.io.PrintWriter;

/**
 * What a successful command tells the user beside its answer (a self-check that verified nothing,
 * a name that is not what it seems): one line each on stderr, "matdiff: note: …", after the
 * answer on stdout.
 */
final class Notes {
    private Notes() {}

    static final String PREFIX = "matdiff: note: ";

    static void print(PrintWriter err, String note) {
        err.println(PREFIX + note.replace('\n', ' '));
        err.flush();
    }
}
