package dev.matdiff.data;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Dims;
import dev.matdiff.expr.Expr;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Data;
import dev.matdiff.numeric.Evaluator;
import dev.matdiff.numeric.NumericException;
import dev.matdiff.shapes.Program;

import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
        Map<String, Integer> sizesGiven = new LinkedHashMap<>();
        data = withoutSizes(program, data, sizesGiven);
        List<Expr.Var> bound = new ArrayList<>(), fromSizes = new ArrayList<>();
        Set<String> dimensions = dimensions(program);
        for (Expr.Var v : program.variables().values()) {
            boolean given = data.values().containsKey(v.name());
            if (!given && !needed.contains(v.name())) continue;
            (!given && sizeNamed(v, dimensions) ? fromSizes : bound).add(v);
            // one name, one number: a size-named scalar the data gives is the size too (it must agree with the shapes)
            if (given && sizeNamed(v, dimensions)) sizesGiven.put(v.name(), sizeOf(v, data));
        }
        Bindings bindings = sizeNamedScalars(Bindings.bind(bound, data, sizesGiven), fromSizes);
        for (Expr.Var v : intermediates(program, read)) {
            RealMatrix value = new Evaluator(bindings).value(program.definitions().get(v.name()));
            bindings = bindings.with(v.name(), value);
        }
        return bindings;
    }

    /**
     * A scalar named as a dimension ({@code scalar N} beside {@code X(D, N)}) is that size: the data may leave it out, and a
     * value it gives must agree with the values' shapes (a trial had N = 10 divide a loss over 3 samples, with no word).
     */
    private static boolean sizeNamed(Expr.Var v, Set<String> dimensions) { return v.shape().isScalar() && dimensions.contains(v.name()); }

    /** The value the data gives a scalar named as a dimension, as that size. */
    private static int sizeOf(Expr.Var v, Data data) {
        return size(data, v.name(), "the scalar " + v.name() + " is also the size " + v.name() + ", so it must be a positive whole number");
    }

    /** The data's value for name as a size, a positive whole number; else the error {@code refusal} at the value. */
    private static int size(Data data, String name, String refusal) {
        RealMatrix m = data.values().get(name);
        double x = m.getRowDimension() == 1 && m.getColumnDimension() == 1 ? m.getEntry(0, 0) : Double.NaN;
        if (!(x >= 1 && x == Math.rint(x) && x <= Integer.MAX_VALUE)) throw new NumericException(refusal, data.position(name));
        return (int) x;
    }

    /** The scalars the data left out that {@link #sizeNamed} lets the sizes give. */
    private static Bindings sizeNamedScalars(Bindings bindings, List<Expr.Var> scalars) {
        for (Expr.Var v : scalars) {
            Integer size = bindings.dimSizes().get(v.name());
            if (size == null)
                throw new NumericException("no value for '" + v.name() + "' in the data, and no value's shape gives the size "
                        + v.name() + " either", dev.matdiff.source.Pos.NONE);
            bindings = bindings.with(v.name(), dev.matdiff.linalg.Matrices.scalar(size));
        }
        return bindings;
    }

    /**
     * The data without the sizes it gives by name ({@code "k": 3} for a dimension k that only {@code ones(k)} uses,
     * which no value's shape could tell), those put in {@code sizes}. A name that is a dimension of the program and
     * not one of its symbols or definitions is a size, and must be a positive whole number.
     */
    private static Data withoutSizes(Program program, Data data, Map<String, Integer> sizes) {
        Set<String> dimensions = null;
        Map<String, RealMatrix> values = new LinkedHashMap<>();
        for (var e : data.values().entrySet()) {
            String name = e.getKey();
            if (!program.variables().containsKey(name) && !program.definitions().containsKey(name)) {
                if (dimensions == null) dimensions = dimensions(program);
                if (dimensions.contains(name)) sizes.put(name, size(data, name, "the size " + name + " must be a positive whole number"));
                continue;  // a size, or a name the program has not: see unknownKeys
            }
            values.put(name, e.getValue());
        }
        return values.size() == data.values().size() ? data : new Data(values, data.positions());
    }

    /**
     * The data's names that are no symbol, definition or size of the program: left out, and said, as one data file may serve
     * several programs (trial s73a refused one with a key the program did not declare).
     */
    public static List<String> unknownKeys(Program program, Data data) {
        Set<String> dimensions = dimensions(program);
        return data.values().keySet().stream().filter(name -> !program.variables().containsKey(name)
                && !program.definitions().containsKey(name) && !dimensions.contains(name)).toList();
    }

    /** Every dimension symbol the program's symbols and definitions are sized by. */
    private static Set<String> dimensions(Program program) {
        List<Expr> roots = new ArrayList<>(program.variables().values());
        roots.addAll(program.definitions().values());
        Set<String> out = new LinkedHashSet<>();
        for (Dim d : Dag.dimensions(roots)) out.addAll(Dims.symbols(d));
        return out;
    }

    /** The values the data must give: those {@link #needed}, but a scalar named as a dimension, which its size can give. */
    public static Set<String> required(Program program, List<Expr> read) {
        Set<String> out = needed(program, read), dimensions = dimensions(program);
        out.removeIf(name -> sizeNamed(program.variables().get(name), dimensions));
        return out;
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
