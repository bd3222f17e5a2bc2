package dev.matdiff.linalg;

import org.apache.commons.math3.exception.DimensionMismatchException;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Operations that read an operand transposed where it is stored rather than copying it, or that
 * make one pass where the expression as written takes two: the trace of a product as an entry-wise
 * sum, a sum with transposed terms, A·Aᵀ as one symmetric update, a value made exactly symmetric.
 */
public final class Fused {
    private Fused() {}

    /**
     * tr(op(p)·op(q)) = Σ_ij op(p)_ij·op(q)_ji in O(mn), never forming the product. With one operand
     * transposed that is Σ p_ij·q_ij over the arrays as stored (sum(P .* Q) too), in NumPy's pairwise order; otherwise
     * one is read across.
     */
    public static double traceOfProduct(RealMatrix p, boolean tp, RealMatrix q, boolean tq) {
        if (p instanceof KronSum kp && q instanceof KronSum kq) {
            Double kept = kp.traceOfProduct(tp, kq, tq);
            if (kept != null) return kept;
        }
        int pr = p.getRowDimension(), pc = p.getColumnDimension(), qr = q.getRowDimension(), qc = q.getColumnDimension();
        double[] a = Dense.flat(p), b = Dense.flat(q);
        if (tp != tq) {
            if (pr != qr || pc != qc) throw new DimensionMismatchException(qr * qc, pr * pc);
            return Pairwise.dot(a, b);
        }
        // Σ_ij p_ij·q_ji for p r×c and q c×r (both transposed is the same sum)
        if (pr != qc || pc != qr) throw new DimensionMismatchException(qr * qc, pr * pc);
        return Across.dot(a, pr, pc, b);
    }

    /**
     * diag(op(p)·op(q)) = Σ_k op(p)_ik·op(q)_ki for each i, in O(mk), never forming the product: with q read transposed the
     * rows of p ⊙ q summed, with p read transposed its columns; neither, q transposed first (once, O(mk)).
     */
    public static double[] diagonalOfProduct(RealMatrix p, boolean tp, RealMatrix q, boolean tq) {
        if (tp && tq) return diagonalOfProduct(q, false, p, false);  // diag(pᵀqᵀ) = diag((qp)ᵀ) = diag(qp)
        if (!tp && !tq) return diagonalOfProduct(p, false, Matrices.transpose(q), true);
        int pr = p.getRowDimension(), pc = p.getColumnDimension();
        if (q.getRowDimension() != pr || q.getColumnDimension() != pc)
            throw new DimensionMismatchException(q.getRowDimension() * q.getColumnDimension(), pr * pc);
        double[] a = Dense.flat(p), b = Dense.flat(q);
        if (!tp) {
            double[] out = new double[pr];
            for (int i = 0; i < pr; i++) out[i] = dot(a, b, i * pc, pc);
            return out;
        }
        double[] out = new double[pc];
        for (int k = 0, at = 0; k < pr; k++)
            for (int i = 0; i < pc; i++, at++) out[i] += a[at] * b[at];
        return out;
    }

    /** Σ a[from + k]·b[from + k] over k < length, in four running sums (one waits on each addition's latency). */
    private static double dot(double[] a, double[] b, int from, int length) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = from, end = from + length;
        for (; k + 3 < end; k += 4) {
            s0 += a[k] * b[k];
            s1 += a[k + 1] * b[k + 1];
            s2 += a[k + 2] * b[k + 2];
            s3 += a[k + 3] * b[k + 3];
        }
        for (; k < end; k++) s0 += a[k] * b[k];
        return s0 + s1 + s2 + s3;
    }

    /** a·x + b·y entry by entry, fresh (a sum's first two terms in one pass); ±1 multiply exactly. */
    public static double[] combination(double[] x, double a, double[] y, double b) {
        double[] out = new double[x.length];
        if (a == 1 && b == 1) for (int i = 0; i < out.length; i++) out[i] = x[i] + y[i];
        else if (a == 1 && b == -1) for (int i = 0; i < out.length; i++) out[i] = x[i] - y[i];
        else for (int i = 0; i < out.length; i++) out[i] = a * x[i] + b * y[i];
        return out;
    }

    /** acc += c·tᵀ, for acc r×c (row-major) and t c×r. */
    public static void addTransposedTo(double[] acc, int rows, int cols, RealMatrix t, double c) {
        if (t.getRowDimension() != cols || t.getColumnDimension() != rows)
            throw new DimensionMismatchException(t.getRowDimension() * t.getColumnDimension(), rows * cols);
        Across.addScaled(acc, rows, cols, Dense.flat(t), c);
    }

    /** op(a)·op(a)ᵀ, exactly symmetric: a·aᵀ, or aᵀ·a when {@code transposed}. */
    public static RealMatrix gram(RealMatrix a, boolean transposed, Blas blas) {
        int r = a.getRowDimension(), c = a.getColumnDimension();
        int n = transposed ? c : r, k = transposed ? r : c;
        if (k == 1) {
            // u·uᵀ: u_i·u_j and u_j·u_i round alike, so it is exactly symmetric as made (and may be kept as u, an Outer)
            RealMatrix uu = Matrices.multiply(a, transposed, a, !transposed, blas);
            return uu instanceof Dense d ? Dense.symmetric(n, d.data) : uu;
        }
        if (n == 1 || (long) n * n * k < Blas.GEMM_MIN) return symmetrized(Matrices.multiply(a, transposed, a, !transposed, blas));
        return Dense.symmetric(n, blas.syrk(Dense.flat(a), r, c, transposed));
    }

    /** m itself when it is exactly symmetric, else (m + mᵀ)/2: a value symmetric by its form whose halves rounded differently. */
    public static RealMatrix symmetrized(RealMatrix m) {
        int n = m.getRowDimension();
        if (m.getColumnDimension() != n) return m;
        if (Dense.knownSymmetric(m) || m instanceof Outer o && o.u == o.v) return m;
        double[] a = Dense.flat(m);
        if (!Triangles.symmetric(a, n, 0)) return Dense.symmetric(n, Triangles.averaged(a, n));
        if (!(m instanceof Dense d)) return Dense.symmetric(n, a);  // a is a copy of m's entries
        d.markSymmetric();  // the same object, known symmetric from now on
        return d;
    }
}
