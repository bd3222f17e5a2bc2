package dev.matdiff.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * check --hessian at sizes whose Hessian would not fit (a 100×80 W's is 8,000² entries) checks ∇²f[V] along random
 * directions instead of refusing the sizes, and says so (user trial: an MLP at H = D = 100 was refused).
 */
class LargeHessianCheckTest {

    @TempDir Path dir;

    @Test
    void aHessianTooLargeToFormIsCheckedAlongDirections() throws IOException {
        Path p = Files.writeString(dir.resolve("layer.mdiff"), "matrix W(h, d)\nvector x(d) constant\nL = sum(tanh(W*x).^2)\n");
        Cli large = Cli.run("check", p.toString(), "--dims", "h=100,d=80", "--hessian", "--trials", "1");
        assertThat(large.exit()).as(large.out() + large.err()).isZero();
        assertThat(large.out()).contains("the Hessian applied to V").contains("passed").doesNotContain("FAILED");
        assertThat(large.err()).contains("matdiff: note: the Hessian of L would have more than 33554432 entries at these sizes: "
                + "its product with a random direction V, ∇²L[V], was checked instead");
        // at sizes where it fits, the Hessian itself is compared, and nothing is said
        Cli small = Cli.run("check", p.toString(), "--dims", "h=4,d=3", "--hessian");
        assertThat(small.exit()).as(small.out() + small.err()).isZero();
        assertThat(small.out()).doesNotContain("applied to");
        assertThat(small.err()).isEmpty();
    }
}
