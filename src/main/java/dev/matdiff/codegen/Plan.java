package dev.matdiff.codegen;

import dev.matdiff.expr.Expr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a generated function computes, in order: each assignment a value computed once under a
 * name, every other value written inline where it is read. The emitters spell it; names are
 * language-neutral here ({@link Name}) and each emitter makes identifiers of them.
 *
 * @param assignments the values computed as named temporaries, each after the ones it reads
 * @param outputs     what the function returns: the objective's value, then the gradients in the
 *                    order of the variables (later entry points may return Jacobians or Hessians)
 * @param names       the name of every value in {@code assignments}
 */
record Plan(List<Assignment> assignments, List<Output> outputs, Map<Term, Name> names) {

    Plan {
        assignments = List.copyOf(assignments);
        outputs = List.copyOf(outputs);
        names = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(names));
    }

    record Assignment(Name name, Term value) {}

    /**
     * A returned value.
     *
     * @param variable the variable a gradient is taken with respect to; null for the objective's value
     */
    record Output(Expr.Var variable, Term value) {
        boolean isValue() { return variable == null; }
    }

    /** What a temporary is called, before a language makes an identifier of it. */
    sealed interface Name {
        /** A program's own intermediate: {@code h1}. */
        record Intermediate(String name) implements Name {}

        /** The objective: {@code L}. */
        record Objective(String name) implements Name {}

        /** The gradient of the objective with respect to an intermediate or a variable: {@code grad_h2}. */
        record Gradient(String of) implements Name {}

        /** A shared value the program did not name: {@code t1}. */
        record Temporary(int number) implements Name {}
    }
}
