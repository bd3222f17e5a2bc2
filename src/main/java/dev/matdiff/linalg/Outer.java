package dev.matdiff.linalg;

import org.apache.commons.math3.exception.OutOfRangeException;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * An outer product u·vᵀ kept as its two vectors: a product with it is a matrix-vector product, and the Kronecker
 * adjoints read it without forming it (kronblocks(x·xᵀ, B) = Xᵀ·B·X for x the rows of X laid end to end: the
 * gradient of x'·kron(A, B)·x wrt A). Anything else that reads it sees its entries, or the array they form.
 */
public final class Outer extends InParts {
    /** Below this many entries an outer product is an ordinary array. */
    static final long MIN_ENTRIES = 1L << 14;

    final double[] u, v;

    private Outer(double[] u, double[] v) {
        this.u = u;
        this.v = v;
    }

    /** u·vᵀ, kept as its vectors when it would be large. */
    static RealMatrix of(double[] u, double[] v) {
        long size = (long) u.length * v.length;
        return size >= MIN_ENTRIES && size <= Integer.MAX_VALUE - 8 ? new Outer(u, v) : form(u, v);
    }

    /** u·vᵀ written out. */
    static Dense form(double[] u, double[] v) {
        int n = v.length;
        double[] out = new double[u.length * n];
        for (int i = 0; i < u.length; i++) {
            double s = u[i];
            for (int j = 0, at = i * n; j < n; j++) out[at + j] = s * v[j];
        }
        return new Dense(u.length, n, out);
    }

    @Override Outer transposed() { return new Outer(v, u); }

    @Override Outer scaled(double c) {
        double[] w = new double[u.length];
        for (int i = 0; i < w.length; i++) w[i] = c * u[i];
        return new Outer(w, v);
    }

    /** u (or v, read transposed) as a rows×cols matrix, row by row. */
    Dense side(boolean left, int rows, int cols) { return new Dense(rows, cols, left ? u : v); }

    /** Finite when u and v are and no product of their entries overflows. */
    @Override boolean allFinite() {
        return Double.isFinite(Matrices.maxAbs(Dense.column(u)) * Matrices.maxAbs(Dense.column(v))) || Matrices.allFinite(dense());
    }

    /** op(uvᵀ)·op(b) = u·(op(b)ᵀ·v)ᵀ, with u and v swapped when transposed. */
    RealMatrix times(boolean t, RealMatrix b, boolean tb, Blas blas) {
        double[] left = t ? v : u, right = t ? u : v;
        double[] w = Dense.flat(Matrices.multiply(b, !tb, Dense.column(right), false, blas));
        return of(left, w);
    }

    /** op(a)·op(uvᵀ) = (op(a)·u)·vᵀ. */
    RealMatrix timesFromLeft(RealMatrix a, boolean ta, boolean t, Blas blas) {
        double[] left = t ? v : u, right = t ? u : v;
        return of(Dense.flat(Matrices.multiply(a, ta, Dense.column(left), false, blas)), right);
    }

    /** ‖u·vᵀ‖ = ‖u‖·‖v‖, where that product neither overflows nor vanishes; else from the entries. */
    @Override double norm() {
        return fromParts(Matrices.norm(Dense.column(u)) * Matrices.norm(Dense.column(v)), false, () -> Matrices.norm(dense()));
    }

    /** sum(u·vᵀ) = sum(u)·sum(v). */
    @Override double sum() {
        return fromParts(Matrices.sum(Dense.column(u)) * Matrices.sum(Dense.column(v)), true, () -> Pairwise.sum(formed()));
    }

    /** ‖u‖²·‖v‖², or from the entries where a factor's own sum overflows or vanishes and theirs need not. */
    @Override double sumOfSquares() {
        return fromParts(Matrices.sumOfSquares(Dense.column(u)) * Matrices.sumOfSquares(Dense.column(v)), false, () -> Pairwise.sumOfSquares(formed()));
    }

    @Override public int getRowDimension() { return u.length; }

    @Override public int getColumnDimension() { return v.length; }

    @Override public double getEntry(int i, int j) {
        if (i < 0 || i >= u.length) throw new OutOfRangeException(i, 0, u.length - 1);
        if (j < 0 || j >= v.length) throw new OutOfRangeException(j, 0, v.length - 1);
        return u[i] * v[j];
    }

    @Override double[] formed() { return form(u, v).data; }

    /** How an entry u_i·v_j meets the other operand's d: (u_i·v_j)·d, (u_i·v_j)/d, or d/(u_i·v_j). */
    enum Entrywise { TIMES, OVER, UNDER }

    /**
     * This outer product met entry by entry with d (row-major, of its shape) without writing it out first (a bias
     * broadcast g·1ᵀ times a batch, trial s71b): each entry rounds as the formed u_i·v_j would, so the result is the same.
     */
    Dense entrywise(double[] d, Entrywise how) {
        int n = v.length;
        if (d.length != u.length * n) throw new org.apache.commons.math3.exception.DimensionMismatchException(d.length, u.length * n);
        double[] out = new double[d.length];
        for (int i = 0; i < u.length; i++) {
            double s = u[i];
            int at = i * n;
            switch (how) {
                case TIMES -> { for (int j = 0; j < n; j++) out[at + j] = s * v[j] * d[at + j]; }
                case OVER -> { for (int j = 0; j < n; j++) out[at + j] = s * v[j] / d[at + j]; }
                case UNDER -> { for (int j = 0; j < n; j++) out[at + j] = d[at + j] / (s * v[j]); }
            }
        }
        return new Dense(u.length, n, out);
    }

    /** acc += c·u·vᵀ, each entry rounding as the formed u_i·v_j would (c = ±1 exactly). */
    void addTo(double[] acc, double c) {
        int n = v.length;
        if (acc.length != u.length * n) throw new org.apache.commons.math3.exception.DimensionMismatchException(acc.length, u.length * n);
        for (int i = 0; i < u.length; i++) {
            double s = u[i];
            int at = i * n;
            if (c == 1) for (int j = 0; j < n; j++) acc[at + j] += s * v[j];
            else if (c == -1) for (int j = 0; j < n; j++) acc[at + j] -= s * v[j];
            else for (int j = 0; j < n; j++) acc[at + j] += c * (s * v[j]);
        }
    }

    @Override public RealMatrix copy() { return new Outer(u.clone(), v.clone()); }
}
