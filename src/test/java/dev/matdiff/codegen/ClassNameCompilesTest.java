package dev.matdiff.codegen;

import dev.matdiff.cli.Cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The class names codegen accepts give classes javac compiles, and the types a generated class names are refused. */
class ClassNameCompilesTest {

    /** $ and _ are Java letters; Record and Var are only reserved in lower case. */
    @Test
    void unusualButValidNamesCompile(@TempDir Path dir) throws IOException {
        for (String name : new String[] {"Quad$1", "_Record", "Record", "Var"}) {
            Path out = dir.resolve(name + ".java");
            Cli r = Cli.run("codegen", "-e", "x'*A*x", "--wrt", "x", "--hessian", "--lang", "java", "--class", name, "-o", out.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            InMemoryJavac.Result compiled = InMemoryJavac.compile(Map.of(name, Files.readString(out)));
            assertThat(compiled.diagnostics()).as(name).isEmpty();
            assertThat(compiled.success()).as(name).isTrue();
        }
    }

    /**
     * The program's comments are copied into the class's opening comment, where javac reads a backslash-u as a character:
     * a Windows path did not compile, and an escaped line break would have ended the comment.
     */
    @Test
    void aProgramsBackslashesInCommentsCompile(@TempDir Path dir) throws IOException {
        Path program = dir.resolve("paths.mdiff");
        Files.writeString(program, "# data from C:\\users\\me\\u\n# note \\u000a int x = 1/0;\nvector x(n)\nL = x'*x\n");
        Path out = dir.resolve("Paths.java");
        Cli r = Cli.run("codegen", program.toString(), "--lang", "java", "--class", "Paths", "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        InMemoryJavac.Result compiled = InMemoryJavac.compile(Map.of("Paths", Files.readString(out)));
        compiled.assertClean();
    }

    /** A class named like a type its code names would shadow it: every such type is refused, and a file named so falls back to Gradient. */
    @Test
    void everyTypeTheGeneratedClassNamesIsRefused() {
        Cli r = Cli.run("codegen", "samples/two-layer-network.mdiff", "--hessian", "--lang", "java");
        assertThat(r.exit()).as(r.err()).isZero();
        String code = r.out().replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "").replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
        Matcher types = Pattern.compile("\\b(?:new |import [\\w.]+\\.|record |class |@)?([A-Z]\\w*[a-z]\\w*)(?=[.(<\\[ ;>,]|\\.\\.\\.)").matcher(code);
        int seen = 0;
        while (types.find()) {
            String type = types.group(1);
            if (type.equals("TwoLayerNetwork") || type.equals("NaN")) continue;
            assertThat(JavaClassName.problem(type)).as(type).isNotNull();
            assertThat(CodeGen.className(type + ".mdiff")).isEqualTo("Gradient");
            seen++;
        }
        assertThat(seen).isGreaterThan(10);
    }
}
