package dev.matdiff.check;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.numeric.Bindings;

import java.util.function.Function;

/**
 * Everything a derivation derived, compared with finite differences at one point: the gradients
 * (along random directions, refined before a failure is reported), then the Jacobians, Hessians
 * and Hessian-vector products. The first that does not pass is the result.
 */
public final class DerivativeCheck {
    private DerivativeCheck() {}

    /** As {@code matdiff check} compares: every coordinate of a small variable, eight random directions of a larger one (three past 65,536 entries). */
    public static GradientCheck.Result verify(Derivation d, Bindings at, long seed) {
        return thenHigher(d, at, seed, gradients(d, g ->
                GradientCheck.verify(g.objective(), g.gradients(), at, new GradientCheck.Options(GradientCheck.TOLERANCE, 8, seed))));
    }

    /** As the self-check of derive compares: fewer directions, the same verdicts. */
    public static GradientCheck.Result quick(Derivation d, Bindings at, int directions, long seed) {
        return thenHigher(d, at, seed, gradients(d, g -> GradientCheck.quickVerify(g.objective(), g.gradients(), at, directions, seed)));
    }

    /** Each group of gradients compared with its objective: the worst result, or null for a Jacobian's derivation. */
    private static GradientCheck.Result gradients(Derivation d, Function<Derivation.GradientGroup, GradientCheck.Result> check) {
        if (d.isJacobian()) return null;
        GradientCheck.Result worst = null;
        for (Derivation.GradientGroup g : d.gradientGroups()) worst = GradientCheck.Result.worse(worst, check.apply(g));
        return worst;
    }

    private static GradientCheck.Result thenHigher(Derivation d, Bindings at, long seed, GradientCheck.Result gradients) {
        if (gradients != null && (!gradients.passed() || !d.hasHigher())) return gradients;
        return JacobianCheck.check(d, at, GradientCheck.TOLERANCE, seed);
    }
}
