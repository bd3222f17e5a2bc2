package dev.matdiff.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code matdiff bench} and the options of issue 16: a time budget that must be positive, warm-up until settled, --threads. */
class BenchCommandTest {

    @Test void a_budget_of_no_time_is_refused_in_one_line() {
        for (String s : List.of("0", "-1", "-0.5", "NaN", "1e9", "Infinity")) {
            Cli r = Cli.run("bench", "samples/linear-regression.mdiff", "--seconds", s);
            assertThat(r.exit()).as(s).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err().strip()).as(s).startsWith("matdiff bench: --seconds must be a positive number of seconds").doesNotContain("\n");
        }
    }

    @Test void threads_must_be_at_least_one() {
        Cli r = Cli.run("bench", "samples/linear-regression.mdiff", "--threads", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("matdiff bench: --threads must be at least 1, not 0 (see 'matdiff bench --help')");
    }

    /** As check does: a size for a dimension the program lacks would be ignored, and the figures be of other sizes than asked. */
    @Test void dims_must_be_the_program_s_own() {
        Cli r = Cli.run("bench", "samples/gaussian-mle.mdiff", "--dims", "n=256");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("matdiff bench: --dims n=256: the program has no dimension n (its dimensions: D, N) (see 'matdiff bench --help')");
        assertThat(Cli.run("bench", "samples/gaussian-mle.mdiff", "--dims", "D=0").err()).contains("the size of D must be a positive integer");
    }

    @Tag("slow")
    @Test void the_json_reports_the_figures_the_blas_and_whether_they_settled() {
        Cli r = Cli.run("bench", "samples/linear-regression.mdiff", "--seconds", "0.05", "--threads", "2", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        for (String key : List.of("derive_ms", "f_nodes", "grad_nodes", "sizes", "eval_f_ms", "eval_f_grad_ms", "ratio", "threads", "blas", "settled"))
            assertThat(o.has(key)).as(key).isTrue();
        assertThat(o.get("threads").getAsInt()).isEqualTo(2);
        // the sizes the evaluation was timed at, drawn where --dims gives none (trial s80a: times without their sizes)
        assertThat(o.getAsJsonObject("sizes").keySet()).containsExactly("m", "n");
        Cli at = Cli.run("bench", "samples/linear-regression.mdiff", "--seconds", "0.05", "--dims", "m=50,n=7");
        assertThat(at.out()).contains("sizes             m = 50, n = 7\n");
        Cli some = Cli.run("bench", "samples/linear-regression.mdiff", "--seconds", "0.05", "--dims", "m=50");
        assertThat(some.out()).containsPattern("sizes             m = 50, n = \\d+ \\(drawn\\); --dims sets them\n");
        assertThat(o.get("eval_f_ms").getAsDouble()).isPositive();
    }

    /** A matrix objective's first derivatives are its Jacobians: they are what "grad_nodes" counts (0 before). */
    @Tag("slow")
    @Test void a_matrix_objective_counts_its_jacobians(@TempDir Path dir) throws IOException {
        Path p = Files.writeString(dir.resolve("k.mdiff"), "matrix A(2,2), B(2,3)\nF = kron(A, B)\n");
        Cli r = Cli.run("bench", p.toString(), "--seconds", "0.05", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(JsonParser.parseString(r.out()).getAsJsonObject().get("grad_nodes").getAsInt()).isGreaterThan(3);
        // without --threads, the count is the one the native BLAS runs (every core unless OPENBLAS_NUM_THREADS says), not 1
        assertThat(JsonParser.parseString(r.out()).getAsJsonObject().get("threads").getAsInt())
                .isEqualTo(dev.matdiff.linalg.Blas.threadsByDefault());
    }

    @Test void eval_gives_the_same_numbers_on_more_threads(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("d.json");
        Files.writeString(data, "{\"X\": [[1, 2], [3, 4], [5, 6]], \"w\": [1, -1], \"y\": [1, 0, 2]}");
        Cli one = Cli.run("eval", "samples/linear-regression.mdiff", "--data", data.toString(), "--json");
        Cli two = Cli.run("eval", "samples/linear-regression.mdiff", "--data", data.toString(), "--json", "--threads", "2");
        assertThat(two.exit()).as(two.err()).isZero();
        assertThat(two.out()).isEqualTo(one.out());
    }

    @Test void warming_up_is_over_when_four_windows_agree_and_the_jit_is_quiet() {
        assertThat(Timing.settled(windows(10.0, 5.0, 5.1, 5.2, 5.1))).isTrue();
        assertThat(Timing.settled(windows(5.0, 5.1, 5.0, 6.0))).isFalse();
        assertThat(Timing.settled(windows(5.0, 5.0, 5.0))).isFalse();
        // agreeing medians while the JIT compiles: between two bursts of compilation, not settled
        List<Timing.Window> compiling = new java.util.ArrayList<>(windows(5.0, 5.0, 5.0));
        compiling.add(new Timing.Window(5.0, 250, 40));
        assertThat(Timing.settled(compiling)).isFalse();
        // where the JVM cannot say how long it compiled, the medians decide
        assertThat(Timing.settled(List.of(new Timing.Window(5, 250, -1), new Timing.Window(5, 250, -1), new Timing.Window(5, 250, -1),
                new Timing.Window(5, 250, -1)))).isTrue();
    }

    /** Windows of 250 ms with these medians, the JIT compiling 1 ms in each. */
    private static List<Timing.Window> windows(double... medians) {
        return java.util.Arrays.stream(medians).mapToObj(m -> new Timing.Window(m, 250, 1)).toList();
    }
}
