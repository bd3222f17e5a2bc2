package dev.matdiff.linalg;

/**
 * A value that does not exist for these arguments (the log of a negative entry, the inverse of a
 * singular matrix): what a kernel throws. The evaluator names the expression and the entry.
 *
 * @param argument which argument is at fault (0 or 1), or -1 for the result as a whole
 * @param need     what the operation needs, in words: "log needs positive entries"
 */
public final class DomainError extends RuntimeException {
    private final int argument;

    public DomainError(int argument, String need) {
        super(need, null, false, false);
        this.argument = argument;
    }

    public int argument() { return argument; }
}
