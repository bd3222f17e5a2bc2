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

    /** Rules the simplifier applied before the next line, which that line cites with its own. */
    private List<String> carried = List.of();

    void add(Step.Phase phase, Lhs lhs, Expr expr, List<Law> laws, Note note, Stage stage, List<String> rules) {
        if (!carried.isEmpty()) {
            rules = union(carried, rules);
            carried = List.of();
        }
        steps.add(new Step(phase, lhs, expr, withLawsOfRules(laws, rules), note, stage, rules, partial && lhs instanceof Lhs.Differential));
    }

    /** The step's laws, then those the simplifier's rules applied on the way (see {@link Law#appliedBy}). */
    private static List<Law> withLawsOfRules(List<Law> laws, List<String> rules) {
        List<Law> all = null;
        for (String r : rules)
            for (Law law : Law.appliedBy(r))
                if (!laws.contains(law) && (all == null || !all.contains(law))) {
                    if (all == null) all = new ArrayList<>(laws);
                    all.add(law);
                }
        return all == null ? laws : all;
    }

    /** a's rules, then those of b not among them. */
    static List<String> union(List<String> a, List<String> b) {
        if (b.isEmpty()) return a;
        List<String> all = new ArrayList<>(a);
        for (String r : b) if (!all.contains(r)) all.add(r);
        return all;
    }

    /** Cites these rules on the next line added: what the simplifier read in a definition before its laws applied (the laws' line follows). */
    void carry(List<String> rules) { carried = rules; }

    /** Another derivation's lines, after these. */
    void append(List<Step> more) { steps.addAll(more); }

    Step last() { return steps.get(steps.size() - 1); }

    /**
     * The objective's gradient lines written again after all of them were (a gradient turned as another one was, the
     * objective's value by its name), each as {@code again} gives it (null: as it is), in gradients too.
     */
    void rewriteGradients(String objective, java.util.Map<String, Expr> gradients, java.util.function.UnaryOperator<Expr> again) {
        rewriteResults(Step.Phase.GRADIENT, objective, gradients, again);
    }

    /** The same for the results of one phase (gradients, Hessians, Hessian-vector products), each by its variable. */
    void rewriteResults(Step.Phase phase, String objective, java.util.Map<String, Expr> results, java.util.function.UnaryOperator<Expr> again) {
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            String[] ofWrt = s.lhs() instanceof Lhs.Gradient g ? new String[] {g.of(), g.wrt()} : s.lhs() instanceof Lhs.Hessian h
                    ? new String[] {h.of(), h.wrt()} : s.lhs() instanceof Lhs.HessianVectorProduct v ? new String[] {v.of(), v.wrt()} : null;
            if (s.phase() != phase || ofWrt == null || !ofWrt[0].equals(objective) || results.get(ofWrt[1]) != s.expr()) continue;
            Expr written = again.apply(s.expr());
            if (written == null || written == s.expr()) continue;
            results.put(ofWrt[1], written);
            steps.set(i, new Step(s.phase(), s.lhs(), written, s.laws(), s.note(), s.stage(), s.rules(), s.partial()));
        }
    }

    boolean isEmpty() { return steps.isEmpty(); }

    List<Step> all() { return steps; }
}
