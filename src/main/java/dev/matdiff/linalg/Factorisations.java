package dev.matdiff.linalg;

import org.apache.commons.math3.linear.RealMatrix;

/**
 * Where kernels get a matrix's factorisation: made once per value and shared (det, logdet, inv
 * and solves with one matrix), a Cholesky factorisation where the value is symmetric positive
 * definite and an LU otherwise ({@link Factorisation#of}).
 */
public interface Factorisations {
    Factorisation of(RealMatrix m);

    /** A fresh factorisation every time: for a kernel called on its own, outside an evaluator. */
    Factorisations NONE = Factorisation::of;
}
