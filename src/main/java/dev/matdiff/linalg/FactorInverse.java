package dev.matdiff.linalg;

import org.netlib.util.intW;

import java.util.Arrays;

/**
 * A⁻¹ = L⁻ᵀ·L⁻¹ from the Cholesky factor L, as LAPACK's dpotri computes it (L⁻¹, then L⁻ᵀ·L⁻¹), but
 * halving recursively into BLAS-3 calls (trmm, syrk) down to blocks of {@link #BLOCK}. OpenBLAS 0.3.21's
 * own dtrtri runs at a few GFLOP/s below n = 512; this is 1.1–1.9× faster than its dpotri from n = 64
 * to 1,024, so a log-determinant's gradient costs less next to its factorisation.
 */
final class FactorInverse {
    private FactorInverse() {}

    static final int BLOCK = 32;

    /**
     * The lower triangle of A⁻¹, column-major, from L in the lower triangle of {@code l} (n×n,
     * column-major; the upper triangle is left as it was). The array may be longer than n²: the
     * caller copies the triangle out anyway, to mirror it, so it is not copied to size here.
     */
    static double[] of(double[] l, int n, Blas blas) {
        if (n <= BLOCK) {
            double[] inv = l.clone();
            intW info = new intW(0);
            blas.lapack().dpotri("L", n, inv, n, info);
            if (info.val != 0) throw new IllegalStateException("dpotri failed on a factor dpotrf accepted (info " + info.val + ")");
            return inv;
        }
        // netlib checks a block's bounds as if its last column were full: a block ending the array would fail it
        double[] a = Arrays.copyOf(l, n * n + n);
        invert(a, 0, n, n, blas);
        gram(a, 0, n, n, blas);
        return a;
    }

    /** L⁻¹ in place, for L the lower triangle of the n×n block at {@code at} (leading dimension {@code ld}). */
    private static void invert(double[] a, int at, int n, int ld, Blas blas) {
        if (n <= BLOCK) {
            intW info = new intW(0);
            blas.lapack().dtrtri("L", "N", n, a, at, ld, info);
            if (info.val != 0) throw new IllegalStateException("dtrtri failed on a factor dpotrf accepted (info " + info.val + ")");
            return;
        }
        int n1 = n / 2, n2 = n - n1, a11 = at, a21 = at + n1, a22 = at + n1 * ld + n1;
        // [L11 0; L21 L22]⁻¹ = [L11⁻¹ 0; −L22⁻¹·L21·L11⁻¹ L22⁻¹]
        invert(a, a11, n1, ld, blas);
        invert(a, a22, n2, ld, blas);
        blas.blas().dtrmm("R", "L", "N", "N", n2, n1, 1.0, a, a11, ld, a, a21, ld);
        blas.blas().dtrmm("L", "L", "N", "N", n2, n1, -1.0, a, a22, ld, a, a21, ld);
    }

    /** Wᵀ·W in place, for W the lower triangle of the n×n block at {@code at}: the lower triangle of the result. */
    private static void gram(double[] a, int at, int n, int ld, Blas blas) {
        if (n <= BLOCK) {
            intW info = new intW(0);
            blas.lapack().dlauum("L", n, a, at, ld, info);
            return;
        }
        int n1 = n / 2, n2 = n - n1, a11 = at, a21 = at + n1, a22 = at + n1 * ld + n1;
        // [W11 0; W21 W22]ᵀ·[W11 0; W21 W22] = [W11ᵀW11 + W21ᵀW21, ·; W22ᵀW21, W22ᵀW22]: W21 and W22 are read before they are overwritten
        gram(a, a11, n1, ld, blas);
        blas.blas().dsyrk("L", "T", n1, n2, 1.0, a, a21, ld, 1.0, a, a11, ld);
        blas.blas().dtrmm("L", "L", "T", "N", n2, n1, 1.0, a, a22, ld, a, a21, ld);
        gram(a, a22, n2, ld, blas);
    }
}
