package dev.matdiff.shapes;

import dev.matdiff.source.MatDiffException;
import dev.matdiff.syntax.Syntax;

import java.util.Map;

/** How many arguments a call takes, said with what a second argument means in the tools it comes from. */
final class Arity {
    private Arity() {}

    /**
     * What a second argument other tools take means here: softmax and logsumexp act on columns (a row-wise one is the
     * transpose's, as sum(X, 2) is for sums), and NumPy's norm(x, 1) is norm1.
     */
    private static final Map<String, String> SECOND_ARGUMENT = Map.of(
            "softmax", "it acts on each column; on each row: softmax(X')'",
            "logsumexp", "it acts on each column; on each row: logsumexp(X')'",
            "norm", "norm(x) is the 2-norm, Frobenius for a matrix; the 1-norm is norm1(x)");

    /** Refuses a call of min to max arguments that has another number, at the call. */
    static void arity(Syntax.Call c, int min, int max) {
        int n = c.args().size();
        if (n < min || n > max) {
            String want = min == max ? min + (min == 1 ? " argument" : " arguments") : min + " or " + max + " arguments";
            String second = n == 2 ? SECOND_ARGUMENT.get(c.function()) : null;
            throw new MatDiffException(c.function() + " takes " + want + ", not " + n + (second == null ? "" : " (" + second + ")"), c.pos());
        }
    }
}
