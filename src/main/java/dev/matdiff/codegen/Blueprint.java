package dev.matdiff.codegen;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Dims;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Shape;
import dev.matdiff.shapes.Assumption;

import java.util.List;
import java.util.Map;

/**
 * Everything an emitter needs to write a module, as structured values: what the header says, the
 * arguments and their shape checks, the functions to define with the plan of each, the variables
 * differentiated, the objective's shape, the sizes the runnable main draws data of, and
 * the program's assumptions, which the arguments are checked against and the random data satisfies.
 *
 * @param className the Java class's name (ignored by the Python emitters)
 * @param sizes     a size for every dimension symbol, as {@code matdiff check} takes them by default
 */
record Blueprint(Header header, Signature signature, List<Function> functions, List<Expr.Var> wrt,
                 String objective, Shape objectiveShape, Map<String, Integer> sizes, String className, List<Assumption> assumptions) {

    /**
     * A function the module defines, with the check that goes with it. A scalar objective has
     * {@code f_and_grad}, and with {@code --hessian} {@code f_and_hessian} too; a vector or matrix
     * objective has {@code f_and_jacobian}. Each is a {@link Plan} of its own, made by the same
     * {@link Lowering} and {@link Planner} from its own outputs. The names each language gives
     * them are here, in one table, so the emitters and the checks that call them agree.
     */
    enum Entry {
        F_AND_GRAD("f_and_grad", "check_grad", "fAndGrad", "checkGrad", "Result", "values"),
        F_AND_JACOBIAN("f_and_jacobian", "check_jacobian", "fAndJacobian", "checkJacobian", "Result", "values"),
        F_AND_HESSIAN("f_and_hessian", "check_hessian", "fAndHessian", "checkHessian", "HessianResult", "hessianValues");

        final String python, pythonCheck, java, javaCheck, javaResult, javaValues;

        Entry(String python, String pythonCheck, String java, String javaCheck, String javaResult, String javaValues) {
            this.python = python;
            this.pythonCheck = pythonCheck;
            this.java = java;
            this.javaCheck = javaCheck;
            this.javaResult = javaResult;
            this.javaValues = javaValues;
        }
    }

    record Function(Entry entry, Plan plan) {}

    Plan plan(Entry e) {
        for (Function f : functions) if (f.entry() == e) return f.plan();
        throw new IllegalStateException("no " + e);
    }

    boolean has(Entry e) {
        for (Function f : functions) if (f.entry() == e) return true;
        return false;
    }

    /** The function main checks first: f_and_grad, or f_and_jacobian for a vector or matrix objective. */
    Entry first() { return functions.get(0).entry(); }

    /** A Jacobian's or a Hessian's 2-D shape, whatever its expression's: (|F|, |X|) or (|X|, |X|), vec stacking columns. */
    Shape matrixShape(Plan.Output o) {
        Dim x = size(o.variable().shape());
        return new Shape(o.kind() == Plan.Output.Kind.JACOBIAN ? size(objectiveShape) : x, x);
    }

    private static Dim size(Shape s) { return Dims.times(s.rows(), s.cols()); }

    /** The assumptions about one symbol, in the program's order. */
    List<Assumption> assumptionsOn(Expr.Var v) {
        return assumptions.stream().filter(a -> a.symbol().name().equals(v.name())).toList();
    }
}
