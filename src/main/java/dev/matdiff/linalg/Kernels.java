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

    /** sech²(v) = 1 − tanh²(v) as 4t/(1 + t)², t = e^(−2|v|): no cancellation where tanh(v) rounds to ±1. */
    public static double sechSquared(double v) {
        double t = Math.exp(-2 * Math.abs(v));
        return 4 * t / ((1 + t) * (1 + t));
    }

    public static double sign(double v) { return v > 0 ? 1 : v < 0 ? -1 : 0; }

    public static double relu(double v) { return v > 0 ? v : 0; }

    /**
     * pow(u, g) entry by entry, a 1×1 side read as every entry (NumPy's power): NaN where a negative entry meets a
     * non-integer exponent ({@link #powerUndefined} finds it first).
     */
    public static RealMatrix power(RealMatrix base, RealMatrix exponent) {
        boolean scalarBase = base.getRowDimension() == 1 && base.getColumnDimension() == 1;
        RealMatrix shape = scalarBase ? exponent : base;
        int r = shape.getRowDimension(), c = shape.getColumnDimension();
        double[] b = Dense.flat(base), e = Dense.flat(exponent), out = new double[r * c];
        for (int i = 0; i < out.length; i++) out[i] = power(broadcast(b, i), broadcast(e, i));
        return new Dense(r, c, out);
    }

    /** Entry i of a side of pow, a side of one entry being every entry. */
    private static double broadcast(double[] side, int i) { return side[side.length == 1 ? 0 : i]; }

    /** Math.pow, with the square and the reciprocal exact as ELEMPOW's are. */
    private static double power(double b, double e) { return e == 2 ? b * b : e == 1 ? b : e == -1 ? 1 / b : Math.pow(b, e); }

    /**
     * The first place (row, column of the result) where pow(u, g) has no real value, a negative entry to a non-integer
     * power, or is a division by zero, a zero entry to a negative power ({zeroDivision ? 1 : 0} third); null if none.
     */
    public static int[] powerUndefined(RealMatrix base, RealMatrix exponent) {
        boolean scalarBase = base.getRowDimension() == 1 && base.getColumnDimension() == 1;
        int c = (scalarBase ? exponent : base).getColumnDimension();
        double[] b = Dense.flat(base), e = Dense.flat(exponent);
        int n = Math.max(b.length, e.length);
        for (int i = 0; i < n; i++) {
            double u = broadcast(b, i), g = broadcast(e, i);
            if (u < 0 && g != Math.rint(g)) return new int[] {i / c, i % c, 0};
            if (u == 0 && g < 0) return new int[] {i / c, i % c, 1};
        }
        return null;
    }

    // The column kernels below walk the row-major array row by row, keeping one running value per column: walked column by
    // column they read one entry per cache line (a 512×512 softmax took 7.8 ms, NumPy's 0.9). Each column's sum is taken
    // in the same order either way, so the numbers are the same.

    /** softmax of each column (the samples are the columns): exp(x − max) / Σ exp(x − max), which cannot overflow. */
    public static RealMatrix softmax(RealMatrix x) {
        int r = x.getRowDimension(), c = x.getColumnDimension();
        double[] a = Dense.flat(x), out = new double[a.length], max = columnMaxima(a, r, c), total = new double[c];
        for (int i = 0, at = 0; i < r; i++)
            for (int j = 0; j < c; j++, at++) total[j] += out[at] = Math.exp(a[at] - max[j]);
        for (int i = 0, at = 0; i < r; i++)
            for (int j = 0; j < c; j++, at++) out[at] /= total[j];
        return new Dense(r, c, out);
    }

    /**
     * log(softmax) of each column, as (x − m) − log1p(s) with m the column's largest entry and s the sum of exp(x − m)
     * over the others: finite where a softmax entry underflows to 0, and with every digit where one entry dominates
     * (at a margin of 30 the largest's log-probability is −1.9e-13, which x − logsumexp(x) gets 1% wrong).
     */
    public static RealMatrix logSoftmax(RealMatrix x) {
        int r = x.getRowDimension(), c = x.getColumnDimension();
        double[] a = Dense.flat(x), out = new double[a.length], max = columnMaxima(a, r, c), rest = log1pOfOthers(a, r, c, max);
        for (int i = 0, at = 0; i < r; i++)
            for (int j = 0; j < c; j++, at++) out[at] = (a[at] - max[j]) - rest[j];
        return new Dense(r, c, out);
    }

    /** log Σ exp of each column, a row vector (a scalar for a column vector): m + log1p(s), as in {@link #logSoftmax}. */
    public static RealMatrix logsumexp(RealMatrix x) {
        int r = x.getRowDimension(), c = x.getColumnDimension();
        double[] a = Dense.flat(x), max = columnMaxima(a, r, c), out = log1pOfOthers(a, r, c, max);
        for (int j = 0; j < c; j++) out[j] += max[j];
        return new Dense(1, c, out);
    }

    private static double[] columnMaxima(double[] a, int r, int c) {
        double[] max = new double[c];
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0, at = 0; i < r; i++)
            for (int j = 0; j < c; j++, at++) max[j] = Math.max(max[j], a[at]);
        return max;
    }

    /** log(1 + Σ exp(a_i − max)) over each column's entries but its (first) largest, whose term is the 1. */
    private static double[] log1pOfOthers(double[] a, int r, int c, double[] max) {
        double[] others = new double[c];
        boolean[] skipped = new boolean[c];
        for (int i = 0, at = 0; i < r; i++)
            for (int j = 0; j < c; j++, at++) {
                double v = a[at];
                if (!skipped[j] && v == max[j]) skipped[j] = true;
                else others[j] += Math.exp(v - max[j]);
            }
        for (int j = 0; j < c; j++) others[j] = skipped[j] ? Math.log1p(others[j]) : Math.log(others[j]);
        return others;
    }

    /** The sum of each column: a row vector (MATLAB's sum(A, 1)). */
    public static RealMatrix columnSums(RealMatrix x) {
        int r = x.getRowDimension(), c = x.getColumnDimension();
        double[] a = Dense.flat(x), out = new double[c];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) out[j] += a[i * c + j];
        return new Dense(1, c, out);
    }

    /** The sum of each row: a column vector (MATLAB's sum(A, 2)). */
    public static RealMatrix rowSums(RealMatrix x) {
        int r = x.getRowDimension(), c = x.getColumnDimension();
        double[] a = Dense.flat(x), out = new double[r];
        for (int i = 0; i < r; i++) out[i] = sum(a, i * c, c);
        return new Dense(r, 1, out);
    }

    /**
     * a[from] + … + a[from + n − 1] in four running sums: one sum waits for each addition before the next (trial s71b:
     * a 1024×1024 matrix's row sums took 1.33 ms, its column sums, independent additions, 0.36 ms).
     */
    private static double sum(double[] a, int from, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = from, end = from + n, quads = from + (n & ~3);
        for (; j < quads; j += 4) {
            s0 += a[j];
            s1 += a[j + 1];
            s2 += a[j + 2];
            s3 += a[j + 3];
        }
        for (; j < end; j++) s0 += a[j];
        return (s0 + s1) + (s2 + s3);
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
        if (f.isCholesky()) {
            RealMatrix inv = f.inverse();
            if (f.rcond() >= Factorisation.CHOLESKY_MIN_RCOND) return inv;
            f = f.lu();
        }
        if (f.singular()) throw new DomainError(0, "the matrix is singular");
        RealMatrix inv = f.inverse();
        if (f.rcond() < Lu.MIN_RCOND)
            throw new DomainError(0, String.format("the matrix is nearly singular (reciprocal condition number %.1e < %.0e), "
                    + "so its inverse would be mostly rounding error", f.rcond(), Lu.MIN_RCOND));
        return inv;
    }

    /**
     * The adjugate adj(A), with A·adj(A) = det(A)·I, for any square A, singular too (where the
     * inverse does not exist): from the SVD A = UΣVᵀ, adj(A) = det(U)·det(V)·V·adj(Σ)·Uᵀ with
     * adj(Σ) = diag(Π_{j≠i} σ_j); for n ≤ 3 from its cofactors, which are exact to rounding entry by entry where the
     * SVD is so only relative to the largest (adj of [[1e20, 1], [1, 1e-20]] lost its −1 and 1e−20).
     */
    public static RealMatrix adjugate(RealMatrix a) {
        int n = a.getRowDimension();
        if (n == 1) return Matrices.scalar(1);
        if (n <= 3) return cofactorAdjugate(a.getData());
        org.apache.commons.math3.linear.SingularValueDecomposition svd = new org.apache.commons.math3.linear.SingularValueDecomposition(a);
        double[] sigma = svd.getSingularValues();
        double[] cofactor = new double[n];
        for (int i = 0; i < n; i++) {
            double p = 1;
            for (int j = 0; j < n; j++) if (j != i) p *= sigma[j];
            cofactor[i] = p;
        }
        RealMatrix u = svd.getU(), v = svd.getV();
        double sign = Math.signum(new Lu(u).det()) * Math.signum(new Lu(v).det());
        RealMatrix scaledV = v.multiply(org.apache.commons.math3.linear.MatrixUtils.createRealDiagonalMatrix(cofactor));
        return scaledV.multiply(u.transpose()).scalarMultiply(sign);
    }

    /**
     * The second adjugate adj₂(Y) = det(Y)·(vec(Y⁻¹)·vec(Y⁻ᵀ)ᵀ − Y⁻ᵀ ⊗ Y⁻¹), n²×n², for any square Y, singular too
     * (det's Hessian is the commutation times it). Entry ((a, b), (c, d)) is det(Y)·(A_ab·A_dc − A_ac·A_db), A = Y⁻¹:
     * by Jacobi's theorem the signed minor of Y without rows b, c and columns a, d. Up to n = 4 from those minors, exact
     * to rounding entry by entry; beyond, from the SVD Y = UΣVᵀ (A = Σ_p v_p u_pᵀ/σ_p, the terms p = q cancelling):
     * det(U)·det(V)·Σ_{p≠q} Π_{r≠p,q} σ_r·(vec(v_p u_pᵀ)·vec(u_q v_qᵀ)ᵀ − vec(v_p u_qᵀ)·vec(u_p v_qᵀ)ᵀ).
     */
    public static RealMatrix secondAdjugate(RealMatrix y) {
        int n = y.getRowDimension(), nn = n * n;
        double[][] out = new double[nn][nn];
        if (n <= 4) {
            double[][] m = y.getData();
            for (int a = 0; a < n; a++)
                for (int b = 0; b < n; b++)
                    for (int c = 0; c < n; c++)
                        for (int d = 0; d < n; d++) {
                            if (a == d || b == c) continue;
                            double sign = ((a + b + c + d) % 2 == 0 ? 1 : -1) * (a < d ? 1 : -1) * (b < c ? 1 : -1);
                            out[a + b * n][c + d * n] = sign * minorWithout(m, b, c, a, d);
                        }
            return Matrices.wrap(out);
        }
        org.apache.commons.math3.linear.SingularValueDecomposition svd = new org.apache.commons.math3.linear.SingularValueDecomposition(y);
        double[] sigma = svd.getSingularValues();
        double[][] u = svd.getU().getData(), v = svd.getV().getData();
        double sign = Math.signum(new Lu(svd.getU()).det()) * Math.signum(new Lu(svd.getV()).det());
        for (int p = 0; p < n; p++)
            for (int q = 0; q < n; q++) {
                if (p == q) continue;
                double c = sign;
                for (int r = 0; r < n; r++) if (r != p && r != q) c *= sigma[r];
                if (c == 0) continue;
                for (int a = 0; a < n; a++)
                    for (int b = 0; b < n; b++) {
                        double first = c * v[a][p] * u[b][p], second = c * v[a][p] * u[b][q];
                        double[] row = out[a + b * n];
                        for (int cc = 0; cc < n; cc++)
                            for (int d = 0; d < n; d++) row[cc + d * n] += first * u[cc][q] * v[d][q] - second * u[cc][p] * v[d][q];
                    }
            }
        return Matrices.wrap(out);
    }

    /** The determinant of m without rows r1, r2 and columns c1, c2 (r1 ≠ r2, c1 ≠ c2), by cofactors: at most 2×2 here. */
    private static double minorWithout(double[][] m, int r1, int r2, int c1, int c2) {
        int n = m.length, k = n - 2;
        double[][] sub = new double[k][k];
        for (int i = 0, si = 0; i < n; i++) {
            if (i == r1 || i == r2) continue;
            for (int j = 0, sj = 0; j < n; j++) {
                if (j == c1 || j == c2) continue;
                sub[si][sj++] = m[i][j];
            }
            si++;
        }
        return switch (k) {
            case 0 -> 1;
            case 1 -> sub[0][0];
            default -> sub[0][0] * sub[1][1] - sub[0][1] * sub[1][0];
        };
    }

    /** adj(A) of a 2×2 or 3×3 A: the transposed cofactors, C_ij = a_{i+1,j+1}·a_{i+2,j+2} − a_{i+1,j+2}·a_{i+2,j+1} (mod 3). */
    private static RealMatrix cofactorAdjugate(double[][] m) {
        if (m.length == 2) return Matrices.wrap(new double[][] {{m[1][1], -m[0][1]}, {-m[1][0], m[0][0]}});
        double[][] adj = new double[3][3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) {
                int i1 = (i + 1) % 3, i2 = (i + 2) % 3, j1 = (j + 1) % 3, j2 = (j + 2) % 3;
                adj[j][i] = m[i1][j1] * m[i2][j2] - m[i1][j2] * m[i2][j1];
            }
        return Matrices.wrap(adj);
    }

    public static RealMatrix conv(RealMatrix x, RealMatrix k) {
        fits(k, x, 1);
        return LinearMaps.conv(x, k);
    }

    /** convmatrix(K, p, q) for the p×q shape that {@code of} carries: T with vec(conv(X, K)) = T vec(X). */
    public static RealMatrix convMatrix(RealMatrix k, RealMatrix of) {
        fits(k, of, 0);
        return LinearMaps.convMatrix(k, of.getRowDimension(), of.getColumnDimension());
    }

    /** im2col(X, r, s) for the r×s shape that {@code of} carries: C with vec(conv(X, K)) = C vec(K). */
    public static RealMatrix im2col(RealMatrix x, RealMatrix of) {
        fits(of, x, 1);
        return LinearMaps.im2col(x, of.getRowDimension(), of.getColumnDimension());
    }

    /** A valid convolution's kernel no larger than its image, else a domain error at the argument that makes it so. */
    private static void fits(RealMatrix kernel, RealMatrix image, int argument) {
        if (kernel.getRowDimension() > image.getRowDimension() || kernel.getColumnDimension() > image.getColumnDimension())
            throw new DomainError(argument, "the kernel (" + shape(kernel) + ") is larger than the image (" + shape(image) + ")");
    }

    /** Checks that g (mp×nq) divides into blocks the size of the other argument's (p×q or m×n). */
    public static RealMatrix blocksOf(RealMatrix g, RealMatrix factor) {
        if (g.getRowDimension() % factor.getRowDimension() != 0 || g.getColumnDimension() % factor.getColumnDimension() != 0)
            throw new DomainError(-1, "a " + shape(g) + " matrix does not divide into " + shape(factor) + " blocks");
        return g;
    }

    /** K_{m,n}: the mn×mn permutation with vec(Aᵀ) = K vec(A) for every m×n A (column-major vec). */
    public static RealMatrix commutation(int m, int n) {
        int size = m * n;
        double[] k = new double[size * size];
        // vec(A)[i + m j] = A[i][j] = Aᵀ[j][i] = vec(Aᵀ)[j + n i]
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) k[(j + n * i) * size + (i + m * j)] = 1;
        return new Dense(size, size, k);
    }

    public static String shape(RealMatrix m) { return m.getRowDimension() + "×" + m.getColumnDimension(); }
}
