package dev.matdiff.data;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Data;
import dev.matdiff.numeric.Evaluator;
import dev.matdiff.numeric.NumericException;
import dev.matdiff.shapes.Program;
import dev.matdiff.source.Pos;

import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A data file's values bound to a program's symbols. */
public final class ProgramData {
    private ProgramData() {}

    /**
     * Binds the data to the symbols the expressions read. Declared symbols they do not read may be
     * in the data; an intermediate that stands as a variable in them (one asked for in wrt) is
     * computed from its definition, never given.
     */
    public static Bindings bind(Program program, List<Expr> read, Data data) {
        List<Expr.Var> declared = new ArrayList<>();
        List<Expr.Var> intermediates = new ArrayList<>();
        for (Expr.Var v : Dag.variables(read)) (program.variables().get(v.name()) == v ? declared : intermediates).add(v);
        for (String name : data.values().keySet())
            if (program.definitions().containsKey(name))
                throw new NumericException("the data has a value for '" + name + "', which the program defines "
                        + "(an intermediate is computed from its definition, not given)", data.position(name));
        Map<String, RealMatrix> values = new LinkedHashMap<>(data.values());
        Map<String, Pos> positions = new LinkedHashMap<>(data.positions());
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
