package dev.matdiff.linalg;

import org.apache.commons.math3.linear.RealMatrix;

/**
 * The factorisation of a badly scaled matrix A through that of B = R·A·C, its rows and columns scaled by powers of
 * two so that each has its largest entry near 1 (LAPACK's dgeequb): diag(1e8, 1e-8) is B = I. Judged on A itself, a
 * pivot of 1e-8 beside an entry of 1e8 looks like rounding and A singular, though every answer is exact; judged on B,
 * singular and nearly singular mean what they mean for A's own digits. A power of two scales without rounding, so
 * det, inverses and solves map back exactly: A⁻¹ = C·B⁻¹·R, det(A) = det(B)/(det R·det C).
 *
 * <p>A symmetric matrix with a positive diagonal is scaled the same on both sides (R = C), which keeps B symmetric
 * and so open to a Cholesky factorisation.
 */
final class Equilibrated implements Factorisation {

    /** Rows or columns whose largest entries lie further apart than this are scaled (dgeequ's ratio of 0.1, in 2ᵏ). */
    static final int SPREAD = 10;

    private final Factorisation scaled;
    /** log₂ of R's and C's diagonals. */
    private final int[] rowExp, colExp;
    private final long totalExp;
    private RealMatrix inverse;

    private Equilibrated(Factorisation scaled, int[] rowExp, int[] colExp) {
        this.scaled = scaled;
        this.rowExp = rowExp;
        this.colExp = colExp;
        long t = 0;
        for (int e : rowExp) t += e;
        for (int e : colExp) t += e;
        this.totalExp = t;
    }

    /** The factorisation of m through its scaled B, or null when m's rows and columns are scaled alike already. */
    static Factorisation of(RealMatrix m, Blas blas, boolean symmetricPositiveDiagonal) {
        int n = m.getRowDimension();
        double[] a = Dense.flat(m);
        int[] r = new int[n], c = new int[n];
        if (symmetricPositiveDiagonal) {
            // d_i = 2^-round(log2(a_ii)/2): the diagonal of DAD near 1, and DAD exactly symmetric
            for (int i = 0; i < n; i++) r[i] = -Math.getExponent(a[i * n + i]) / 2;
            if (spread(r) <= SPREAD) return null;
            System.arraycopy(r, 0, c, 0, n);
        } else {
            for (int i = 0; i < n; i++) {
                double big = 0;
                for (int j = 0; j < n; j++) big = Math.max(big, Math.abs(a[i * n + j]));
                r[i] = big > 0 && Double.isFinite(big) ? -Math.getExponent(big) : 0;
            }
            for (int j = 0; j < n; j++) {
                double big = 0;
                for (int i = 0; i < n; i++) big = Math.max(big, Math.abs(Math.scalb(a[i * n + j], r[i])));
                c[j] = big > 0 && Double.isFinite(big) ? -Math.getExponent(big) : 0;
            }
            if (spread(r) <= SPREAD && spread(c) <= SPREAD) return null;
        }
        double[] b = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) b[i * n + j] = Math.scalb(a[i * n + j], r[i] + c[j]);
        Dense scaled = new Dense(n, n, b);
        Factorisation f = null;
        if (symmetricPositiveDiagonal) f = Cholesky.of(scaled, blas, true).orElse(null);
        return new Equilibrated(f != null ? f : new Lu(scaled, blas), r, c);
    }

    private static int spread(int[] exps) {
        int lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE;
        for (int e : exps) { lo = Math.min(lo, e); hi = Math.max(hi, e); }
        return exps.length == 0 ? 0 : hi - lo;
    }

    @Override public int size() { return scaled.size(); }

    @Override public boolean singular() { return scaled.singular(); }

    @Override public boolean isCholesky() { return scaled.isCholesky(); }

    /** det(A) = det(B)·2^-(Σ r + Σ c), exact in the scaling, clamped to the double range only at the end. */
    @Override public double det() {
        double d = scaled.det();
        return Math.scalb(d, (int) Math.max(Integer.MIN_VALUE / 2, Math.min(Integer.MAX_VALUE / 2, -totalExp)));
    }

    @Override public int sign() { return scaled.sign(); }

    @Override public double logAbsDet() { return scaled.logAbsDet() - totalExp * Math.log(2); }

    /** A⁻¹ = C·B⁻¹·R: entry (i, j) of B⁻¹ times 2^(c_i + r_j). */
    @Override public RealMatrix inverse() {
        if (inverse == null) {
            RealMatrix b = scaled.inverse();
            if (b == null) return null;
            inverse = scaledBy(b, colExp, rowExp);
        }
        return inverse;
    }

    /** The condition of B: what A's digits allow, whatever the scale of its rows and columns. */
    @Override public double rcond() { return scaled.rcond(); }

    /** A⁻¹X = C·B⁻¹·(R·X). */
    @Override public RealMatrix solve(RealMatrix x) { return through(scaled::solve, x, rowExp, null, colExp, null); }

    /** X·A⁻¹ = ((X·C)·B⁻¹)·R. */
    @Override public RealMatrix solveRight(RealMatrix x) { return through(scaled::solveRight, x, null, colExp, null, rowExp); }

    /** A⁻ᵀX = R·B⁻ᵀ·(C·X). */
    @Override public RealMatrix solveTransposed(RealMatrix x) { return through(scaled::solveTransposed, x, colExp, null, rowExp, null); }

    /** X·A⁻ᵀ = ((X·R)·B⁻ᵀ)·C. */
    @Override public RealMatrix solveRightTransposed(RealMatrix x) { return through(scaled::solveRightTransposed, x, null, rowExp, null, colExp); }

    /** A solve with B between the scalings of its right-hand side (before) and of its result (after); null when singular. */
    private static RealMatrix through(java.util.function.UnaryOperator<RealMatrix> solve, RealMatrix x, int[] rowsBefore, int[] colsBefore,
                                      int[] rowsAfter, int[] colsAfter) {
        RealMatrix y = solve.apply(scaledBy(x, rowsBefore, colsBefore));
        return y == null ? null : scaledBy(y, rowsAfter, colsAfter);
    }

    /** The LU verdict on the same scaled matrix (see {@link Factorisation#CHOLESKY_MIN_RCOND}). */
    @Override public Factorisation lu() {
        Factorisation lu = scaled.lu();
        return lu == scaled ? this : new Equilibrated(lu, rowExp, colExp);
    }

    /** diag(2^rows)·x·diag(2^cols), either side left out where null. */
    private static RealMatrix scaledBy(RealMatrix x, int[] rows, int[] cols) {
        int m = x.getRowDimension(), k = x.getColumnDimension();
        double[] v = Dense.freshFlat(x);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < k; j++) v[i * k + j] = Math.scalb(v[i * k + j], (rows == null ? 0 : rows[i]) + (cols == null ? 0 : cols[j]));
        return new Dense(m, k, v);
    }
}
