package dev.matdiff.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The ./matdiff script, run with a stand-in java that prints the command line it was given. */
class LauncherTest {

    @TempDir Path dir;

    private String launch(String... args) throws IOException, InterruptedException {
        Path root = dir.resolve("clone");
        if (!Files.exists(root)) setUp(root);
        return run(root, args);
    }

    private void setUp(Path root) throws IOException {
        Files.createDirectories(root.resolve("src/main"));
        Files.createDirectories(root.resolve("grammar"));
        Files.copy(Path.of("pom.xml"), root.resolve("pom.xml"));
        Files.createDirectories(root.resolve("target"));
        // a jar and an archive newer than the sources: the launcher builds nothing and goes straight to java
        Files.writeString(root.resolve("target/matdiff.jar"), "");
        Files.writeString(root.resolve("target/matdiff.jsa"), "");
        Files.copy(Path.of("matdiff"), root.resolve("matdiff"));
        root.resolve("matdiff").toFile().setExecutable(true);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\nprintf 'LC_ALL=%s\\n' \"${LC_ALL:-}\"\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        java.toFile().setExecutable(true);
    }

    private String run(Path root, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(root.resolve("matdiff").toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    /** The command's output, with the stand-in java first on the PATH; it must succeed. */
    private String run(List<String> command) throws IOException, InterruptedException { return run(command, java.util.Map.of()); }

    /** Likewise in an environment with these variables set, and a locale only where they give one. */
    private String run(List<String> command, java.util.Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.equals("LANG") || k.startsWith("LC_"));
        pb.environment().putAll(environment);
        pb.environment().put("PATH", dir.resolve("bin") + File.pathSeparator + System.getenv("PATH"));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }

    /**
     * The README's -Dmatdiff.blas=java reaches the JVM through ./matdiff, before -jar, wherever it was typed
     * (it was passed to matdiff, which refused it as an unknown option).
     */
    @Test
    void matdiffPropertiesGoToTheJvm() throws IOException, InterruptedException {
        String java = launch("derive", "-Dmatdiff.blas=java", "-e", "sum(x)");
        String[] words = java.split("\n");
        int jar = java.lines().toList().indexOf("-jar");
        int property = java.lines().toList().indexOf("-Dmatdiff.blas=java");
        assertThat(property).isNotNegative().isLessThan(jar);
        assertThat(java.lines().skip(jar + 2).toList()).containsExactly("derive", "-e", "sum(x)");
        assertThat(words).containsOnlyOnce("-Dmatdiff.blas=java");
        // an expression is left alone
        assertThat(launch("derive", "-e", "-Dx").lines().toList()).endsWith("derive", "-e", "-Dx");
    }

    /**
     * Under ulimit -v the products run on the Java BLAS: OpenBLAS's threads retry a failed 128 MB malloc for ever
     * (a trial's --version at -v 1000000 never ended). A -Dmatdiff.blas the user gives comes later and wins.
     */
    @Test
    void aLimitOnVirtualMemoryChoosesTheJavaBlas() throws IOException, InterruptedException {
        launch("--version");
        Path root = dir.resolve("clone");
        String limited = underLimit(root, "--version");
        assertThat(limited.lines().toList()).contains("-Dmatdiff.blas=java").contains("-Dmatdiff.blas.chosenBy=the launcher, under ulimit -v 1000000").contains("-Xmx250000k").contains("-Dmatdiff.stackBytes=128000000");
        List<String> chosen = underLimit(root, "-Dmatdiff.blas=native", "--version").lines().toList();
        assertThat(chosen.lastIndexOf("-Dmatdiff.blas=native")).isGreaterThan(chosen.indexOf("-Dmatdiff.blas=java"));
        // and a user's own choice is not said to be the launcher's
        assertThat(chosen.lastIndexOf("-Dmatdiff.blas.chosenBy=")).isGreaterThan(chosen.indexOf("-Dmatdiff.blas.chosenBy=the launcher, under ulimit -v 1000000"));
        assertThat(launch("--version").lines().toList()).doesNotContain("-Dmatdiff.blas=java");
    }

    /**
     * Below about 800 MB the JVM cannot start, or starts and spins (hostile trial: at 400 MB, exit 1 and the JVM's own two
     * lines): refused at once, in one line, exit 2, without starting java.
     */
    @Test
    void aLimitTooSmallForTheJvmIsSaidInOneLine() throws IOException, InterruptedException {
        launch("--version");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "ulimit -v 500000 && exec '" + dir.resolve("clone/matdiff") + "' --version");
        pb.environment().put("PATH", dir.resolve("bin") + File.pathSeparator + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).isEmpty();
        assertThat(err).isEqualTo("matdiff: the JVM cannot run under this limit on virtual memory (ulimit -v 500000 KB; matdiff needs about 800 MB)\n");
    }

    /**
     * The JVM decodes its command line in the locale's charset: under C, POSIX or none (env -i, cron, containers), or a
     * UTF-8 locale named but not installed, the contract's ⊙, ᵀ and μ arrived as '?' and were refused (trial s80a, review
     * s80r). Such a locale runs as C.UTF-8; one whose charset is UTF-8 is kept.
     */
    @Test
    void aLocaleThatIsNotUtf8RunsAsCUtf8() throws IOException, InterruptedException {
        launch("--version");
        org.junit.jupiter.api.Assumptions.assumeTrue(new File("/usr/bin/locale").canExecute(), "no locale command here");
        List<String> script = List.of(dir.resolve("clone/matdiff").toString(), "--version");
        assertThat(run(script)).startsWith("LC_ALL=C.UTF-8\n");
        assertThat(run(script, java.util.Map.of("LC_ALL", "C"))).startsWith("LC_ALL=C.UTF-8\n");
        assertThat(run(script, java.util.Map.of("LANG", "POSIX"))).startsWith("LC_ALL=C.UTF-8\n");
        assertThat(run(script, java.util.Map.of("LANG", "de_DE.ISO-8859-1"))).startsWith("LC_ALL=C.UTF-8\n");
        assertThat(run(script, java.util.Map.of("LANG", "xx_YY.UTF-8"))).startsWith("LC_ALL=C.UTF-8\n");
        assertThat(run(script, java.util.Map.of("LANG", "C.UTF-8"))).startsWith("LC_ALL=\n");
        assertThat(run(script, java.util.Map.of("LC_ALL", "C.utf8"))).startsWith("LC_ALL=C.utf8\n");
    }

    /** Run through a link from elsewhere (~/bin/matdiff), it finds its checkout: it built in the link's folder, which has no pom. */
    @Test
    void aSymbolicLinkRunsTheCheckoutItPointsTo() throws IOException, InterruptedException {
        launch("--version");
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere/bin"));
        Path link = Files.createSymbolicLink(elsewhere.resolve("matdiff"), dir.resolve("clone/matdiff"));
        // and a relative link to that link
        Path again = Files.createSymbolicLink(Files.createDirectories(dir.resolve("elsewhere/more")).resolve("md"), Path.of("../bin/matdiff"));
        for (Path l : List.of(link, again)) {
            List<String> java = run(List.of(l.toString(), "--version")).lines().toList();
            assertThat(java).contains(dir.resolve("clone/target/matdiff.jar").toRealPath().toString()).endsWith("--version");
        }
        assertThat(dir.resolve("elsewhere/bin/target")).doesNotExist();
    }

    private String underLimit(Path root, String... args) throws IOException, InterruptedException {
        StringBuilder line = new StringBuilder("ulimit -v 1000000 && exec '" + root.resolve("matdiff") + "'");
        for (String a : args) line.append(" '").append(a).append("'");
        return run(List.of("bash", "-c", line.toString()));
    }
}
