package dev.matdiff.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** README: a step writes dx as the textbooks do, d(x) where the program also names a dx or a d, so that no step reads two ways. */
class DifferentialNamesTest {

    static String steps(String program, String wrt) {
        Cli run = Cli.run("derive", "-e", program, "--wrt", wrt);
        assertThat(run.exit()).as(run.err()).isZero();
        return run.out();
    }

    @Test
    void aDifferentialIsCompactUnlessANameMakesItAmbiguous() {
        assertThat(steps("vector x(n); f = x'*x", "x")).contains("dx'*x").doesNotContain("d(x)");
        // dx is a name of the program: dx'*dx would read two ways
        assertThat(steps("vector x(n), dx(n); f = x'*dx", "x")).contains("d(x)'*dx").doesNotContain("dx'*dx");
        // a scalar d: dd*d reads as a name dd
        assertThat(steps("scalar d; f = d^2 + d", "d")).contains("d(d)").doesNotContain("dd");
    }
}
