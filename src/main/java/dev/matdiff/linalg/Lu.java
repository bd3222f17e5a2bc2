package dev.matdiff.linalg;

import org.apache.commons.math3.exception.DimensionMismatchException;
import org.apache.commons.math3.linear.NonSquareMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.netlib.util.doubleW;
import org.netlib.util.intW;

/**
 * One LU factorisation of a square value (LAPACK's dgetrf, partial pivoting), shared by det,
 * logdet, inv and solves with the same matrix (the gradient of logdet(X) needs inv(X), so
 * evaluating both factors X once).
 *
 * <p>A pivot below {@code ε·max|a_ij|} counts as zero, so "singular" is judged relative to the
 * matrix's own scale, not by LAPACK's exact zero. An inverse is also refused when the reciprocal
 * condition number 1/(‖A‖₁·‖A⁻¹‖₁) is below {@link #MIN_RCOND}: its entries would be mostly
 * rounding error.
 *
 * <p>The factors are of the row-major array read column-major, that is of Aᵀ = P·L·U; solves
 * with A and inverses are worked out from those without transposing anything.
 */
public final class Lu implements Factorisation {

    public static final double MIN_RCOND = 1e-14;

    private final Blas blas;
    private final int n;
    /** LAPACK's L and U of Aᵀ, column-major. */
    private final double[] lu;
    /** 1-based: row i of Aᵀ was interchanged with row pivots[i] (LAPACK's ipiv). */
    private final int[] pivots;
    /** ‖A‖₁, the largest absolute column sum. */
    private final double norm1;
    private final boolean singular;
    private Dense inverse;
    private double rcond = Double.NaN;

    public Lu(RealMatrix matrix) { this(matrix, Blas.get()); }

    public Lu(RealMatrix matrix, Blas blas) {
        if (matrix.getRowDimension() != matrix.getColumnDimension())
            throw new NonSquareMatrixException(matrix.getRowDimension(), matrix.getColumnDimension());
        this.blas = blas;
        this.n = matrix.getRowDimension();
        this.lu = Dense.freshFlat(matrix);
        this.norm1 = norm1(lu, n);
        double scale = 0;
        for (double v : lu) scale = Math.max(scale, Math.abs(v));
        this.pivots = new int[n];
        intW info = new intW(0);
        blas.onLargeStack(n, () -> {
            blas.lapack().dgetrf(n, n, lu, n, pivots, info);
            return null;
        });
        if (info.val < 0) throw new IllegalStateException("dgetrf: argument " + -info.val + " is invalid");
        boolean zeroPivot = scale == 0 || info.val > 0;
        double threshold = Math.ulp(1.0) * scale;
        for (int i = 0; i < n && !zeroPivot; i++) zeroPivot = !(Math.abs(lu[i * n + i]) >= threshold);
        this.singular = zeroPivot;
    }

    @Override public int size() { return n; }

    @Override public Lu lu() { return this; }

    @Override public boolean singular() { return singular; }

    /** The determinant; 0 for a singular matrix (it may overflow to ±∞ where {@link #logAbsDet} does not). */
    @Override public double det() {
        if (singular) return 0;
        // the parity of the row interchanges times the pivots (whose own signs are in their product:
        // sign() counts them too, so it cannot be the first factor here)
        return product(n, i -> pivots[i] != i + 1 ? -lu[i * n + i] : lu[i * n + i]);
    }

    /**
     * Π factor(i), its exponent kept apart on the way so that factors of 1e-160 and 1e160 neither underflow nor
     * overflow before the end; none of the factors may be zero.
     */
    static double product(int n, java.util.function.IntToDoubleFunction factor) {
        double d = 1;
        long exponent = 0;
        for (int i = 0; i < n; i++) {
            d *= factor.applyAsDouble(i);
            int e = Math.getExponent(d);
            exponent += e;
            d = Math.scalb(d, -e);
        }
        return Math.scalb(d, (int) Math.max(-4096, Math.min(4096, exponent)));
    }

    /** The sign of the determinant, +1 or −1, and 0 for a singular matrix; right even where det() over- or underflows. */
    @Override public int sign() {
        if (singular) return 0;
        int s = 1;
        for (int i = 0; i < n; i++) {
            if (pivots[i] != i + 1) s = -s;
            if (lu[i * n + i] < 0) s = -s;
        }
        return s;
    }

    /** log|det|, summed over the pivots so that it neither overflows nor underflows; −∞ for a singular matrix. */
    @Override public double logAbsDet() {
        if (singular) return Double.NEGATIVE_INFINITY;
        double s = 0;
        for (int i = 0; i < n; i++) s += Math.log(Math.abs(lu[i * n + i]));
        return s;
    }

    /** The inverse (LAPACK's dgetri), or null for a singular matrix; check {@link #rcond} before trusting it. */
    @Override public RealMatrix inverse() {
        if (inverse == null && !singular) {
            // dgetri inverts Aᵀ in place, column-major: read row-major, that is A⁻¹
            double[] inv = lu.clone();
            intW info = new intW(0);
            blas.onLargeStack(n, () -> {
                double[] query = new double[1];
                blas.lapack().dgetri(n, inv, n, pivots, query, -1, info);
                double[] work = new double[Math.max(1, (int) query[0])];
                blas.lapack().dgetri(n, inv, n, pivots, work, work.length, info);
                return null;
            });
            if (info.val != 0) return null;  // an exactly zero pivot: singular after all
            inverse = new Dense(n, n, inv);
            double invNorm1 = norm1(inv, n);
            if (Double.isFinite(invNorm1)) inverse.markFinite();
            rcond = 1 / (norm1 * invNorm1);
        }
        return inverse;
    }

    /**
     * The reciprocal condition number in the 1-norm: exact once {@link #inverse} has been computed,
     * else LAPACK's estimate (dgecon, O(n²), usually within a factor 3 of the exact value); 0 for a
     * singular matrix.
     */
    @Override public double rcond() {
        if (singular) return 0;
        if (Double.isNaN(rcond)) {
            // the factors are of Aᵀ, whose ∞-norm condition is A's 1-norm condition
            doubleW r = new doubleW(0);
            intW info = new intW(0);
            blas.lapack().dgecon("I", n, lu, n, norm1, r, new double[4 * n], new int[n], info);
            rcond = r.val;
        }
        return rcond;
    }

    /** X = A⁻¹·B for B n×k, by triangular solves (no inverse is formed); null for a singular matrix. */
    @Override public RealMatrix solve(RealMatrix b) {
        if (b.getRowDimension() != n) throw new DimensionMismatchException(b.getRowDimension(), n);
        if (singular) return null;
        int k = b.getColumnDimension();
        double[] x = Dense.freshFlat(b);
        // row-major X (n×k) is column-major Xᵀ (k×n), and A·X = B is Xᵀ·Aᵀ = Xᵀ·P·L·U = Bᵀ:
        // Xᵀ = Bᵀ·U⁻¹·L⁻¹·Pᵀ, two triangular solves from the right and the interchanges in reverse
        var blasK = blas.blas();
        blasK.dtrsm("R", "U", "N", "N", k, n, 1.0, lu, n, x, k);
        blasK.dtrsm("R", "L", "N", "U", k, n, 1.0, lu, n, x, k);
        double[] row = new double[k];
        for (int i = n - 1; i >= 0; i--) {
            int p = pivots[i] - 1;
            if (p == i) continue;
            // column i of the column-major k×n Xᵀ is row i of the row-major X
            System.arraycopy(x, i * k, row, 0, k);
            System.arraycopy(x, p * k, x, i * k, k);
            System.arraycopy(row, 0, x, p * k, k);
        }
        return new Dense(n, k, x);
    }

    /** X = B·A⁻¹ for B k×n (LAPACK's dgetrs); null for a singular matrix. */
    @Override public RealMatrix solveRight(RealMatrix b) {
        if (b.getColumnDimension() != n) throw new DimensionMismatchException(b.getColumnDimension(), n);
        if (singular) return null;
        int k = b.getRowDimension();
        double[] x = Dense.freshFlat(b);
        // row-major X (k×n) is column-major Xᵀ (n×k), and X·A = B is Aᵀ·Xᵀ = Bᵀ: dgetrs on Aᵀ's factors as they are
        intW info = new intW(0);
        blas.lapack().dgetrs("N", n, k, lu, n, pivots, x, n, info);
        return new Dense(k, n, x);
    }

    /** X = A⁻ᵀ·B for B n×k, by triangular solves; null for a singular matrix. */
    @Override public RealMatrix solveTransposed(RealMatrix b) {
        if (b.getRowDimension() != n) throw new DimensionMismatchException(b.getRowDimension(), n);
        if (singular) return null;
        int k = b.getColumnDimension();
        double[] x = Dense.freshFlat(b);
        // Aᵀ·X = B is Xᵀ·A = Bᵀ, and A = Uᵀ·Lᵀ·Pᵀ: Xᵀ = Bᵀ·P·L⁻ᵀ·U⁻ᵀ. Bᵀ·P interchanges columns of the
        // column-major k×n Xᵀ (rows of the row-major X) in order, then two solves from the right
        double[] row = new double[k];
        for (int i = 0; i < n; i++) {
            int p = pivots[i] - 1;
            if (p == i) continue;
            System.arraycopy(x, i * k, row, 0, k);
            System.arraycopy(x, p * k, x, i * k, k);
            System.arraycopy(row, 0, x, p * k, k);
        }
        var blasK = blas.blas();
        blasK.dtrsm("R", "L", "T", "U", k, n, 1.0, lu, n, x, k);
        blasK.dtrsm("R", "U", "T", "N", k, n, 1.0, lu, n, x, k);
        return new Dense(n, k, x);
    }

    /** X = B·A⁻ᵀ for B k×n (LAPACK's dgetrs on the transpose); null for a singular matrix. */
    @Override public RealMatrix solveRightTransposed(RealMatrix b) {
        if (b.getColumnDimension() != n) throw new DimensionMismatchException(b.getColumnDimension(), n);
        if (singular) return null;
        int k = b.getRowDimension();
        double[] x = Dense.freshFlat(b);
        // X·Aᵀ = B is A·Xᵀ = Bᵀ: with the factors of M = Aᵀ, that is Mᵀ·Xᵀ = Bᵀ
        intW info = new intW(0);
        blas.lapack().dgetrs("T", n, k, lu, n, pivots, x, n, info);
        return new Dense(k, n, x);
    }

    /** The largest absolute column sum of a row-major n×n array. */
    static double norm1(double[] a, int n) {
        double[] sums = new double[n];
        for (int i = 0; i < n; i++)
            for (int j = 0, at = i * n; j < n; j++) sums[j] += Math.abs(a[at + j]);
        double max = 0;
        for (double s : sums) max = Math.max(max, s);
        return max;
    }
}
