package dev.matdiff.calculus;

import dev.matdiff.MatDiff;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.soundness.Soundness;
import dev.matdiff.source.MatDiffException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The derivation as a whole, beyond the laws (LawTest): which variables it accepts, how it
 * differentiates with respect to an intermediate, and how many steps a long chain prints.
 */
class DeriverTest {

    static final long SEED = 20261129L;

    static void assertSound(MatDiff m, String program, List<String> wrt, Deriver.Mode mode) {
        Derivation d = m.derive(null, wrt, mode);
        Soundness.Outcome o = Soundness.check(d, program, mode, SEED, UnaryOperator.identity());
        assertThat(o.verdict()).as(o.toString()).isEqualTo(Soundness.Verdict.PASSED);
    }

    // ---- the variables

    /**
     * A sum too large for the simplifier to compare two forms of it (over 400 nodes) still reads as a small one: the
     * softmax regression over 31 samples read (softmax(W*x0)' - y0')'*x0' + … where 30 read (softmax(W*x0) - y0)*x0'.
     */
    @Test
    void aLargeSumOfTransposedTermsReadsAsASmallOne() {
        StringBuilder program = new StringBuilder("matrix W(c, n)\n"), loss = new StringBuilder("L = 0");
        for (int i = 0; i < 31; i++) {
            program.append("vector x").append(i).append("(n), y").append(i).append("(c) constant\n");
            loss.append(" + logsumexp(W*x").append(i).append(") - y").append(i).append("'*W*x").append(i);
        }
        String g = TextPrinter.print(MatDiff.parse(program + loss.toString() + "\n").derive("W").gradient("W"));
        assertThat(g).startsWith("(softmax(W*x0) - y0)*x0' + (softmax(W*x1) - y1)*x1'").doesNotContain(")'*");
    }

    @Test
    void askingForAGradientThatWasNotDerivedNamesIt() {
        Derivation d = MatDiff.parse("vector x(n)\nf = x'*x\n").derive("x");
        assertThatThrownBy(() -> d.gradient("y")).isInstanceOf(NoSuchElementException.class).hasMessageContaining("y");
        assertThat(TextPrinter.print(d.gradient("x"))).isEqualTo("2*x");
    }

    /** A definition that reads an intermediate asked for, but not once simplified (h1 - h1), is constant in it. */
    @ParameterizedTest
    @EnumSource(Deriver.Mode.class)
    void aDefinitionThatCancelsWhatItReadsIsConstantInIt(Deriver.Mode mode) {
        Derivation d = MatDiff.parse("matrix A(m, n), B(m, n)\nh1 = B .* B\nh2 = sqnorm(h1 - h1 - arctan(A))\nL = h2*sum(A)\n")
                .derive(null, List.of("h1", "A"), mode);
        assertThat(TextPrinter.print(d.gradient("h1"))).isEqualTo("zeros(m, n)");
        assertThat(TextPrinter.print(d.gradient("A"))).contains("arctan(A)");
    }

    /**
     * A Horner polynomial deeper than the chain of scalings a scalar adjoint is multiplied in front of
     * ({@link Adjoint#LONG_CHAIN}; behind it beyond, where the chain grows in one step) agrees with finite differences.
     */
    @ParameterizedTest
    @EnumSource(Deriver.Mode.class)
    void aHornerPolynomialDeeperThanALongChainOfScalingsIsSound(Deriver.Mode mode) {
        StringBuilder p = new StringBuilder("a");
        for (int i = 0; i < 2 * Adjoint.LONG_CHAIN + 40; i++) p.insert(0, "(").append(i % 2 == 0 ? "*a)" : " + 0.5)");
        String program = "scalar a\nf = " + p + "\n";
        assertSound(MatDiff.parse(program), program, List.of("a"), mode);
    }

    /** An exponent may be arithmetic of numbers: x.^(1/2), and x.^2.^2 read right to left as x.^(2.^2). */
    @Test
    void anExponentMayBeArithmeticOfNumbers() {
        assertThat(TextPrinter.print(MatDiff.parse("vector x(n)\nf = sum(x.^(1/2))\n").derive("x").gradient("x"))).isEqualTo("1 ./ (2*sqrt(x))");
        assertThat(TextPrinter.print(MatDiff.parse("vector x(n)\nf = sum(x.^2.^2)\n").derive("x").gradient("x"))).isEqualTo("4*x.^3");
        assertThat(TextPrinter.print(MatDiff.parse("matrix X(n, n)\nf = tr(X^(5 - 3))\n").derive("X").gradient("X"))).isEqualTo("2*X'");
        // 1/3 − 1 is −2/3 exactly, and prints so: the doubles would give −0.6666666666666667, printed as a decimal
        assertThat(TextPrinter.print(MatDiff.parse("vector x(n), y(n)\nf = (x'*y)^(1/3)\n").derive("x").gradient("x"))).isEqualTo("y/(3*(x'*y)^(2/3))");
        assertThat(TextPrinter.print(MatDiff.parse("vector x(n)\nf = sum(x.^(2/3))\n").derive("x").gradient("x"))).isEqualTo("2 ./ (3*x.^(1/3))");
        assertThatThrownBy(() -> MatDiff.parse("vector x(n)\nf = sum(x.^(1/0))\n")).isInstanceOf(MatDiffException.class)
                .hasMessage("an exponent must be a finite number, not Infinity");
        // a symbolic exponent, whose derivatives in x and a are 2a·x^(2a − 1) and 2·(x^(2a))ᵀlog(x) (trial s63a: they were
        // read through exp(2a·log(x)), which divided by x and had no value at a negative x)
        Derivation symbolic = MatDiff.parse("vector x(n)\nscalar a\nf = sum(x.^(2*a))\n").derive("x", "a");
        assertThat(TextPrinter.print(symbolic.gradient("x"))).isEqualTo("2*a*x.^(2*a - 1)");
        assertThat(TextPrinter.print(symbolic.gradient("a"))).isEqualTo("2*(x.^(2*a))'*log(x)");
        // an exponent that becomes a number is a number's power: x.^sqrt(4)'s gradient is 2*x, not 2*x.^1
        assertThat(TextPrinter.print(MatDiff.parse("vector x(n)\nf = sum(x.^sqrt(4))\n").derive("x").gradient("x"))).isEqualTo("2*x");
        // pow(u, g) is NumPy's power: u.^g, a number exponent's included
        assertThat(TextPrinter.print(MatDiff.parse("vector x(n)\nf = sum(pow(x, 3))\n").derive("x").gradient("x"))).isEqualTo("3*x.^2");
        // a number base ≤ 0 has no derivative in a varying exponent
        assertThatThrownBy(() -> MatDiff.parse("scalar a\nf = (-2)^a\n").derive("a")).isInstanceOf(MatDiffException.class)
                .hasMessage("-2 to a varying power has no derivative in its exponent (a negative number's power is real only at whole exponents)");
    }

    /**
     * kron, vec and conv fix the undeclared sizes they combine; a later use that equates two of them (x'*y after
     * kron(x, y)), or one with a program's size (conv's p - k + 1 = p - r + 1), is a size learnt, not a contradiction,
     * whatever the order the terms are written in.
     */
    @Test
    void sizesFixedByKronOrConvAreStillInferredFromLaterUses() {
        for (String e : List.of("sum(kron(x, y)) + x'*y", "x'*y + sum(kron(x, y))", "sum(kron(A, B)) + tr(A*B)", "sum(kron(A, B)) + sum(A .* B)")) {
            MatDiff m = MatDiff.parseExpression(e);
            assertThat(m.derive(null, List.copyOf(m.program().variables().keySet())).gradients()).as(e).hasSize(2);
        }
        assertThat(TextPrinter.print(MatDiff.parseExpression("sum(kron(x, y)) + x'*y").derive("x").gradient("x")))
                .isEqualTo("sum(y)*ones(n) + y");
        Derivation conv = MatDiff.parse("matrix X(p, q), K(r, s), L\nf = sum(conv(X, K) .* conv(X, L))\n").derive("L");
        assertThat(conv.wrt().get(0).shape().rows()).hasToString("r");
        // an error the sizes learnt do not explain is the program's own, reported where it is
        assertThatThrownBy(() -> MatDiff.parse("vector x, y\nmatrix A(3, 4)\nf = sum(kron(x, y)) + x'*y\nL = f + x'*A*x\n"))
                .isInstanceOf(MatDiffException.class).hasMessage("cannot multiply x'*A (1×4) by x (3×1): 4 ≠ 3");
        // a kron of undeclared sizes asked to be square (det, tr, inv) reads as a kron of square factors, as the Cookbook writes it
        assertThat(TextPrinter.print(MatDiff.parseExpression("det(kron(A, X))").derive("X").gradient("X"))).isEqualTo("n*det(kron(A, X))*inv(X)'");
        assertThat(TextPrinter.print(MatDiff.parseExpression("tr(kron(A, X))").derive("X").gradient("X"))).isEqualTo("tr(A)*eye(m)");
        // a fixed factor pairs with itself: kron(X, eye(3)) is 3·k_0 × 3·k_1, square when X is
        assertThat(TextPrinter.print(MatDiff.parseExpression("tr(kron(X, eye(3)))").derive("X").gradient("X"))).isEqualTo("3*eye(n)");
        assertThat(TextPrinter.print(MatDiff.parseExpression("logdet(kron(X, 2*eye(4)))").derive("X").gradient("X"))).isEqualTo("4*inv(X)'");
        // where the sizes cannot be told apart (k_0*k_1 = k_2*k_4), the error says to declare them
        assertThatThrownBy(() -> MatDiff.parseExpression("vec(X)'*kron(A, B)*vec(X)")).isInstanceOf(MatDiffException.class)
                .hasMessageContaining("declare them, e.g. matrix X(m, n)");
    }

    /** As the command line does: the "# wrt:" comment's variables, else every symbol that is not constant, as declared. */
    @Test
    void withNoVariableNamedTheDefaultsAreTheCommandLines() {
        Derivation all = MatDiff.parse("vector x(n)\nvector y(n) constant\nscalar c\nf = c*x'*y\n").derive();
        assertThat(all.wrt()).extracting(Expr.Var::name).containsExactly("x", "c");
        Derivation hinted = MatDiff.parse("# wrt: x\nvector x(n), y(n)\nf = x'*y\n").derive(null, List.of());
        assertThat(hinted.wrt()).extracting(Expr.Var::name).containsExactly("x");
    }

    /** p - y is written by p's name; a definition the objective does not use is never named, even one with the same body. */
    @Test
    void aGradientNamesOnlyTheObjectivesOwnIntermediates() {
        MatDiff m = MatDiff.parse("vector x(n)\nscalar a\nf5 = sum(x)\nq = norm(x)^2\nf10 = a*q + sum(x)\n");
        assertThat(TextPrinter.print(m.derive("a").gradient("a"))).isEqualTo("q");
        MatDiff other = MatDiff.parse("vector x(n)\nscalar a\nf5 = norm(x)^2\nf10 = a*norm(x)^2\n");
        assertThat(TextPrinter.print(other.derive("a").gradient("a"))).isEqualTo("norm(x)^2");
    }

    @Test
    void anObjectiveOfConstantsHasNoDefaultVariable() {
        MatDiff m = MatDiff.parse("vector x(n) constant\nf = x'*x\n");
        assertThatThrownBy(m::derive)
                .isInstanceOf(MatDiffException.class).hasMessageContaining("'f' has no variable").hasMessageNotContaining("--");
    }

    @Test
    void anUnknownVariableListsTheDeclaredOnes() {
        MatDiff m = MatDiff.parse("vector x(n), y(n)\nf = x'*y\n");
        assertThatThrownBy(() -> m.derive("z"))
                .isInstanceOf(MatDiffException.class).hasMessageContaining("'z'").hasMessageContaining("(declared: x, y)");
    }

    @Test
    void anUnknownVariableWithNothingDeclaredSaysJustThat() {
        MatDiff m = MatDiff.parse("f = 2*3\n");
        assertThatThrownBy(() -> m.derive("z"))
                .isInstanceOf(MatDiffException.class).hasMessageContaining("'z'").hasMessageNotContaining("declared");
    }

    @Test
    void aConstantIsNotDifferentiated() {
        MatDiff m = MatDiff.parse("vector x(n)\nvector y(n) constant\nf = x'*y\n");
        assertThatThrownBy(() -> m.derive("y")).isInstanceOf(MatDiffException.class).hasMessageContaining("constant");
    }

    /** ∇ with respect to an intermediate treats it as a variable: of a scalar, a vector and a matrix. */
    @ParameterizedTest
    @EnumSource(Deriver.Mode.class)
    void intermediatesOfEveryShapeCanBeTheVariable(Deriver.Mode mode) {
        String program = "matrix A(n, n)\nvector x(n)\ns = x'*x\nv = A*x\nM = A*A\nf = s*s + v'*v + tr(M)\n";
        MatDiff m = MatDiff.parse(program);
        Derivation d = m.derive(null, List.of("s", "v", "M"), mode);
        assertThat(TextPrinter.print(d.gradient("s"))).isEqualTo("2*s");
        assertThat(TextPrinter.print(d.gradient("v"))).isEqualTo("2*v");
        assertThat(TextPrinter.print(d.gradient("M"))).isEqualTo("eye(n)");
        assertThat(d.wrt()).extracting(v -> v.shape().isScalar(), v -> v.shape().isColumn())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(true, true), org.assertj.core.groups.Tuple.tuple(false, true),
                        org.assertj.core.groups.Tuple.tuple(false, false));
    }

    @ParameterizedTest
    @EnumSource(Deriver.Mode.class)
    void anIntermediateAskedForLeavesTheOtherGradientsTotal(Deriver.Mode mode) {
        String program = "matrix W(m, n)\nvector x(n), y(m)\nh = W*x\nf = sqnorm(tanh(h) - y)\n";
        MatDiff m = MatDiff.parse(program);
        Derivation d = m.derive(null, List.of("h", "W"), mode);
        // ∇_h f is the gradient reaching h; W, which reaches f only through h, keeps its total gradient (not 0, as with h held fixed)
        assertThat(TextPrinter.print(d.gradient("h"))).isEqualTo("2*((ones(m) - tanh(h).^2) .* (tanh(h) - y))");
        assertThat(d.gradient("W")).isEqualTo(m.derive(null, List.of("W"), mode).gradient("W"));
        assertThat(TextPrinter.print(d.gradient("W"))).isNotEqualTo("zeros(m, n)");
        assertThat(d.gradientGroups()).hasSize(2);
        assertSound(m, program, List.of("W"), mode);
    }

    private static final String MLP = "matrix W1(h, n), W2(k, h)\nvector b1(h), b2(k)\nvector x(n) constant\nvector y(k) constant\n"
            + "z = tanh(W1*x + b1)\no = W2*z + b2\nL = -y'*log(softmax(o))\n";

    @ParameterizedTest
    @EnumSource(Deriver.Mode.class)
    void anIntermediateAskedForThatAnotherOneIsComputedFromGetsItsTotalGradient(Deriver.Mode mode) {
        MatDiff m = MatDiff.parse(MLP);
        Derivation d = m.derive(null, List.of("o", "z", "b1", "W2"), mode);
        // with o held as a variable z would reach L through nothing, and come out 0
        assertThat(d.gradient("z")).isEqualTo(m.derive(null, List.of("z"), mode).gradient("z"));
        assertThat(TextPrinter.print(d.gradient("z"))).isEqualTo("W2'*(sum(y)*softmax(o) - y)");
        assertThat(d.gradient("b1")).isEqualTo(m.derive(null, List.of("b1"), mode).gradient("b1"));
        assertThat(d.gradient("o")).isEqualTo(m.derive(null, List.of("o"), mode).gradient("o"));
        assertThat(d.gradientGroups()).hasSize(3);
        assertThat(Soundness.check(d, MLP, mode, SEED, UnaryOperator.identity()).verdict()).isEqualTo(Soundness.Verdict.PASSED);
    }

    @Test
    void aJacobianWithRespectToWhatAnIntermediateAskedForIsComputedFromIsTheTotalOne() {
        MatDiff m = MatDiff.parse(MLP);
        Derivation d = m.derive("o", List.of("z", "b1"), Deriver.Options.DEFAULT);
        assertThat(TextPrinter.print(d.jacobian("z"))).isEqualTo("W2");
        assertThat(d.jacobian("b1")).isEqualTo(m.derive("o", List.of("b1"), Deriver.Options.DEFAULT).jacobian("b1"));
        assertThat(TextPrinter.print(d.jacobian("b1"))).isNotEqualTo("zeros(k, h)");
    }

    @Test
    void aJacobianWithRespectToAnIntermediateTheObjectiveIsNotComputedFromIsZero() {
        // z = tanh(W1*x + b1) does not read o = W2*z + b2: the zero Jacobian is right, and only there
        MatDiff m = MatDiff.parse(MLP);
        assertThat(TextPrinter.print(m.derive("z", List.of("o"), Deriver.Options.DEFAULT).jacobian("o"))).isEqualTo("zeros(h, k)");
        assertThat(TextPrinter.print(m.derive("o", List.of("z"), Deriver.Options.DEFAULT).jacobian("z"))).isEqualTo("W2");
    }

    /**
     * A law that mentions its own node (d exp(x) = exp(x) ⊙ dx, d inv(X) = −X⁻¹ dX X⁻¹, …) writes
     * the intermediate's name for it when the node is a program's definition, in both modes; the
     * gradient must still be right.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "vector x(n), c(n); z = exp(x); f = c'*z                 | x | z",
            "vector x(n), c(n); z = tanh(x); f = c'*z                | x | z",
            "vector x(n), c(n); z = sigmoid(x); f = c'*z             | x | z",
            "vector x(n), c(n); z = sqrt(x.^2 + ones(n)); f = c'*z   | x | z",
            "vector x(n), c(n); z = relu(x); f = c'*z                | x | z",
            "vector x(n), c(n); z = softmax(x); f = c'*z             | x | z",
            "matrix X(n, n), C(n, n); Z = inv(X); f = tr(C*Z)        | X | Z",
            "matrix X(n, n); s = det(X); f = s*s                     | X | s",
            "vector x(n); s = norm(x); f = exp(s)                    | x | s",
    })
    void aLawThatMentionsItsOwnNodeWritesTheIntermediatesName(String program, String wrt, String name) {
        String text = program + "\n";
        MatDiff m = MatDiff.parse(text);
        for (Deriver.Mode mode : Deriver.Mode.values()) {
            assertSound(m, text, List.of(wrt), mode);
            assertThat(TextPrinter.print(m.derive(null, List.of(wrt), mode).gradient(wrt))).as(mode.toString())
                    .containsPattern("\\b" + name + "\\b");
        }
    }

    // ---- the steps

    @ParameterizedTest
    @EnumSource(Deriver.Mode.class)
    void anObjectiveThatDoesNotDependOnTheVariableHasDifferentialZero(Deriver.Mode mode) {
        Derivation d = MatDiff.parse("matrix X(n, n), A(n, n)\nf = tr(A)\n").derive(null, List.of("X"), mode);
        assertThat(d.steps()).anySatisfy(s -> {
            assertThat(s.phase()).isEqualTo(Step.Phase.DIFFERENTIALS);
            assertThat(TextPrinter.print(s.expr())).isEqualTo("0");
        });
        assertThat(TextPrinter.print(d.gradient("X"))).isEqualTo("zeros(n, n)");
    }

    /** A step that joins powers (X⁻³X² = X⁻¹ in d det(X³)'s trace step) cites AʲAᵏ = Aʲ⁺ᵏ (Cookbook trial: it said nothing). */
    @Test
    void aStepThatJoinsPowersCitesIt() {
        Derivation d = MatDiff.parse("matrix X(n, n)\nf = det(X^3)\n").derive("X");
        assertThat(d.steps()).anySatisfy(s -> assertThat(s.justification()).contains("AʲAᵏ = Aʲ⁺ᵏ"));
        assertThat(TextPrinter.print(d.gradient("X"))).isEqualTo("3*det(X)^3*inv(X)'");
    }

    /**
     * The product rule on a chain of n factors, v of them varying, writes n·v factors: a chain A·A·…·A of 10,000 took a
     * minute (hostile trial). Past 250,000 it is refused where the program wrote the chain; 1,000 factors still derive.
     */
    @Test
    void aChainTooLongForTheProductRuleIsRefusedWhereItIsWritten() {
        // square-free (the differences of the Thue–Morse sequence), so no run of it is a power
        String squareFree = java.util.stream.IntStream.range(0, 3000)
                .mapToObj(i -> "ABC".substring(Integer.bitCount(i + 1) % 2 - Integer.bitCount(i) % 2 + 1).substring(0, 1))
                .collect(java.util.stream.Collectors.joining("*"));
        String chain = "matrix A(k, k), B(k, k), C(k, k)\nf = tr(" + squareFree + ")\n";
        assertThatThrownBy(() -> MatDiff.parse(chain).derive("A", "B", "C")).isInstanceOf(MatDiffException.class)
                .hasMessage("the product rule on a chain of 3,000 factors, 3,000 of them varying, writes 9,000,000 factors: too large to derive")
                .extracting(e -> ((MatDiffException) e).pos().lineColumn()).isEqualTo("2:8");
        // A*A*…*A is read as a power first, written inline as in a definition: its power law writes 3,000 small terms
        String powers = "matrix A(k, k)\nf = tr(" + String.join("*", java.util.Collections.nCopies(3000, "A")) + ")\n";
        assertThat(TextPrinter.print(MatDiff.parse(powers).derive("A").gradient("A"))).isEqualTo("3000*((A^256)^11*A^183)'");
        // in a definition the objective reads: at the definition's chain, not the objective's line
        String named = "matrix A(k, k), B(k, k), C(k, k)\nP = " + squareFree + "\nf = tr(P)\n";
        assertThatThrownBy(() -> MatDiff.parse(named).derive("A", "B", "C")).isInstanceOf(MatDiffException.class)
                .hasMessageStartingWith("the product rule on a chain of 3,000 factors, 3,000 of them varying")
                .extracting(e -> ((MatDiffException) e).pos().lineColumn()).isEqualTo("2:5");
        // a chain the simplifier rewrites as it reads the definition (Thue–Morse's AA and BB become squares) has no written
        // place left: said at its definition (review: it was the objective's line)
        String thueMorse = java.util.stream.IntStream.range(0, 4000).mapToObj(i -> Integer.bitCount(i) % 2 == 0 ? "A" : "B")
                .collect(java.util.stream.Collectors.joining("*"));
        String read = "matrix A(k, k), B(k, k)\nP = " + thueMorse + "\nf = tr(P) + 1\n";
        assertThatThrownBy(() -> MatDiff.parse(read).derive("A", "B")).isInstanceOf(MatDiffException.class)
                .hasMessageContaining("too large to derive")
                .extracting(e -> ((MatDiffException) e).pos().lineColumn()).isEqualTo("2:1");
        String shorter = "matrix A(k, k), B(k, k)\nf = tr(" + String.join("*", java.util.Collections.nCopies(500, "A*B")) + ")\n";
        assertThat(MatDiff.parse(shorter).derive("A").gradient("A")).isNotNull();
    }

    /** A finished gradient's diag(ABᵀ) is written as row sums, and the step that writes it so cites the identity. */
    @Test
    void aGradientsRowSumsAreCitedWhereTheyAreWritten() {
        Derivation d = MatDiff.parse("matrix H(d, N), W(d, N)\nvector g(d)\nL = tr(W'*diag(g)*H)\n").derive("g");
        assertThat(TextPrinter.print(d.gradient("g"))).isEqualTo("sum(W .* H, 2)");
        Step last = d.steps().get(d.steps().size() - 1);
        assertThat(last.justification()).contains("diag(ABᵀ) = sum(A ⊙ B, 2)");
        assertThat(d.steps()).filteredOn(s -> s != last).allSatisfy(s -> assertThat(s.justification()).doesNotContain("sum(A ⊙ B, 2)"));
    }

    /** An inline chain past 64 factors is read as its powers before its law applies; the gradient agrees with differences. */
    @ParameterizedTest
    @EnumSource(Deriver.Mode.class)
    void anInlineLongChainReadAsPowersChecks(Deriver.Mode mode) {
        String chain = "matrix A(k, k), B(k, k)\nf = tr(" + String.join("*", java.util.Collections.nCopies(36, "A*B")) + "*A)\n";
        Soundness.Outcome o = Soundness.check(chain, mode, SEED);
        assertThat(o.verdict()).as(o.toString()).isIn(Soundness.Verdict.PASSED, Soundness.Verdict.REFINED);
    }

    /** A long chain that repeats a short one is its power before the product rule (it wrote 1,500 terms of 3,000 factors: minutes). */
    @Test
    void aLongRunOfAShortChainIsItsPower() {
        String chain = "matrix A(k, k), B(k, k)\nC = " + String.join("*", java.util.Collections.nCopies(1500, "A*B")) + "\nf = tr(C)\n";
        assertThat(TextPrinter.print(MatDiff.parse(chain).derive("A").gradient("A"))).isEqualTo("1500*B'*(((B*A)^256)^5*(B*A)^219)'");
    }

    /**
     * Where the terms in dX cancel only once moved to the right (the Cookbook's (126) with a square X: tr((XᵀCX)⁻¹XᵀBX) is
     * tr(C⁻¹B), constant), the trace step says df = 0 (it said tr(0*ones(k, k)*dX)).
     */
    @Test
    void termsThatCancelOnTheRightLeaveDifferentialZero() {
        Derivation d = MatDiff.parse("matrix B(k, k), C(k, k) constant\nmatrix X(k, k)\nf = tr(inv(X'*C*X)*(X'*B*X))\n").derive("X");
        List<Step> traces = d.steps().stream().filter(s -> s.phase() == Step.Phase.TRACE).toList();
        assertThat(traces).isNotEmpty();
        assertThat(TextPrinter.print(traces.get(traces.size() - 1).expr())).isEqualTo("0");
        assertThat(TextPrinter.print(d.gradient("X"))).isEqualTo("zeros(k, k)");
    }

    /**
     * A chain of more than the printed passes passes prints that many steps, then one
     * that applies the same laws to the end, and still gives the right gradient.
     */
    @Test
    void aLongChainPrintsTheFirstPassesAndThenTheRest() {
        int depth = Deriver.Options.DEFAULT.maxPrintedPasses() + 20;
        String body = "x";
        for (int i = 0; i < depth; i++) body = (i % 2 == 0 ? "sin(" : "cos(") + body + ")";
        String program = "vector x(n)\nf = sum(" + body + ")\n";
        MatDiff m = MatDiff.parse(program);
        Derivation d = m.derive(null, List.of("x"), Deriver.Mode.EXPANDED);
        List<Step> differentials = d.steps().stream().filter(s -> s.phase() == Step.Phase.DIFFERENTIALS).toList();
        assertThat(differentials).hasSize(Deriver.Options.DEFAULT.maxPrintedPasses() + 1);
        Step last = differentials.get(differentials.size() - 1);
        // the rest's step says which derivatives it took, then that it took them to the end
        assertThat(last.note().text()).isEqualTo("cos'(u) = -sin(u); sin'(u) = cos(u); the same laws, applied to the end");
        assertThat(last.laws()).contains(Law.D_ELEMENTWISE);
        // a middle pass says only the derivative it took
        assertThat(differentials.get(1).note().text()).matches("(sin|cos)'\\(u\\) = -?(sin|cos)\\(u\\)");
        assertThat(differentials.subList(1, differentials.size())).allSatisfy(s -> assertThat(s.laws()).isNotEmpty());
        assertThat(dev.matdiff.calculus.Differentials.pending(last.expr())).isFalse();
        assertSound(m, program, List.of("x"), Deriver.Mode.EXPANDED);
    }

    @Test
    void aChainOfExactlyTheLimitNeedsNoExtraStep() {
        String body = "x";
        for (int i = 0; i < Deriver.Options.DEFAULT.maxPrintedPasses() - 2; i++) body = "exp(" + body + ")";
        Derivation d = MatDiff.parse("vector x(n)\nf = sum(" + body + ")\n").derive(null, List.of("x"), Deriver.Mode.EXPANDED);
        assertThat(d.steps()).noneMatch(s -> s.note().text().equals("the same laws, applied to the end"));
    }

    @Test
    void eachTermOfASumGetsItsOwnTraceWhenThereAreFew() {
        Derivation d = MatDiff.parse("vector x(n), y(n)\nf = x'*x + x'*y\n").derive("x");
        List<Step> traces = d.steps().stream().filter(s -> s.phase() == Step.Phase.TRACE).toList();
        assertThat(traces).isNotEmpty();
        assertThat(TextPrinter.print(traces.get(0).expr())).contains("+");
        assertThat(traces.get(0).laws()).contains(Law.TR_SCALAR).doesNotContain(Law.TR_SUM);
    }

    /**
     * Each z_i uses z_(i-1) twice, so as a tree the objective has 2^40 leaves: every walk of the
     * derivation must visit a shared node once (a walk that forgets what it has seen never ends).
     */
    @ParameterizedTest
    @EnumSource(Deriver.Mode.class)
    void aDagThatIsExponentialAsATreeDerivesInLinearTime(Deriver.Mode mode) {
        StringBuilder program = new StringBuilder("vector x(n)\nz0 = x\n");
        int levels = 40;
        for (int i = 1; i <= levels; i++)
            program.append("z").append(i).append(" = sin(z").append(i - 1).append(") .* cos(z").append(i - 1).append(")\n");
        program.append("f = sum(z").append(levels).append(")\n");
        MatDiff m = MatDiff.parse(program.toString());
        Derivation d = m.derive(null, List.of("x"), mode);
        assertThat(d.gradient("x").shape().isColumn()).isTrue();
        assertSound(m, program.toString(), List.of("x"), mode);
    }

    @ParameterizedTest
    @EnumSource(Deriver.Mode.class)
    void theSameDagWrittenOutAsOneExpression(Deriver.Mode mode) {
        // the text repeats each level's subexpression, so 14 levels already make 2^14 copies, which parse to one DAG
        String z = "x";
        for (int i = 0; i < 14; i++) z = "(sin(" + z + ") .* cos(" + z + "))";
        String program = "vector x(n)\nf = sum(" + z + ")\n";
        MatDiff m = MatDiff.parse(program);
        assertSound(m, program, List.of("x"), mode);
    }

    /**
     * The canceller's search for a shorter multiple met a sum past its term budget (Poly.plus gives null there) and
     * threw a NullPointerException: "internal error" from derive and check (soundness run, seed 4242, case 14963).
     */
    @ParameterizedTest
    @EnumSource(Deriver.Mode.class)
    void aSumPastTheCancellersBudgetIsLeftAsItIs(Deriver.Mode mode) {
        String program = """
                vector x(n); vector u(m); scalar b; matrix A(m, n); matrix Y(m, m); symmetric S(n)
                h1 = softmax(tanh(relu(b)*relu(u ./ exp(tanh(u)))))
                h2 = relu((h1'.^2 + h1' + h1')*(A + A)*(x + x))
                h3 = h2*(diag(h1) .* Y) + diag(arctan(u + h1))
                L = sum(h3) - log(det(S))
                """.replace("; ", "\n");
        Soundness.Outcome o = Soundness.check(program, mode, SEED);
        assertThat(o.verdict()).as(o.toString()).isIn(Soundness.Verdict.PASSED, Soundness.Verdict.REFINED, Soundness.Verdict.SKIPPED);
    }
}
