package dev.matdiff.docs;

import dev.matdiff.cli.Cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15, item 14: what the README shows is what matdiff does. */
class ReadmeTest {

    @TempDir Path dir;

    static String readme() throws IOException { return Files.readString(Path.of("README.md")); }

    /** The first fenced block of {@code language} after the heading {@code heading}. */
    static String block(String text, String heading, String language) {
        int at = text.indexOf(heading);
        assertThat(at).as(heading).isNotNegative();
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertThat(m.find(at)).as("a ```" + language + " block after " + heading).isTrue();
        return m.group(1);
    }

    /** The Java example compiles as shown, imports and all, against the library's classes, and prints what its comments say. */
    @Test
    void theJavaExampleCompilesAndRuns() throws Exception {
        String source = block(readme(), "## Using it from Java", "java");
        Matcher name = Pattern.compile("public class (\\w+)").matcher(source);
        assertThat(name.find()).as("the example is a whole class").isTrue();
        Path file = dir.resolve(name.group(1) + ".java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, "-encoding", "UTF-8", "-proc:none", "-classpath", classpath,
                "-d", dir.toString(), file.toString());
        assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            loader.loadClass(name.group(1)).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(saved);
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).startsWith("∇_w L = 2*X'*(X*w - y) in ");
        assertThat(source).contains("// immutable, hash-consed expression: 2*X'*(X*w - y)");
        assertThat(lines[1]).isEqualTo("L = 93.0, ∇_w L = {114; 144}");
        assertThat(source).contains("// L = 93, ∇_w L = (114, 144)");
        assertThat(lines[2]).endsWith("passed (tolerance 1e-05)");
    }

    /** The coordinates the README gives are the POM's. */
    @Test
    void theMavenCoordinatesAreThePoms() throws IOException {
        String dependency = block(readme(), "## Using it from Java", "xml");
        String pom = Files.readString(Path.of("pom.xml"));
        for (String tag : new String[] {"groupId", "artifactId", "version"}) {
            Matcher inReadme = Pattern.compile("<" + tag + ">([^<]+)</" + tag + ">").matcher(dependency);
            Matcher inPom = Pattern.compile("<" + tag + ">([^<]+)</" + tag + ">").matcher(pom.substring(pom.indexOf("<modelVersion>")));
            assertThat(inReadme.find() && inPom.find()).isTrue();
            assertThat(inReadme.group(1)).as(tag).isEqualTo(inPom.group(1));
        }
        assertThat(dependency).contains("<groupId>dev.matdiff</groupId>", "<artifactId>matdiff</artifactId>", "<version>0.1.0</version>");
    }

    /** The README's first derivation is the one matdiff prints. */
    @Test
    void theLinearRegressionDerivationIsTheOnePrinted() throws IOException {
        String text = readme();
        String shown = text.substring(text.indexOf("$ ./matdiff derive samples/linear-regression.mdiff --wrt w\n"));
        shown = shown.substring(shown.indexOf('\n') + 1, shown.indexOf("```"));
        Cli r = Cli.run("derive", "samples/linear-regression.mdiff", "--wrt", "w");
        assertThat(r.out()).isEqualTo(shown);
    }

    /** Every result-only derivation the README and docs/DETAILS.md show ($ ./matdiff derive … --no-steps) is what matdiff prints. */
    @Test
    void everyShownResultIsTheOnePrinted() throws IOException {
        List<String> lines = (readme() + "\n" + Files.readString(Path.of("docs/DETAILS.md"))).lines().toList();
        int shown = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith("$ ./matdiff derive ") || !line.contains("--no-steps")) continue;
            StringBuilder expected = new StringBuilder();
            for (int j = i + 1; j < lines.size() && !lines.get(j).startsWith("$ ") && !lines.get(j).startsWith("```"); j++)
                expected.append(lines.get(j)).append('\n');
            Cli r = Cli.run(shellWords(line.substring("$ ./matdiff ".length())));
            assertThat(r.out()).as(line).isEqualTo(expected.toString());
            shown++;
        }
        assertThat(shown).isGreaterThanOrEqualTo(50);
    }

    /** The program at a glance in the README's language section derives, with the gradient a textbook gives. */
    @Test
    void theProgramAtAGlanceDerives() throws IOException {
        Path file = dir.resolve("glance.mdiff");
        Files.writeString(file, block(readme(), "A program at a glance", ""));
        Cli r = Cli.run("derive", file.toString(), "--no-steps");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("∇_w L = lam*w - X'*(y .* sigmoid(-y .* z))/m\n");
    }

    /** Words as a shell splits them, with whole single- or double-quoted words (an expression with a transpose is in "…"). */
    static String[] shellWords(String command) {
        List<String> words = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\S+)").matcher(command);
        while (m.find()) words.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        return words.toArray(String[]::new);
    }

    /**
     * The softmax gradient is quoted as matdiff prints it: with the samples' assumption sum(y) = 1
     * the paper's softmax(h) - y; without it the general sum(y)*softmax(h) - y, never softmax(h)*sum(y) - y.
     */
    @Test
    void theSoftmaxGradientIsQuotedAsPrinted() throws IOException {
        for (String[] c : new String[][] {{"samples/two-layer-network.mdiff", "h2"}, {"samples/softmax-regression.mdiff", "h"}}) {
            String program = Files.readString(Path.of(c[0]));
            assertThat(program).contains("assume sum(y) = 1", "general form sum(y)*softmax(" + c[1] + ") - y");
            assertThat(Cli.run("derive", c[0], "--wrt", c[1], "--no-steps").out()).isEqualTo("∇_" + c[1] + " L = softmax(" + c[1] + ") - y\n");
            Path general = Files.createTempFile("general", ".mdiff");
            Files.writeString(general, program.replace("assume sum(y) = 1", ""));
            assertThat(Cli.run("derive", general.toString(), "--wrt", c[1], "--no-steps").out())
                    .isEqualTo("∇_" + c[1] + " L = sum(y)*softmax(" + c[1] + ") - y\n");
            Files.delete(general);
        }
        String text = readme();
        assertThat(text).contains("∇h2 = softmax(h2) - y", "`sum(y)*softmax(h2) - y`");
        for (String file : new String[] {"README.md", "samples/two-layer-network.mdiff", "samples/softmax-regression.mdiff"})
            assertThat(Files.readString(Path.of(file))).as(file).doesNotContain("softmax(h)*sum(y)", "softmax(h2)*sum(y)");
    }

    /** "The seeds" are the project's word for its source documents: a user reads the papers' names. */
    @Test
    void noInternalVocabularyInWhatUsersRead() throws IOException {
        assertThat(readme()).doesNotContainPattern("(?i)\\bthe seeds\\b|seed \\d{3}");
        try (var samples = Files.list(Path.of("samples"))) {
            for (Path p : samples.toList()) assertThat(Files.readString(p)).as(p.toString()).doesNotContainPattern("(?i)\\bseeds?\\b");
        }
    }

}
