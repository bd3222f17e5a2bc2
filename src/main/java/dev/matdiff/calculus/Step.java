package dev.matdiff.calculus;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Temporaries;
import dev.matdiff.simplify.Facts;

import java.util.List;
import java.util.Map;

/**
 * One line of a derivation: {@code lhs = expr}, justified by the laws it applied.
 *
 * @param phase which part of the derivation the step belongs to
 * @param lhs   what the line equates
 * @param expr  the right-hand side
 * @param laws  the laws applied to reach this line from the previous one (empty for a starting line)
 * @param note  what else the reader is told ("X, y constant")
 * @param stage the part of a staged derivation the step belongs to
 * @param rules the ids of the simplification rules that fired in reaching this line, in order of first firing
 * @param partial the line equates only part of the left side, its part through this stage's intermediate; the
 *                objective reaches the stage's inputs by other paths too, and printers add "+ …"
 */
public record Step(Phase phase, Lhs lhs, Expr expr, List<Law> laws, Note note, Stage stage, List<String> rules, boolean partial) {

    /** The names this line prints its parts with: a result's own, and in the steps before it only those of long expressions. */
    public Map<Expr, String> names(Temporaries t) {
        return phase.result() ? t.namesFor(expr) : t.namesForSteps();
    }

    public enum Phase {
        /** In a staged derivation: the gradient that reaches this stage's intermediate from the stages above. */
        INCOMING("The gradient that reaches it"),
        /** Apply the laws of differentials. */
        DIFFERENTIALS("Apply the laws of differentials"),
        /** Take the trace and move each dX to the right. */
        TRACE("Take the trace and move each differential to the right"),
        /** Read off the gradient. */
        GRADIENT("Read off the gradient"),
        /** Vectorise the differential: vec(dF) = J vec(dX). */
        VECTORISE("Vectorise the differential"),
        /** Read off the Jacobian. */
        JACOBIAN("Read off the Jacobian"),
        /** Differentiate the gradient (for a Hessian). */
        SECOND("Differentiate the gradient"),
        /** Read off the Hessian. */
        HESSIAN("Read off the Hessian"),
        /** The Hessian applied to a direction: the differential of the gradient with dX = V. */
        HESSIAN_VECTOR("Apply the Hessian to a direction"),
        /** The gradient transposed, as the numerator layout writes it. */
        LAYOUT("In numerator layout");

        private final String title;

        Phase(String title) { this.title = title; }

        public String title() { return title; }

        /** Whether the phase's lines are results (a gradient, Jacobian, Hessian) rather than steps towards one. */
        public boolean result() { return this == GRADIENT || this == JACOBIAN || this == HESSIAN || this == HESSIAN_VECTOR || this == LAYOUT; }

        /** Whether the phase's lines are of a Hessian or a product with it, which come after every first-order line. */
        public boolean secondOrder() { return this == SECOND || this == HESSIAN || this == HESSIAN_VECTOR; }
    }

    public Step {
        laws = List.copyOf(laws);
        rules = List.copyOf(rules);
    }

    public Step(Phase phase, Lhs lhs, Expr expr, List<Law> laws, Note note, Stage stage, List<String> rules) {
        this(phase, lhs, expr, laws, note, stage, rules, false);
    }

    /**
     * The laws and the note in words, for a printed derivation: "Thm 2.1 (2) d(AC) = …; Thm 2.1 (3) …; X constant". Laws
     * of one number stand together and say it once ("Thm 2.1 (2) d(cA) = c dA; d(AC) = (dA)C + A(dC)"), so a law with no
     * number comes first: after a numbered one it would read as of that number.
     */
    public String justification() {
        StringBuilder sb = new StringBuilder();
        java.util.Map<String, List<Law>> byNumber = new java.util.LinkedHashMap<>();
        for (Law law : laws) byNumber.computeIfAbsent(law.reference() == null ? "" : law.reference(), k -> new java.util.ArrayList<>()).add(law);
        for (Law law : byNumber.getOrDefault("", List.of())) sb.append(sb.length() > 0 ? "; " : "").append(law.statement());
        for (var group : byNumber.entrySet()) {
            if (group.getKey().isEmpty()) continue;
            boolean first = true;
            for (Law law : group.getValue()) {
                sb.append(sb.length() > 0 ? "; " : "").append(first ? law.citation() : law.statement());
                first = false;
            }
        }
        for (String identity : identitiesUsed()) sb.append(sb.length() > 0 ? "; " : "").append(identity);
        String words = note.text();
        if (!words.isEmpty()) sb.append(sb.length() > 0 ? "; " : "").append(words);
        for (String fact : assumptionsUsed()) sb.append(sb.length() > 0 ? "; " : "").append("by the assumption ").append(fact);
        return sb.toString();
    }

    /** The identities the simplifier used in this step that a reader may not see at once: Tr(A ⊗ B) = Tr(A) Tr(B). */
    public List<String> identitiesUsed() {
        return rules.stream().map(dev.matdiff.simplify.Rules::citedStatement).filter(java.util.Objects::nonNull).distinct().toList();
    }

    /** The program's assumptions the simplifier used in this step, as written ("sum(y) = 1"). */
    public List<String> assumptionsUsed() {
        return rules.stream().filter(r -> r.startsWith(Facts.PREFIX)).map(r -> r.substring(Facts.PREFIX.length())).distinct().toList();
    }
}
