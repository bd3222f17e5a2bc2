package dev.matdiff.cli;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Step;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.source.MatDiffException;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code assume}: a fact the derivation uses and cites, and the numbers satisfy. */
class AssumptionTest {

    static final String ONE_HOT = "matrix W(c, n)\nvector x(n)\nvector y(c) constant\nassume sum(y) = 1\nh = W*x\nL = -y'*log(softmax(h))\n";
    static final String BATCH = "matrix W(c, n), X(n, N)\nmatrix Y(c, N) constant\nassume sum(Y, 1) = 1\nL = -sum(Y .* log(softmax(W*X)))\n";

    @Test
    void theDerivationUsesTheFactAndTheStepThatUsedItSaysSo() {
        Derivation d = MatDiff.parse(ONE_HOT).derive("W");
        assertThat(TextPrinter.print(d.gradient("W"))).isEqualTo("(softmax(h) - y)*x'");
        assertThat(d.steps()).anySatisfy(s -> assertThat(s.justification()).endsWith("by the assumption sum(y) = 1"));
        assertThat(d.steps().stream().filter(s -> !s.assumptionsUsed().isEmpty()).map(Step::phase)).containsOnly(Step.Phase.TRACE);
    }

    @Test
    void withoutTheFactTheGeneralFormStays() {
        Derivation d = MatDiff.parse(ONE_HOT.replace("assume sum(y) = 1\n", "")).derive("W");
        assertThat(TextPrinter.print(d.gradient("W"))).isEqualTo("(sum(y)*softmax(h) - y)*x'");
    }

    /** The vec route meets the fact as (s·1ᵀ − I)·y·xᵀ and, in a batch, as ones(c, c)·Y: it gives the same gradients. */
    @Test
    void theVecRouteUsesTheFactToo() {
        dev.matdiff.calculus.Deriver.Options vec = dev.matdiff.calculus.Deriver.Options.DEFAULT.withVecRoute(true);
        assertThat(TextPrinter.print(MatDiff.parse(ONE_HOT).derive(null, java.util.List.of("W"), vec).gradient("W"))).isEqualTo("(softmax(h) - y)*x'");
        assertThat(TextPrinter.print(MatDiff.parse(BATCH).derive(null, java.util.List.of("W"), vec).gradient("W"))).isEqualTo("(softmax(W*X) - Y)*X'");
    }

    /** An assumed row sum is read where Y meets a matrix of ones on its right, as a column sum is on its left. */
    @Test
    void anAssumedRowSumIsReadThroughOnes() {
        Derivation d = MatDiff.parse("matrix W(m, k)\nmatrix Y(m, n) constant\nassume sum(Y, 2) = 3\nL = sum(exp(W .* (Y*ones(n, k))))\n").derive("W");
        assertThat(TextPrinter.print(d.gradient("W"))).isEqualTo("3*exp(3*W)");
    }

    @Test
    void columnsThatSumToOneGiveTheMiniBatchGradient() {
        Derivation d = MatDiff.parse(BATCH).derive("W");
        assertThat(TextPrinter.print(d.gradient("W"))).isEqualTo("(softmax(W*X) - Y)*X'");
    }

    static final String SMOOTHED = "matrix Z(K, N)\nmatrix Y(K, N) constant\nscalar eps constant\nassume sum(Y, 1) = 1\n"
            + "T = (1 - eps)*Y + eps/K*ones(K, N)\n";

    /** A definition built from the assumed symbol gets the facts its sums then satisfy, and only those. */
    @Test
    void aFactReachesADefinitionWhoseSumsItMakesConstant() {
        Derivation d = MatDiff.parse(SMOOTHED + "L = -sum(T .* log(softmax(Z)))/N\n").derive("Z");
        assertThat(TextPrinter.print(d.gradient("Z"))).isEqualTo("(softmax(Z) - T)/N");
        assertThat(d.steps()).anySatisfy(s -> assertThat(s.justification()).endsWith("by the assumption sum(T, 1) = ones(N)', as sum(Y, 1) = 1"));
        // its row sums are not constant: nothing is assumed of them
        assertThat(TextPrinter.print(MatDiff.parse(SMOOTHED + "vector v(K)\nL = v'*sum(T, 2)\n").derive("v").gradient("v"))).isEqualTo("sum(T, 2)");
        // a definition that reads a variable being differentiated cannot be assumed anything
        Derivation varying = MatDiff.parse("matrix Z(K, N), W(K, N)\nmatrix Y(K, N) constant\nassume sum(Y, 1) = 1\nT = Y + W\n"
                + "L = -sum(T .* log(softmax(Z)))\n").derive("Z", "W");
        assertThat(TextPrinter.print(varying.gradient("Z"))).contains("sum(T, 1)");
    }

    /** A fact used only where a staged derivation writes out its stand-ins is cited there, on the gradient's line. */
    @Test
    void aFactUsedInWritingOutTheGradientIsCitedOnItsLine() {
        Derivation d = MatDiff.parse("matrix W(K, d)\nmatrix X(d, N), Y(K, N) constant\nscalar eps constant\nassume sum(Y, 1) = 1\n"
                + "LP = log(softmax(W*X))\nL = -(1 - eps)*sum(Y .* LP)/N - eps/K*sum(LP)/N\n").derive("W");
        assertThat(TextPrinter.print(d.gradient("W"))).doesNotContain("sum(");
        assertThat(d.steps().get(d.steps().size() - 1).justification()).endsWith("by the assumption sum(Y, 1) = 1");
    }

    @Test
    void checkAndTheSelfCheckUseDataThatSatisfiesTheFact(@TempDir Path dir) throws IOException {
        Path p = Files.writeString(dir.resolve("batch.mdiff"), BATCH);
        Cli check = Cli.run("check", p.toString(), "--wrt", "W,X");
        assertThat(check.exit()).as(check.err()).isZero();
        assertThat(check.out()).contains("passed");
        // the gradient is right only where the columns sum to 1: the self-check must draw such data
        Cli derive = Cli.run("derive", p.toString(), "--wrt", "W", "--json");
        assertThat(derive.exit()).as(derive.err()).isZero();
        assertThat(derive.out()).contains("\"status\": \"passed\"");
    }

    /** A total of 0 or less is reached by shifting the drawn entries: scaled, a total of 0 made every entry 0, and a check there tests nothing. */
    @Test
    void randomDataForATotalOfZeroOrLessIsNotAllZero() {
        MatDiff m = MatDiff.parse("matrix Y(3, 4) constant\nvector y(5) constant\nvector x(5)\n"
                + "assume sum(Y, 1) = 0\nassume sum(y) = -2\nf = sum(x .* y) + sum(Y)\n");
        java.util.Random r = new java.util.Random(3);
        Map<String, RealMatrix> drawn = Map.of("Y", dev.matdiff.testing.Fixtures.random(r, 3, 4),
                "y", dev.matdiff.testing.Fixtures.random(r, 5, 1), "x", dev.matdiff.testing.Fixtures.random(r, 5, 1));
        dev.matdiff.numeric.Bindings at = dev.matdiff.check.AssumedData.satisfying(
                dev.matdiff.numeric.Bindings.bind(m.program().variables().values(), drawn), m.program().assumptions());
        RealMatrix bigY = at.values().get("Y"), y = at.values().get("y");
        for (int j = 0; j < 4; j++) {
            double sum = 0;
            for (int i = 0; i < 3; i++) sum += bigY.getEntry(i, j);
            assertThat(sum).as("column %d's sum", j).isCloseTo(0, org.assertj.core.api.Assertions.within(1e-12));
        }
        assertThat(bigY.getNorm()).isGreaterThan(0.1);
        double total = 0, most = 0, least = 0;
        for (int i = 0; i < 5; i++) {
            total += y.getEntry(i, 0);
            most = Math.max(most, y.getEntry(i, 0));
            least = Math.min(least, y.getEntry(i, 0));
        }
        assertThat(total).isCloseTo(-2, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(most - least).as("the spread of y's entries").isGreaterThan(0.1);
    }

    /** eval, and check at a given point (where the right gradient would otherwise be reported as failed). */
    @ParameterizedTest
    @ValueSource(strings = {"eval", "check"})
    void givenDataThatBreaksTheFactIsRejectedAndPointedAt(String command, @TempDir Path dir) throws IOException {
        Path p = Files.writeString(dir.resolve("ce.mdiff"), ONE_HOT);
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"W\": [[1, 2], [3, 4]], \"x\": [1, 1], \"y\": [0.5, 0.6]}");
        Cli run = Cli.run(command, p.toString(), "--data", bad.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith(bad + ":1:").contains("does not satisfy the assumption sum(y) = 1: it is 1.1");
        assertThat(run.out()).doesNotContain("FAILED");
        Path good = Files.writeString(dir.resolve("good.json"), "{\"W\": [[1, 2], [3, 4]], \"x\": [1, 1], \"y\": [0.25, 0.75]}");
        Cli ok = Cli.run(command, p.toString(), "--data", good.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
    }

    @Test
    void theLibraryChecksGivenDataToo() {
        MatDiff m = MatDiff.parse(ONE_HOT);
        Derivation d = m.derive("W");
        Map<String, RealMatrix> values = Map.of("W", MatrixUtils.createRealMatrix(new double[][] {{1, 2}, {3, 4}}),
                "x", MatrixUtils.createColumnRealMatrix(new double[] {1, 1}), "y", MatrixUtils.createColumnRealMatrix(new double[] {1, 1}));
        assertThatThrownBy(() -> m.evaluate(d, values)).isInstanceOf(MatDiffException.class).hasMessageContaining("sum(y) = 1");
    }

    /** The right side as a reader writes it for a row of column totals: ones(N)', ones(1, N), 1, or a multiple. */
    @ParameterizedTest
    @ValueSource(strings = {"1", "ones(1, N)", "ones(N)'", "2*ones(N)'/2", "-(-ones(1, N))"})
    void aRowOfOnesIsTheNumberOne(String right) {
        Derivation d = MatDiff.parse(BATCH.replace("= 1", "= " + right)).derive("W");
        assertThat(TextPrinter.print(d.gradient("W"))).isEqualTo("(softmax(W*X) - Y)*X'");
    }

    /** An assumption is a fact about a constant: with no --wrt, a symbol assumed about is not among the variables. */
    @Test
    void anAssumedSymbolIsNotDifferentiatedUnlessAskedFor(@TempDir Path dir) throws IOException {
        MatDiff m = MatDiff.parse(ONE_HOT.replace("vector y(c) constant", "vector y(c)"));
        assertThat(m.program().defaultWrt(null)).containsExactly("W", "x");
        assertThat(TextPrinter.print(m.derive().gradient("W"))).isEqualTo("(softmax(h) - y)*x'");
        MatDiff onlyAssumed = MatDiff.parse("vector y(n)\nassume sum(y) = 1\nL = y'*y\n");
        // said at the assumption, which is what holds y: declaring it without 'constant' (it is) would not help
        assertThatThrownBy(() -> onlyAssumed.derive()).isInstanceOf(MatDiffException.class)
                .hasMessage("'L' has no variable to differentiate: 'y' is assumed to satisfy sum(y) = 1, which holds it constant (an assumption is "
                        + "a fact about a constant); declare it constant, or leave the assumption out to differentiate with respect to it")
                .satisfies(e -> assertThat(((MatDiffException) e).pos().line()).isEqualTo(2));
        Path p = Files.writeString(dir.resolve("held.mdiff"), "vector y(n)\nassume sum(y) = 1\nL = y'*y\n");
        Cli cli = Cli.run("derive", p.toString());
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).startsWith(p + ":2:1: 'L' has no variable to differentiate: 'y' is assumed to satisfy sum(y) = 1")
                .contains("\nassume sum(y) = 1\n^~~~");
    }

    @Test
    void aFactAboutAVariableBeingDifferentiatedIsRefused() {
        MatDiff m = MatDiff.parse(ONE_HOT.replace("vector y(c) constant", "vector y(c)"));
        assertThatThrownBy(() -> m.derive("W", "y")).isInstanceOf(MatDiffException.class)
                .hasMessageContaining("'y' is assumed to satisfy sum(y) = 1, so it cannot be differentiated");
    }

    /** A total written as a product with ones is the sum it is (trial s63a: ones(K)'*y = 1 and Y'*ones(K) = ones(N) were refused). */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "vector y(K) constant; vector z(K); assume ones(K)'*y = 1; L = -y'*log(softmax(z))                  | z | softmax(z) - y",
            "vector y(K) constant; vector z(K); assume y'*ones(K) = 1; L = -y'*log(softmax(z))                  | z | softmax(z) - y",
            "matrix Y(K, N) constant; matrix Z(K, N); assume Y'*ones(K) = ones(N); L = -sum(Y .* log(softmax(Z)))    | Z | softmax(Z) - Y",
            "matrix Y(K, N) constant; matrix Z(K, N); assume ones(K)'*Y = ones(1, N); L = -sum(Y .* log(softmax(Z))) | Z | softmax(Z) - Y",
            "matrix Y(m, n) constant; matrix Z(k, m); assume Y*ones(n) = 3*ones(m); L = sum(Z*Y)                     | Z | 3*ones(k, m)"})
    void aTotalWrittenWithOnesIsTheSum(String program, String wrt, String gradient) {
        Cli check = Cli.run("check", "-e", program, "--wrt", wrt);
        assertThat(check.exit()).as(check.err()).isZero();
        assertThat(Cli.run("derive", "-e", program, "--wrt", wrt, "--no-steps").out()).isEqualTo("∇_" + wrt + " L = " + gradient + "\n");
    }

    @Test
    void onlyFactsMatdiffCanUseAndMakeTrueAreAccepted() {
        assertThatThrownBy(() -> MatDiff.parse("vector y(n)\nassume y'*y + 1 = 2\nf = sum(y)\n"))
                .isInstanceOf(MatDiffException.class).hasMessageContaining("matdiff can assume a total, a length or a magnitude of one symbol");
        assertThatThrownBy(() -> MatDiff.parse("vector y(n), z(n)\nassume sum(y) = sum(z)\nf = sum(y)\n"))
                .isInstanceOf(MatDiffException.class).hasMessageContaining("right side must be a number");
        // two sides of different shapes: the assumption equates them, it adds nothing
        assertThatThrownBy(() -> MatDiff.parse("vector y(n), x(n)\nassume sum(y) = x\nf = sum(y)\n"))
                .isInstanceOf(MatDiffException.class).hasMessageContaining("cannot equate sum(y) (1×1) and x (n×1): shapes differ");
        assertThatThrownBy(() -> MatDiff.parse("vector y(n)\nassume norm(y) = -1\nf = sum(y)\n"))
                .isInstanceOf(MatDiffException.class).hasMessageContaining("a norm is never negative").hasMessageContaining("cannot hold");
        // a norm of 0 can hold, but only for y = 0: said so, not "a norm is positive"
        assertThatThrownBy(() -> MatDiff.parse("vector y(n)\nassume norm(y) = 0\nf = sum(y)\n"))
                .isInstanceOf(MatDiffException.class).hasMessageContaining("says y is zero");
    }

    static final String PLUS_MINUS_ONE = "matrix X(m, n) constant\nvector w(n)\nvector y(m) constant\nassume abs(y) = ones(m)\n"
            + "L = sum(log(ones(m) + exp(-y .* (X*w))))\n";

    /** Labels ±1: the logistic Hessian's y ⊙ y is 1, and the line that used it says so. */
    @Test
    void labelsOfPlusOrMinusOneSquareToOne(@TempDir Path dir) throws IOException {
        Derivation d = MatDiff.parse(PLUS_MINUS_ONE).derive(null, java.util.List.of("w"), dev.matdiff.calculus.Deriver.Options.DEFAULT.withSecondOrder(true, false));
        assertThat(TextPrinter.print(d.hessian("w"))).isEqualTo("X'*diag(sigmoid(-y .* (X*w)) .* sigmoid(y .* (X*w)))*X");
        assertThat(d.steps()).anyMatch(s -> s.justification().contains("by the assumption abs(y) = ones(m)"));
        Path p = Files.writeString(dir.resolve("pm.mdiff"), PLUS_MINUS_ONE);
        Cli check = Cli.run("check", p.toString(), "--hessian");
        assertThat(check.exit()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("passed").doesNotContain("FAILED");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"X\": [[1, 2], [3, 4]], \"w\": [1, 1], \"y\": [1, 0.5]}");
        Cli eval = Cli.run("eval", p.toString(), "--data", bad.toString());
        assertThat(eval.exit()).isEqualTo(2);
        assertThat(eval.err()).contains("does not satisfy the assumption abs(y) = ones(m): for entry 2 it is 0.5");
        Path good = Files.writeString(dir.resolve("good.json"), "{\"X\": [[1, 2], [3, 4]], \"w\": [1, 1], \"y\": [1, -1]}");
        Cli ok = Cli.run("eval", p.toString(), "--data", good.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
    }

    /** y.^k for entries ±c: c^k for k even, c^(k−1)·y for k odd, y ⊙ y is c²; checked at data matdiff draws to satisfy it. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "x'*(y.^3) | 4*y", "x'*(y .* y) | 4*ones(n)", "sum(x .* y.^4) | 16*ones(n)", "x'*(y.^-1) | y/4",
            // |y| is the magnitude, sign(y) = y/c (trial s72a: sign(y) stayed)
            "sign(y)'*x | y/2", "sum(abs(y) .* x) | 2*ones(n)"})
    void powersOfEntriesOfOneMagnitude(String objective, String gradient, @TempDir Path dir) throws IOException {
        String program = "vector x(n)\nvector y(n) constant\nassume abs(y) = 2*ones(n)\nf = " + objective + "\n";
        assertThat(TextPrinter.print(MatDiff.parse(program).derive("x").gradient("x"))).isEqualTo(gradient);
        Cli check = Cli.run("check", Files.writeString(dir.resolve("pow.mdiff"), program).toString());
        assertThat(check.exit()).as(check.out() + check.err()).isZero();
    }

    /** A matrix's power is not its entries' power: tr(Y^2*X) keeps Y^2 (review: the rule read it as ones, a wrong gradient). */
    @Test
    void aMatrixPowerIsNotReadAsEntriesOfOneMagnitude(@TempDir Path dir) throws IOException {
        String program = "matrix Y(n, n) constant\nmatrix X(n, n)\nassume abs(Y) = ones(n, n)\nf = tr(Y^2*X) + sum(X .* Y.^2)\n";
        assertThat(TextPrinter.print(MatDiff.parse(program).derive("X").gradient("X"))).isEqualTo("(Y^2)' + ones(n, n)");
        Cli check = Cli.run("check", Files.writeString(dir.resolve("power.mdiff"), program).toString());
        assertThat(check.exit()).as(check.out() + check.err()).isZero();
    }

    /** A matrix's entry off its magnitude is named by its row and column (review: "entry 6" counted column by column). */
    @Test
    void aMatrixEntryOffItsMagnitudeIsNamedByRowAndColumn(@TempDir Path dir) throws IOException {
        Path p = Files.writeString(dir.resolve("y.mdiff"), "matrix Y(2, 3) constant\nmatrix W(2, 3)\nassume abs(Y) = ones(2, 3)\nL = sum(W .* Y)\n");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"Y\": [[1, -1, 1], [1, 1, 0.5]], \"W\": [[1, 2, 3], [4, 5, 6]]}");
        Cli eval = Cli.run("eval", p.toString(), "--data", bad.toString());
        assertThat(eval.exit()).isEqualTo(2);
        assertThat(eval.err()).contains("does not satisfy the assumption abs(Y) = ones(2, 3): for entry (2, 3) it is 0.5");
    }

    /** Drawn data: entries ±c of both signs. */
    @Test
    void randomDataOfOneMagnitudeHasBothSigns() {
        MatDiff m = MatDiff.parse("matrix Y(3, 4) constant\nvector x(4)\nassume abs(Y) = 0.5*ones(3, 4)\nf = sum(Y*x)\n");
        java.util.Random r = new java.util.Random(5);
        Map<String, RealMatrix> drawn = Map.of("Y", dev.matdiff.testing.Fixtures.random(r, 3, 4), "x", dev.matdiff.testing.Fixtures.random(r, 4, 1));
        RealMatrix y = dev.matdiff.check.AssumedData.satisfying(
                dev.matdiff.numeric.Bindings.bind(m.program().variables().values(), drawn), m.program().assumptions()).values().get("Y");
        java.util.Set<Double> entries = new java.util.TreeSet<>();
        for (double[] row : y.getData()) for (double v : row) entries.add(v);
        assertThat(entries).containsExactly(-0.5, 0.5);
    }

    @Test
    void aMagnitudeIsTheOnlyFactOfItsSymbol() {
        assertThatThrownBy(() -> MatDiff.parse("vector y(n) constant\nvector x(n)\nassume abs(y) = ones(n)\nassume sum(y) = 0\nf = x'*y\n"))
                .isInstanceOf(MatDiffException.class).hasMessageContaining("cannot make another fact of y hold beside it");
        assertThatThrownBy(() -> MatDiff.parse("vector y(n) constant\nvector x(n)\nassume abs(y) = -ones(n)\nf = x'*y\n"))
                .isInstanceOf(MatDiffException.class).hasMessageContaining("an absolute value is never negative");
        assertThatThrownBy(() -> MatDiff.parse("vector y(n) constant\nvector x(n)\nassume abs(y) = 0\nf = x'*y\n"))
                .isInstanceOf(MatDiffException.class).hasMessageContaining("says y is zero");
    }

    @Test
    void aLengthIsAFactToo() {
        Derivation d = MatDiff.parse("vector y(n) constant\nvector x(n)\nassume norm(y) = 1\nf = (y'*y)*x'*x\n").derive("x");
        assertThat(TextPrinter.print(d.gradient("x"))).isEqualTo("2*x");
    }

    /** A squared length, sqnorm(y) = c or y'*y = c, is the length √c, and says so where it is cited or broken (trial s73a). */
    @Test
    void aSquaredLengthIsALength() {
        for (String fact : java.util.List.of("sqnorm(y) = 4", "y'*y = 4")) {
            Derivation d = MatDiff.parse("vector y(n) constant\nvector x(n)\nassume " + fact + "\nf = (y'*y)*x'*x + norm(y)*sum(x)\n").derive("x");
            assertThat(TextPrinter.print(d.gradient("x"))).isEqualTo("2*(4*x + ones(n))");
            assertThat(d.assumptions().get(0).text()).isEqualTo("norm(y) = 2 (as " + fact + ")");
        }
        // checked in numbers: data drawn to the fact, where the gradient that used it is right (and only there)
        Cli check = Cli.run("check", "-e", "vector y(n) constant; vector x(n); assume y'*y = 4; L = (y'*y)*x'*x + norm(y)*sum(x)", "--wrt", "x");
        assertThat(check.exit()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("passed");
        assertThatThrownBy(() -> MatDiff.parse("vector y(n)\nassume y'*y = -1\nf = sum(y)\n"))
                .isInstanceOf(MatDiffException.class).hasMessageContaining("a squared norm is never negative");
    }

    static final String TWO_FACTS = "matrix W(k,n)\nvector x(n) constant\nvector y(k) constant\nassume sum(y) = 1\nassume norm(y) = 1\n"
            + "L = -y'*log(softmax(W*x)) + sqnorm(y)*sum(W)\n";
    static final String DOUBLY_STOCHASTIC = "matrix W(k,k)\nmatrix Y(k,k) constant\nassume sum(Y, 1) = 1\nassume sum(Y, 2) = 1\n"
            + "L = -sum(Y .* log(softmax(W*Y))) + sqnorm(Y)*sum(W)\n";

    /** The user's report: data drawn for the second fact broke the first, and a right gradient was called wrong. */
    @ParameterizedTest
    @ValueSource(strings = {TWO_FACTS, DOUBLY_STOCHASTIC})
    void twoFactsOnOneSymbolHoldTogetherInTheChecks(String program, @TempDir Path dir) throws IOException {
        Path p = Files.writeString(dir.resolve("two.mdiff"), program);
        Cli derive = Cli.run("derive", p.toString(), "--json");
        assertThat(derive.exit()).as(derive.err()).isZero();
        assertThat(derive.out()).contains("\"status\": \"passed\"");
        Cli check = Cli.run("check", p.toString());
        assertThat(check.exit()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("passed").doesNotContain("FAILED");
    }

    @Test
    void contradictoryFactsAreAnErrorAtTheSecond(@TempDir Path dir) throws IOException {
        Path p = Files.writeString(dir.resolve("contra.mdiff"), ONE_HOT.replace("assume sum(y) = 1\n", "assume sum(y) = 2\nassume sum(y) = 1\n"));
        for (String command : new String[] {"derive", "check"}) {
            Cli run = Cli.run(command, p.toString());
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).startsWith(p + ":5:1: sum(y) = 1 contradicts the assumption sum(y) = 2 at line 4")
                    .contains("\nassume sum(y) = 1\n^");
            assertThat(run.out()).doesNotContain("FAILED");
        }
    }

    /** sum(y) = 3 with norm(y) = 1 needs 9 entries or more: at the sizes drawn no data fits, which is not a failure of the gradient. */
    @Test
    void factsNoDataOfTheDrawnSizesSatisfiesSkipTheSelfCheckAndAreRefusedByCheck(@TempDir Path dir) throws IOException {
        Path p = Files.writeString(dir.resolve("far.mdiff"), TWO_FACTS.replace("sum(y) = 1", "sum(y) = 3"));
        Cli derive = Cli.run("derive", p.toString(), "--json");
        assertThat(derive.exit()).as(derive.err()).isZero();
        assertThat(derive.out()).contains("\"status\": \"skipped\"");
        assertThat(derive.err()).contains("the self-check was skipped").contains("cannot draw data that satisfies norm(y) = 1 together with sum(y) = 3");
        Cli check = Cli.run("check", p.toString(), "--dims", "k=3");
        assertThat(check.exit()).isEqualTo(2);
        assertThat(check.err()).startsWith(p + ":5:1: matdiff cannot draw data that satisfies norm(y) = 1 together with sum(y) = 3 (line 4)");
        assertThat(check.out()).doesNotContain("FAILED");
        Cli larger = Cli.run("check", p.toString(), "--dims", "k=10");
        assertThat(larger.exit()).as(larger.out() + larger.err()).isZero();
    }
}
