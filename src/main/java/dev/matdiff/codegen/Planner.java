package dev.matdiff.codegen;

import dev.matdiff.codegen.Plan.Name;
import dev.matdiff.codegen.Term.Call;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Common subexpressions: which values of the objective-and-gradients DAG are computed once as a
 * named temporary, and in which order. A value gets a temporary when it is read more than once,
 * when the program named it (an intermediate {@code h1}, the objective {@code L}, the gradient
 * that reaches an intermediate {@code grad_h2}, a returned gradient {@code grad_W1}, Jacobian or Hessian), or when
 * written inline it would make a line of more than {@value #MAX_INLINE} operations; every other
 * value is written inline where it is read. Leaves and a transposed argument are always inline.
 */
final class Planner {
    private Planner() {}

    static final int MAX_INLINE = 10;

    /**
     * @param outputs       the returned values, the objective's first
     * @param intermediates the program's intermediates: value to name
     * @param gradients     the gradients that reach intermediates: value to the intermediate's name
     * @param objective     the objective's name
     */
    static Plan plan(List<Plan.Output> outputs, Map<Term, String> intermediates, Map<Term, String> gradients, String objective) {
        List<Term> roots = new ArrayList<>();
        for (Plan.Output o : outputs) roots.add(o.value());
        List<Term> order = postOrder(roots);

        Map<Term, Integer> uses = IdentityMaps.map();
        for (Term t : order) for (Term a : t.args()) uses.merge(a, 1, Integer::sum);

        Map<Term, Name> wanted = IdentityMaps.map();
        for (Plan.Output o : outputs)
            wanted.putIfAbsent(o.value(), switch (o.kind()) {
                case VALUE -> new Name.Objective(objective);
                case GRADIENT -> new Name.Gradient(o.variable().name());
                case JACOBIAN -> new Name.Jacobian(o.variable().name());
                case HESSIAN -> new Name.Hessian(o.variable().name());
            });
        // an intermediate's own name first, then the gradient it is, then what the function returns it as
        gradients.forEach((t, h) -> wanted.put(t, new Name.Gradient(h)));
        intermediates.forEach((t, h) -> wanted.put(t, new Name.Intermediate(h)));

        Map<Term, Name> names = IdentityMaps.map();
        Map<Term, Integer> inlineSize = IdentityMaps.map();
        List<Plan.Assignment> assignments = new ArrayList<>();
        int temporaries = 0;
        for (Term t : order) {
            int size = 1;
            for (Term a : t.args()) if (!names.containsKey(a)) size += inlineSize.get(a);
            if (trivial(t)) {
                inlineSize.put(t, size);
                continue;
            }
            Name name = wanted.get(t);
            if (name == null && (uses.getOrDefault(t, 0) > 1 || size > MAX_INLINE)) name = new Name.Temporary(++temporaries);
            if (name != null) {
                names.put(t, name);
                assignments.add(new Plan.Assignment(name, t));
                size = 1;
            }
            inlineSize.put(t, size);
        }
        Map<Term, Name> ordered = new java.util.LinkedHashMap<>();
        for (Plan.Assignment a : assignments) ordered.put(a.value(), a.name());
        return new Plan(assignments, outputs, ordered);
    }

    /** A value cheaper to write again than to name: a leaf, a transposed argument, ones, a count of entries (sum(ones(N))). */
    static boolean trivial(Term t) {
        if (!(t instanceof Call c)) return true;
        if (c.is(Op.ONES) || c.is(Op.SUM) && c.arg(0) instanceof Call o && o.is(Op.ONES)) return true;
        return c.is(Op.TRANSPOSE) && (c.arg(0) instanceof Term.Arg || c.arg(0) instanceof Call o && o.is(Op.ONES));
    }

    /** The distinct values reachable from the roots, each after its arguments; iterative. */
    static List<Term> postOrder(List<Term> roots) {
        List<Term> out = new ArrayList<>();
        Map<Term, Boolean> state = IdentityMaps.map();
        List<Term> stack = new ArrayList<>();
        for (int i = roots.size() - 1; i >= 0; i--) stack.add(roots.get(i));
        while (!stack.isEmpty()) {
            Term t = stack.get(stack.size() - 1);
            Boolean s = state.get(t);
            if (s == null) {
                state.put(t, Boolean.FALSE);
                List<Term> args = t.args();
                for (int k = args.size() - 1; k >= 0; k--) if (!state.containsKey(args.get(k))) stack.add(args.get(k));
            } else {
                stack.remove(stack.size() - 1);
                if (!s) {
                    state.put(t, Boolean.TRUE);
                    out.add(t);
                }
            }
        }
        return out;
    }
}
