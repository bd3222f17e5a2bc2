package dev.matdiff.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.matdiff.MatDiff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Printed size linear in the DAG: residual blocks that share one W give a gradient whose tree
 * doubles with each block; printed with named temporaries, it grows by about the same with each.
 */
class PrintedSizeTest {

    static String residual(int blocks) {
        StringBuilder s = new StringBuilder("matrix W(n, n)\nvector x(n), y(n) constant\nh0 = x\n");
        for (int i = 0; i < blocks; i++) s.append("h").append(i + 1).append(" = h").append(i).append(" + tanh(W*h").append(i).append(")\n");
        return s.append("L = sqnorm(h").append(blocks).append(" - y)\n").toString();
    }

    static String derive(Path dir, int blocks, String... flags) throws IOException {
        Path p = Files.writeString(dir.resolve("res" + blocks + ".mdiff"), residual(blocks));
        String[] args = new String[4 + flags.length];
        args[0] = "derive"; args[1] = p.toString(); args[2] = "--wrt"; args[3] = "W";
        System.arraycopy(flags, 0, args, 4, flags.length);
        Cli run = Cli.run(args);
        assertThat(run.exit()).as(run.err()).isZero();
        return run.out();
    }

    @Test
    void theResidualNetworksJsonGrowsLinearlyWithTheBlocks(@TempDir Path dir) throws IOException {
        long s10 = derive(dir, 10, "--json", "--no-self-check").length();
        long s20 = derive(dir, 20, "--json", "--no-self-check").length();
        long s40 = derive(dir, 40, "--json", "--no-self-check").length();
        assertThat(s40).as("bytes for 40 blocks").isLessThan(200_000);
        // without names each block would double the gradient
        assertThat((s40 - s20) / 20.0).as("bytes per block from 20 to 40").isLessThan(1.5 * (s20 - s10) / 10.0);
    }

    /** A six-step RNN's gradient repeats each step's δ: named once, it reads as backpropagation's recursion. */
    @Test
    void anUnrolledRnnNamesEachStepsDelta(@TempDir Path dir) throws IOException {
        StringBuilder s = new StringBuilder("matrix W(n, n), U(n, m)\nvector h0(n), y(n) constant\n");
        for (int i = 1; i <= 6; i++) s.append("vector x").append(i).append("(m) constant\n");
        for (int i = 1; i <= 6; i++) s.append("h").append(i).append(" = tanh(W*h").append(i - 1).append(" + U*x").append(i).append(")\n");
        Path p = Files.writeString(dir.resolve("rnn6.mdiff"), s.append("L = sqnorm(h6 - y)/2\n").toString());
        Cli run = Cli.run("derive", p.toString(), "--no-steps");
        assertThat(run.out()).startsWith("∇_W L = t1*h5' + t2*h4' + t3*h3' + t4*h2' + t5*h1' + ")
                .contains("\nwhere\n   t1 = (ones(n) - h6.^2) .* (h6 - y)\n   t2 = (ones(n) - h5.^2) .* (W'*t1)\n");
    }

    /** Blocks with a weight each: t_i = tanh(W_i*t_{i-1}) + t_{i-1}, L = sum of the last; the gradient wrt the first weight. */
    static String residualWithWeights(int blocks) {
        StringBuilder s = new StringBuilder("matrix X(n, b)\n");
        for (int i = 1; i <= blocks; i++) s.append("matrix W").append(i).append("(n, n)\n");
        s.append("t0 = X\n");
        for (int i = 1; i <= blocks; i++) s.append("t").append(i).append(" = tanh(W").append(i).append("*t").append(i - 1).append(") + t").append(i - 1).append('\n');
        return s.append("L = sum(sum(t").append(blocks).append("))\n").toString();
    }

    /**
     * Each block's δ is the one above plus the block's branch, as backpropagation writes it: named once, not each δ's
     * terms written again in every δ below it (flat, 40 blocks printed 40 sums of up to 40 terms).
     */
    @Test
    void aResidualNetworksDeltasExtendTheOneAbove(@TempDir Path dir) throws IOException {
        assertLinearInDepth(dir, PrintedSizeTest::residualWithWeights, "W1");
        Cli run = Cli.run("derive", "-e", residualWithWeights(4), "--wrt", "W1", "--no-steps");
        // the program numbers its layers t0 … t4: the δ's are u1, u2, not t5, t6, which would read as two more layers
        assertThat(run.out()).startsWith("∇_W1 L = ((ones(n, b) - tanh(W1*t0).^2) .* (u2 + W2'*((ones(n, b) - tanh(W2*t1).^2) .* u2)))*t0'")
                .contains("   u1 = ones(n, b) + W4'*(ones(n, b) - tanh(W4*t3).^2)\n   u2 = u1 + W3'*((ones(n, b) - tanh(W3*t2).^2) .* u1)\n");
    }

    @Test
    void theTextGrowsLinearlyToo(@TempDir Path dir) throws IOException {
        long s10 = derive(dir, 10, "--no-self-check").length(), s20 = derive(dir, 20, "--no-self-check").length(),
                s40 = derive(dir, 40, "--no-self-check").length();
        assertThat((s40 - s20) / 20.0).isLessThan(1.5 * (s20 - s10) / 10.0);
    }

    /** The gradient and the definitions it uses parse back, and mean what the gradient means. */
    @Test
    void theNamedPartsParseBackAndGiveTheSameNumbers(@TempDir Path dir) throws IOException {
        JsonObject json = JsonParser.parseString(derive(dir, 12, "--json")).getAsJsonObject();
        assertThat(json.has("where")).isTrue();
        StringBuilder program = new StringBuilder(residual(12));
        for (Map.Entry<String, com.google.gson.JsonElement> t : json.getAsJsonObject("where").entrySet())
            program.append(t.getKey()).append(" = ").append(t.getValue().getAsString()).append('\n');
        program.append("G = ").append(json.getAsJsonObject("gradients").get("W").getAsString()).append('\n');
        MatDiff m = MatDiff.parse(program.toString());
        assertThat(m.program().definitions()).containsKey("G");
        assertThat(json.getAsJsonObject("self_check").get("status").getAsString()).isEqualTo("passed");
    }

    /**
     * A Hessian names parts of its own, some of them inside parts the gradient named first: the "where"
     * list still defines each name before any definition uses it, so read in order it parses back.
     */
    @Test
    void aHessiansNamedPartsAreListedInDependencyOrder(@TempDir Path dir) throws IOException {
        for (String flag : new String[] {"--hessian", "--hvp"}) {
            JsonObject json = JsonParser.parseString(derive(dir, 6, "--json", "--no-steps", "--no-self-check", flag)).getAsJsonObject();
            StringBuilder program = new StringBuilder(residual(6));
            if (json.has("directions")) program.append("matrix ").append(json.getAsJsonObject("directions").get("W").getAsString()).append("(n, n)\n");
            for (Map.Entry<String, com.google.gson.JsonElement> t : json.getAsJsonObject("where").entrySet())
                program.append(t.getKey()).append(" = ").append(t.getValue().getAsString()).append('\n');
            String kind = flag.equals("--hessian") ? "hessians" : "hessian_vector_products";
            program.append("H = ").append(json.getAsJsonObject(kind).get("W").getAsString()).append('\n');
            assertThat(MatDiff.parse(program.toString()).program().definitions()).as(flag).containsKey("H");
        }
    }

    /** A part met as itself and transposed is named once, and its transpose prints as t1': layer norm's HVP had t2 = t1'. */
    @Test
    void aTransposeIsNotNamedApartFromItsOperand(@TempDir Path dir) throws IOException {
        Path p = Files.writeString(dir.resolve("ln.mdiff"), "vector x(n)\nvector t(n), g(n) constant\nmu = sum(x)/n\nxc = x - mu*ones(n)\n"
                + "v = sum(xc .* xc)/n\ny = g .* xc/sqrt(v)\nL = t'*y\n");
        Cli run = Cli.run("derive", p.toString(), "--hvp", "--no-steps");
        assertThat(run.exit()).as(run.err()).isZero();
        // the program's t makes the names u1, u2, …: t1 beside t would read as related to it
        assertThat(run.out()).contains("\n   u2 = V - mean(V)*ones(n)\n", "\n   u3 = u2'*xc\n").doesNotContainPattern("[tu]\\d+ = [tu]\\d+'\n")
                .doesNotContainPattern("t\\d+ =");
    }

    @Test
    void aShortDerivationNamesNothing(@TempDir Path dir) throws IOException {
        assertThat(derive(dir, 2, "--json")).doesNotContain("\"where\"");
        assertThat(derive(dir, 2)).doesNotContain("where");
    }

    /**
     * A mixture density network: each gradient prints the Gaussian factor twice, four times between them: named once; the
     * second writes pi .* t1 as the first does (trial s74b).
     */
    @Test
    void aValueTheGradientsPrintTwiceEachIsNamedOnceForBoth() {
        String mdn = "matrix W(K, d), Wm(K, d)\nvector x(d) constant\nscalar y constant\nscalar sg constant\n"
                + "pi = softmax(W*x)\nmu = Wm*x\nL = -log(pi'*exp(-(y*ones(K) - mu).^2/(2*sg^2)))";
        assertDerives(mdn, "W,Wm", "∇_W L = (pi - (pi .* t1)/(pi'*t1))*x'\n"
                + "∇_Wm L = -((y*ones(K) - mu) .* pi .* t1)*x'/(pi'*t1*sg^2)\n\nwhere\n   t1 = exp(-(y*ones(K) - mu).^2/(2*sg^2))\n");
    }

    /** Three residual blocks of a vector: a shorter result, but its δ's, each printed twice, are named as in a long one. */
    @Test
    void aShorterResultNamesItsDeltasToo() {
        String blocks = "vector x(n); matrix W1(n,n), W2(n,n), W3(n,n)\nh1 = tanh(W1*x) + x\nh2 = tanh(W2*h1) + h1\n"
                + "h3 = tanh(W3*h2) + h2\nL = sum(h3)";
        // tanh(W3*h2), printed three times before the δ's were named, once after: printed where it is used
        assertDerives(blocks, "x", "∇_x L = t2 + W1'*((ones(n) - tanh(W1*x).^2) .* t2)\n\nwhere\n"
                + "   t1 = ones(n) + W3'*(ones(n) - tanh(W3*h2).^2)\n   t2 = t1 + W2'*((ones(n) - tanh(W2*h1).^2) .* t1)\n");
    }

    /** The results and where-block derive prints, --no-steps. */
    static void assertDerives(String program, String wrt, String printed) {
        Cli run = Cli.run("derive", "-e", program, "--wrt", wrt, "--no-steps");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(printed);
    }

    /** A tanh MLP of k layers with biases, squared loss, with respect to every weight and bias. */
    static String mlp(int layers) {
        StringBuilder s = new StringBuilder("matrix X(n, b), Y(n, b)\n");
        for (int i = 1; i <= layers; i++) s.append("matrix W").append(i).append("(n, n); vector c").append(i).append("(n)\n");
        for (int i = 1; i <= layers; i++) {
            String below = i == 1 ? "X" : "h" + (i - 1), affine = "W" + i + "*" + below + " + c" + i + "*ones(1, b)";
            s.append('h').append(i).append(" = ").append(i == layers ? affine : "tanh(" + affine + ")").append('\n');
        }
        return s.append("L = sqnorm(h").append(layers).append(" - Y)/2\n").toString();
    }

    /**
     * A layer's δ is in its own two gradients and in every gradient below: once a gradient is long, the δ's it shares
     * are named, as backpropagation names them (each gradient printed its δ whole: 200 layers, 1.4 MB).
     */
    @Test
    void aDeepMlpsGradientsShareTheirNamedDeltas(@TempDir Path dir) throws IOException {
        assertLinearInDepth(dir, PrintedSizeTest::mlp);
        // the last layer's δ, h40 - Y, is short enough to print where it is used
        assertThat(Cli.run("derive", "-e", mlp(40), "--no-steps", "--no-self-check").out()).contains("∇_W39 L = t1*h38'\n",
                "∇_c1 L = sum(t39, 2)\n", "∇_W40 L = (h40 - Y)*h39'\n", "   t1 = (ones(n, b) - h39.^2) .* (W40'*(h40 - Y))\n",
                "   t2 = (ones(n, b) - h38.^2) .* (W39'*t1)\n");
    }

    /** The results printed at 20, 40 and 80 layers: the last 40 add at most 1.3 times the bytes a layer the 20 before them did. */
    static void assertLinearInDepth(Path dir, java.util.function.IntFunction<String> program, String... wrt) throws IOException {
        long[] bytes = new long[3];
        int[] depth = {20, 40, 80};
        for (int k = 0; k < 3; k++) {
            Path p = Files.writeString(dir.resolve("deep" + depth[k] + ".mdiff"), program.apply(depth[k]));
            List<String> args = new java.util.ArrayList<>(List.of("derive", p.toString(), "--no-steps", "--no-self-check"));
            if (wrt.length > 0) args.addAll(List.of("--wrt", String.join(",", wrt)));
            Cli run = Cli.run(args.toArray(String[]::new));
            assertThat(run.exit()).as(run.err()).isZero();
            bytes[k] = run.out().length();
        }
        assertThat((bytes[2] - bytes[1]) / 40.0).as("bytes per layer from 40 to 80").isLessThan(1.3 * (bytes[1] - bytes[0]) / 20.0);
    }

    /** Blocks of two branches, t_i = t_{i-1} + tanh(A_i*t_{i-1}) + sigmoid(B_i*t_{i-1}): each δ is the one above plus two terms. */
    static String twoBranches(int blocks) {
        StringBuilder s = new StringBuilder("matrix X(n, b)\n");
        for (int i = 1; i <= blocks; i++) s.append("matrix A").append(i).append("(n, n), B").append(i).append("(n, n)\n");
        for (int i = 1; i <= blocks; i++) {
            String below = i == 1 ? "X" : "t" + (i - 1);
            s.append('t').append(i).append(" = ").append(below).append(" + tanh(A").append(i).append('*').append(below)
                    .append(") + sigmoid(B").append(i).append('*').append(below).append(")\n");
        }
        return s.append("L = sum(sum(t").append(blocks).append("))\n").toString();
    }

    @Test
    void twoBranchBlocksGrowLinearlyAndNameTheFirstBlocksDelta(@TempDir Path dir) throws IOException {
        assertLinearInDepth(dir, PrintedSizeTest::twoBranches, "A1", "B1");
        // the first block's δ is in the gradients of both its weights, once each: named, and used by name in both
        Cli run = Cli.run("derive", "-e", twoBranches(3), "--wrt", "A1,B1", "--no-steps");
        assertThat(run.out()).startsWith("∇_A1 L = ((ones(n, b) - tanh(A1*X).^2) .* u4)*X'\n∇_B1 L = (sigmoid(B1*X) .* (ones(n, b) - sigmoid(B1*X)) .* u4)*X'\n");
    }

    /** A four-step RNN: each step's δ is in every later term of both gradients, printed three times or more: named. */
    @Test
    void aShortRnnNamesTheDeltasItsGradientsRepeat() {
        String rnn = "matrix W(n, n), U(n, m)\nvector h0(n), v(n), x1(m), x2(m), x3(m), x4(m)\nh1 = tanh(W*h0 + U*x1)\n"
                + "h2 = tanh(W*h1 + U*x2)\nh3 = tanh(W*h2 + U*x3)\nh4 = tanh(W*h3 + U*x4)\nL = v'*h4";
        assertDerives(rnn, "W,U", "∇_W L = ((ones(n) - h4.^2) .* v)*h3' + t1*h2' + t2*h1' + ((ones(n) - h1.^2) .* (W'*t2))*h0'\n"
                + "∇_U L = ((ones(n) - h4.^2) .* v)*x4' + t1*x3' + t2*x2' + ((ones(n) - h1.^2) .* (W'*t2))*x1'\n\nwhere\n"
                + "   t1 = (ones(n) - h3.^2) .* (W'*((ones(n) - h4.^2) .* v))\n   t2 = (ones(n) - h2.^2) .* (W'*t1)\n");
    }
    /**
     * The top layer's δ is printed twice by ∇_W1 and once by each other gradient, always inside the next layer's δ, which
     * every gradient prints once: that larger part is not named, and does not hide the δ, named and used by name in all three.
     */
    @Test
    void aDeltaInsideAPartPrintedOnceByEachResultIsNamed() {
        assertDerives("matrix W1(n,n), W2(n,n), W3(n,n)\nvector x(n) constant\nvector y(n) constant\nt1 = tanh(W1*x)\n"
                + "t2 = tanh(W2*t1)\nt3 = tanh(W3*t2)\nu1 = sigmoid(W1*t3)\nL = sqnorm(u1 - y) + sum(softplus(W2*u1))", "W1,W2,W3",
                "∇_W1 L = q1*t3' + ((ones(n) - t1.^2) .* (W2'*q2))*x'\n"
                + "∇_W2 L = q2*t1' + sigmoid(W2*u1)*u1'\n"
                + "∇_W3 L = ((ones(n) - t3.^2) .* (W1'*q1))*t2'\n\nwhere\n"
                + "   q1 = u1 .* (ones(n) - u1) .* (2*(u1 - y) + W2'*sigmoid(W2*u1))\n"
                + "   q2 = (ones(n) - t2.^2) .* (W3'*((ones(n) - t3.^2) .* (W1'*q1)))\n");
    }

    /**
     * A part two results or more print, where its name spares 16 printed nodes or more, is named: each step's δ of a
     * three-step RNN (δ3 was printed four times, δ1 three), attention's dS in the gradients of Q and K.
     */
    @Test
    void aPartTheResultsShareIsNamedWhereItsNameSparesSixteenNodes() {
        assertDerives("matrix W(h, h), U(h, dx); vector b(h); vector x1(dx), x2(dx), x3(dx), h0(h), y(h) constant;"
                + " h1 = tanh(W*h0 + U*x1 + b); h2 = tanh(W*h1 + U*x2 + b); h3 = tanh(W*h2 + U*x3 + b); L = sqnorm(h3 - y)/2",
                "W,U,b", "∇_W L = t1*h2' + t2*h1' + t3*h0'\n∇_U L = t1*x3' + t2*x2' + t3*x1'\n∇_b L = t1 + t2 + t3\n\nwhere\n"
                + "   t1 = (ones(h) - h3.^2) .* (h3 - y)\n   t2 = (ones(h) - h2.^2) .* (W'*t1)\n   t3 = (ones(h) - h1.^2) .* (W'*t2)\n");
        assertDerives("matrix Q(n, dk), Kk(n, dk), V(n, dv); matrix T(n, dv) constant; A = softmax((Q*Kk'/sqrt(dk))')';"
                + " L = sqnorm(A*V - T)/2", "Q,Kk", "∇_Q L = t1*Kk/sqrt(dk)\n∇_Kk L = t1'*Q/sqrt(dk)\n\nwhere\n"
                + "   t1 = A .* ((A*V - T)*V' - sum(A .* ((A*V - T)*V'), 2)*ones(n)')\n");
        // in numerator layout the transposed gradients alone are counted, and name what the gradients name (the gradients,
        // not printed, had counted as more results: a GRU's δ of each gate at step 1, printed once each, was named)
        String gru = "matrix Wz(h, h), Wh(h, h); vector x1(h), h0(h), y(h) constant; z1 = sigmoid(Wz*h0 + x1);"
                + " c1 = tanh(Wh*h0 + x1); h1 = (ones(h) - z1) .* h0 + z1 .* c1; z2 = sigmoid(Wz*h1 + x1); c2 = tanh(Wh*h1 + x1);"
                + " h2 = (ones(h) - z2) .* h1 + z2 .* c2; L = sqnorm(h2 - y)";
        String gradient = Cli.run("derive", "-e", gru, "--wrt", "Wz,Wh", "--no-steps").out();
        String numerator = Cli.run("derive", "-e", gru, "--wrt", "Wz,Wh", "--no-steps", "--layout", "numerator").out();
        assertThat(numerator.substring(numerator.indexOf("where"))).isEqualTo(gradient.substring(gradient.indexOf("where")));
        // a hidden layer's value named for the others is printed by name where a result already prints other names: ∇U's
        // 2*t3*t1', not 2*t3*tanh(W*x + b)' below a where block defining t1 (review s61r)
        assertDerives("matrix W(m, n), U(k, m); vector b(m), c(k); vector x(n), y(k) constant; L = sqnorm(sigmoid(U*tanh(W*x + b) + c) - y)",
                "W,U,b,c", "∇_W L = 2*t4*x'\n∇_U L = 2*t3*t1'\n∇_b L = 2*t4\n∇_c L = 2*t3\n\nwhere\n   t1 = tanh(W*x + b)\n"
                + "   t2 = sigmoid(U*t1 + c)\n   t3 = t2 .* (ones(k) - t2) .* (t2 - y)\n   t4 = (ones(m) - t1.^2) .* (U'*t3)\n");
        // three residuals of 5 nodes print where they are used, as the textbook writes them
        assertDerives("matrix X(m, n); vector w(n), y(m); L = sqnorm(X*w - y)", "X,w,y",
                "∇_X L = 2*(X*w - y)*w'\n∇_w L = 2*X'*(X*w - y)\n∇_y L = -2*(X*w - y)\n");
    }

    /**
     * A residual every gradient reads, 8 nodes or more, printed by three results or more is named as a textbook names E
     * (trial s70b: matrix factorisation with biases printed it in each of its four gradients); printed by two, it prints
     * where it is used, as linear regression with a bias writes it.
     */
    @Test
    void aPartThreeResultsPrintIsNamed() {
        assertDerives("matrix R(m, n) constant; matrix M(m, n) constant; matrix U(m, k), V(n, k); vector b(m), c(n);"
                + " L = sqnorm(M .* (U*V' + b*ones(n)' + ones(m)*c' - R))", "U,V,b,c",
                "∇_U L = 2*t1*V\n∇_V L = 2*t1'*U\n∇_b L = 2*sum(t1, 2)\n∇_c L = 2*sum(t1, 1)'\n\nwhere\n"
                + "   t1 = M.^2 .* (U*V' + b*ones(n)' + ones(m)*c' - R)\n");
        assertDerives("matrix X(m, n) constant; vector y(m) constant; vector w(n); scalar b; L = sqnorm(X*w + b*ones(m) - y + X*w)",
                "w,b", "∇_w L = 4*X'*(2*X*w + b*ones(m) - y)\n∇_b L = 2*sum(2*X*w + b*ones(m) - y)\n");
    }

    /**
     * With the input among the variables its gradient holds the first block's δ twice and prints three times between the
     * results: the δ is named first, as a δ (used by name in ∇_W1 too), not as a part some one result prints twice.
     */
    @Test
    void theDeltasAreNamedBeforeOtherRepeatedParts() {
        assertDerives("matrix X(n, b), W1(n,n), W2(n,n), W3(n,n); t1 = tanh(W1*X) + X; t2 = tanh(W2*t1) + t1; t3 = tanh(W3*t2) + t2;"
                + " L = sum(sum(t3))", "X,W1,W2,W3", "∇_X L = u2 + W1'*((ones(n, b) - tanh(W1*X).^2) .* u2)\n"
                + "∇_W1 L = ((ones(n, b) - tanh(W1*X).^2) .* u2)*X'\n∇_W2 L = ((ones(n, b) - tanh(W2*t1).^2) .* u1)*t1'\n"
                + "∇_W3 L = (ones(n, b) - tanh(W3*t2).^2)*t2'\n\nwhere\n   u1 = ones(n, b) + W3'*(ones(n, b) - tanh(W3*t2).^2)\n"
                + "   u2 = u1 + W2'*((ones(n, b) - tanh(W2*t1).^2) .* u1)\n");
    }
}
