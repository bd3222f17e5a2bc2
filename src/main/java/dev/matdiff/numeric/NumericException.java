package dev.matdiff.numeric;

import dev.matdiff.expr.Expr;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;

/**
 * Bad numbers: unreadable or ill-shaped data, or a value that does not exist (a singular inverse,
 * the log of a negative entry). A {@link MatDiffException}, so the CLI reports it like any other
 * bad input: one line, exit code 2; the position points into the data file when there is one.
 */
public class NumericException extends MatDiffException {

    /** The expression whose value does not exist, when it is known: lets a caller point at it in the source. */
    private final transient Expr node;

    public NumericException(String message, Pos pos) { this(message, pos, null); }

    public NumericException(String message) { this(message, Pos.NONE); }

    public NumericException(String message, Pos pos, Expr node) {
        super(message, pos);
        this.node = node;
    }

    /** The expression that failed (a log of a negative entry, a singular inverse), or null. */
    public Expr node() { return node; }

    /** The same failure, worded anew. */
    public NumericException withMessage(String message) { return new NumericException(message, pos(), node); }
}
