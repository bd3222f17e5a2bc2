package dev.matdiff.codegen;

/**
 * The helpers of a generated Java class's own checking ({@code checkGrad}, {@code randomPoint}):
 * random directions, central differences, the printed report and the random data, as
 * {@code matdiff check} draws it (every class has these), and the program's assumptions, which
 * the arguments are checked against and the random data is made to satisfy. Apart from
 * {@link JavaRuntime}'s helpers of the values.
 */
final class JavaCheckRuntime {
    private JavaCheckRuntime() {}

    static void define(JavaRuntime.Definer d) {
        d.helper("direction", """
                /** A random direction to move x in, each entry scaled to the entry it moves (symmetric if x is). */
                static RealMatrix direction(Random random, RealMatrix x, boolean symmetric) {
                    double rms = Math.sqrt(sqnormOf(x) / (x.getRowDimension() * x.getColumnDimension()));
                    RealMatrix d = map(x, v -> random.nextGaussian() * Math.max(Math.abs(v), 0.1 * rms + 1e-3));
                    return symmetric ? d.add(d.transpose()).scalarMultiply(0.5) : d;
                }

                static RealVector direction(Random random, RealVector x) {
                    return direction(random, column(x), false).getColumnVector(0);
                }

                static double direction(Random random, double x) {
                    return random.nextGaussian() * Math.max(Math.abs(x), 0.1 * Math.abs(x) + 1e-3);
                }

                private static double sqnormOf(RealMatrix x) {
                    double n = x.getFrobeniusNorm();
                    return n * n;
                }
                """, "map", "column");
        d.helper("central", """
                /** f'(0) by central differences with Richardson extrapolation (error of order h^4). */
                static double central(DoubleUnaryOperator f) {
                    double h = 1e-3;
                    return (4 * (f.applyAsDouble(h / 2) - f.applyAsDouble(-h / 2)) / h - (f.applyAsDouble(h) - f.applyAsDouble(-h)) / (2 * h)) / 3;
                }
                """);
        d.helper("report", """
                /** The worst relative error of the symbolic directional derivatives against the numeric ones, printed. */
                static double report(double value, double[] symbolic, double[] numeric) {
                    double scale = Math.abs(value);
                    for (int k = 0; k < symbolic.length; k++) scale = Math.max(scale, Math.max(Math.abs(symbolic[k]), Math.abs(numeric[k])));
                    double floor = Math.max(1e-6 * scale, 1e-300), error = 0;
                    for (int k = 0; k < symbolic.length; k++) {
                        double a = symbolic[k], b = numeric[k];
                        double e = Math.abs(a - b) / Math.max(Math.max(Math.abs(a), Math.abs(b)), floor);
                        error = Math.max(error, Double.isNaN(e) ? Double.POSITIVE_INFINITY : e);
                    }
                    System.out.printf("checkGrad: worst relative error %.2e over %d random directions (tolerance %.0e): %s%n",
                            error, symbolic.length, TOLERANCE, error <= TOLERANCE ? "passed" : "FAILED");
                    return error;
                }
                """);
        d.helper("draw", """
                /**
                 * Entries of magnitude 0.2 to 0.9 (all positive if positive); a square matrix diagonally dominant with a
                 * positive diagonal, so a symmetric one is positive definite (as matdiff check draws them).
                 */
                static RealMatrix draw(Random random, int rows, int cols, boolean positive, boolean square, boolean symmetric) {
                    double[][] d = new double[rows][cols];
                    for (int i = 0; i < rows; i++)
                        for (int j = 0; j < cols; j++) {
                            double v = 0.2 + 0.7 * random.nextDouble();
                            d[i][j] = symmetric && j < i ? d[j][i] : positive || random.nextBoolean() ? v : -v;
                        }
                    if ((square || symmetric) && rows > 1)
                        for (int i = 0; i < rows; i++) {
                            double s = 0;
                            for (double v : d[i]) s += Math.abs(v);
                            d[i][i] = s + 0.2;
                        }
                    return new Array2DRowRealMatrix(d, false);
                }
                """);
        d.helper("measured", """
                /** What an assumption is about: the sum of the entries ("sum"), of each column or row, or the length ("norm"). */
                static double[] measured(RealMatrix x, String kind) {
                    return switch (kind) {
                        case "norm" -> new double[] {x.getFrobeniusNorm()};
                        case "columns" -> columnSums(x).getRow(0);
                        case "rows" -> rowSums(x).getColumn(0);
                        default -> new double[] {sum(x)};
                    };
                }
                """, "columnSums", "rowSums", "sum");
        d.helper("assumption", """
                /** Throws IllegalArgumentException, as matdiff eval refuses such data, unless x satisfies the program's assumption fact. */
                static void assumption(RealMatrix x, double total, String kind, String fact) {
                    double[] measured = measured(x, kind);
                    for (int k = 0; k < measured.length; k++)
                        if (!(Math.abs(measured[k] - total) <= 1e-9 * Math.max(1, Math.abs(total))))
                            throw new IllegalArgumentException("the data does not satisfy the assumption " + fact + ": "
                                    + (measured.length > 1 ? "for " + (kind.equals("columns") ? "column " : "row ") + (k + 1) + " " : "")
                                    + "it is " + measured[k]);
                }
                """, "measured");
        d.helper("satisfying", """
                /**
                 * x made to satisfy an assumption, as matdiff check makes its data: scaled to the length total ("norm"), or
                 * its entries made positive and scaled so that each sum the kind names is total.
                 */
                static RealMatrix satisfying(RealMatrix x, double total, String kind) {
                    if (kind.equals("norm")) return x.scalarMultiply(total / x.getFrobeniusNorm());
                    RealMatrix positive = map(x, Math::abs);
                    double[] sums = measured(positive, kind);
                    double[][] d = positive.getData();
                    for (int i = 0; i < d.length; i++)
                        for (int j = 0; j < d[i].length; j++) d[i][j] *= total / sums[kind.equals("columns") ? j : kind.equals("rows") ? i : 0];
                    return new Array2DRowRealMatrix(d, false);
                }
                """, "map", "measured");
    }
}
