package dev.matdiff.data;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Data;
import dev.matdiff.numeric.Evaluator;
import dev.matdiff.numeric.NumericException;
import dev.matdiff.shapes.Program;

import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A data file's values bound to a program's symbols. */
public final class ProgramData {
    private ProgramData() {}

    /**
     * Binds the data to the symbols the expressions read. Every declared symbol the data gives a
     * value for is bound, read or not, so that each dimension symbol takes its size from all of
     * the data (a size such as m*p may only be known from a variable the objective does not use).
     * An intermediate that stands as a variable in the expressions (one asked for in wrt) is
     * computed from its definition, never given; the variables its definition reads must then be
     * in the data too.
     */
    public static Bindings bind(Program program, List<Expr> read, Data data) {
        Set<String> needed = needed(program, read);
        for (String name : data.values().keySet())
            if (program.definitions().containsKey(name))
                throw new NumericException("the data has a value for '" + name + "', which the program defines "
                        + "(an intermediate is computed from its definition, not given)", data.position(name));
        List<Expr.Var> bound = new ArrayList<>();
        for (Expr.Var v : program.variables().values())
            if (needed.contains(v.name()) || data.values().containsKey(v.name())) bound.add(v);
        Bindings bindings = Bindings.bind(bound, data);
        for (Expr.Var v : intermediates(program, read)) {
            RealMatrix value = new Evaluator(bindings).value(program.definitions().get(v.name()));
            bindings = bindings.with(v.name(), value);
        }
        return bindings;
    }

    /** The declared symbols whose values the expressions read, directly or through the intermediates they stand for. */
    public static Set<String> needed(Program program, List<Expr> read) {
        Set<String> needed = new LinkedHashSet<>();
        for (Expr.Var v : Dag.variables(read)) if (program.variables().get(v.name()) == v) needed.add(v.name());
        for (Expr.Var v : intermediates(program, read))
            for (Expr.Var w : Dag.variables(program.definitions().get(v.name()))) needed.add(w.name());
        return needed;
    }

    /** The variables the expressions read that stand for intermediates (a gradient with respect to h reads h). */
    private static List<Expr.Var> intermediates(Program program, List<Expr> read) {
        List<Expr.Var> out = new ArrayList<>();
        for (Expr.Var v : Dag.variables(read)) if (program.variables().get(v.name()) != v) out.add(v);
        return out;
    }
}
