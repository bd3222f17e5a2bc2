package dev.matdiff.cli;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.check.GradientCheck;
import dev.matdiff.check.RandomData;
import dev.matdiff.expr.Expr;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "check", description = "Compare the symbolic gradient with central finite differences on random data.",
        mixinStandardHelpOptions = true)
final class CheckCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ProgramOptions program;





    @Option(names = "--dims", split = ",", paramLabel = "m=4", description = "sizes of dimension symbols (others get defaults)")
    Map<String, Integer> dims = new LinkedHashMap<>();

    @Option(names = "--seed", defaultValue = "1", description = "seed of the random data (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--trials", defaultValue = "3", description = "how many random points to check (default: ${DEFAULT-VALUE})")
    int trials;

    @Override
    public Integer call() {
        if (trials < 1) throw new CliError("--trials must be at least 1", 2);
        for (Map.Entry<String, Integer> e : dims.entrySet())
            if (e.getValue() == null || e.getValue() < 1) throw new CliError("--dims: " + e.getKey() + " must be a positive size", 2);
        Inputs.Loaded in = program.load();
        List<String> variables = program.variables(in);
        Derivation d = in.run(() -> in.matdiff().derive(program.of, variables));
        List<Expr> exprs = d.objectiveAndGradients();
        Map<Expr.Var, Expr> gradients = d.gradientsByVariable();
        GradientCheck.Result worst = null;
        for (int t = 0; t < trials; t++) {
            long pointSeed = seed + t;
            GradientCheck.Result r = in.runAt(program.of, () -> RandomData.atRandomPoint(d, dims, pointSeed, at ->
                    GradientCheck.check(d.objective(), gradients, at, new GradientCheck.Options(GradientCheck.TOLERANCE, 8, pointSeed))));
            if (worst == null || r.worstError() > worst.worstError() || !r.passed()) worst = r;
            if (!r.passed()) break;
        }
        var out = spec.commandLine().getOut();
        out.println("check " + d.objectiveName() + " w.r.t. " + String.join(", ", variables) + " over " + trials + " random point"
                + (trials == 1 ? "" : "s") + ": " + worst.summary());
        out.flush();
        return worst.passed() ? 0 : 1;
    }
}
