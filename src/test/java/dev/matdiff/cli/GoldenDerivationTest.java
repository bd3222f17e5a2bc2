package dev.matdiff.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The printed derivation of every sample, pinned. When a derivation changes on purpose, accept
 * the new goldens with one command: {@code mvn test -Dtest=GoldenDerivationTest -Dgolden.update=true}.
 */
class GoldenDerivationTest {

    static Stream<Path> samples() throws IOException {
        return Files.list(Path.of("samples")).filter(p -> p.toString().endsWith(".mdiff")).sorted();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void derivationMatchesGolden(Path sample) throws IOException {
        Cli result = Cli.run("derive", sample.toString());
        assertThat(result.err()).isEmpty();
        assertThat(result.exit()).isZero();
        Path golden = Path.of("src/test/resources/golden", sample.getFileName().toString().replace(".mdiff", ".txt"));
        if (Boolean.getBoolean("golden.update")) Files.writeString(golden, result.out(), StandardCharsets.UTF_8);
        assertThat(golden).as("the golden derivation of %s (write it with -Dgolden.update=true, then read it)", sample).exists();
        assertThat(result.out()).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
