package dev.matdiff.check;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.VarKind;

/** How {@link JacobianCheck} names what it compared: a column of J, a random direction, one entry of J or of a Hessian. */
final class EntryLabels {
    private EntryLabels() {}

    /** Column k; both columns of an off-diagonal entry of a symmetric X, which move together; or a random direction. */
    static String column(Expr.Var x, boolean coordinates, int k, int rows) {
        if (!coordinates) return "random direction " + (k + 1) + ", scaled to " + x.name() + "'s root mean square";
        int t = JacobianCheck.transposedIndex(k, rows);
        if (x.kind() == VarKind.SYMMETRIC && t != k)
            return "columns " + (k + 1) + " and " + (t + 1) + " together (entries " + entry(k, rows) + " and " + entry(t, rows) + ")";
        return "column " + (k + 1) + " (entry " + entry(k, rows) + ")";
    }

    /**
     * Entry (i + 1, k + 1) of J, or of a Hessian, as a reader indexes it, then what its row and column are:
     * {@code Jacobian entry (6, 8) (∂ entry (3, 2) / ∂X(4, 2))}, {@code Hessian entry (2, 3) (∂²/∂x(2) ∂x(3))}. F is
     * fRows × fCols, X rows × cols.
     */
    static String entry(boolean jacobian, Expr.Var x, int i, int k, int rows, int cols, int fRows, int fCols) {
        return (jacobian ? "Jacobian " : "Hessian ") + "entry (" + (i + 1) + ", " + (k + 1) + ") ("
                + (jacobian ? "∂ entry " + (fCols == 1 ? entryOf(i, fRows, fCols) : "(" + entryOf(i, fRows, fCols) + ")") + " / ∂"
                            : "∂²/∂" + coordinate(x, i, rows, cols) + " ∂")
                + coordinate(x, k, rows, cols) + ")";
    }

    /** Entry k of vec(X) as the program would index X: x(k) for a vector, X(i, j) for a matrix. */
    private static String coordinate(Expr.Var x, int k, int rows, int cols) {
        return x.name() + (rows * cols == 1 ? "" : "(" + entryOf(k, rows, cols) + ")");
    }

    /** Entry k of a column-major vec, as i for a vector and i, j for a matrix. */
    private static String entryOf(int k, int rows, int cols) {
        return cols == 1 ? String.valueOf(k + 1) : rows == 1 ? "1, " + (k + 1) : (k % rows + 1) + ", " + (k / rows + 1);
    }

    private static String entry(int k, int rows) { return "(" + (k % rows + 1) + ", " + (k / rows + 1) + ")"; }
}
