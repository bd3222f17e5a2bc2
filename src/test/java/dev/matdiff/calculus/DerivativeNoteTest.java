package dev.matdiff.calculus;

import dev.matdiff.MatDiff;
import dev.matdiff.expr.Op;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A step that differentiates an element-wise function says which f′ Thm 2.1 (8) took: relu'(u) = sign(relu(u)). */
class DerivativeNoteTest {

    /** The stated f′ is a program of its own: its value is the gradient of f at points inside f's domain. */
    @ParameterizedTest
    @EnumSource(Op.class)
    void eachStatedDerivativeIsTheFunctionsDerivative(Op f) {
        if (!f.isElementwise()) return;
        String formula = Note.Derivatives.formula(f);
        String prefix = f.functionName() + "'(u) = ";
        assertThat(formula).startsWith(prefix);
        String slope = formula.substring(prefix.length());
        MatDiff function = MatDiff.parse("scalar u\nL = " + f.functionName() + "(u)\n");
        Derivation d = function.derive("u");
        // both signs: relu's, abs's and sign's f′ differ below 0; a function not defined there (log, sqrt) is skipped there
        for (double u : new double[] {0.3, 0.7, -0.4, -1.3}) {
            Map<String, RealMatrix> at = Map.of("u", MatrixUtils.createRealMatrix(new double[][] {{u}}));
            double expected;
            try {
                expected = function.evaluate(d, at).gradients().get("u").getEntry(0, 0);
            } catch (dev.matdiff.numeric.NumericException outsideTheDomain) {
                continue;
            }
            // and f′ is f's derivative, not only the gradient matdiff derives from the same row: a central difference
            double h = 1e-6, fd = (f(function, d, u + h) - f(function, d, u - h)) / (2 * h);
            assertThat(expected).as(f + "' at u = " + u + " against a central difference").isCloseTo(fd, within(1e-6 * Math.max(1, Math.abs(fd))));
            double stated = slope.equals("0") ? 0 : value("scalar u\nL = " + slope + " + 0*u\n", at);
            assertThat(stated).as(formula + " at u = " + u).isCloseTo(expected, within(1e-12 * Math.max(1, Math.abs(expected))));
        }
    }

    private static double f(MatDiff function, Derivation d, double u) {
        return function.evaluate(d, Map.of("u", MatrixUtils.createRealMatrix(new double[][] {{u}}))).value();
    }

    private static double value(String program, Map<String, RealMatrix> at) {
        MatDiff m = MatDiff.parse(program);
        return m.evaluate(m.derive("u"), at).value();
    }

    @Test
    void theStepThatDifferentiatesAFunctionStatesItsDerivative() {
        Derivation d = MatDiff.parse("matrix W(m, n)\nvector x(n)\nH = W*x\nL = sum(relu(H))\n").derive("W");
        Step first = d.steps().get(0);
        assertThat(first.laws()).contains(Law.D_ELEMENTWISE);
        assertThat(first.justification()).contains("relu'(u) = sign(relu(u))");
        // each f′ is said once, on the step whose law used it, and no other step says it
        long saying = d.steps().stream().filter(s -> s.justification().contains("relu'(u)")).count();
        assertThat(saying).isEqualTo(1);
        Derivation plain = MatDiff.parse("matrix X(m, n)\nvector w(n), y(m)\nL = (X*w - y)'*(X*w - y)\n").derive("w");
        for (Step s : plain.steps()) assertThat(s.justification()).doesNotContain("'(u)");
    }

    @Test
    void aSigmoidsDerivativeIsWrittenAsTheTextbooksWriteIt() {
        assertThat(Note.Derivatives.formula(Op.SIGMOID)).isEqualTo("sigmoid'(u) = sigmoid(u)*(1 - sigmoid(u))");
        assertThat(Note.Derivatives.formula(Op.TANH)).isEqualTo("tanh'(u) = 1 - tanh(u)^2");
    }
}
