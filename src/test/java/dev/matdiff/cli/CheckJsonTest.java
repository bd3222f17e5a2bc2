package dev.matdiff.cli;

import dev.matdiff.check.GradientCheck;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** check --json: the verdict, the worst error and where, each variable's worst error, as the text line says them. */
class CheckJsonTest {

    @Test
    void aPassingCheckGivesItsVerdictErrorsAndTheLineItWouldPrint() {
        Cli r = Cli.run("check", "-e", "x'*A*x + sum(exp(B*x))", "--wrt", "x,A", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonObject root = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(root.get("objective").getAsString()).isEqualTo("f");
        assertThat(root.getAsJsonArray("variables").toString()).isEqualTo("[\"x\",\"A\"]");
        assertThat(root.get("points").getAsInt()).isEqualTo(CheckCommand.DEFAULT_TRIALS);
        assertThat(root.get("verdict").getAsString()).isEqualTo("passed");
        double worst = root.get("worst_relative_error").getAsDouble(), tolerance = root.get("tolerance").getAsDouble();
        assertThat(worst).isLessThan(tolerance);
        assertThat(root.getAsJsonObject("errors").keySet()).containsExactly("x", "A");
        assertThat(root.getAsJsonObject("errors").entrySet()).allSatisfy(e -> assertThat(e.getValue().getAsDouble()).isLessThanOrEqualTo(worst));
        assertThat(root.getAsJsonObject("worst_at").get("variable").getAsString()).isIn("x", "A");
        assertThat(root.get("summary").getAsString()).startsWith("check f w.r.t. x, A over 3 random points").endsWith("passed (tolerance 1e-05)");
        assertThat(Cli.run("check", "-e", "x'*A*x + sum(exp(B*x))", "--wrt", "x,A").out().trim()).isEqualTo(root.get("summary").getAsString());
    }

    @Test
    void severalObjectivesGiveAnArrayInTheirOrderAsDeriveDoes(@TempDir Path dir) throws IOException {
        Path program = Files.writeString(dir.resolve("two.mdiff"), "vector x(n)\nf = x'*x\ng = sum(exp(x))\n");
        Cli r = Cli.run("check", program.toString(), "--of", "g,f", "--wrt", "x", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonArray all = JsonParser.parseString(r.out()).getAsJsonArray();
        assertThat(all).hasSize(2);
        assertThat(all.get(0).getAsJsonObject().get("objective").getAsString()).isEqualTo("g");
        assertThat(all.get(1).getAsJsonObject().get("objective").getAsString()).isEqualTo("f");
    }

    @Test
    void aBadLaterObjectiveIsSaidBeforeAnyIsChecked(@TempDir Path dir) throws IOException {
        Path program = Files.writeString(dir.resolve("two.mdiff"), "vector x(n)\nf = x'*x\ng = sum(exp(x))\n");
        for (String json : List.of("--json", "--no-json")) {
            Cli r = json.equals("--json") ? Cli.run("check", program.toString(), "--of", "f,nope", "--json")
                    : Cli.run("check", program.toString(), "--of", "f,nope");
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.out()).as("nothing half-printed").isEmpty();
            assertThat(r.err()).contains("no definition named 'nope'");
        }
    }

    @Test
    void aPointWhereTheGradientHasNoValueIsNullsNotMissingKeys(@TempDir Path dir) throws IOException {
        Path program = Files.writeString(dir.resolve("s.mdiff"), "scalar a\nf = sqrt(a)\n"), data = Files.writeString(dir.resolve("d.json"), "{\"a\": 0}");
        Cli r = Cli.run("check", program.toString(), "--data", data.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonObject root = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(root.get("verdict").getAsString()).isEqualTo("inconclusive");
        assertThat(root.get("worst_relative_error").isJsonNull()).isTrue();
        assertThat(root.getAsJsonObject("worst_at").get("direction").isJsonNull()).isTrue();
        assertThat(root.getAsJsonObject("errors").get("a").isJsonNull()).isTrue();
    }

    @Test
    void whatIsNotANumberIsNullAndAFailureSaysFailed() {
        var failed = new GradientCheck.Result(GradientCheck.Verdict.FAILED, 0.5, 1e-5, "X", "entry (1, 2)", 1.0, Double.NaN, 1.0,
                GradientCheck.FLOOR, Map.of("X", 0.5), 4, "");
        JsonObject root = JsonParser.parseString(Json.checks(List.of(new Json.Check("L", List.of("X"), null, "line", failed)))).getAsJsonObject();
        assertThat(root.get("verdict").getAsString()).isEqualTo("failed");
        assertThat(root.get("points").isJsonNull()).as("no random points at --data's point").isTrue();
        assertThat(root.getAsJsonObject("worst_at").get("numeric").isJsonNull()).isTrue();
        assertThat(root.get("worst_relative_error").getAsDouble()).isEqualTo(0.5);
    }
}
