package dev.matdiff.latex;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Deriver;
import dev.matdiff.shapes.Program;
import dev.matdiff.source.Source;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every sample's derivation, staged and expanded, compiles with the real pdflatex without an
 * error or an overfull box; two samples' fragments are pinned (accept a deliberate change with
 * {@code mvn test -Dtest=SampleLatexTest -Dlatex.accept=true}).
 */
class SampleLatexTest {

    static Derivation derive(Path sample, Deriver.Mode mode) throws IOException {
        MatDiff m = MatDiff.parse(new Source(sample.toString(), Files.readString(sample)));
        Program p = m.program();
        List<String> wrt = new ArrayList<>(p.wrtHint());
        return m.derive(null, wrt, mode);
    }

    static Stream<Arguments> samples() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("samples"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".mdiff")).sorted().toList())
                for (Deriver.Mode mode : Deriver.Mode.values()) out.add(Arguments.of(f, mode));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("samples")
    void compilesWithPdflatex(Path sample, Deriver.Mode mode, @TempDir Path dir) throws Exception {
        List<String> args = new ArrayList<>(List.of(dev.matdiff.cli.GoldenDerivationTest.deriveArguments(sample)));
        args.addAll(List.of(mode == Deriver.Mode.STAGED ? "--stages" : "--no-stages", "--latex", "-"));
        dev.matdiff.cli.Cli r = dev.matdiff.cli.Cli.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        PdfLatex.assertClean(r.out(), dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear-regression", "two-layer-network"})
    void fragmentMatchesGolden(String name) throws IOException {
        String fragment = LatexWriter.fragment(derive(Path.of("samples", name + ".mdiff"), Deriver.Mode.STAGED));
        Path golden = Path.of("src/test/resources/latex/samples", name + ".tex");
        if (Boolean.getBoolean("latex.accept")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, fragment, StandardCharsets.UTF_8);
        }
        assertThat(fragment).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
