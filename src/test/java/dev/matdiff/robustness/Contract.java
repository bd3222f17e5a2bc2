package dev.matdiff.robustness;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What shared/CLI.md promises about any command line, whatever its input: exit 0, 1 (a failed
 * check only) or 2; nothing on stderr after a success but one-line notes ("matdiff: note: …", such
 * as a self-check that verified nothing); after bad input a first line
 * {@code file:line:col: message} followed by the source line and a caret under the column, or the
 * position-less one-line form {@code file: message} (problems that have no place in a text, such
 * as a file that is not UTF-8 or a value missing from the data); and never a Java stack trace, an
 * exception's class name or an "internal error".
 */
final class Contract {
    private Contract() {}

    static final Pattern POSITIONED = Pattern.compile("^[^:\\n]+:(\\d+):(\\d+): .+");
    static final Pattern POSITIONLESS = Pattern.compile("^[^:\\n]+: .+");
    static final Pattern CARET = Pattern.compile("^[ \\t]*\\^~*$");  // a tab of the source line stays a tab above the caret
    /** The one kind of line a success may write to stderr. */
    static final String NOTE = "matdiff: note: ";

    /** Words that only appear when the engine lost control of an error. */
    static final List<String> FORBIDDEN = List.of("Exception", "\tat ", "internal error", "StackOverflowError",
            "OutOfMemoryError", "nested too deeply to process", "out of memory");

    enum Form { SUCCESS, FAILED_CHECK, POSITIONED, POSITIONLESS, KNOWN_BUG, VIOLATION }

    /**
     * Engine bugs that the fuzzer found and that have a minimal, {@code @Disabled} reproduction in
     * {@link KnownBugsTest}. While they are open a fuzz case that hits one is counted as KNOWN_BUG
     * instead of failing the build; run with {@code MATDIFF_ROBUSTNESS_STRICT=true} in the environment to fail on
     * them too (and once they are fixed, delete the entry: strict is then the default behaviour).
     */
    record KnownBug(String id, java.util.function.Predicate<Runs.Run> matches) {}

    static final boolean STRICT = flag("matdiff.robustness.strict");

    /** Bugs the fuzzer may meet while they are open; all the ones it found are fixed (see KnownBugsTest). */
    static final List<KnownBug> KNOWN_BUGS = List.of();

    /**
     * After a few thousand throws from one place the JIT throws a preallocated exception without a
     * message (-XX:+OmitStackTraceInFastThrow, on by default), so a long fuzz run sees the known
     * bugs' exceptions as a bare "internal error: NullPointerException". Only the known bugs throw
     * these; a new bug of the same class is caught first with its message, in an earlier case.
     */
    static boolean lostMessage(Runs.Run r, String exception) {
        return r.err().equals("matdiff: internal error: " + exception + "\n");
    }

    static final Map<String, AtomicLong> KNOWN_BUG_HITS = new ConcurrentSkipListMap<>();

    /**
     * Discovery mode ({@code MATDIFF_ROBUSTNESS_COLLECT=true} in the environment): a violation is recorded (the first
     * of each kind, by its problem and first stderr line) instead of failing the case, so one run
     * lists every kind of failure instead of stopping each property at its first.
     */
    static final boolean COLLECT = flag("matdiff.robustness.collect");

    /** A switch from a system property, or from the environment (MATDIFF_ROBUSTNESS_…), which reaches Surefire's fork. */
    static boolean flag(String name) {
        return Boolean.getBoolean(name) || "true".equals(System.getenv(name.toUpperCase().replace('.', '_')));
    }
    static final Map<String, String> COLLECTED = new ConcurrentSkipListMap<>();

    /** How many cases ended in each form, per test family: printed by the tests and copied into docs/ROBUSTNESS.md. */
    static final Map<String, Map<Form, AtomicLong>> COUNTS = new ConcurrentSkipListMap<>();
    /** The message (without the file name and position) of each position-less error seen, with a count. */
    static final Map<String, AtomicLong> POSITIONLESS_MESSAGES = new ConcurrentHashMap<>();
    static final Map<String, AtomicLong> SLOWEST = new ConcurrentSkipListMap<>();

    /** Asserts the contract on one run and returns the form it ended in. */
    static Form verify(String family, Runs.Run r, Set<Integer> allowedExits) {
        Form form;
        try {
            form = classify(r, allowedExits);
        } catch (AssertionError e) {
            if (!COLLECT) throw e;
            String key = e.getMessage().lines().findFirst().orElse("") + " | " + r.err().lines().findFirst().orElse("")
                    .replaceAll("\\d+", "N").replaceAll("'[^']*'", "'…'");
            COLLECTED.putIfAbsent(key, e.getMessage());
            form = Form.VIOLATION;
        }
        COUNTS.computeIfAbsent(family, k -> new ConcurrentSkipListMap<>()).computeIfAbsent(form, k -> new AtomicLong()).incrementAndGet();
        SLOWEST.computeIfAbsent(family, k -> new AtomicLong()).accumulateAndGet(r.millis(), Math::max);
        return form;
    }

    private static Form classify(Runs.Run r, Set<Integer> allowedExits) {
        if (!STRICT)
            for (KnownBug b : KNOWN_BUGS)
                if (r.escaped() == null && !r.timedOut() && b.matches().test(r)) {
                    KNOWN_BUG_HITS.computeIfAbsent(b.id(), k -> new AtomicLong()).incrementAndGet();
                    return Form.KNOWN_BUG;
                }
        if (r.escaped() != null) throw failure(r, "Main.run threw " + r.escaped());
        if (r.timedOut()) throw failure(r, "no answer within the time budget (" + r.millis() + " ms): a hang?");
        for (String word : FORBIDDEN)
            if (r.out().contains(word) || r.err().contains(word)) throw failure(r, "the output contains '" + word.strip() + "'");
        if (!allowedExits.contains(r.exit())) throw failure(r, "exit code " + r.exit() + ", expected one of " + allowedExits);
        return switch (r.exit()) {
            case 0 -> {
                if (!r.err().lines().allMatch(l -> l.startsWith(NOTE))) throw failure(r, "exit 0 but stderr has more than notes");
                if (r.out().isBlank()) throw failure(r, "exit 0 but nothing printed");
                yield Form.SUCCESS;
            }
            case 1 -> {
                if (!r.err().isEmpty()) throw failure(r, "a failed check printed to stderr");
                if (!r.out().startsWith("check ")) throw failure(r, "a failed check did not print its summary");
                yield Form.FAILED_CHECK;
            }
            default -> errorForm(r);
        };
    }

    private static Form errorForm(Runs.Run r) {
        if (!r.out().isEmpty()) throw failure(r, "exit 2 but stdout is not empty");
        String[] lines = r.err().split("\n", -1);
        // the error ends with a line break
        if (lines.length < 2 || !lines[lines.length - 1].isEmpty()) throw failure(r, "stderr does not end with a line break");
        Matcher m = POSITIONED.matcher(lines[0]);
        if (m.matches()) {
            if (lines.length != 4) throw failure(r, "a positioned error is not three lines (message, source line, caret)");
            int column = Integer.parseInt(m.group(2));
            if (Integer.parseInt(m.group(1)) < 1 || column < 1) throw failure(r, "line and column must count from 1");
            if (!CARET.matcher(lines[2]).matches()) throw failure(r, "the third line is not a caret");
            int caret = lines[2].indexOf('^');
            // a line echoed whole and as written has the caret at the column; one cut to a window (…) or with
            // characters escaped (\x00) has it under the window's or the escape's place, somewhere on the line
            // (and with wide characters or combining marks, which take two columns or none, it is under the place's
            // column, at most two per character)
            boolean asWritten = !lines[1].contains("…") && !lines[1].matches("(?s).*\\\\(x[0-9a-f]{2}|u[0-9a-f]{4}).*")
                    && lines[1].chars().allMatch(c -> c < 0x300);
            if (asWritten ? caret != Math.min(column - 1, lines[1].length()) : caret < 0 || caret > 2 * lines[1].length())
                throw failure(r, "the caret is at " + caret + ", not under column " + column);
            return Form.POSITIONED;
        }
        if (POSITIONLESS.matcher(lines[0]).matches() && lines.length == 2) {
            String message = lines[0].substring(lines[0].indexOf(": ") + 2);
            POSITIONLESS_MESSAGES.computeIfAbsent(message.replaceAll("'[^']*'", "'…'").replaceAll("\\d+", "N"), k -> new AtomicLong())
                    .incrementAndGet();
            return Form.POSITIONLESS;
        }
        throw failure(r, "the error is neither 'file:line:col: message' + source line + caret nor one line 'file: message'");
    }

    static AssertionError failure(Runs.Run r, String problem) {
        StringBuilder files = new StringBuilder();
        for (String a : r.args()) {
            try {
                java.nio.file.Path p = java.nio.file.Path.of(a.replace('\0', '_'));
                if (a.length() < 1000 && java.nio.file.Files.isRegularFile(p))
                    files.append("\n  ").append(a).append(":\n").append(abbreviate(java.nio.file.Files.readString(p)));
            } catch (java.io.IOException | RuntimeException e) {
                files.append("\n  ").append(a).append(": (not readable as UTF-8)");
            }
        }
        return new AssertionError(problem + "\n  command: " + r.command() + "\n  exit: " + r.exit() + "\n  stdout: "
                + abbreviate(r.out()) + "\n  stderr: " + abbreviate(r.err()) + files, r.escaped());
    }

    static String abbreviate(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "…(" + s.length() + " chars)" : s;
    }

    static String report() {
        StringBuilder sb = new StringBuilder();
        COUNTS.forEach((family, forms) -> {
            long total = forms.values().stream().mapToLong(AtomicLong::get).sum();
            sb.append(String.format("%-28s %6d cases:", family, total));
            forms.forEach((f, n) -> sb.append(' ').append(f).append('=').append(n.get()));
            sb.append("  slowest ").append(SLOWEST.get(family)).append(" ms\n");
        });
        if (!KNOWN_BUG_HITS.isEmpty()) {
            sb.append("known bugs hit (see KnownBugsTest):\n");
            KNOWN_BUG_HITS.forEach((id, n) -> sb.append("  ").append(n.get()).append("× ").append(id).append('\n'));
        }
        if (!COLLECTED.isEmpty()) {
            sb.append("violations collected:\n");
            COLLECTED.forEach((k, m) -> sb.append("=== ").append(k).append('\n').append(m).append('\n'));
        }
        if (!POSITIONLESS_MESSAGES.isEmpty()) {
            sb.append("position-less errors seen:\n");
            POSITIONLESS_MESSAGES.forEach((m, n) -> sb.append("  ").append(n.get()).append("× ").append(m).append('\n'));
        }
        return sb.toString();
    }
}
