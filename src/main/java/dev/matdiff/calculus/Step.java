package dev.matdiff.calculus;

import dev.matdiff.expr.Expr;

import java.util.List;

/**
 * One line of a derivation: {@code lhs = expr}, justified by the laws it applied.
 *
 * @param phase which part of the derivation the step belongs to
 * @param lhs   what the line equates, e.g. "dL", "∇_w L"
 * @param expr  the right-hand side
 * @param laws  the laws applied to reach this line from the previous one (empty for a starting line)
 * @param note  extra words for the reader ("X, y constant"), or empty
 * @param stage the stage of a layered derivation this step belongs to ("h1 = W1*x + b1"), or empty
 */
public record Step(Phase phase, String lhs, Expr expr, List<Law> laws, String note, String stage) {

    public enum Phase {
        /** In a staged derivation: the gradient that reaches this stage's intermediate from the stages above. */
        INCOMING("The gradient that reaches it"),
        /** Apply the laws of differentials. */
        DIFFERENTIALS("Apply the laws of differentials"),
        /** Take the trace and move each dX to the right. */
        TRACE("Take the trace and move each differential to the right"),
        /** Read off the gradient. */
        GRADIENT("Read off the gradient");

        private final String title;

        Phase(String title) { this.title = title; }

        public String title() { return title; }
    }

    public Step {
        laws = List.copyOf(laws);
        note = note == null ? "" : note;
        stage = stage == null ? "" : stage;
    }

    public Step(Phase phase, String lhs, Expr expr, List<Law> laws, String note) {
        this(phase, lhs, expr, laws, note, "");
    }

    /** The laws in words, for a printed derivation: "Thm 2.1 (2) d(AC) = …; Thm 2.1 (3) …". */
    public String justification() {
        StringBuilder sb = new StringBuilder();
        for (Law law : laws) {
            if (sb.length() > 0) sb.append("; ");
            sb.append(law.citation());
        }
        if (!note.isEmpty()) sb.append(sb.length() > 0 ? "; " : "").append(note);
        return sb.toString();
    }
}
