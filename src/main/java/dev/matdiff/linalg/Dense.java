package dev.matdiff.linalg;

import org.apache.commons.math3.exception.DimensionMismatchException;
import org.apache.commons.math3.exception.OutOfRangeException;
import org.apache.commons.math3.linear.AbstractRealMatrix;
import org.apache.commons.math3.linear.BlockRealMatrix;
import org.apache.commons.math3.linear.DefaultRealMatrixPreservingVisitor;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The evaluator's own values: a dense matrix in one row-major array. A column vector is one array
 * (Commons Math's row layout spends an array per entry on it), and an entry-wise operation is one
 * loop over one array. It is a full {@link RealMatrix}, so callers use it like any other.
 */
public final class Dense extends AbstractRealMatrix {

    public final int rows, cols;
    /** Entry (i, j) is {@code data[i * cols + j]}. */
    public final double[] data;
    /**
     * Whether the entries are known to be exactly symmetric (a_ij == a_ji): set by whoever made them so
     * ({@link #symmetric}), cleared by any change through this class, so that the O(n²) checks of a
     * value read by several kernels (a Cholesky attempt, a symmetric variable's trust) are made once.
     */
    private boolean knownSymmetric;
    /**
     * Whether every entry is known to be finite (an inverse whose norm its maker computed, a value checked as it was made:
     * {@link Matrices#finiteAsMade}), cleared like {@link #knownSymmetric}.
     */
    private boolean knownFinite;

    public Dense(int rows, int cols, double[] data) {
        super(rows, cols);
        if (data.length != rows * cols) throw new DimensionMismatchException(data.length, rows * cols);
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    public Dense(int rows, int cols) { this(rows, cols, new double[rows * cols]); }

    /** An n×n matrix whose entries the caller has made exactly symmetric (and does not change). */
    public static Dense symmetric(int n, double[] data) {
        Dense d = new Dense(n, n, data);
        d.knownSymmetric = true;
        return d;
    }

    /** Records that this matrix's entries are exactly symmetric (the caller has just checked them). */
    void markSymmetric() { knownSymmetric = true; }

    /** Records that every entry is finite (the caller has just found so, or summed their magnitudes to a finite number). */
    void markFinite() { knownFinite = true; }

    private static final long EXPONENT = 0x7FF0000000000000L, EXPONENT_UNIT = 1L << 52;

    /**
     * Bit 63 set exactly when v is NaN or ±∞ (an exponent of all ones carries into the sign bit): OR'd over an array, it
     * tells whether all are finite with no branch and no floating-point sum waiting on each addition.
     */
    static long nonFinite(double v) { return (Double.doubleToRawLongBits(v) & EXPONENT) + EXPONENT_UNIT; }

    /** Whether m is known, without looking, to have only finite entries. */
    static boolean knownFinite(RealMatrix m) { return m instanceof Dense d && d.knownFinite; }

    /** Whether m is known, without looking, to be exactly symmetric. */
    public static boolean knownSymmetric(RealMatrix m) { return m instanceof Dense d && d.knownSymmetric; }

    public static Dense scalar(double v) { return new Dense(1, 1, new double[] {v}); }

    public static Dense column(double[] v) { return new Dense(v.length, 1, v); }

    public static Dense row(double[] v) { return new Dense(1, v.length, v); }

    /** The entries of any matrix as a row-major array; this matrix's own array for a Dense one (read-only). */
    public static double[] flat(RealMatrix m) {
        if (m instanceof Dense d) return d.data;
        if (m instanceof InParts p) return p.formed();
        int r = m.getRowDimension(), c = m.getColumnDimension();
        double[] out = new double[r * c];
        if (m instanceof BlockRealMatrix) {
            // block by block into the one array: getData() would allocate every row as well
            m.walkInOptimizedOrder(new DefaultRealMatrixPreservingVisitor() {
                @Override public void visit(int i, int j, double v) { out[i * c + j] = v; }
            });
            return out;
        }
        double[][] rowsOf = Matrices.rows(m);
        if (c >= 16) for (int i = 0; i < r; i++) System.arraycopy(rowsOf[i], 0, out, i * c, c);
        else for (int i = 0, at = 0; i < r; i++) for (double v : rowsOf[i]) out[at++] = v;  // short rows: no call per row
        return out;
    }

    /** m itself if it is a Dense, else its entries in one. */
    public static Dense of(RealMatrix m) { return m instanceof Dense d ? d : new Dense(m.getRowDimension(), m.getColumnDimension(), flat(m)); }

    /** A copy of m's entries that the caller owns. */
    public static double[] freshFlat(RealMatrix m) { return m instanceof Dense d ? d.data.clone() : flat(m); }

    @Override public int getRowDimension() { return rows; }

    @Override public int getColumnDimension() { return cols; }

    @Override public double getEntry(int i, int j) {
        check(i, j);
        return data[i * cols + j];
    }

    @Override public void setEntry(int i, int j, double v) {
        check(i, j);
        data[i * cols + j] = v;
        knownSymmetric = knownFinite = false;
    }

    @Override public void addToEntry(int i, int j, double v) {
        check(i, j);
        data[i * cols + j] += v;
        knownSymmetric = knownFinite = false;
    }

    @Override public void multiplyEntry(int i, int j, double v) {
        check(i, j);
        data[i * cols + j] *= v;
        knownSymmetric = knownFinite = false;
    }

    private void check(int i, int j) {
        if (i < 0 || i >= rows) throw new OutOfRangeException(i, 0, rows - 1);
        if (j < 0 || j >= cols) throw new OutOfRangeException(j, 0, cols - 1);
    }

    @Override public RealMatrix createMatrix(int r, int c) { return new Dense(r, c); }

    @Override public Dense copy() {
        Dense d = new Dense(rows, cols, data.clone());
        d.knownSymmetric = knownSymmetric;
        d.knownFinite = knownFinite;
        return d;
    }

    @Override public double[][] getData() {
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) System.arraycopy(data, i * cols, out[i], 0, cols);
        return out;
    }

    @Override public double[] getRow(int i) {
        check(i, 0);
        double[] out = new double[cols];
        System.arraycopy(data, i * cols, out, 0, cols);
        return out;
    }

    @Override public double[] getColumn(int j) {
        check(0, j);
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) out[i] = data[i * cols + j];
        return out;
    }

    @Override public Dense transpose() { return new Dense(cols, rows, Matrices.transpose(data, rows, cols)); }

    /** The maximum absolute column sum, as Commons Math defines the norm. */
    @Override public double getNorm() {
        double[] sums = new double[cols];
        for (int i = 0; i < data.length; i++) sums[i % cols] += Math.abs(data[i]);
        double max = 0;
        for (double s : sums) max = Math.max(max, s);
        return max;
    }

    @Override public double getFrobeniusNorm() {
        double s = 0;
        for (double v : data) s += v * v;
        return Math.sqrt(s);
    }

    @Override public double getTrace() {
        if (rows != cols) throw new org.apache.commons.math3.linear.NonSquareMatrixException(rows, cols);
        double t = 0;
        for (int i = 0; i < rows; i++) t += data[i * cols + i];
        return t;
    }

    @Override public double[] operate(double[] v) {
        if (v.length != cols) throw new DimensionMismatchException(v.length, cols);
        return Matrices.operate(data, rows, cols, v);
    }

    @Override public double[] preMultiply(double[] v) {
        if (v.length != rows) throw new DimensionMismatchException(v.length, rows);
        return Matrices.preMultiply(data, rows, cols, v);
    }
}
