package dev.matdiff.codegen;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Shape;

/**
 * How generated code holds a value: a scalar as a number, a vector (a column or a row: NumPy and
 * PyTorch do not tell them apart, and a row is only ever a transposed column) as a 1-D array, a
 * matrix as a 2-D array. Fixed by the shape, so a symbolic size that turns out to be 1 changes
 * nothing. Java holds every non-scalar as a {@code RealMatrix}.
 */
enum Repr {
    SCALAR, VECTOR, MATRIX;

    static Repr of(Shape s) {
        if (s.isScalar()) return SCALAR;
        return s.isColumn() || s.rows().isOne() ? VECTOR : MATRIX;
    }

    /** How a caller passes a symbol: as its declaration says, whatever its sizes. */
    static Repr declared(Expr.Var v) {
        return switch (v.kind()) {
            case SCALAR -> SCALAR;
            case VECTOR -> VECTOR;
            case MATRIX, SYMMETRIC -> MATRIX;
        };
    }
}
