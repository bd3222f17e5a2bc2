package dev.matdiff.linalg;

import org.apache.commons.math3.linear.RealMatrix;

/** The numbers of the language's functions that are more than a loop over entries. */
public final class Kernels {
    private Kernels() {}

    /** σ(v) without overflow: exp is only ever taken of a non-positive number. */
    public static double sigmoid(double v) {
        if (v >= 0) return 1 / (1 + Math.exp(-v));
        double e = Math.exp(v);
        return e / (1 + e);
    }

    /** log(1 + exp(v)) without overflow, and exact to rounding for large negative v. */
    public static double softplus(double v) {
        return v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
    }

    /**
     * tanh within 2 ulp of {@link StrictMath#tanh}, about three times faster than {@link Math#tanh}
     * (which is StrictMath's fdlibm code, with no intrinsic in JDK 17): Cephes' rational
     * approximation x + x³·P(x²)/Q(x²) for |x| ≤ 0.625, else 1 − 2/(e^{2|x|} + 1) on the intrinsic exp,
     * which loses nothing there because the result is at least 0.55. A network's layers spend their
     * time in it once the products run at BLAS speed.
     */
    public static double tanh(double v) {
        double z = Math.abs(v);
        if (z > 0.625) {
            double t = z > 22 ? 1 : 1 - 2 / (Math.exp(2 * z) + 1);  // 1 − tanh(22) < 2⁻⁶³; NaN fails both tests
            return v < 0 ? -t : t;
        }
        if (z == 0) return v;  // keeps −0
        double x2 = v * v;
        return v + v * x2 * (((TANH_P0 * x2 + TANH_P1) * x2 + TANH_P2) / (((x2 + TANH_Q0) * x2 + TANH_Q1) * x2 + TANH_Q2));
    }

    private static final double TANH_P0 = -9.64399179425052238628E-1, TANH_P1 = -9.92877231001918586564E1,
            TANH_P2 = -1.61468768441708447952E3;
    private static final double TANH_Q0 = 1.12811678491632931402E2, TANH_Q1 = 2.23548839060100448583E3,
            TANH_Q2 = 4.84406305325125486048E3;

    public static double sign(double v) { return v > 0 ? 1 : v < 0 ? -1 : 0; }

    public static double relu(double v) { return v > 0 ? v : 0; }

    public static RealMatrix softmax(RealMatrix x) {
        double max = Matrices.max(x);
        RealMatrix e = Matrices.map(x, v -> Math.exp(v - max));
        double total = Matrices.reduce(e, v -> v);
        return Matrices.map(e, v -> v / total);
    }

    public static RealMatrix logsumexp(RealMatrix x) {
        double max = Matrices.max(x);
        return Matrices.scalar(max + Math.log(Matrices.reduce(x, v -> Math.exp(v - max))));
    }

    public static RealMatrix logAbsDet(Factorisation f) {
        if (f.singular()) throw new DomainError(0, "the matrix is singular, so its log-determinant is -∞");
        return Matrices.scalar(f.logAbsDet());
    }

    /**
     * The inverse, checked: a singular or nearly singular matrix (reciprocal condition number below
     * {@link Lu#MIN_RCOND}) has none worth computing. A Cholesky inverse whose condition is below
     * {@link Factorisation#CHOLESKY_MIN_RCOND} is judged by an LU instead, as a matrix that is not
     * symmetric would be.
     */
    public static RealMatrix inverse(Factorisation f) {
        if (f instanceof Cholesky c) {
            RealMatrix inv = c.inverse();
            if (c.rcond() >= Factorisation.CHOLESKY_MIN_RCOND) return inv;
            f = c.lu();
        }
        if (f.singular()) throw new DomainError(0, "the matrix is singular");
        RealMatrix inv = f.inverse();
        if (f.rcond() < Lu.MIN_RCOND)
            throw new DomainError(0, String.format("the matrix is nearly singular (reciprocal condition number %.1e < %.0e), "
                    + "so its inverse would be mostly rounding error", f.rcond(), Lu.MIN_RCOND));
        return inv;
    }

    public static RealMatrix conv(RealMatrix x, RealMatrix k) {
        if (k.getRowDimension() > x.getRowDimension() || k.getColumnDimension() > x.getColumnDimension())
            throw new DomainError(1, "the kernel (" + shape(k) + ") is larger than the image (" + shape(x) + ")");
        return LinearMaps.conv(x, k);
    }

    /** Checks that g (mp×nq) divides into blocks the size of the other argument's (p×q or m×n). */
    public static RealMatrix blocksOf(RealMatrix g, RealMatrix factor) {
        if (g.getRowDimension() % factor.getRowDimension() != 0 || g.getColumnDimension() % factor.getColumnDimension() != 0)
            throw new DomainError(-1, "a " + shape(g) + " matrix does not divide into " + shape(factor) + " blocks");
        return g;
    }

    public static String shape(RealMatrix m) { return m.getRowDimension() + "×" + m.getColumnDimension(); }
}
