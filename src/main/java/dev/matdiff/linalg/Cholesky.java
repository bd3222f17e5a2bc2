package dev.matdiff.linalg;

import org.apache.commons.math3.exception.DimensionMismatchException;
import org.apache.commons.math3.linear.RealMatrix;
import org.netlib.util.doubleW;
import org.netlib.util.intW;

import java.util.Optional;

/**
 * The Cholesky factorisation A = L·Lᵀ of a symmetric positive definite matrix (LAPACK's dpotrf):
 * half the work of an LU and no pivoting, shared by det, logdet, inv and solves with the same
 * matrix. {@link #of} is empty for a matrix that is not symmetric or not (numerically) positive
 * definite, so that a caller falls back to {@link Lu}, which judges singularity.
 *
 * <p>A symmetric matrix read column-major is itself, so the factor is of A as stored: LAPACK's
 * lower triangle L (column-major) is the upper triangle of the row-major array.
 */
public final class Cholesky implements Factorisation {

    /** Entries a_ij and a_ji further apart than this times max|a| make a matrix not symmetric. */
    public static final double SYMMETRY_TOLERANCE = 64 * Math.ulp(1.0);

    private final Blas blas;
    private final RealMatrix matrix;
    private final int n;
    /** L in the lower triangle, column-major (the upper triangle holds A's entries). */
    private final double[] l;
    private final double norm1;
    private Dense inverse;
    private double rcond = Double.NaN;

    private Cholesky(Blas blas, RealMatrix matrix, int n, double[] l, double norm1) {
        this.blas = blas;
        this.matrix = matrix;
        this.n = n;
        this.l = l;
        this.norm1 = norm1;
    }

    /** The factorisation, or empty when a is not square, not symmetric or not positive definite. */
    public static Optional<Cholesky> of(RealMatrix a) { return of(a, Blas.get()); }

    public static Optional<Cholesky> of(RealMatrix a, Blas blas) { return of(a, blas, Triangles.exactlySymmetric(a)); }

    /** {@code exactlySymmetric}: already known, so that the O(n²) check within the tolerance is not made again. */
    static Optional<Cholesky> of(RealMatrix a, Blas blas, boolean exactlySymmetric) {
        int n = a.getRowDimension();
        if (a.getColumnDimension() != n) return Optional.empty();
        double[] f = Dense.freshFlat(a);
        double scale = 0;
        for (double v : f) scale = Math.max(scale, Math.abs(v));
        if (!(scale > 0) || !Double.isFinite(scale)) return Optional.empty();
        double tolerance = SYMMETRY_TOLERANCE * scale;
        if (!exactlySymmetric && !Triangles.symmetric(f, n, tolerance)) return Optional.empty();
        double norm1 = Lu.norm1(f, n);
        intW info = new intW(0);
        blas.onLargeStack(n, () -> {
            blas.lapack().dpotrf("L", n, f, n, info);
            return null;
        });
        if (info.val != 0) return Optional.empty();
        // a pivot l_ii² at rounding level next to the matrix's scale: semidefinite as far as the numbers tell. A Schur
        // complement carries about n units of roundoff of the scale: [[2, 4], [4, 8]] left l_22² = 1.78e-15 (= ε·8) and a
        // determinant of 3.6e-15 where an LU finds exactly 0
        double threshold = 4.0 * n * Math.ulp(1.0) * scale;
        for (int i = 0; i < n; i++) {
            double d = f[i * n + i];
            if (!(d * d >= threshold)) return Optional.empty();
        }
        return Optional.of(new Cholesky(blas, a, n, f, norm1));
    }

    @Override public int size() { return n; }

    /** An LU of the same matrix, for a verdict on a nearly singular one (see {@link Factorisation#CHOLESKY_MIN_RCOND}). */
    @Override public Lu lu() { return new Lu(matrix, blas); }

    @Override public boolean isCholesky() { return true; }

    /** The determinant, Π l_ii² (it may overflow to +∞ where {@link #logDet} does not). */
    @Override public double det() {
        return Lu.product(n, i -> l[i * n + i] * l[i * n + i]);
    }

    /** Never: {@link #of} refuses a matrix that is not (numerically) positive definite. */
    @Override public boolean singular() { return false; }

    /** +1: the determinant of a positive definite matrix is positive. */
    @Override public int sign() { return 1; }

    @Override public double logAbsDet() { return logDet(); }

    /** log det = 2·Σ log l_ii, which neither overflows nor underflows. */
    public double logDet() {
        double s = 0;
        for (int i = 0; i < n; i++) s += Math.log(l[i * n + i]);
        return 2 * s;
    }

    /** The inverse (as LAPACK's dpotri: {@link FactorInverse}, made symmetric); check {@link #rcond} before trusting it. */
    @Override public RealMatrix inverse() {
        if (inverse == null) {
            double[] lower = blas.onLargeStack(n, () -> FactorInverse.of(l, n, blas));
            // the lower triangle (column-major) is filled: it is the row-major upper one, copied out and mirrored
            double[] inv = Triangles.symmetricFromUpper(lower, n);
            double invNorm1 = Triangles.symmetricNorm1(inv, n);
            inverse = Dense.symmetric(n, inv);
            if (Double.isFinite(invNorm1)) inverse.markFinite();
            rcond = 1 / (norm1 * invNorm1);
        }
        return inverse;
    }

    /**
     * The reciprocal condition number in the 1-norm: exact once {@link #inverse} has been computed,
     * else LAPACK's estimate (dpocon, O(n²)).
     */
    @Override public double rcond() {
        if (Double.isNaN(rcond)) {
            doubleW r = new doubleW(0);
            intW info = new intW(0);
            blas.lapack().dpocon("L", n, l, n, norm1, r, new double[3 * n], new int[n], info);
            rcond = r.val;
        }
        return rcond;
    }

    /** X = A⁻¹·B for B n×k, by triangular solves. */
    @Override public RealMatrix solve(RealMatrix b) {
        if (b.getRowDimension() != n) throw new DimensionMismatchException(b.getRowDimension(), n);
        int k = b.getColumnDimension();
        double[] x = Dense.freshFlat(b);
        // row-major X (n×k) is column-major Xᵀ (k×n); A·X = B is Xᵀ·L·Lᵀ = Bᵀ (A symmetric): Xᵀ = Bᵀ·L⁻ᵀ·L⁻¹
        blas.blas().dtrsm("R", "L", "T", "N", k, n, 1.0, l, n, x, k);
        blas.blas().dtrsm("R", "L", "N", "N", k, n, 1.0, l, n, x, k);
        return new Dense(n, k, x);
    }

    /** A is symmetric: A⁻ᵀ·B = A⁻¹·B. */
    @Override public RealMatrix solveTransposed(RealMatrix b) { return solve(b); }

    @Override public RealMatrix solveRightTransposed(RealMatrix b) { return solveRight(b); }

    /** X = B·A⁻¹ for B k×n (LAPACK's dpotrs). */
    @Override public RealMatrix solveRight(RealMatrix b) {
        if (b.getColumnDimension() != n) throw new DimensionMismatchException(b.getColumnDimension(), n);
        int k = b.getRowDimension();
        double[] x = Dense.freshFlat(b);
        // row-major X (k×n) is column-major Xᵀ (n×k), and X·A = B is A·Xᵀ = Bᵀ
        intW info = new intW(0);
        blas.lapack().dpotrs("L", n, k, l, n, x, n, info);
        return new Dense(k, n, x);
    }
}
