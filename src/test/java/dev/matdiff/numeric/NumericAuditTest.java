package dev.matdiff.numeric;

import dev.matdiff.cli.Cli;
import dev.matdiff.codegen.Python;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The numeric audit (src/test/python/numeric_audit.py) at small sizes: NumPy writes every operator and
 * function of the language in each shape it takes, ML objectives and stress points, with their
 * closed-form values and gradients; {@code eval --json} runs here in-process on each group; NumPy
 * compares at 1e-9 relative. Skipped where no python3 imports NumPy (CI installs python3-numpy).
 * The script's {@code run} mode does the same through ./matdiff at all sizes, up to 300.
 */
class NumericAuditTest {

    private static final Path SCRIPT = Path.of("src/test/python/numeric_audit.py");
    private static final Gson GSON = new Gson();

    @TempDir Path dir;

    @Test void eval_agrees_with_the_numpy_closed_forms() throws IOException {
        String python = Python.interpreterImporting("numpy");
        assumeTrue(python != null, "no python3 with NumPy");
        Python.Run generated = Python.run(List.of(python, SCRIPT.toString(), "generate", dir.toString(), "--sizes", "1,2,3,7"), null);
        assertThat(generated.exit()).as(generated.output()).isZero();
        JsonArray groups = GSON.fromJson(Files.readString(dir.resolve("groups.json")), JsonArray.class);
        assertThat(groups.size()).isGreaterThan(50);
        for (JsonElement g : groups) evaluate(g.getAsJsonObject());
        Python.Run compared = Python.run(List.of(python, SCRIPT.toString(), "compare", dir.toString()), null);
        assertThat(compared.exit()).as(compared.output()).isZero();
        assertThat(compared.output()).contains(" 0 disagreements");
    }

    /** eval of the whole group; if it fails, each objective alone, so that one failure does not hide the rest (as run_one does). */
    private void evaluate(JsonObject group) throws IOException {
        String name = group.get("name").getAsString(), wrt = String.join(",", strings(group.getAsJsonArray("wrt")));
        List<String> of = strings(group.getAsJsonArray("of"));
        String out = eval(name, String.join(",", of), wrt);
        if (out.startsWith("{\"error\"") && of.size() > 1) {
            List<String> each = new ArrayList<>();
            for (String o : of) each.add(eval(name, o, wrt));
            out = "[" + String.join(",", each) + "]";
        } else if (of.size() > 1 && !out.startsWith("[")) {
            out = "[" + out + "]";
        }
        Files.writeString(dir.resolve(name + ".out.json"), out);
    }

    private String eval(String name, String of, String wrt) {
        Cli r = Cli.run("eval", dir.resolve(name + ".mdiff").toString(), "--data", dir.resolve(name + ".json").toString(),
                "--of", of, "--wrt", wrt, "--json");
        if (r.exit() == 0) return r.out().trim();
        JsonObject error = new JsonObject();
        error.addProperty("error", r.err());
        return GSON.toJson(error);
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        for (JsonElement e : a) out.add(e.getAsString());
        return out;
    }
}
