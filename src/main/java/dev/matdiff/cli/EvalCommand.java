package dev.matdiff.cli;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.data.DataReader;
import dev.matdiff.data.DataWriter;
import dev.matdiff.data.ProgramData;
import dev.matdiff.expr.Expr;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Data;
import dev.matdiff.numeric.Evaluator;
import dev.matdiff.numeric.NumericException;
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

@Command(name = "eval", description = "Evaluate the objective and its gradients on data.", mixinStandardHelpOptions = true)
final class EvalCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ProgramOptions program;

    @Option(names = "--data", required = true, paramLabel = "DATA.json", description = "values of the symbols (- for standard input)")
    Path dataFile;

    @Option(names = "--json", description = "print {\"value\": …, \"gradients\": {…}}")
    boolean json;

    /** One objective's numbers. */
    record Result(String objective, double value, Map<String, RealMatrix> gradients) {}

    @Override
    public Integer call() {
        if (dataFile.toString().equals(Inputs.STDIN) && program.file != null && program.file.toString().equals(Inputs.STDIN))
            throw CliError.usage(spec, "the program and the data cannot both come from standard input");
        Inputs.Loaded in = program.load();
        Source dataSource = Inputs.read(dataFile);
        Data data = Inputs.against(dataSource, () -> DataReader.read(dataSource.text()));
        List<Result> results = new ArrayList<>();
        for (String objective : program.objectives()) {
            List<String> variables = program.variables(in, objective);
            Derivation d = in.run(() -> in.matdiff().derive(objective, variables));
            Bindings bindings = Inputs.against(dataSource, () -> ProgramData.bind(in.matdiff().program(), d.objectiveAndGradients(), data));
            Evaluator evaluator = new Evaluator(bindings);
            double value = in.runAt(objective, () -> evaluator.scalar(d.objective()));
            Map<String, RealMatrix> gradients = new LinkedHashMap<>();
            for (Map.Entry<String, Expr> g : d.gradients().entrySet())
                gradients.put(g.getKey(), in.runAt(objective, () -> gradient(evaluator, d, value, g.getKey(), g.getValue())));
            results.add(new Result(d.objectiveName(), value, gradients));
        }
        var out = spec.commandLine().getOut();
        if (json) {
            if (results.size() == 1) out.println(DataWriter.evalResult(results.get(0).value(), results.get(0).gradients()));
            else {
                List<String> each = new ArrayList<>();
                for (Result r : results) each.add(DataWriter.evalResult(r.objective(), r.value(), r.gradients()));
                out.println("[" + String.join(", ", each) + "]");
            }
        } else {
            for (int i = 0; i < results.size(); i++) {
                Result r = results.get(i);
                out.print((i > 0 ? "\n" : "") + r.objective() + " = " + format(r.value()) + "\n");
                r.gradients().forEach((name, m) -> out.print("∇_" + name + " " + r.objective() + " =" + matrix(m)));
            }
        }
        out.flush();
        in.notes().forEach(n -> Notes.print(spec.commandLine().getErr(), n));
        return 0;
    }

    /**
     * A gradient's value. Where it does not exist, the message gives f's value, which does, and
     * names the part of the gradient that fails (an inv(A) the user may not have written).
     */
    private static RealMatrix gradient(Evaluator evaluator, Derivation d, double value, String name, Expr g) {
        try {
            return evaluator.value(g);
        } catch (NumericException e) {
            throw e.withMessage(d.objectiveName() + " = " + format(value) + " at this point, but its gradient ∇_" + name + " "
                    + d.objectiveName() + " = " + dev.matdiff.expr.TextPrinter.print(g) + " is not defined there: " + e.getMessage());
        }
    }

    /** Ten significant digits, trailing zeros dropped; -0 is 0. */
    static String format(double v) { return String.format("%.10g", v == 0 ? 0.0 : v).replaceFirst("\\.?0+(e|$)", "$1"); }

    /** A matrix as rows of numbers, each column right-aligned to its widest entry. */
    static String matrix(RealMatrix m) {
        if (m.getRowDimension() == 1 && m.getColumnDimension() == 1) return " " + format(m.getEntry(0, 0)) + "\n";
        int rows = m.getRowDimension(), cols = m.getColumnDimension();
        String[][] cells = new String[rows][cols];
        int[] width = new int[cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) {
                cells[i][j] = format(m.getEntry(i, j));
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
