package dev.matdiff.cli;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Deriver;
import dev.matdiff.check.DerivativeCheck;
import dev.matdiff.check.PointCheck;
import dev.matdiff.check.GradientCheck;
import dev.matdiff.check.RandomData;
import dev.matdiff.data.DataReader;
import dev.matdiff.expr.Expr;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Data;
import dev.matdiff.source.Source;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "check", description = {"Compare the symbolic gradient with central finite differences on random data (or on --data).",
        "Passes where every relative error is at most " + dev.matdiff.check.GradientCheck.TOLERANCE_TEXT + "; exit code 0 when it passes, 1 when "
                + "the worst error is above the tolerance (FAILED, or inconclusive at a kink, say, which it explains), 2 on bad input."},
        mixinStandardHelpOptions = true, versionProvider = Main.Version.class)
final class CheckCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ProgramOptions program;

    @Option(names = "--dims", paramLabel = "NAME=SIZE", description = "sizes of dimension symbols (others get defaults)")
    List<String> dims = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "seed of the random data (default: ${DEFAULT-VALUE})")
    long seed;

    /** Each trial is a finite-difference pass over every variable: beyond this a check runs for minutes and says no more. */
    static final int MAX_TRIALS = 1000;

    @Option(names = "--trials", paramLabel = "N", description = "how many random points to check (default: 3)")
    Integer trials;

    @Option(names = "--hessian", description = "also check the Hessian of a scalar objective (with its symmetry)")
    boolean hessian;

    @Option(names = "--data", paramLabel = "DATA.json", description = "check at this point instead of random ones")
    Path dataFile;

    @Option(names = "--json", description = "print each check as JSON (verdict, worst error, where, each variable's worst error)")
    boolean json;

    static final int DEFAULT_TRIALS = 3;

    @Override
    public Integer call() {
        int count = trials == null ? DEFAULT_TRIALS : trials;
        if (count < 1) throw CliError.usage(spec, "--trials must be at least 1, not " + count);
        if (count > MAX_TRIALS) throw CliError.usage(spec, "--trials " + count + ": at most " + MAX_TRIALS + " random points");
        Map<String, Integer> sizes = DimsOption.parse(spec, dims);
        Inputs.Loaded in = program.load();
        Data data = null;
        Source dataSource = null;
        if (dataFile != null) {
            Source s = Inputs.read(dataFile, spec, "--data");
            dataSource = s;
            data = Inputs.against(s, () -> DataReader.read(s.text()));
        }
        var out = spec.commandLine().getOut();
        boolean failed = false;
        List<Json.Check> done = new ArrayList<>();
        // every objective derived before any is checked: a bad name or an objective with no closed form is said
        // before a line is printed, so --json prints all of its array or nothing
        Deriver.Options options = Deriver.Options.DEFAULT.withSecondOrder(hessian, false);
        List<String> objectives = program.objectives();
        List<Derivation> derivations = new ArrayList<>();
        List<String> directional = new ArrayList<>();
        for (String objective : objectives) {
            List<String> variables = program.variables(in, objective);
            Derivation d = in.run(() -> in.matdiff().derive(objective, variables, options));
            // a Hessian too large to form at these sizes is checked along random directions, ∇²f[V], instead of refused
            if (hessian && data == null && hessianTooLarge(d, sizes)) {
                directional.add(d.objectiveName());
                d = in.run(() -> in.matdiff().derive(objective, variables, Deriver.Options.DEFAULT.withSecondOrder(false, true)));
            }
            derivations.add(d);
        }
        List<String> fewer = new ArrayList<>();  // notes of objectives checked at fewer points than asked
        java.util.Set<String> unusedDims = new java.util.LinkedHashSet<>();  // --dims of no dimension, said once
        for (int k = 0; k < objectives.size(); k++) {
            String objective = objectives.get(k);
            Derivation d = derivations.get(k);
            List<String> variables = d.wrt().stream().map(Expr.Var::name).toList();
            GradientCheck.Result worst;
            String where;
            int found = 0;
            if (data != null) {
                Bindings at = Inputs.bindData(in, d, dataSource, data);
                unusedDims.add(DimsOption.lenient(spec, in, d, sizes));
                DimsOption.agree(spec, sizes, at.dimSizes(), dataSource.name());
                worst = in.runAt(objective, () -> PointCheck.verify(d, at, seed));
                where = "at the point in " + dataSource.name();
            } else {
                unusedDims.add(DimsOption.lenient(spec, in, d, sizes));
                worst = null;
                RandomData.NoPointFound[] missing = {null};
                // a random point where the differences cannot decide (rounding at a near-zero, a kink met by chance) is no
                // evidence either way: another is drawn in its place, up to count more; it is reported only if none decides
                GradientCheck.Result undecided = null;
                int budget = count, searched = 0;  // searched: the draws that found a point; found: those that decided
                for (int t = 0; t < budget; t++) {
                    // trials apart by a large odd step, so --seed N and N + 1 draw no point in common (seed + t did)
                    long pointSeed = drawingSeed(seed) + t * 0x9E3779B97F4A7C15L;
                    // a narrow domain (0 < x < u) some trials' draws all miss: the points found still decide
                    GradientCheck.Result r = in.runAt(objective, () -> {
                        try {
                            return RandomData.atRandomPoint(d, sizes, pointSeed, at -> DerivativeCheck.verify(d, at, pointSeed));
                        } catch (RandomData.NoPointFound e) {
                            if (missing[0] == null) missing[0] = e;
                            return null;
                        }
                    });
                    if (r == null) continue;
                    searched++;
                    if (!r.passed() && !r.failed()) {
                        undecided = GradientCheck.Result.worse(undecided, r);
                        if (budget < 2 * count) budget++;
                        continue;
                    }
                    found++;
                    worst = GradientCheck.Result.worse(worst, r);
                    if (r.failed()) break;
                }
                if (searched == 0) in.runAt(objective, () -> { throw missing[0]; });
                if (worst == null) {  // no point decided: the undecided ones are the report
                    worst = undecided;
                    found = searched;
                }
                if (searched < count && !worst.failed())
                    fewer.add("only " + searched + " of the " + count + " random points' searches found a point where " + d.objectiveName()
                            + " and its gradients are defined (another --seed draws others; --data checks at a point of your own)");
                where = "over " + found + " random point" + (found == 1 ? "" : "s");
            }
            String line = "check " + d.objectiveName() + " w.r.t. " + Listed.names(variables, "") + " " + where + ": " + worst.summary();
            if (json) done.add(new Json.Check(d.objectiveName(), variables, data != null ? null : found, line, worst));
            else out.println(line);
            // CLI.md: exit 1 where the worst relative error printed is above the tolerance, also where the verdict is
            // inconclusive (not verified is not passed); the verdict still says FAILED only where the differences settled
            failed |= worst.failed() || worst.aboveTolerance();
        }
        if (json) out.print(Json.checks(done));
        out.flush();
        // after everything else is said: CLI.md lists both; with --data there is one point, so --trials has nothing to count, and says so
        if (dataFile != null && trials != null && trials != 1)
            Notes.print(spec.commandLine().getErr(), "--trials counts random points and --data gives the one point to check at, so --trials "
                    + trials + " is not used");
        for (String name : directional)
            Notes.print(spec.commandLine().getErr(), "the Hessian of " + name + " would have more than " + RandomData.MAX_ENTRIES
                    + " entries at these sizes: its product with a random direction V, ∇²" + name + "[V], was checked instead (as --hvp derives it)");
        fewer.forEach(n -> Notes.print(spec.commandLine().getErr(), n));
        unusedDims.stream().filter(java.util.Objects::nonNull).forEach(n -> Notes.print(spec.commandLine().getErr(), n));
        String unknown = data == null ? null : Inputs.unknownKeys(in, dataSource, data);
        if (unknown != null) Notes.print(spec.commandLine().getErr(), unknown);
        in.notes().forEach(n -> Notes.print(spec.commandLine().getErr(), n));
        return failed ? 1 : 0;
    }

    /** Whether a variable's Hessian block, (its entries)², passes what random data may compute at the sizes --dims gives. */
    private static boolean hessianTooLarge(Derivation d, Map<String, Integer> sizes) {
        for (Expr.Var v : d.wrt()) {
            long rows = dev.matdiff.expr.Dims.evaluate(v.shape().rows(), sizes), cols = dev.matdiff.expr.Dims.evaluate(v.shape().cols(), sizes);
            double entries = (double) Math.max(rows, 1) * Math.max(cols, 1);
            if (entries * entries > RandomData.MAX_ENTRIES) return true;
        }
        return false;
    }

    /**
     * The seed the points are drawn from. {@link java.util.Random} keeps a seed's low 48 bits, so --seed -1 and
     * --seed 9223372036854775807 drew the same points: past ±2⁴⁷ the high bits are folded into the low ones by an odd
     * multiple (so seeds alike below differ there), and a seed inside — every seed a user types — draws what it drew.
     */
    static long drawingSeed(long seed) {
        // the high 17 bits as a signed number: 0 and -1 inside ±2⁴⁷, never 0 outside (seed >>> 48 was 0 up to 2⁴⁸, so 2⁴⁸ − 1
        // drew what -1 draws: review s76r)
        long high = seed >> 47;
        return high == 0 || high == -1 ? seed : seed ^ high * 0x9E3779B97F4BL;
    }
}
