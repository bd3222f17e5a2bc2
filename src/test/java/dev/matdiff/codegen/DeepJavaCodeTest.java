package dev.matdiff.codegen;

import dev.matdiff.MatDiff;

import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A deep objective's Java compiles: javac refuses a method past 64 KB of bytecode, and 4,000 nested tanh wrote one
 * (trial s64b, "code too large"), so a long computation is split into methods that fill arrays of temporaries in turn.
 */
@org.junit.jupiter.api.Tag("slow")  // javac on classes of thousands of statements: about 20 s, so out of the fast set
class DeepJavaCodeTest {

    @Test
    void aComputationTooLongForOneMethodIsSplitAndStillRight() throws Exception {
        int depth = 4_000;
        String text = "vector x(n); scalar a\nL = a*sum(" + "tanh(".repeat(depth) + "x" + ")".repeat(depth) + ") + a^2\n";
        MatDiff m = MatDiff.parse(text);
        var d = m.derive(null, List.of("x", "a"));
        String source = CodeGen.generate(new CodeGen.Request(m.program(), text, "deep.mdiff", null, Language.JAVA, "Deep"), d);
        assertThat(source).contains("valuesPart1(", "double[] scalars", "RealMatrix[] matrices");
        InMemoryJavac.Result r = InMemoryJavac.compile(Map.of("Deep", source));
        r.assertClean();
        Class<?> deep = r.load("Deep");
        RealVector x = new ArrayRealVector(new double[] {0.3, -0.7, 1.1});
        Object result = deep.getMethod("fAndGrad", RealVector.class, double.class).invoke(null, x, 0.5);
        // the same numbers as matdiff's own evaluator
        var values = m.evaluate(d, Map.of("x", org.apache.commons.math3.linear.MatrixUtils.createColumnRealMatrix(x.toArray()),
                "a", org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(new double[][] {{0.5}})));
        assertThat((double) result.getClass().getMethod("value").invoke(result)).isCloseTo(values.value(), within(1e-12));
        double error = (double) deep.getMethod("checkGrad", RealVector.class, double.class, long.class, int.class).invoke(null, x, 0.5, 1L, 4);
        assertThat(error).isLessThan(1e-5);
    }

    /**
     * A long scalar sum is one call of its terms: a + b + … nested as deep as it was long, and javac's parser overflowed
     * its stack at 2,000 terms (review s64r); a statement too long for any method is refused, exit 2, not written.
     */
    @Test
    void aLongScalarSumCompilesAndOneTooLongForAnyMethodIsRefused() throws Exception {
        StringBuilder terms = new StringBuilder();
        for (int k = 1; k < 2_000; k++) terms.append(k == 1 ? "" : " + ").append("sin(").append(k).append("*a + b)");
        String text = "scalar a, b\nL = " + terms + "\n";
        MatDiff m = MatDiff.parse(text);
        var d = m.derive(null, List.of("a", "b"));
        String source = CodeGen.generate(new CodeGen.Request(m.program(), text, "sum.mdiff", null, Language.JAVA, "LongSum"), d);
        assertThat(source).contains("scalarSumOf(");
        InMemoryJavac.Result r = InMemoryJavac.compile(Map.of("LongSum", source));
        r.assertClean();
        double error = (double) r.load("LongSum").getMethod("checkGrad", double.class, double.class, long.class, int.class).invoke(null, 0.3, -0.2, 1L, 4);
        assertThat(error).isLessThan(1e-5);

        for (int k = 2_000; k < 3_000; k++) terms.append(" + sin(").append(k).append("*a + b)");
        dev.matdiff.cli.Cli refused = dev.matdiff.cli.Cli.run("codegen", "-e", "scalar a, b; L = " + terms, "--lang", "java");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("more than javac compiles in one method (64 KB of bytecode); --lang numpy or torch have no such limit");
        assertThat(refused.out()).isEmpty();
    }
}
