package dev.matdiff.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15's command line: every combination of options does what it says or is refused in one line. */
class CommandLineTest {

    @TempDir Path dir;

    static final String REGRESSION = "matrix X(m, n)\nvector w(n), y(m)\nr = X*w - y\nL = r'*r\nM = sum(w)\n";

    Path file(String name, String text) throws IOException { return Files.writeString(dir.resolve(name), text); }

    /** Exit 2 and exactly one line on stderr, nothing on stdout. */
    static void oneLineError(Cli r, String line) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(line + "\n");
    }

    // ---- usage errors (item 8)

    /** --wrt "x, A" is --wrt x,A: a space after a comma is how people write lists. */
    @Test
    void spacesInAWrtListAreIgnored() {
        Cli spaced = Cli.run("derive", "-e", "x'*A*x", "--wrt", "x, A", "--no-steps");
        assertThat(spaced.exit()).as(spaced.err()).isZero();
        assertThat(spaced.out()).isEqualTo(Cli.run("derive", "-e", "x'*A*x", "--wrt", "x,A", "--no-steps").out()).contains("∇_A f = x*x'");
    }

    /** Beside a variable named dx, the steps write x's differential d(x): dx would read as either (they write dx otherwise). */
    @Test
    void aVariableNamedLikeADifferentialMakesTheStepsWriteDOfX() {
        Cli r = Cli.run("derive", "-e", "vector x(n), dx(n); L = x'*dx", "--wrt", "x");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("d(x)'*dx").doesNotContain("dx'*dx");
        assertThat(Cli.run("derive", "-e", "vector x(n), y(n); L = x'*y", "--wrt", "x").out()).contains("dx'*y");
    }

    /** diag of a row vector is the diagonal matrix, as in MATLAB (it was refused as "diag needs a square matrix"). */
    @Test
    void diagOfARowIsADiagonalMatrix() {
        Cli r = Cli.run("derive", "-e", "tr(diag(x')*A)", "--no-steps");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("∇_A f = diag(x)");
    }

    @Test
    void usageErrorsAreOneLineWithAPointerToHelp() {
        oneLineError(Cli.run("derive", "-e", "x'*x", "--bogus"), "matdiff derive: unknown option: '--bogus' (see 'matdiff derive --help')");
        // an option of other commands is said to be theirs, and its value is not a second unknown option (contract trial)
        oneLineError(Cli.run("derive", "-e", "x'*x", "--data", "d.json"), "matdiff derive: --data is an option of eval and check, not of derive (see 'matdiff derive --help')");
        oneLineError(Cli.run("check", "-e", "x'*x", "--lang=numpy"), "matdiff check: --lang is an option of codegen, not of check (see 'matdiff check --help')");
        oneLineError(Cli.run("check", "-e", "x'*x", "--no-steps"), "matdiff check: --no-steps is an option of derive, not of check (see 'matdiff check --help')");
        // other tools' options for what matdiff does without one (trial s77b tried --jacobian)
        Cli jacobian = Cli.run("derive", "-e", "vector x(n); F = tanh(x)", "--jacobian");
        assertThat(jacobian.err()).startsWith("matdiff derive: unknown option '--jacobian': a vector or matrix objective's Jacobians are what")
                .hasLineCount(1);
        assertThat(jacobian.exit()).isEqualTo(2);
        assertThat(Cli.run("check", "-e", "x'*x", "--grad").err()).startsWith("matdiff check: unknown option '--grad': the gradients are");
        Cli typo = Cli.run("derive", "-e", "x'*x", "--jsn");
        assertThat(typo.err()).startsWith("matdiff derive: unknown option: '--jsn'; did you mean --json?").hasLineCount(1);
        oneLineError(Cli.run("derive"), "matdiff derive: give a program: a FILE (- for standard input) or -e 'EXPR' (see 'matdiff derive --help')");
        oneLineError(Cli.run("eval", "-e", "x'*x"), "matdiff eval: missing required option: '--data=DATA.json' (see 'matdiff eval --help')");
        assertThat(Cli.run("frobnicate").err()).hasLineCount(1).startsWith("matdiff: ");
        // help of an unknown command says what the command itself does
        assertThat(Cli.run("help", "frobnicate").err()).hasLineCount(1).startsWith("matdiff: unknown command 'frobnicate' (the commands are derive, ");
        assertThat(Cli.run().err()).hasLineCount(1).contains("a command is required");
    }

    @Test
    void dimsQuoteWhatWasTypedAndMustNameDimensionsOfTheProgram() throws IOException {
        oneLineError(Cli.run("check", "-e", "x'*x", "--dims", "m=abc"),
                "matdiff check: --dims m=abc: the size of m must be a positive integer, not 'abc' (see 'matdiff check --help')");
        // a name of no dimension is said and left out: CLI.md's own example, --dims m=4,n=3, on a program without m (trial s73a)
        Cli unused = Cli.run("check", "-e", "x'*x", "--dims", "q=3,n=2,p=4");
        assertThat(unused.exit()).isZero();
        assertThat(unused.out()).contains(" passed ");
        assertThat(unused.err()).isEqualTo("matdiff: note: --dims q=3,p=4: the program has no dimensions q, p (its dimensions: n), so they are not used\n");
        // a size only a definition the objective does not read names is still the program's
        assertThat(Cli.run("check", "-e", "h2 = ones(k, m); L = x'*x", "--dims", "m=3").exit()).isZero();
        oneLineError(Cli.run("check", "-e", "x'*x", "--dims", "n"),
                "matdiff check: --dims n: give a size as NAME=SIZE, for example --dims m=4,n=3 (see 'matdiff check --help')");
        oneLineError(Cli.run("check", "-e", "x'*x", "--dims", "n=3,,m=2"),
                "matdiff check: --dims n=3,,m=2: an empty piece; give a size as NAME=SIZE, for example --dims m=4,n=3 (see 'matdiff check --help')");
        // two sizes for one name in one --dims contradict each other (a later --dims overrides, CommandLineConventionsTest);
        // the same size twice says it again
        oneLineError(Cli.run("check", "-e", "x'*x", "--dims", "n=4,n=5"),
                "matdiff check: --dims n=5: n is already given the size 4 (see 'matdiff check --help')");
        assertThat(Cli.run("check", "-e", "x'*x", "--dims", "n=4,n=4").exit()).isZero();
        Path conv = Path.of("samples/convolution.mdiff");
        oneLineError(Cli.run("check", conv.toString(), "--dims", "p=2,r=3"),
                "matdiff check: --dims p=2,r=3 give the dimension p - r + 1 the size 0; every size must be at least 1 (see 'matdiff check --help')");
        Path minus = file("minus.mdiff", "matrix A(n, n - 1)\nL = sum(A)\n");
        oneLineError(Cli.run("check", minus.toString(), "--dims", "n=1"),
                "matdiff check: --dims n=1 gives the dimension n - 1 the size 0; every size must be at least 1 (see 'matdiff check --help')");
        assertThat(Cli.run("check", conv.toString(), "--dims", "p=5,r=3").exit()).isZero();
        // an image's size given, the kernel's defaults shrink to fit it; a vector's one column makes the kernel's 1
        // (trial s70a: 'no point found … the kernel (3×4) is larger than the image (2×2)')
        Path small = file("small.mdiff", "matrix X(p, q)\nmatrix K(r, s) constant\nL = sum(conv(X, K))\n");
        assertThat(Cli.run("check", small.toString(), "--dims", "p=2,q=2").out()).contains("passed");
        Path column = file("column.mdiff", "matrix A(m, n) constant\nvector x(n)\nmatrix K(r, s) constant\nmatrix C constant\n"
                + "L = sum(C .* conv(A*x, K))\n");
        Cli checked = Cli.run("check", column.toString());
        assertThat(checked.out()).as(checked.err()).contains("passed");
    }

    // ---- --latex, --json, --no-steps (item 7)

    @Test
    void latexTakesAFileOnlyWhenItIsOne() throws IOException {
        // the next option is not a file name: LaTeX to stdout, and no file named --latex-fragment
        Cli fragment = Cli.run("derive", "--latex", "--latex-fragment", "-e", "x'*x");
        assertThat(fragment.exit()).as(fragment.err()).isZero();
        assertThat(fragment.out()).startsWith("\\noindent Objective").doesNotContain("\\documentclass");
        assertThat(new File("--latex-fragment")).doesNotExist();
        // the program after --latex is the program
        Cli program = Cli.run("derive", "--latex", "samples/linear-regression.mdiff");
        assertThat(program.exit()).as(program.err()).isZero();
        assertThat(program.out()).startsWith("\\documentclass").contains("\\nabla_{w} L");
        // a .tex name is the file; "-" is stdout; --latex=NAME is any name
        Path tex = dir.resolve("out.tex");
        Cli toFile = Cli.run("derive", "samples/linear-regression.mdiff", "--latex", tex.toString());
        assertThat(toFile.exit()).isZero();
        assertThat(Files.readString(tex)).startsWith("\\documentclass");
        assertThat(Cli.run("derive", "samples/linear-regression.mdiff", "--latex", "-").out()).startsWith("\\documentclass");
        Path other = dir.resolve("derivation.ltx");
        assertThat(Cli.run("derive", "samples/linear-regression.mdiff", "--latex=" + other).exit()).isZero();
        assertThat(Files.readString(other)).startsWith("\\documentclass");
    }

    @Test
    void latexToAFileAndJsonToStdoutBothHappen() throws IOException {
        Path tex = dir.resolve("out.tex");
        Cli both = Cli.run("derive", "samples/linear-regression.mdiff", "--latex", tex.toString(), "--json");
        assertThat(both.exit()).as(both.err()).isZero();
        assertThat(JsonParser.parseString(both.out()).getAsJsonObject().getAsJsonObject("gradients").get("w").getAsString()).isEqualTo("2*X'*(X*w - y)");
        assertThat(Files.readString(tex)).startsWith("\\documentclass");
        // both to stdout cannot be: refused before any work
        oneLineError(Cli.run("derive", "samples/linear-regression.mdiff", "--latex", "--json"),
                "matdiff derive: --json and --latex without a file both print to standard output; give --latex a file (--latex out.tex) "
                        + "to have both (see 'matdiff derive --help')");
        oneLineError(Cli.run("derive", "samples/linear-regression.mdiff", "--latex-fragment", "--json"),
                "matdiff derive: --json and --latex without a file both print to standard output; give --latex a file (--latex out.tex) "
                        + "to have both (see 'matdiff derive --help')");
    }

    @Test
    void noStepsMeansNoStepsInJsonAndLatexToo() {
        Cli json = Cli.run("derive", "samples/linear-regression.mdiff", "--json", "--no-steps");
        JsonArray steps = JsonParser.parseString(json.out()).getAsJsonObject().getAsJsonArray("steps");
        assertThat(steps).hasSize(1);
        assertThat(steps.get(0).getAsJsonObject().get("phase").getAsString()).isEqualTo("gradient");
        assertThat(JsonParser.parseString(Cli.run("derive", "samples/linear-regression.mdiff", "--json").out())
                .getAsJsonObject().getAsJsonArray("steps").size()).isGreaterThan(3);
        Cli latex = Cli.run("derive", "samples/linear-regression.mdiff", "--latex", "--no-steps");
        assertThat(latex.out()).contains("\\boxed{\\nabla_{w} L").doesNotContain("Apply the laws of differentials")
                .doesNotContain("Take the trace");
        assertThat(Cli.run("derive", "samples/linear-regression.mdiff", "--latex").out()).contains("Apply the laws of differentials");
    }

    // ---- --of with several objectives (item 9)

    @Test
    void severalObjectives() throws IOException {
        Path p = file("p.mdiff", REGRESSION);
        Cli text = Cli.run("derive", p.toString(), "--of", "L,M", "--no-steps");
        assertThat(text.out()).isEqualTo("∇_X L = 2*r*w'\n∇_w L = 2*X'*r\n∇_y L = -2*r\n\n∇_w M = ones(n)\n");
        JsonElement json = JsonParser.parseString(Cli.run("derive", p.toString(), "--of", "L,M", "--json").out());
        assertThat(json.getAsJsonArray()).hasSize(2);
        assertThat(json.getAsJsonArray().get(1).getAsJsonObject().get("objective").getAsString()).isEqualTo("M");
        Path data = file("d.json", "{\"X\": [[1, 2], [3, 4], [5, 6]], \"w\": [1, 1], \"y\": [1, 2, 3]}");
        Cli eval = Cli.run("eval", p.toString(), "--data", data.toString(), "--of", "M,L");
        assertThat(eval.out()).startsWith("M = 2\n∇_w M =\n  [1]\n  [1]\n\nL = 93\n");
        JsonArray evalJson = JsonParser.parseString(Cli.run("eval", p.toString(), "--data", data.toString(), "--of", "L,M", "--json").out()).getAsJsonArray();
        assertThat(evalJson.get(0).getAsJsonObject().get("objective").getAsString()).isEqualTo("L");
        assertThat(evalJson.get(1).getAsJsonObject().get("value").getAsDouble()).isEqualTo(2.0);
        Cli check = Cli.run("check", p.toString(), "--of", "L,M");
        assertThat(check.out().lines()).hasSize(2).allMatch(l -> l.endsWith("passed (tolerance 1e-05)"));
        oneLineError(Cli.run("derive", p.toString(), "--of", "L,"),
                "matdiff derive: --of L,: an empty name; give definitions separated by commas, --of L,M (see 'matdiff derive --help')");
        assertThat(Cli.run("derive", p.toString(), "--of", "L,N").err()).contains("there is no definition named 'N'");
    }

    // ---- input: a byte-order mark, standard input (item 9)

    @Test
    void aByteOrderMarkIsNotPartOfTheProgramOrTheData() throws IOException {
        Path p = file("bom.mdiff", "\uFEFF" + REGRESSION);
        Cli r = Cli.run("derive", p.toString(), "--no-steps");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("∇_w M = ones(n)\n");
        Path data = file("bom.json", "\uFEFF{\"X\": [[1, 2], [3, 4], [5, 6]], \"w\": [1, 1], \"y\": [1, 2, 3]}");
        assertThat(Cli.run("eval", p.toString(), "--data", data.toString(), "--of", "L").out()).startsWith("L = 93\n");
        // and an error on line 1 is still placed right
        Path bad = file("bad.mdiff", "\uFEFFmatrix A\nf = tr(A +)\n");
        assertThat(Cli.run("derive", bad.toString()).err()).contains("bad.mdiff:2:11: unexpected ')'");
    }

    @Test
    void aDashReadsTheProgramFromStandardInput() throws IOException {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(REGRESSION.getBytes(StandardCharsets.UTF_8)));
            Cli r = Cli.run("derive", "-", "--of", "L", "--wrt", "w", "--no-steps");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("∇_w L = 2*X'*r\n");
            System.setIn(new ByteArrayInputStream("matrix A\nf = tr(A +)\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(Cli.run("derive", "-").err()).startsWith("<stdin>:2:11: unexpected ')'");
            System.setIn(new ByteArrayInputStream("{\"w\": [1, 2]}".getBytes(StandardCharsets.UTF_8)));
            assertThat(Cli.run("eval", "-e", "sum(w)", "--data", "-").out()).startsWith("f = 3\n");
        } finally {
            System.setIn(saved);
        }
        oneLineError(Cli.run("eval", "-", "--data", "-"),
                "matdiff eval: the program and the data cannot both come from standard input (see 'matdiff eval --help')");
    }

    // ---- output that cannot be written (item 9)

    @Test
    void aFailedWriteToStdoutIsAnErrorWithItsReason() {
        OutputStream closed = new OutputStream() {
            @Override public void write(int b) throws IOException { throw new IOException("Broken pipe"); }
        };
        StringWriter err = new StringWriter();
        int code = Main.run(new Main.Output(closed), new PrintWriter(err, true), "derive", "samples/linear-regression.mdiff");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("matdiff: cannot write to standard output: the pipe is closed (broken pipe)\n");
    }

    @Test
    void aFullDiskThroughTheRealLauncher() throws IOException, InterruptedException {
        File full = new File("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(full.exists(), "no /dev/full here");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "dev.matdiff.cli.Main", "derive", "samples/linear-regression.mdiff"));
        File err = dir.resolve("err.txt").toFile();
        Process p = new ProcessBuilder(command).redirectOutput(full).redirectError(err).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(Files.readString(err.toPath())).isEqualTo("matdiff: cannot write to standard output: No space left on device\n");
    }

    /** Under ulimit -v the 2 GB stack of the command's thread cannot be reserved: a smaller one, not a stack trace. */
    @Test
    void aLimitOnVirtualMemoryGetsASmallerStackNotAStackTrace() throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String line = "ulimit -v 2000000 && exec '" + java + "' -Xlog:disable -Xmx256m -XX:CompressedClassSpaceSize=64m -XX:ReservedCodeCacheSize=64m"
                + " -cp '" + classpath + "' dev.matdiff.cli.Main derive -e 'sum(x)' --no-steps";
        Process p = new ProcessBuilder("bash", "-c", line).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(out).isEqualTo("∇_x f = ones(n)\n");
    }

    /** Numbers print with a point in any locale: check said 6,28e-13 under German (trial s80a's locale finding). */
    @Test
    void numbersPrintTheSameInAnyLocale() throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Duser.language=de",
                "-Duser.country=DE", "-Xlog:disable", "-cp", classpath, "dev.matdiff.cli.Main", "check", "-e", "vector x(n); x'*x");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).matches("(?s)check f w\\.r\\.t\\. x .*worst relative error \\d\\.\\d\\de-\\d+ .*symbolic -?\\d+\\.\\d+.*passed.*");
    }

    /** An option typed without its value is named as it was typed (picocli said "option '--expression'" for -e). */
    @Test
    void anOptionWithoutItsValueIsNamedAsTyped() {
        oneLineError(Cli.run("derive", "-e"), "matdiff derive: -e needs a value (EXPR) (see 'matdiff derive --help')");
        oneLineError(Cli.run("eval", "samples/linear-regression.mdiff", "--data"), "matdiff eval: --data needs a value (DATA.json) (see 'matdiff eval --help')");
    }

    /** The data given where a second program would stand is pointed to --data (trial s69c). */
    @Test
    void dataGivenWithoutItsOptionIsPointedToIt() {
        oneLineError(Cli.run("eval", "samples/linear-regression.mdiff", "data.json"),
                "matdiff eval: missing required option: '--data=DATA.json'; did you mean --data data.json? (see 'matdiff eval --help')");
    }

    /** A line appended after the loss is the objective now: derive says the loss is unused, and how to derive it (trial s69c). */
    @Test
    void aScalarTheObjectiveDoesNotUseIsNoted() throws java.io.IOException {
        Path p = java.nio.file.Files.writeString(dir.resolve("app.mdiff"),
                "matrix X(m, n) constant\nvector w(n)\nvector y(m) constant\nL = sqnorm(X*w - y)\nr = X*w - y\n");
        Cli r = Cli.run("derive", p.toString(), "--no-steps");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("∂r/∂w = X\n");
        assertThat(r.err()).isEqualTo("matdiff: note: L is a scalar that the objective r (the last definition) does not use: --of L derives its gradient\n");
        assertThat(Cli.run("derive", p.toString(), "--no-steps", "--of", "r").err()).isEmpty();
    }

    /** -e is the program: given twice it is refused, as FILE beside -e is, not the first dropped (trial s69a); a BOM is no part of it. */
    @Test
    void aSecondExpressionIsRefusedAndAByteOrderMarkIgnored() {
        oneLineError(Cli.run("derive", "-e", "sum(x)", "-e", "sum(y)"), "matdiff derive: -e is given twice: give one expression"
                + " (name the first, NAME = …, to use it in the second), or write a program file (see 'matdiff derive --help')");
        Cli r = Cli.run("derive", "-e", "\uFEFFsum(x)", "--no-steps");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("∇_x f = ones(n)\n");
    }

    @Test
    void aMistypedBlasChoiceIsRefusedNotIgnored() {
        System.setProperty("matdiff.blas", "bogus");
        try {
            oneLineError(Cli.run("--version"), "matdiff: -Dmatdiff.blas=bogus: give java (the pure-Java BLAS) or native (the system's, the default, also spelt auto)");
        } finally {
            System.clearProperty("matdiff.blas");
        }
    }

    @Test
    void everyCommandAnswersVersionLikeMatdiffItself() {
        String version = Cli.run("--version").out();
        assertThat(version).startsWith("matdiff ").contains("BLAS: ");
        for (String command : new String[] {"derive", "eval", "check", "codegen", "bench"})
            assertThat(Cli.run(command, "-V").out()).as(command).isEqualTo(version);
    }

    /**
     * The launcher builds with Maven on first use; Maven 3.8's colour codes must not reach the terminal. Its "building"
     * line is for a terminal: a script (stderr not a terminal) reads only a failed build's errors.
     */
    @Test
    void theFirstBuildPrintsNoEscapeCodes() throws IOException, InterruptedException {
        Path root = dir.resolve("clone");
        Files.createDirectories(root.resolve("src/main"));
        Files.copy(Path.of("matdiff"), root.resolve("matdiff"));
        root.resolve("matdiff").toFile().setExecutable(true);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        // a stand-in for mvn that talks like Maven 3.8 in batch mode, then fails (so no JVM is started)
        Path mvn = Files.writeString(bin.resolve("mvn"), "#!/bin/sh\nprintf '\\033[0m\\033[0m[ERROR] \\033[1mbroken\\033[m\\n'\nexit 1\n");
        mvn.toFile().setExecutable(true);
        ProcessBuilder pb = new ProcessBuilder(root.resolve("matdiff").toString(), "--version").redirectErrorStream(true);
        pb.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(output).isEqualTo("[ERROR] broken\nmatdiff: build failed\n");
    }

    // ---- the self-check's notes and check --data (items 1, 2)

    @Test
    void rightGradientsThatOneStepMisjudgesArePrinted() {
        for (String[] c : new String[][] {{"sum(tan(30*x))", "30 ./ cos(30*x).^2"}, {"sum(tan(100*x))", "100 ./ cos(100*x).^2"}}) {
            Cli r = Cli.run("derive", "-e", c[0], "--no-steps");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("∇_x f = " + c[1] + "\n");
            assertThat(r.err()).isEmpty();
        }
        Cli exp = Cli.run("derive", "-e", "sum(exp(exp(X*X)))", "--no-steps");
        assertThat(exp.exit()).as(exp.err()).isZero();
        for (String e : List.of("sum(tan(10*x))", "sum(exp(X*X*X))"))
            for (String seed : List.of("1", "22"))
                assertThat(Cli.run("check", "-e", e, "--seed", seed).exit()).as(e + " seed " + seed).isZero();
    }

    /** A 5000×5000 logdet took 65 s and 4 GB to check by itself; derive stays symbolic and says the check is check's. */
    @Test
    void largeFixedSizesSkipTheSelfCheckWithANote() throws IOException {
        Path big = Files.writeString(dir.resolve("big.mdiff"), "matrix X(5000,5000)\nL = logdet(X)\n");
        Cli r = Cli.run("derive", big.toString(), "--no-steps");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("∇_X L = inv(X)'\n");
        assertThat(r.err()).hasLineCount(1).contains("self-check was skipped").contains("5000×5000");
        Path small = Files.writeString(dir.resolve("small.mdiff"), "matrix X(50,50)\nL = logdet(X)\n");
        assertThat(Cli.run("derive", small.toString(), "--no-steps").err()).isEmpty();
    }

    /**
     * Small sizes, large values: P_i = kron(P_{i-1}, A) is n^11 × n^11 at eleven levels, and the self-check took 47 s at
     * n = 2 (trial s78b); it is skipped as for a fixed size, and nine levels (512×512) are still checked.
     */
    @Test
    void aTowerOfKroneckerProductsSkipsTheSelfCheckWithANote() {
        java.util.function.IntFunction<String> tower = k -> "matrix A(n, n)\nP1 = A\n" + java.util.stream.IntStream.rangeClosed(2, k)
                .mapToObj(i -> "P" + i + " = kron(P" + (i - 1) + ", A)\n").collect(java.util.stream.Collectors.joining()) + "f = det(P" + k + ")\n";
        Cli eleven = Cli.run("derive", "-e", tower.apply(11), "--no-steps");
        assertThat(eleven.exit()).as(eleven.err()).isZero();
        assertThat(eleven.out()).startsWith("∇_A f = det(P11)*(n^10*inv(A)' + ");
        assertThat(eleven.err()).hasLineCount(1).contains("self-check was skipped", "1024×1024 at n = 2", "'matdiff check' verifies it");
        Cli nine = Cli.run("derive", "-e", tower.apply(9), "--no-steps", "--json");
        assertThat(JsonParser.parseString(nine.out()).getAsJsonObject().getAsJsonObject("self_check").get("status").getAsString()).isEqualTo("passed");
    }

    /**
     * P_i = P_{i-1}*P_{i-1}/tr(P_{i-1}) 24 deep is a power 2²³ of P1, normalised: its second differences are wild at every
     * step the check tries, at a different entry each, and the Hessian was called failed (errors 1.1 to 1.7); it is right
     * (differences of the gradient at a step of 1e-8 agree with it), so no such verdict (trial s78b).
     */
    @Test
    void aHessianWhoseDifferencesAreWildAtEveryStepIsNotFailed() {
        String program = "matrix A(n, n), B(n, n)\nP1 = A*B\n" + java.util.stream.IntStream.rangeClosed(2, 24)
                .mapToObj(i -> "P" + i + " = P" + (i - 1) + "*P" + (i - 1) + "/tr(P" + (i - 1) + ")\n").collect(java.util.stream.Collectors.joining()) + "f = tr(P24)\n";
        Cli r = Cli.run("check", "-e", program, "--wrt", "A", "--hessian");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).doesNotContain("FAILED");
    }

    /** tr(sin(X)) is the trace of sin taken entry by entry, not the Cookbook's matrix sine: said (trial s73b). */
    @Test
    void aTraceOfAnEntrywiseFunctionSaysItIsNotTheMatrixFunction() {
        Cli sine = Cli.run("derive", "-e", "matrix X(n,n); tr(sin(X))", "--no-steps");
        assertThat(sine.out()).isEqualTo("∇_X f = cos(X) .* eye(n)\n");
        assertThat(sine.err()).isEqualTo("matdiff: note: in tr(sin(X)), sin acts entry by entry, as every function of the language does, "
                + "not as a matrix function (the language has none)\n");
        assertThat(Cli.run("derive", "-e", "matrix X(n,n); tr(X*X) + sum(sin(X))", "--no-steps").err()).isEmpty();
        // InfoNCE's tr(log(softmax(S))) means the entries: nothing to say
        assertThat(Cli.run("derive", "-e", "matrix S(n,n); -tr(log(softmax(S)))", "--no-steps").err()).isEmpty();
    }

    /** The names matdiff makes (a where-block's, an HVP's direction) avoid the program's sizes, so that results read back (trial s73a). */
    @Test
    void madeUpNamesAvoidTheSizes() throws java.io.IOException {
        Path p = file("sizes.mdiff", "matrix Q(t1, t2), K(t1, t2), V(u1, t2)\nmatrix T(u1, t2) constant\nS = K'*Q/sqrt(t1)\n"
                + "P = softmax(S)\nO = V*P\nL = sqnorm(O - T)/2\n");
        Cli named = Cli.run("derive", p.toString(), "--no-steps");
        assertThat(named.out()).contains("∇_Q L = K*q1/sqrt(t1)\n").contains("   q1 = P .* (V'*(O - T) - ones(t2)*sum(P .* (V'*(O - T)), 1))");
        Cli hvp = Cli.run("derive", "-e", "matrix W(V,V); tr(W*W*W)", "--hvp", "--no-steps");
        assertThat(hvp.out()).contains("∇²_W f[V1] = 3*(V1*W + W*V1)'");
    }

    /** Several variables' Hessians are each one's own block: said, as V_w and V_b read like one joint direction. */
    @Test
    void secondDerivativesInSeveralVariablesSayTheMixedBlockIsLeftOut() throws java.io.IOException {
        Path p = file("lr.mdiff", "matrix X(N, n); vector w(n); vector y(N) constant; scalar b\np = sigmoid(X*w + b*ones(N))\n"
                .replace("; ", "\n") + "L = -y'*log(p) - (ones(N) - y)'*log(ones(N) - p)\n");
        Cli both = Cli.run("derive", p.toString(), "--wrt", "w,b", "--hvp", "--no-steps", "--no-self-check");
        assertThat(both.exit()).isZero();
        assertThat(both.err()).isEqualTo("matdiff: note: --hvp gives each variable's own block, the others held fixed (∇²_w, ∇²_b); "
                + "the mixed ∂²L/∂w∂b is not included: it is the Jacobian of ∇_w with respect to b (write that gradient as the objective, "
                + "F = …, and derive F --wrt b); for the joint Hessian, make one variable of them\n");
        assertThat(Cli.run("derive", p.toString(), "--wrt", "w", "--hessian", "--no-steps", "--no-self-check").err()).isEmpty();
        // variables apart (no gradient reads another): the blocks given are the whole Hessian, nothing to say
        Cli apart = Cli.run("derive", "-e", "sum(x.^2) + sum(exp(y)) + a^3", "--wrt", "x,y,a", "--hessian", "--no-steps", "--no-self-check");
        assertThat(apart.exit()).isZero();
        assertThat(apart.err()).doesNotContain("mixed");
        // one pair coupled through an intermediate is enough for the note
        Cli coupled = Cli.run("derive", "-e", "sum(x.^2) + a*sum(exp(y))", "--wrt", "x,y,a", "--hessian", "--no-steps", "--no-self-check");
        assertThat(coupled.err()).contains("the mixed blocks between them are not included");
    }

    @Test
    void aSkippedSelfCheckSaysSoOnStderr() {
        Cli r = Cli.run("derive", "-e", "sum(log(-x'*x))", "--no-steps");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("∇_x f = 2*x/(x'*x)\n");
        assertThat(r.err()).hasLineCount(1).startsWith("matdiff: note: the self-check was skipped, so this gradient is not verified: "
                + "no point found where the objective and its gradients are defined");
        // asked for no self-check: nothing to say
        assertThat(Cli.run("derive", "-e", "sum(log(-x'*x))", "--no-self-check").err()).isEmpty();
        // JSON says it in self_check, and stderr too
        Cli json = Cli.run("derive", "-e", "sum(log(-x'*x))", "--json");
        assertThat(JsonParser.parseString(json.out()).getAsJsonObject().getAsJsonObject("self_check").get("status").getAsString()).isEqualTo("skipped");
        assertThat(json.err()).startsWith("matdiff: note: the self-check was skipped");
    }

    @Test
    void checkFindsTheDomainOfArcsin() {
        for (String seed : List.of("1", "2", "3", "4", "5")) {
            Cli r = Cli.run("check", "-e", "sum(arcsin(A*x))", "--seed", seed);
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("passed");
        }
    }

    /** The verdict is one line: a program of 30 variables lists the first 20 and says how many more (1,000 were 6 KB: trial s75c). */
    @Test
    void checkOfManyVariablesListsTheFirstOnes() throws IOException {
        StringBuilder program = new StringBuilder("vector x0(2)");
        StringBuilder objective = new StringBuilder("L = sum(x0)");
        for (int i = 1; i < 30; i++) {
            program.append(", x").append(i).append("(2)");
            objective.append(" + sum(x").append(i).append(")");
        }
        Cli r = Cli.run("check", file("many.mdiff", program + "\n" + objective + "\n").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("check L w.r.t. x0, x1, x2, ").contains(", x19 and 10 more over 3 random points: ").doesNotContain("x20");
    }

    /** java.util.Random keeps 48 bits of a seed: --seed -1 and --seed 2⁶³ − 1 drew the same points (trial s75c). */
    @Test
    void seedsThatDifferInTheirHighBitsDrawDifferentPoints() {
        Cli low = Cli.run("check", "-e", "x'*A*x", "--seed", "-1"), high = Cli.run("check", "-e", "x'*A*x", "--seed", "9223372036854775807");
        assertThat(low.exit()).as(low.err()).isZero();
        assertThat(high.exit()).as(high.err()).isZero();
        assertThat(low.out()).isNotEqualTo(high.out());
        // a seed a user types draws what it always drew
        for (long seed : new long[] {0, 1, -1, 12345, -98765, (1L << 47) - 1, -(1L << 47)})
            assertThat(CheckCommand.drawingSeed(seed)).isEqualTo(seed);
        // no two seeds alike in their low 48 bits (all java.util.Random keeps) draw alike, inside the window or out of it (review s76r)
        long[] alike = {-1, (1L << 48) - 1, Long.MAX_VALUE, 1L << 47, -(1L << 47), 200_000_000_000_000L, 200_000_000_000_000L - (1L << 48),
                Long.MIN_VALUE, 1L << 48, 0};
        java.util.Set<Long> drawn = new java.util.HashSet<>();
        for (long seed : alike) drawn.add((CheckCommand.drawingSeed(seed) ^ 0x5DEECE66DL) & ((1L << 48) - 1));
        assertThat(drawn).hasSize(alike.length);
    }

    @Test
    void checkAtTheUsersOwnPoint() throws IOException {
        Path p = file("p.mdiff", REGRESSION);
        Path data = file("d.json", "{\"X\": [[1, 2], [3, 4], [5, 6]], \"w\": [1, 1], \"y\": [1, 2, 3]}");
        Cli r = Cli.run("check", p.toString(), "--of", "L", "--data", data.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("check L w.r.t. X, w, y at the point in " + data + ": worst relative error").endsWith("passed (tolerance 1e-05)\n");
        // log at a point where it is not defined: bad input, pointed at the data's program
        Path log = file("log.mdiff", "vector x(n)\nL = sum(log(x))\n");
        Path negative = file("neg.json", "{\"x\": [1, -2]}");
        Cli bad = Cli.run("check", log.toString(), "--data", negative.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("log(x): entry (2, 1) of x is -2; log needs positive entries");
        Cli both = Cli.run("check", p.toString(), "--of", "L", "--data", data.toString(), "--trials", "2");
        assertThat(both.exit()).as(both.err()).isZero();
        assertThat(both.out()).isEqualTo(r.out());
        assertThat(both.err()).isEqualTo("matdiff: note: --trials counts random points and --data gives the one point to check at, so --trials 2 is not used\n");
        // --dims may repeat the data's sizes (the synopsis lists both), not contradict them
        Cli agreeing = Cli.run("check", p.toString(), "--of", "L", "--data", data.toString(), "--dims", "m=3,n=2");
        assertThat(agreeing.exit()).as(agreeing.err()).isZero();
        assertThat(agreeing.out()).isEqualTo(r.out());
        oneLineError(Cli.run("check", p.toString(), "--data", data.toString(), "--dims", "m=4"),
                "matdiff check: --dims m=4, but the data in " + data + " make m 3 (see 'matdiff check --help')");
    }

    // ---- eval (items 6, 12)

    @Test
    void evalWithRespectToAnIntermediate() throws IOException {
        Path data = file("net.json", "{\"W1\": [[0.1, 0.2], [0.3, -0.1], [0.2, 0.2]], \"W2\": [[0.5, -0.2, 0.1], [0.3, 0.3, -0.4]], "
                + "\"x\": [1, 2], \"b1\": [0.1, 0.1, 0.1], \"b2\": [0.0, 0.2], \"y\": [0, 1]}");
        Cli r = Cli.run("eval", "samples/two-layer-network.mdiff", "--data", data.toString(), "--wrt", "h2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("L = 0.6873183422\n∇_h2 L =\n  [ 0.4970770705]\n  [-0.4970770705]\n");
    }

    /** Item 3: ∇_W2 L is the total gradient whatever else is asked for, never ∂L/∂W2 with h2 held fixed (which is 0). */
    @Test
    void aVariableUnderAnIntermediateAskedForGetsItsTotalGradient() throws IOException {
        Path data = file("net2.json", "{\"W1\": [[0.1, 0.2], [0.3, -0.1], [0.2, 0.2]], \"W2\": [[0.5, -0.2, 0.1], [0.3, 0.3, -0.4]], "
                + "\"x\": [1, 2], \"b1\": [0.1, 0.1, 0.1], \"b2\": [0.0, 0.2], \"y\": [0, 1]}");
        String alone = Cli.run("eval", "samples/two-layer-network.mdiff", "--data", data.toString(), "--wrt", "W2").out();
        Cli both = Cli.run("eval", "samples/two-layer-network.mdiff", "--data", data.toString(), "--wrt", "h2,W2");
        assertThat(both.exit()).as(both.err()).isZero();
        assertThat(both.out()).contains(alone.substring(alone.indexOf("∇_W2 L")), "∇_h2 L =\n  [ 0.4970770705]");
        Cli derived = Cli.run("derive", "samples/two-layer-network.mdiff", "--wrt", "h2,W2", "--no-steps");
        assertThat(derived.out()).isEqualTo("∇_h2 L = softmax(h2) - y\n∇_W2 L = (softmax(h2) - y)*z1'\n");
        assertThat(Cli.run("check", "samples/two-layer-network.mdiff", "--wrt", "h2,W2").exit()).isZero();
    }

    /** Two intermediates asked for, one computed from the other: the inner one gets its total gradient, not 0. */
    @Test
    void anIntermediateUnderAnotherAskedForGetsItsTotalGradient() throws IOException {
        Path mlp = file("mlp.mdiff", "matrix W1(h, n), W2(k, h)\nvector b1(h), b2(k)\nvector x(n) constant\nvector y(k) constant\n"
                + "z = tanh(W1*x + b1)\no = W2*z + b2\nL = -y'*log(softmax(o))\n");
        Cli both = Cli.run("derive", mlp.toString(), "--wrt", "o,z", "--no-steps");
        assertThat(both.exit()).as(both.err()).isZero();
        String alone = Cli.run("derive", mlp.toString(), "--wrt", "z", "--no-steps").out();
        assertThat(both.out()).endsWith(alone).doesNotContain("zeros");
        Path data = file("mlp.json", "{\"W1\": [[0.1, 0.2], [0.3, -0.1], [0.5, 0.2]], \"W2\": [[0.1, 0.2, 0.3], [-0.3, 0.1, 0.2]], "
                + "\"b1\": [0.1, 0.2, 0.3], \"b2\": [0.5, -0.5], \"x\": [1, 2], \"y\": [0, 1]}");
        String zAlone = Cli.run("eval", mlp.toString(), "--data", data.toString(), "--wrt", "z", "--json").out();
        String zWithO = Cli.run("eval", mlp.toString(), "--data", data.toString(), "--wrt", "o,z", "--json").out();
        assertThat(zWithO).contains(zAlone.substring(zAlone.indexOf("\"z\""), zAlone.indexOf("]") + 1)).doesNotContain("[0.0,0.0,0.0]");
        assertThat(Cli.run("check", mlp.toString(), "--wrt", "o,z,b1").exit()).isZero();
        // z is not computed from o: that Jacobian is 0, and checks
        assertThat(Cli.run("derive", mlp.toString(), "--of", "z", "--wrt", "o", "--no-steps").out()).isEqualTo("∂z/∂o = zeros(h, k)\n");
        assertThat(Cli.run("check", mlp.toString(), "--of", "z", "--wrt", "o").exit()).isZero();
    }

    /** With neither --wrt nor a hint, the gradients come in declaration order (they came as the objective read them: W2 first). */
    @Test
    void theDefaultGradientsComeInDeclarationOrder() throws IOException {
        Path mlp = file("order.mdiff", "matrix W1(h, n), W2(k, h)\nvector b1(h), b2(k)\nvector x(n) constant\nvector y(k) constant\n"
                + "z = tanh(W1*x + b1)\no = W2*z + b2\nL = -y'*log(softmax(o))\n");
        Cli r = Cli.run("derive", mlp.toString(), "--no-steps");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().map(l -> l.substring(0, l.indexOf(" L ="))))
                .containsExactly("∇_W1", "∇_W2", "∇_b1", "∇_b2");
    }

    /**
     * An intermediate asked for with --wrt is a plain variable: its Jacobian reads it, not its definition's
     * variables, and its gradient is ∂f/∂H even where H = A + Aᵀ is symmetric (review of the symmetric stand-ins).
     */
    @Test
    void anIntermediateAskedForIsAPlainVariable() throws IOException {
        Path jacobian = file("jw.mdiff", "matrix W(m, n)\nvector x(n)\nu = W*x\nh = tanh(u)\n");
        Cli j = Cli.run("derive", jacobian.toString(), "--wrt", "u", "--no-steps");
        assertThat(j.exit()).as(j.err()).isZero();
        assertThat(j.out()).isEqualTo("∂h/∂u = diag(ones(m) - tanh(u).^2)\n");
        assertThat(Cli.run("check", jacobian.toString(), "--wrt", "u").exit()).isZero();
        Path symmetric = file("hs.mdiff", "matrix A(n, n), B(n, n)\nH = A + A'\nf = tr(B*H) + sum(sum(H.^3))\n");
        Cli g = Cli.run("derive", symmetric.toString(), "--wrt", "H", "--no-steps");
        assertThat(g.out()).isEqualTo("∇_H f = B' + 3*H.^2\n");
    }

    /** An objective of constants has a value to print, and no derivative; derive has nothing to do and says where. */
    @Test
    void evalOfConstantsGivesTheValueAlone() throws IOException {
        Path program = file("c.mdiff", "matrix X(n, n) constant\nL = tr(X)\nF = X*X\n");
        Path data = file("cx.json", "{\"X\": [[1, 2], [3, 4]]}");
        Cli r = Cli.run("eval", program.toString(), "--data", data.toString(), "--of", "L", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("{\"value\":5.0,\"gradients\":{}}");
        assertThat(r.err()).isEqualTo("matdiff: note: L: its value only, no gradient (every symbol it depends on is constant)\n");
        Cli f = Cli.run("eval", program.toString(), "--data", data.toString(), "--of", "F");
        assertThat(f.out()).isEqualTo("F =\n  [ 7, 10]\n  [15, 22]\n");
        assertThat(Cli.run("derive", program.toString(), "--of", "L").exit()).isEqualTo(2);
    }

    @Test
    void evalAlignsColumns() throws IOException {
        Path data = file("d.json", "{\"X\": [[1, -2.5], [30, 4]]}");
        Cli r = Cli.run("eval", "-e", "sum(X .* X)/2", "--data", data.toString());
        assertThat(r.out()).isEqualTo("f = 461.625\n∇_X f =\n  [ 1, -2.5]\n  [30,    4]\n");
    }

    // ---- det at a singular matrix (item 5)

    @Test
    void detsGradientAtASingularMatrix() throws IOException {
        Path singular = file("s.json", "{\"X\": [[1, 2], [2, 4]]}");
        Cli det = Cli.run("eval", "-e", "det(X)", "--data", singular.toString());
        assertThat(det.exit()).as(det.err()).isZero();
        assertThat(det.out()).isEqualTo("f = 0\n∇_X f =\n  [ 4, -2]\n  [-2,  1]\n");
        assertThat(Cli.run("eval", "-e", "det(X)^2", "--data", singular.toString()).out()).isEqualTo("f = 0\n∇_X f =\n  [0, 0]\n  [0, 0]\n");
        // a gradient that really is undefined: f's value, and which part fails
        Path zero = file("z.json", "{\"x\": [0, 0]}");
        Path norm = file("n.mdiff", "vector x(n)\nL = norm(x)\n");
        Cli r = Cli.run("eval", norm.toString(), "--data", zero.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith(norm + ":2:").contains(": L = 0 at this point, but its gradient ∇_x L = x/norm(x) cannot be evaluated there: "
                + "x/norm(x): division by zero: norm(x) is 0\n");
    }
}
