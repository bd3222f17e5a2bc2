package dev.matdiff.codegen;

import dev.matdiff.expr.Expr;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything an emitter needs to write a module, as structured values: what the header says, the
 * arguments and their shape checks, the functions to define with the plan of each, the variables
 * differentiated, the symmetric ones among them, and the sizes the runnable main draws data of.
 *
 * @param className the Java class's name (ignored by the Python emitters)
 * @param sizes     a size for every dimension symbol, as {@code matdiff check} takes them by default
 */
record Blueprint(Header header, Signature signature, List<Function> functions, List<Expr.Var> wrt,
                 String objective, Map<String, Integer> sizes, String className) {

    /**
     * A function the module defines. Today only {@link Entry#F_AND_GRAD}; when matdiff derives
     * Jacobians and Hessians (issue 13), {@code f_and_jacobian} and {@code f_and_hessian} are one
     * more entry each: a {@link Plan} made by the same {@link Lowering} and {@link Planner} from
     * their own outputs, and one more case in each emitter's function header and return.
     */
    enum Entry { F_AND_GRAD }

    record Function(Entry entry, Plan plan) {}

    Plan plan(Entry e) {
        for (Function f : functions) if (f.entry() == e) return f.plan();
        throw new IllegalStateException("no " + e);
    }

    Set<String> symmetric() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (Expr.Var v : wrt) if (v.symmetric()) out.add(v.name());
        return out;
    }
}
