package dev.matdiff.linalg;

import org.apache.commons.math3.linear.RealMatrix;

/**
 * The factorisation of a badly scaled matrix A through that of B = R·A·C, its rows and columns scaled by powers of
 * two so that each has its largest entry near 1 (LAPACK's dgeequb): diag(1e8, 1e-8) is B = I. Judged on A itself, a
 * pivot of 1e-8 beside an entry of 1e8 looks like rounding and A singular, though every answer is exact; judged on B,
 * singular and nearly singular mean what they mean for A's own digits. A power of two scales without rounding (unless
 * a scaled entry or result lands among the subnormals), so det, inverses and solves map back: A⁻¹ = C·B⁻¹·R,
 * det(A) = det(B)/(det R·det C).
 *
 * <p>A positive definite matrix is scaled the same on both sides (R = C), which keeps B symmetric and so open to a
 * Cholesky factorisation; any other is scaled by its rows, then its columns, and factored by an LU.
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
        if (symmetricPositiveDiagonal) {
            // d_i = 2^-round(log2(a_ii)/2): the diagonal of DAD near 1, and DAD exactly symmetric. Only for a positive
            // definite A (|a_ij| ≤ √(a_ii a_jj) keeps DAD's entries near 1): an indefinite one, [[1e-18, 1], [1, 1e-18]],
            // would grow off its diagonal, and its LU would call a pivot of 1 beside them zero
            int[] d = new int[n];
            for (int i = 0; i < n; i++) d[i] = -exponent(a[i * n + i]) / 2;
            if (spread(d) <= SPREAD) return null;
            Cholesky c = Cholesky.of(scaled(a, n, d, d), blas, true).orElse(null);
            if (c != null) return new Equilibrated(c, d, d.clone());
        }
        int[] r = new int[n], c = new int[n];
        for (int i = 0; i < n; i++) {
            double big = 0;
            for (int j = 0; j < n; j++) big = Math.max(big, Math.abs(a[i * n + j]));
            r[i] = big > 0 && Double.isFinite(big) ? -exponent(big) : 0;
        }
        for (int j = 0; j < n; j++) {
            double big = 0;
            for (int i = 0; i < n; i++) big = Math.max(big, Math.abs(Math.scalb(a[i * n + j], r[i])));
            c[j] = big > 0 && Double.isFinite(big) ? -exponent(big) : 0;
        }
        if (spread(r) <= SPREAD && spread(c) <= SPREAD) return null;
        return new Equilibrated(new Lu(scaled(a, n, r, c), blas), r, c);
    }

    /** B = R·A·C for A n×n, row-major. */
    private static Dense scaled(double[] a, int n, int[] r, int[] c) {
        double[] b = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) b[i * n + j] = Math.scalb(a[i * n + j], r[i] + c[j]);
        return new Dense(n, n, b);
    }

    /** log₂|v| rounded down, for a subnormal v too (Math.getExponent says −1023 for all of them). */
    static int exponent(double v) {
        int e = Math.getExponent(v);
        return e >= Double.MIN_EXPONENT ? e : Math.getExponent(v * 0x1p54) - 54;
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
