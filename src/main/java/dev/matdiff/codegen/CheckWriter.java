package dev.matdiff.codegen;

import dev.matdiff.codegen.Blueprint.Entry;

/** A language's checks of a generated module against central differences, one per entry point. */
interface CheckWriter {

    /** check_grad: ⟨∇f, D⟩ against f moved along random directions D. */
    String checkGrad();

    /** check_jacobian: J vec(D) against vec(F) moved along D. */
    String checkJacobian();

    /** check_hessian: H vec(D) against the gradient moved along D, and uᵀHv = vᵀHu. */
    String checkHessian();

    default String check(Entry e) {
        return switch (e) {
            case F_AND_GRAD -> checkGrad();
            case F_AND_JACOBIAN -> checkJacobian();
            case F_AND_HESSIAN -> checkHessian();
        };
    }

    /** The key a random direction's identifier is reserved under: the variable it moves and which direction (d, e) it is. */
    record DirectionKey(String variable, String kind) {}
}
