package dev.matdiff.numeric;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.BlockRealMatrix;
import org.apache.commons.math3.linear.DefaultRealMatrixPreservingVisitor;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * Fast paths over Commons Math's two dense layouts.
 *
 * <p>Products of large matrices are Commons Math's blocked {@link BlockRealMatrix} product (at
 * n = 512 it is several times faster than the row layout's); everything else works on rows. The
 * evaluator's entry-wise results are {@link Array2DRowRealMatrix} at every size, whose rows are read
 * without a copy; a large one is converted to blocks only when a product needs it. Entry-wise
 * loops are written out rather than run through Commons Math's visitors, whose per-entry virtual
 * call costs more than the arithmetic.
 */
final class Matrices {
    private Matrices() {}

    /** Above this many entries Commons Math stores a matrix in blocks. */
    static final int BLOCK_THRESHOLD = 4096;

    /** The rows of m, read-only: no copy for the row layout. */
    static double[][] rows(RealMatrix m) {
        return m instanceof Array2DRowRealMatrix a ? a.getDataRef() : m.getData();
    }

    /** Rows of m that the caller owns and may overwrite. */
    static double[][] freshRows(RealMatrix m) {
        if (!(m instanceof Array2DRowRealMatrix a)) return m.getData();
        double[][] src = a.getDataRef();
        double[][] out = new double[src.length][];
        for (int i = 0; i < src.length; i++) out[i] = src[i].clone();
        return out;
    }

    /** A matrix over freshly computed rows, in the layout Commons Math would choose. */
    static RealMatrix wrap(double[][] rows) {
        long size = (long) rows.length * rows[0].length;
        return size <= BLOCK_THRESHOLD ? new Array2DRowRealMatrix(rows, false) : new BlockRealMatrix(rows);
    }

    /** A matrix over freshly computed rows, without a copy. */
    static RealMatrix own(double[][] rows) { return new Array2DRowRealMatrix(rows, false); }

    static RealMatrix scalar(double v) { return new Array2DRowRealMatrix(new double[][] {{v}}, false); }

    static RealMatrix column(double[] v) {
        double[][] out = new double[v.length][1];
        for (int i = 0; i < v.length; i++) out[i][0] = v[i];
        return own(out);
    }

    static RealMatrix row(double[] v) { return own(new double[][] {v}); }

    static boolean isLarge(RealMatrix m) {
        return (long) m.getRowDimension() * m.getColumnDimension() > BLOCK_THRESHOLD;
    }

    // ---- products

    /** a·b by the fastest route (see {@link #multiply(RealMatrix, boolean, RealMatrix, boolean, UnaryOperator)}). */
    static RealMatrix multiply(RealMatrix a, RealMatrix b) { return multiply(a, false, b, false, Matrices::block); }

    /**
     * op(a)·op(b), op being the transpose where asked, by the fastest route: a matrix times a vector
     * (either side, either orientation) as Commons Math's {@code operate}/{@code preMultiply} with no
     * transposed copy; an outer product (inner dimension 1) directly; two small factors by a loop over
     * rows; anything larger by Commons Math's blocked product, {@code blocks} converting the factors
     * (an evaluator remembers the conversions, so a value read by several products is converted once).
     */
    static RealMatrix multiply(RealMatrix a, boolean ta, RealMatrix b, boolean tb, UnaryOperator<RealMatrix> blocks) {
        int m = ta ? a.getColumnDimension() : a.getRowDimension();
        int k = ta ? a.getRowDimension() : a.getColumnDimension();
        int kb = tb ? b.getColumnDimension() : b.getRowDimension();
        int n = tb ? b.getRowDimension() : b.getColumnDimension();
        if (k != kb) throw new org.apache.commons.math3.exception.DimensionMismatchException(kb, k);
        if (n == 1) {
            // op(a)·v: Av = operate, Aᵀv = (vᵀA)ᵀ = preMultiply
            double[] v = tb ? b.getRow(0) : b.getColumn(0);
            if (m == 1) return scalar(dot(ta ? a.getColumn(0) : a.getRow(0), v));
            return column(ta ? a.preMultiply(v) : a.operate(v));
        }
        if (m == 1) {
            // uᵀ·op(b): uᵀB = preMultiply, uᵀBᵀ = (Bu)ᵀ = operate
            double[] u = ta ? a.getColumn(0) : a.getRow(0);
            return row(tb ? b.operate(u) : b.preMultiply(u));
        }
        if (k == 1) return outer(ta ? a.getRow(0) : a.getColumn(0), tb ? b.getColumn(0) : b.getRow(0));
        if (!isLarge(a) && !isLarge(b)) return small(rows(a), ta, rows(b), tb, m, k, n);
        BlockRealMatrix x = (BlockRealMatrix) blocks.apply(a), y = (BlockRealMatrix) blocks.apply(b);
        return (ta ? x.transpose() : x).multiply(tb ? y.transpose() : y);
    }

    /** m as blocks: itself if it is already, else a copy. */
    static BlockRealMatrix block(RealMatrix m) {
        if (m instanceof BlockRealMatrix b) return b;
        return new BlockRealMatrix(rows(m));
    }

    private static double dot(double[] u, double[] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) s += u[i] * v[i];
        return s;
    }

    private static RealMatrix outer(double[] u, double[] v) {
        double[][] out = new double[u.length][v.length];
        for (int i = 0; i < u.length; i++) {
            double s = u[i];
            double[] row = out[i];
            for (int j = 0; j < v.length; j++) row[j] = s * v[j];
        }
        return own(out);
    }

    /**
     * The product of small factors, row by row: out_i += a_ik · b_k for k in order, so each entry is
     * summed in the same order as Commons Math's own product.
     */
    private static RealMatrix small(double[][] a, boolean ta, double[][] b, boolean tb, int m, int k, int n) {
        if (tb) b = transposeRows(b);
        double[][] out = new double[m][n];
        for (int i = 0; i < m; i++) {
            double[] row = out[i];
            for (int p = 0; p < k; p++) {
                double s = ta ? a[p][i] : a[i][p];
                double[] src = b[p];
                for (int j = 0; j < n; j++) row[j] += s * src[j];
            }
        }
        return own(out);
    }

    static double[][] transposeRows(double[][] d) {
        int rows = d.length, cols = d[0].length;
        double[][] out = new double[cols][rows];
        for (int i = 0; i < rows; i++) {
            double[] src = d[i];
            for (int j = 0; j < cols; j++) out[j][i] = src[j];
        }
        return out;
    }

    static RealMatrix transpose(RealMatrix m) {
        if (m instanceof BlockRealMatrix b) return b.transpose();
        return own(transposeRows(rows(m)));
    }

    // ---- sums and entry-wise operations

    /** The sum of equally shaped matrices, with one accumulator however many terms there are. */
    static RealMatrix sum(List<RealMatrix> terms) {
        double[][] acc = freshRows(terms.get(0));
        for (int i = 1; i < terms.size(); i++) addTo(acc, terms.get(i), 1);
        return own(acc);
    }

    /** acc += c·t. */
    static void addTo(double[][] acc, RealMatrix t, double c) {
        if (t instanceof Array2DRowRealMatrix a) {
            double[][] d = a.getDataRef();
            for (int i = 0; i < acc.length; i++) {
                double[] row = acc[i], src = d[i];
                if (c == 1) for (int j = 0; j < row.length; j++) row[j] += src[j];
                else if (c == -1) for (int j = 0; j < row.length; j++) row[j] -= src[j];
                else for (int j = 0; j < row.length; j++) row[j] += c * src[j];
            }
        } else {
            t.walkInOptimizedOrder(new DefaultRealMatrixPreservingVisitor() {
                @Override public void visit(int i, int j, double v) { acc[i][j] += c * v; }
            });
        }
    }

    /** acc += c in every entry. */
    static void addTo(double[][] acc, double c) {
        for (double[] row : acc) for (int j = 0; j < row.length; j++) row[j] += c;
    }

    /** c·m, entry by entry (c = −1 negates exactly). */
    static RealMatrix scale(RealMatrix m, double c) {
        double[][] out = freshRows(m);
        for (double[] row : out) for (int j = 0; j < row.length; j++) row[j] *= c;
        return own(out);
    }

    static RealMatrix map(RealMatrix m, DoubleUnaryOperator f) {
        double[][] out;
        if (m instanceof Array2DRowRealMatrix a) {
            double[][] src = a.getDataRef();
            out = new double[src.length][];
            for (int i = 0; i < src.length; i++) {
                double[] s = src[i], row = new double[s.length];
                for (int j = 0; j < s.length; j++) row[j] = f.applyAsDouble(s[j]);
                out[i] = row;
            }
        } else {
            out = m.getData();
            for (double[] row : out) for (int j = 0; j < row.length; j++) row[j] = f.applyAsDouble(row[j]);
        }
        return own(out);
    }

    /** Entry-wise squares, without a call per entry. */
    static RealMatrix square(RealMatrix m) {
        double[][] out = freshRows(m);
        for (double[] row : out) for (int j = 0; j < row.length; j++) row[j] *= row[j];
        return own(out);
    }

    /** f(a_ij, b_ij) entry by entry. */
    static RealMatrix combine(RealMatrix a, RealMatrix b, DoubleBinaryOperator f) {
        double[][] out = freshRows(a), bd = rows(b);
        for (int i = 0; i < out.length; i++) {
            double[] row = out[i], src = bd[i];
            for (int j = 0; j < row.length; j++) row[j] = f.applyAsDouble(row[j], src[j]);
        }
        return own(out);
    }

    static RealMatrix hadamard(RealMatrix a, RealMatrix b) {
        // the fresh copy is the block-layout operand's, which has to be copied to be read anyway
        boolean swap = a instanceof Array2DRowRealMatrix && !(b instanceof Array2DRowRealMatrix);
        double[][] out = freshRows(swap ? b : a), other = rows(swap ? a : b);
        for (int i = 0; i < out.length; i++) {
            double[] row = out[i], src = other[i];
            for (int j = 0; j < row.length; j++) row[j] *= src[j];
        }
        return own(out);
    }

    static RealMatrix elementDivide(RealMatrix a, RealMatrix b) {
        double[][] out = freshRows(a), bd = rows(b);
        for (int i = 0; i < out.length; i++) {
            double[] row = out[i], src = bd[i];
            for (int j = 0; j < row.length; j++) row[j] /= src[j];
        }
        return own(out);
    }

    /** Σ f(a_ij) over all entries. */
    static double reduce(RealMatrix m, DoubleUnaryOperator f) {
        if (m instanceof Array2DRowRealMatrix a) {
            double total = 0;
            for (double[] row : a.getDataRef()) for (double v : row) total += f.applyAsDouble(v);
            return total;
        }
        double[] total = {0};
        m.walkInOptimizedOrder(new DefaultRealMatrixPreservingVisitor() {
            @Override public void visit(int i, int j, double v) { total[0] += f.applyAsDouble(v); }
        });
        return total[0];
    }

    /** Σ a_ij² over all entries. */
    static double sumOfSquares(RealMatrix m) {
        if (m instanceof Array2DRowRealMatrix a) {
            double total = 0;
            for (double[] row : a.getDataRef()) for (double v : row) total += v * v;
            return total;
        }
        return reduce(m, v -> v * v);
    }

    /** Σ a_ij over all entries. */
    static double sum(RealMatrix m) {
        if (m instanceof Array2DRowRealMatrix a) {
            double total = 0;
            for (double[] row : a.getDataRef()) for (double v : row) total += v;
            return total;
        }
        return reduce(m, v -> v);
    }

    static double maxAbs(RealMatrix m) {
        double[] max = {0};
        m.walkInOptimizedOrder(new DefaultRealMatrixPreservingVisitor() {
            @Override public void visit(int i, int j, double v) { max[0] = Math.max(max[0], Math.abs(v)); }
        });
        return max[0];
    }

    static double max(RealMatrix m) {
        double[] max = {Double.NEGATIVE_INFINITY};
        m.walkInOptimizedOrder(new DefaultRealMatrixPreservingVisitor() {
            @Override public void visit(int i, int j, double v) { max[0] = Math.max(max[0], v); }
        });
        return max[0];
    }

    /** The first entry (row-major) that fails {@code ok}, as {row, col}, or null. */
    static int[] find(RealMatrix m, java.util.function.DoublePredicate ok) {
        if (m instanceof Array2DRowRealMatrix a) {
            double[][] d = a.getDataRef();
            for (int i = 0; i < d.length; i++)
                for (int j = 0; j < d[i].length; j++)
                    if (!ok.test(d[i][j])) return new int[] {i, j};
            return null;
        }
        int[][] first = {null};
        m.walkInOptimizedOrder(new DefaultRealMatrixPreservingVisitor() {
            @Override public void visit(int i, int j, double v) {
                int[] f = first[0];
                if (!ok.test(v) && (f == null || i < f[0] || i == f[0] && j < f[1])) first[0] = new int[] {i, j};
            }
        });
        return first[0];
    }

    /** Whether every entry is finite; a quick pass that never copies. */
    static boolean allFinite(RealMatrix m) {
        if (m instanceof Array2DRowRealMatrix a) {
            for (double[] row : a.getDataRef()) {
                // v − v is 0 for a finite v and NaN for NaN and ±∞: one test for the whole row
                double s = 0;
                for (double v : row) s += v - v;
                if (s != 0) return false;
            }
            return true;
        }
        boolean[] ok = {true};
        m.walkInOptimizedOrder(new DefaultRealMatrixPreservingVisitor() {
            @Override public void visit(int i, int j, double v) { if (!Double.isFinite(v)) ok[0] = false; }
        });
        return ok[0];
    }

    static RealMatrix identity(int n) {
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) d[i][i] = 1;
        return own(d);
    }

    static RealMatrix filled(int rows, int cols, double v) {
        double[][] d = new double[rows][cols];
        for (double[] row : d) java.util.Arrays.fill(row, v);
        return own(d);
    }

    /** "entry (2, 1)" in the 1-based numbering users write. */
    static String entry(int[] at) { return "entry (" + (at[0] + 1) + ", " + (at[1] + 1) + ")"; }
}
