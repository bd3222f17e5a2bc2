package dev.matdiff.source;

/**
 * Work past one of a derivation's budgets (the terms of its sums, the factors the product rule writes): it has no place of
 * its own, so the derivation says it at the objective's line.
 */
public class TooLargeException extends MatDiffException {
    public TooLargeException(String message) { super(message, Pos.NONE); }

    /** The same, said at the place the derivation found for it. */
    public TooLargeException(String message, Pos pos) { super(message, pos); }
}
