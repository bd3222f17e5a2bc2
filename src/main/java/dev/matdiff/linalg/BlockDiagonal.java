package dev.matdiff.linalg;

import org.apache.commons.math3.linear.AbstractRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * kron(I_N, B) = diag(B, …, B), kept as its one block: a batch's Hessian reads kron(eye(N), ones(K, K)), which as an
 * array is (NK)² numbers (5 GB at N = 2,500, K = 10) though a product with it is N small products
 * ({@link Matrices#multiply} takes them block by block). Anything else that reads it sees its entries.
 */
public final class BlockDiagonal extends AbstractRealMatrix {
    /** Below this many entries, kron(I, B) is an ordinary array: nothing to save. */
    static final long MIN_ENTRIES = 1L << 22;

    final RealMatrix block;
    final int count, p, q;

    BlockDiagonal(RealMatrix block, int count) {
        this.block = block;
        this.count = count;
        this.p = block.getRowDimension();
        this.q = block.getColumnDimension();
    }

    /** kron(a, b) as blocks when a is an identity and the whole would be large; else null. */
    static RealMatrix ofKron(RealMatrix a, RealMatrix b) {
        int n = a.getRowDimension();
        if (a.getColumnDimension() != n || (long) n * n * b.getRowDimension() * b.getColumnDimension() < MIN_ENTRIES) return null;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) if (a.getEntry(i, j) != (i == j ? 1 : 0)) return null;
        return new BlockDiagonal(new Dense(b.getRowDimension(), b.getColumnDimension(), Dense.freshFlat(b)), n);
    }

    @Override public int getRowDimension() { return count * p; }

    @Override public int getColumnDimension() { return count * q; }

    @Override public double getEntry(int i, int j) {
        checkIndices(i, j);
        return i / p == j / q ? block.getEntry(i % p, j % q) : 0;
    }

    private void checkIndices(int i, int j) {
        if (i < 0 || i >= getRowDimension() || j < 0 || j >= getColumnDimension())
            throw new org.apache.commons.math3.exception.OutOfRangeException(i < 0 || i >= getRowDimension() ? i : j, 0,
                    (i < 0 || i >= getRowDimension() ? getRowDimension() : getColumnDimension()) - 1);
    }

    /** Never called: the evaluator's values are not written to, and a kept kron(I, B) has no place for an entry off its blocks. */
    @Override public void setEntry(int i, int j, double v) { throw new UnsupportedOperationException("kron(I, B) is not written to"); }

    @Override public RealMatrix createMatrix(int rows, int cols) { return new Dense(rows, cols, new double[rows * cols]); }

    @Override public RealMatrix copy() { return new BlockDiagonal(block.copy(), count); }

    /** op(this)·op(b): each block of rows of op(b) times op(B). */
    RealMatrix times(boolean t, RealMatrix b, boolean tb, Blas blas) {
        b = Dense.of(b);  // sliced once per block: a value kept in parts is formed once, not at each
        int bp = t ? q : p, bq = t ? p : q, cols = tb ? b.getRowDimension() : b.getColumnDimension();
        double[] out = new double[count * bp * cols];
        for (int i = 0; i < count; i++) {
            RealMatrix rows = slice(b, tb, i * bq, bq, cols);
            double[] part = Dense.flat(Matrices.multiply(block, t, rows, false, blas));
            System.arraycopy(part, 0, out, i * bp * cols, part.length);
        }
        return new Dense(count * bp, cols, out);
    }

    /** op(a)·op(this): each block of columns of op(a) times op(B). */
    RealMatrix timesFromLeft(RealMatrix a, boolean ta, boolean t, Blas blas) {
        a = Dense.of(a);
        int bp = t ? q : p, bq = t ? p : q, rows = ta ? a.getColumnDimension() : a.getRowDimension();
        double[] out = new double[rows * count * bq];
        for (int i = 0; i < count; i++) {
            // columns i·bp … of op(a) are rows of op(a)ᵀ: take them as a slice of op(a)ᵀ and transpose the product back
            RealMatrix cols = slice(a, !ta, i * bp, bp, rows);
            double[] part = Dense.flat(Matrices.multiply(cols, true, block, t, blas));
            for (int r = 0; r < rows; r++) System.arraycopy(part, r * bq, out, r * count * bq + i * bq, bq);
        }
        return new Dense(rows, count * bq, out);
    }

    /** Rows from … from + k of op(m) (m read transposed when t), k × cols, as a fresh array. */
    private static RealMatrix slice(RealMatrix m, boolean t, int from, int k, int cols) {
        double[] x = Dense.flat(m), out = new double[k * cols];
        int c = m.getColumnDimension();
        if (!t) System.arraycopy(x, from * c, out, 0, k * cols);
        else for (int r = 0; r < k; r++) for (int j = 0; j < cols; j++) out[r * cols + j] = x[j * c + from + r];
        return new Dense(k, cols, out);
    }
}
