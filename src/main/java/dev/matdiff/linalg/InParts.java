package dev.matdiff.linalg;

import org.apache.commons.math3.linear.AbstractRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealMatrixPreservingVisitor;

import java.util.function.DoubleSupplier;

/**
 * A large value the evaluator keeps in parts (a Kronecker product as its factors, an outer product as its vectors) where
 * the products, transposes, scalings and reductions it meets can be taken from the parts. {@link Matrices} and
 * {@link Dense#flat} ask this type, not each kind; whatever else reads one sees its entries, formed.
 */
abstract sealed class InParts extends AbstractRealMatrix permits KronSum, Outer {

    /** The entries as a fresh row-major array (the caller may write to it). */
    abstract double[] formed();

    abstract InParts transposed();

    abstract InParts scaled(double c);

    abstract boolean allFinite();

    abstract double norm();

    abstract double sum();

    abstract double sumOfSquares();

    /** The entries, formed into an ordinary value. */
    final Dense dense() { return new Dense(getRowDimension(), getColumnDimension(), formed()); }

    /**
     * What the parts give, where it is an ordinary number; else what the entries give: a part's own norm or sum can
     * overflow, or (where vanishing would mislead) vanish, where the whole's does not (A at 1e160, B at 1e-160).
     */
    static double fromParts(double fromParts, boolean mayVanish, DoubleSupplier fromEntries) {
        return Double.isFinite(fromParts) && (mayVanish || fromParts != 0) ? fromParts : fromEntries.getAsDouble();
    }

    /** Visits the formed entries: not a bounds check and an index computation per entry through getEntry. */
    @Override public final double walkInOptimizedOrder(RealMatrixPreservingVisitor visitor) { return dense().walkInOptimizedOrder(visitor); }

    @Override public final double[][] getData() {
        double[] flat = formed();
        int rows = getRowDimension(), cols = getColumnDimension();
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) out[i] = java.util.Arrays.copyOfRange(flat, i * cols, (i + 1) * cols);
        return out;
    }

    /** Never called: the evaluator's values are not written to. */
    @Override public final void setEntry(int i, int j, double v) { throw new UnsupportedOperationException("a value kept in parts is not written to"); }

    @Override public final RealMatrix createMatrix(int r, int c) { return new Dense(r, c); }
}
