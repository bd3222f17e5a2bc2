package dev.matdiff.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.matdiff.cli.OneLineErrors.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How an error shows its place: the line echoed under the message keeps its tabs, is cut to a window
 * around the place when long, and shows control bytes escaped; errors about a file as a whole (missing,
 * empty, not UTF-8, without definitions, short of a value) are placed too.
 */
class ErrorEchoTest {

    @TempDir Path dir;

    private Cli derive(String program, String... more) throws IOException { return OneLineErrors.derive(dir, program, more); }

    @Test
    void theCaretKeepsTheTabsOfTheLineItStandsUnder() throws IOException {
        Cli r = derive("vector\tx(n)\nL =\t\tsum(y)\n", "--wrt", "x");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("L =\t\tsum(y)\n   \t\t    ^\n");
    }

    /** A place at the end of a 360 KB line: a window of the line around it, cut with …, the caret under the place. */
    @Test
    void aLongLineIsEchoedAsAWindowAroundThePlace() throws IOException {
        String line = "L = " + "sum(x) + ".repeat(40_000) + "1x";
        Cli r = derive(line + "\n");
        assertThat(r.exit()).isEqualTo(2);
        String[] lines = r.err().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).endsWith("p.mdiff:1:" + (line.length()) + ": unexpected 'x': there is no implicit multiplication, write '*' between factors");
        assertThat(lines[1]).startsWith("…").contains(" sum(x) + ").endsWith(" + 1x").hasSizeLessThanOrEqualTo(405);
        assertThat(lines[2]).hasSize(lines[1].length()).endsWith(" ^");  // under the x
        // in the middle: context on both sides, and the caret under the 'x' of "1x"
        Cli middle = derive("L = " + "sum(x) + ".repeat(20_000) + "1x + " + "sum(x) + ".repeat(20_000) + "1\n");
        String[] m = middle.err().split("\n");
        assertThat(m[1]).startsWith("…").endsWith("…").hasSizeLessThanOrEqualTo(405);
        assertThat(m[1].charAt(m[2].length() - 1)).isEqualTo('x');
        assertThat(m[1].charAt(m[2].length() - 2)).isEqualTo('1');
    }

    /** The same for a 200 KB line of JSON data: the window is made where both kinds of error are printed. */
    @Test
    void aLongDataLineIsEchoedAsAWindowToo() throws IOException {
        Path f = Files.writeString(dir.resolve("w.mdiff"), "vector w(n)\nL = sum(w)\n");
        Path data = Files.writeString(dir.resolve("d.json"), "{\"w\": [" + "1.5, ".repeat(40_000) + "oops]}");
        Cli r = Cli.run("eval", f.toString(), "--data", data.toString());
        assertThat(r.exit()).isEqualTo(2);
        String[] lines = r.err().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith(data + ":1:");
        assertThat(lines[1]).startsWith("…").hasSizeLessThanOrEqualTo(405).contains("oops");
        assertThat(lines[1].substring(lines[2].length() - 1)).startsWith("oops");
    }

    /** A NUL, or a binary file's bytes, never reach the terminal raw: escaped in the message and the line, the caret under the escape. */
    @Test
    void controlCharactersAreEscaped() throws IOException {
        Cli r = derive("L = sum(x)\u0000\n");
        assertOneLineError(r, "p.mdiff:1:11", "unexpected character '\\x00'", "          ^~~~");
        assertThat(r.err().split("\n")[1]).isEqualTo("L = sum(x)\\x00");
        Path binary = dir.resolve("binary");
        Files.write(binary, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0x1b, '[', '2', 'J', (byte) 0xd0, 0, 0});
        Cli b = Cli.run("derive", binary.toString());
        assertThat(b.exit()).isEqualTo(2);
        assertThat(b.err()).startsWith(binary + ":1:15: not UTF-8 text (byte 14 is 0xd0)\n\\x7fELF\\x02\\x01\\x01\\x00\\x00\\x00\\x1b[2J\n");
        assertThat(b.err().chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
    }

    @Test
    void missingFileIsOneLine() {
        Cli r = Cli.run("derive", dir.resolve("nope.mdiff").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().trim().split("\n")).hasSize(1);
    }

    /** Errors that once named only a file now say where, as every other one does. */
    @Test
    void anEmptyProgramBytesThatAreNotUtf8AndAMissingValueAreLocated() throws IOException {
        assertThat(derive("# only a comment\n").err()).startsWith(dir.resolve("p.mdiff") + ":1:1: the program defines nothing to differentiate");
        assertThat(Cli.run("derive", "-e", "").err()).startsWith("<expr>:1:1: no expression to differentiate (write one, such as -e \"x'*A*x\")");
        // a --wrt name is not looked for in an empty expression: what is missing is the expression
        assertThat(Cli.run("derive", "-e", "", "--wrt", "x").err()).startsWith("<expr>:1:1: no expression to differentiate");
        Path bad = dir.resolve("bad.mdiff");
        Files.write(bad, new byte[] {'L', ' ', '=', ' ', (byte) 0xff, '\n'});
        Cli utf = Cli.run("derive", bad.toString());
        assertThat(utf.exit()).isEqualTo(2);
        assertThat(utf.err()).startsWith(bad + ":1:5: not UTF-8 text (byte 4 is 0xff)");
        Path program = Files.writeString(dir.resolve("q.mdiff"), "matrix X(m, n)\nvector w(n), y(m)\nL = sqnorm(X*w - y)\n");
        Path data = Files.writeString(dir.resolve("d.json"), "{\"X\": [[1, 2], [3, 4]], \"w\": [1, 2]}");
        Cli eval = Cli.run("eval", program.toString(), "--data", data.toString());
        assertThat(eval.exit()).isEqualTo(2);
        assertThat(eval.err()).startsWith(program + ":2:14: no value for 'y' in " + data + "\n");
        // a key the program does not declare is named as the likely misspelling, as the README says
        Path misspelt = Files.writeString(dir.resolve("e.json"), "{\"X\": [[1, 2], [3, 4]], \"w\": [1, 2], \"Y\": [1, 2]}");
        assertThat(Cli.run("eval", program.toString(), "--data", misspelt.toString()).err()).startsWith(program + ":2:14: no value for 'y' in "
                + misspelt + " (it has one for 'Y', which the program does not declare)\n");
    }

    /** A program of declarations alone: eval says so at line 1 (it leaked as an internal error). */
    @Test
    void evalOfAProgramWithoutDefinitions() throws IOException {
        Path f = Files.writeString(dir.resolve("d.mdiff"), "matrix X(2, 2)\n");
        Path data = Files.writeString(dir.resolve("d.json"), "{\"X\": [[1, 2], [3, 4]]}");
        Cli r = Cli.run("eval", f.toString(), "--data", data.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("d.mdiff:1:1: the program defines nothing to differentiate").doesNotContain("internal error");
    }
}
