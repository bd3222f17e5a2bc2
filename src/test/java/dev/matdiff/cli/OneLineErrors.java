package dev.matdiff.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input: exit 2, one line "file:line:col: message", the source line, a caret; never a stack trace.
 * The check of that, and a derive of a program written to a file, shared by the classes that pin the
 * messages (SyntaxErrorsTest, NameErrorsTest, ShapeAndDerivationErrorsTest, ValueErrorsTest, ErrorEchoTest).
 */
final class OneLineErrors {
    private OneLineErrors() {}

    /** {@code matdiff derive dir/p.mdiff more…}, with program written to dir/p.mdiff. */
    static Cli derive(Path dir, String program, String... more) throws IOException {
        Path f = dir.resolve("p.mdiff");
        Files.writeString(f, program);
        String[] args = new String[more.length + 2];
        args[0] = "derive";
        args[1] = f.toString();
        System.arraycopy(more, 0, args, 2, more.length);
        return Cli.run(args);
    }

    static void assertOneLineError(Cli r, String location, String message, String caretLine) {
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        String[] lines = r.err().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).endsWith(location + ": " + message);
        assertThat(lines[2]).isEqualTo(caretLine);
        assertThat(r.err()).doesNotContain("\tat ", "Exception");
    }

    /** {@code matdiff derive -e expr} refused in one line at {@code where} ("<expr>:1:9") with {@code message}, the caret line as given. */
    static void assertExpressionError(String expr, String where, String message, String caretLine) {
        assertOneLineError(Cli.run("derive", "-e", expr), where, message, caretLine);
    }

    /** {@code matdiff derive -e expr} refused in one located line (three with the excerpt) whose text starts {@code "<expr>:" + start}. */
    static void assertExpressionErrorStartsWith(String expr, String start) {
        Cli r = Cli.run("derive", "-e", expr);
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("<expr>:" + start);
        assertThat(r.err().split("\n")).hasSize(3);
        assertThat(r.err()).doesNotContain("\tat ", "Exception");
    }
}
