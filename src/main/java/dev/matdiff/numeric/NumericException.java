package dev.matdiff.numeric;

import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;

/**
 * Bad numbers: unreadable or ill-shaped data, or a value that does not exist (a singular inverse,
 * the log of a negative entry). A {@link MatDiffException}, so the CLI reports it like any other
 * bad input: one line, exit code 2; the position points into the data file when there is one.
 */
public class NumericException extends MatDiffException {

    public NumericException(String message, Pos pos) { super(message, pos); }

    public NumericException(String message) { this(message, Pos.NONE); }
}
