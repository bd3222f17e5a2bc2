package dev.matdiff.expr;

/** Operands whose shapes do not fit the operation. */
public class ShapeException extends RuntimeException {
    public ShapeException(String message) { super(message); }
}
