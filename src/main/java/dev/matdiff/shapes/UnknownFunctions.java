package dev.matdiff.shapes;

import dev.matdiff.expr.Op;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What to say of a call to a function the language does not have: how it is written here, or the nearest name. */
final class UnknownFunctions {
    private UnknownFunctions() {}

    /** Functions other tools have, as this language writes them (NumPy, MATLAB, PyTorch). */
    private static final Map<String, String> WRITTEN = Map.ofEntries(
            Map.entry("transpose", "write A' for the transpose of A"),
            Map.entry("dot", "write u'*v for dot(u, v)"),
            Map.entry("inner", "write u'*v for inner(u, v)"),
            Map.entry("outer", "write u*v' for outer(u, v)"),
            Map.entry("matmul", "write A*B"),
            Map.entry("power", "write u.^k or pow(u, k) (element-wise), or A^k (a square matrix's power)"),
            Map.entry("square", "write u.^2"),
            Map.entry("inverse", "write inv(A)"),
            Map.entry("clip", "clip(u, a, b) entry by entry, a ≤ b, is a + relu(u - a) - relu(u - b)"),
            Map.entry("clamp", "clamp(u, a, b) entry by entry, a ≤ b, is a + relu(u - a) - relu(u - b)"),
            // a Poisson or negative-binomial likelihood's log(y!) (trial s75b)
            Map.entry("lgamma", "the language has no log-gamma; a term of constants alone, as log(y!) in a likelihood, does not change "
                    + "the gradient: leave it out"),
            Map.entry("gammaln", "the language has no log-gamma; a term of constants alone, as log(y!) in a likelihood, does not change "
                    + "the gradient: leave it out"),
            Map.entry("ln", "write log(u)"),
            Map.entry("pinv", "the language has no pseudo-inverse; inv(A'*A)*A' is one where A has full column rank"),
            Map.entry("expm", "the language has no matrix exponential (exp is element-wise)"),
            Map.entry("sqrtm", "the language has no matrix square root (sqrt is element-wise); write the matrix as L*L' with L a variable"),
            Map.entry("logm", "the language has no matrix logarithm (log is element-wise); tr(logm(S)) is logdet(S)"),
            // matdiff's adjoint of kron(A, V) was named kronsum; the textbook's Kronecker sum is another thing
            Map.entry("kronsum", "the Kronecker sum of A (m×m) and B (n×n) is kron(A, eye(n)) + kron(eye(m), B); "
                    + "blocksum(G, A) is the sum of G's blocks weighted by A's entries"));

    static MatDiffException of(String f, Pos pos) {
        // max(u, 0), the way ML code writes a ReLU; of two expressions, entry by entry, through relu too (trial s75b: a Huber
        // loss's and a pinball loss's min(r, d) found no way to be written)
        if (f.equals("max") || f.equals("min"))
            return new MatDiffException("unknown function '" + f + "': " + (f.equals("max")
                    ? "max(u, 0) is relu(u), and max(u, v) entry by entry is v + relu(u - v)"
                    : "min(u, 0) is -relu(-u), and min(u, v) entry by entry is u - relu(u - v)"), pos);
        if (WRITTEN.containsKey(f)) return new MatDiffException("unknown function '" + f + "': " + WRITTEN.get(f), pos);
        Set<String> known = new TreeSet<>(Op.names());
        known.addAll(Lowering.DIMENSIONAL);
        known.addAll(java.util.List.of("sum", "mean"));
        String meant = dev.matdiff.source.Spelling.closest(f, known);
        return new MatDiffException("unknown function '" + f + "'" + (meant != null ? ": did you mean '" + meant + "'?" : ""), pos);
    }
}
