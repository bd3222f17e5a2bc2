package dev.matdiff.calculus;

import dev.matdiff.expr.Expr;

import java.util.ArrayList;
import java.util.List;

/** The derivation's lines as they are found, each stamped with the stage it belongs to. */
final class Steps {
    private final List<Step> steps = new ArrayList<>();

    /** Whether the lines added now equate only part of their left side (see {@link Step#partial()}). */
    private boolean partial;

    void partial(boolean p) { partial = p; }

    void add(Step.Phase phase, Lhs lhs, Expr expr, List<Law> laws, Note note, Stage stage, List<String> rules) {
        steps.add(new Step(phase, lhs, expr, laws, note, stage, rules, partial && lhs instanceof Lhs.Differential));
    }

    /** Another derivation's lines, after these. */
    void append(List<Step> more) { steps.addAll(more); }

    Step last() { return steps.get(steps.size() - 1); }

    boolean isEmpty() { return steps.isEmpty(); }

    List<Step> all() { return steps; }
}
