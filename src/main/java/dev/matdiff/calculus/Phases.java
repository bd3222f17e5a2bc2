package dev.matdiff.calculus;

import dev.matdiff.expr.Expr.Var;
import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.simplify.Facts;
import dev.matdiff.simplify.Simplifier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.matdiff.expr.Exprs.*;

/**
 * The two phases of one derivation, as Chen 2023 sets them out: apply the laws of differentials
 * until only dX of variables are left, then wrap the result in a trace and move each dX to the
 * right. Each phase writes its lines to the derivation's {@link Steps}.
 */
final class Phases {
    private final Steps steps;
    private final Deriver.Options options;
    private final Simplifier.Kit simplifier;

    Phases(Steps steps, Deriver.Options options, Simplifier.Kit simplifier) {
        this.steps = steps;
        this.options = options;
        this.simplifier = simplifier;
    }

    Simplifier.Kit simplifier() { return simplifier; }

    /** Both phases: the gradients of the leaves of df that vary, simplified. */
    Map<Var, Expr> derive(Expr body, Dependence dependence, Lhs lhs, Stage stage, Note note) {
        return moveDifferentialsRight(applyLawsOfDifferentials(body, dependence, lhs, stage, note), lhs, stage);
    }

    /** Both phases from a differential already written, such as a stage's tr(∇hᵀ dh): only what remains to expand cites laws. */
    Map<Var, Expr> deriveFrom(Expr differential, Dependence dependence, Lhs lhs, Stage stage, Note note) {
        return moveDifferentialsRight(expand(differential, dependence, lhs, stage, note, Step.Phase.DIFFERENTIALS), lhs, stage);
    }

    Expr applyLawsOfDifferentials(Expr body, Dependence dependence, Lhs lhs, Stage stage, Note note) {
        return applyLawsOfDifferentials(body, dependence, lhs, stage, note, Step.Phase.DIFFERENTIALS);
    }

    /** The same, its lines in the given phase (the second differentiation of a Hessian has its own). */
    Expr applyLawsOfDifferentials(Expr body, Dependence dependence, Lhs lhs, Stage stage, Note note, Step.Phase phase) {
        return expand(diff(body), dependence, lhs, stage, note, phase);
    }

    private Expr expand(Expr e, Dependence dependence, Lhs lhs, Stage stage, Note note, Step.Phase phase) {
        Simplifier.Session simplify = simplifier.shared();
        // the rules that read a definition's body are cited on the step whose laws they served
        Differentials differentials = new Differentials(dependence, simplify);
        if (!Differentials.pending(e)) steps.add(phase, lhs, e, List.of(), note, stage, List.of());
        Set<Law> unprinted = new LinkedHashSet<>();
        Set<Op> unstated = new LinkedHashSet<>();
        int passes = 0, printable = options.maxPrintedPasses();
        long printed = 0;
        while (Differentials.pending(e)) {
            Differentials.Pass pass = passes < printable ? differentials.pass(e) : differentials.complete(e);
            passes++;
            e = pass.result() == null ? ZERO : pass.result();
            unprinted.addAll(pass.laws());
            unstated.addAll(pass.functions());
            boolean last = !Differentials.pending(e);
            // only the printed steps (and the last) need simplifying: a 1,000-layer objective stays linear
            if (passes <= printable || last) {
                e = simplify.apply(e);
                Note words = passes == 1 ? note : passes > printable ? new Note.Words("the same laws, applied to the end") : Note.NONE;
                steps.add(phase, lhs, e, List.copyOf(unprinted), Note.withDerivatives(unstated, words), stage, simplify.drainFired());
                unprinted.clear();
                unstated.clear();
                printed += Dag.size(List.of(e));
                if (printed > options.maxPrintedNodes()) printable = Math.min(printable, passes);
            }
        }
        return e;
    }

    Map<Var, Expr> moveDifferentialsRight(Expr df, Lhs lhs, Stage stage) {
        // one simplifier for every row form: the gradients share most of their nodes
        Simplifier.Session rows = simplifier.shared();
        List<Expr> terms = terms(df);
        boolean perTerm = terms.size() > 1 && terms.size() <= options.maxPrintedTerms();
        if (perTerm) {
            List<Expr> traces = new ArrayList<>();
            Set<Law> laws = new LinkedHashSet<>();
            if (terms.stream().anyMatch(t -> !isTrace(t))) laws.add(Law.TR_SCALAR);
            // term by term is before the assumptions: the lines after it use them (trial s69b: this line applied
            // sum(Y, 1) = 1, the next, the general collected form, undid it, and the last applied it again)
            Simplifier.Session termRows = simplifier.assumesNothing() ? rows : Simplifier.shared();
            for (Expr term : terms) {
                Adjoint.Result r = Adjoint.of(term);
                laws.addAll(r.laws());
                r.gradients().forEach((v, g) -> addTraceForm(traces, termRows.apply(transpose(termRows.apply(g))), v));
            }
            laws.remove(Law.TR_SUM);
            steps.add(Step.Phase.TRACE, lhs, add(traces), List.copyOf(laws), Note.NONE, stage, termRows.drainFired());
        }
        Adjoint.Result total = Adjoint.of(df);
        Map<Var, Expr> gradients = new LinkedHashMap<>();
        Simplifier.Session simplify = simplifier.shortest();
        Expr collected = traced(total, simplify, rows, gradients);
        Set<Law> laws = new LinkedHashSet<>();
        if (perTerm) laws.add(Law.TR_SUM);
        else {
            if (!isTrace(df)) laws.add(Law.TR_SCALAR);
            laws.addAll(total.laws());
        }
        List<String> fired = fired(simplify, rows);
        boolean split = fired.stream().anyMatch(r -> r.startsWith(Facts.PREFIX)) && beforeTheAssumptions(total, lhs, stage, laws, fired);
        if (!collected.equals(steps.last().expr()))
            steps.add(Step.Phase.TRACE, lhs, collected, split ? List.of() : List.copyOf(laws), Note.NONE, stage, fired);
        return gradients;
    }

    /**
     * Where an assumption simplified the moved differentials, the line before it is used first, as a textbook shows
     * sum(Y, 1) = 1 cancelling: tr(((softmax(Z) ⊙ (1·sum(Y, 1)) − Y)ᵀ/N) dZ), then tr(((softmax(Z) − Y)ᵀ/N) dZ), the
     * assumption cited on the second line alone. {@code fired} keeps only what the second line adds. Whether the line
     * was written (not where the assumption changed nothing the reader sees).
     */
    private boolean beforeTheAssumptions(Adjoint.Result total, Lhs lhs, Stage stage, Set<Law> laws, List<String> fired) {
        // the same sessions as the line after, without the program's facts
        Simplifier.Session plain = Simplifier.shortest(), plainRows = Simplifier.shared();
        Expr general = traced(total, plain, plainRows, new LinkedHashMap<>());
        if (general.equals(steps.last().expr())) return false;
        List<String> plainFired = fired(plain, plainRows);
        steps.add(Step.Phase.TRACE, lhs, general, List.copyOf(laws), Note.NONE, stage, plainFired);
        fired.removeAll(plainFired);
        return true;
    }

    /** Σ tr(Gᵀ dX) over the gradients G, each simplified (and put in {@code gradients}), its row form through {@code rows}. */
    private static Expr traced(Adjoint.Result total, Simplifier.Session simplify, Simplifier.Session rows, Map<Var, Expr> gradients) {
        List<Expr> traces = new ArrayList<>();
        total.gradients().forEach((v, g) -> {
            Expr simple = simplify.apply(g);
            gradients.put(v, simple);
            addTraceForm(traces, rows.apply(transpose(simple)), v);
        });
        return traces.isEmpty() ? ZERO : add(traces);
    }

    /** The rules the two sessions applied since last asked, each once, the first session's first. */
    private static List<String> fired(Simplifier.Session first, Simplifier.Session second) {
        List<String> out = new ArrayList<>(first.drainFired());
        for (String r : second.drainFired()) if (!out.contains(r)) out.add(r);
        return out;
    }

    /** The terms of df as a reader sees them: −(a + b) is the two terms −a and −b. */
    private static List<Expr> terms(Expr df) {
        if (Exprs.is(df, Op.ADD)) return df.children();
        if (Exprs.is(df, Op.NEG) && Exprs.is(Exprs.arg(df, 0), Op.ADD))
            return Exprs.arg(df, 0).children().stream().map(Exprs::neg).toList();
        return List.of(df);
    }

    /** tr(Gᵀ dX) from the row Gᵀ, as the textbooks write it: tr((Xw − y)ᵀ X dw), and tr(dX) for G = I. */
    private static Expr traceForm(Expr row, Var v) {
        return Exprs.is(row, Op.EYE) ? tr(diff(v)) : tr(mul(row, diff(v)));
    }

    /** The term tr(Gᵀ dX), unless G is zero: the terms in dX cancelled, and df says 0, not tr(0·1·dX). */
    private static void addTraceForm(List<Expr> traces, Expr row, Var v) {
        if (!Exprs.isZeroValue(row)) traces.add(traceForm(row, v));
    }

    /** A term that is a trace already, so "a = Tr(a)" is not what made it one (−Tr(…) counts). */
    private static boolean isTrace(Expr t) {
        // c·Tr(…), Tr(…)·c, Tr(…)/c and −Tr(…) are traces times a scalar: Tr(cA) = c Tr(A) is the law they need
        if (Exprs.is(t, Op.NEG) || Exprs.is(t, Op.DIV)) return isTrace(Exprs.arg(t, 0));
        if (Exprs.is(t, Op.SCALE)) return isTrace(Exprs.arg(t, 1)) || isTrace(Exprs.arg(t, 0));
        return Exprs.is(t, Op.TR);
    }
}
