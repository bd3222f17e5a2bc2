package dev.matdiff.numeric;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.expr.Expr;
import dev.matdiff.linalg.Dense;
import dev.matdiff.linalg.DomainError;
import dev.matdiff.linalg.Kernels;
import dev.matdiff.linalg.Lu;
import dev.matdiff.shapes.Program;

import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.matdiff.testing.Fixtures.program;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every path a plan takes instead of computing an expression as written (traces of products as
 * entry-wise sums, solves for inverses, Cholesky for symmetric positive definite values, products
 * ordered and shared over an objective and its gradients, transposes read in place, A·Aᵀ by a
 * symmetric update) gives the values of the plain path ({@link PlainPath}) on random data, and
 * fails with the messages the plain path's evaluator gave: on well-conditioned, ill-conditioned,
 * nearly singular and singular matrices, symmetric positive definite or not.
 */
class CarefulPathsTest {

    static final String DECLS = "matrix A(n, n), G(n, n), B(n, m), C(m, n), X(n, N)\nsymmetric S(n), P(n)\nvector x(n), y(n), mu(n)\nscalar c\n";

    static final List<String> EXPRESSIONS = List.of(
            "tr(A*G)", "tr(A'*G)", "tr(A*G')", "tr(A'*G')", "tr(B*C)", "tr(C'*B')", "tr(A*G*A')", "tr(B*C*A)", "tr(S*A*S)",
            "tr(inv(S)*A)", "tr(inv(A)*G)", "tr(A*inv(G)*B*C)",
            "sum(inv(A)*B)", "sum(C*inv(A))", "sum(inv(A)'*B)", "sum(C*inv(A)')", "x'*inv(S)*x", "x'*inv(A)*y", "sum(inv(S)*B)",
            "sum(inv(S)*B) + sum(inv(S))", "sum(inv(A)*inv(G))", "sum(A^-1*B)", "sum(inv(A)*X*X'*inv(A)')",
            "logdet(S) + tr(inv(S)*G)", "log(det(B'*B + eye(m)))", "logdet(X*X' + c*eye(n))", "det(S)*det(A)",
            "sum((A + A')*S)", "sum(A*S*A')", "sum(inv(A*S*A' + eye(n)))", "sqnorm(B'*A*G*B - C*A'*G'*C')",
            "sum(inv(P)*A) + tr(inv(P)*G)", "tr(X'*inv(S)*X) + sum(inv(S)*X*X'*inv(S))");

    enum Conditioning {
        /** S and P positive definite, A and G diagonally dominant. */
        WELL(1e-9),
        /** S and P symmetric but indefinite: Cholesky fails, LU takes over. */
        INDEFINITE(1e-9),
        /** condition numbers near 1e7: Cholesky still applies. */
        ILL(1e-6),
        /** condition numbers near 1e12: below Cholesky's and the solves' thresholds, so LU and inverses take over. */
        NEARLY_SINGULAR(1e-2);

        final double tolerance;

        Conditioning(double tolerance) { this.tolerance = tolerance; }
    }

    @ParameterizedTest @EnumSource(Conditioning.class)
    void every_expression_has_the_plain_paths_value(Conditioning c) {
        Random r = new Random(31 + c.ordinal());
        for (int trial = 0; trial < 3; trial++) {
            Map<String, RealMatrix> data = data(r, c, 7, 5, 6);
            for (String text : EXPRESSIONS) {
                Program p = program(DECLS + "f = " + text);
                Expr f = p.objective(null);
                Bindings at = Bindings.bind(p.variables().values(), data);
                assertClose(text + " (" + c + ")", new Evaluator(at).value(f), new PlainPath(at).value(f), c.tolerance);
            }
        }
    }

    /**
     * At n = 260 the values take the large paths: reads across tiled and unrolled (with remainders), a
     * product symmetric by its form computed a triangle's blocks at a time, BLAS products and solves.
     */
    @Test void large_values_have_the_plain_paths_values() {
        Random r = new Random(53);
        Map<String, RealMatrix> data = data(r, Conditioning.WELL, 260, 7, 9);
        for (String text : List.of("tr(inv(S)*A)", "tr(S*A)", "tr(A*S*S)", "sum(A*S*A')", "sum(inv(A)*X*X'*inv(A)')", "sum((A + A')*S)",
                "logdet(S) + tr(inv(S)*G)", "sum(inv(S)*(A + A')*inv(S))", "sum(A' + G)")) {
            Program p = program(DECLS + "f = " + text);
            Expr f = p.objective(null);
            Bindings at = Bindings.bind(p.variables().values(), data);
            assertClose(text + " (n = 260)", new Evaluator(at).value(f), new PlainPath(at).value(f), 1e-9);
        }
        MatDiff m = MatDiff.parse(DECLS + "L = tr(inv(S)*A)");
        Derivation d = m.derive(null, List.of("S"));
        Bindings at = dev.matdiff.data.ProgramData.bind(m.program(), d.objectiveAndGradients(), new Data(data, Map.of()));
        List<RealMatrix> got = new Evaluator(at).values(d.objectiveAndGradients());
        PlainPath plain = new PlainPath(at);
        for (int i = 0; i < got.size(); i++) assertClose("tr(inv(S)*A) and its gradient, n = 260", got.get(i), plain.value(d.objectiveAndGradients().get(i)), 1e-9);
    }

    /**
     * Kronecker products past 16,384 entries are kept as their factors, and outer products as their vectors (products
     * with them by the vec trick, kronblocks(x·xᵀ, B) as Xᵀ·B·X, norms and traces from the factors'): objectives and
     * gradients that read them so, at n = 70, have the values of the products written out.
     */
    @Test void kronecker_and_outer_products_kept_in_parts_have_the_plain_paths_values() {
        Random r = new Random(61);
        Map<String, RealMatrix> data = new LinkedHashMap<>();
        data.put("A", MatrixUtils.createRealMatrix(70, 70));
        data.put("B", MatrixUtils.createRealMatrix(3, 3));
        data.put("Y", MatrixUtils.createRealMatrix(70 * 3, 70 * 3));
        data.put("x", MatrixUtils.createRealMatrix(70 * 3, 1));
        for (RealMatrix m : data.values())
            for (int i = 0; i < m.getRowDimension(); i++) for (int j = 0; j < m.getColumnDimension(); j++) m.setEntry(i, j, r.nextGaussian());
        String decls = "matrix A(n, n), B(q, q), Y(n*q, n*q)\nvector x(n*q)\n";
        for (String[] kept : new String[][] {{"kron(A, B)", "KronSum"}, {"x*x'", "Outer"}}) {
            Program p = program(decls + "K = " + kept[0]);
            Bindings at = Bindings.bind(p.variables().values(), data);
            RealMatrix value = new Evaluator(at).value(p.objective(null));
            assertThat(value.getClass().getSimpleName()).as(kept[0]).isEqualTo(kept[1]);
            // what eval prints of it: its entries, as written out
            assertClose(kept[0] + " as a value", value, new PlainPath(at).value(p.objective(null)), 1e-14);
        }
        for (String text : List.of("x'*kron(A, B)*x", "sqnorm(kron(A, B)) + sum(kron(A', B))", "tr(kron(A, B)*kron(A', B')) + norm(kron(A, B))",
                "sqnorm(kron(A, B)*x - x) + sum(Y*kron(A, B))", "x'*(kron(A, B) + 2*kron(A', B'))*Y*x", "sqnorm(x*x' - Y) + sum(x*x')")) {
            MatDiff m = MatDiff.parse(decls + "L = " + text);
            Derivation d = m.derive(null, List.of("x", "A", "B"));
            Bindings at = dev.matdiff.data.ProgramData.bind(m.program(), d.objectiveAndGradients(), new Data(data, Map.of()));
            List<Expr> all = d.objectiveAndGradients();
            List<RealMatrix> got = new Evaluator(at).values(all);
            PlainPath plain = new PlainPath(at);
            for (int i = 0; i < all.size(); i++) assertClose(text + (i == 0 ? "" : " ∇" + i), got.get(i), plain.value(all.get(i)), 1e-10);
        }
    }

    /** Objectives with their gradients, evaluated together (one plan) and one by one, against the plain path. */
    @ParameterizedTest @EnumSource(Conditioning.class)
    void objectives_and_gradients_together_have_the_plain_paths_values(Conditioning c) {
        Random r = new Random(77 + c.ordinal());
        List<String[]> programs = List.of(
                new String[] {"C2 = X - mu*ones(N)'\nL = N2*logdet(S) + tr(C2'*inv(S)*C2)", "S"},
                new String[] {"L = tr(inv(S)*A)", "S"},
                new String[] {"L = tr(inv(A)*G)", "A"},
                new String[] {"L = logdet(S) + logdet(A)", "S,A"},
                new String[] {"L = sqnorm(A*x - y) + x'*S*x", "x,A"},
                new String[] {"Z1 = tanh(A*X)\nL = sqnorm(G*Z1 - X)", "A,G"},
                new String[] {"L = sqnorm(inv(A)*B) + tr(B'*inv(S)*B)", "A,S,B"},
                new String[] {"L = log(det(B'*A'*A*B + eye(m)))", "A,B"});
        for (int trial = 0; trial < 2; trial++) {
            Map<String, RealMatrix> data = data(r, c, 6, 4, 6);
            data.put("N2", MatrixUtils.createRealMatrix(new double[][] {{6}}));
            for (String[] prog : programs) {
                MatDiff m = MatDiff.parse(DECLS + "scalar N2 constant\n" + prog[0]);
                Derivation d = m.derive(null, List.of(prog[1].split(",")));
                Map<String, RealMatrix> used = new LinkedHashMap<>(data);
                Bindings at = dev.matdiff.data.ProgramData.bind(m.program(), d.objectiveAndGradients(), new Data(used, Map.of()));
                List<Expr> all = d.objectiveAndGradients();
                List<RealMatrix> together = new Evaluator(at).values(all);
                Evaluator oneByOne = new Evaluator(at);
                PlainPath plain = new PlainPath(at);
                for (int i = 0; i < all.size(); i++) {
                    String what = prog[0].replace('\n', ';') + (i == 0 ? "" : " ∇" + i) + " (" + c + ")";
                    assertClose(what + " together", together.get(i), plain.value(all.get(i)), c.tolerance);
                    assertClose(what + " one by one", oneByOne.value(all.get(i)), plain.value(all.get(i)), c.tolerance);
                }
            }
        }
    }

    /**
     * A check moves a point in directions of its own, so a variable declared symmetric may hold a value
     * that is not (bound data is made exactly symmetric): the plan then reads it as written.
     */
    @Test void a_symmetric_variable_whose_value_is_not_is_read_as_written() {
        Random r = new Random(41);
        Map<String, RealMatrix> data = data(r, Conditioning.WELL, 6, 4, 5);
        for (String text : EXPRESSIONS) {
            Program p = program(DECLS + "f = " + text + " + sum(S') + sum(S*A*S')");
            Map<String, Integer> dims = Bindings.bind(p.variables().values(), data).dimSizes();
            Map<String, RealMatrix> moved = new LinkedHashMap<>(data);
            moved.put("S", data.get("S").add(random(r, 6, 6).scalarMultiply(0.1)));
            moved.put("P", data.get("P").add(random(r, 6, 6).scalarMultiply(0.1)));
            Bindings at = new Bindings(moved, dims);
            Expr f = p.objective(null);
            assertClose(text + " (not symmetric)", new Evaluator(at).value(f), new PlainPath(at).value(f), 1e-9);
            assertClose(text + " (not symmetric, together)", new Evaluator(at).values(List.of(f)).get(0), new PlainPath(at).value(f), 1e-9);
        }
    }

    /** A singular or nearly singular matrix fails as inv(A) always did, however the plan reads the inverse. */
    @Test void singular_matrices_fail_with_the_messages_of_the_inverse() {
        Random r = new Random(5);
        int n = 6;
        RealMatrix u = random(r, n, 2);
        RealMatrix singular = u.multiply(u.transpose());                 // rank 2, symmetric positive semidefinite
        RealMatrix nearly = nearlySingular(r, n, 1e-17);                 // rcond below 1e-14
        for (String text : List.of("inv(A)", "sum(inv(A)*B)", "sum(C*inv(A))", "sum(inv(A)'*B)", "tr(inv(A)*G)", "x'*inv(A)*y",
                "tr(A*inv(A)*G)", "sum(A^-1*B)", "sum(inv(A)*B) + sum(inv(A))"))
            for (RealMatrix a : List.of(singular, nearly)) {
                Program p = program(DECLS + "f = " + text);
                Map<String, RealMatrix> data = data(r, Conditioning.WELL, n, 3, 4);
                data.put("A", a);
                Bindings at = Bindings.bind(p.variables().values(), data);
                String expected = "inv(A): " + inverseProblem(a);  // A^-1 is written inv(A)
                assertThatThrownBy(() -> new Evaluator(at).value(p.objective(null))).as(text).isInstanceOf(NumericException.class)
                        .hasMessage(expected);
                assertThatThrownBy(() -> new Evaluator(at).values(List.of(p.objective(null)))).as(text).hasMessage(expected);
            }
    }

    @Test void logdets_of_singular_and_indefinite_matrices_fail_as_before() {
        Random r = new Random(9);
        RealMatrix u = random(r, 5, 2);
        RealMatrix singular = u.multiply(u.transpose());
        Program p = program(DECLS + "f = logdet(S)");
        Map<String, RealMatrix> data = data(r, Conditioning.WELL, 5, 3, 4);
        data.put("S", singular);
        Bindings at = Bindings.bind(p.variables().values(), data);
        assertThatThrownBy(() -> new Evaluator(at).value(p.objective(null)))
                .hasMessage("logdet(S): the matrix is singular, so its log-determinant is -∞");
        Program q = program(DECLS + "f = log(det(S))");
        data.put("S", MatrixUtils.createRealDiagonalMatrix(new double[] {1, 2, -3, 4, 5}));
        Bindings neg = Bindings.bind(q.variables().values(), data);
        assertThatThrownBy(() -> new Evaluator(neg).value(q.objective(null)))
                .hasMessage("log(det(S)): log needs a positive determinant, but det is negative");
    }

    /** What inv(A) says of a matrix, as the evaluator's inverse (an LU, then its condition number) says it. */
    static String inverseProblem(RealMatrix a) {
        try {
            Kernels.inverse(new Lu(a));
            return "(no problem)";
        } catch (DomainError e) {
            return e.getMessage();
        }
    }

    // ---- data

    static Map<String, RealMatrix> data(Random r, Conditioning c, int n, int m, int samples) {
        Map<String, RealMatrix> v = new LinkedHashMap<>();
        v.put("A", square(r, n, c));
        v.put("G", square(r, n, c));
        v.put("B", random(r, n, m));
        v.put("C", random(r, m, n));
        v.put("X", random(r, n, samples));
        v.put("S", symmetric(r, n, c));
        v.put("P", symmetric(r, n, c));
        v.put("x", random(r, n, 1));
        v.put("y", random(r, n, 1));
        v.put("mu", random(r, n, 1));
        v.put("c", MatrixUtils.createRealMatrix(new double[][] {{0.5}}));
        return v;
    }

    static RealMatrix square(Random r, int n, Conditioning c) {
        return switch (c) {
            case WELL, INDEFINITE -> random(r, n, n).add(MatrixUtils.createRealIdentityMatrix(n).scalarMultiply(n));
            case ILL -> nearlySingular(r, n, 1e-7).add(random(r, n, n).scalarMultiply(0));
            case NEARLY_SINGULAR -> nearlySingular(r, n, 1e-12);
        };
    }

    /** Exactly symmetric: positive definite, indefinite, or with eigenvalues spread down to {@code smallest}. */
    static RealMatrix symmetric(Random r, int n, Conditioning c) {
        RealMatrix q = new EigenDecomposition(symmetrized(random(r, n, n))).getV();
        double[] eigen = new double[n];
        for (int i = 0; i < n; i++)
            eigen[i] = switch (c) {
                case WELL -> 1 + i;
                case INDEFINITE -> (i % 2 == 0 ? 1 : -1) * (1 + i);
                case ILL -> Math.pow(1e-7, i / (double) (n - 1));
                case NEARLY_SINGULAR -> Math.pow(1e-12, i / (double) (n - 1));
            };
        return symmetrized(q.multiply(MatrixUtils.createRealDiagonalMatrix(eigen)).multiply(q.transpose()));
    }

    /** U·diag(1 … smallest)·Vᵀ with random orthogonal U, V: condition number 1/smallest. */
    static RealMatrix nearlySingular(Random r, int n, double smallest) {
        RealMatrix u = new EigenDecomposition(symmetrized(random(r, n, n))).getV();
        RealMatrix v = new EigenDecomposition(symmetrized(random(r, n, n))).getV();
        double[] s = new double[n];
        for (int i = 0; i < n; i++) s[i] = Math.pow(smallest, i / (double) (n - 1));
        return u.multiply(MatrixUtils.createRealDiagonalMatrix(s)).multiply(v.transpose());
    }

    static RealMatrix symmetrized(RealMatrix m) {
        RealMatrix s = m.add(m.transpose()).scalarMultiply(0.5);
        for (int i = 0; i < s.getRowDimension(); i++)
            for (int j = 0; j < i; j++) s.setEntry(i, j, s.getEntry(j, i));
        return s;
    }

    static RealMatrix random(Random r, int rows, int cols) {
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) d[i] = r.nextGaussian();
        return new Dense(rows, cols, d);
    }

    static void assertClose(String what, RealMatrix actual, RealMatrix expected, double tolerance) {
        assertThat(actual.getRowDimension()).as(what).isEqualTo(expected.getRowDimension());
        assertThat(actual.getColumnDimension()).as(what).isEqualTo(expected.getColumnDimension());
        double diff = actual.subtract(expected).getFrobeniusNorm(), size = expected.getFrobeniusNorm();
        assertThat(diff).as(what + ": " + actual + " vs " + expected).isLessThanOrEqualTo(tolerance * Math.max(size, 1e-300));
    }
}
