package dev.matdiff.linalg;

import org.apache.commons.math3.linear.RealMatrix;

/**
 * How an operation computes its value from its arguments' values (y is null for a one-argument
 * operation). Throws {@link DomainError} where the value does not exist. Must not modify its
 * arguments.
 */
@FunctionalInterface
public interface MatrixKernel {
    RealMatrix apply(RealMatrix x, RealMatrix y, Factorisations f);
}
