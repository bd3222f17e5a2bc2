package dev.matdiff.codegen;

import dev.matdiff.expr.Expr;
import dev.matdiff.shapes.Assumption;

import java.util.List;
import java.util.Map;

/**
 * Everything an emitter needs to write a module, as structured values: what the header says, the
 * arguments and their shape checks, the functions to define with the plan of each, the variables
 * differentiated, the sizes the runnable main draws data of, and
 * the program's assumptions, which the arguments are checked against and the random data satisfies.
 *
 * @param className the Java class's name (ignored by the Python emitters)
 * @param sizes     a size for every dimension symbol, as {@code matdiff check} takes them by default
 */
record Blueprint(Header header, Signature signature, List<Function> functions, List<Expr.Var> wrt,
                 String objective, Map<String, Integer> sizes, String className, List<Assumption> assumptions) {

    /**
     * A function the module defines. Today only {@link Entry#F_AND_GRAD}; to write the Jacobians
     * and Hessians matdiff derives (issue 13), {@code f_and_jacobian} and {@code f_and_hessian} are
     * one more entry each: a {@link Plan} made by the same {@link Lowering} and {@link Planner} from
     * their own outputs, and one more case in each emitter's function header and return.
     */
    enum Entry { F_AND_GRAD }

    record Function(Entry entry, Plan plan) {}

    Plan plan(Entry e) {
        for (Function f : functions) if (f.entry() == e) return f.plan();
        throw new IllegalStateException("no " + e);
    }

    /** The assumptions about one symbol, in the program's order. */
    List<Assumption> assumptionsOn(Expr.Var v) {
        return assumptions.stream().filter(a -> a.symbol().name().equals(v.name())).toList();
    }
}
