package dev.matdiff.latex;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real pdflatex on a document, for any test that wants to know its LaTeX compiles.
 * A missing pdflatex is a failure, not a skip: a LaTeX test that quietly does not run is how
 * broken output ships.
 */
public final class PdfLatex {
    private PdfLatex() {}

    public static final String INSTALL_HINT =
            "pdflatex is not on the PATH: install it with `apt-get install -y texlive-latex-base`";

    /** A guard against a pdflatex that hangs, not a measure of speed. */
    private static final long GUARD_MINUTES = 5;

    /**
     * Writes document to dir/doc.tex, runs {@code pdflatex -interaction=nonstopmode -halt-on-error}
     * there and returns the log. Throws an AssertionError if pdflatex is missing or fails.
     * Check the log for warnings with {@link #problems}.
     */
    public static String compile(String document, Path dir) throws IOException, InterruptedException {
        Path pdflatex = find("pdflatex");
        if (pdflatex == null) throw new AssertionError(INSTALL_HINT);
        Files.writeString(dir.resolve("doc.tex"), document, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(pdflatex.toString(), "-interaction=nonstopmode", "-halt-on-error",
                "-no-shell-escape", "doc.tex")
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("pdflatex.out").toFile())
                .start();
        if (!p.waitFor(GUARD_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("pdflatex did not finish in " + GUARD_MINUTES + " minutes in " + dir);
        }
        Path logFile = dir.resolve("doc.log");
        String log = Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.ISO_8859_1) : "";
        if (p.exitValue() != 0)
            throw new AssertionError("pdflatex exited with " + p.exitValue() + " on " + dir.resolve("doc.tex")
                    + ":\n" + String.join("\n", problems(log)) + "\n" + tail(log));
        return log;
    }

    /** The error lines ("! …", with the line they point at) and the overfull and underfull box warnings. */
    public static List<String> problems(String log) {
        List<String> out = new ArrayList<>();
        String[] lines = log.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.startsWith("! ")) out.add(l + (i + 1 < lines.length ? " " + lines[i + 1] : ""));
            else if (l.startsWith("Overfull \\hbox") || l.startsWith("Overfull \\vbox")) out.add(l);
        }
        return out;
    }

    /** Compiles and fails on any error line or overfull box, naming the document's place. */
    public static String assertClean(String document, Path dir) throws IOException, InterruptedException {
        String log = compile(document, dir);
        List<String> problems = problems(log);
        if (!problems.isEmpty())
            throw new AssertionError("pdflatex complained about " + dir.resolve("doc.tex") + ":\n"
                    + String.join("\n", problems) + "\n--- document ---\n" + numbered(document));
        return log;
    }

    private static Path find(String program) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }

    private static String tail(String log) {
        String[] lines = log.split("\\R");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 25), lines.length));
    }

    private static String numbered(String document) {
        String[] lines = document.split("\n", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length; i++) sb.append(String.format("%4d  %s%n", i + 1, lines[i]));
        return sb.toString();
    }
}
