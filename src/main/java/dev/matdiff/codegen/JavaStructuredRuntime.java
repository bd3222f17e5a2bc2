package dev.matdiff.codegen;

/**
 * The helpers of a generated Java class for the structured operators: convolutions, Kronecker blocks, the commutation
 * matrix ({@link JavaRuntime} holds the rest).
 */
final class JavaStructuredRuntime {
    private JavaStructuredRuntime() {}

    static void define(JavaRuntime.Definer d) {
        d.helper("conv", """
                /** 2-D valid cross-correlation, stride 1. */
                static RealMatrix conv(RealMatrix x, RealMatrix k) {
                    int r = k.getRowDimension(), s = k.getColumnDimension();
                    int p = x.getRowDimension() - r + 1, q = x.getColumnDimension() - s + 1;
                    RealMatrix out = new Array2DRowRealMatrix(p, q);
                    for (int i = 0; i < p; i++)
                        for (int j = 0; j < q; j++) {
                            double t = 0;
                            for (int a = 0; a < r; a++) for (int b = 0; b < s; b++) t += k.getEntry(a, b) * x.getEntry(i + a, j + b);
                            out.setEntry(i, j, t);
                        }
                    return out;
                }
                """);
        d.helper("convFull", """
                /** The full convolution of g with k: the adjoint of conv(x, k) in x. */
                static RealMatrix convFull(RealMatrix g, RealMatrix k) {
                    int r = k.getRowDimension(), s = k.getColumnDimension(), p = g.getRowDimension(), q = g.getColumnDimension();
                    RealMatrix out = new Array2DRowRealMatrix(p + r - 1, q + s - 1);
                    for (int i = 0; i < p; i++)
                        for (int j = 0; j < q; j++)
                            for (int a = 0; a < r; a++)
                                for (int b = 0; b < s; b++) out.addToEntry(i + a, j + b, k.getEntry(a, b) * g.getEntry(i, j));
                    return out;
                }
                """);
        d.helper("convMatrix", """
                /** T with vec(conv(x, k)) = T vec(x) for every x of like's shape (vec stacks columns): conv's Jacobian in x. */
                static RealMatrix convMatrix(RealMatrix k, RealMatrix like) {
                    int r = k.getRowDimension(), s = k.getColumnDimension(), p = like.getRowDimension(), q = like.getColumnDimension();
                    int rows = p - r + 1, cols = q - s + 1;
                    RealMatrix t = new Array2DRowRealMatrix(rows * cols, p * q);
                    for (int u = 0; u < rows; u++)
                        for (int v = 0; v < cols; v++)
                            for (int a = 0; a < r; a++)
                                for (int b = 0; b < s; b++) t.setEntry(u + rows * v, u + a + p * (v + b), k.getEntry(a, b));
                    return t;
                }
                """);
        d.helper("im2col", """
                /** C with vec(conv(x, k)) = C vec(k) for every k of like's shape: row i the patch of x output entry i reads. */
                static RealMatrix im2col(RealMatrix x, RealMatrix like) {
                    int r = like.getRowDimension(), s = like.getColumnDimension();
                    int rows = x.getRowDimension() - r + 1, cols = x.getColumnDimension() - s + 1;
                    RealMatrix c = new Array2DRowRealMatrix(rows * cols, r * s);
                    for (int u = 0; u < rows; u++)
                        for (int v = 0; v < cols; v++)
                            for (int a = 0; a < r; a++)
                                for (int b = 0; b < s; b++) c.setEntry(u + rows * v, a + r * b, x.getEntry(u + a, v + b));
                    return c;
                }
                """);
        d.helper("blockTimes", """
                /** kron(eye(p), b) times m block by block, the block-diagonal matrix never formed. */
                static RealMatrix blockTimes(RealMatrix b, RealMatrix m) {
                    int r = b.getRowDimension(), c = b.getColumnDimension(), q = m.getColumnDimension(), p = m.getRowDimension() / c;
                    RealMatrix out = new Array2DRowRealMatrix(p * r, q);
                    for (int i = 0; i < p; i++) out.setSubMatrix(b.multiply(m.getSubMatrix(i * c, i * c + c - 1, 0, q - 1)).getData(), i * r, 0);
                    return out;
                }
                """);
        d.helper("timesBlock", """
                /** m times kron(eye(p), b), as (kron(eye(p), bᵀ) mᵀ)ᵀ. */
                static RealMatrix timesBlock(RealMatrix m, RealMatrix b) {
                    return blockTimes(b.transpose(), m.transpose()).transpose();
                }
                """, "blockTimes");
        d.helper("kronBlocks", """
                /** The matrix of <block (i, j) of g, b>: the adjoint of kron(v, b) in v. */
                static RealMatrix kronBlocks(RealMatrix g, RealMatrix b) {
                    int p = b.getRowDimension(), q = b.getColumnDimension();
                    RealMatrix out = new Array2DRowRealMatrix(g.getRowDimension() / p, g.getColumnDimension() / q);
                    for (int i = 0; i < out.getRowDimension(); i++)
                        for (int j = 0; j < out.getColumnDimension(); j++)
                            out.setEntry(i, j, inner(g.getSubMatrix(i * p, i * p + p - 1, j * q, j * q + q - 1), b));
                    return out;
                }
                """, "inner");
        d.helper("blockSum", """
                /** The sum of a(i, j) times block (i, j) of g: the adjoint of kron(a, v) in v. */
                static RealMatrix blockSum(RealMatrix g, RealMatrix a) {
                    int p = g.getRowDimension() / a.getRowDimension(), q = g.getColumnDimension() / a.getColumnDimension();
                    RealMatrix out = new Array2DRowRealMatrix(p, q);
                    for (int i = 0; i < a.getRowDimension(); i++)
                        for (int j = 0; j < a.getColumnDimension(); j++)
                            out = out.add(g.getSubMatrix(i * p, i * p + p - 1, j * q, j * q + q - 1).scalarMultiply(a.getEntry(i, j)));
                    return out;
                }
                """);
        d.helper("commutation", """
                /** K with vec(x') = K vec(x) for every x of a's shape (vec stacks columns): a permutation matrix. */
                static RealMatrix commutation(RealMatrix a) {
                    int m = a.getRowDimension(), n = a.getColumnDimension();
                    RealMatrix k = new Array2DRowRealMatrix(m * n, m * n);
                    // vec(x)[i + m j] = x(i, j) = vec(x')[j + n i]
                    for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) k.setEntry(j + n * i, i + m * j, 1);
                    return k;
                }
                """);
    }
}
