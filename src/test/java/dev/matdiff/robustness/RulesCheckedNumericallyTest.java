package dev.matdiff.robustness;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The differentiation rules that no sample reaches (found by the mutation run, docs/MUTATION.md):
 * matrix powers A^k with |k| ≥ 2, element-wise powers other than 2, quotients and Kronecker
 * products and convolutions with one constant operand, division by a varying scalar, a varying
 * scalar times a matrix, diag, vec, convfull. Each is derived, then checked against central finite
 * differences on random data ({@code check}): the engine must not answer wrong.
 *
 * <p>Only the numbers are asserted, not the printed form, so a better simplification (tr(A^3)
 * prints as 2*(A^2)' + A'*A' today) does not break these tests.
 */
class RulesCheckedNumericallyTest {

    static final Duration BUDGET = Duration.ofSeconds(60);

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {
            // d(A^k) = Σ A^i dA A^(k-1-i), and through inv(A) for k < 0
            "matrix A(n, n)\nf = tr(A^3)",
            "matrix A(n, n)\nf = tr(A^2*A^2)",
            "matrix A(n, n)\nvector x(n)\nf = x'*A^-2*x",
            "matrix A(n, n)\nf = tr(A^-3)",
            "matrix A(n, n)\nf = tr(A*A*A*A*A)",
            // d(X.^p) = p X.^(p-1) ⊙ dX
            "vector x(n)\nf = sum(x.^3)",
            "vector x(n)\nf = sum(x.^-1.5)",
            "vector x(n)\nf = sum(x.^0.5)",
            // one operand constant: only the other side's term of the product rule
            "matrix X(m, n)\nmatrix C(m, n) constant\nf = sum(C ./ X)",
            "matrix X(m, n)\nmatrix C(m, n) constant\nf = sum(X ./ C)",
            "matrix X(m, n)\nmatrix C(m, n) constant\nf = sum(C .* X .* X)",
            "matrix X(m, n)\nmatrix C(p, q) constant\nf = sqnorm(kron(C, X))",
            "matrix X(m, n)\nmatrix C(p, q) constant\nf = sqnorm(kron(X, C))",
            "matrix X(p, q)\nmatrix K(r, s) constant\nf = sqnorm(conv(X, K))",
            "matrix X(p, q) constant\nmatrix K(r, s)\nf = sqnorm(conv(X, K))",
            "matrix G(p, q), K(r, s)\nf = sqnorm(convfull(G, K))",
            "matrix X(m, n)\nmatrix C(m, n) constant\nf = sqnorm(C .* X)",
            "matrix X(m, n)\nmatrix C(m, n) constant\nf = sqnorm(X .* C)",
            // scalars against matrices
            "matrix X(m, n)\nscalar a\nf = sqnorm(X/a)",
            "matrix X(m, n)\nscalar a constant\nf = sqnorm(X/a)",
            "matrix C(m, n) constant\nscalar a\nf = sqnorm(C/a)",
            "matrix X(m, n)\nscalar a\nf = sum(a*X)",
            "matrix X(m, n)\nscalar a\nf = sqnorm(exp(a)*X)",
            // the linear maps
            "vector x(n)\nf = sum(diag(x)*diag(x))",
            "matrix A(n, n)\nvector y(n)\nf = y'*diag(A)",
            "matrix A(m, n)\nvector y(m*n)\nf = y'*vec(A)",
            "matrix A(m, n)\nf = sqnorm(vec(A .* A))",
            "vector y(m*n)\nf = sqnorm(unvec(y, m, n))",
            // kronblocks and blocksum, the adjoints of kron, which a user may also write
            "matrix G(p*r, q*s), B(r, s)\nf = sqnorm(kronblocks(G, B))",
            "matrix G(p*r, q*s), A(p, q)\nf = sqnorm(blocksum(G, A))",
            "matrix G(p*r, q*s)\nmatrix B(r, s) constant\nf = sqnorm(kronblocks(G, B) .* kronblocks(G, B))",
            "matrix G(p*r, q*s) constant\nmatrix A(p, q)\nf = sqnorm(blocksum(G, A))",
            "matrix G(p*r, q*s) constant\nmatrix B(r, s)\nf = sum(exp(kronblocks(G, B)))",
            "matrix G(p*r, q*s)\nmatrix A(p, q) constant\nf = sum(exp(blocksum(G, A)))",
            // symmetric products and variables
            "matrix A(m, n)\nvector x(m)\nf = x'*(A*A')*x",
            "symmetric S(n)\nvector x(n)\nf = x'*S*x",
            "symmetric S(n)\nf = logdet(S) + tr(S*S)",
            // the reductions and nonlinear maps of the language
            "vector x(n)\nf = logsumexp(x)",
            "vector x(n), y(n)\nf = y'*softmax(x)",
            "matrix X(m, n)\nf = norm(X) + norm1(X)",
            "matrix A(n, n)\nf = det(A) * logdet(A)",
            "vector x(n)\nf = sum(arcsin(x) + arccos(x) + arctan(x) + tan(x) + abs(x) + relu(x) + sigmoid(x))",
    })
    void derivesAndPassesTheNumericCheck(String program) throws IOException {
        Path f = Files.writeString(dir.resolve("rule.mdiff"), program + "\n");
        Runs.Run derive = Runs.run(BUDGET, "derive", f.toString(), "--no-steps");
        Contract.verify("rules", derive, Set.of(0));
        assertThat(derive.exit()).as(program).isZero();
        Runs.Run check = Runs.run(BUDGET, "check", f.toString(), "--trials", "2");
        Contract.verify("rules", check, Set.of(0));
        assertThat(check.out()).as(program).contains(": passed (tolerance");
    }
}
