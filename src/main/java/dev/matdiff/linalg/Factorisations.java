package dev.matdiff.linalg;

import org.apache.commons.math3.linear.RealMatrix;

/** Where kernels get a matrix's factorisation: made once per value and shared (det, logdet and inv of one matrix). */
public interface Factorisations {
    Lu lu(RealMatrix m);

    /** A fresh factorisation every time: for a kernel called on its own, outside an evaluator. */
    Factorisations NONE = Lu::new;
}
