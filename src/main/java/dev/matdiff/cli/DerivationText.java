package dev.matdiff.cli;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Law;
import dev.matdiff.calculus.Stage;
import dev.matdiff.calculus.Step;
import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Temporaries;
import dev.matdiff.expr.TextPrinter;

/**
 * A derivation as the terminal shows it: the objective, then (for a layered program) one block
 * per stage, each with numbered phases; every step on its own line with its laws beneath.
 */
final class DerivationText {
    private DerivationText() {}

    /** What a reader of a numerator-layout result is told. */
    static final String NUMERATOR = "(numerator layout: ∂f/∂X = (∇_X f)ᵀ, the gradient transposed; Jacobians are J with vec(dF) = J vec(dX))";

    /**
     * {@code numerator}: the layout asked for; said so even where it changes nothing (a Jacobian is the same in both).
     * {@code madeUp}: names matdiff gave bare expressions (-e's f), defined under "where" where a result reads them.
     */
    static String render(Derivation d, boolean steps, boolean numerator, java.util.Set<String> madeUp) {
        StringBuilder out = new StringBuilder();
        Temporaries t = d.temporaries();
        if (numerator) out.append(NUMERATOR).append('\n').append(steps ? "\n" : "");
        if (!steps) {
            for (Derivation.Result r : d.results())
                out.append(r.lhs().text()).append(" = ").append(TextPrinter.print(r.expr(), TextPrinter.Differentials.CALL, t.namesFor(r.expr()))).append('\n');
            // with steps the derivation's first line says what f is
            return out.append(where(t, bareRead(d, madeUp))).toString();
        }
        out.append(d.objectiveName()).append(" = ").append(TextPrinter.print(d.objective())).append('\n');
        TextPrinter.Differentials differentials = compactIsAmbiguous(d.objective()) ? TextPrinter.Differentials.CALL : TextPrinter.Differentials.COMPACT;
        Stage stage = null;
        Step.Phase phase = null;
        int stageNumber = 0, phaseNumber = 0;
        String previousLhs = null;
        java.util.List<Step> all = d.steps();
        for (int k = 0; k < all.size(); k++) {
            Step s = all.get(k);
            if (!s.stage().equals(stage)) {
                stage = s.stage();
                phase = null;
                phaseNumber = 0;
                out.append('\n');
                if (stage instanceof Stage.Layer layer)
                    out.append("Stage ").append(++stageNumber).append(": ").append(layer.name()).append(" = ")
                            .append(TextPrinter.print(layer.definition())).append('\n');
                else if (stage instanceof Stage.Result) out.append("Result\n");
            }
            if (s.phase() != phase) {
                phase = s.phase();
                out.append(++phaseNumber).append(". ").append(phase.title()).append('\n');
                previousLhs = null;
            }
            String lhsText = s.lhs().text();
            String lhs = lhsText.equals(previousLhs) ? " ".repeat(lhsText.length()) + " =" : lhsText + " =";
            out.append("   ").append(lhs).append(' ').append(TextPrinter.print(s.expr(), differentials, s.names(t)))
                    .append(s.partial() ? " + …" : "").append('\n');
            String why = s.justification();
            if (!why.isEmpty() && !sameReasonFollows(s, k + 1 < all.size() ? all.get(k + 1) : null))
                out.append("   ").append(" ".repeat(lhs.length() + 1)).append('[').append(why).append("]\n");
            previousLhs = lhsText;
        }
        return out.append(where(t, null)).toString();
    }

    /**
     * The bare expression's made-up name a result reads its value by (-kron(f', f) of -e 'inv(X)'), which no statement
     * defines; null if none does.
     */
    static Expr.Named bareRead(Derivation d, java.util.Set<String> madeUp) {
        if (madeUp.isEmpty()) return null;
        // one walk over the results together: each on its own walked a deep chain's layers k times
        for (Expr e : Dag.postOrder(d.results().stream().map(Derivation.Result::expr).toList()))
            if (e instanceof Expr.Named n && madeUp.contains(n.name())) return n;
        return null;
    }

    /**
     * Whether the next line reads off another result for the same reason, in the same phase: a list of read-offs
     * (∇W1, ∇W2, ∇b1, …) says its reason once, under the last of them, not under each.
     */
    private static boolean sameReasonFollows(Step s, Step next) {
        return next != null && next.stage().equals(s.stage()) && next.phase() == s.phase() && !next.lhs().text().equals(s.lhs().text())
                && next.justification().equals(s.justification());
    }

    /** After the derivations printed step by step, whose the numbers in brackets are ("Thm 2.1 (2)"), once; else "". */
    static String citations(java.util.List<Derivation> printed, boolean steps) {
        boolean numbered = steps && printed.stream().anyMatch(d -> Law.anyNumbered(d.lawsUsed()));
        return numbered ? "\n" + Law.SOURCE_LINE + "\n" : "";
    }

    /** Whether a symbol is named d and another's name (dx beside x), so that dx would read as either: then d(x). */
    private static boolean compactIsAmbiguous(Expr objective) {
        java.util.Set<String> names = new java.util.HashSet<>();
        Dag.variables(objective).forEach(v -> names.add(v.name()));
        Dag.named(java.util.List.of(objective)).forEach(n -> names.add(n.name()));
        // a name d would read dd*d + d*dd
        return names.contains("d") || names.stream().anyMatch(n -> n.length() > 1 && n.startsWith("d") && names.contains(n.substring(1)));
    }

    /** The named parts the lines above use: "where", then "t1 = …" a line each. */
    static String where(Temporaries t, Expr.Named bare) {
        if (t.isEmpty() && bare == null) return "";
        StringBuilder out = new StringBuilder("\nwhere\n");
        if (bare != null) out.append("   ").append(bare.name()).append(" = ").append(TextPrinter.print(bare.body())).append('\n');
        for (String line : t.definitionLines()) out.append("   ").append(line).append('\n');
        return out.toString();
    }
}
