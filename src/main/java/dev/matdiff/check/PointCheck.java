package dev.matdiff.check;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.expr.Expr;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Evaluator;
import dev.matdiff.numeric.NumericException;

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
            GradientCheck.Result undefined = gradientUndefined(d, at);
            if (undefined == null) throw e;
            // the variables whose gradients have values are compared still: their error above the tolerance is what
            // check reports and exits 1 on, which the other's "nothing compared" hid (review s73r)
            GradientCheck.Result others = definedOnes(d, at, seed);
            if (others == null || !others.aboveTolerance()) return undefined;
            // the line says both: the others' error and why one variable was not compared (review s73s)
            String note = "nothing compared for " + undefined.variable() + ": " + undefined.refined();
            return new GradientCheck.Result(others.verdict(), others.worstError(), others.tolerance(), others.variable(), others.direction(),
                    others.symbolic(), others.numeric(), others.relativeTo(), others.floorFraction(), others.errors(), others.directions(),
                    others.refined().isEmpty() ? note : others.refined() + "; " + note);
        }
    }

    /** The gradients that have a value at the point compared, each group without the others; null where none has. */
    private static GradientCheck.Result definedOnes(Derivation d, Bindings at, long seed) {
        GradientCheck.Result worst = null;
        for (Derivation.GradientGroup g : d.gradientGroups()) {
            java.util.Map<Expr.Var, Expr> defined = new java.util.LinkedHashMap<>();
            g.gradients().forEach((v, gradient) -> {
                try {
                    new Evaluator(at).value(gradient);
                    defined.put(v, gradient);
                } catch (NumericException e) {
                    // no value: said by gradientUndefined
                }
            });
            if (defined.isEmpty()) continue;
            try {
                worst = GradientCheck.Result.worse(worst, GradientCheck.verify(g.objective(), defined, at,
                        new GradientCheck.Options(GradientCheck.TOLERANCE, 8, seed)));
            } catch (NumericException e) {  // DomainStep.Outside among them
                // the differences themselves have no value there: nothing more to say than the undefined gradient
            }
        }
        return worst;
    }

    /** The first gradient that has no value at the point, as an inconclusive result saying why; else null. */
    private static GradientCheck.Result gradientUndefined(Derivation d, Bindings at) {
        if (d.isJacobian()) return null;
        for (Derivation.GradientGroup g : d.gradientGroups())
            for (var entry : g.gradients().entrySet()) {
                Expr gradient = entry.getValue();
                try {
                    new Evaluator(at).value(gradient);
                } catch (NumericException e) {
                    String kink = Kinks.atOrigin(e.node() != null ? e.node() : gradient, at);
                    String why = kink != null ? "as " + kink + ": a kink of norm, where f has only subgradients"
                            : "though f has one: f may have no derivative there (sqrt's at 0), or the gradient as derived divides by 0 there";
                    return GradientCheck.Result.undecided(entry.getKey().name(),
                            "its gradient has no value at the point, " + why + " (" + e.getMessage() + ")");
                }
            }
        return null;
    }
}
