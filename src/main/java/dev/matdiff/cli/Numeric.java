package dev.matdiff.cli;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.expr.Expr;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Data;
import dev.matdiff.numeric.Evaluator;
import dev.matdiff.shapes.Program;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What eval and check share: which symbols an objective and its gradients read, and binding them. */
final class Numeric {
    private Numeric() {}

    /** Every variable the expressions read (including intermediates that stand as variables). */
    static List<Expr.Var> variablesOf(List<Expr> exprs) {
        Set<Expr.Var> out = new LinkedHashSet<>();
        Map<Expr, Boolean> seen = new IdentityHashMap<>();
        for (Expr e : exprs) collect(e, out, seen);
        return new ArrayList<>(out);
    }

    private static void collect(Expr e, Set<Expr.Var> out, Map<Expr, Boolean> seen) {
        if (seen.put(e, Boolean.TRUE) != null) return;
        if (e instanceof Expr.Var v) out.add(v);
        for (Expr c : e.children()) collect(c, out, seen);
    }

    static List<Expr> objectiveAndGradients(Derivation d) {
        List<Expr> all = new ArrayList<>();
        all.add(d.objective());
        all.addAll(d.gradients().values());
        return all;
    }

    /**
     * Runs {@code step} at a random point: data of both signs first, all-positive data if the
     * objective is not defined there (log, sqrt); the second failure is thrown.
     */
    static <T> T atRandomPoint(List<Expr> exprs, Map<String, Integer> dims, long seed, java.util.function.Function<Bindings, T> step) {
        List<Expr.Var> read = variablesOf(exprs);
        dev.matdiff.numeric.NumericException failure = null;
        for (dev.matdiff.numeric.RandomData.Mode mode : dev.matdiff.numeric.RandomData.Mode.values()) {
            try {
                return step.apply(dev.matdiff.numeric.RandomData.draw(read, exprs, dims, seed, mode));
            } catch (dev.matdiff.numeric.NumericException e) {
                failure = e;
            }
        }
        throw failure;
    }

    /** The derivation's gradients keyed by their variables. */
    static Map<Expr.Var, Expr> gradients(Derivation d) {
        Map<Expr.Var, Expr> out = new LinkedHashMap<>();
        for (Expr.Var v : d.wrt()) out.put(v, d.gradient(v.name()));
        return out;
    }

    /**
     * Binds the data to the program's symbols that the derivation reads. Declared symbols it does not
     * read may be in the data; an intermediate asked for as a variable is computed from its definition.
     */
    static Bindings bind(Program program, Derivation d, Data data) {
        List<Expr.Var> read = variablesOf(objectiveAndGradients(d));
        List<Expr.Var> declared = new ArrayList<>();
        List<Expr.Var> intermediates = new ArrayList<>();
        for (Expr.Var v : read) (program.variables().get(v.name()) == v ? declared : intermediates).add(v);
        for (String name : data.values().keySet())
            if (program.definitions().containsKey(name))
                throw new dev.matdiff.numeric.NumericException("the data has a value for '" + name + "', which the program defines "
                        + "(an intermediate is computed from its definition, not given)", data.position(name));
        Map<String, RealMatrix> values = new LinkedHashMap<>(data.values());
        Map<String, dev.matdiff.source.Pos> positions = new LinkedHashMap<>(data.positions());
        for (String name : data.values().keySet())
            if (program.variables().containsKey(name) && declared.stream().noneMatch(v -> v.name().equals(name))) {
                values.remove(name);
                positions.remove(name);
            }
        Bindings bindings = Bindings.bind(declared, new Data(values, positions));
        for (Expr.Var v : intermediates) {
            RealMatrix value = new Evaluator(bindings).value(program.definitions().get(v.name()));
            bindings = bindings.with(v.name(), value);
        }
        return bindings;
    }
}
