package dev.matdiff.check;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Deriver;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Evaluator;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * What check prints as "symbolic" and "numeric" is what its label says: along an entry, the
 * derivative with respect to that entry (the number eval prints for it), not the derivative along
 * the direction check scaled to the entry; along a random direction, the label says so.
 */
class PrintedValuesTest {

    static Bindings at(Derivation d, double... x) {
        return Bindings.bind(d.wrt(), Map.of("x", MatrixUtils.createColumnRealMatrix(x)));
    }

    static double entry(RealMatrix m, String direction) {
        // "entry (2, 1)" or "its value"
        if (direction.equals("its value")) return m.getEntry(0, 0);
        String[] ij = direction.replaceAll(".*entry \\((\\d+), (\\d+)\\).*", "$1 $2").split(" ");
        return m.getEntry(Integer.parseInt(ij[0]) - 1, Integer.parseInt(ij[1]) - 1);
    }

    @Test void anEntrysValuesAreTheGradientsEntryAsEvalPrintsIt() {
        Derivation d = MatDiff.parse("vector x(n)\nL = sum(exp(3*x))\n").derive("x");
        for (double[] x : List.of(new double[] {0.2}, new double[] {0.2, -0.7, 1.5})) {
            Bindings at = at(d, x);
            GradientCheck.Result r = DerivativeCheck.verify(d, at, 1);
            RealMatrix g = new Evaluator(at).value(d.gradientsByVariable().values().iterator().next());
            double expected = entry(g, r.direction());
            assertThat(r.symbolic()).as(r.summary()).isCloseTo(expected, within(1e-12 * Math.abs(expected)));
            assertThat(r.numeric()).as(r.summary()).isCloseTo(expected, within(1e-8 * Math.abs(expected)));
        }
        // the example of the trial: 3·exp(0.6), as eval prints it, where check printed 0.2 times it
        assertThat(DerivativeCheck.verify(d, at(d, 0.2), 1).summary()).contains("symbolic 5.466356401, numeric 5.466356401");
    }

    @Test void aJacobiansColumnIsShownAsItsEntries() {
        Derivation d = MatDiff.parse("vector x(n)\nF = exp(3*x)\n").derive(null, List.of("x"), Deriver.Options.DEFAULT);
        Bindings at = at(d, 0.2, -0.7, 1.5);
        GradientCheck.Result r = DerivativeCheck.verify(d, at, 1);
        RealMatrix j = new Evaluator(at).value(d.jacobian("x"));
        // "Jacobian entry (r, k) (∂ entry r / ∂x(k))": J_rk
        assertThat(r.direction()).matches("Jacobian entry \\((\\d+), (\\d+)\\) \\(∂ entry \\1 / ∂x\\(\\2\\)\\)");
        int row = Integer.parseInt(r.direction().replaceAll("Jacobian entry \\((\\d+), .*", "$1"));
        int column = Integer.parseInt(r.direction().replaceAll("Jacobian entry \\(\\d+, (\\d+)\\).*", "$1"));
        assertThat(r.symbolic()).as(r.summary()).isCloseTo(j.getEntry(row - 1, column - 1), within(1e-12));
    }

    @Test void aRandomDirectionSaysItIsOne() {
        MatDiff m = MatDiff.parse("matrix X(n,n)\nL = sum(exp(X))\n");
        Derivation d = m.derive("X");
        GradientCheck.Result r = RandomData.atRandomPoint(d, Map.of("n", 10), 1, at -> DerivativeCheck.verify(d, at, 1));
        assertThat(r.direction()).matches("random direction \\d+, scaled to X's entries");
    }
}
