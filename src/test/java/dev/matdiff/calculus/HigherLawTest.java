package dev.matdiff.calculus;

import dev.matdiff.MatDiff;
import dev.matdiff.check.GradientCheck;
import dev.matdiff.check.JacobianCheck;
import dev.matdiff.check.RandomData;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.numeric.Evaluator;

import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The laws beyond the gradient, a case each, as {@link LawTest} has for the laws of
 * differentials: the vec laws that vectorise a differential, reading off a Jacobian or a Hessian,
 * the Hessian-vector product and the numerator layout. Each case must cite its law, print the
 * textbook's form where one is given, and agree with finite differences.
 */
class HigherLawTest {

    /**
     * @param options "hessian", "hvp", "numerator", "vec" (any of them, comma-separated) or ""
     * @param golden  a result's left side as printed ("∂f/∂x", "∇²_x f") → its right side
     */
    record Case(Law law, String source, String program, List<String> wrt, String options, Map<String, String> golden) {
        @Override public String toString() { return law + " — " + source; }
    }

    static Case law(Law law, String source, String program, String wrt, String options, String... golden) {
        Map<String, String> g = new LinkedHashMap<>();
        for (int i = 0; i < golden.length; i += 2) g.put(golden[i], golden[i + 1]);
        return new Case(law, source, program.replace("; ", "\n") + "\n", List.of(wrt.split(",")), options, g);
    }

    static Stream<Case> cases() {
        return Stream.of(
                law(Law.READ_JACOBIAN, "the Jacobian of a linear map is its matrix", "matrix A(m, n); vector x(n); f = A*x", "x", "",
                        "∂f/∂x", "A"),
                law(Law.VEC_PRODUCT, "seed 002 §1.3.2: ∂(Wx)/∂vec(W) = xᵀ ⊗ I", "matrix W(m, n); vector x(n); f = W*x", "W", "",
                        "∂f/∂vec(W)", "kron(x', eye(m))"),
                law(Law.VEC_SUM, "vec(A + B) = vec(A) + vec(B)", "matrix A(n, n); vector x(n); f = A*x + exp(x)", "x", "",
                        "∂f/∂x", "A + diag(exp(x))"),
                law(Law.VEC_SCALAR, "vec(X da) = vec(X) da", "scalar a; matrix X(m, n); F = a*X", "a", "", "∂vec(F)/∂a", "vec(X)"),
                law(Law.VEC_TRANSPOSE, "vec(dXᵀ) = K vec(dX)", "matrix X(m, n); F = X'", "X", "", "∂vec(F)/∂vec(X)", "commutation(m, n)"),
                law(Law.VEC_HADAMARD, "vec(y ⊙ dx) = diag(y) dx", "vector x(n), y(n); f = x .* y", "x", "", "∂f/∂x", "diag(y)"),
                law(Law.VEC_HADAMARD, "the softmax Jacobian diag(s) − ssᵀ", "vector x(n); f = softmax(x)", "x", "",
                        "∂f/∂x", "diag(f) - f*f'"),
                // the objective's transpose is named too: f' ⊗ f, not inv(X) ⊗ f
                law(Law.VEC_TRANSPOSE, "the Jacobian of inv(X)ᵀ: −(f' ⊗ f)K", "matrix X(n, n); f = inv(X)'", "X", "",
                        "∂vec(f)/∂vec(X)", "-kron(f', f)*commutation(n, n)"),
                law(Law.VEC_HADAMARD, "a tanh layer: diag(1 − tanh²) W", "matrix W(m, n); vector x(n); f = tanh(W*x)", "x", "",
                        "∂f/∂x", "diag(ones(m) - f.^2)*W"),
                law(Law.VEC_TRACE, "Tr(dX) = vec(I)ᵀ vec(dX)", "matrix X(n, n); vector v(m); f = tr(X)*v", "X", ""),
                law(Law.VEC_DIAG, "vec(diag(dx)), a diagonal matrix's entries", "vector x(n); F = diag(x)", "x", ""),
                law(Law.VEC_DIAG, "the diagonal of dX", "matrix X(n, n); f = diag(X)", "X", ""),
                law(Law.VEC_DIAG, "diag(x)Ax: the diagonal selected from (Ax)ᵀ ⊗ I is diag(Ax)", "matrix A(n, n); vector x(n); f = diag(x)*A*x", "x", "",
                        "∂f/∂x", "diag(A*x) + diag(x)*A"),
                law(Law.VEC_KRON, "vec(dX ⊗ A) rearranged", "matrix X(m, n), A(p, q); F = kron(X, A)", "X", ""),
                law(Law.VEC_CONV, "conv's Jacobians: its Toeplitz matrix in X, X's patches in K", "matrix X(p, q), K(r, s); F = conv(X, K)", "X,K", "",
                        "∂vec(F)/∂vec(X)", "convmatrix(K, p, q)", "∂vec(F)/∂vec(K)", "im2col(X, r, s)"),
                law(Law.VEC_CONV, "convfull, conv's adjoint: transposed Toeplitz matrices in either argument", "matrix G(p, q), K(r, s); F = convfull(G, K)",
                        "G,K", "", "∂vec(F)/∂vec(G)", "convmatrix(K, p + r - 1, q + s - 1)'", "∂vec(F)/∂vec(K)", "convmatrix(G, p + r - 1, q + s - 1)'"),
                law(Law.VEC_CONV, "a convolution's least squares: Hessians 2 T_Kᵀ T_K and 2 C_Xᵀ C_X", "matrix X(p, q), K(r, s); f = sqnorm(conv(X, K))",
                        "X,K", "hessian", "∇²_X f", "2*convmatrix(K, p, q)'*convmatrix(K, p, q)", "∇²_K f", "2*im2col(X, r, s)'*im2col(X, r, s)"),
                law(Law.VEC_CONV, "a convolution layer's Hessian through tanh", "matrix X(p, q), K(r, s), Y(p - r + 1, q - s + 1); f = sqnorm(tanh(conv(X, K)) - Y)",
                        "K", "hessian"),
                law(Law.VEC_PRODUCT, "column and row sums of a matrix function", "matrix X(m, n); f = sum(X .* X, 1)' + exp(X)'*sum(X, 2)",
                        "X", ""),
                law(Law.READ_HESSIAN, "Cookbook: ∇²(xᵀAx) = A + Aᵀ", "matrix A(n, n); vector x(n); f = x'*A*x", "x", "hessian",
                        "∇²_x f", "A + A'"),
                law(Law.READ_HESSIAN, "least squares: 2XᵀX", "matrix X(m, n); vector w(n), y(m); f = (X*w - y)'*(X*w - y)", "w", "hessian",
                        "∇²_w f", "2*X'*X"),
                law(Law.READ_HESSIAN, "logsumexp: diag(s) − ssᵀ", "vector x(n); f = logsumexp(x)", "x", "hessian",
                        "∇²_x f", "diag(softmax(x)) - softmax(x)*softmax(x)'"),
                law(Law.READ_HESSIAN, "logistic regression: Xᵀ diag(p ⊙ (1 − p)) X",
                        "matrix X(N, n); vector w(n), y(N); p = sigmoid(X*w); f = -y'*log(p) - (ones(N) - y)'*log(ones(N) - p)", "w", "hessian",
                        "∇²_w f", "X'*diag(p .* (ones(N) - p))*X"),
                law(Law.READ_HESSIAN, "a matrix variable: I ⊗ (A + Aᵀ) for Tr(XᵀAX)", "matrix X(n, m), A(n, n); f = tr(X'*A*X)", "X", "hessian",
                        "∇²_X f", "kron(eye(m), A + A')"),
                law(Law.VEC_TRANSPOSE, "logdet: the commutation matrix in the Hessian", "matrix X(n, n); f = logdet(X)", "X", "hessian",
                        "∇²_X f", "-kron(inv(X), inv(X)')*commutation(n, n)"),
                law(Law.SYMMETRIC_HESSIAN, "logdet of a symmetric S: −S⁻¹ ⊗ S⁻¹ on symmetric directions, made symmetric",
                        "symmetric S(n); f = logdet(S)", "S", "hessian", "∇²_S f", "-kron(inv(S), inv(S))*(eye(n*n) + commutation(n, n))/2"),
                law(Law.SYMMETRIC_HESSIAN, "a symmetric Hessian where the unprojected one is not (CLI.md: H is symmetric)",
                        "symmetric S(n); matrix W(n, n); f = sum(W .* exp(S))", "S", "hessian"),
                law(Law.SYMMETRIC_JACOBIAN, "S a in a symmetric S: each row the symmetric gradient of an entry, (eᵢaᵀ + aeᵢᵀ)/2",
                        "symmetric S(n); vector a(n); F = S*a", "S", "", "∂F/∂vec(S)", "(kron(a', eye(n)) + kron(eye(n), a'))/2"),
                law(Law.SYMMETRIC_JACOBIAN, "A S Aᵀ: (A ⊗ A)(I + K)/2",
                        "symmetric S(n); matrix A(m, n); F = A*S*A'", "S", "", "∂vec(F)/∂vec(S)", "kron(A, A)*(eye(n*n) + commutation(n, n))/2"),
                law(Law.HVP, "logdet: ∇²f[V] = −X⁻ᵀVᵀX⁻ᵀ", "matrix X(n, n); f = logdet(X)", "X", "hvp",
                        "∇²_X f[V]", "-inv(X)'*V'*inv(X)'"),
                law(Law.HVP, "a linear objective: its Hessian is zero", "matrix X(m, n), A(m, n); f = tr(A'*X)", "X", "hessian,hvp",
                        "∇²_X f", "zeros(m*n, m*n)", "∇²_X f[V]", "zeros(m, n)"),
                law(Law.NUMERATOR_LAYOUT, "seed 004: ∂L/∂M = −2x(g − y)ᵀ",
                        "matrix M(m, n); vector x(n), g(m); y = M*x; L = (g - y)'*(g - y)", "M", "numerator", "∂L/∂M", "-2*x*(g - y)'"),
                law(Law.JACOBIAN_CHAIN, "seed 004: ∂L/∂vec(M) = ∂L/∂y · ∂y/∂vec(M)",
                        "matrix M(m, n); vector x(n), g(m); y = M*x; L = (g - y)'*(g - y)", "M", "vec",
                        "∂L/∂y", "-2*(g - y)'", "∂y/∂vec(M)", "kron(x', eye(m))", "∂L/∂vec(M)", "-2*(g - y)'*kron(x', eye(m))"),
                law(Law.DEVECTORISE, "seed 004: devectorised, ∇_M L = -2(g - y)xᵀ",
                        "matrix M(m, n); vector x(n), g(m); y = M*x; L = (g - y)'*(g - y)", "M,x", "vec",
                        "∇_M L", "-2*(g - y)*x'", "∇_x L", "-2*M'*(g - y)"),
                law(Law.VEC_KRON, "the Hessian through kronblocks and blocksum, the adjoints of ⊗",
                        "matrix X(n, n); vector a(n*n), b(n*n); f = a'*kron(X, X)*b", "X", "hessian"),
                law(Law.VEC_TRANSPOSE, "logistic PCA in V: the commutation matrices around I ⊗ U are U ⊗ I",
                        "matrix U(m, k), V(n, k); matrix Y(m, n) constant; T = U*V'; L = sum(softplus(T)) - sum(Y .* T)", "V", "hessian",
                        "∇²_V L", "kron(U', eye(n))*diag(vec((sigmoid(T) .* (ones(m, n) - sigmoid(T)))'))*kron(U, eye(n))"),
                law(Law.DEVECTORISE, "no named cut: the objective vectorised directly",
                        "matrix X(m, n), A(m, n); f = tr(A'*X) + sum(X .* X)", "X", "vec", "∇_X f", "A + 2*X"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theDerivationCitesTheLawPrintsTheFormAndAgreesWithFiniteDifferences(Case c) {
        List<String> o = List.of(c.options().split(","));
        Deriver.Options options = Deriver.Options.DEFAULT.withSecondOrder(o.contains("hessian"), o.contains("hvp"))
                .withNumeratorLayout(o.contains("numerator")).withVecRoute(o.contains("vec"));
        Derivation d = MatDiff.parse(c.program()).derive(null, c.wrt(), options);
        assertThat(d.lawsUsed()).as("laws cited for %s", c).contains(c.law());
        Map<String, String> printed = new LinkedHashMap<>();
        for (Step s : d.steps()) if (s.phase().result()) printed.put(s.lhs().text(), TextPrinter.print(s.expr()));
        for (Derivation.Result r : d.results()) printed.put(r.lhs().text(), TextPrinter.print(r.expr()));
        c.golden().forEach((lhs, rhs) -> assertThat(printed).as("results of %s", c).containsEntry(lhs, rhs));
        GradientCheck.Result r = RandomData.atRandomPoint(d, Map.of(), 7, at -> {
            if (o.contains("numerator")) numeratorIsTheTransposedGradient(d, new Evaluator(at));
            return JacobianCheck.check(d, at, GradientCheck.TOLERANCE, 7);
        });
        if (d.hasHigher()) assertThat(r.passed()).as(r.summary()).isTrue();
        if (c.law() == Law.SYMMETRIC_HESSIAN) RandomData.atRandomPoint(d, Map.of(), 7, at -> {
            d.higher().hessians().forEach((x, h) -> {
                RealMatrix m = new Evaluator(at).value(h);
                assertThat(m.subtract(m.transpose()).getNorm()).as("∇²_%s is symmetric", x).isLessThan(1e-12 * (1 + m.getNorm()));
            });
            return null;
        });
        if (c.law() == Law.SYMMETRIC_JACOBIAN) RandomData.atRandomPoint(d, Map.of(), 7, at -> {
            d.higher().jacobians().forEach((x, j) -> {
                RealMatrix m = new Evaluator(at).value(j);
                int n = (int) Math.round(Math.sqrt(m.getColumnDimension()));
                for (int row = 0; row < m.getRowDimension(); row++)
                    for (int p = 0; p < n; p++)
                        for (int q = 0; q < p; q++)
                            assertThat(m.getEntry(row, p + n * q)).as("row %d of ∂/∂vec(%s) is a symmetric matrix", row, x)
                                    .isCloseTo(m.getEntry(row, q + n * p), within(1e-12 * (1 + m.getNorm())));
            });
            return null;
        });
    }

    private static void numeratorIsTheTransposedGradient(Derivation d, Evaluator e) {
        d.higher().numerator().forEach((x, n) -> {
            RealMatrix g = e.value(d.gradient(x)), t = e.value(n);
            assertThat(t.subtract(g.transpose()).getNorm()).as("∂f/∂%s is the transposed gradient", x).isLessThan(1e-12 * (1 + g.getNorm()));
        });
    }

    /** A Hessian is of a scalar objective: a vector's is refused, in one line, with where. */
    @Test
    void aHessianOfAVectorIsRefused() {
        MatDiff m = MatDiff.parse("matrix A(m, n)\nvector x(n)\nf = A*x\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> m.derive(null, List.of("x"), Deriver.Options.DEFAULT.withSecondOrder(true, false)))
                .hasMessageContaining("not a scalar");
    }
}
