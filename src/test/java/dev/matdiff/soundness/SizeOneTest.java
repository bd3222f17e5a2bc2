package dev.matdiff.soundness;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Deriver;
import dev.matdiff.check.DerivativeCheck;
import dev.matdiff.check.GradientCheck;
import dev.matdiff.check.RandomData;
import dev.matdiff.cli.Cli;
import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.numeric.NumericException;
import dev.matdiff.testing.RandomExpressions;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of variable at size 1 (a 1×1 matrix, a symmetric S(1), a vector of one entry):
 * random expressions over every operator at m = n = 1 have right gradients and Jacobians, and
 * each gradient is written in the form its variable was declared in ([[v]], [v], v).
 */
class SizeOneTest {

    static final Map<String, Integer> ONE = Map.of("m", 1, "n", 1);

    @Property(tries = 400, seed = "20261201")
    void derivativesAtSizeOneAgreeWithFiniteDifferences(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int depth,
                                                        @ForAll boolean smooth, @ForAll boolean vectorValued) {
        RandomExpressions gen = new RandomExpressions(seed, smooth);
        Expr f = vectorValued ? gen.gen(JacobianSoundnessTest.MATRIX, depth) : gen.scalar(depth);
        List<String> wrt = Dag.variables(List.of(f)).stream().map(Expr.Var::name).distinct().toList();
        Assume.that(!wrt.isEmpty());
        Derivation derived = MatDiff.parse(RandomExpressions.declarations() + "f = " + TextPrinter.print(f) + "\n").derive(null, wrt, Deriver.Options.DEFAULT);
        GradientCheck.Result r;
        try {
            r = RandomData.atRandomPoint(derived, ONE, seed, at -> DerivativeCheck.verify(derived, at, seed));
        } catch (NumericException e) {
            Assume.that(false);
            return;
        }
        assertThat(r.failed()).as("seed %d: %s\n%s", seed, r.summary(), TextPrinter.print(f)).isFalse();
    }

    @Test
    void eachGradientIsWrittenInItsVariablesDeclaredForm(@TempDir Path dir) throws IOException {
        Path program = Files.writeString(dir.resolve("one.mdiff"),
                "matrix X(1, 1); symmetric S(1); vector x(1); scalar a\nf = tr(X*X) + tr(S*S) + x'*x + a^2 + sum(exp(X)) + logdet(S)\n");
        Path data = Files.writeString(dir.resolve("one.json"), "{\"X\": [[2]], \"S\": [[3]], \"x\": [4], \"a\": 5}");
        Cli r = Cli.run("eval", program.toString(), "--data", data.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"X\":[[", "\"S\":[[", "\"x\":[8.0]", "\"a\":10.0");
        Cli hessian = Cli.run("eval", program.toString(), "--data", data.toString(), "--json", "--hessian", "--wrt", "x");
        assertThat(hessian.out()).contains("\"gradients\":{\"x\":[8.0]}", "\"hessians\":{\"x\":[[2.0]]}");
    }

    /** matrix(c) and vector(c) take the size they meet, 1 included: a row, a column of one, a 1×1 matrix, a scalar. */
    @Test
    void aFilledConstantTakesASizeOfOne(@TempDir Path dir) throws IOException {
        String[] programs = {
            "vector x(n)\nL = sum((x' + matrix(2)).^2)\n",
            "vector x(1)\nL = sum((x + vector(3)).^2)\n",
            "matrix X(3, 1)\nL = sum((X + matrix(2)).^2)\n",
            "matrix X(1, 1)\nscalar a\nL = sum((X + matrix(2)).^2) + (a + matrix(3))^2\n"};
        for (String text : programs) {
            Path p = Files.writeString(dir.resolve("c.mdiff"), text);
            Cli check = Cli.run("check", p.toString(), "--wrt", text.contains("scalar a") ? "X,a" : text.contains("X(") ? "X" : "x");
            assertThat(check.exit()).as(text + check.err()).isZero();
            assertThat(check.out()).contains("passed");
        }
        assertThat(Cli.run("derive", "-e", "x + a").err()).contains("cannot add x (?×1) and a (1×1)");  // a name read as a vector stays one
    }
}
