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

    public static double sign(double v) { return v > 0 ? 1 : v < 0 ? -1 : 0; }

    public static double relu(double v) { return v > 0 ? v : 0; }

    /** softmax of each column (the samples are the columns): exp(x − max) / Σ exp(x − max), which cannot overflow. */
    public static RealMatrix softmax(RealMatrix x) {
        int r = x.getRowDimension(), c = x.getColumnDimension();
        double[] a = Dense.flat(x), out = new double[a.length];
        for (int j = 0; j < c; j++) {
            double max = Double.NEGATIVE_INFINITY, total = 0;
            for (int i = 0; i < r; i++) max = Math.max(max, a[i * c + j]);
            for (int i = 0; i < r; i++) total += out[i * c + j] = Math.exp(a[i * c + j] - max);
            for (int i = 0; i < r; i++) out[i * c + j] /= total;
        }
        return new Dense(r, c, out);
    }

    /** log Σ exp of each column, a row vector (a scalar for a column vector). */
    public static RealMatrix logsumexp(RealMatrix x) {
        int r = x.getRowDimension(), c = x.getColumnDimension();
        double[] a = Dense.flat(x), out = new double[c];
        for (int j = 0; j < c; j++) {
            double max = Double.NEGATIVE_INFINITY, total = 0;
            for (int i = 0; i < r; i++) max = Math.max(max, a[i * c + j]);
            for (int i = 0; i < r; i++) total += Math.exp(a[i * c + j] - max);
            out[j] = max + Math.log(total);
        }
        return new Dense(1, c, out);
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
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) out[i] += a[i * c + j];
        return new Dense(r, 1, out);
    }

    public static RealMatrix logAbsDet(Lu f) {
        if (f.singular()) throw new DomainError(0, "the matrix is singular, so its log-determinant is -∞");
        return Matrices.scalar(f.logAbsDet());
    }

    public static RealMatrix inverse(Lu f) {
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
     * adj(Σ) = diag(Π_{j≠i} σ_j).
     */
    public static RealMatrix adjugate(RealMatrix a) {
        int n = a.getRowDimension();
        if (n == 1) return Matrices.scalar(1);
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
