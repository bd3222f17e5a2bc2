package dev.matdiff.calculus;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.Expr.Var;
import dev.matdiff.expr.Substitution;
import dev.matdiff.simplify.Simplifier;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.matdiff.expr.Exprs.*;

/**
 * A scalar objective's gradient by the route of seeds 002 and 004: through vec and Kronecker
 * products rather than the trace. Where the objective reaches X only through an intermediate h,
 * the chain is shown as the seed shows it: ∂f/∂h, then the Jacobian ∂h/∂vec(X), their product
 * ∂f/∂vec(X), devectorised to ∇_X f. Without such an h, df is vectorised at once. The
 * simplifier's (P ⊗ Q) vec(V) = vec(Q V Pᵀ) does the devectorising (seed 004's Proof 2).
 */
final class VecRoute {
    private final Steps steps;
    private final Phases phases;
    /** The rules that unstacking each gradient fired (an assumption such as sum(y) = 1 among them), for its read-off step. */
    private final Map<Var, List<String>> unstackedWith = new LinkedHashMap<>();
    /** ∂f/∂h for each intermediate h a variable's chain went through, derived (and shown) once. */
    private final Map<Named, Expr> throughH = new java.util.HashMap<>();

    VecRoute(Steps steps, Phases phases) {
        this.steps = steps;
        this.phases = phases;
    }

    /** Each variable's gradient, its derivation a chain of its own. */
    Map<Var, Expr> derive(String name, Expr body, List<Var> wrt) {
        Map<Var, Expr> out = new LinkedHashMap<>();
        for (Var x : wrt) {
            Named h = innermostCut(body, x);
            Expr row = h == null ? direct(name, body, x) : chained(name, body, h, x);
            // the caller's read-off step shows it, citing the devectorisation and what the unstacking used
            Simplifier.Session simplify = phases.simplifier().shortest();
            out.put(x, simplify.apply(unvec(transpose(row), x.shape())));
            unstackedWith.put(x, simplify.drainFired());
        }
        return out;
    }

    /** The rules the simplifier fired unstacking x's gradient from its row. */
    List<String> rulesOfUnstacking(Var x) { return unstackedWith.getOrDefault(x, List.of()); }

    /** ∂f/∂vec(X) from df vectorised. */
    private Expr direct(String name, Expr body, Var x) {
        Expr df = phases.applyLawsOfDifferentials(body, new Dependence(Set.of(x)), new Lhs.Differential(name), Stage.WHOLE,
                Deriver.constantsNote(body, List.of(x)));
        return read(name, df, x, new Jacobians(steps, phases).vectorise(df, List.of(x), new Lhs.Differential(name)).get(x));
    }

    /** ∂f/∂h · ∂h/∂vec(X), each found and shown first; ∂f/∂h once for all the variables that reach f through h. */
    private Expr chained(String name, Expr body, Named h, Var x) {
        Expr byH = throughH.computeIfAbsent(h, k -> byIntermediate(name, body, h));
        Expr inner = new Jacobians(steps, phases).derive(h.name(), h.body(), List.of(x), Deriver.constantsNote(h.body(), List.of(x))).get(x.name());
        Simplifier.Session simplify = phases.simplifier().shortest();
        Expr row = simplify.apply(mul(byH, inner));
        steps.add(Step.Phase.JACOBIAN, new Lhs.Jacobian(name, x.name(), true, x.shape().isColumn()), row, List.of(Law.JACOBIAN_CHAIN), Note.NONE,
                Stage.WHOLE, simplify.drainFired());
        return row;
    }

    /** ∂f/∂h, its steps shown: f's differential with h standing as a variable, vectorised. */
    private Expr byIntermediate(String name, Expr body, Named h) {
        Var hv = Deriver.variableFor(h.name(), h.shape(), false);
        Expr outer = Substitution.apply(body, e -> e == h ? hv : null);
        Expr df = phases.applyLawsOfDifferentials(outer, new Dependence(Set.of(hv)), new Lhs.Differential(name), Stage.WHOLE,
                Deriver.constantsNote(outer, List.of(hv)));
        Expr byH = read(name, df, hv, new Jacobians(steps, phases).vectorise(df, List.of(hv), new Lhs.Differential(name)).get(hv));
        return Substitution.apply(byH, e -> e == hv ? h : null); // h stood as a symbol only to be differentiated against
    }

    private Expr read(String name, Expr df, Var x, Expr j) {
        steps.add(Step.Phase.JACOBIAN, new Lhs.Jacobian(name, x.name(), true, x.shape().isColumn()), j, List.of(Law.READ_JACOBIAN), Note.NONE,
                Stage.WHOLE, List.of());
        return j;
    }

    /**
     * The named intermediate nearest X through which every path from the objective to X runs:
     * replacing it by a symbol leaves the objective independent of X. Null if there is none.
     */
    private static Named innermostCut(Expr body, Var x) {
        Named best = null;
        int bestSize = Integer.MAX_VALUE;
        for (Named h : Dag.named(List.of(body))) {
            if (!new Dependence(Set.of(x)).varies(h.body())) continue;
            Var stand = Deriver.variableFor(h.name(), h.shape(), false);
            Expr cut = Substitution.apply(body, e -> e == h ? stand : null);
            if (new Dependence(Set.of(x)).varies(cut)) continue;
            int size = Dag.size(List.of(h.body()));
            if (size < bestSize) { best = h; bestSize = size; }
        }
        return best;
    }
}
