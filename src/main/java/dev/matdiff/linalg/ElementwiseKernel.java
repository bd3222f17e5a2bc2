package dev.matdiff.linalg;

import java.util.function.DoublePredicate;
import java.util.function.DoubleUnaryOperator;

/**
 * An element-wise function's numbers: f itself, the entries it is defined on, and what to say
 * when an entry is outside them.
 */
public record ElementwiseKernel(DoubleUnaryOperator f, DoublePredicate domain, String need) {

    public static ElementwiseKernel of(DoubleUnaryOperator f) { return new ElementwiseKernel(f, null, null); }

    public ElementwiseKernel on(DoublePredicate domain, String need) { return new ElementwiseKernel(f, domain, need); }
}
