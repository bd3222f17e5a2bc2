package dev.matdiff.cli;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.data.DataReader;
import dev.matdiff.data.DataWriter;
import dev.matdiff.data.ProgramData;
import dev.matdiff.expr.Expr;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Data;
import dev.matdiff.numeric.Evaluator;
import dev.matdiff.source.Source;

import org.apache.commons.math3.linear.RealMatrix;
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

@Command(name = "eval", description = "Evaluate the objective and its gradients on data.", mixinStandardHelpOptions = true)
final class EvalCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ProgramOptions program;



    @Option(names = "--data", required = true, paramLabel = "DATA.json", description = "values of the symbols")
    Path dataFile;



    @Option(names = "--threads", defaultValue = "1", description = "cores the evaluation may use (default: ${DEFAULT-VALUE}; see README)")
    int threads;

    @Option(names = "--json", description = "print {\"value\": …, \"gradients\": {…}}")
    boolean json;

    @Override
    public Integer call() {
        if (threads < 1) throw new CliError("--threads must be at least 1", 2);
        Inputs.Loaded in = program.load();
        List<String> variables = program.variables(in);
        Derivation d = in.run(() -> in.matdiff().derive(program.of, variables));
        Source dataSource = Inputs.read(dataFile);
        Data data = Inputs.against(dataSource, () -> DataReader.read(dataSource.text()));
        Bindings bindings = Inputs.against(dataSource, () -> ProgramData.bind(in.matdiff().program(), d.objectiveAndGradients(), data));
        Evaluator evaluator = new Evaluator(bindings, threads);
        try {
            evaluator.values(d.objectiveAndGradients());  // all together: their products ordered and shared as one
        } catch (dev.matdiff.numeric.NumericException e) {
            evaluator = new Evaluator(bindings, threads);  // one by one, so that the error names what failed as before
        }
        Evaluator ev = evaluator;
        double value = in.runAt(program.of, () -> ev.scalar(d.objective()));
        Map<String, RealMatrix> gradients = new LinkedHashMap<>();
        for (Map.Entry<String, Expr> g : d.gradients().entrySet())
            gradients.put(g.getKey(), in.runAt(program.of, () -> gradient(ev, d, g.getKey(), g.getValue())));
        var out = spec.commandLine().getOut();
        if (json) out.println(DataWriter.evalResult(value, gradients));
        else {
            out.println(d.objectiveName() + " = " + format(value));
            gradients.forEach((name, m) -> out.print("∇_" + name + " " + d.objectiveName() + " =" + matrix(m)));
        }
        out.flush();
        return 0;
    }

    /** A gradient's value; a failure names the gradient, whose inv(A) the user may not have written. */
    private static RealMatrix gradient(Evaluator evaluator, Derivation d, String name, Expr g) {
        try {
            return evaluator.value(g);
        } catch (dev.matdiff.numeric.NumericException e) {
            throw new dev.matdiff.numeric.NumericException("the gradient ∇_" + name + " " + d.objectiveName() + " = "
                    + dev.matdiff.expr.TextPrinter.print(g) + " cannot be evaluated here: " + e.getMessage(), e.pos());
        }
    }

    static String format(double v) { return String.format("%.10g", v).replaceFirst("\\.?0+(e|$)", "$1"); }

    private static String matrix(RealMatrix m) {
        if (m.getRowDimension() == 1 && m.getColumnDimension() == 1) return " " + format(m.getEntry(0, 0)) + "\n";
        StringBuilder sb = new StringBuilder("\n");
        for (int i = 0; i < m.getRowDimension(); i++) {
            sb.append("  [");
            for (int j = 0; j < m.getColumnDimension(); j++) sb.append(j > 0 ? ", " : "").append(format(m.getEntry(i, j)));
            sb.append("]\n");
        }
        return sb.toString();
    }
}
