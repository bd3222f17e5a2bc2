package dev.matdiff.codegen;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The static helper methods a generated Java class defines when its code calls them
 * ({@code @name} in a {@link dev.matdiff.expr.CodeForm} is {@code name} here), on Commons Math
 * alone. Each is written at the class's indentation; the ones every class has (the gradient
 * check and the random point) come last.
 */
final class JavaRuntime {
    private JavaRuntime() {}

    /** A helper's source, and the helpers it calls. */
    record Helper(String source, List<String> calls) {}

    static final Map<String, Helper> HELPERS = new LinkedHashMap<>();

    /** The helpers every generated class has. */
    static final List<String> ALWAYS = List.of("column", "direction", "inner", "central", "report", "draw");

    /** Defines a helper: its name, its source at column 0, and the helpers it calls. */
    interface Definer {
        void helper(String name, String source, String... calls);
    }

    private static void helper(String name, String source, String... calls) {
        HELPERS.put(name, new Helper(source.indent(4), List.of(calls)));
    }

    static {
        helper("map", """
                /** f applied to every entry. */
                static RealMatrix map(RealMatrix x, DoubleUnaryOperator f) {
                    double[][] d = x.getData();
                    for (double[] row : d) for (int j = 0; j < row.length; j++) row[j] = f.applyAsDouble(row[j]);
                    return new Array2DRowRealMatrix(d, false);
                }
                """);
        helper("hadamard", """
                /** The entry-wise product. */
                static RealMatrix hadamard(RealMatrix a, RealMatrix b) {
                    double[][] d = a.getData();
                    for (int i = 0; i < d.length; i++) for (int j = 0; j < d[i].length; j++) d[i][j] *= b.getEntry(i, j);
                    return new Array2DRowRealMatrix(d, false);
                }
                """);
        helper("elemDiv", """
                /** The entry-wise quotient. */
                static RealMatrix elemDiv(RealMatrix a, RealMatrix b) {
                    double[][] d = a.getData();
                    for (int i = 0; i < d.length; i++) for (int j = 0; j < d[i].length; j++) d[i][j] /= b.getEntry(i, j);
                    return new Array2DRowRealMatrix(d, false);
                }
                """);
        helper("elemPow", """
                /** Every entry to the power p. */
                static RealMatrix elemPow(RealMatrix x, double p) {
                    return map(x, v -> p == 2 ? v * v : p == -1 ? 1 / v : Math.pow(v, p));
                }
                """, "map");
        helper("pow", """
                /** pow(u, g) entry by entry, as NumPy's power: a side of one entry is every entry; NaN where a negative entry meets a non-integer exponent. */
                static RealMatrix pow(RealMatrix u, RealMatrix g) {
                    boolean one = u.getRowDimension() == 1 && u.getColumnDimension() == 1;
                    RealMatrix shape = one ? g : u;
                    double[][] d = new double[shape.getRowDimension()][shape.getColumnDimension()];
                    for (int i = 0; i < d.length; i++)
                        for (int j = 0; j < d[i].length; j++)
                            d[i][j] = Math.pow(one ? u.getEntry(0, 0) : u.getEntry(i, j), g.getRowDimension() == 1 && g.getColumnDimension() == 1 ? g.getEntry(0, 0) : g.getEntry(i, j));
                    return new Array2DRowRealMatrix(d, false);
                }
                """);
        helper("matrixPower", """
                /** a^k; a negative k is a power of the inverse. */
                static RealMatrix matrixPower(RealMatrix a, int k) {
                    return k >= 0 ? a.power(k) : inv(a).power(-k);
                }
                """, "inv");
        helper("sum", """
                /** The sum of the entries. */
                static double sum(RealMatrix x) {
                    double s = 0;
                    for (double[] row : x.getData()) for (double v : row) s += v;
                    return s;
                }
                """);
        helper("sqnorm", """
                /** The sum of the squared entries. */
                static double sqnorm(RealMatrix x) {
                    double s = 0;
                    for (double[] row : x.getData()) for (double v : row) s += v * v;
                    return s;
                }
                """);
        helper("norm", """
                /** The 2-norm of the entries, scaled by the largest so that the squares neither overflow nor underflow. */
                static double norm(RealMatrix x) {
                    double[][] d = x.getData();
                    double top = 0, s = 0;
                    for (double[] row : d) for (double v : row) top = Math.max(top, Math.abs(v));
                    if (!(top > 0) || !Double.isFinite(top)) return Math.sqrt(sqnorm(x));
                    for (double[] row : d) for (double v : row) s += (v / top) * (v / top);
                    return top * Math.sqrt(s);
                }
                """, "sqnorm");
        helper("norm1", """
                /** The sum of the absolute values of the entries. */
                static double norm1(RealMatrix x) {
                    double s = 0;
                    for (double[] row : x.getData()) for (double v : row) s += Math.abs(v);
                    return s;
                }
                """);
        helper("logsumexp", """
                /** log(sum(exp(.))) of each column, without overflow: a row (1-by-1 for a column). */
                static RealMatrix logsumexp(RealMatrix x) {
                    int m = x.getRowDimension(), n = x.getColumnDimension();
                    RealMatrix out = new Array2DRowRealMatrix(1, n);
                    for (int j = 0; j < n; j++) {
                        double top = Double.NEGATIVE_INFINITY, s = 0;
                        for (int i = 0; i < m; i++) top = Math.max(top, x.getEntry(i, j));
                        for (int i = 0; i < m; i++) s += Math.exp(x.getEntry(i, j) - top);
                        out.setEntry(0, j, top + Math.log(s));
                    }
                    return out;
                }
                """);
        helper("softmax", """
                /** exp(x) / sum(exp(x)) of each column, without overflow. */
                static RealMatrix softmax(RealMatrix x) {
                    double[][] d = x.getData();
                    for (int j = 0; j < x.getColumnDimension(); j++) {
                        double top = Double.NEGATIVE_INFINITY, s = 0;
                        for (double[] row : d) top = Math.max(top, row[j]);
                        for (double[] row : d) s += row[j] = Math.exp(row[j] - top);
                        for (double[] row : d) row[j] /= s;
                    }
                    return new Array2DRowRealMatrix(d, false);
                }
                """);
        helper("logSoftmax", """
                /** log(softmax(x)) of each column as x - logsumexp(x): no log of an underflowed 0. */
                static RealMatrix logSoftmax(RealMatrix x) {
                    RealMatrix top = logsumexp(x);
                    double[][] d = x.getData();
                    for (double[] row : d) for (int j = 0; j < row.length; j++) row[j] -= top.getEntry(0, j);
                    return new Array2DRowRealMatrix(d, false);
                }
                """, "logsumexp");
        helper("columnSums", """
                /** The sum of each column: a row. */
                static RealMatrix columnSums(RealMatrix x) {
                    RealMatrix out = new Array2DRowRealMatrix(1, x.getColumnDimension());
                    for (double[] row : x.getData()) for (int j = 0; j < row.length; j++) out.addToEntry(0, j, row[j]);
                    return out;
                }
                """);
        helper("rowSums", """
                /** The sum of each row: a column. */
                static RealMatrix rowSums(RealMatrix x) {
                    double[][] d = x.getData();
                    RealMatrix out = new Array2DRowRealMatrix(d.length, 1);
                    for (int i = 0; i < d.length; i++) for (double v : d[i]) out.addToEntry(i, 0, v);
                    return out;
                }
                """);
        helper("logDetParts", """
                /** The sign of det(a) (0 if singular) and log|det(a)|, from an LU factorisation: no overflow of det. */
                static double[] logDetParts(RealMatrix a) {
                    LUDecomposition lu = new LUDecomposition(a, 0);
                    RealMatrix u = lu.getU();
                    double log = 0;
                    for (int i = 0; i < u.getRowDimension(); i++) {
                        double d = Math.abs(u.getEntry(i, i));
                        if (d == 0) return new double[] {0, Double.NEGATIVE_INFINITY};
                        log += Math.log(d);
                    }
                    // det itself may overflow or underflow, but keeps its sign
                    return new double[] {Math.copySign(1, lu.getDeterminant()), log};
                }
                """);
        helper("logAbsDet", """
                /** log|det(a)|. */
                static double logAbsDet(RealMatrix a) {
                    return logDetParts(a)[1];
                }
                """, "logDetParts");
        helper("logDet", """
                /** log(det(a)): NaN if det(a) < 0, -infinity if 0. */
                static double logDet(RealMatrix a) {
                    double[] parts = logDetParts(a);
                    return parts[0] < 0 ? Double.NaN : parts[1];
                }
                """, "logDetParts");
        helper("inv", """
                /** The inverse (SingularMatrixException if there is none). */
                static RealMatrix inv(RealMatrix a) {
                    return new LUDecomposition(a).getSolver().getInverse();
                }
                """);
        helper("adjugate", """
                /**
                 * adj(a) = det(a)·inv(a), with a·adj(a) = det(a)·I: from its cofactors up to 3×3 (exact entry by entry), else
                 * det(a)·inv(a), or from the SVD where a is singular and has no inverse.
                 */
                static RealMatrix adjugate(RealMatrix a) {
                    int n = a.getRowDimension();
                    if (n == 1) return MatrixUtils.createRealMatrix(new double[][] {{1}});
                    if (n == 2) return MatrixUtils.createRealMatrix(new double[][] {{a.getEntry(1, 1), -a.getEntry(0, 1)}, {-a.getEntry(1, 0), a.getEntry(0, 0)}});
                    if (n == 3) {
                        double[][] m = a.getData(), adj = new double[3][3];
                        for (int i = 0; i < 3; i++)
                            for (int j = 0; j < 3; j++)
                                adj[j][i] = m[(i + 1) % 3][(j + 1) % 3] * m[(i + 2) % 3][(j + 2) % 3] - m[(i + 1) % 3][(j + 2) % 3] * m[(i + 2) % 3][(j + 1) % 3];
                        return MatrixUtils.createRealMatrix(adj);
                    }
                    LUDecomposition lu = new LUDecomposition(a);
                    if (lu.getSolver().isNonSingular()) return lu.getSolver().getInverse().scalarMultiply(lu.getDeterminant());
                    org.apache.commons.math3.linear.SingularValueDecomposition svd = new org.apache.commons.math3.linear.SingularValueDecomposition(a);
                    double[] s = svd.getSingularValues(), cofactors = new double[n];
                    for (int i = 0; i < n; i++) {
                        cofactors[i] = 1;
                        for (int j = 0; j < n; j++) if (j != i) cofactors[i] *= s[j];
                    }
                    double sign = Math.signum(new LUDecomposition(svd.getU()).getDeterminant()) * Math.signum(new LUDecomposition(svd.getV()).getDeterminant());
                    return svd.getV().multiply(MatrixUtils.createRealDiagonalMatrix(cofactors)).multiply(svd.getUT()).scalarMultiply(sign);
                }
                """);
        helper("solve", """
                /** inv(a) * b, without the inverse. */
                static RealMatrix solve(RealMatrix a, RealMatrix b) {
                    return new LUDecomposition(a).getSolver().solve(b);
                }
                """);
        helper("sigmoid", """
                /** 1 / (1 + exp(-v)) without overflow. */
                static double sigmoid(double v) {
                    if (v >= 0) return 1 / (1 + Math.exp(-v));
                    double e = Math.exp(v);
                    return e / (1 + e);
                }
                """);
        helper("sech2", """
                /** 1 - tanh(x)^2 entry by entry without cancelling: 4 e^(-2|x|) / (1 + e^(-2|x|))^2. */
                static RealMatrix sech2(RealMatrix x) {
                    return map(x, v -> {
                        double t = Math.exp(-2 * Math.abs(v));
                        return 4 * t / ((1 + t) * (1 + t));
                    });
                }
                """, "map");
        helper("softplus", """
                /** log(1 + exp(v)) without overflow. */
                static double softplus(double v) {
                    return v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
                }
                """);
        helper("diagVector", """
                /** The diagonal of a square matrix, as a column. */
                static RealMatrix diagVector(RealMatrix a) {
                    RealMatrix out = new Array2DRowRealMatrix(a.getRowDimension(), 1);
                    for (int i = 0; i < a.getRowDimension(); i++) out.setEntry(i, 0, a.getEntry(i, i));
                    return out;
                }
                """);
        helper("vec", """
                /** The columns stacked into one. */
                static RealMatrix vec(RealMatrix a) {
                    int m = a.getRowDimension(), n = a.getColumnDimension();
                    RealMatrix out = new Array2DRowRealMatrix(m * n, 1);
                    for (int j = 0; j < n; j++) for (int i = 0; i < m; i++) out.setEntry(j * m + i, 0, a.getEntry(i, j));
                    return out;
                }
                """);
        helper("unvec", """
                /** The rows-by-cols matrix whose columns, stacked, are v. */
                static RealMatrix unvec(RealMatrix v, int rows, int cols) {
                    RealMatrix out = new Array2DRowRealMatrix(rows, cols);
                    for (int j = 0; j < cols; j++) for (int i = 0; i < rows; i++) out.setEntry(i, j, v.getEntry(j * rows + i, 0));
                    return out;
                }
                """);
        helper("kron", """
                /** The Kronecker product. */
                static RealMatrix kron(RealMatrix a, RealMatrix b) {
                    int p = b.getRowDimension(), q = b.getColumnDimension();
                    RealMatrix out = new Array2DRowRealMatrix(a.getRowDimension() * p, a.getColumnDimension() * q);
                    for (int i = 0; i < a.getRowDimension(); i++)
                        for (int j = 0; j < a.getColumnDimension(); j++)
                            out.setSubMatrix(b.scalarMultiply(a.getEntry(i, j)).getData(), i * p, j * q);
                    return out;
                }
                """);
        helper("sumOf", """
                /** The sum of the terms: a long sum as one call, which javac reads without nesting. */
                static RealMatrix sumOf(RealMatrix first, RealMatrix... rest) {
                    RealMatrix s = first;
                    for (RealMatrix r : rest) s = s.add(r);
                    return s;
                }
                """);
        helper("scalarSumOf", """
                /** The sum of the terms: a long sum as one call, which javac reads without nesting. */
                static double scalarSumOf(double... terms) {
                    double s = 0;
                    for (double t : terms) s += t;
                    return s;
                }
                """);
        helper("filled", """
                /** A rows-by-cols matrix of v. */
                static RealMatrix filled(int rows, int cols, double v) {
                    return new Array2DRowRealMatrix(rows, cols).scalarAdd(v);
                }
                """);
        helper("ones", """
                /** A rows-by-cols matrix of ones. */
                static RealMatrix ones(int rows, int cols) {
                    return filled(rows, cols, 1);
                }
                """, "filled");
        helper("scalarMatrix", """
                /** The 1-by-1 matrix of v. */
                static RealMatrix scalarMatrix(double v) {
                    return new Array2DRowRealMatrix(new double[][] {{v}}, false);
                }
                """);
        helper("symmetricWithin", """
                /** Whether s is symmetric within tol times its largest entry, as matdiff eval asks of data (NaN is not). */
                static boolean symmetricWithin(RealMatrix s, double tol) {
                    double largest = 0, gap = 0;
                    for (int i = 0; i < s.getRowDimension(); i++)
                        for (int j = 0; j < s.getColumnDimension(); j++) {
                            largest = Math.max(largest, Math.abs(s.getEntry(i, j)));
                            gap = Math.max(gap, Math.abs(s.getEntry(i, j) - s.getEntry(j, i)));
                        }
                    return gap <= tol * largest;
                }
                """);
        helper("column", """
                /** A vector as a one-column matrix. */
                static RealMatrix column(RealVector v) {
                    return MatrixUtils.createColumnRealMatrix(v.toArray());
                }
                """);
        helper("inner", """
                /** The sum of the entry-wise products. */
                static double inner(RealMatrix a, RealMatrix b) {
                    double s = 0;
                    for (int i = 0; i < a.getRowDimension(); i++) for (int j = 0; j < a.getColumnDimension(); j++) s += a.getEntry(i, j) * b.getEntry(i, j);
                    return s;
                }
                """);
        JavaStructuredRuntime.define(JavaRuntime::helper);
        JavaCheckRuntime.define(JavaRuntime::helper);
    }
}
