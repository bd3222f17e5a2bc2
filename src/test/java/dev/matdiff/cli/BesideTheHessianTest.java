package dev.matdiff.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The gradients printed beside a Hessian: as they print alone, and sharing its parts under one name each. */
class BesideTheHessianTest {

    /**
     * A gradient beside its Hessian prints as it does alone, not by the names the Hessian gave the parts they share
     * (trial s73b: det(t1)*(t3 + t4); trial s74b: attention's K*(P .* t4)/sqrt(d)).
     */
    @Test
    void aGradientBesideItsHessianPrintsAsAlone() {
        String det = "matrix X(m,n); matrix A(m,m) constant; det(X'*A*X)";
        assertThat(Cli.run("derive", "-e", det, "--hessian", "--no-steps").out()).startsWith("∇_X f = det(X'*A*X)*(A*X*t1 + A'*X*t1')\n∇²_X f = det(X'*A*X)*(vec(t2)*vec(t2)' + ");
        assertThat(Cli.run("derive", "-e", det, "--no-steps").out()).startsWith("∇_X f = det(X'*A*X)*(A*X*t1 + A'*X*t1')\n");
        assertThat(Cli.run("derive", "-e", "matrix X(m, n); logdet(X'*X)", "--hessian", "--no-steps").out()).startsWith("∇_X f = 2*X*inv(X'*X)\n");
        String attention = "matrix Q(d, N), K(d, N), V(e, N)\nmatrix T(e, N) constant\nP = softmax(K'*Q/sqrt(d))\nL = sqnorm(V*P - T)/2\n";
        assertThat(Cli.run("derive", "-e", attention.replace("\n", "; "), "--hessian", "--no-steps").out())
                .startsWith("∇_Q L = K*t1/sqrt(d)\n∇_K L = Q*t1'/sqrt(d)\n∇_V L = (V*P - T)*P'\n");
    }

    /**
     * Every sample's gradients print beside its Hessian as alone: the same expression, whose parts printed twice may take
     * up a name the Hessian gave (compared with every name written out, parentheses left out).
     */
    @Test
    void everySamplesGradientsPrintAsAlone() throws IOException {
        List<Path> samples;
        try (Stream<Path> s = Files.list(Path.of("samples"))) { samples = s.filter(p -> p.toString().endsWith(".mdiff")).sorted().toList(); }
        int compared = 0;
        for (Path p : samples) {
            Cli withHessian = Cli.run("derive", p.toString(), "--hessian", "--no-steps");
            if (withHessian.exit() != 0) continue;  // a non-scalar objective has no Hessian
            assertThat(writtenOut(withHessian.out())).as(p.toString()).isEqualTo(writtenOut(Cli.run("derive", p.toString(), "--no-steps").out()));
            compared++;
        }
        assertThat(compared).isGreaterThan(10);
    }

    /** One value, one name: the Hessian's B ⊙ A is the gradient's A ⊙ B (trial s74b: attention's dS was t1 and t2). */
    @Test
    void aHessiansElementwiseProductIsTheGradientsPart() {
        String attention = "matrix Q(N, d), K(N, d), V(N, e); matrix T(e, N) constant; A = softmax(K*Q'/sqrt(d)); O = V'*A; L = sqnorm(O - T)/2";
        String out = Cli.run("derive", "-e", attention, "--hessian", "--no-steps").out();
        assertThat(out).contains("∇_Q L = t1'*K/sqrt(d)\n").contains("\n   t1 = A .* (V*(O - T) - ones(N)*sum(A .* (V*(O - T)), 1))")
                .doesNotContain("t2 =").doesNotContain(") .* A");
        // the factors turned are the same value: the Hessian checks against finite differences
        Cli check = Cli.run("check", "-e", attention, "--hessian");
        assertThat(check.exit()).as(check.out()).isZero();
        assertThat(check.out()).contains("passed");
    }

    /** The gradient lines with every where-name written out, without spaces and parentheses. */
    private static List<String> writtenOut(String out) {
        Map<String, String> where = new LinkedHashMap<>();
        out.lines().filter(l -> l.matches("   [tuqr]\\d+ = .*")).forEach(l -> where.put(l.strip().split(" = ")[0], l.strip().split(" = ", 2)[1]));
        Pattern name = Pattern.compile("\\b[tuqr]\\d+\\b");
        return out.lines().filter(l -> l.startsWith("∇_")).map(l -> {
            for (String before = ""; !before.equals(l); ) {
                before = l;
                l = name.matcher(l).replaceAll(m -> Matcher.quoteReplacement(where.getOrDefault(m.group(), m.group())));
            }
            return l.replaceAll("[ ()]", "");
        }).toList();
    }
}
