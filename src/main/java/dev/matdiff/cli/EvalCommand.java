package dev.matdiff.cli;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.numeric.Numbers;
import dev.matdiff.calculus.Deriver;
import dev.matdiff.MatDiff;
import dev.matdiff.data.DataReader;
import dev.matdiff.data.DataWriter;
import dev.matdiff.expr.Expr;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Data;
import dev.matdiff.source.Source;

import org.apache.commons.math3.linear.RealMatrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "eval", description = "Evaluate the objective and its gradients on data.", mixinStandardHelpOptions = true, versionProvider = Main.Version.class)
final class EvalCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ProgramOptions program;

    @Option(names = "--data", required = true, paramLabel = "DATA.json", description = "values of the symbols (- for standard input)")
    Path dataFile;

    @Mixin
    ThreadsOption threadsOption;

    @Option(names = "--json", description = "print {\"value\": …, \"gradients\": {…}} (a vector or matrix objective: \"jacobians\")")
    boolean json;

    @Option(names = "--hessian", description = "also the Hessian of a scalar objective, H with d²f = vec(dX)ᵀ H vec(dX)")
    boolean hessian;

    /** One objective's numbers, with what it is and what each derivative is called. */
    record Result(Derivation derivation, MatDiff.Evaluation numbers) {}

    @Override
    public Integer call() {
        int threads = threadsOption.checked(spec);
        if (dataFile.toString().equals(Inputs.STDIN) && program.file != null && program.file.toString().equals(Inputs.STDIN))
            throw CliError.usage(spec, "the program and the data cannot both come from standard input");
        Inputs.Loaded in = program.load();
        Source dataSource = Inputs.read(dataFile, spec, "--data");
        Data data = Inputs.against(dataSource, () -> DataReader.read(dataSource.text()));
        List<Result> results = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String objective : program.objectives()) {
            List<String> variables = program.variablesOrNone(in, objective);
            // derive and check refuse such an objective; eval gives its value, and says why there is no gradient
            if (variables.isEmpty()) {
                String name = in.matdiff().program().objective(objective).name();
                notes.add(name + ": its value only, no gradient " + in.matdiff().program().whyNoVariable(name) + in.sharedConstant());
            }
            Deriver.Options options = Deriver.Options.DEFAULT.withSecondOrder(hessian, false);
            Derivation d = variables.isEmpty() ? in.run(() -> valueOnly(in, objective)) : in.run(() -> {
                try {
                    return in.matdiff().derive(objective, variables, options);
                } catch (dev.matdiff.calculus.NoClosedForm e) {
                    // the value of sum(convmatrix(K, p, q)) is still wanted when its derivative (not asked for by name) has no
                    // closed form, and so are the gradients that have one ((-2)^a + b^2 gave no ∇_b: trial s69a)
                    if (program.wrt != null || hessian) throw e;
                    List<String> derivable = new ArrayList<>(), not = new ArrayList<>();
                    // a derivation each: past a few variables (a 200-layer network's) the value alone, as before (review s69r)
                    if (variables.size() > MAX_RETRIED) not.addAll(variables);
                    else for (String v : variables) {
                        try {
                            in.matdiff().derive(objective, List.of(v), options);
                            derivable.add(v);
                        } catch (dev.matdiff.calculus.NoClosedForm none) {
                            not.add(v);
                        }
                    }
                    String name = in.matdiff().program().objective(objective).name();
                    notes.add(name + (derivable.isEmpty() ? ": its value only: " : ": no gradient for " + String.join(", ", not) + ": ") + e.getMessage());
                    return derivable.isEmpty() ? valueOnly(in, objective) : in.matdiff().derive(objective, derivable, options);
                }
            });
            Bindings bindings = Inputs.bindData(in, d, dataSource, data);
            results.add(new Result(d, in.runAt(objective, () -> MatDiff.evaluate(d, bindings, threads))));
        }
        var out = spec.commandLine().getOut();
        if (json) {
            List<String> each = new ArrayList<>();
            // a number JSON cannot hold (NaN, ∞) is bad data at the objective, not an internal error
            for (Result r : results) each.add(in.runAt(r.derivation().objectiveName(), () -> json(r, results.size() > 1, hessian)));
            out.println(results.size() == 1 ? each.get(0) : "[" + String.join(", ", each) + "]");
        } else {
            for (int i = 0; i < results.size(); i++) out.print((i > 0 ? "\n" : "") + text(results.get(i)));
        }
        out.flush();
        in.notes().forEach(n -> Notes.print(spec.commandLine().getErr(), n));
        notes.forEach(n -> Notes.print(spec.commandLine().getErr(), n));
        String unknown = Inputs.unknownKeys(in, dataSource, data);
        if (unknown != null) Notes.print(spec.commandLine().getErr(), unknown);
        return 0;
    }

    /** Variables each derived on its own, where one gradient of the objective has no closed form. */
    static final int MAX_RETRIED = 16;

    /** An objective of constants: its value, and no derivative to compute. */
    private static Derivation valueOnly(Inputs.Loaded in, String objective) {
        var program = in.matdiff().program();
        Expr.Named named = program.objective(objective);
        return new Derivation(named.name(), named.body(), List.of(), List.of(), Map.of(), program.assumptions(), Derivation.Higher.NONE);
    }

    /** The contract's object: the value in F's shape, gradients in their variables' forms, Jacobians and Hessians as rows. */
    private static String json(Result r, boolean named, boolean hessian) {
        Derivation d = r.derivation();
        Map<String, Expr.Var> vars = new LinkedHashMap<>();
        for (Expr.Var v : d.wrt()) vars.put(v.name(), v);
        Map<String, Map<String, DataWriter.Value>> sections = new LinkedHashMap<>();
        r.numbers().derivatives().forEach((kind, byVariable) -> {
            Map<String, DataWriter.Value> section = sections.computeIfAbsent(Derivation.Result.section(kind), k -> new LinkedHashMap<>());
            byVariable.forEach((x, m) -> section.put(x, new DataWriter.Value(m,
                    kind.equals("gradient") ? DataWriter.Form.of(vars.get(x)) : DataWriter.Form.ROWS)));
        });
        sections.putIfAbsent(d.isJacobian() ? "jacobians" : "gradients", Map.of());
        // asked for, the section is there, empty for an objective of constants, as its gradients are
        if (hessian && !d.isJacobian()) sections.putIfAbsent("hessians", Map.of());
        DataWriter.Value value = new DataWriter.Value(r.numbers().values(), DataWriter.Form.of(d.objective().shape()));
        return DataWriter.evalResult(named ? d.objectiveName() : null, value, sections);
    }

    /** "L = 1.25", then each derivative under its printed name: "∇_X L =", "∂y/∂vec(W) =", "∇²_x f =". */
    private static String text(Result r) {
        Derivation d = r.derivation();
        StringBuilder sb = new StringBuilder(d.objectiveName() + " =" + matrix(r.numbers().values()));
        for (Derivation.Result x : d.results()) {
            RealMatrix m = r.numbers().derivatives().getOrDefault(x.kind(), Map.of()).get(x.variable());
            if (m != null) sb.append(x.lhs().text()).append(" =").append(matrix(m));
        }
        return sb.toString();
    }

    /** A matrix as rows of numbers, each column right-aligned to its widest entry. */
    static String matrix(RealMatrix m) {
        if (m.getRowDimension() == 1 && m.getColumnDimension() == 1) return " " + Numbers.format(m.getEntry(0, 0)) + "\n";
        int rows = m.getRowDimension(), cols = m.getColumnDimension();
        String[][] cells = new String[rows][cols];
        int[] width = new int[cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) {
                cells[i][j] = Numbers.format(m.getEntry(i, j));
                width[j] = Math.max(width[j], cells[i][j].length());
            }
        StringBuilder sb = new StringBuilder("\n");
        for (int i = 0; i < rows; i++) {
            sb.append("  [");
            for (int j = 0; j < cols; j++)
                sb.append(j > 0 ? ", " : "").append(" ".repeat(width[j] - cells[i][j].length())).append(cells[i][j]);
            sb.append("]\n");
        }
        return sb.toString();
    }
}
