package dev.matdiff.simplify;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Deriver;
import dev.matdiff.expr.TextPrinter;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NamesReadThrough rewrites a result with a name read through its definition: the numbers must be the ones the same
 * objective without the name gives, gradient and Hessian, at random well-conditioned points; and where the row says the
 * name goes, the printed gradient no longer holds it (the rewriting is exercised, not skipped).
 */
class NamesReadThroughTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Y = X^3; f = logdet(Y)                        | f = logdet(X^3)                         | Y | true",
            "Y = X^3; f = det(Y)                           | f = det(X^3)                            | Y | false",
            "M = A*X*B; f = det(M)                         | f = det(A*X*B)                          | M | false",
            "M = A*X*B; f = logdet(M) + tr(inv(M)*A)       | f = logdet(A*X*B) + tr(inv(A*X*B)*A)    | M | false",
            "M = X'*A*X; f = det(M)                        | f = det(X'*A*X)                         | M | false",
            "Y = X^2; f = tr(Y*Y)                          | f = tr(X^2*X^2)                         | Y | true",
            "Y = X^2; f = a'*Y^-1*b                        | f = a'*X^-2*b                           | Y | false",
            "Y = X^2; W = X^3; f = tr(inv(Y)*W)            | f = tr(inv(X^2)*X^3)                    | Y | false",
            "Y = X^2; f = logdet(Y) + a'*inv(Y)*b          | f = logdet(X^2) + a'*inv(X^2)*b         | Y | false",
            "S = X*X' + A*A'; f = logdet(S) + a'*inv(S)*a  | f = logdet(X*X' + A*A') + a'*inv(X*X' + A*A')*a | S | false",
            // two levels of names, read through together
            "C = X*X; D = C*X; f = logdet(D)               | f = logdet(X*X*X)                       | D | true",
            "C = X*X; D = C*X; f = det(D) + tr(C)          | f = det(X*X*X) + tr(X*X)                | C | false",
            "C = X*A; D = C*X; f = logdet(D) + tr(D)        | f = logdet(X*A*X) + tr(X*A*X)           | D | true"})
    void aNameReadThroughKeepsTheNumbers(String named, String unnamed, String name, boolean goes) {
        String declarations = "matrix X(n, n), A(n, n), B(n, n); vector a(n), b(n)\n";
        Deriver.Options withHessians = Deriver.Options.DEFAULT.withSecondOrder(true, false);
        MatDiff withName = MatDiff.parse(declarations + named.replace("; ", "\n")), without = MatDiff.parse(declarations + unnamed);
        Derivation d = withName.derive(null, List.of("X"), withHessians), e = without.derive(null, List.of("X"), withHessians);
        if (goes) assertThat(TextPrinter.print(d.gradient("X"))).doesNotContain(name);
        Random random = new Random(5);
        for (int point = 0; point < 4; point++) {
            Map<String, RealMatrix> values = new HashMap<>();
            for (String m : List.of("X", "A", "B")) values.put(m, wellConditioned(random, 3));
            for (String v : List.of("a", "b")) values.put(v, MatrixUtils.createColumnRealMatrix(random.doubles(3, -1, 1).toArray()));
            MatDiff.Evaluation x = withName.evaluate(d, values), y = without.evaluate(e, values);
            close(x.gradients().get("X"), y.gradients().get("X"));
            close(x.hessians().get("X"), y.hessians().get("X"));
        }
    }

    private static RealMatrix wellConditioned(Random random, int n) {
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[i][j] = (i == j ? 2 : 0) + random.nextDouble() - 0.5;
        return MatrixUtils.createRealMatrix(a);
    }

    private static void close(RealMatrix got, RealMatrix want) {
        double scale = Math.max(1, want.getNorm());
        assertThat(got.subtract(want).getNorm()).isLessThan(1e-9 * scale);
    }
}
