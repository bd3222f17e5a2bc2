package dev.matdiff.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every sample's gradient agrees with finite differences, as `matdiff check` runs it (the variables of its "# wrt:" comment). */
class SampleCheckTest {

    static Stream<Path> samples() throws IOException { return GoldenDerivationTest.samples(); }

    @ParameterizedTest
    @MethodSource("samples")
    void samplePassesCheck(Path sample) {
        Cli r = Cli.run("check", sample.toString(), "--trials", "2", "--seed", "7");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("passed");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void stagedAndExpandedAgree(Path sample) {
        Cli staged = Cli.run("derive", sample.toString(), "--no-steps", "--stages");
        Cli expanded = Cli.run("derive", sample.toString(), "--no-steps", "--no-stages");
        assertThat(staged.exit()).isZero();
        assertThat(expanded.exit()).isZero();
        // both are checked numerically by derive itself; here: both print a gradient for every variable
        assertThat(staged.out().lines().count()).isEqualTo(expanded.out().lines().count());
    }
}
