package dev.matdiff.numeric;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.BlockRealMatrix;
import org.apache.commons.math3.linear.DefaultRealMatrixChangingVisitor;
import org.apache.commons.math3.linear.DefaultRealMatrixPreservingVisitor;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Fast paths over Commons Math's two dense layouts. Large matrices are {@link BlockRealMatrix}
 * (as {@code MatrixUtils.createRealMatrix} chooses), small ones {@link Array2DRowRealMatrix};
 * a product of mixed layouts falls back to per-entry access, so large products convert first.
 */
final class Matrices {
    private Matrices() {}

    /** Above this many entries Commons Math stores a matrix in blocks. */
    static final int BLOCK_THRESHOLD = 4096;

    /** The rows of m, read-only: no copy for the row layout. */
    static double[][] rows(RealMatrix m) {
        return m instanceof Array2DRowRealMatrix a ? a.getDataRef() : m.getData();
    }

    /** A matrix over freshly computed rows, in the layout Commons Math would choose. */
    static RealMatrix wrap(double[][] rows) {
        long size = (long) rows.length * rows[0].length;
        return size <= BLOCK_THRESHOLD ? new Array2DRowRealMatrix(rows, false) : new BlockRealMatrix(rows);
    }

    static RealMatrix scalar(double v) { return new Array2DRowRealMatrix(new double[][] {{v}}, false); }

    static boolean isLarge(RealMatrix m) {
        return (long) m.getRowDimension() * m.getColumnDimension() > BLOCK_THRESHOLD;
    }

    /**
     * a·b by the fastest route: Commons Math's blocked product for two large factors (at n = 512 it
     * is over twice as fast as the row layout's, so an LU inverse in rows is converted first),
     * the typed row product for small ones.
     */
    static RealMatrix multiply(RealMatrix a, RealMatrix b) {
        if (isLarge(a) && isLarge(b)) return block(a).multiply(block(b));
        if (a instanceof Array2DRowRealMatrix x && b instanceof Array2DRowRealMatrix y) return x.multiply(y);
        return a.multiply(b);
    }

    private static BlockRealMatrix block(RealMatrix m) {
        return m instanceof BlockRealMatrix b ? b : new BlockRealMatrix(m.getData());
    }

    /** The sum of equally shaped matrices, with one accumulator however many terms there are. */
    static RealMatrix sum(List<RealMatrix> terms) {
        RealMatrix first = terms.get(0);
        if (terms.size() == 2 || first instanceof BlockRealMatrix && terms.size() <= 8) {
            // Commons Math adds two block matrices block by block, faster than any per-entry walk
            RealMatrix acc = first;
            for (int i = 1; i < terms.size(); i++) acc = acc.add(terms.get(i));
            return acc;
        }
        double[][] acc = new double[first.getRowDimension()][first.getColumnDimension()];
        for (RealMatrix t : terms) {
            if (t instanceof Array2DRowRealMatrix a) {
                double[][] d = a.getDataRef();
                for (int i = 0; i < acc.length; i++) {
                    double[] row = acc[i], src = d[i];
                    for (int j = 0; j < row.length; j++) row[j] += src[j];
                }
            } else {
                t.walkInOptimizedOrder(new DefaultRealMatrixPreservingVisitor() {
                    @Override public void visit(int i, int j, double v) { acc[i][j] += v; }
                });
            }
        }
        return wrap(acc);
    }

    static RealMatrix map(RealMatrix m, DoubleUnaryOperator f) {
        RealMatrix out = m.copy();
        out.walkInOptimizedOrder(new DefaultRealMatrixChangingVisitor() {
            @Override public double visit(int i, int j, double v) { return f.applyAsDouble(v); }
        });
        return out;
    }

    /** f(a_ij, b_ij) entry by entry. */
    static RealMatrix combine(RealMatrix a, RealMatrix b, DoubleBinaryOperator f) {
        double[][] bd = rows(b);
        RealMatrix out = a.copy();
        out.walkInOptimizedOrder(new DefaultRealMatrixChangingVisitor() {
            @Override public double visit(int i, int j, double v) { return f.applyAsDouble(v, bd[i][j]); }
        });
        return out;
    }

    static RealMatrix hadamard(RealMatrix a, RealMatrix b) {
        double[][] bd = rows(b);
        RealMatrix out = a.copy();
        out.walkInOptimizedOrder(new DefaultRealMatrixChangingVisitor() {
            @Override public double visit(int i, int j, double v) { return v * bd[i][j]; }
        });
        return out;
    }

    /** Σ f(a_ij) over all entries. */
    static double reduce(RealMatrix m, DoubleUnaryOperator f) {
        double[] total = {0};
        m.walkInOptimizedOrder(new DefaultRealMatrixPreservingVisitor() {
            @Override public void visit(int i, int j, double v) { total[0] += f.applyAsDouble(v); }
        });
        return total[0];
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
            for (double[] row : a.getDataRef()) for (double v : row) if (!Double.isFinite(v)) return false;
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
        return wrap(d);
    }

    static RealMatrix filled(int rows, int cols, double v) {
        double[][] d = new double[rows][cols];
        for (double[] row : d) java.util.Arrays.fill(row, v);
        return wrap(d);
    }

    /** "entry (2, 1)" in the 1-based numbering users write. */
    static String entry(int[] at) { return "entry (" + (at[0] + 1) + ", " + (at[1] + 1) + ")"; }
}
