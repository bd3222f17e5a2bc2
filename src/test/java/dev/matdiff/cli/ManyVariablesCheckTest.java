package dev.matdiff.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** `matdiff check` on more variables than it compares one by one: the contract's line and exit code, with the joint directions it used. */
class ManyVariablesCheckTest {

    @Test
    void thousandsOfEntriesAreCheckedAlongJointDirections(@TempDir Path dir) throws IOException {
        StringBuilder text = new StringBuilder();
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            text.append("vector x").append(i).append("(3)\n");
            terms.add("x" + i + "'*x" + i);
        }
        text.append("L = ").append(String.join(" + ", terms)).append('\n');
        Path p = Files.writeString(dir.resolve("many.mdiff"), text);
        Cli r = Cli.run("check", p.toString(), "--trials", "1");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("worst relative error").contains("variables together").contains("passed");
    }
}
