package dev.matdiff.cli;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.check.RandomData;
import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.linalg.Blas;
import dev.matdiff.linalg.Dense;
import dev.matdiff.numeric.Evaluator;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.apache.commons.math3.linear.RealMatrix;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * What a derivation costs: its time, the sizes of f and of its gradients as DAGs, and the time to
 * evaluate f alone and f with all its gradients (medians of warm runs, after a warm-up that lasts
 * until the figures settle: {@link Timing}). Their ratio is the figure of the cheap gradient principle.
 */
@Command(name = "bench", description = "Measure derivation and evaluation (medians of warm runs).", mixinStandardHelpOptions = true, versionProvider = Main.Version.class)
final class BenchCommand implements Callable<Integer>, ProgramOptions.OneObjective {

    @Spec CommandSpec spec;

    @Mixin ProgramOptions program;

    @Option(names = "--dims", paramLabel = "NAME=SIZE", description = "sizes of dimension symbols for the evaluation")
    List<String> dims = new ArrayList<>();

    @Option(names = "--seconds", defaultValue = "1", description = "time to spend on each measurement, after the warm-up (default: ${DEFAULT-VALUE})")
    double seconds;

    @Mixin
    ThreadsOption threadsOption;

    @Option(names = "--json", description = "print the figures as JSON")
    boolean json;

    @Override
    public Integer call() {
        // each figure takes up to 100,000 runs: past an hour a measurement stopped on its own, unsaid (trial s69a)
        if (!(seconds > 0) || !(seconds <= 3600))
            throw CliError.usage(spec, "--seconds must be a positive number of seconds, at most 3600, not " + dev.matdiff.expr.TextPrinter.number(seconds));
        int threads = threadsOption.checked(spec);
        Map<String, Integer> sizes = DimsOption.parse(spec, dims);
        Inputs.Loaded in = program.load();
        String objective = program.oneObjective();
        List<String> variables = program.variables(in);
        Supplier<Derivation> derive = () -> in.run(() -> in.matdiff().derive(objective, variables));
        Derivation d = derive.get();
        DimsOption.check(spec, in, d, sizes);
        List<Expr> exprs = d.objectiveAndGradients();
        // evaluation first: data too large for memory is refused before the derivation's warm-up (trial s64b: 15 s)
        Map<String, Integer> drawn = new java.util.LinkedHashMap<>();  // the sizes the evaluation ran at, said with its times
        Timing.Figure[] eval = in.runAt(objective, () -> RandomData.atRandomPoint(d, sizes, 1, at -> {
            drawn.putAll(at.dimSizes());
            return new Timing.Figure[] {
                    Timing.measure(() -> new Evaluator(at, threads).value(d.objective()), seconds),
                    Timing.measure(() -> formed(new Evaluator(at, threads).values(exprs), d.objective().shape().isScalar()), seconds)};
        }));
        Timing.Figure derivation = Timing.measure(derive, seconds);
        int fNodes = Dag.size(List.of(d.objective()));
        // the first derivatives: gradients, or a vector or matrix objective's Jacobians
        int gradNodes = Dag.size(d.results().stream().map(Derivation.Result::expr).toList());
        var out = spec.commandLine().getOut();
        double ratio = eval[1].median() / eval[0].median();
        boolean settled = derivation.settled() && eval[0].settled() && eval[1].settled();
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("derive_ms", derivation.median());
            o.addProperty("f_nodes", fNodes);
            o.addProperty("grad_nodes", gradNodes);
            JsonObject at = new JsonObject();
            drawn.forEach(at::addProperty);
            o.add("sizes", at);
            o.addProperty("eval_f_ms", eval[0].median());
            o.addProperty("eval_f_grad_ms", eval[1].median());
            o.addProperty("ratio", ratio);
            o.addProperty("threads", threads);
            o.addProperty("blas", Blas.describe());
            o.addProperty("settled", settled);
            out.println(new GsonBuilder().setPrettyPrinting().create().toJson(o));
        } else {
            out.printf("derive            %10.3f ms  %s%n", derivation.median(), spread(derivation));
            out.printf("nodes of f        %10d%n", fNodes);
            out.printf("nodes of ∇f       %10d  (%.2f× f)%n", gradNodes, gradNodes / (double) fNodes);
            // each size said drawn where --dims did not give it (review s80r: with some given, the line did not say which)
            out.printf("sizes             %s%n", drawn.isEmpty() ? "(none: every shape is fixed)" : String.join(", ",
                    drawn.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue() + (sizes.containsKey(e.getKey()) ? "" : " (drawn)")).toList())
                    + (sizes.size() < drawn.size() ? "; --dims sets them" : ""));
            out.printf("eval f            %10.3f ms  %s%n", eval[0].median(), spread(eval[0]));
            out.printf("eval f and ∇f     %10.3f ms  %s%n", eval[1].median(), spread(eval[1]));
            // a ratio of unsettled figures (0.46: f and ∇f cheaper than f) is no figure to quote: said on its line (trial s76b)
            out.printf("ratio             %10.2f%s%n", ratio, eval[0].settled() && eval[1].settled() ? "" : "  (not settled: see the note on stderr)");
            out.printf("BLAS              %s, %s%n", Blas.describe(), Blas.get().threadsText(threads));
        }
        // said on stderr with --json too, beside its "settled": false (user trial)
        if (!settled)
            spec.commandLine().getErr().printf("matdiff: note: a figure did not settle within %.0f s of warm-up (within %.0f%%): the machine is busy, or the JIT still at work%n",
                    Timing.maxWarmupSeconds(seconds), 100 * Timing.SETTLED_SPREAD);
        out.flush();
        return 0;
    }

    /** "(n runs, min–max)": how far the runs spread around the median. */
    private static String spread(Timing.Figure f) {
        return String.format(java.util.Locale.ROOT, "(median of %d runs after %.1f s of warm-up, %.3f–%.3f)", f.runs(), f.warmupSeconds(), f.min(), f.max());
    }

    /**
     * Each gradient with every entry written, as a user reading it gets it and NumPy returns it: one u·vᵀ kept as its two
     * vectors is formed inside the timed run (trial s71b: f and ∇f were timed without the n² writes). A Jacobian is left
     * in its parts: kron(A, B)'s n²×n² entries would not fit in memory.
     */
    private static List<RealMatrix> formed(List<RealMatrix> values, boolean gradients) {
        if (gradients) for (RealMatrix m : values) Dense.flat(m);
        return values;
    }
}
