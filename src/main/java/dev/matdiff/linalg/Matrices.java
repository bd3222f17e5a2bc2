package dev.matdiff.linalg;

import org.apache.commons.math3.exception.DimensionMismatchException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.BlockRealMatrix;
import org.apache.commons.math3.linear.DefaultRealMatrixPreservingVisitor;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * The evaluator's arithmetic. Products that are large enough go through BLAS ({@link Blas}:
 * dgemm and dgemv, the system's OpenBLAS when it is installed); the rest works on {@link Dense}
 * values, one row-major array each, with the loops written out: Commons Math's visitors make a
 * virtual call per entry, which costs more than the arithmetic, and its row layout spends an
 * array per entry on a column vector.
 */
public final class Matrices {
    private Matrices() {}

    /** Above this many entries Commons Math stores a matrix in blocks. */
    public static final int BLOCK_THRESHOLD = 4096;

    /** The rows of m, read-only: no copy for the row layout. */
    public static double[][] rows(RealMatrix m) {
        return m instanceof Array2DRowRealMatrix a ? a.getDataRef() : m.getData();
    }

    /** A matrix over freshly computed rows, in the layout Commons Math would choose. */
    public static RealMatrix wrap(double[][] rows) {
        long size = (long) rows.length * rows[0].length;
        return size <= BLOCK_THRESHOLD ? new Array2DRowRealMatrix(rows, false) : new BlockRealMatrix(rows);
    }

    public static RealMatrix scalar(double v) { return Dense.scalar(v); }

    public static boolean isLarge(RealMatrix m) {
        return (long) m.getRowDimension() * m.getColumnDimension() > BLOCK_THRESHOLD;
    }

    // ---- products

    /** a·b by the fastest route (see {@link #multiply(RealMatrix, boolean, RealMatrix, boolean, Blas)}). */
    public static RealMatrix multiply(RealMatrix a, RealMatrix b) { return multiply(a, false, b, false, Blas.get()); }

    /** op(a)·op(b) by the fastest route, on the BLAS in use (see {@link #multiply(RealMatrix, boolean, RealMatrix, boolean, Blas)}). */
    public static RealMatrix multiply(RealMatrix a, boolean ta, RealMatrix b, boolean tb) { return multiply(a, ta, b, tb, Blas.get()); }


    /**
     * op(a)·op(b), op being the transpose where asked, with no transposed copy: a matrix times a
     * vector on either side by dgemv when the matrix is a large {@link Dense} (else by loops over
     * its rows, Commons Math's own {@code operate}/{@code preMultiply} for its layouts), an outer
     * product directly, small factors by a loop over rows, and anything larger by dgemm with the
     * transposes passed as flags (crossovers measured at {@link Blas#GEMM_MIN} and {@link Blas#GEMV_MIN}).
     */
    public static RealMatrix multiply(RealMatrix a, boolean ta, RealMatrix b, boolean tb, Blas blas) {
        int ra = a.getRowDimension(), ca = a.getColumnDimension(), rb = b.getRowDimension(), cb = b.getColumnDimension();
        int m = ta ? ca : ra, k = ta ? ra : ca, kb = tb ? cb : rb, n = tb ? rb : cb;
        if (k != kb) throw new DimensionMismatchException(kb, k);
        // values kept in parts (an outer product as its vectors first: against any other it is a matrix-vector product)
        if (a instanceof Outer o) return o.times(ta, b, tb, blas);
        if (b instanceof Outer o) return o.timesFromLeft(a, ta, tb, blas);
        if (a instanceof BlockDiagonal d) return d.times(ta, b, tb, blas);
        if (b instanceof BlockDiagonal d) return d.timesFromLeft(a, ta, tb, blas);
        if (a instanceof KronSum s) return s.times(ta, b, tb, blas);
        if (b instanceof KronSum s) return s.timesFromLeft(a, ta, tb, blas);
        if (n == 1) {
            // op(a)·v: Av is operate, Aᵀv = (vᵀA)ᵀ is preMultiply; a vector's entries are its array either way round
            double[] v = Dense.flat(b);
            if (m == 1) return Dense.scalar(dot(Dense.flat(a), v));
            if (!(a instanceof Dense)) return Dense.column(ta ? a.preMultiply(v) : a.operate(v));
            double[] x = Dense.flat(a);
            if ((long) ra * ca >= Blas.GEMV_MIN) return Dense.column(blas.gemv(x, ra, ca, ta, v));
            return Dense.column(ta ? preMultiply(x, ra, ca, v) : operate(x, ra, ca, v));
        }
        if (m == 1) {
            // uᵀ·op(b): uᵀB is preMultiply, uᵀBᵀ = (Bu)ᵀ is operate
            double[] u = Dense.flat(a);
            if (!(b instanceof Dense)) return Dense.row(tb ? b.operate(u) : b.preMultiply(u));
            double[] y = Dense.flat(b);
            if ((long) rb * cb >= Blas.GEMV_MIN) return Dense.row(blas.gemv(y, rb, cb, !tb, u));
            return Dense.row(tb ? operate(y, rb, cb, u) : preMultiply(y, rb, cb, u));
        }
        if (k == 1) return Outer.of(Dense.flat(a), Dense.flat(b));
        if ((long) m * k * n < Blas.GEMM_MIN) return small(Dense.flat(a), ta, Dense.flat(b), tb, m, k, n);
        return new Dense(m, n, blas.gemm(Dense.flat(a), ta, Dense.flat(b), tb, m, k, n));
    }

    /**
     * op(a)·op(b) for a product symmetric by its form (A·S·Aᵀ, S⁻¹·B·S⁻¹ with B symmetric), exactly
     * symmetric: a large one computes one triangle's blocks only ({@link Blas#gemmSymmetric}).
     */
    public static RealMatrix multiplySymmetric(RealMatrix a, boolean ta, RealMatrix b, boolean tb, Blas blas) {
        int m = ta ? a.getColumnDimension() : a.getRowDimension(), k = ta ? a.getRowDimension() : a.getColumnDimension();
        int kb = tb ? b.getColumnDimension() : b.getRowDimension(), n = tb ? b.getRowDimension() : b.getColumnDimension();
        if (m != n || k != kb || (long) m * k * n < Blas.GEMM_MIN) return Fused.symmetrized(multiply(a, ta, b, tb, blas));
        return Dense.symmetric(n, blas.gemmSymmetric(Dense.flat(a), ta, Dense.flat(b), tb, n, k));
    }

    /** m in Commons Math's block layout: itself if it is already, else a copy. */
    public static BlockRealMatrix block(RealMatrix m) {
        if (m instanceof BlockRealMatrix b) return b;
        if (!(m instanceof Dense d)) return new BlockRealMatrix(rows(m));
        int r = d.rows, c = d.cols, bs = BlockRealMatrix.BLOCK_SIZE;
        int blockColumns = (c + bs - 1) / bs;
        double[][] blocks = BlockRealMatrix.createBlocksLayout(r, c);
        for (int ib = 0; ib * bs < r; ib++)
            for (int jb = 0; jb < blockColumns; jb++) {
                double[] block = blocks[ib * blockColumns + jb];
                int q0 = jb * bs, width = Math.min(q0 + bs, c) - q0, at = 0;
                for (int p = ib * bs; p < Math.min(ib * bs + bs, r); p++, at += width)
                    System.arraycopy(d.data, p * c + q0, block, at, width);
            }
        return new BlockRealMatrix(r, c, blocks, false);
    }

    /** A v for A r×c in rows. */
    public static double[] operate(double[] a, int r, int c, double[] v) {
        double[] out = new double[r];
        for (int i = 0; i < r; i++) {
            double s = 0;
            for (int j = 0, at = i * c; j < c; j++) s += a[at + j] * v[j];
            out[i] = s;
        }
        return out;
    }

    /** vᵀ A for A r×c in rows, each entry summed over the rows in order. */
    public static double[] preMultiply(double[] a, int r, int c, double[] v) {
        double[] out = new double[c];
        for (int i = 0; i < r; i++) {
            double s = v[i];
            for (int j = 0, at = i * c; j < c; j++) out[j] += s * a[at + j];
        }
        return out;
    }

    private static double dot(double[] u, double[] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) s += u[i] * v[i];
        return s;
    }

    /**
     * The product of small factors, adding multiples of rows of b into rows of the result (a loop the
     * JIT vectorises), four rows of b at a time; aᵀ is read in place, bᵀ is copied (a small copy next to
     * the product). Every entry is summed over p in the same order whatever the layout.
     */
    private static Dense small(double[] a, boolean ta, double[] b, boolean tb, int m, int k, int n) {
        if (tb) b = transpose(b, n, k);
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            int row = i * n, p = 0;
            for (; p + 3 < k; p += 4) {
                double s0, s1, s2, s3;
                if (ta) {
                    s0 = a[p * m + i]; s1 = a[(p + 1) * m + i]; s2 = a[(p + 2) * m + i]; s3 = a[(p + 3) * m + i];
                } else {
                    int at = i * k + p;
                    s0 = a[at]; s1 = a[at + 1]; s2 = a[at + 2]; s3 = a[at + 3];
                }
                int b0 = p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
                for (int j = 0; j < n; j++)
                    out[row + j] += s0 * b[b0 + j] + s1 * b[b1 + j] + s2 * b[b2 + j] + s3 * b[b3 + j];
            }
            for (; p < k; p++) {
                double s = ta ? a[p * m + i] : a[i * k + p];
                for (int j = 0, bp = p * n; j < n; j++) out[row + j] += s * b[bp + j];
            }
        }
        return new Dense(m, n, out);
    }

    /** The transpose of an r×c row-major array (tile by tile when it is large, so that both sides stay in cache). */
    public static double[] transpose(double[] d, int r, int c) {
        double[] out = new double[r * c];
        if ((long) r * c <= BLOCK_THRESHOLD) {
            for (int i = 0; i < r; i++)
                for (int j = 0, at = i * c; j < c; j++) out[j * r + i] = d[at + j];
            return out;
        }
        Across.copy(out, c, r, d);
        return out;
    }

    public static RealMatrix transpose(RealMatrix m) {
        if (m instanceof BlockRealMatrix b) return b.transpose();
        if (m instanceof InParts p) return p.transposed();
        return new Dense(m.getColumnDimension(), m.getRowDimension(), transpose(Dense.flat(m), m.getRowDimension(), m.getColumnDimension()));
    }

    // ---- sums and entry-wise operations

    /** The sum of equally shaped matrices, with one accumulator however many terms there are. */
    public static RealMatrix sum(List<RealMatrix> terms) {
        RealMatrix first = terms.get(0);
        double[] acc = Dense.freshFlat(first);
        for (int i = 1; i < terms.size(); i++) addTo(acc, terms.get(i), 1);
        return new Dense(first.getRowDimension(), first.getColumnDimension(), acc);
    }

    /** acc += c·t, for t of acc's shape. */
    public static void addTo(double[] acc, RealMatrix t, double c) {
        if (t instanceof Outer o) { o.addTo(acc, c); return; }
        double[] src = Dense.flat(t);
        if (c == 1) for (int i = 0; i < acc.length; i++) acc[i] += src[i];
        else if (c == -1) for (int i = 0; i < acc.length; i++) acc[i] -= src[i];
        else for (int i = 0; i < acc.length; i++) acc[i] += c * src[i];
    }

    /** acc += c in every entry. */
    public static void addTo(double[] acc, double c) {
        for (int i = 0; i < acc.length; i++) acc[i] += c;
    }

    /** acc := c·acc (c = −1 negates exactly). */
    public static void scaleInPlace(double[] acc, double c) {
        if (c == -1) for (int i = 0; i < acc.length; i++) acc[i] = -acc[i];
        else for (int i = 0; i < acc.length; i++) acc[i] *= c;
    }

    /** c·m (a block matrix stays one: Commons Math scales it block by block). */
    public static RealMatrix scale(RealMatrix m, double c) {
        if (m instanceof BlockRealMatrix b) return b.scalarMultiply(c);
        if (m instanceof InParts p) return p.scaled(c);
        double[][] t = target(m);
        double[] out = t[0], src = t[1];
        for (int i = 0; i < out.length; i++) out[i] = c * src[i];
        return new Dense(m.getRowDimension(), m.getColumnDimension(), out);
    }

    /** A fresh array for the result of an entry-wise operation on m, and m's entries to read: m's own array, or the fresh one filled. */
    private static double[][] target(RealMatrix m) {
        if (m instanceof Dense d) return new double[][] {new double[d.data.length], d.data};
        double[] copy = Dense.flat(m);
        return new double[][] {copy, copy};
    }

    public static Dense map(RealMatrix m, DoubleUnaryOperator f) {
        double[][] t = target(m);
        double[] out = t[0], src = t[1];
        for (int i = 0; i < out.length; i++) out[i] = f.applyAsDouble(src[i]);
        return new Dense(m.getRowDimension(), m.getColumnDimension(), out);
    }

    /** Entry-wise squares, without a call per entry. */
    public static Dense square(RealMatrix m) {
        double[][] t = target(m);
        double[] out = t[0], src = t[1];
        for (int i = 0; i < out.length; i++) out[i] = src[i] * src[i];
        return new Dense(m.getRowDimension(), m.getColumnDimension(), out);
    }

    /** f(a_ij, b_ij) entry by entry. */
    public static Dense combine(RealMatrix a, RealMatrix b, DoubleBinaryOperator f) {
        double[][] t = target(a);
        double[] out = t[0], src = t[1], other = Dense.flat(b);
        for (int i = 0; i < out.length; i++) out[i] = f.applyAsDouble(src[i], other[i]);
        return new Dense(a.getRowDimension(), a.getColumnDimension(), out);
    }

    public static Dense hadamard(RealMatrix a, RealMatrix b) {
        if (a instanceof Outer o && !(b instanceof InParts)) return o.entrywise(Dense.flat(b), Outer.Entrywise.TIMES);
        if (b instanceof Outer o && !(a instanceof InParts)) return o.entrywise(Dense.flat(a), Outer.Entrywise.TIMES);
        // the product is written over the copy of the operand that is not Dense, if one is (it is copied anyway)
        if (a instanceof Dense && !(b instanceof Dense)) { RealMatrix s = a; a = b; b = s; }
        double[][] t = target(a);
        double[] out = t[0], src = t[1], other = Dense.flat(b);
        for (int i = 0; i < out.length; i++) out[i] = src[i] * other[i];
        return new Dense(a.getRowDimension(), a.getColumnDimension(), out);
    }

    public static Dense elementDivide(RealMatrix a, RealMatrix b) {
        if (a instanceof Outer o && !(b instanceof InParts)) return o.entrywise(Dense.flat(b), Outer.Entrywise.OVER);
        if (b instanceof Outer o && !(a instanceof InParts)) return o.entrywise(Dense.flat(a), Outer.Entrywise.UNDER);
        double[][] t = target(a);
        double[] out = t[0], src = t[1], other = Dense.flat(b);
        for (int i = 0; i < out.length; i++) out[i] = src[i] / other[i];
        return new Dense(a.getRowDimension(), a.getColumnDimension(), out);
    }

    /** Σ f(a_ij) over all entries. */
    public static double reduce(RealMatrix m, DoubleUnaryOperator f) {
        if (m instanceof Dense d) {
            double total = 0;
            for (double v : d.data) total += f.applyAsDouble(v);
            return total;
        }
        double[] total = {0};
        m.walkInOptimizedOrder(new DefaultRealMatrixPreservingVisitor() {
            @Override public void visit(int i, int j, double v) { total[0] += f.applyAsDouble(v); }
        });
        return total[0];
    }

    /** Σ a_ij² over all entries. */
    public static double sumOfSquares(RealMatrix m) {
        if (m instanceof InParts p) return p.sumOfSquares();
        if (!(m instanceof Dense d)) return reduce(m, v -> v * v);
        return Pairwise.sumOfSquares(d.data);
    }

    /**
     * The Frobenius norm, √Σ a_ij², scaled by the largest entry when the squares would overflow or lose digits as
     * subnormals (entries beyond about 1e154 or below 1e-154), where √ of the plain sum is Infinity, 0 or inexact.
     */
    public static double norm(RealMatrix m) {
        if (m instanceof InParts p) return p.norm();
        double total = sumOfSquares(m);
        if (total > 1e-250 && total < Double.POSITIVE_INFINITY) return Math.sqrt(total);
        double scale = maxAbs(m);
        if (scale == 0 || !Double.isFinite(scale)) return scale == 0 ? 0 : Math.sqrt(total);
        return scale * Math.sqrt(reduce(m, v -> (v / scale) * (v / scale)));
    }

    /** Σ a_ij over all entries. */
    public static double sum(RealMatrix m) {
        if (m instanceof InParts p) return p.sum();
        if (!(m instanceof Dense d)) return reduce(m, v -> v);
        return Pairwise.sum(d.data);
    }

    public static double maxAbs(RealMatrix m) {
        if (m instanceof Dense d) {
            // the largest |v| is the largest of the bits with the sign cleared (NaN's above ∞'s), four at a time so that
            // no comparison waits on the one before; a NaN entry makes the result NaN, as Math.max does
            double[] x = d.data;
            long m0 = 0, m1 = 0, m2 = 0, m3 = 0;
            int i = 0;
            for (; i + 3 < x.length; i += 4) {
                m0 = Math.max(m0, Double.doubleToRawLongBits(x[i]) & Long.MAX_VALUE);
                m1 = Math.max(m1, Double.doubleToRawLongBits(x[i + 1]) & Long.MAX_VALUE);
                m2 = Math.max(m2, Double.doubleToRawLongBits(x[i + 2]) & Long.MAX_VALUE);
                m3 = Math.max(m3, Double.doubleToRawLongBits(x[i + 3]) & Long.MAX_VALUE);
            }
            for (; i < x.length; i++) m0 = Math.max(m0, Double.doubleToRawLongBits(x[i]) & Long.MAX_VALUE);
            long bits = Math.max(Math.max(m0, m1), Math.max(m2, m3));
            return bits > 0x7FF0000000000000L ? Double.NaN : Double.longBitsToDouble(bits);
        }
        double[] max = {0};
        m.walkInOptimizedOrder(new DefaultRealMatrixPreservingVisitor() {
            @Override public void visit(int i, int j, double v) { max[0] = Math.max(max[0], Math.abs(v)); }
        });
        return max[0];
    }

    public static double max(RealMatrix m) {
        double[] max = {Double.NEGATIVE_INFINITY};
        m.walkInOptimizedOrder(new DefaultRealMatrixPreservingVisitor() {
            @Override public void visit(int i, int j, double v) { max[0] = Math.max(max[0], v); }
        });
        return max[0];
    }

    /** The first entry (row-major) that fails {@code ok}, as {row, col}, or null. */
    public static int[] find(RealMatrix m, java.util.function.DoublePredicate ok) {
        if (m instanceof Dense d) {
            for (int i = 0; i < d.data.length; i++) if (!ok.test(d.data[i])) return new int[] {i / d.cols, i % d.cols};
            return null;
        }
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

    /** Whether every entry is 0 (a scan that stops at the first one that is not). */
    public static boolean allZero(RealMatrix m) {
        if (m instanceof Dense d) {
            for (double v : d.data) if (v != 0) return false;
            return true;
        }
        for (int i = 0; i < m.getRowDimension(); i++)
            for (int j = 0; j < m.getColumnDimension(); j++) if (m.getEntry(i, j) != 0) return false;
        return true;
    }

    /** Whether every entry is finite; a quick pass that never copies. */
    public static boolean allFinite(RealMatrix m) {
        if (m instanceof Dense d) return Dense.knownFinite(d) || allFinite(d.data);
        if (m instanceof BlockDiagonal b) return allFinite(b.block);
        if (m instanceof InParts p) return p.allFinite();
        if (m instanceof Array2DRowRealMatrix a) {
            for (double[] row : a.getDataRef()) if (!allFinite(row)) return false;
            return true;
        }
        // a block matrix's Frobenius norm is one tight loop over its blocks; it is finite when every entry is,
        // unless squares overflow (entries beyond 1e154), which the exact scan below then settles
        if (m instanceof BlockRealMatrix b && Double.isFinite(b.getFrobeniusNorm())) return true;
        boolean[] ok = {true};
        m.walkInOptimizedOrder(new DefaultRealMatrixPreservingVisitor() {
            @Override public void visit(int i, int j, double v) { if (!Double.isFinite(v)) ok[0] = false; }
        });
        return ok[0];
    }

    /**
     * Whether every entry of a value just made, not yet shared, is finite; remembered on it (a Dense), so the evaluator's
     * check does not read it again.
     */
    public static boolean finiteAsMade(RealMatrix m) {
        if (!(m instanceof Dense d)) return allFinite(m);
        if (Dense.knownFinite(d)) return true;
        if (!allFinite(d.data)) return false;
        d.markFinite();
        return true;
    }

    private static boolean allFinite(double[] d) {
        long seen = 0;
        for (double v : d) seen |= Dense.nonFinite(v);
        return seen >= 0;
    }

    public static Dense identity(int n) {
        Dense d = new Dense(n, n);
        for (int i = 0; i < n; i++) d.data[i * n + i] = 1;
        return d;
    }

    public static Dense filled(int rows, int cols, double v) {
        Dense d = new Dense(rows, cols);
        java.util.Arrays.fill(d.data, v);
        return d;
    }

    /** "entry (2, 1)" in the 1-based numbering users write. */
    public static String entry(int[] at) { return "entry (" + (at[0] + 1) + ", " + (at[1] + 1) + ")"; }
}
