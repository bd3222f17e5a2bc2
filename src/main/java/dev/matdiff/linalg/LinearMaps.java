package dev.matdiff.linalg;

import org.apache.commons.math3.linear.RealMatrix;

import static dev.matdiff.linalg.Matrices.rows;
import static dev.matdiff.linalg.Matrices.wrap;

/**
 * The structured linear maps of the language and their adjoints, on plain arrays: the pairs
 * (vec, unvec), (conv in X, convfull), (kron in its left factor, kronblocks), (kron in its right
 * factor, blocksum) satisfy ⟨L(V), G⟩ = ⟨V, L*(G)⟩ under the Frobenius inner product.
 */
public final class LinearMaps {
    private LinearMaps() {}

    public static RealMatrix kron(RealMatrix a, RealMatrix b) { return kron(a, false, b, false); }

    /** kron(op(a), op(b)), op the transpose where asked: a large one kept as its factors, read transposed in place. */
    public static RealMatrix kron(RealMatrix a, boolean ta, RealMatrix b, boolean tb) {
        if (ta || tb) {
            RealMatrix kept = KronSum.of(a, ta, b, tb);
            if (kept != null) return kept;
            if (ta) a = Matrices.transpose(a);
            if (tb) b = Matrices.transpose(b);
        }
        // kron(I, B) as its blocks, the rest past its size as its factors
        RealMatrix blocks = BlockDiagonal.ofKron(a, b);
        if (blocks != null) return blocks;
        RealMatrix kept = KronSum.of(a, false, b, false);
        if (kept != null) return kept;
        long size = (long) a.getRowDimension() * b.getRowDimension() * a.getColumnDimension() * b.getColumnDimension();
        if (size > Integer.MAX_VALUE - 8) throw new OutOfMemoryError("a Kronecker product of " + size + " entries");
        // one flat array, written once (KronSum's loop, for one term with no transposes)
        return KronSum.kept(a, b).dense();
    }

    /** out[i][j] = Σ_ab G[i·p + a][j·q + b]·B[a][b], for B p×q and G mp×nq. */
    public static RealMatrix kronBlocks(RealMatrix g, RealMatrix b) {
        // G = u·vᵀ: Σ_ab u[i·p + a]·v[j·q + b]·B[a][b] = (U·B·Vᵀ)[i][j], U and V the vectors read m×p and n×q
        if (g instanceof Outer o) {
            int p = b.getRowDimension(), q = b.getColumnDimension(), m = g.getRowDimension() / p, n = g.getColumnDimension() / q;
            return Matrices.multiply(Matrices.multiply(o.side(true, m, p), b), false, o.side(false, n, q), true);
        }
        double[][] x = rows(g), y = rows(b);
        int p = y.length, q = y[0].length, m = x.length / p, n = x[0].length / q;
        double[][] out = new double[m][n];
        for (int i = 0; i < m; i++)
            for (int a1 = 0; a1 < p; a1++) {
                double[] grow = x[i * p + a1], brow = y[a1];
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int b1 = 0; b1 < q; b1++) s += grow[j * q + b1] * brow[b1];
                    out[i][j] += s;
                }
            }
        return wrap(out);
    }

    /** out = Σ_ij A[i][j]·(the p×q block (i, j) of G), for A m×n and G mp×nq. */
    public static RealMatrix blockSum(RealMatrix g, RealMatrix a) {
        // G = u·vᵀ: Σ_ij A[i][j]·u[i·p + a]·v[j·q + b] = (Uᵀ·A·V)[a][b], U and V the vectors read m×p and n×q
        if (g instanceof Outer o) {
            int m = a.getRowDimension(), n = a.getColumnDimension(), p = g.getRowDimension() / m, q = g.getColumnDimension() / n;
            return Matrices.multiply(Matrices.multiply(o.side(true, m, p), true, a, false), o.side(false, n, q));
        }
        double[][] x = rows(g), y = rows(a);
        int m = y.length, n = y[0].length, p = x.length / m, q = x[0].length / n;
        double[][] out = new double[p][q];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = y[i][j];
                if (s == 0) continue;
                for (int a1 = 0; a1 < p; a1++) {
                    double[] row = out[a1], src = x[i * p + a1];
                    for (int b1 = 0; b1 < q; b1++) row[b1] += s * src[j * q + b1];
                }
            }
        return wrap(out);
    }

    /** Valid 2-D cross-correlation, stride 1: out[i][j] = Σ_ab X[i+a][j+b]·K[a][b]. */
    public static RealMatrix conv(RealMatrix image, RealMatrix kernel) {
        double[][] x = rows(image), k = rows(kernel);
        int r = k.length, s = k[0].length, rows = x.length - r + 1, cols = x[0].length - s + 1;
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            double[] o = out[i];
            for (int a = 0; a < r; a++) {
                double[] xr = x[i + a], kr = k[a];
                for (int b = 0; b < s; b++) {
                    double w = kr[b];
                    for (int j = 0; j < cols; j++) o[j] += w * xr[j + b];
                }
            }
        }
        return wrap(out);
    }

    /**
     * convmatrix(K, p, q): the T with vec(conv(X, K)) = T vec(X) for every p×q X (vec stacks columns), so
     * T[u + P v][(u + a) + p (v + b)] = K[a][b] for the P×Q output; its transpose is X ↦ convfull(G, K).
     */
    public static RealMatrix convMatrix(RealMatrix kernel, int p, int q) {
        double[][] k = rows(kernel);
        int r = k.length, s = k[0].length, outRows = p - r + 1, outCols = q - s + 1, width = p * q;
        double[] t = new double[outRows * outCols * width];
        for (int v = 0; v < outCols; v++)
            for (int u = 0; u < outRows; u++) {
                int row = (u + outRows * v) * width;
                for (int a = 0; a < r; a++)
                    for (int b = 0; b < s; b++) t[row + (u + a) + p * (v + b)] = k[a][b];
            }
        return new Dense(outRows * outCols, width, t);
    }

    /**
     * im2col(X, r, s): the C with vec(conv(X, K)) = C vec(K) for every r×s K, each row the r×s patch of X
     * its output entry reads, C[u + P v][a + r b] = X[u + a][v + b].
     */
    public static RealMatrix im2col(RealMatrix image, int r, int s) {
        double[][] x = rows(image);
        int outRows = x.length - r + 1, outCols = x[0].length - s + 1, width = r * s;
        double[] c = new double[outRows * outCols * width];
        for (int v = 0; v < outCols; v++)
            for (int u = 0; u < outRows; u++) {
                int row = (u + outRows * v) * width;
                for (int b = 0; b < s; b++)
                    for (int a = 0; a < r; a++) c[row + a + r * b] = x[u + a][v + b];
            }
        return new Dense(outRows * outCols, width, c);
    }

    /** Full convolution: out[i][j] = Σ_uv G[u][v]·K[i−u][j−v], the adjoint of X ↦ conv(X, K). */
    public static RealMatrix convFull(RealMatrix grad, RealMatrix kernel) {
        double[][] g = rows(grad), k = rows(kernel);
        int r = k.length, s = k[0].length, gr = g.length, gc = g[0].length;
        double[][] out = new double[gr + r - 1][gc + s - 1];
        for (int u = 0; u < gr; u++)
            for (int a = 0; a < r; a++) {
                double[] o = out[u + a], kr = k[a], grow = g[u];
                for (int b = 0; b < s; b++) {
                    double w = kr[b];
                    for (int v = 0; v < gc; v++) o[v + b] += grow[v] * w;
                }
            }
        return wrap(out);
    }

    /** Column-major vectorisation. */
    public static RealMatrix vec(RealMatrix m) {
        double[][] x = rows(m);
        int rows = x.length, cols = x[0].length;
        double[][] out = new double[rows * cols][1];
        for (int j = 0; j < cols; j++)
            for (int i = 0; i < rows; i++) out[j * rows + i][0] = x[i][j];
        return wrap(out);
    }

    /** The rows×cols matrix whose column-major vectorisation is v. */
    public static RealMatrix unvec(RealMatrix v, int rows, int cols) {
        double[][] x = rows(v);
        double[][] out = new double[rows][cols];
        for (int j = 0; j < cols; j++)
            for (int i = 0; i < rows; i++) out[i][j] = x[j * rows + i][0];
        return wrap(out);
    }

    public static RealMatrix diagMatrix(RealMatrix v) {
        double[][] x = rows(v);
        double[][] out = new double[x.length][x.length];
        for (int i = 0; i < x.length; i++) out[i][i] = x[i][0];
        return wrap(out);
    }

    public static RealMatrix diagVector(RealMatrix m) {
        int n = m.getRowDimension();
        double[][] out = new double[n][1];
        for (int i = 0; i < n; i++) out[i][0] = m.getEntry(i, i);
        return wrap(out);
    }
}
