package dev.matdiff.shapes;

import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;

/** Which written exponents a power may have: what the laws of differentials can then write without losing it. */
final class Exponents {
    private Exponents() {}

    /** Past 2^53 a double has no p − 1 of its own, and the derivative p·x.^(p−1) would print as p·x.^p (hostile trial). */
    static final double ELEMENTWISE_BOUND = 0x1p53;

    /** An element-wise exponent: any real below 2^53 in size. */
    static void elementwise(double k, Pos at) {
        if (Math.abs(k) >= ELEMENTWISE_BOUND)
            throw new MatDiffException("an exponent must be below 2^53 (9.0e15) in size, not " + TextPrinter.number(k)
                    + ": past that a double has no p - 1 to write the derivative with", at);
    }

    /** A matrix power's exponent: whole (the language has no matrix root), and at most 256 in size (a term per factor). */
    static void matrix(double k, Pos at) {
        if (k != Math.rint(k))
            throw new MatDiffException("a matrix power needs a whole exponent, not " + TextPrinter.number(k) + ": the language has no matrix root"
                    + " (use .^ for an element-wise power)", at);
        int max = Exprs.MAX_MATRIX_POWER;
        if (Math.abs(k) > max)
            throw new MatDiffException("a matrix power's exponent must be between -" + max + " and " + max + ", not "
                    + TextPrinter.number(k) + ": the differential of A^k has a term for each of its k factors", at);
    }
}
