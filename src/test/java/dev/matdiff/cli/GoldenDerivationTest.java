package dev.matdiff.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The printed derivation of every sample, pinned. When a derivation changes on purpose, accept
 * the new goldens with one command: {@code mvn test -Dtest=GoldenDerivationTest -Dgolden.update=true}.
 */
public class GoldenDerivationTest {

    static Stream<Path> samples() throws IOException {
        return Files.list(Path.of("samples")).filter(p -> p.toString().endsWith(".mdiff")).sorted();
    }

    /** derive and the sample, with the options of its "# run: derive …" line if it has one. */
    public static String[] deriveArguments(Path sample) throws IOException {
        List<String> args = new ArrayList<>(List.of("derive", sample.toString()));
        Files.readAllLines(sample).stream().filter(l -> l.startsWith("# run: derive ")).findFirst()
                .ifPresent(l -> args.addAll(List.of(l.substring("# run: derive ".length()).trim().split("\\s+"))));
        return args.toArray(String[]::new);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void derivationMatchesGolden(Path sample) throws IOException {
        Cli result = Cli.run(deriveArguments(sample));
        assertThat(result.err()).isEmpty();
        assertThat(result.exit()).isZero();
        Path golden = Path.of("src/test/resources/golden", sample.getFileName().toString().replace(".mdiff", ".txt"));
        if (Boolean.getBoolean("golden.update")) Files.writeString(golden, result.out(), StandardCharsets.UTF_8);
        assertThat(golden).as("the golden derivation of %s (write it with -Dgolden.update=true, then read it)", sample).exists();
        assertThat(result.out()).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
