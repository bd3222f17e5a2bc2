package dev.matdiff.cli;

import dev.matdiff.MatDiff;
import dev.matdiff.expr.TextPrinter;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON of CLI.md: its fields, and every printed expression parses back in the program it came from. */
class JsonOutputTest {

    static Stream<Path> samples() throws IOException { return GoldenDerivationTest.samples(); }

    @ParameterizedTest
    @MethodSource("samples")
    void everyExpressionParsesBack(Path sample) throws IOException {
        stepsAndResultsParseBack(sample);
    }

    /** A constant the simplifier finds inside a differential (a scalar's softmax, 1) printed d(1), which does not parse (trial s59u). */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"scalar a\nf = softmax(a)*a\n", "matrix Z(1, 3)\nf = sum(softmax(Z) .* Z)\n",
            "vector x(1)\nf = softmax(x)'*x\n", "vector x(n); scalar a\nf = (x'*x)^0*a\n"})
    void aConstantInsideADifferentialParsesBack(String text, @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path program = dir.resolve("p.mdiff");
        Files.writeString(program, text);
        stepsAndResultsParseBack(program);
    }

    private static void stepsAndResultsParseBack(Path sample) throws IOException {
        Cli r = Cli.run("derive", sample.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonObject root = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(root.get("objective").getAsString()).isNotEmpty();
        assertThat(root.getAsJsonObject("self_check").get("status").getAsString()).isEqualTo("passed");
        String program = resultsParseBack(Files.readString(sample), root);
        for (JsonElement s : root.getAsJsonArray("steps")) {
            JsonObject step = s.getAsJsonObject();
            assertThat(step.get("law").getAsString()).isNotNull();
            assertThat(step.get("latex").getAsString()).isNotEmpty();
            String printed = step.get("expr").getAsString();
            assertThat(reprint(program, printed)).as(step.toString()).isEqualTo(printed);
        }
    }

    /**
     * CLI.md: a shared part printed once under a name parses back given the definitions before it, and so does every
     * result; the program with the definitions appended.
     */
    private static String resultsParseBack(String program, JsonObject root) {
        if (root.has("where"))
            for (var w : root.getAsJsonObject("where").entrySet()) {
                String printed = w.getValue().getAsString();
                assertThat(reprint(program, printed)).as(w.getKey()).isEqualTo(printed);
                program += "\n" + w.getKey() + " = " + printed;
            }
        assertThat(root.has("gradients") || root.has("jacobians")).as("a gradient or Jacobian section").isTrue();
        for (String section : List.of("gradients", "jacobians", "hessians"))
            if (root.has(section))
                for (var g : root.getAsJsonObject(section).entrySet()) {
                    String printed = g.getValue().getAsString();
                    assertThat(reprint(program, printed)).as(g.getKey()).isEqualTo(printed);
                }
        return program;
    }

    /**
     * A Jacobian that reads a bare expression's value by the name matdiff gave it has that name defined in "where", so it
     * parses back on its own (trials s63a, s63b: diag(f) - f*f' with no f); a name the user wrote is the program's.
     */
    @Test
    void aBareExpressionsNameIsDefinedWhereAResultReadsIt() {
        JsonObject bare = JsonParser.parseString(Cli.run("derive", "-e", "softmax(x)", "--no-steps", "--json").out()).getAsJsonObject();
        assertThat(bare.getAsJsonObject("jacobians").get("x").getAsString()).isEqualTo("diag(f) - f*f'");
        assertThat(bare.getAsJsonObject("where").get("f").getAsString()).isEqualTo("softmax(x)");
        JsonObject named = JsonParser.parseString(Cli.run("derive", "-e", "y = softmax(x); y", "--no-steps", "--json").out()).getAsJsonObject();
        assertThat(named.getAsJsonObject("jacobians").get("x").getAsString()).isEqualTo("diag(y) - y*y'");
        assertThat(named.has("where")).isFalse();
        // and the text says so too, where no step's first line does (trial s68a: -kron(f', f) with f never said)
        assertThat(Cli.run("derive", "-e", "inv(X)", "--no-steps").out()).isEqualTo("∂vec(f)/∂vec(X) = -kron(f', f)\n\nwhere\n   f = inv(X)\n");
        assertThat(Cli.run("derive", "-e", "y = softmax(x); y", "--no-steps").out()).isEqualTo("∂f/∂x = diag(y) - y*y'\n");
        assertThat(Cli.run("derive", "-e", "sqnorm(x)", "--no-steps").out()).isEqualTo("∇_x f = 2*x\n");
    }

    /** A named inverse whose square is named too comes first: t3 = t2^2 after t2 = inv(t1) (a round trip found t6 used before it). */
    @Test
    void aNamedInversesPowerIsDefinedAfterIt(@TempDir Path dir) throws IOException {
        String program = "matrix A(n, n), B(n, k), D(k, n)\nmatrix C(k, k) constant\n"
                + "F = commutation(n, n)*(kron(((A + B*C*D)^-2)', inv(A + B*C*D)) + kron(inv(A + B*C*D)', (A + B*C*D)^-2))\n";
        Path file = dir.resolve("w.mdiff");
        Files.writeString(file, program);
        Cli r = Cli.run("derive", file.toString(), "--wrt", "A", "--json", "--no-steps");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonObject root = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(root.getAsJsonObject("where").toString()).contains("inv(").contains("^2");
        resultsParseBack(program, root);
    }

    /** A where-block's names leave alone the names the program gives other things (t1 of another objective; round trip). */
    @Test
    void aWhereBlockDoesNotTakeTheProgramsOwnNames(@TempDir Path dir) throws IOException {
        String program = "matrix A(n, n), B(n, k), D(k, n)\nmatrix C(k, k) constant\n"
                + "F = commutation(n, n)*(kron(((A + B*C*D)^-2)', inv(A + B*C*D)) + kron(inv(A + B*C*D)', (A + B*C*D)^-2))\n"
                + "t1 = sum(A)\nt2 = sum(B)\n";
        Path file = dir.resolve("w.mdiff");
        Files.writeString(file, program);
        Cli r = Cli.run("derive", file.toString(), "--of", "F", "--wrt", "A", "--json", "--no-steps");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonObject root = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(root.getAsJsonObject("where").keySet()).isNotEmpty().doesNotContain("t1", "t2");
        resultsParseBack(program, root);
    }

    /**
     * Staged, a step reads the gradient symbols of the stages above it: each is named as its incoming step's lhs
     * (grad_h2, not ∇h2, which does not parse), so every expr parses back given the steps before it.
     */
    @ParameterizedTest
    @MethodSource("samples")
    void stagedStepsParseBackGivenTheStepsBefore(Path sample) throws IOException {
        Cli r = Cli.run("derive", sample.toString(), "--json", "--stages");
        assertThat(r.exit()).as(r.err()).isZero();
        StringBuilder program = new StringBuilder(Files.readString(sample));
        JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
        // the results may use the names "where" defines (a δ two gradients print), each after those it uses
        if (json.has("where")) json.getAsJsonObject("where").entrySet().forEach(d -> program.append('\n').append(d.getKey()).append(" = ").append(d.getValue().getAsString()));
        for (JsonElement s : json.getAsJsonArray("steps")) {
            JsonObject step = s.getAsJsonObject();
            String lhs = step.get("lhs").getAsString(), printed = step.get("expr").getAsString();
            assertThat(reprint(program.toString(), printed)).as(step.toString()).isEqualTo(printed);
            if (lhs.startsWith("grad_")) program.append('\n').append(lhs).append(" = ").append(printed);
        }
    }

    /** Parses an expression in the context of the program's declarations and definitions, and prints it again. */
    private static String reprint(String program, String expression) {
        MatDiff m = MatDiff.parse(program + "\n__json_expression = " + expression + "\n");
        return TextPrinter.print(m.program().definitions().get("__json_expression").body());
    }

    /** CLI.md: --layout numerator prints gradients and Jacobians in numerator layout "and says so"; a Jacobian is the same in both, and still says it. */
    @Test
    void theNumeratorLayoutIsSaidForAJacobianToo() {
        Cli text = Cli.run("derive", "-e", "A*x", "--wrt", "x", "--layout", "numerator", "--no-steps");
        assertThat(text.out()).startsWith("(numerator layout:").contains("∂f/∂x = A");
        Cli json = Cli.run("derive", "-e", "A*x", "--wrt", "x", "--layout", "numerator", "--no-steps", "--json");
        assertThat(JsonParser.parseString(json.out()).getAsJsonObject().get("layout").getAsString()).isEqualTo("numerator");
        assertThat(Cli.run("derive", "-e", "A*x", "--wrt", "x", "--no-steps", "--json").out()).doesNotContain("\"layout\"");
    }

    /** ∂f/∂X of a gradient that is a sum is the sum of its terms' transposes, as the textbooks write it, and is ∇ᵀ in value. */
    @Test
    void theNumeratorLayoutOfASumIsTheSumOfTransposes() {
        String program = "matrix A(p, n), X(n, m), B(m, m), C(n, p)\nf = tr(A*X*B*X'*C)";
        Cli text = Cli.run("derive", "-e", program, "--wrt", "X", "--layout", "numerator", "--no-steps");
        assertThat(text.out()).as(text.err()).endsWith("∂f/∂X = B*X'*C*A + B'*X'*A'*C'\n");
        assertThat(TextPrinter.print(MatDiff.parse(program).derive("X").gradient("X"))).isEqualTo("A'*C'*X*B' + C*A*X*B");
        MatDiff m = MatDiff.parse(program + "\ng = A'*C'*X*B' + C*A*X*B\nt = B*X'*C*A + B'*X'*A'*C'\n");
        dev.matdiff.simplify.RulesTest.assertSameValue(dev.matdiff.expr.Exprs.transpose(m.program().definitions().get("g").body()),
                m.program().definitions().get("t").body());
        // a number before the sum stays before it
        Cli scaled = Cli.run("derive", "-e", "matrix X(m, n); vector w(n), y(m); f = sqnorm(X*w - y) + sqnorm(X)", "--wrt", "X",
                "--layout", "numerator", "--no-steps");
        assertThat(scaled.out()).as(scaled.err()).endsWith("∂f/∂X = 2*(w*(X*w - y)' + X')\n");
        // a sum of no products stays whole under its transpose, as texts write it (trial s72a: softmax(Z)' - Y')
        assertThat(Cli.run("derive", "-e", "vector x(n); vector y(n) constant; L = sqnorm(x - y)", "--layout", "numerator", "--no-steps").out())
                .endsWith("∂L/∂x = 2*(x - y)'\n");
        assertThat(Cli.run("derive", "-e", "matrix Z(K,N); matrix Y(K,N) constant; assume sum(Y,1) = 1; L = -sum(Y .* log(softmax(Z)))",
                "--layout", "numerator", "--no-steps").out()).endsWith("∂L/∂Z = (softmax(Z) - Y)'\n");
    }

    @Test
    void evalJsonHasValueAndGradientsInTheirShapes(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("d.json");
        Files.writeString(data, "{\"X\": [[1, 2], [3, 4], [5, 6]], \"w\": [1, -1], \"y\": [1, 0, 2]}");
        Cli r = Cli.run("eval", "samples/linear-regression.mdiff", "--data", data.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonObject root = JsonParser.parseString(r.out()).getAsJsonObject();
        // Xw - y = (-1, -1, -1) - (1, 0, 2) = (-2, -1, -3): L = 14, ∇w = 2 Xᵀ(Xw − y) = (-40, -52)
        assertThat(root.get("value").getAsDouble()).isEqualTo(14.0);
        assertThat(root.getAsJsonObject("gradients").getAsJsonArray("w").toString()).isEqualTo("[-40.0,-52.0]");
    }

    /**
     * conv's Jacobians are its Toeplitz matrix in X and X's patches in K: eval gives them, entry by entry as
     * vec(conv(X, K)) reads, vec stacking columns (output entry u + 2v, X entry i + 3j, K entry a + 2b).
     */
    @Test
    void evalOfAConvolutionGivesItsJacobians(@TempDir Path dir) throws IOException {
        double[][] x = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}, k = {{1, -2}, {3, 5}};
        Cli r = eval(dir, "matrix X(p, q), K(r, s)\nG = conv(X, K)\nL = sum(G)\n",
                "{\"X\": [[1, 2, 3], [4, 5, 6], [7, 8, 9]], \"K\": [[1, -2], [3, 5]]}", "--of", "G", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        JsonObject root = JsonParser.parseString(r.out()).getAsJsonObject();
        double[][] inX = new double[4][9], inK = new double[4][4];
        for (int u = 0; u < 2; u++) for (int v = 0; v < 2; v++) for (int a = 0; a < 2; a++) for (int b = 0; b < 2; b++) {
            inX[u + 2 * v][(u + a) + 3 * (v + b)] = k[a][b];
            inK[u + 2 * v][a + 2 * b] = x[u + a][v + b];
        }
        assertThat(root.getAsJsonObject("jacobians").getAsJsonArray("X").toString()).isEqualTo(json(inX));
        assertThat(root.getAsJsonObject("jacobians").getAsJsonArray("K").toString()).isEqualTo(json(inK));
    }

    private static String json(double[][] rows) {
        return java.util.Arrays.stream(rows).map(row -> java.util.Arrays.stream(row).mapToObj(Double::toString)
                .collect(java.util.stream.Collectors.joining(",", "[", "]"))).collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    /** A matrix objective with no derivative in closed form (convmatrix in its kernel) still has a value: eval gives it, with a note. */
    @Test
    void evalOfAConvolutionMatrixGivesItsValueOnly(@TempDir Path dir) throws IOException {
        String program = "matrix K(2, 2)\nT = convmatrix(K, 2, 3)\n", data = "{\"K\": [[1, 2], [3, 4]]}";
        Cli r = eval(dir, program, data, "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        // the output's two entries (u = 0; v = 0, 1) read K[a][b] from X entry a + 2(v + b)
        assertThat(r.out().strip()).isEqualTo("{\"value\":[[1.0,3.0,2.0,4.0,0.0,0.0],[0.0,0.0,1.0,3.0,2.0,4.0]],\"jacobians\":{}}");
        assertThat(r.err()).startsWith("matdiff: note: T: its value only: matdiff has no closed form for a gradient through convmatrix");
        // asked for by name, the derivative is still refused
        assertThat(eval(dir, program, data, "--wrt", "K").exit()).isEqualTo(2);
    }

    /** The gradients that have a closed form are given beside one that has none (trial s69a: (-2)^a + b^2 gave none at all). */
    @Test
    void evalGivesTheGradientsThatHaveAClosedForm(@TempDir Path dir) throws IOException {
        Cli r = eval(dir, "scalar a\nscalar b\nL = (-2)^a + b^2 + a^2\n", "{\"a\": 2, \"b\": 3}", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("{\"value\":17.0,\"gradients\":{\"b\":6.0}}");
        assertThat(r.err()).startsWith("matdiff: note: L: no gradient for a: -2 to a varying power has no derivative in its exponent");
    }

    /** An objective of constants asked for its Hessian has the section, empty, as its gradients are (trial s61b). */
    @Test
    void evalOfAnObjectiveOfConstantsHasEverySectionAskedFor(@TempDir Path dir) throws IOException {
        Cli r = eval(dir, "matrix Q(2, 2)\nF = sum(sin(Q^0))\n", "{\"Q\": [[1, 2], [3, 4]]}", "--json", "--hessian");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("{\"value\":" + (2 * Math.sin(1)) + ",\"gradients\":{},\"hessians\":{}}");
    }

    /** eval of a program and its data, written to files in dir, with the options given. */
    private static Cli eval(Path dir, String program, String data, String... options) throws IOException {
        Path p = Files.writeString(dir.resolve("p.mdiff"), program), d = Files.writeString(dir.resolve("d.json"), data);
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("eval", p.toString(), "--data", d.toString()),
                java.util.Arrays.stream(options)).toArray(String[]::new);
        return Cli.run(args);
    }
}
