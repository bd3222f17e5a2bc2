package dev.matdiff.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The section of docs/PERFORMANCE.md that {@code bench/side-by-side.sh} measures: matdiff against NumPy on the
 * five workloads of issue 16, f with its gradient, one thread on both sides, round by round. A ratio is taken
 * within a round (the two sides ran one right after the other), then the median over the rounds is reported
 * with the lowest and highest round's ratio.
 */
final class SideBySide {
    private final Path dir;
    private final Properties machine = new Properties();
    private final StringBuilder out = new StringBuilder();
    /** Rows for the summary: target, figure, verdict. */
    final List<String[]> summary = new ArrayList<>();

    SideBySide(Path results) throws IOException {
        this.dir = results.resolve("side");
        Path mp = dir.resolve("machine.properties");
        if (Files.exists(mp)) try (var in = Files.newBufferedReader(mp)) { machine.load(in); }
    }

    boolean present() { return Files.exists(dir.resolve("machine.properties")); }

    static final List<String> WORKLOADS = List.of("least_squares", "mlp", "trace_inv", "logdet", "gaussian_nll");
    static final int[] SIZES = {64, 256, 512, 1024};

    /** The medians of one side's iterations (µs), per round; empty where a round is missing. */
    private List<Double> rounds(String prefix, String workload, int n, String benchmark) throws IOException {
        List<Double> out = new ArrayList<>();
        int rounds = Integer.parseInt(machine.getProperty("rounds", "1"));
        for (int r = 1; r <= rounds; r++) {
            Path p = dir.resolve(prefix + (workload == null ? "" : "-" + workload + "-" + n) + "-r" + r + ".json");
            if (!Files.exists(p)) continue;
            double[] us = benchmark == null ? numpy(p) : jmh(p, benchmark);
            if (us.length > 0) out.add(median(us));
        }
        return out;
    }

    private static double[] numpy(Path p) throws IOException {
        String text = Files.readString(p).strip();
        if (text.isEmpty()) return new double[0];
        JsonArray us = JsonParser.parseString(text).getAsJsonObject().getAsJsonArray("us");
        double[] out = new double[us.size()];
        for (int i = 0; i < out.length; i++) out[i] = us.get(i).getAsDouble();
        return out;
    }

    private static double[] jmh(Path p, String benchmark) throws IOException {
        for (JsonElement e : JsonParser.parseString(Files.readString(p)).getAsJsonArray()) {
            JsonObject o = e.getAsJsonObject();
            if (!o.get("benchmark").getAsString().endsWith("." + benchmark)) continue;
            List<Double> raw = new ArrayList<>();
            for (JsonElement fork : o.getAsJsonObject("primaryMetric").getAsJsonArray("rawData"))
                for (JsonElement v : fork.getAsJsonArray()) raw.add(v.getAsDouble());
            return raw.stream().mapToDouble(Double::doubleValue).toArray();
        }
        return new double[0];
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double median(List<Double> v) { return median(v.stream().mapToDouble(Double::doubleValue).toArray()); }

    /** Per-round ratios a/b of two sides measured in the same rounds. */
    private static double[] ratios(List<Double> a, List<Double> b) {
        int k = Math.min(a.size(), b.size());
        double[] out = new double[k];
        for (int i = 0; i < k; i++) out[i] = a.get(i) / b.get(i);
        return out;
    }

    private static String ratioText(double[] r) {
        if (r.length == 0) return "–";
        double lo = Arrays.stream(r).min().orElse(0), hi = Arrays.stream(r).max().orElse(0);
        return r.length == 1 ? String.format(Locale.ROOT, "%.2f", r[0]) : String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", median(r), lo, hi);
    }

    static String time(double us) {
        return us >= 10_000 ? String.format(Locale.ROOT, "%.1f ms", us / 1000) : us >= 100 ? String.format(Locale.ROOT, "%.0f µs", us)
                : String.format(Locale.ROOT, "%.1f µs", us);
    }

    String write() throws IOException {
        int pythons = 0;
        while (machine.containsKey(numpyKey(pythons))) pythons++;
        out.append("## Side by side with NumPy (issue 16, \"Numbers at BLAS speed\")\n\n");
        out.append("Written by `bench/side-by-side.sh` on ").append(machine.getProperty("date", "?")).append(" at commit `")
                .append(machine.getProperty("commit", "?")).append("`: the five workloads of the issue, f and its gradient, float64, the same data\n")
                .append("on both sides (`bench/data/`, made once by `dev.matdiff.bench.Workload`; the NumPy side first checks its f and gradients\n")
                .append("against matdiff's to 1e-9). matdiff: `WorkloadBenchmark` (JMH, `new Evaluator(at).values(f and gradients)`, a fresh\n")
                .append("evaluator per operation); NumPy: `bench/numpy_workloads.py`, written as a careful NumPy user would (one inverse per\n")
                .append("matrix, shared products, no product formed for its trace). One thread on both sides (`OPENBLAS_NUM_THREADS=1`).\n")
                .append("Each round times every workload and size on both sides one right after the other; a ratio is taken within a round,\n")
                .append("and the table gives the median over ").append(machine.getProperty("rounds", "?"))
                .append(" rounds, then (in parentheses) the lowest and highest round.\n\n");
        out.append("| | |\n|---|---|\n");
        out.append("| CPU | ").append(machine.getProperty("cpu", "?")).append(", ").append(machine.getProperty("nproc", "?")).append(" cores |\n");
        out.append("| JDK | ").append(machine.getProperty("jdk", "?")).append("; JVM options `").append(machine.getProperty("jvmArgs", "?")).append("` |\n");
        out.append("| matdiff's BLAS | ").append(machine.getProperty("blas", "?")).append(" |\n");
        for (int i = 0; i < pythons; i++) out.append("| NumPy ").append(i + 1).append(" | ").append(machine.getProperty(numpyKey(i))).append(" |\n");
        if (pythons == 0) out.append("| NumPy | not found: no Python with NumPy on this machine, so matdiff was timed alone |\n");
        out.append("| threads | 1 on both sides (`OPENBLAS_NUM_THREADS=1`) |\n");
        out.append("| load average (1, 5, 15 min) | ").append(machine.getProperty("loadStart", "?")).append(" at the start, ")
                .append(machine.getProperty("loadEnd", "?")).append(" at the end |\n\n");

        for (int py = 0; py < pythons; py++) {
            out.append("### matdiff / NumPy ").append(py + 1).append(", f and ∇f\n\n");
            out.append("Target: ≤ 1.5 at n = 64, ≤ 1.2 at n ≥ 256.\n\n");
            out.append("| workload |");
            for (int n : SIZES) out.append(" n = ").append(n).append(" |");
            out.append("\n|---|---|---|---|---|\n");
            List<String> missed = new ArrayList<>();
            for (String w : WORKLOADS) {
                out.append("| ").append(w).append(" |");
                for (int n : SIZES) {
                    double[] r = ratios(rounds("matdiff", w, n, "fAndGradient"), rounds("numpy" + py, w, n, null));
                    out.append(' ').append(ratioText(r)).append(" |");
                    if (r.length > 0 && median(r) > (n == 64 ? 1.5 : 1.2)) missed.add(w + " n=" + n + " " + String.format(Locale.ROOT, "%.2f", median(r)));
                }
                out.append('\n');
            }
            out.append("\nTimes (medians over the rounds), matdiff / NumPy:\n\n| workload |");
            for (int n : SIZES) out.append(" n = ").append(n).append(" |");
            out.append("\n|---|---|---|---|---|\n");
            for (String w : WORKLOADS) {
                out.append("| ").append(w).append(" |");
                for (int n : SIZES) {
                    List<Double> m = rounds("matdiff", w, n, "fAndGradient"), p = rounds("numpy" + py, w, n, null);
                    out.append(' ').append(m.isEmpty() ? "–" : time(median(m))).append(" / ").append(p.isEmpty() ? "–" : time(median(p))).append(" |");
                }
                out.append('\n');
            }
            out.append('\n');
            summary.add(new String[] {"issue 16, 3: f + ∇f within 1.2× of NumPy " + (py + 1) + " at n ≥ 256, 1.5× at n = 64",
                    missed.isEmpty() ? "every workload and size" : "missed: " + String.join("; ", missed), missed.isEmpty() ? "met" : "**missed**"});
        }

        out.append("### Cheap gradient: time(f and ∇f) / time(f), matdiff\n\nTarget: ≤ 3.\n\n| workload |");
        for (int n : SIZES) out.append(" n = ").append(n).append(" |");
        out.append("\n|---|---|---|---|---|\n");
        List<String> over = new ArrayList<>();
        for (String w : WORKLOADS) {
            out.append("| ").append(w).append(" |");
            for (int n : SIZES) {
                double[] r = ratios(rounds("matdiff", w, n, "fAndGradient"), rounds("matdiff", w, n, "f"));
                out.append(' ').append(ratioText(r)).append(" |");
                if (r.length > 0 && median(r) > 3) over.add(w + " n=" + n + " " + String.format(Locale.ROOT, "%.2f", median(r)));
            }
            out.append('\n');
        }
        out.append('\n');
        summary.add(new String[] {"issue 16, 3: time(f + ∇f) / time(f) ≤ 3", over.isEmpty() ? "every workload and size" : "over: " + String.join("; ", over),
                over.isEmpty() ? "met" : "**missed**"});
        threads(pythons);
        return out.toString();
    }

    private void threads(int pythons) throws IOException {
        String t = machine.getProperty("threads");
        if (t == null) return;
        out.append("### More than one core: the MLP at n = 1024 on ").append(t).append(" threads\n\n");
        out.append("f and ∇f, median over the rounds (speed-up over one thread in the same round, median and range).\n\n");
        out.append("| how | time | speed-up |\n|---|---|---|\n");
        List<Double> one = rounds("threads-one", null, 0, "fAndGradient");
        Map<String, List<Double>> rows = new LinkedHashMap<>();
        rows.put("matdiff, 1 thread", one);
        rows.put("matdiff `--threads " + t + "` (launcher: `OPENBLAS_NUM_THREADS=" + t + "`, OpenBLAS's own threads)", rounds("threads-native", null, 0, "fAndGradient"));
        rows.put("matdiff `new Evaluator(at, " + t + ")` in a JVM with `OPENBLAS_NUM_THREADS=1` (products split into slabs)", rounds("threads-slabs", null, 0, "fAndGradient"));
        for (var e : rows.entrySet())
            out.append("| ").append(e.getKey()).append(" | ").append(e.getValue().isEmpty() ? "–" : time(median(e.getValue()))).append(" | ")
                    .append(ratioText(ratios(one, e.getValue()))).append(" |\n");
        for (int py = 0; py < pythons; py++) {
            List<Double> npOne = rounds("threads-numpy" + py + "-one", null, 0, null), npMany = rounds("threads-numpy" + py + "-many", null, 0, null);
            out.append("| NumPy ").append(py + 1).append(", 1 thread | ").append(npOne.isEmpty() ? "–" : time(median(npOne))).append(" | |\n");
            out.append("| NumPy ").append(py + 1).append(", ").append(t).append(" threads | ").append(npMany.isEmpty() ? "–" : time(median(npMany)))
                    .append(" | ").append(ratioText(ratios(npOne, npMany))).append(" |\n");
        }
        out.append('\n');
    }

    private static String numpyKey(int i) { return "numpy." + i; }
}
