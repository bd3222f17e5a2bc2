package dev.matdiff.expr;

import java.util.List;
import java.util.function.IntFunction;

/**
 * The shape an operation gives its result, and the agreement it needs between its arguments'
 * shapes. The rules themselves are in {@link ShapeRules}.
 */
@FunctionalInterface
public interface ShapeRule {
    /**
     * @param name describes argument i in an error message (its source text, or its printed form)
     * @return the result shape, or null where the caller gives it (ones, eye, unvec)
     */
    Shape apply(Op op, List<Shape> args, Unifier u, IntFunction<String> name);
}
