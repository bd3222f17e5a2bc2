package dev.matdiff.bench;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Deriver;
import dev.matdiff.expr.Expr;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Writes docs/PERFORMANCE.md from what {@code bench/run.sh} measured: the JMH results (JSON), the
 * start-up times (hyperfine's JSON), the machine and load it recorded, and the node counts, which
 * it computes itself (they are deterministic). Each figure is set against its target in the issue
 * "Fast at every size"; ratios are the targets, not absolute times.
 *
 * <p>Usage: {@code Report RESULTS_DIR OUTPUT.md [NOTES.md]}; the notes, written by hand, are appended.
 */
public final class Report {

    private final Path results;
    private final StringBuilder out = new StringBuilder();
    private final List<String[]> summary = new ArrayList<>();

    private Report(Path results) { this.results = results; }

    public static void main(String[] args) throws IOException {
        Path results = Path.of(args[0]);
        Report r = new Report(results);
        String body = r.write();
        String notes = args.length > 2 && Files.exists(Path.of(args[2])) ? Files.readString(Path.of(args[2])) : "";
        Files.writeString(Path.of(args[1]), body + (notes.isEmpty() ? "" : "\n" + notes), StandardCharsets.UTF_8);
    }

    // ---- JMH results

    /** One JMH result: the median of its iterations, their min and max, and JMH's score and 99.9% error. */
    record Result(double median, double min, double max, double score, double error, String unit) {
        String text() {
            return String.format(Locale.ROOT, "%s (%s–%s; %s ± %s)", num(median), num(min), num(max), num(score), num(error)) + " " + unit;
        }
    }

    private Map<String, Result> jmh(String file) throws IOException {
        Map<String, Result> out = new LinkedHashMap<>();
        Path p = results.resolve(file);
        if (!Files.exists(p)) return out;
        for (JsonElement e : JsonParser.parseString(Files.readString(p)).getAsJsonArray()) {
            JsonObject o = e.getAsJsonObject();
            String name = o.get("benchmark").getAsString();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            StringBuilder key = new StringBuilder(name);
            if (o.has("params")) for (var param : o.getAsJsonObject("params").entrySet()) key.append(' ').append(param.getKey()).append('=').append(param.getValue().getAsString());
            JsonObject m = o.getAsJsonObject("primaryMetric");
            List<Double> raw = new ArrayList<>();
            for (JsonElement fork : m.getAsJsonArray("rawData")) for (JsonElement v : fork.getAsJsonArray()) raw.add(v.getAsDouble());
            double[] sorted = raw.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
            double error = m.get("scoreError").isJsonPrimitive() && !m.get("scoreError").getAsString().equals("NaN") ? m.get("scoreError").getAsDouble() : 0;
            out.put(key.toString(), new Result(median, sorted[0], sorted[sorted.length - 1], m.get("score").getAsDouble(), error,
                    m.get("scoreUnit").getAsString()));
        }
        return out;
    }

    /** a/b from the medians, and the range of a/b over the iterations' extremes. */
    record Ratio(double value, double low, double high) {
        static Ratio of(Result a, Result b) { return new Ratio(a.median / b.median, a.min / b.max, a.max / b.min); }

        String text() { return String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", value, low, high); }

        String verdict(double target) {
            if (value > target) return "**missed**";
            return high > target ? "met (the range crosses " + num(target) + ")" : "met";
        }
    }

    // ---- the document

    private String write() throws IOException {
        Properties machine = new Properties();
        Path mp = results.resolve("machine.properties");
        if (Files.exists(mp)) try (var in = Files.newBufferedReader(mp)) { machine.load(in); }
        StringBuilder loads = new StringBuilder();
        for (String part : List.of("derive", "samples", "eval-small", "eval-large", "startup")) {
            Path lp = results.resolve("load-" + part + ".txt");
            if (Files.exists(lp)) loads.append(Files.readString(lp));
        }
        String load = loads.length() == 0 ? "(not recorded)" : loads.toString().strip();

        StringBuilder head = new StringBuilder();
        head.append("# Performance\n\n");
        head.append("Written by `bench/side-by-side.sh` (matdiff against NumPy, issue 16) and `bench/run.sh` (the issue \"Fast at every\n")
                .append("size\"), each from its results in `bench/results/`: do not edit by hand (the notes at the end come from `bench/notes.md`).\n")
                .append("Ratios are the targets, not absolute times. The machine is shared (2 cores, other builds running): every figure\n")
                .append("comes with its spread, and a ratio is only taken between measurements made one right after the other.\n\n");
        SideBySide side = new SideBySide(results);
        String sideSection = side.present() ? side.write() : "";
        summary.addAll(side.summary);
        head.append("## Machine of the \"Fast at every size\" parts (last run on ").append(machine.getProperty("date", "?"))
                .append(" at commit `").append(machine.getProperty("commit", "?"))
                .append("`; the load lines below say when each part ran, and at which commit)\n\n| | |\n|---|---|\n");
        head.append("| CPU | ").append(machine.getProperty("cpu", "?")).append(" |\n");
        head.append("| nproc | ").append(machine.getProperty("nproc", "?")).append(" |\n");
        head.append("| memory | ").append(machine.getProperty("memory", "?")).append(" |\n");
        head.append("| JDK | ").append(machine.getProperty("jdk", "?")).append(" |\n");
        head.append("| JMH | 1.37; JVM options of each fork: `").append(machine.getProperty("jvmArgs", "?")).append("` |\n");
        head.append("| other load | ").append(machine.getProperty("otherLoad", "?")).append(" |\n\n");
        head.append("Load averages (1, 5, 15 min) when each part started and ended; a benchmark keeps about one of the two cores busy itself:\n\n```\n")
                .append(load).append("\n```\n\n");
        head.append("Every JMH figure below is the median of the measured iterations, then the minimum–maximum of the iterations, then JMH's\n")
                .append("score (the mean) ± its 99.9% error. A ratio is taken of medians; its range, in parentheses, pairs the extremes\n")
                .append("(best of one against worst of the other).\n\n");

        nodeCounts();
        derivation();
        evaluation();
        startup();

        StringBuilder s = new StringBuilder("## Summary\n\n| target | figure | verdict |\n|---|---|---|\n");
        for (String[] row : summary) s.append("| ").append(String.join(" | ", row)).append(" |\n");
        String title = "# Performance\n\n";
        String intro = head.substring(title.length(), head.indexOf("## Machine"));
        return title + intro + s + "\n" + sideSection + head.substring(head.indexOf("## Machine")) + out;
    }

    private void nodeCounts() throws IOException {
        out.append("## 1. No expression swell\n\n");
        out.append("Distinct nodes of f, and of all its gradients together, as DAGs (as `matdiff bench` counts them).\n")
                .append("Pinned by `src/test/java/dev/matdiff/perf/NodeCountTest.java` (deterministic; part of `mvn test`).\n")
                .append("Target: gradients ≤ 8 × f for every benchmark, independent of depth.\n\n");
        out.append("| program | k | f | ∇f | ratio |\n|---|---|---|---|---|\n");
        double worst = 0;
        String worstName = "";
        for (Networks.Form form : Networks.Form.values())
            for (Deriver.Mode mode : form == Networks.Form.NESTED ? List.of(Deriver.Mode.STAGED) : List.of(Deriver.Mode.values()))
                for (int k : new int[] {4, 16, 64, 256}) {
                    Derivation d = MatDiff.parse(Networks.program(k, form)).derive(null, Networks.weights(k), mode);
                    int f = nodes(List.of(d.objective())), g = nodes(d.gradients().values());
                    String name = "network, " + form.name().toLowerCase(Locale.ROOT) + (form == Networks.Form.NAMED ? ", " + mode.name().toLowerCase(Locale.ROOT) : "");
                    out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.2f |%n", name, k, f, g, g / (double) f));
                    if (g / (double) f > worst) { worst = g / (double) f; worstName = name + ", k = " + k; }
                }
        List<Path> samples;
        try (Stream<Path> files = Files.list(Path.of("samples"))) { samples = files.filter(p -> p.toString().endsWith(".mdiff")).sorted().toList(); }
        for (Path p : samples) {
            MatDiff m = MatDiff.parse(Files.readString(p));
            Derivation d = m.derive(null, m.program().wrtHint());
            int f = nodes(List.of(d.objective())), g = nodes(d.gradients().values());
            out.append(String.format(Locale.ROOT, "| samples/%s | | %d | %d | %.2f |%n", p.getFileName(), f, g, g / (double) f));
            if (g / (double) f > worst) { worst = g / (double) f; worstName = "samples/" + p.getFileName(); }
        }
        for (Cases c : Cases.values()) {
            Derivation d = c.derive();
            int f = nodes(List.of(d.objective())), g = nodes(d.gradients().values());
            out.append(String.format(Locale.ROOT, "| %s | | %d | %d | %.2f |%n", c.name().toLowerCase(Locale.ROOT), f, g, g / (double) f));
            if (g / (double) f > worst) { worst = g / (double) f; worstName = c.name().toLowerCase(Locale.ROOT); }
        }
        out.append("\n");
        summary.add(new String[] {"1. ∇f nodes ≤ 8 × f nodes", String.format(Locale.ROOT, "worst %.2f× (%s); the networks' ratio converges with depth", worst, worstName),
                worst <= 8 ? "met" : "**missed**"});
    }

    private void derivation() throws IOException {
        out.append("## 2. Linear-time derivation\n\n");
        Map<String, Result> derive = jmh("derive.json");
        out.append("k-layer networks (`src/test/java/dev/matdiff/bench/Networks.java`: h_i = W_i z_{i−1} + b_i 1ᵀ, z_i = tanh(h_i),\n")
                .append("L = ‖z_k − Y‖²) differentiated with respect to every W_i through the library\n")
                .append("(`MatDiff.parse(text).derive(null, wrt, mode)`), the program parsed once. `DeriveBenchmark`, ms per derivation.\n")
                .append("Target (issue 16): time per layer at k = 256 and at k = 1,024 ≤ 1.2 × that at k = 16.\n\n");
        out.append("| variant | k | ms per derivation | ms per layer |\n|---|---|---|---|\n");
        List<String> verdicts = new ArrayList<>();
        boolean allMet = !derive.isEmpty();
        for (String variant : List.of("NAMED_STAGED", "NAMED_EXPANDED", "NESTED")) {
            for (int k : DeriveBenchmark.DEPTHS) {
                Result r = derive.get("DeriveBenchmark.derive k=" + k + " variant=" + variant);
                if (r == null) continue;
                out.append(String.format(Locale.ROOT, "| %s | %d | %s | %s |%n", variant.toLowerCase(Locale.ROOT), k, r.text(), num(r.median / k)));
            }
            Result r16 = derive.get("DeriveBenchmark.derive k=16 variant=" + variant);
            for (int k : new int[] {256, 1024}) {
                Result rk = derive.get("DeriveBenchmark.derive k=" + k + " variant=" + variant);
                if (r16 == null || rk == null) continue;
                Ratio ratio = new Ratio(rk.median / k / (r16.median / 16), rk.min / k / (r16.max / 16), rk.max / k / (r16.min / 16));
                allMet &= !ratio.verdict(1.2).contains("missed");
                verdicts.add(variant.toLowerCase(Locale.ROOT) + " k = " + k + ": " + ratio.text());
            }
        }
        out.append("\nPer-layer time at k = 256 and 1,024 over that at k = 16: ").append(String.join("; ", verdicts)).append(".\n\n");
        summary.add(new String[] {"2. per-layer derivation time, k = 256 and 1,024 vs 16, ≤ 1.2×", String.join("; ", verdicts), allMet ? "met" : "**missed**"});

        Map<String, Result> samples = jmh("samples.json");
        out.append("Every sample, warm, with respect to its `# wrt:` variables (`SampleBenchmark`, µs): derived from the parsed program,\n")
                .append("parsed (lexing, parsing and typing), and parsed then derived. Targets: a derivation < 1 ms; the median over the\n")
                .append("samples of parse + derive ≤ 25 µs (issue 16).\n\n");
        out.append("| sample | derive | parse | parse + derive |\n|---|---|---|---|\n");
        double slowest = 0;
        String slowestName = "";
        List<Double> parseAndDerive = new ArrayList<>();
        for (String name : samples.keySet().stream().map(k -> k.substring(k.indexOf("sample=") + 7)).distinct().toList()) {
            out.append("| ").append(name);
            for (String b : List.of("derive", "parse", "parseAndDerive")) {
                Result r = samples.get("SampleBenchmark." + b + " sample=" + name);
                out.append(" | ").append(r == null ? "–" : r.text());
                if (r != null && b.equals("derive") && r.max > slowest) { slowest = r.max; slowestName = name; }
                if (r != null && b.equals("parseAndDerive")) parseAndDerive.add(r.median);
            }
            out.append(" |\n");
        }
        out.append("\n");
        if (!samples.isEmpty())
            summary.add(new String[] {"2. every sample derives in < 1 ms warm", "slowest iteration mean " + num(slowest) + " µs (" + slowestName + ")",
                    slowest < 1000 ? "met" : "**missed**"});
        if (!parseAndDerive.isEmpty()) {
            double median = SideBySide.median(parseAndDerive);
            summary.add(new String[] {"issue 16, 4: median parse + derive over the samples ≤ 25 µs", num(median) + " µs over " + parseAndDerive.size() + " samples",
                    median <= 25 ? "met" : "**missed**"});
        }
    }

    private void evaluation() throws IOException {
        Map<String, Result> eval = new LinkedHashMap<>(jmh("eval-small.json"));
        eval.putAll(jmh("eval-large.json"));
        out.append("## 3. Shared numeric evaluation\n\n");
        out.append("`EvalBenchmark`: f alone (`new Evaluator(at).value(f)`), and f then every gradient on one evaluator, so that\n")
                .append("the gradients reuse f's values, µs per evaluation. The three expressions are n × n with n = 512 at the\n")
                .append("project's random point (`RandomData`); the 8-layer network has width 256 and batch 128 (X 256×128, W_i 256×256),\n")
                .append("weights of scale 1/√256 so that tanh does not saturate, written as named layers and as one nested expression.\n")
                .append("Target: time(f and ∇f) / time(f) ≤ 3.\n\n");
        out.append("| expression | f | f and ∇f | ratio | verdict |\n|---|---|---|---|---|\n");
        List<String> figures = new ArrayList<>();
        boolean allMet = true, any = false;
        for (Cases c : Cases.values()) {
            Result f = eval.get("EvalBenchmark.f expression=" + c + " n=512"), fg = eval.get("EvalBenchmark.fAndGradient expression=" + c + " n=512");
            if (f == null || fg == null) continue;
            any = true;
            Ratio r = Ratio.of(fg, f);
            String v = r.verdict(3);
            allMet &= !v.contains("missed");
            figures.add(c.name().toLowerCase(Locale.ROOT) + " " + num(r.value));
            out.append("| ").append(c.name().toLowerCase(Locale.ROOT)).append(" | ").append(f.text()).append(" | ").append(fg.text())
                    .append(" | ").append(r.text()).append(" | ").append(v).append(" |\n");
        }
        out.append("\n");
        if (any) summary.add(new String[] {"3. time(f and ∇f) / time(f) ≤ 3", String.join("; ", figures), allMet ? "met" : "**missed**"});

        out.append("## 4. Interpretive overhead\n\n");
        out.append("The same f and gradients computed by hand with Commons Math (`src/test/java/dev/matdiff/bench/HandWritten.java`:\n")
                .append("block products for large matrices, the typed row-layout product for small ones, results updated in place) against\n")
                .append("matdiff's f and ∇f on one evaluator. Both read the same values (Commons Math's own layouts: rows up to\n")
                .append("4096 entries, blocks above). At n = 4 the network has width and batch 4.\n")
                .append("Target: matdiff / hand-written ≤ 1.15 at n = 512, ≤ 3 at n = 4.\n\n");
        out.append("| expression | n | matdiff | hand-written | ratio | verdict |\n|---|---|---|---|---|---|\n");
        for (int n : new int[] {512, 4}) {
            List<String> row = new ArrayList<>();
            boolean met = true, seen = false;
            double target = n == 4 ? 3 : 1.15;
            for (Cases c : Cases.values()) {
                Result m = eval.get("EvalBenchmark.fAndGradient expression=" + c + " n=" + n), h = eval.get("EvalBenchmark.handWritten expression=" + c + " n=" + n);
                if (m == null || h == null) continue;
                seen = true;
                Ratio r = Ratio.of(m, h);
                String v = r.verdict(target);
                met &= !v.contains("missed");
                row.add(c.name().toLowerCase(Locale.ROOT) + " " + num(r.value));
                out.append("| ").append(c.name().toLowerCase(Locale.ROOT)).append(" | ").append(n).append(" | ").append(m.text()).append(" | ")
                        .append(h.text()).append(" | ").append(r.text()).append(" | ").append(v).append(" |\n");
            }
            if (seen) summary.add(new String[] {"4. matdiff / hand-written ≤ " + num(target) + " at n = " + n, String.join("; ", row), met ? "met" : "**missed**"});
        }
        out.append("\n");
    }

    private void startup() throws IOException {
        out.append("## 5. Start-up\n\n");
        Path p = results.resolve("startup.json");
        if (!Files.exists(p)) {
            out.append("(not measured)\n\n");
            return;
        }
        JsonObject r = JsonParser.parseString(Files.readString(p)).getAsJsonObject().getAsJsonArray("results").get(0).getAsJsonObject();
        JsonArray times = r.getAsJsonArray("times");
        double[] t = new double[times.size()];
        for (int i = 0; i < t.length; i++) t[i] = times.get(i).getAsDouble();
        Arrays.sort(t);
        double median = t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
        out.append("`").append(r.get("command").getAsString()).append("`, wall time of ").append(t.length)
                .append(" runs after 3 warm-up runs (hyperfine, `-N`: no shell), with the launcher's class-data-sharing archive in place.\n")
                .append("Target: median ≤ 0.6 s.\n\n");
        out.append(String.format(Locale.ROOT, "median %.3f s (min %.3f s, max %.3f s; mean %.3f s ± σ %.3f s)%n%n",
                median, t[0], t[t.length - 1], r.get("mean").getAsDouble(), r.get("stddev").getAsDouble()));
        summary.add(new String[] {"5. start-up median ≤ 0.6 s", String.format(Locale.ROOT, "%.3f s (min %.3f, max %.3f)", median, t[0], t[t.length - 1]),
                median <= 0.6 ? "met" : "**missed**"});
    }

    // ---- helpers

    static int nodes(Collection<Expr> roots) {
        Map<Expr, Boolean> seen = new IdentityHashMap<>();
        Deque<Expr> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            Expr e = todo.pop();
            if (seen.put(e, Boolean.TRUE) == null) todo.addAll(e.children());
        }
        return seen.size();
    }

    /** Three significant figures, without exponent notation. */
    static String num(double v) {
        if (v == 0) return "0";
        double a = Math.abs(v);
        int decimals = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : a >= 0.1 ? 3 : 4;
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
