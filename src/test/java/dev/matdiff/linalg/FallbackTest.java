package dev.matdiff.linalg;

import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Java fallback as a machine without OpenBLAS selects it: a fresh JVM told by netlib's own
 * properties to load a native library that does not exist, and one told {@code -Dmatdiff.blas=java}.
 * Each prints what {@link Blas#describe()} says and a few results ({@link #main}), which must
 * match the pure-Java implementation in this JVM exactly and the one in use (native here, where
 * OpenBLAS is installed) to 1e-12; and netlib's load failures must not reach standard error.
 */
@Tag("slow")
class FallbackTest {

    @Test void without_a_native_library_the_java_implementation_is_selected_quietly() throws Exception {
        Run run = java("-Ddev.ludovic.netlib.blas.nativeLib=libmatdiff-no-such-blas.so.3",
                "-Ddev.ludovic.netlib.lapack.nativeLib=libmatdiff-no-such-lapack.so.3");
        assertThat(run.stderr).isEmpty();
        assertThat(run.stdout.get(0)).startsWith("Java").contains("no native BLAS found").contains("apt-get install libopenblas0");
        assertThat(run.stdout.get(1)).isEqualTo("isNative false");
        assertAgrees(run.stdout.subList(2, run.stdout.size()));
    }

    @Test void the_java_implementation_can_be_chosen() throws Exception {
        Run run = java("-Dmatdiff.blas=java");
        assertThat(run.stderr).isEmpty();
        assertThat(run.stdout.get(0)).startsWith("Java").contains("chosen with -Dmatdiff.blas=java");
        assertAgrees(run.stdout.subList(2, run.stdout.size()));
    }

    /** The launcher chooses the Java BLAS under ulimit -v: the description says who chose it, not a flag the user never gave. */
    @Test void the_launchers_choice_is_said_as_its_own() throws Exception {
        Run run = java("-Dmatdiff.blas=java", "-Dmatdiff.blas.chosenBy=the launcher, under ulimit -v 1000000");
        assertThat(run.stdout.get(0)).startsWith("Java").endsWith("chosen by the launcher, under ulimit -v 1000000").doesNotContain("-Dmatdiff.blas");
    }

    /** Loading OpenBLAS takes 0.1 s: a derivation whose self-check multiplies only small matrices never loads it. */
    @Test void a_small_derivation_loads_no_native_library() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "no /proc/self/maps to read the loaded libraries from");
        Run run = java(List.of(), "derive-small");
        assertThat(run.stdout).contains("   ∇_w f = 2*X'*(X*w - y)", "native libraries: none");
        // and one whose self-check inverts a matrix does load it, where there is one
        Run inverse = java(List.of(), "derive-inverse");
        if (Blas.get().isNative()) assertThat(inverse.stdout).noneMatch(line -> line.equals("native libraries: none"));
        assertThat(inverse.stdout).anyMatch(line -> line.startsWith("   ∇_S f = "));
        // with the Java BLAS chosen, not even netlib's first getInstance loads the native one (whose threads under ulimit -v
        // retry a failed allocation for ever: --version spun at 850 MB, hostile trial)
        Run chosen = java(List.of("-Dmatdiff.blas=java"), "derive-inverse");
        assertThat(chosen.stdout).contains("native libraries: none").anyMatch(line -> line.startsWith("   ∇_S f = "));
    }

    private static void assertAgrees(List<String> printed) {
        double[] java = results(Blas.java()), inUse = results(Blas.get());
        assertThat(printed).hasSize(java.length);
        for (int i = 0; i < java.length; i++) {
            double v = Double.parseDouble(printed.get(i));
            assertThat(v).as("result %d", i).isEqualTo(java[i]);
            assertThat(Math.abs(v - inUse[i])).as("result %d against %s", i, Blas.describe()).isLessThanOrEqualTo(1e-12 * Math.abs(inUse[i]));
        }
    }

    /** Sums over a product, a solve, an inverse and two log-determinants, from fixed random data. */
    static double[] results(Blas blas) {
        Random r = new Random(31);
        RealMatrix a = Numbers.random(r, 120, 90), b = Numbers.random(r, 120, 70);
        RealMatrix x = Numbers.wellConditioned(r, 150), s = Numbers.spd(r, 150), rhs = Numbers.random(r, 150, 3);
        Lu lu = new Lu(x, blas);
        Cholesky c = Cholesky.of(s, blas).orElseThrow();
        return new double[] {
                Matrices.sum(Matrices.multiply(a, true, b, false, blas)),
                Matrices.sumOfSquares(Matrices.multiply(a, true, Dense.column(new double[120]), false, blas)) + Matrices.sumOfSquares(lu.solve(rhs)),
                Matrices.sumOfSquares(lu.inverse()),
                lu.logAbsDet(),
                c.logDet(),
                Matrices.sumOfSquares(c.solve(rhs)),
        };
    }

    /** What {@link FallbackTest#java} runs. */
    public static void main(String[] args) throws IOException {
        if (args.length > 0) {
            String[] derive = args[0].equals("derive-small")
                    ? new String[] {"derive", "-e", "sqnorm(X*w - y)", "--wrt", "w"}
                    : new String[] {"derive", "-e", "logdet(S) + x'*inv(S)*x", "--wrt", "S"};
            PrintWriter out = new PrintWriter(System.out, true);
            int code = dev.matdiff.cli.Main.run(out, new PrintWriter(System.err, true), derive);
            List<String> blas = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .filter(line -> line.contains("blas") || line.contains("lapack")).toList();
            System.out.println("native libraries: " + (blas.isEmpty() ? "none" : blas));
            System.exit(code);
        }
        System.out.println(Blas.describe());
        System.out.println("isNative " + Blas.get().isNative());
        for (double v : results(Blas.get())) System.out.println(Double.toString(v));
    }

    private record Run(List<String> stdout, String stderr) {}

    private static Run java(String... properties) throws IOException, InterruptedException { return java(List.of(properties)); }

    private static Run java(List<String> properties, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(properties);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FallbackTest.class.getName()));
        command.addAll(List.of(arguments));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        // small outputs: read both after the end
        boolean done = p.waitFor(2, TimeUnit.MINUTES);
        if (!done) p.destroyForcibly();
        assertThat(done).as("the JVM finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isZero();
        return new Run(out.lines().toList(), err);
    }
}
