package dev.matdiff.linalg;

import org.apache.commons.math3.linear.RealMatrix;

/**
 * The two triangles of a square row-major array, compared or copied tile by tile: a plain double
 * loop reads one of the two across, a cache miss per entry once n is in the hundreds (at n = 1024
 * that cost several milliseconds, as much as some of the factorisations it follows).
 */
public final class Triangles {
    private Triangles() {}

    private static final int TILE = 32;

    /** Whether a_ij == a_ji everywhere (read in place when m is {@link Dense}, as bound symmetric data is). */
    public static boolean exactlySymmetric(RealMatrix m) {
        int n = m.getRowDimension();
        return m.getColumnDimension() == n && symmetric(Dense.flat(m), n, 0);
    }

    /** a_ij := a_ji for every j > i: the lower triangle copied onto the upper one. */
    static void lowerToUpper(double[] a, int n) {
        for (int i0 = 0; i0 < n; i0 += TILE)
            for (int j0 = i0; j0 < n; j0 += TILE) {
                int i1 = Math.min(i0 + TILE, n), j1 = Math.min(j0 + TILE, n);
                for (int i = i0; i < i1; i++)
                    for (int j = Math.max(j0, i + 1); j < j1; j++) a[i * n + j] = a[j * n + i];
            }
    }

    /** a_ji := a_ij for every j > i: the upper triangle copied onto the lower one. */
    static void upperToLower(double[] a, int n) {
        for (int i0 = 0; i0 < n; i0 += TILE)
            for (int j0 = i0; j0 < n; j0 += TILE) {
                int i1 = Math.min(i0 + TILE, n), j1 = Math.min(j0 + TILE, n);
                for (int i = i0; i < i1; i++)
                    for (int j = Math.max(j0, i + 1); j < j1; j++) a[j * n + i] = a[i * n + j];
            }
    }

    /** Whether |a_ij − a_ji| ≤ tolerance everywhere (NaN never is); exact equality when tolerance is 0. */
    static boolean symmetric(double[] a, int n, double tolerance) {
        for (int i0 = 0; i0 < n; i0 += TILE)
            for (int j0 = i0; j0 < n; j0 += TILE) {
                int i1 = Math.min(i0 + TILE, n), j1 = Math.min(j0 + TILE, n);
                for (int i = i0; i < i1; i++)
                    for (int j = Math.max(j0, i + 1); j < j1; j++) {
                        double x = a[i * n + j], y = a[j * n + i];
                        if (tolerance == 0 ? x != y : !(Math.abs(x - y) <= tolerance)) return false;
                    }
            }
        return true;
    }

    /** (a + aᵀ)/2, fresh. */
    static double[] averaged(double[] a, int n) {
        double[] out = a.clone();
        for (int i0 = 0; i0 < n; i0 += TILE)
            for (int j0 = i0; j0 < n; j0 += TILE) {
                int i1 = Math.min(i0 + TILE, n), j1 = Math.min(j0 + TILE, n);
                for (int i = i0; i < i1; i++)
                    for (int j = Math.max(j0, i + 1); j < j1; j++) out[i * n + j] = out[j * n + i] = (a[i * n + j] + a[j * n + i]) / 2;
            }
        return out;
    }
}
