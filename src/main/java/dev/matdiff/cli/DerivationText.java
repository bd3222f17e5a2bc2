package dev.matdiff.cli;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Step;
import dev.matdiff.expr.TextPrinter;

/** A derivation as the terminal shows it: numbered phases, one line per step, its laws beneath. */
final class DerivationText {
    private DerivationText() {}

    static String render(Derivation d, boolean steps) {
        StringBuilder out = new StringBuilder();
        if (steps) {
            out.append(d.objectiveName()).append(" = ").append(TextPrinter.print(d.objective())).append("\n\n");
            Step.Phase phase = null;
            int number = 0;
            String previousLhs = null;
            for (Step s : d.steps()) {
                if (s.phase() != phase) {
                    phase = s.phase();
                    out.append(++number).append(". ").append(phase.title()).append('\n');
                    previousLhs = null;
                }
                String lhs = s.lhs().equals(previousLhs) ? " ".repeat(s.lhs().length()) + " =" : s.lhs() + " =";
                out.append("   ").append(lhs).append(' ').append(TextPrinter.print(s.expr(), TextPrinter.Differentials.COMPACT)).append('\n');
                String why = s.justification();
                if (!why.isEmpty())
                    out.append("   ").append(" ".repeat(lhs.length() + 1)).append('[').append(why).append("]\n");
                previousLhs = s.lhs();
            }
        } else {
            d.gradients().forEach((name, g) ->
                    out.append("∇_").append(name).append(' ').append(d.objectiveName()).append(" = ").append(TextPrinter.print(g)).append('\n'));
        }
        return out.toString();
    }
}
