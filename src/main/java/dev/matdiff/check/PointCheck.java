package dev.matdiff.check;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.expr.Expr;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Evaluator;
import dev.matdiff.numeric.NumericException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link DerivativeCheck#verify} at the user's own point (check --data), which cannot be redrawn as a
 * random one is. The point is valid when f has a value there; what the numbers then cannot decide is
 * inconclusive, not bad input: a gradient with no value there (a norm in it at its kink, norm(w) = 0
 * in a group lasso at w = 0, where f has only subgradients; sqrt's at 0, where f's slope is
 * unbounded), or an entry so near the edge of f's domain that no step {@link DomainStep} tries
 * stays inside it.
 */
public final class PointCheck {
    private PointCheck() {}

    public static GradientCheck.Result verify(Derivation d, Bindings at, long seed) {
        new Evaluator(at).value(d.objective());  // f without a value at the point is bad input, as in eval
        try {
            return DerivativeCheck.verify(d, at, seed);
        } catch (DomainStep.Outside e) {
            return GradientCheck.Result.undecided(e.variables(), e.getMessage());
        } catch (NumericException e) {
            if (d.isJacobian()) throw e;
            GradientCheck.Result undefined = null, others = null;
            Map<Derivation.GradientGroup, Map<Expr.Var, Expr>> definedByGroup = new LinkedHashMap<>();
            for (Derivation.GradientGroup g : d.gradientGroups()) {
                // each gradient with a value or the first without one, in one pass
                Map<Expr.Var, Expr> defined = new LinkedHashMap<>();
                for (var entry : g.gradients().entrySet()) {
                    try {
                        new Evaluator(at).value(entry.getValue());
                        defined.put(entry.getKey(), entry.getValue());
                    } catch (NumericException none) {
                        if (undefined == null) undefined = undefined(entry.getKey(), entry.getValue(), none, at);
                    }
                }
                if (!defined.isEmpty()) definedByGroup.put(g, defined);
            }
            if (undefined == null) throw e;
            // the others are compared still: their error above the tolerance is what check reports and exits 1 on, which the
            // undefined one's "nothing compared" hid (review s73r)
            for (var g : definedByGroup.entrySet()) {
                GradientCheck.Result r = compared(g.getKey(), g.getValue(), at, seed);
                if (r != null) others = GradientCheck.Result.worse(others, r);
            }
            // the line says both: the others' error, and why one variable was not compared (review s73s)
            return others != null && others.aboveTolerance() ? others.saying("nothing compared for " + undefined.variable() + ": " + undefined.refined())
                    : undefined;
        }
    }

    /** The group's gradients with a value compared; null where the differences themselves have none there. */
    private static GradientCheck.Result compared(Derivation.GradientGroup g, Map<Expr.Var, Expr> defined, Bindings at, long seed) {
        try {
            return GradientCheck.verify(g.objective(), defined, at, new GradientCheck.Options(GradientCheck.TOLERANCE, 8, seed));
        } catch (NumericException e) {  // DomainStep.Outside among them: nothing more to say than the undefined gradient
            return null;
        }
    }

    /** A gradient with no value at the point, as an inconclusive result saying why. */
    private static GradientCheck.Result undefined(Expr.Var v, Expr gradient, NumericException e, Bindings at) {
        String kink = Kinks.atOrigin(e.node() != null ? e.node() : gradient, at);
        String why = kink != null ? "as " + kink + ": a kink of norm, where f has only subgradients"
                : "though f has one: f may have no derivative there (sqrt's at 0), or the gradient as derived divides by 0 there";
        return GradientCheck.Result.undecided(v.name(), "its gradient has no value at the point, " + why + " (" + e.getMessage() + ")");
    }
}
