package dev.matdiff.robustness;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Size and depth: each input either works or fails with a clear one-line message; never a
 * StackOverflowError, an OutOfMemoryError or a hang. Each case runs in-process on a thread with
 * the stack {@code Main.main} gives its worker (2 GB: the real launcher path); the deep ones also
 * on a JVM-default 1 MB stack ({@link #onADefaultStack}), which shows which inputs need the big
 * stack, and a few through the real launcher in a child JVM with the default heap
 * ({@link #throughTheLauncher}). Wall times are printed (as information, never asserted) and
 * recorded in docs/ROBUSTNESS.md.
 *
 * <p>The three heaviest cases run only with {@code MATDIFF_ROBUSTNESS_SLOW=true}.
 */
@Tag("slow")
class HugeInputTest {

    /** A hang guard, not a benchmark: far above any case's time on a busy 2-core machine. */
    static final Duration BUDGET = Duration.ofMinutes(5);

    static final Map<String, String> TIMES = new LinkedHashMap<>();

    @TempDir static Path dir;

    @BeforeAll
    static void warmUp() {
        Runs.run(BUDGET, "derive", "samples/deep-network.mdiff", "--no-steps");
    }

    @AfterAll
    static void report() {
        StringBuilder sb = new StringBuilder("HugeInputTest wall times:\n");
        TIMES.forEach((k, v) -> sb.append(String.format("  %-62s %s%n", k, v)));
        System.out.print(sb);
    }

    // ---------------------------------------------------------------- helpers

    private static Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** Runs on the launcher's 2 GB stack, checks the CLI contract and the exit code, records the time. */
    private static Runs.Run run(String label, int exit, String... args) {
        Runs.Run r = Runs.run(BUDGET, args);
        TIMES.put(label, r.millis() + " ms" + (r.exit() == 0 ? ", " + r.out().length() + " chars out" : ", exit " + r.exit()));
        Contract.verify("huge", r, Set.of(exit));
        return r;
    }

    /** The first line of an error: the message itself must stay short, whatever the echo of the source line. */
    private static String firstLine(Runs.Run r) {
        return r.err().lines().findFirst().orElse("");
    }

    private static String repeat(String s, int n) { return s.repeat(n); }

    // ---------------------------------------------------------------- programs

    static String parens(int depth) { return "vector x\nf = " + repeat("(", depth) + "x'*x" + repeat(")", depth) + "\n"; }

    static String unaryMinus(int n) { return "vector x\nf = " + repeat("-", n) + "x'*x\n"; }

    static String network(int layers) {
        StringBuilder sb = new StringBuilder("matrix X(n, N) constant\nmatrix Y(n, N) constant\nmatrix ");
        sb.append(IntStream.rangeClosed(1, layers).mapToObj(i -> "W" + i + "(n, n)").collect(Collectors.joining(", "))).append('\n');
        sb.append("Z0 = X\n");
        for (int i = 1; i <= layers; i++) sb.append("Z").append(i).append(" = tanh(W").append(i).append("*Z").append(i - 1).append(")\n");
        return sb.append("L = sqnorm(Z").append(layers).append(" - Y)\n").toString();
    }

    static String nestedNetwork(int levels) {
        String e = "X";
        for (int i = 1; i <= levels; i++) e = "tanh(W" + i + "*" + e + ")";
        return "matrix X(n, N) constant\nmatrix Y(n, N) constant\nmatrix "
                + IntStream.rangeClosed(1, levels).mapToObj(i -> "W" + i + "(n, n)").collect(Collectors.joining(", "))
                + "\nL = sqnorm(" + e + " - Y)\n";
    }

    static String productChain(int factors) {
        return "vector x(n)\nmatrix A(n, n)\nf = x'*" + String.join("*", java.util.Collections.nCopies(factors, "A")) + "*x\n";
    }

    /** Definitions f_i = f_{i-1} + 0.5*x'*A*x - tr(A), each with a comment, up to about {@code bytes}. */
    static String megabyteProgram(int bytes) {
        StringBuilder sb = new StringBuilder("vector x(n)\nmatrix A(n, n)\nf0 = x'*A*x\n");
        int i = 0;
        while (sb.length() < bytes) {
            i++;
            sb.append('f').append(i).append(" = f").append(i - 1).append(" + 0.5*x'*A*x - tr(A) # comment ").append(i).append('\n');
        }
        return sb.toString();
    }

    static int definitions(String program) { return (int) program.lines().filter(l -> l.startsWith("f")).count() - 1; }

    /** One line of about 1.1 MB: 100,000 terms k*x'*A*x with k = 1..7 repeating. */
    static String longLine() {
        return "vector x(n); matrix A(n, n); f = "
                + IntStream.range(0, 100_000).mapToObj(k -> (k % 7 + 1) + "*x'*A*x").collect(Collectors.joining(" + ")) + "\n";
    }

    // ---------------------------------------------------------------- the cases

    @Test
    void hundredThousandNestedParenthesesAreRefusedWithAMessage() throws IOException {
        Path f = file("parens.mdiff", parens(100_000));
        Runs.Run r = run("100,000 nested parentheses (refused)", 2, "derive", f.toString());
        assertThat(firstLine(r)).isEqualTo(f + ":2:20005: expression nested deeper than 20000 parentheses");
    }

    @Test
    void twentyThousandNestedParenthesesWork() throws IOException {
        Path f = file("parens20000.mdiff", parens(20_000));
        Runs.Run r = run("20,000 nested parentheses (the limit)", 0, "derive", f.toString(), "--no-steps");
        assertThat(r.out()).isEqualTo("∇_x f = 2*x\n");
    }

    @Test
    void hundredThousandUnaryMinusSigns() throws IOException {
        Path f = file("minus.mdiff", unaryMinus(100_000));
        Runs.Run r = run("100,000 unary minus signs", 0, "derive", f.toString(), "--no-steps");
        assertThat(r.out()).isEqualTo("∇_x f = 2*x\n");
        Path odd = file("minus-odd.mdiff", unaryMinus(100_001));
        assertThat(run("100,001 unary minus signs", 0, "derive", odd.toString(), "--no-steps").out()).isEqualTo("∇_x f = -2*x\n");
    }

    @Test
    void hundredThousandPowersAndTransposes() throws IOException {
        // ^ is right associative, so a^1^1^…^1 nests 100,000 deep
        Path pow = file("powers.mdiff", "scalar a\nf = a" + repeat("^1", 100_000) + "\n");
        assertThat(run("a^1^1^…: 100,000 powers", 0, "derive", pow.toString(), "--no-steps").out()).isEqualTo("∇_a f = 1\n");
        Path ticks = file("ticks.mdiff", "vector x\nmatrix A\nf = x'*A" + repeat("'", 100_001) + "*x\n");
        Runs.Run r = run("A''…': 100,001 transposes", 0, "derive", ticks.toString(), "--no-steps");
        assertThat(r.out()).contains("∇_A f = x*x'\n");
    }

    /**
     * A tower of symbolic powers a^a^…^a: each level's derivative reads the level above twice (its value and its log), so
     * as exp-log terms it took time doubling per level (26 levels 73 s, trial s63b); as powers it is linear, named parts and
     * all, and checks.
     */
    @Test
    void aTowerOfTwoHundredSymbolicPowers() throws IOException {
        Path tower = file("tower.mdiff", "scalar a\nf = a" + repeat("^a", 199) + "\n");
        Runs.Run r = run("a^a^…^a: 200 symbolic powers", 0, "derive", tower.toString(), "--no-steps");
        assertThat(r.out()).startsWith("∇_a f = ").contains("where");
        Path five = file("tower5.mdiff", "scalar a\nf = a" + repeat("^a", 4) + "\n");
        assertThat(run("a^a^a^a^a, checked", 0, "check", five.toString()).out()).contains("passed");
    }

    /** d(A^k) has k terms: a huge exponent is refused at once (A^1e11 ran for minutes and took gigabytes), the limit derives quickly. */
    @Test
    void aHugeMatrixPowerIsRefusedWithAMessage() throws IOException {
        Path huge = file("huge-power.mdiff", "matrix X(n, n)\nf = tr(X^100000000000)\n");
        Runs.Run r = run("tr(X^1e11) (refused)", 2, "derive", huge.toString());
        assertThat(firstLine(r)).isEqualTo(huge + ":2:8: a matrix power's exponent must be between -256 and 256, not 1e11: "
                + "the differential of A^k has a term for each of its k factors");
        Path limit = file("power-limit.mdiff", "matrix X(n, n)\nf = tr(X^-256)\n");
        assertThat(run("tr(X^-256) (the limit)", 0, "derive", limit.toString(), "--no-steps").out()).isEqualTo("∇_X f = -256*(X^-256*X^-1)'\n");
    }

    /** Each level a sum nested on its left: typed as one chain, not as 19,000 flat sums each a copy of the one below. */
    @Test
    void nineteenThousandNestedSums() throws IOException {
        Path f = file("nested-sums.mdiff", "vector x(n)\nL = sum(" + "(".repeat(19_000) + "x" + " + x)".repeat(19_000) + ")\n");
        assertThat(run("19,000 nested sums ((x + x) + x) + …", 0, "derive", f.toString(), "--no-steps").out())
                .isEqualTo("∇_x L = 19001*ones(n)\n");
    }

    @Test
    void aSumOfFiftyThousandTerms() throws IOException {
        Path same = file("sum.mdiff", "vector x\nf = " + String.join(" + ", java.util.Collections.nCopies(50_000, "x'*x")) + "\n");
        assertThat(run("sum of 50,000 equal terms x'*x", 0, "derive", same.toString(), "--no-steps").out())
                .isEqualTo("∇_x f = 100000*x\n");
        Path distinct = file("sum-k.mdiff", "vector x(n)\nf = "
                + IntStream.rangeClosed(1, 50_000).mapToObj(k -> k + "*x'*x").collect(Collectors.joining(" + ")) + "\n");
        // 2 * (1 + 2 + … + 50,000) = 2,500,050,000: past the int range, so the coefficient arithmetic must not overflow
        assertThat(run("sum of 50,000 terms k*x'*x", 0, "derive", distinct.toString(), "--no-steps").out())
                .isEqualTo("∇_x f = 2500050000*x\n");
    }

    @Test
    void aOneMegabyteProgram() throws IOException {
        String program = megabyteProgram(1_000_000);
        int n = definitions(program);
        Path f = file("megabyte.mdiff", program);
        Runs.Run r = run("1 MB program (" + n + " definitions), --no-steps", 0, "derive", f.toString(), "--no-steps");
        // f_n = (1 + n/2) x'Ax - n tr(A)
        long c = 1 + n / 2;
        assertThat(n % 2).isZero();
        assertThat(r.out()).isEqualTo("∇_x f" + n + " = " + c + "*(A + A')*x\n∇_A f" + n + " = " + c + "*x*x' - " + n + "*eye(n)\n");
    }

    /**
     * Lines g_i = g_{i-1} + i*x'*A*y and g_i = g_{i-1} + log(1 + g_{i-1}^2) in a seeded random order: each gradient
     * repeats every term of the one before (flat sums), so the derivation is quadratic in the program, and 1 MB of it
     * ran for over ten minutes. It stops at the bound on the sums' terms, with one line.
     */
    @Test
    void aMegabyteChainWhoseGradientsRepeatTheirTermsStopsWithOneLine() throws IOException {
        java.util.Random random = new java.util.Random(1);
        StringBuilder sb = new StringBuilder("matrix A(n); vector x(n), y(n)\ng0 = x'*y\n");
        for (int i = 1; sb.length() < 1_000_000; i++)
            sb.append('g').append(i).append(" = g").append(i - 1).append(" + ")
                    .append(random.nextBoolean() ? i + "*x'*A*y" : "log(1 + g" + (i - 1) + "^2)").append('\n');
        Path f = file("repeating-sums.mdiff", sb.toString());
        Runs.Run r = run("1 MB chain of g_i = g_{i-1} + k*x'*A*y | log(1 + g_{i-1}^2) (refused)", 2, "derive", f.toString(), "--no-steps");
        // said at the objective, the derivation's own line
        assertThat(r.err()).startsWith(f + ":" + sb.toString().split("\n").length + ":1: the derivation's sums grow past 5,000,000 terms in all "
                + "(a gradient that repeats, at each definition, every term of the one before): too large to derive\n").hasLineCount(3);
    }

    @Test
    void aThousandLayerNetwork() throws IOException {
        Path f = file("network.mdiff", network(1000));
        Runs.Run two = run("1,000-layer network, --wrt W1,W1000 --no-steps", 0, "derive", f.toString(), "--wrt", "W1,W1000", "--no-steps");
        // the last layer's δ is in both gradients: named once (the first one's chain ends W1000'*t1)
        assertThat(two.out()).contains("∇_W1000 L = 2*t1*Z999'\n", "   t1 = (ones(n, N) - Z1000.^2) .* (Z1000 - Y)\n");
        assertThat(two.out()).startsWith("∇_W1 L = 2*((ones(n, N) - Z1.^2) .* (W2'*((ones(n, N) - Z2.^2) .* (W3'*");
        Runs.Run all = run("1,000-layer network, every W, with the steps", 0, "derive", f.toString());
        assertThat(all.out()).contains("∇_W500 L = ");
        Runs.Run check = run("1,000-layer network, check --dims n=2,N=2 --trials 1", 0,
                "check", f.toString(), "--dims", "n=2,N=2", "--trials", "1");
        assertThat(check.out()).contains(": passed (tolerance");
    }

    @Test
    void aTwoHundredLevelNestedExpression() throws IOException {
        Path f = file("nested.mdiff", nestedNetwork(200));
        Runs.Run r = run("200-level nested expression, --wrt W1 (steps)", 0, "derive", f.toString(), "--wrt", "W1");
        assertThat(r.out()).contains("∇_W1 L = ");
        Runs.Run check = run("200-level nested expression, check --dims n=2,N=2 --trials 1", 0,
                "check", f.toString(), "--dims", "n=2,N=2", "--trials", "1");
        assertThat(check.out()).contains(": passed (tolerance");
        Path exp = file("exp.mdiff", "scalar a\nf = " + repeat("exp(", 1000) + "a" + repeat(")", 1000) + "\n");
        Runs.Run e = run("exp(exp(…(a)…)): 1,000 levels, --no-steps", 0, "derive", exp.toString(), "--no-steps");
        // printed in linear size: the nested exponentials are named once each (where t1 = exp(exp(exp(a))), …), the outermost,
        // the objective's own value, by its name f
        assertThat(e.out()).startsWith("∇_a f = f*exp(t996)*t996*").contains("\nwhere\n   t1 = exp(exp(exp(a)))\n");
        assertThat(e.out().length()).isLessThan(100_000);
        // each ⊙ of the slopes once walked the whole chain below it, looking for transposes (19,000 levels: two minutes)
        Path tanh = file("tanh.mdiff", "vector x(n)\nL = sum(" + repeat("tanh(", 5000) + "x" + repeat(")", 5000) + ")\n");
        Runs.Run t = run("sum(tanh(tanh(…(x)…))): 5,000 levels, --no-steps", 0, "derive", tanh.toString(), "--no-steps");
        assertThat(t.out()).startsWith("∇_x L = (ones(n) - tanh(x).^2) .* (ones(n) - tanh(tanh(x)).^2) .* (ones(n) - t1.^2) .* ")
                .contains("\nwhere\n   t1 = tanh(tanh(tanh(x)))\n   t2 = tanh(t1)\n");
    }

    /** "scalar a / f0 = a / f_i = body(f_{i-1}) …" up to f_last, derived with --no-steps. */
    private static Runs.Run chain(String label, String variable, int first, int last, java.util.function.IntFunction<String> body)
            throws IOException {
        StringBuilder sb = new StringBuilder("scalar " + variable + "\nf" + first + " = " + variable + "\n");
        for (int i = first + 1; i <= last; i++) sb.append('f').append(i).append(" = ").append(body.apply(i - 1)).append('\n');
        Path f = file(label.replace(' ', '-') + ".mdiff", sb.toString());
        return run(label, 0, "derive", f.toString(), "--no-steps");
    }

    @Test
    void twentyThousandChainedDefinitions() throws IOException {
        Runs.Run r = chain("20,000 chained definitions f_i = exp(f_{i-1}), --no-steps", "a", 0, 20_000, i -> "exp(f" + i + ")");
        assertThat(r.out()).startsWith("∇_a f20000 = exp(f19999)*f19999*f19998*");
    }

    @Test
    void aScalarRecurrenceOfFourHundredSteps() throws IOException {
        // f_i = f_{i-1}² + x: x reaches f400 along 400 paths, so the gradient is a sum of 400 products of up to 399
        // names; reading x back through each name's definition for every product once took minutes
        Runs.Run r = chain("scalar recurrence f_i = f_{i-1}^2 + x, 400 steps, --no-steps", "x", 1, 400, i -> "f" + i + "^2 + x");
        // in the order the definitions write them: f399^2's part first, x's own 1 last
        assertThat(r.out()).startsWith("∇_x f400 = 2*f399 + 4*f398*f399 + 8*f397*f398*f399 + ").endsWith(" + 1\n");
    }

    @Test
    void aChainOfSquaresWrittenAsProducts() throws IOException {
        // f_i = f_{i-1}*f_{i-1}: the evaluator (derive's self-check) flattened the products through the names, doubling at
        // each step (20 steps: no answer in 200 s, trial s61b); as h^2 it always took a second
        Runs.Run r = chain("60 chained squares f_i = f_{i-1}*f_{i-1}, --no-steps", "a", 0, 60, i -> "f" + i + "*f" + i);
        assertThat(r.out()).startsWith("∇_a f60 = 1.15292150460684698e18*f59*f58*");
    }

    /**
     * Thirty levels P1 = A*B, P_i = step(P_{i-1}), under an objective of P30, derived with respect to A; each took minutes
     * before: arranging a gradient's sums in the objective's order looked into each sum's terms with a walk of its own (P*P
     * under tr + logdet: 22 levels 37 s); the self-check's adjugate reading of det(Y)*inv(Y) walked the gradient as a tree
     * (det, 16 levels); whether each δ t_i = P_i t_{i-1} + t_{i-1} P_i is symmetric was read through its terms' transposes
     * again and again (P'*P, 32 levels); which form holds more products of sums was counted on scalars as trees, each
     * tr(P_i) reading the names below it (P/tr(P), 28 levels 100 s). Trials s78a and s78b.
     */
    @ParameterizedTest(name = "P_i = {0}, f = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            P*P   | tr(P30) + logdet(P30) | ∇_A f = (P1'*t29 + t29*P1')*B'                           | t29 = P2'*t28 + t28*P2'
            P*P   | det(P30)              | ∇_A f = det(P30)*(P1*t28 + t28*P1)'*B'                   | t1 = P29*inv(P30) + inv(P30)*P29
            P'*P  | tr(P30)               | ∇_A f = 4*P1*(P2*t26 + t26*P2)*B'                        | t1 = P28*P29 + P29*P28
            P/tr(P) | logdet(P30)         | ∇_A f = (t30/tr(P1) - sum(P1 .* t30)*eye(n)/tr(P1)^2)*B' | t2 = sum(P29 .* inv(P30)')
            """)
    void thirtyLevelsOfNamesOfNames(String step, String objective, String starts, String holds) throws IOException {
        StringBuilder sb = new StringBuilder("matrix A(n, n), B(n, n)\nP1 = A*B\n");
        for (int i = 2; i <= 30; i++) sb.append("P").append(i).append(" = ").append(step.replace("P", "P" + (i - 1))).append('\n');
        Path f = file("levels-" + Integer.toHexString((step + objective).hashCode()) + ".mdiff", sb.append("f = ").append(objective).append('\n').toString());
        Runs.Run r = run("30 levels P_i = " + step.replace("P", "P_{i-1}") + ", " + objective + ", --no-steps", 0,
                "derive", f.toString(), "--wrt", "A", "--no-steps");
        assertThat(r.out()).startsWith(starts).contains(holds);
    }

    @Test
    void theHessianOfThirtyTwoSoftmaxLayers() throws IOException {
        // v_i = softmax(v_{i-1}) .* v_{i-1}: whether a Hessian's sums read a name to open was asked of their terms as
        // trees, and they share them: 24 levels took 12 s, 32 over two minutes (trial s78b)
        StringBuilder sb = new StringBuilder("matrix W(n, n)\nvector x(n)\nv1 = W*x\n");
        for (int i = 2; i <= 32; i++) sb.append("v").append(i).append(" = softmax(v").append(i - 1).append(") .* v").append(i - 1).append('\n');
        Path f = file("softmax-layers.mdiff", sb.append("f = log(sum(exp(v32)))\n").toString());
        Runs.Run r = run("32 layers v_i = softmax(v_{i-1}) .* v_{i-1}, --hessian --no-steps", 0, "derive", f.toString(), "--wrt", "W", "--hessian", "--no-steps");
        assertThat(r.out()).startsWith("∇_W f = (softmax(v1) .* (").contains("∇²_W f = kron(x, kron(x', ");
    }

    @Test
    void thirtyTwoProjectionsKeepWholeCoefficients() throws IOException {
        // v_i = v_{i-1} - (v_{i-1}'*u)*u: the δ's collect as binomials in u'*u, whose coefficients were divided by others
        // through their reciprocals and printed as 6435.000000000001 (trial s78b)
        StringBuilder sb = new StringBuilder("matrix W(n, n)\nvector x(n), u(n)\nv1 = W*x\n");
        for (int i = 2; i <= 32; i++) sb.append("v").append(i).append(" = v").append(i - 1).append(" - (v").append(i - 1).append("'*u)*u\n");
        Path f = file("projections.mdiff", sb.append("f = sum(v32)\n").toString());
        Runs.Run r = run("32 projections v_i = v_{i-1} - (v_{i-1}'*u)*u, --no-steps", 0, "derive", f.toString(), "--wrt", "W", "--no-steps");
        assertThat(r.out()).startsWith("∇_W f = (ones(n) + ").contains("6435*").doesNotContainPattern("\\d\\.\\d{6,}");
    }

    @Test
    void aProductChainOfTenThousandFactors() throws IOException {
        Path f = file("product.mdiff", productChain(10_000));
        Runs.Run r = run("product chain of 10,000 factors, --wrt x", 0, "derive", f.toString(), "--wrt", "x", "--no-steps");
        // A*A*…*A is collected into a power, printed in powers the language reads back (|k| ≤ 256)
        assertThat(r.out()).isEqualTo("∇_x f = ((A^256)^39*A^16 + ((A^256)^39*A^16)')*x\n");
        // with respect to A the gradient would be a sum of 10,000 products of 10,000 factors, which is refused (see the slow
        // test); 1,000 here
        Path small = file("product1000.mdiff", productChain(1000));
        Runs.Run ra = run("product chain of 1,000 factors, --wrt A", 0, "derive", small.toString(), "--wrt", "A", "--no-steps");
        assertThat(ra.out()).startsWith("∇_A f = x*x'*((A^256)^3*A^231)' + A'*x*x'*((A^256)^3*A^230)' + ")
                .contains(" + (A^256*A)'*x*x'*((A^256)^2*A^230)' + ");
    }

    @Test
    void aOneMegabyteLine() throws IOException {
        Path f = file("longline.mdiff", longLine());
        Runs.Run r = run("a 1.1 MB line (100,000 terms)", 0, "derive", f.toString(), "--no-steps");
        // Σ (k mod 7 + 1) over k < 100,000 = 399,995
        assertThat(r.out()).isEqualTo("∇_x f = 399995*(A + A')*x\n∇_A f = 399995*x*x'\n");
    }

    @Test
    void aSyntaxErrorAtTheEndOfAOneMegabyteLine() throws IOException {
        String line = longLine().strip() + " +\n";
        Path f = file("longline-error.mdiff", line);
        Runs.Run r = run("a syntax error at the end of a 1.1 MB line", 2, "derive", f.toString());
        assertThat(firstLine(r)).isEqualTo(f + ":1:" + (line.length()) + ": unexpected end of line");
        // the message is one short line; the source line it echoes under it is the whole 1.1 MB line
        TIMES.put("  (its stderr)", r.err().length() + " chars");
    }

    @Test
    void aNameOfAHundredThousandCharacters() throws IOException {
        String name = "a" + repeat("b", 99_999);
        Path f = file("name.mdiff", "vector " + name + "(n)\nf = " + name + "'*" + name + "\n");
        Runs.Run r = run("a name of 100,000 characters", 0, "derive", f.toString(), "--no-steps");
        assertThat(r.out()).isEqualTo("∇_" + name + " f = 2*" + name + "\n");
        Path unknown = file("unknown-name.mdiff", "vector x\nf = x'*" + name + "\n");
        Runs.Run u = run("an unknown name of 100,000 characters", 2, "derive", unknown.toString());
        assertThat(firstLine(u)).startsWith(unknown + ":2:8: unknown name 'abbb");
    }

    // ---------------------------------------------------------------- the stack each needs

    /**
     * The deep inputs on the JVM's default 1 MB stack, as an embedding program that calls
     * {@code Main.run} on its own thread would: each either works or ends in the one-line "nested
     * too deeply" message that {@code Main.run} turns a StackOverflowError into. Which of the two
     * is printed, and copied into docs/ROBUSTNESS.md.
     */
    @Test
    void onADefaultStack() throws IOException {
        Map<String, String> programs = new LinkedHashMap<>();
        programs.put("20,000 nested parentheses", parens(20_000));
        programs.put("100,000 unary minus signs", unaryMinus(100_000));
        programs.put("1,000 unary minus signs", unaryMinus(1000));
        programs.put("100,000 powers a^1^1…", "scalar a\nf = a" + repeat("^1", 100_000) + "\n");
        programs.put("100,001 transposes", "vector x\nmatrix A\nf = x'*A" + repeat("'", 100_001) + "*x\n");
        programs.put("1,000-layer network (--no-steps)", network(1000));
        programs.put("200-level nested expression", nestedNetwork(200));
        programs.put("1,000 nested exp", "scalar a\nf = " + repeat("exp(", 1000) + "a" + repeat(")", 1000) + "\n");
        programs.put("sum of 50,000 terms", "vector x\nf = " + String.join(" + ", java.util.Collections.nCopies(50_000, "x'*x")) + "\n");
        programs.put("product chain of 10,000 factors (--wrt x)", productChain(10_000));
        for (Map.Entry<String, String> p : programs.entrySet()) {
            Path f = file("stack.mdiff", p.getValue());
            List<String> args = new ArrayList<>(List.of("derive", f.toString(), "--no-steps"));
            if (p.getKey().contains("--wrt x")) args.addAll(List.of("--wrt", "x"));
            Runs.Run big = Runs.run(BUDGET, args.toArray(String[]::new));
            Runs.Run small = Runs.run(BUDGET, 1L << 20, args.toArray(String[]::new));
            assertThat(big.exit()).as(p.getKey() + " on 2 GB").isZero();
            assertThat(small.timedOut()).isFalse();
            assertThat(small.err()).doesNotContain("Exception", "\tat ", "internal error");
            if (small.exit() == 0) {
                assertThat(small.out()).as(p.getKey()).isEqualTo(big.out());
                TIMES.put("1 MB stack: " + p.getKey(), "works");
            } else {
                assertThat(small.exit()).isEqualTo(2);
                assertThat(small.err().lines().count()).as(p.getKey()).isEqualTo(1);
                assertThat(small.err()).as(p.getKey()).contains("nested too deeply");
                TIMES.put("1 MB stack: " + p.getKey(), "needs a bigger stack: 'the input is nested too deeply to process'");
            }
        }
    }

    // ---------------------------------------------------------------- the real launcher, in a child JVM

    record Launched(int exit, String out, String err, long millis) {}

    /** {@code java -cp … dev.matdiff.cli.Main ARGS}, the default heap and stack: Main.main's own 2 GB thread. */
    static Launched launch(String... args) throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "dev.matdiff.cli.Main"));
        command.addAll(List.of(args));
        File out = Files.createTempFile(dir, "out", ".txt").toFile(), err = Files.createTempFile(dir, "err", ".txt").toFile();
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
        if (!p.waitFor(BUDGET.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not finish within " + BUDGET + ": " + Runs.describe(args));
        }
        return new Launched(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()),
                (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void throughTheLauncher() throws IOException, InterruptedException {
        Path minus = file("launch-minus.mdiff", unaryMinus(100_000));
        Launched a = launch("derive", minus.toString(), "--no-steps");
        TIMES.put("launcher (child JVM): 100,000 unary minus signs", a.millis() + " ms");
        assertThat(a.exit()).isZero();
        assertThat(a.out()).isEqualTo("∇_x f = 2*x\n");
        assertThat(a.err()).isEmpty();

        Path parens = file("launch-parens.mdiff", parens(100_000));
        Launched b = launch("derive", parens.toString());
        TIMES.put("launcher (child JVM): 100,000 nested parentheses", b.millis() + " ms, exit " + b.exit());
        assertThat(b.exit()).isEqualTo(2);
        assertThat(b.err().lines().findFirst().orElse("")).isEqualTo(parens + ":2:20005: expression nested deeper than 20000 parentheses");
        assertThat(b.err()).doesNotContain("Exception", "\tat ");

        Path powers = file("launch-powers.mdiff", "scalar a\nf = a" + repeat("^1", 100_000) + "\n");
        Launched c = launch("derive", powers.toString(), "--no-steps");
        TIMES.put("launcher (child JVM): 100,000 powers a^1^1…", c.millis() + " ms");
        assertThat(c.exit()).isZero();
        assertThat(c.out()).isEqualTo("∇_a f = 1\n");

        Path ticks = file("launch-ticks.mdiff", "vector x\nmatrix A\nf = x'*A" + repeat("'", 100_001) + "*x\n");
        Launched d = launch("derive", ticks.toString(), "--no-steps");
        TIMES.put("launcher (child JVM): 100,001 transposes", d.millis() + " ms");
        assertThat(d.exit()).isZero();
        assertThat(d.err()).isEmpty();
    }

    // ---------------------------------------------------------------- slow: MATDIFF_ROBUSTNESS_SLOW=true

    @Test
    @EnabledIfEnvironmentVariable(named = "MATDIFF_ROBUSTNESS_SLOW", matches = "true")
    void slowCases() throws IOException {
        Path product = file("product-slow.mdiff", productChain(10_000));
        // the product rule would write 10,000 products of 10,000 factors (300 MB in 64 s before 2026-12-05; refused at the
        // chain until the seventh session): the chain is read as x'·A^10000·x first, whose power law writes 10,000 small terms
        Runs.Run p = run("SLOW product chain of 10,000 factors, --wrt A", 0, "derive", product.toString(), "--wrt", "A", "--no-steps");
        assertThat(p.out()).startsWith("∇_A f = ").contains(" + ((A^256)^39*A^15)'*x*x'");
        Path constants = file("sum-constants.mdiff", "vector x(n)\nscalar "
                + IntStream.range(0, 50_000).mapToObj(i -> "a" + i).collect(Collectors.joining(", ")) + " constant\nf = "
                + IntStream.range(0, 50_000).mapToObj(i -> "a" + i + "*x'*x").collect(Collectors.joining(" + ")) + "\n");
        Runs.Run c = run("SLOW sum of 50,000 terms a_i*x'*x (50,000 constants)", 0, "derive", constants.toString(), "--no-steps");
        assertThat(c.out()).startsWith("∇_x f = 2*(a0 + a1 + a2 + ");
        Path variables = file("sum-variables.mdiff", "scalar "
                + IntStream.range(0, 50_000).mapToObj(i -> "a" + i).collect(Collectors.joining(", ")) + "\nf = "
                + IntStream.range(0, 50_000).mapToObj(i -> "a" + i).collect(Collectors.joining(" + ")) + "\n");
        Runs.Run v = run("SLOW sum of 50,000 variables (50,000 gradients)", 0, "derive", variables.toString(), "--no-steps");
        assertThat(v.out().lines().count()).isEqualTo(50_000);
    }
}
