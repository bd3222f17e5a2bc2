package dev.matdiff.codegen;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Python the tests run generated code with: the first interpreter that imports NumPy
 * ({@code python3}, then Debian's {@code /usr/bin/python3}), pyflakes as a module of either or as
 * {@code pyflakes3}, and a worker process that runs module after module without starting Python
 * for each ({@code codegen/worker.py}). Public for the other tests that run Python: {@link #run} and
 * {@link #interpreterImporting}, as NumericAuditTest's NumPy audit does.
 */
public final class Python {
    private Python() {}

    private static final List<String> INTERPRETERS = List.of("python3", "/usr/bin/python3");
    private static String interpreter;
    private static List<String> pyflakes;

    /** The first interpreter that imports modules (as in {@code "torch, numpy"}), or null when none does. */
    public static String interpreterImporting(String modules) {
        for (String p : INTERPRETERS) if (ok(List.of(p, "-c", "import " + modules))) return p;
        return null;
    }

    /** An interpreter with NumPy; fails the test with what to install if there is none. */
    static synchronized String interpreter() {
        if (interpreter == null) {
            interpreter = interpreterImporting("numpy");
            if (interpreter == null) throw new AssertionError("no python3 with NumPy (apt-get install python3-numpy; .ci/run does)");
        }
        return interpreter;
    }

    /** An interpreter with PyTorch and NumPy, or null when none has it (PyTorch is optional). */
    static String torchInterpreter() { return interpreterImporting("torch, numpy"); }

    /** The pyflakes command; fails the test with what to install if there is none. */
    static synchronized List<String> pyflakes() {
        if (pyflakes == null) {
            List<List<String>> candidates = new ArrayList<>();
            for (String p : INTERPRETERS) candidates.add(List.of(p, "-m", "pyflakes"));
            candidates.add(List.of("pyflakes3"));
            candidates.add(List.of("pyflakes"));
            for (List<String> c : candidates) {
                List<String> version = new ArrayList<>(c);
                version.add("--version");
                if (ok(version)) { pyflakes = c; break; }
            }
            if (pyflakes == null) throw new AssertionError("pyflakes is missing (apt-get install python3-pyflakes; .ci/run does)");
        }
        return pyflakes;
    }

    /** Exit code and output (stdout and stderr together) of a command. */
    public record Run(int exit, String output) {}

    /** Runs command in dir (null: this process's directory); a command that cannot start gives exit -1 and why. */
    public static Run run(List<String> command, Path dir) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            if (dir != null) pb.directory(dir.toFile());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish");
            }
            return new Run(p.exitValue(), out);
        } catch (IOException e) {
            return new Run(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static boolean ok(List<String> command) { return run(command, null).exit() == 0; }

    /** A long-lived Python that runs generated modules on request. */
    static final class Worker implements AutoCloseable {
        private static final Gson GSON = new Gson();
        private final Process process;
        private final Writer in;
        private final BufferedReader out;

        Worker() throws IOException { this(interpreter()); }

        Worker(String interpreter) throws IOException {
            Path script = Files.createTempFile("matdiff-worker", ".py");
            try (InputStream s = Python.class.getResourceAsStream("/codegen/worker.py")) {
                Files.write(script, s.readAllBytes());
            }
            script.toFile().deleteOnExit();
            process = new ProcessBuilder(interpreter, "-u", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        JsonObject call(JsonObject request) throws IOException {
            in.write(GSON.toJson(request) + "\n");
            in.flush();
            String line = out.readLine();
            if (line == null) throw new AssertionError("the Python worker ended");
            JsonObject answer = GSON.fromJson(line, JsonObject.class);
            if (answer.has("error")) throw new AssertionError("the generated module failed:\n" + answer.get("error").getAsString());
            return answer;
        }

        @Override public void close() throws IOException {
            in.close();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
