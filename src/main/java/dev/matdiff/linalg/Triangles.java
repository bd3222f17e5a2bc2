package dev.matdiff.linalg;

import org.apache.commons.math3.linear.RealMatrix;

/** The two triangles of a square row-major array, compared or copied ({@link Across} reads one across the other). */
public final class Triangles {
    private Triangles() {}

    /** Whether a_ij == a_ji everywhere (read in place when m is {@link Dense}, as bound symmetric data is). */
    public static boolean exactlySymmetric(RealMatrix m) {
        if (Dense.knownSymmetric(m)) return true;
        int n = m.getRowDimension();
        return m.getColumnDimension() == n && symmetric(Dense.flat(m), n, 0);
    }

    /** a_ij := a_ji for every j > i: the lower triangle copied onto the upper one. */
    static void lowerToUpper(double[] a, int n) { Across.mirror(a, n, true); }

    /** a_ji := a_ij for every j > i: the upper triangle copied onto the lower one. */
    static void upperToLower(double[] a, int n) { Across.mirror(a, n, false); }

    /** A fresh n×n array holding the upper triangle of {@code a} (row-major, rows of n; it may be longer) and its mirror. */
    static double[] symmetricFromUpper(double[] a, int n) {
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) System.arraycopy(a, i * n + i, out, i * n + i, n - i);
        Across.mirror(out, n, false);
        return out;
    }

    /**
     * The 1-norm (largest absolute column sum) of a symmetric n×n array, reading its upper triangle
     * only: entry (i, j) counts for column j and, mirrored, for column i. It is finite exactly when
     * every entry is (barring a sum that overflows), so it stands for the finite-value check too.
     */
    static double symmetricNorm1(double[] a, int n) {
        double[] sums = new double[n];
        for (int i = 0; i < n; i++) {
            double row = 0;
            for (int j = i + 1, at = i * n + j; j < n; j++, at++) {
                double v = Math.abs(a[at]);
                sums[j] += v;
                row += v;
            }
            sums[i] += row + Math.abs(a[i * n + i]);
        }
        double max = 0;
        for (double s : sums) max = Math.max(max, s);
        return max;
    }

    /** Whether |a_ij − a_ji| ≤ tolerance everywhere (NaN never is); exact equality when tolerance is 0. */
    static boolean symmetric(double[] a, int n, double tolerance) { return Across.asymmetry(a, n, tolerance) <= tolerance; }

    /**
     * (M + Mᵀ)/2, exactly symmetric, where M is square and its mirrored entries differ by at most {@code relative} times
     * its largest entry (a rounding apart); else null. Bound symmetric data and eval's Hessians are made so.
     */
    public static Dense averagedIfNearlySymmetric(RealMatrix m, double relative) {
        int n = m.getRowDimension();
        if (m.getColumnDimension() != n) return null;
        double[] a = Dense.flat(m);
        double scale = 0;
        for (double x : a) scale = Math.max(scale, Math.abs(x));
        return averagedWithin(a, n, relative * scale);
    }

    /** (a + aᵀ)/2 as a matrix known to be symmetric, if |a_ij − a_ji| ≤ tolerance everywhere; else null. */
    public static Dense averagedWithin(double[] a, int n, double tolerance) {
        return symmetric(a, n, tolerance) ? Dense.symmetric(n, averaged(a, n)) : null;
    }

    /** (a + aᵀ)/2, fresh. */
    static double[] averaged(double[] a, int n) {
        double[] out = a.clone();
        Across.addScaled(out, n, n, a, 1);
        for (int i = 0; i < out.length; i++) out[i] *= 0.5;  // a_ij + a_ji and a_ji + a_ij round alike: exactly symmetric
        for (int i = 0; i < n; i++) out[i * n + i] = a[i * n + i];  // 2·a_ii may overflow where a_ii does not
        return out;
    }
}
