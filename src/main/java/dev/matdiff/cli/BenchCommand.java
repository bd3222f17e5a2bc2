package dev.matdiff.cli;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.check.RandomData;
import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.numeric.Evaluator;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * What a derivation costs: its time, the sizes of f and of its gradients as DAGs, and the time to
 * evaluate f alone and f with all its gradients (medians of warm runs). Their ratio is the
 * figure of the cheap gradient principle.
 */
@Command(name = "bench", description = "Measure derivation and evaluation (medians of warm runs).", mixinStandardHelpOptions = true)
final class BenchCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ProgramOptions program;





    @Option(names = "--dims", split = ",", paramLabel = "m=4", description = "sizes of dimension symbols for the evaluation")
    Map<String, Integer> dims = new LinkedHashMap<>();

    @Option(names = "--seconds", defaultValue = "1", description = "time to spend on each measurement (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--json", description = "print the figures as JSON")
    boolean json;

    @Override
    public Integer call() {
        Inputs.Loaded in = program.load();
        List<String> variables = program.variables(in);
        Supplier<Derivation> derive = () -> in.run(() -> in.matdiff().derive(program.of, variables));
        Derivation d = derive.get();
        double deriveMs = median(() -> derive.get());
        List<Expr> exprs = d.objectiveAndGradients();
        double[] eval = in.run(() -> RandomData.atRandomPoint(exprs, dims, 1, at -> new double[] {
                median(() -> new Evaluator(at).scalar(d.objective())),
                median(() -> new Evaluator(at).values(exprs))}));
        int fNodes = Dag.size(List.of(d.objective()));
        int gradNodes = Dag.size(d.gradients().values());
        var out = spec.commandLine().getOut();
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("derive_ms", deriveMs);
            o.addProperty("f_nodes", fNodes);
            o.addProperty("grad_nodes", gradNodes);
            o.addProperty("eval_f_ms", eval[0]);
            o.addProperty("eval_f_grad_ms", eval[1]);
            o.addProperty("ratio", eval[1] / eval[0]);
            out.println(new GsonBuilder().setPrettyPrinting().create().toJson(o));
        } else {
            out.printf("derive            %10.3f ms%n", deriveMs);
            out.printf("nodes of f        %10d%n", fNodes);
            out.printf("nodes of ∇f       %10d  (%.2f× f)%n", gradNodes, gradNodes / (double) fNodes);
            out.printf("eval f            %10.3f ms%n", eval[0]);
            out.printf("eval f and ∇f     %10.3f ms%n", eval[1]);
            out.printf("ratio             %10.2f%n", eval[1] / eval[0]);
        }
        out.flush();
        return 0;
    }

    /** The median time of warm runs, in milliseconds: a few warm-up runs, then as many as fit in the budget (at least 5). */
    private double median(Supplier<?> work) {
        long budget = (long) (seconds * 1e9);
        long start = System.nanoTime();
        for (int i = 0; i < 3 && System.nanoTime() - start < budget / 4; i++) work.get();
        List<Long> times = new ArrayList<>();
        long measuring = System.nanoTime();
        while (times.size() < 5 || (System.nanoTime() - measuring < budget && times.size() < 10_000)) {
            long t0 = System.nanoTime();
            work.get();
            times.add(System.nanoTime() - t0);
        }
        long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[sorted.length / 2] / 1e6;
    }
}
