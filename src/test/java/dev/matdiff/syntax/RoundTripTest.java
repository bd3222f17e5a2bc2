package dev.matdiff.syntax;

import dev.matdiff.MatDiff;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.source.Source;
import dev.matdiff.testing.RandomExpressions;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The text printer's output parses back to an equal expression. */
class RoundTripTest {

    static Expr reparse(Expr e) {
        String program = RandomExpressions.declarations() + "f = " + TextPrinter.print(e) + "\n";
        return MatDiff.parse(program).program().objective(null).body();
    }

    @Property(tries = 1000, seed = "20261123")
    void randomExpressionsParseBackToThemselves(@ForAll long seed) {
        Expr e = new RandomExpressions(seed, false).gen(dev.matdiff.expr.Shape.SCALAR, 4);
        assertThat(reparse(e)).as(TextPrinter.print(e)).isEqualTo(e);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "-x'*X*x", "a*b*X", "-2*a", "a - 2*b", "x'*(X - S')*x", "(-a)^2", "-a^2", "A*B - (A*B)'", "tr(X^-1)",
            "x .* (y ./ exp(x)) - (x .* y) ./ exp(y)", "-(x .* y)", "a/b*X", "X*(a/b)", "(a + b)*(X + X')",
            "x'*y*u'*u", "2^-1*a", "exp(-x)'*y", "sum(kron(X, A))", "vec(A)'*vec(A)", "u'*A*x + a", "x'*x/(a*b)"})
    void handWrittenExpressionsParseBack(String text) {
        Expr e = MatDiff.parse(RandomExpressions.declarations() + "f = " + text).program().objective(null).body();
        assertThat(reparse(e)).as(text + " printed as " + TextPrinter.print(e)).isEqualTo(e);
    }

    @Test
    void everySampleParsesBack() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("samples"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".mdiff")).toList()) {
                MatDiff m = MatDiff.parse(new Source(f.toString(), Files.readString(f)));
                for (Expr.Named def : m.program().definitions().values()) {
                    String printed = TextPrinter.print(def.body());
                    StringBuilder text = new StringBuilder(Files.readString(f)).append("\n__check = ").append(printed).append('\n');
                    Expr back = MatDiff.parse(text.toString()).program().definitions().get("__check").body();
                    assertThat(back).as(f + ": " + def.name() + " printed as " + printed).isEqualTo(def.body());
                }
            }
        }
    }
}
