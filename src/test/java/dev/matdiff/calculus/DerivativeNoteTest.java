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
        for (double u : new double[] {0.3, 0.7}) {
            Map<String, RealMatrix> at = Map.of("u", MatrixUtils.createRealMatrix(new double[][] {{u}}));
            double expected = function.evaluate(d, at).gradients().get("u").getEntry(0, 0);
            double stated = slope.equals("0") ? 0 : value("scalar u\nL = " + slope + " + 0*u\n", at);
            assertThat(stated).as(formula + " at u = " + u).isCloseTo(expected, within(1e-12 * Math.max(1, Math.abs(expected))));
        }
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
