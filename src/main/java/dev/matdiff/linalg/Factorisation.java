package dev.matdiff.linalg;

import org.apache.commons.math3.linear.RealMatrix;

/**
 * A factorisation of a square value that det, logdet, inv and solves share: {@link Cholesky} for a
 * symmetric positive definite matrix (half the work of an LU, no pivoting), {@link Lu} otherwise, each of the
 * matrix with its rows and columns scaled alike first where they are not ({@link Equilibrated}).
 * {@link #of} chooses; everything that reads one gets the same answers from either, to rounding.
 */
public interface Factorisation {

    int size();

    /** Whether the matrix is singular to working precision (never, for a Cholesky factorisation). */
    boolean singular();

    /** The determinant; 0 when singular (it may overflow where {@link #logAbsDet} does not). */
    double det();

    /** The sign of the determinant: +1, −1, or 0 when singular. */
    int sign();

    /** log|det|, −∞ when singular. */
    double logAbsDet();

    /** The inverse, or null when singular; check {@link #rcond} before trusting it. */
    RealMatrix inverse();

    /** The reciprocal condition number in the 1-norm: exact once the inverse is known, else LAPACK's estimate. */
    double rcond();

    /** A⁻¹·B, by triangular solves (no inverse formed); null when singular. */
    RealMatrix solve(RealMatrix b);

    /** B·A⁻¹; null when singular. */
    RealMatrix solveRight(RealMatrix b);

    /** A⁻ᵀ·B; null when singular. */
    RealMatrix solveTransposed(RealMatrix b);

    /** B·A⁻ᵀ; null when singular. */
    RealMatrix solveRightTransposed(RealMatrix b);

    /**
     * Below this reciprocal condition number an inverse or a solve does not trust a Cholesky
     * factorisation: the LU decides ({@link #lu}), so that a nearly singular matrix gets the same
     * verdict and the same message (which quotes the exact condition number of the LU's inverse)
     * whether it is symmetric or not.
     */
    double CHOLESKY_MIN_RCOND = 1e-10;

    /** An LU factorisation of the same matrix: this one, or one made now. */
    Factorisation lu();

    /** Whether this is a Cholesky factorisation, whose verdict on a nearly singular matrix an LU gives instead. */
    default boolean isCholesky() { return false; }

    /** Cholesky when m is exactly symmetric and positive definite, else LU. */
    static Factorisation of(RealMatrix m) { return of(m, Blas.get()); }

    static Factorisation of(RealMatrix m, Blas blas) {
        boolean positiveDefinite = maybePositiveDefinite(m);
        if (m.getRowDimension() == m.getColumnDimension()) {
            Factorisation badlyScaled = Equilibrated.of(m, blas, positiveDefinite);
            if (badlyScaled != null) return badlyScaled;
        }
        // a 1×1 matrix's LU is its entry, exactly; a Cholesky squares its root back (det([[5]]) was 5.000000000000001)
        if (positiveDefinite && m.getRowDimension() > 1) {
            Cholesky c = Cholesky.of(m, blas, true).orElse(null);
            if (c != null) return c;
        }
        return new Lu(m, blas);
    }

    /**
     * Square, exactly symmetric (a_ij == a_ji, so that reading one triangle loses nothing) and with a
     * positive diagonal: what a positive definite matrix must be, checked in O(n²) and usually
     * refuted in the first row, so that an LU is not preceded by a Cholesky attempt doomed to fail.
     */
    static boolean maybePositiveDefinite(RealMatrix m) {
        int n = m.getRowDimension();
        if (m.getColumnDimension() != n || n == 0) return false;
        double[] a = Dense.flat(m);
        for (int i = 0; i < n; i++) if (!(a[i * n + i] > 0)) return false;
        return Triangles.exactlySymmetric(m);
    }
}
