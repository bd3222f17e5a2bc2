package dev.matdiff.check;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.numeric.Bindings;

/**
 * Everything a derivation derived, compared with finite differences at one point: the gradients
 * (along random directions, refined before a failure is reported), then the Jacobians, Hessians
 * and Hessian-vector products. The first that does not pass is the result.
 */
public final class DerivativeCheck {
    private DerivativeCheck() {}

    /** As {@code matdiff check} compares: eight random directions per gradient. */
    public static GradientCheck.Result verify(Derivation d, Bindings at, long seed) {
        GradientCheck.Result g = d.isJacobian() ? null
                : GradientCheck.verify(d.objective(), d.gradientsByVariable(), at, new GradientCheck.Options(GradientCheck.TOLERANCE, 8, seed));
        return thenHigher(d, at, seed, g);
    }

    /** As the self-check of derive compares: fewer directions, the same verdicts. */
    public static GradientCheck.Result quick(Derivation d, Bindings at, int directions, long seed) {
        GradientCheck.Result g = d.isJacobian() ? null : GradientCheck.quickVerify(d.objective(), d.gradientsByVariable(), at, directions, seed);
        return thenHigher(d, at, seed, g);
    }

    private static GradientCheck.Result thenHigher(Derivation d, Bindings at, long seed, GradientCheck.Result gradients) {
        if (gradients != null && (!gradients.passed() || !d.hasHigher())) return gradients;
        return JacobianCheck.check(d, at, GradientCheck.TOLERANCE, seed);
    }
}
