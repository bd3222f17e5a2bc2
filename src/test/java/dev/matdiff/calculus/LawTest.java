package dev.matdiff.calculus;

import dev.matdiff.MatDiff;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.soundness.Soundness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One derivation per {@link Law}: an objective whose derivation cites the law, whose gradients
 * pass the numeric check (in both modes) and, where the form matters, print as the textbook
 * writes them. Identities are numbered as in The Matrix Cookbook (Petersen &amp; Pedersen,
 * version of November 15, 2012) where one applies; "Chen" is Chen 2023, the paper matdiff
 * follows.
 */
class LawTest {

    /**
     * @param law          the law the derivation must cite
     * @param source       where the identity is from ("Cookbook (101)"), or what it shows
     * @param program      declarations and the objective (the last definition)
     * @param wrt          the variables
     * @param mode         the mode that must cite the law (both are checked numerically)
     * @param golden       variable → the gradient as printed, for those whose form is checked
     */
    record Case(Law law, String source, String program, List<String> wrt, Deriver.Mode mode, Map<String, String> golden) {
        @Override public String toString() { return law + " — " + source + ": " + program.substring(program.lastIndexOf('\n', program.length() - 2) + 1).trim(); }
    }

    static Case law(Law law, String source, String program, String wrt, String... golden) {
        return law(law, source, program, wrt, Deriver.Mode.STAGED, golden);
    }

    static Case law(Law law, String source, String program, String wrt, Deriver.Mode mode, String... golden) {
        Map<String, String> g = new LinkedHashMap<>();
        for (int i = 0; i < golden.length; i += 2) g.put(golden[i], golden[i + 1]);
        return new Case(law, source, program.replace("; ", "\n") + "\n", List.of(wrt.split(",")), mode, g);
    }

    static Stream<Case> cases() {
        return Stream.of(
                // ---- laws of differentials (Chen Thm 2.1 and consequences)
                law(Law.D_SUM, "Cookbook (99) ∂Tr(X)/∂X = I, through d(X + A) = dX",
                        "matrix X(n, n), A(n, n); f = tr(X + A)", "X", "X", "eye(n)"),
                law(Law.D_PRODUCT, "Cookbook (101) ∂Tr(AXB)/∂X = AᵀBᵀ",
                        "matrix A(m, n), X(n, p), B(p, m); f = tr(A*X*B)", "X", "X", "A'*B'"),
                law(Law.D_TRANSPOSE, "Cookbook (71) ∂aᵀXᵀb/∂X = baᵀ",
                        "matrix X(n, m); vector p(m), q(n); f = p'*X'*q", "X", "X", "q*p'"),
                law(Law.D_TRACE, "Cookbook (100) ∂Tr(XA)/∂X = Aᵀ",
                        "matrix X(n, m), A(m, n); f = tr(X*A)", "X", "X", "A'"),
                law(Law.D_INVERSE, "Cookbook (61) ∂aᵀX⁻¹b/∂X = −X⁻ᵀabᵀX⁻ᵀ",
                        "matrix X(n, n); vector p(n), q(n); f = p'*inv(X)*q", "X", "X", "-inv(X)'*p*q'*inv(X)'"),
                law(Law.D_INVERSE, "Cookbook (63) ∂Tr(AX⁻¹B)/∂X = −X⁻ᵀAᵀBᵀX⁻ᵀ",
                        "matrix A(m, n), X(n, n), B(n, m); f = tr(A*inv(X)*B)", "X", "X", "-inv(X)'*A'*B'*inv(X)'"),
                law(Law.D_DET, "Cookbook (49) ∂det(X)/∂X = det(X)X⁻ᵀ",
                        "matrix X(n, n); f = det(X)", "X", "X", "det(X)*inv(X)'"),
                law(Law.D_DET, "Cookbook (51) ∂det(AXB)/∂X = det(AXB)X⁻ᵀ, A, B square",
                        "matrix A(n, n), X(n, n), B(n, n); f = det(A*X*B)", "X"),
                law(Law.D_HADAMARD, "Chen Thm 2.1 (7); ∂ sum(X ⊙ X)/∂X = 2X",
                        "matrix X(m, n), A(m, n); f = sum(X .* A .* X)", "X,A", "A", "X.^2"),
                law(Law.D_ELEMENTWISE, "Chen Thm 2.1 (8); ∂ sum(exp(X))/∂X = exp(X)",
                        "matrix X(m, n); f = sum(exp(X))", "X", "X", "exp(X)"),
                law(Law.D_ELEMENTWISE, "Chen Ex. 3.4: sigmoid' = σ(1 − σ)",
                        "matrix W(m, n); vector x(n); f = sum(sigmoid(W*x))", "W"),
                law(Law.D_CONSTANT, "an objective that does not depend on X: ∇X = 0",
                        "matrix X(n, n), A(n, n); f = tr(A)", "X", "X", "zeros(n, n)"),
                law(Law.D_CONSTANT, "ones and eye are constants", "matrix X(n, n); f = sum(ones(n, n)) + tr(eye(n))", "X"),
                law(Law.D_DEFINITION, "a named intermediate that is a symbol",
                        "vector x(n); h = x; f = h'*h", "x", Deriver.Mode.EXPANDED),
                law(Law.D_ELEMENTWISE, "softplus' = σ", "vector x(n); f = sum(softplus(x))", "x", "x", "sigmoid(x)"),
                law(Law.D_ELEMENTWISE, "log1p'(x) = 1/(1 + x)", "vector x(n); f = sum(log1p(x))", "x"),
                law(Law.D_ELEMENTWISE, "tanh' = 1 − tanh²", "vector x(n); f = sum(tanh(x))", "x", "x", "ones(n) - tanh(x).^2"),
                law(Law.D_ELEMENTWISE, "sinh' = cosh, cosh' = sinh", "vector x(n), y(n); f = sum(sinh(x)) + sum(cosh(y))", "x,y", "x", "cosh(x)",
                        "y", "sinh(y)"),
                law(Law.D_ELEMENTWISE, "log-cosh: the gradient of log(cosh(r)) is tanh(r)", "vector x(n); f = sum(log(cosh(x)))", "x", "x", "tanh(x)"),
                law(Law.D_ELEMENTWISE, "log' = 1/x", "vector x(n), y(n); f = y'*log(x)", "x", "x", "y ./ x"),
                law(Law.D_ELEMENTWISE, "sin' = cos, cos' = −sin", "matrix X(m, n); f = sum(sin(X) .* cos(X))", "X"),
                law(Law.D_ELEMENTWISE, "tan' = 1/cos²", "matrix X(m, n); f = sum(tan(X))", "X"),
                law(Law.D_ELEMENTWISE, "arcsin' = 1/√(1 − x²), arccos' = −arcsin'", "vector x(n); f = sum(arcsin(x/2) + arccos(x/3))", "x"),
                law(Law.D_ELEMENTWISE, "arctan' = 1/(1 + x²)", "vector x(n); f = sum(arctan(x))", "x"),
                law(Law.D_ELEMENTWISE, "sqrt' = 1/(2√x)", "vector x(n); f = sum(sqrt(x))", "x"),
                law(Law.D_ELEMENTWISE, "abs' = sign, relu' = step, sign' = 0", "vector x(n); f = sum(abs(x) + relu(x) + sign(x))", "x"),
                law(Law.D_SCALE, "d(aA) = (da)A + a dA",
                        "scalar a; matrix X(m, n); f = a*sum(X)", "a,X", "a", "sum(X)", "X", "a*ones(m, n)"),
                law(Law.D_CONSTANT_FACTOR, "d(cA) = c dA, d(A/c) = dA/c: a constant factor is not the product or quotient rule",
                        "matrix X(m, n); f = 3*sum(X) + sum(X)/2", "X", "X", "3.5*ones(m, n)"),
                law(Law.D_QUOTIENT, "d(A/a) = dA/a − A da/a²",
                        "scalar a; matrix X(m, n); f = sum(X)/a", "a", "a", "-sum(X)/a^2"),
                law(Law.D_ELEMDIV, "d(x ⊘ y) = dx ⊘ y − (x ⊘ y ⊘ y) ⊙ dy",
                        "vector x(n), y(n); f = sum(x ./ y)", "x,y"),
                law(Law.D_POWER, "Cookbook (121) ∂Tr(Xᵏ)/∂X = k(Xᵏ⁻¹)ᵀ",
                        "matrix X(n, n); f = tr(X^3)", "X", "X", "3*(X^2)'"),
                law(Law.D_POWER, "Cookbook (106) ∂Tr(X²)/∂X = 2Xᵀ",
                        "matrix X(n, n); f = tr(X^2)", "X", "X", "2*X'"),
                law(Law.D_POWER, "negative powers go through the inverse",
                        "matrix X(n, n), A(n, n); f = tr(A*X^-2)", "X"),
                law(Law.D_ELEMPOW, "∂ sum(x.^3)/∂x = 3x.^2",
                        "vector x(n); f = sum(x.^3)", "x", "x", "3*x.^2"),
                law(Law.D_POW, "∂ sum(x.^a) = a x.^(a−1) in x, Σ x.^a ⊙ log(x) in a",
                        "scalar a; vector x(n); f = sum(x.^a)", "a,x", "a", "(x.^a)'*log(x)", "x", "a*x.^(a - 1)"),
                law(Law.D_POW, "an exponent of the base's shape (written pow), a scalar base to a matrix, a^b of scalars",
                        "scalar a, b; vector x(n), g(n); matrix A(n, n); f = sum(pow(x, g)) + sum(2.^A) + a^b", "a,b,x,g,A"),
                law(Law.D_LOGDET, "Cookbook (57) ∂ln|det X|/∂X = X⁻ᵀ",
                        "matrix X(n, n); f = logdet(X)", "X", "X", "inv(X)'"),
                law(Law.D_SUM_ENTRIES, "∂ sum(AX)/∂X = Aᵀ1",
                        "matrix A(m, n), X(n, p); f = sum(A*X)", "X", "X", "A'*ones(m, p)"),
                law(Law.D_NORM, "Cookbook §2.6 ∂‖x − a‖₂/∂x = (x − a)/‖x − a‖₂",
                        "vector x(n), a(n); f = norm(x - a)", "x", "x", "(x - a)/norm(x - a)"),
                law(Law.D_SQNORM, "Cookbook §2.7 ∂‖X‖²_F/∂X = 2X",
                        "matrix X(m, n); f = sqnorm(X)", "X", "X", "2*X"),
                law(Law.D_NORM1, "∂‖X‖₁/∂X = sign(X)",
                        "matrix X(m, n); f = norm1(X)", "X", "X", "sign(X)"),
                law(Law.D_SOFTMAX, "d softmax(x) = (diag(s) − ssᵀ)dx",
                        "vector x(n), y(n); f = y'*softmax(x)", "x", "x", "softmax(x) .* (y - (softmax(x)'*y)*ones(n))"),
                law(Law.D_LOG_SOFTMAX, "Chen Ex. 3.3, cross-entropy of a softmax",
                        "matrix W(m, n); vector x(n), y(m); f = -y'*log(softmax(W*x))", "W"),
                law(Law.D_LOG_QUOTIENT, "KL(y ‖ softmax(z)): log(y ./ s) is log y − log s, and log s takes Ex. 3.3",
                        "vector y(n) constant; vector z(n); f = sum(y .* log(y ./ softmax(z)))", "z", "z", "sum(y)*softmax(z) - y"),
                law(Law.D_LOG_QUOTIENT, "log(x/y) of scalars: 1/x and −1/y",
                        "scalar x, y; f = log(x/y)", "x,y", "x", "1/x", "y", "-1/y"),
                law(Law.D_LOG_QUOTIENT, "a quotient of two varying vectors",
                        "vector x(n), y(n); f = sum(log(exp(x) ./ y))", "x,y", "x", "ones(n)", "y", "-1 ./ y"),
                law(Law.D_SOFTMAX, "softmax of each column of a matrix (a mini-batch)",
                        "matrix H(c, N), Y(c, N); f = sum(Y .* softmax(H))", "H"),
                law(Law.D_LOG_SOFTMAX, "mini-batch softmax cross-entropy, a column per sample",
                        "matrix W(c, n), X(n, N), Y(c, N); f = -sum(Y .* log(softmax(W*X)))", "W"),
                law(Law.D_LOGSUMEXP, "logsumexp of each column: a row", "matrix H(c, N); vector v(N); f = logsumexp(H)*v", "H"),
                law(Law.D_LINEAR, "sum(A, 1) and sum(A, 2), the column and row sums, and mean",
                        "matrix X(m, n); vector u(m), v(n); f = sum(X .* X, 1)*v + u'*sum(exp(X), 2) + mean(X) + mean(X, 1)*v", "X",
                        Deriver.Mode.STAGED),
                law(Law.D_LOGSUMEXP, "∂ logsumexp(Wx)/∂W = softmax(Wx)xᵀ",
                        "matrix W(m, n); vector x(n); f = logsumexp(W*x)", "W", "W", "softmax(W*x)*x'"),
                law(Law.D_KRON, "Cookbook (105) ∂Tr(A ⊗ X)/∂X = Tr(A)I",
                        "matrix A(m, m), X(n, n); f = tr(kron(A, X))", "X"),
                law(Law.D_KRON, "d(A ⊗ B) = dA ⊗ B + A ⊗ dB, both varying",
                        "matrix A(m, n), X(n, m); f = sum(kron(A, X) .* kron(X', A'))", "A,X"),
                law(Law.D_LINEAR, "vec is linear: ∂ vec(X)ᵀvec(A)/∂X = A",
                        "matrix X(m, n), A(m, n); f = vec(X)'*vec(A)", "X", "X", "A"),
                law(Law.D_BILINEAR, "conv is linear in each argument: the product rule (Chen's CNN example)",
                        "matrix X(p, q), K(r, s); f = sum(conv(X, K) .* conv(X, K))", "X,K",
                        "X", "2*convfull(conv(X, K), K)", "K", "2*conv(X, conv(X, K))"),
                law(Law.D_BILINEAR, "the adjoints are linear in each argument too: kronblocks, blocksum, convfull",
                        "matrix G(m*p, n*q), B(p, q), A(m, n), K(r, s), H(p, q); f = sum(kronblocks(G, B) .* A) + sum(blocksum(G, A) .* B) + sum(convfull(H, K))",
                        "G,A,B,H,K"),
                law(Law.D_LINEAR, "conv's matrices are constants where their matrix is: T_K vec(X) = vec(conv(X, K)), C_X vec(K) likewise",
                        "matrix X(p, q), K(r, s), Z(p, q), A(p - r + 1, q - s + 1); f = vec(A)'*convmatrix(K, p, q)*vec(X) + sum(im2col(Z, r, s)*vec(K))*sum(X)", "X"),
                law(Law.D_LINEAR, "conv's matrices where they are simpler maps: im2col(X, 1, 1) = vec(X), convmatrix(k, p, q) = k·I, "
                                + "convmatrix(J, r, s) = vec(J)ᵀ for J r×s",
                        "matrix X(p, q), K(1, 1), W(p*q, p*q), J(r, s), V(1, r*s); "
                                + "f = sum(W .* convmatrix(K, p, q)) + sum(im2col(X, 1, 1) .* vec(X)) + sum(V .* convmatrix(J, r, s))", "X,K,J",
                        "X", "2*X", "K", "tr(W)", "J", "unvec(V', r, s)"),
                law(Law.D_LINEAR, "unvec is linear, its adjoint vec",
                        "vector v(m*n); matrix A(m, n); f = sum(unvec(v, m, n) .* A)", "v", "v", "vec(A)"),
                law(Law.D_LINEAR, "the commutation matrix: K vec(X) = vec(Xᵀ)",
                        "matrix X(m, n), A(n, m); f = vec(A)'*commutation(m, n)*vec(X)", "X"),
                law(Law.D_LINEAR, "diag is linear",
                        "matrix X(n, n); vector x(n); f = x'*diag(X)", "X", "X", "diag(x)"),

                // ---- the trace step (Chen Thm 2.2) and the adjoints
                law(Law.TR_SCALAR, "Chen Thm 2.2 (1) a = Tr(a); Cookbook (70) ∂aᵀXb/∂X = abᵀ",
                        "matrix X(m, n); vector p(m), q(n); f = p'*X*q", "X", "X", "p*q'"),
                law(Law.TR_TRANSPOSE, "Chen Thm 2.2 (2); Cookbook (103) ∂Tr(XᵀA)/∂X = A",
                        "matrix X(m, n), A(m, n); f = tr(X'*A)", "X", "X", "A"),
                law(Law.TR_SUM, "Chen Thm 2.2 (3); Cookbook (108) ∂Tr(XᵀBX)/∂X = BX + BᵀX",
                        "matrix X(n, m), B(n, n); f = tr(X'*B*X)", "X", "X", "(B + B')*X"),
                law(Law.TR_CYCLIC, "Chen Thm 2.2 (4); Cookbook (111) ∂Tr(XBXᵀ)/∂X = XBᵀ + XB",
                        "matrix X(m, n), B(n, n); f = tr(X*B*X')", "X", "X", "X*(B + B')"),
                law(Law.TR_CYCLIC, "Cookbook (115) ∂Tr(XᵀX)/∂X = 2X",
                        "matrix X(m, n); f = tr(X'*X)", "X", "X", "2*X"),
                law(Law.TR_LINEAR, "Tr(cA) = c Tr(A): a constant factor moved into the trace",
                        "matrix X(m, n), A(m, n); f = 3*tr(X'*A) - tr(A'*X)/2", "X", "X", "2.5*A"),
                law(Law.TR_HADAMARD, "Chen Thm 2.2 (5) Tr(Cᵀ(D ⊙ F)) = Tr((C ⊙ D)ᵀF)",
                        "matrix X(m, n), A(m, n); f = sum(A .* exp(X))", "X", "X", "exp(X) .* A"),
                law(Law.TR_SCALE, "a scalar differential times a matrix: yᵀ(1 softmax(h)ᵀdh) in the cross-entropy's differential",
                        "vector h(n), y(n); f = -y'*log(softmax(h))", "h", "h", "sum(y)*softmax(h) - y"),
                law(Law.TR_ADJOINT, "the adjoint of sum, vec, diag, kron, conv",
                        "matrix X(n, n); f = sum(diag(X))", "X", "X", "eye(n)"),
                law(Law.READ_OFF, "Chen Def. 2.2; least squares (Chen Ex. 3.1)",
                        "matrix X(m, n); vector w(n), y(m); f = (X*w - y)'*(X*w - y)", "w", "w", "2*X'*(X*w - y)"),
                law(Law.SYMMETRIC, "the gradient in the symmetric matrices, (G + Gᵀ)/2 (Srinivasan & Panda)",
                        "symmetric S(n); vector x(n); f = x'*S*x", "S", "S", "x*x'"),
                law(Law.SYMMETRIC, "∂ logdet(S)/∂S = S⁻¹ for symmetric S",
                        "symmetric S(n); f = logdet(S)", "S", "S", "inv(S)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theDerivationCitesTheLawAndItsGradientIsRight(Case c) {
        MatDiff m = MatDiff.parse(c.program());
        Derivation d = m.derive(null, c.wrt(), c.mode());
        assertThat(d.lawsUsed()).as("laws cited for %s", c).contains(c.law());
        c.golden().forEach((v, printed) -> assertThat(TextPrinter.print(d.gradient(v))).as("∇%s", v).isEqualTo(printed));
        for (Deriver.Mode mode : Deriver.Mode.values()) {
            Derivation dm = mode == c.mode() ? d : m.derive(null, c.wrt(), mode);
            Soundness.Outcome o = Soundness.check(dm, c.program(), mode, 20261123L, UnaryOperator.identity());
            assertThat(o.verdict()).as(o.toString()).isEqualTo(Soundness.Verdict.PASSED);
        }
    }

    @Test
    void everyLawHasACase() {
        Set<Law> covered = cases().map(Case::law).collect(Collectors.toSet());
        HigherLawTest.cases().forEach(c -> covered.add(c.law()));
        assertThat(covered).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(Law.class));
    }

    /**
     * Adding an operation is a row in {@code Op} and a case here: every function of the language
     * is called by at least one case, so its law (or its f′, or its adjoint) is checked in numbers.
     */
    @Test
    void everyFunctionHasACase() {
        String programs = Stream.concat(cases().map(Case::program), HigherLawTest.cases().map(HigherLawTest.Case::program))
                .collect(Collectors.joining("\n"));
        for (dev.matdiff.expr.Op op : dev.matdiff.expr.Op.values()) {
            if (op.functionName() == null || op == dev.matdiff.expr.Op.DIFF) continue;
            assertThat(programs).as("a LawTest case that calls %s", op.functionName()).containsPattern("\\b" + op.functionName() + "\\(");
        }
    }

    /** The gradients a reader checks first, in the form the textbooks print them. */
    @ParameterizedTest(name = "{0} → {2}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "matrix A(n, n), B(n, n), X(n, n); f = tr(A*X*B)  | X | A'*B'",
            "matrix A(n, n); vector x(n); f = x'*A*x           | x | (A + A')*x",
            "matrix A(n, n); vector x(n); f = x'*A*x           | A | x*x'",
            "symmetric S(n); vector x(n); f = x'*S*x           | x | 2*S*x",
            "matrix X(n, n); f = logdet(X)                     | X | inv(X)'",
            "matrix X(m, n); vector w(n), y(m); f = (X*w - y)'*(X*w - y) | X | 2*(X*w - y)*w'",
            "matrix X(n, n), A(n, n); f = tr(X'*A)             | X | A",
            "matrix X(n, n); f = tr(inv(X))                    | X | -(X^-2)'",
            "vector x(n); f = x'*x                             | x | 2*x",
            "matrix W(m, n); vector x(n), y(m); h = W*x; f = -y'*log(softmax(h)) | W | (sum(y)*softmax(h) - y)*x'",
            "matrix A(m, m), X(n, n); f = tr(kron(A, X))       | X | tr(A)*eye(n)",
            "matrix A(m, m), X(n, n); f = tr(kron(X, A))       | X | tr(A)*eye(n)",
            "vector x(n), y(n); f = x'*y + y'*x               | x | 2*y",
            "symmetric S(n); f = sum(S .* S)                   | S | 2*S"})
    void goldenGradients(String program, String wrt, String printed) {
        Derivation d = MatDiff.parse(program.replace("; ", "\n")).derive(wrt);
        assertThat(TextPrinter.print(d.gradient(wrt))).isEqualTo(printed);
    }

    /**
     * A step names the identity the simplifier used where a reader may not see it at once (tr(A ⊗ dX) written as
     * tr(A)·tr(dX)), and not the bookkeeping of transposes and scalars: a step cites what it used.
     */
    @Test
    void aStepNamesTheIdentitiesItUsed() {
        Derivation d = MatDiff.parse("matrix A(m, m), X(n, n)\nf = tr(kron(A, X))\n").derive("X");
        Step first = d.steps().get(0);
        assertThat(first.rules()).contains("trace-kron");
        assertThat(first.identitiesUsed()).containsExactly("Tr(A ⊗ B) = Tr(A) Tr(B) for square A, B");
        assertThat(first.justification()).contains("Tr(A ⊗ B) = Tr(A) Tr(B)");
        Derivation plain = MatDiff.parse("matrix X(m, n)\nvector w(n), y(m)\nf = (X*w - y)'*(X*w - y)\n").derive("w");
        for (Step s : plain.steps()) assertThat(s.identitiesUsed()).as(s.justification()).isEmpty();
    }

    /** A rule id that names no rule would leave its laws uncited without a word: each must be a rule of the table. */
    @Test
    void theLawsOfRulesNameRulesThatExist() {
        Set<String> ids = dev.matdiff.simplify.Rules.ALL.stream().map(dev.matdiff.simplify.Rule::id).collect(Collectors.toSet());
        assertThat(ids).containsAll(Law.APPLIED_BY.keySet());
    }

    /**
     * What the simplifier applied inside a step is cited with the step's own laws: a trace that vanished because its
     * product rotated to a 1×1 one (Thm 2.2 (4), (1)), a transpose of a symmetric matrix dropped (Sᵀ = S). A constant
     * factor is cited as one (d(A/c) = dA/c), not as the quotient rule, and a negated trace is Tr(cA) = c Tr(A), not a sum.
     */
    @Test
    void aStepCitesTheLawsItsSimplificationsApplied() {
        Derivation d = MatDiff.parse("symmetric P(D)\nvector mu(D)\nmatrix X(D, N) constant\nC = X - mu*ones(1, N)\n"
                + "L = -tr(C'*P*C)/2\n").derive("mu");
        boolean rotated = false, symmetric = false;
        for (Step s : d.steps()) {
            if (s.rules().contains("trace-rotate")) {
                rotated = true;
                assertThat(s.laws()).as(s.justification()).contains(Law.TR_CYCLIC, Law.TR_SCALAR);
            }
            if (s.rules().contains("transpose-symmetric")) {
                symmetric = true;
                assertThat(s.justification()).contains("Sᵀ = S for a symmetric S");
            }
            assertThat(s.laws()).as(s.justification()).doesNotContain(Law.D_QUOTIENT, Law.D_SCALE);
        }
        assertThat(rotated).as("a step where trace-rotate fired").isTrue();
        assertThat(symmetric).as("a step where transpose-symmetric fired").isTrue();
        assertThat(d.lawsUsed()).contains(Law.D_CONSTANT_FACTOR, Law.TR_LINEAR);
        Derivation negated = MatDiff.parse("matrix X(m, n), A(m, n)\nf = -tr(A'*X)\n").derive("X");
        assertThat(negated.lawsUsed()).contains(Law.TR_LINEAR).doesNotContain(Law.TR_SUM);
    }

    /**
     * Without the intermediate h the cross-entropy gradient is factored all the same: factor-common
     * sees the common x' behind the scalar sum(y) (it came out as sum(y)*softmax(W*x)*x' - y*x').
     */
    @Test
    void theCrossEntropyGradientIsFactored() {
        Derivation d = MatDiff.parse("matrix W(m, n)\nvector x(n), y(m)\nf = -y'*log(softmax(W*x))\n").derive("W", "x");
        assertThat(TextPrinter.print(d.gradient("W"))).isEqualTo("(sum(y)*softmax(W*x) - y)*x'");
        assertThat(TextPrinter.print(d.gradient("x"))).isEqualTo("W'*(sum(y)*softmax(W*x) - y)");
    }
}
