package dev.matdiff.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user of other command lines expects of this one: an option given twice, "matdiff help derive",
 * and a stray argument said for what it is (picocli's "unmatched argument at index 3" was all they got).
 */
class CommandLineConventionsTest {

    @TempDir Path dir;

    static final String PROGRAM = "matrix W(m, n)\nvector x(n) constant\nh = W*x\nL = sum(h.^2)\nM = sum(exp(h))\n";

    Path program() throws IOException { return Files.writeString(dir.resolve("p.mdiff"), PROGRAM); }

    static Cli ok(String... args) {
        Cli r = Cli.run(args);
        assertThat(r.exit()).as(r.err()).isZero();
        return r;
    }

    /** A flag twice is the flag once (scripts that add --json to a command line that has it were refused). */
    @Test
    void aFlagGivenTwiceIsGivenOnce() throws IOException {
        String p = program().toString();
        assertThat(ok("derive", p, "--no-steps", "--no-steps").out()).isEqualTo(ok("derive", p, "--no-steps").out());
        assertThat(ok("derive", p, "--json", "--json", "--no-steps").out()).isEqualTo(ok("derive", p, "--json", "--no-steps").out());
        assertThat(ok("derive", p, "--hessian", "--hessian", "--no-steps").out()).contains("∇²_W M");
    }

    /** Of two values, the last counts, as with most command lines: --steps --no-steps is --no-steps. */
    @Test
    void ofTwoValuesTheLastCounts() throws IOException {
        String p = program().toString();
        assertThat(ok("derive", p, "--steps", "--no-steps").out()).isEqualTo(ok("derive", p, "--no-steps").out());
        assertThat(ok("derive", p, "--no-steps", "--steps").out()).contains("1. Apply the laws of differentials");
        assertThat(ok("derive", p, "--no-steps", "--layout", "numerator", "--layout", "gradient").out()).isEqualTo("∇_W M = exp(h)*x'\n");
        assertThat(ok("check", p, "--seed", "7", "--seed", "2").out()).isEqualTo(ok("check", p, "--seed", "2").out());
        assertThat(ok("check", p, "--dims", "n=4", "--dims", "n=3").out()).isEqualTo(ok("check", p, "--dims", "n=3").out());
        assertThat(ok("codegen", p, "--lang", "java", "--lang", "numpy").out()).contains("import numpy as np");
    }

    /** Neighbouring seeds draw different points: trial t of --seed N is not trial t − 1 of --seed N + 1 (a trial found them alike). */
    @Test
    void neighbouringSeedsCheckAtDifferentPoints() throws IOException {
        String p = program().toString();
        java.util.Set<String> lines = new java.util.HashSet<>();
        for (int seed = 0; seed < 4; seed++) lines.add(ok("check", p, "--seed", Integer.toString(seed)).out());
        assertThat(lines).hasSize(4);
    }

    /** --of L --of M is --of L,M, as --wrt x --wrt y is --wrt x,y. */
    @Test
    void ofAndWrtGivenTwiceAddUp() throws IOException {
        String p = program().toString();
        assertThat(ok("derive", p, "--no-steps", "--of", "L", "--of", "M").out()).isEqualTo(ok("derive", p, "--no-steps", "--of", "L,M").out())
                .contains("∇_W L = 2*h*x'").contains("∇_W M = exp(h)*x'");
        assertThat(ok("derive", p, "--no-steps", "--wrt", "h", "--wrt", "W").out()).isEqualTo(ok("derive", p, "--no-steps", "--wrt", "h,W").out());
        // a name given twice counts once (a trial found --of L --of L refused where --wrt w --wrt w was not)
        assertThat(ok("derive", p, "--no-steps", "--of", "L", "--of", "L").out()).isEqualTo(ok("derive", p, "--no-steps", "--of", "L").out());
        assertThat(ok("derive", p, "--no-steps", "--wrt", "W", "--wrt", "W").out()).isEqualTo(ok("derive", p, "--no-steps", "--wrt", "W").out());
    }

    @Test
    void helpCommandGivesACommandsHelp() {
        Cli derive = ok("help", "derive");
        assertThat(derive.out()).startsWith("Usage: matdiff derive").contains("--wrt");
        assertThat(ok("help").out()).startsWith("Usage: matdiff").contains("codegen");
        assertThat(Cli.run("help", "frobnicate").exit()).isEqualTo(2);
    }

    /** --of takes several names where a command works on several objectives, and its help says one where it works on one. */
    @Test
    void theHelpOfACommandOfOneObjectiveShowsOfTakingOneName() {
        assertThat(ok("derive", "--help").out()).contains("--of=NAME[,NAME...]");
        for (String command : List.of("codegen", "bench")) {
            assertThat(ok(command, "--help").out()).as(command).contains("[--of=NAME]").doesNotContain("NAME[,NAME...]");
            assertThat(ok("help", command).out()).as(command).contains("[--of=NAME]");
        }
        assertThat(ok("codegen", "samples/linear-regression.mdiff", "--of", "L", "--lang", "numpy").out()).contains("def f_and_grad(");
    }

    /** check's help says when it passes (its tolerance, the one it checks with) and its exit codes. */
    @Test
    void checksHelpSaysItsToleranceAndExitCodes() {
        assertThat(Double.parseDouble(dev.matdiff.check.GradientCheck.TOLERANCE_TEXT)).isEqualTo(dev.matdiff.check.GradientCheck.TOLERANCE);
        assertThat(ok("check", "--help").out().replaceAll("\\s+", " ")).contains("at most 1e-5;", "1 when the worst error is above the tolerance", "2 on bad input");
    }

    /** The next argument is --latex's file only if it ends in .tex: any other name is said to need --latex=NAME. */
    @Test
    void aNameAfterLatexThatIsNotTexSaysHowToGiveIt() throws IOException {
        String p = program().toString();
        CommandLineTest.oneLineError(Cli.run("derive", p, "--latex", "notes.txt"),
                "matdiff derive: --latex notes.txt: the argument after --latex is its file only if it ends in .tex (or is -); "
                        + "write --latex=notes.txt for a file of any other name (see 'matdiff derive --help')");
    }

    /** picocli said "unmatched argument at index 0: 'frobnicate'". */
    @Test
    void anUnknownCommandIsSaidToBeOne() {
        CommandLineTest.oneLineError(Cli.run("frobnicate"),
                "matdiff: unknown command 'frobnicate' (the commands are derive, eval, check, bench, codegen, help) (see 'matdiff --help')");
        assertThat(Cli.run("derivee", "x.mdiff").err()).startsWith("matdiff: unknown command 'derivee'").contains("did you mean derive");
    }

    /** 'matdiff ridge.mdiff' and 'matdiff -e …' leave the command out: the error says it comes first (user trial). */
    @Test
    void aProgramOrAnOptionWithoutACommandIsToldTheCommandComesFirst() {
        CommandLineTest.oneLineError(Cli.run("ridge.mdiff"),
                "matdiff: unknown command 'ridge.mdiff': the command comes first, matdiff derive ridge.mdiff (see 'matdiff --help')");
        CommandLineTest.oneLineError(Cli.run("-e", "sum(x)"),
                "matdiff: -e is an option of every command, not of matdiff itself: the command comes first, matdiff derive -e … (see 'matdiff --help')");
        // an option of some commands names them, the first in the hint; a program after -- is a program too (review)
        CommandLineTest.oneLineError(Cli.run("--data", "d.json"),
                "matdiff: --data is an option of eval and check, not of matdiff itself: the command comes first, matdiff eval --data … (see 'matdiff --help')");
        assertThat(Cli.run("--", "ridge.mdiff").err()).contains("the command comes first, matdiff derive ridge.mdiff");
    }

    @Test
    void aSecondProgramIsRefusedAsOne() throws IOException {
        String p = program().toString();
        CommandLineTest.oneLineError(Cli.run("derive", p, "other.mdiff"),
                "matdiff derive: unexpected argument 'other.mdiff': derive reads one program, and one was already given (see 'matdiff derive --help')");
        CommandLineTest.oneLineError(Cli.run("check", p, "other.mdiff"),
                "matdiff check: unexpected argument 'other.mdiff': check reads one program, and one was already given (see 'matdiff check --help')");
    }

    /** codegen and bench work on one objective: --of L,M was "there is no definition named 'L,M'". */
    @Test
    void codegenAndBenchSayTheyTakeOneObjective() throws IOException {
        String p = program().toString();
        CommandLineTest.oneLineError(Cli.run("codegen", p, "--of", "L,M", "--lang", "numpy"),
                "matdiff codegen: --of L,M: codegen works on one objective at a time; run it once for each (see 'matdiff codegen --help')");
        CommandLineTest.oneLineError(Cli.run("bench", p, "--of", "L", "--of", "M"),
                "matdiff bench: --of L,M: bench works on one objective at a time; run it once for each (see 'matdiff bench --help')");
        assertThat(ok("codegen", p, "--of", "L", "--lang", "numpy").out()).contains("def f_and_grad(");
    }

    /** A file that cannot be written says why in words (Java's message for a missing directory is the path again). */
    @Test
    void anOutputThatCannotBeWrittenSaysWhy() throws IOException {
        String p = program().toString();
        Path missing = dir.resolve("no-such-dir").resolve("x.py");
        CommandLineTest.oneLineError(Cli.run("codegen", p, "--lang", "numpy", "-o", missing.toString()), missing + ": cannot write: no such directory");
        Path tex = dir.resolve("no-such-dir").resolve("x.tex");
        CommandLineTest.oneLineError(Cli.run("derive", p, "--latex", tex.toString()), tex + ": cannot write: no such directory");
        CommandLineTest.oneLineError(Cli.run("derive", p, "--latex=" + dir), dir + ": cannot write: is a directory");
    }

    /** --wrt "" or --wrt ,W was "there is no variable ''". */
    @Test
    void anEmptyWrtNameIsSaidToBeEmpty() throws IOException {
        String p = program().toString();
        CommandLineTest.oneLineError(Cli.run("derive", p, "--wrt", ",W"),
                "matdiff derive: --wrt ,W: an empty name; give variables separated by commas, --wrt x,A (see 'matdiff derive --help')");
        // nothing but commas once meant every variable, silently
        CommandLineTest.oneLineError(Cli.run("derive", p, "--wrt", ","),
                "matdiff derive: --wrt names no variable; give variables separated by commas, --wrt x,A (see 'matdiff derive --help')");
    }
    /** Four slips of a hostile trial, each now one line that says what is wrong (they printed raw control characters,
     *  ": cannot write: is a directory", nothing at all, or a size contradiction). */
    @Test
    void slipsOnTheCommandLineAreSaidPlainly() throws IOException {
        Path odd = Files.writeString(dir.resolve("we\u0001ird\nname.mdiff"), "vector x(n)\nL = sum(x)\n");
        Cli wrt = Cli.run("derive", odd.toString(), "--wrt", "q");
        assertThat(wrt.exit()).isEqualTo(2);
        assertThat(wrt.err()).contains("we\\x01ird\\x0aname.mdiff (declared: x)").hasLineCount(1);
        Path p = Files.writeString(dir.resolve("p.mdiff"), "matrix X(m, n)\nvector w(n), y(m)\nL = sqnorm(X*w - y)\n");
        Cli latex = Cli.run("derive", p.toString(), "--latex=");
        assertThat(latex.exit()).isEqualTo(2);
        assertThat(latex.err()).isEqualTo("matdiff derive: --latex=: the file name is empty; give --latex=notes.tex, or --latex alone for "
                + "standard output (see 'matdiff derive --help')\n");
        Cli code = Cli.run("codegen", p.toString(), "--lang", "numpy", "-o", "");
        assertThat(code.exit()).isEqualTo(2);
        assertThat(code.err()).isEqualTo("matdiff codegen: -o/--output: the file name is empty; give -o model.py, or leave -o out for standard output "
                + "(see 'matdiff codegen --help')\n");
        Path data = Files.writeString(dir.resolve("d.json"), "{\"X\": [[1, 2], [3, 4], [5, 6]], \"w\": 1, \"y\": [1, 2, 3]}");
        Cli threads = Cli.run("eval", p.toString(), "--data", data.toString(), "--threads", "100000");
        assertThat(threads.exit()).isEqualTo(2);
        assertThat(threads.err()).startsWith("matdiff eval: --threads must be at most 1024, not 100000").hasLineCount(1);
        // an option after -- is an argument: said so, not "unknown option"
        Cli dashes = Cli.run("derive", "--", p.toString(), "--no-steps");
        assertThat(dashes.exit()).isEqualTo(2);
        assertThat(dashes.err()).contains("'--no-steps' after -- is not read as an option: what follows -- is the program's file "
                + "(put --no-steps before --)").hasLineCount(1);
        // the option meant is named, also where it was read as the file or left its value over (user trial)
        assertThat(Cli.run("derive", "-e", "sum(x)", "--", "--no-steps").err()).contains("'--no-steps' after -- is not read as an option");
        assertThat(Cli.run("derive", "-e", "sum(x)", "--", "--wrt", "x").err()).contains("(put --wrt before --)").doesNotContain("did you mean");
        assertThat(Cli.run("derive", "--no-steps", "--", p.toString()).exit()).isZero();
        Cli scalar = Cli.run("eval", p.toString(), "--data", data.toString());
        assertThat(scalar.exit()).isEqualTo(2);
        assertThat(scalar.err()).contains("w is declared a vector of shape n×1 (a flat list) but the data has 1×1");
    }
}
