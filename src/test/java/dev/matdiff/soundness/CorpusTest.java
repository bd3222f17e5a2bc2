package dev.matdiff.soundness;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Deriver;
import dev.matdiff.check.RandomData;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.numeric.Evaluator;

import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identities taken from other tools' test suites (SymPy's matrix derivatives, autograd, MatrixCalculus.org)
 * and from the Matrix Cookbook, in {@code corpus/identities.txt}: matdiff's gradient (or Jacobian) must
 * equal the reference's closed form at random data, and print parseably, to text that reads back to that same
 * value; where a case says {@code short N}, its printed result may be at most N characters long, and where it
 * says {@code hessian}, the expected form is the Hessian H of d²f = vec(dV)ᵀ H vec(dV) rather than the gradient.
 */
class CorpusTest {

    /** One identity: the program, the variable, the reference's result, and an optional length bound. */
    record Case(String name, String program, String wrt, String expect, int shortest, boolean hessian) {}

    static List<Case> cases() throws IOException {
        String text;
        try (InputStream in = CorpusTest.class.getResourceAsStream("/corpus/identities.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> cases = new ArrayList<>();
        String name = null, wrt = null, expect = null;
        StringBuilder program = new StringBuilder();
        int shortest = Integer.MAX_VALUE;
        boolean hessian = false;
        for (String line : (text + "\n@ end").split("\n")) {
            if (line.startsWith("@ ")) {
                if (name != null) cases.add(new Case(name, program.toString(), wrt, expect, shortest, hessian));
                name = line.substring(2);
                program.setLength(0);
                wrt = expect = null;
                shortest = Integer.MAX_VALUE;
                hessian = false;
            } else if (name == null || line.isBlank()) {
                continue;
            } else if (line.startsWith("wrt ")) {
                wrt = line.substring(4).strip();
            } else if (line.startsWith("expect ")) {
                expect = line.substring(7).strip();
            } else if (line.strip().equals("hessian")) {
                hessian = true;
            } else if (line.startsWith("short ")) {
                shortest = Integer.parseInt(line.substring(6).strip());
            } else {
                program.append(line).append('\n');
            }
        }
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> eachIdentityHoldsAtRandomData() throws IOException {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> verify(c)));
    }

    static void verify(Case c) {
        MatDiff md = MatDiff.parse(c.program() + "expected__ = " + c.expect() + "\n");
        String objective = md.program().definitions().keySet().stream().filter(n -> !n.equals("expected__"))
                .reduce((a, b) -> b).orElseThrow();
        Derivation d = c.hessian()
                ? md.derive(objective, List.of(c.wrt()), Deriver.Options.DEFAULT.withSecondOrder(true, false))
                : md.derive(objective, List.of(c.wrt()));
        Expr got = c.hessian() ? d.hessian(c.wrt()) : d.isJacobian() ? d.jacobian(c.wrt()) : d.gradient(c.wrt());
        Expr expected = md.program().definitions().get("expected__").body();
        String printed = TextPrinter.print(got);
        assertThat(printed.length()).as("%s prints %s", c.name(), printed).isLessThanOrEqualTo(c.shortest());
        // what a user reads must be what was computed: the printed result, read back, has the reference's value too
        Expr reread = MatDiff.parse(c.program() + "printed__ = " + printed + "\n").program().definitions().get("printed__").body();
        double[] errors = RandomData.atRandomPoint(List.of(d.objective(), got, expected, reread), d.wrt(), Map.of(), 20261202L, at -> {
            Evaluator ev = new Evaluator(at);
            RealMatrix g = ev.value(got), e = ev.value(expected), r = ev.value(reread);
            double scale = Math.max(1, e.getFrobeniusNorm());
            return new double[] {g.subtract(e).getFrobeniusNorm() / scale, r.subtract(e).getFrobeniusNorm() / scale};
        });
        assertThat(errors[0]).as("%s: matdiff gives %s, the reference %s", c.name(), printed, c.expect()).isLessThan(1e-8);
        assertThat(errors[1]).as("%s: matdiff prints %s, which reads back to another value than the reference %s", c.name(), printed, c.expect())
                .isLessThan(1e-8);
    }
}
