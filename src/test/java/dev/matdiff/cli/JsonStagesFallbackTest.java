package dev.matdiff.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON derives in one piece by default; where that piece grows past the derivation's budget and the stages do not (a
 * deep residual network, trial s66b: refused at 2,048 blocks, which --no-steps derived), it answers with the stages.
 * The budget is lowered so a 40-block network reaches it.
 */
class JsonStagesFallbackTest {

    @Test
    void aDerivationTooLargeInOnePieceIsGivenInStages(@TempDir Path dir) throws IOException {
        Path p = Files.writeString(dir.resolve("res40.mdiff"), PrintedSizeTest.residual(40));
        String before = System.getProperty("matdiff.maxSumTerms");
        System.setProperty("matdiff.maxSumTerms", "5000");
        try {
            Cli oneOnly = Cli.run("derive", p.toString(), "--wrt", "W", "--json", "--no-stages", "--no-self-check");
            assertThat(oneOnly.exit()).as(oneOnly.out()).isEqualTo(2);
            assertThat(oneOnly.err()).contains("too large to derive");

            Cli json = Cli.run("derive", p.toString(), "--wrt", "W", "--json", "--no-self-check");
            assertThat(json.exit()).as(json.err()).isZero();
            JsonObject o = JsonParser.parseString(json.out()).getAsJsonObject();
            assertThat(o.getAsJsonObject("gradients").get("W").getAsString()).startsWith("2*(");
            // the stages' incoming gradients, as --stages names them
            assertThat(json.out()).contains("\"lhs\": \"grad_h40\"");
            assertThat(json.err()).contains("L is too large to derive in one piece, so JSON gives it layer by layer");
            // a Hessian is not retried: its second pass is as large either way
            Cli hessian = Cli.run("derive", p.toString(), "--wrt", "W", "--json", "--hessian", "--no-self-check");
            assertThat(hessian.exit()).isEqualTo(2);
        } finally {
            if (before == null) System.clearProperty("matdiff.maxSumTerms");
            else System.setProperty("matdiff.maxSumTerms", before);
        }
        // the budget back: one piece again
        Cli whole = Cli.run("derive", p.toString(), "--wrt", "W", "--json", "--no-self-check");
        assertThat(whole.out()).doesNotContain("grad_h40");
        assertThat(whole.err()).doesNotContain("layer by layer");
    }
}
