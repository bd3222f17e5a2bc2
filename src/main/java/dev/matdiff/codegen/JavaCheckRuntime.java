package dev.matdiff.codegen;

/**
 * The helpers of a generated Java class's own checking ({@code checkGrad}, {@code checkJacobian},
 * {@code checkHessian}, {@code randomPoint}): random directions, central differences of numbers
 * and of vectors, vec of a direction, the printed report and the random data, as
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
                /** f'(0) by central differences with Richardson extrapolation (error of order h^4); NaN where f fails (a singular matrix). */
                static RealVector central(DoubleUnaryOperator f) {
                    try {
                        return centralVector(t -> new ArrayRealVector(new double[] {f.applyAsDouble(t)}));
                    } catch (ArithmeticException | IllegalArgumentException | IllegalStateException notDefinedThere) {
                        return new ArrayRealVector(new double[] {Double.NaN});
                    }
                }

                /** The same for a vector-valued f, each entry's derivative: at steps 1e-3, 1e-4 and 1e-5, for report to try the smaller ones where it is off. */
                static RealVector centralVector(DoubleFunction<RealVector> f) {
                    return new Steps(centralAt(f, 1e-3), centralAt(f, 1e-4), centralAt(f, 1e-5));
                }

                private static RealVector centralAt(DoubleFunction<RealVector> f, double h) {
                    RealVector half = f.apply(h / 2).subtract(f.apply(-h / 2)).mapMultiply(4 / h);
                    RealVector whole = f.apply(h).subtract(f.apply(-h)).mapMultiply(1 / (2 * h));
                    return half.subtract(whole).mapDivide(3);
                }

                /** A central difference at its first step, holding those at the smaller ones. */
                static final class Steps extends ArrayRealVector {
                    private static final long serialVersionUID = 1L;
                    final RealVector[] smaller;

                    Steps(RealVector first, RealVector... smaller) {
                        super(first);
                        this.smaller = smaller;
                    }
                }
                """);
        d.helper("report", """
                /** The worst relative error of the symbolic directional derivatives against the numeric ones, printed. */
                static double report(double value, double[] symbolic, RealVector[] numeric) {
                    RealVector[] s = new RealVector[symbolic.length];
                    for (int k = 0; k < s.length; k++) s[k] = new ArrayRealVector(new double[] {symbolic[k]});
                    return report("checkGrad", Math.abs(value), s, numeric);
                }

                /**
                 * The same for vectors (J vec(D), H vec(D)), compared by their lengths; a difference below a millionth of
                 * scale and of every length compared is rounding. NaN (inconclusive, not a failure) when the value or a
                 * derivative is not finite, at the point or a step from it. A difference (Steps) that is off is taken at its
                 * smaller steps: the direction passes if one agrees, fails if all are off alike (a wrong derivative is off
                 * the same at every step), and is inconclusive otherwise (a kink or rounding between the steps).
                 */
                static double report(String check, double scale, RealVector[] symbolic, RealVector[] numeric) {
                    boolean finite = Double.isFinite(scale);
                    for (int k = 0; k < symbolic.length; k++) finite &= Double.isFinite(symbolic[k].getNorm()) && Double.isFinite(numeric[k].getNorm());
                    if (!finite) {
                        System.out.printf("%s: NOT_FINITE%n", check);
                        return Double.NaN;
                    }
                    double size = scale;
                    for (int k = 0; k < symbolic.length; k++) size = Math.max(size, Math.max(symbolic[k].getNorm(), numeric[k].getNorm()));
                    double floor = Math.max(1e-6 * size, 1e-300), error = 0;
                    boolean unsettled = false;
                    for (int k = 0; k < symbolic.length; k++) {
                        RealVector a = symbolic[k];
                        double e = off(a, numeric[k], floor);
                        if (e > TOLERANCE && numeric[k] instanceof Steps s) {
                            // alike by the differences themselves: a relative error saturates near 1 where a step crosses a kink
                            double best = e, least = a.subtract(numeric[k]).getNorm(), most = least;
                            for (RealVector n : s.smaller) {
                                best = Math.min(best, off(a, n, floor));
                                double gap = a.subtract(n).getNorm();
                                least = Math.min(least, gap);
                                most = Double.isNaN(gap) ? Double.POSITIVE_INFINITY : Math.max(most, gap);
                            }
                            if (best <= TOLERANCE) e = best;
                            else if (!(most <= 2 * least)) unsettled = true;
                        }
                        error = Math.max(error, e);
                    }
                    if (unsettled) {
                        System.out.printf("%s: inconclusive: the differences at three steps disagree with each other, "
                                + "as across a kink or in rounding (worst relative error %.2e)%n", check, error);
                        return Double.NaN;
                    }
                    // f the same to the last digit at every step: derivatives this small are below what differences see
                    boolean flat = true;
                    double largest = 0;
                    for (int k = 0; k < symbolic.length; k++) {
                        largest = Math.max(largest, symbolic[k].getNorm());
                        flat &= numeric[k].getNorm() == 0;
                        if (numeric[k] instanceof Steps s) for (RealVector n : s.smaller) flat &= n.getNorm() == 0;
                    }
                    if (error > TOLERANCE && flat && largest <= 1e-12 * Math.max(1, scale)) {
                        System.out.printf("%s: FLAT%n", check);
                        return Double.NaN;
                    }
                    double compared = 0;
                    for (int k = 0; k < symbolic.length; k++) compared = Math.max(compared, Math.max(symbolic[k].getNorm(), numeric[k].getNorm()));
                    System.out.printf("%s: worst relative error %.2e over %d random directions (tolerance %.0e): %s%s%n",
                            check, error, symbolic.length, TOLERANCE, error <= TOLERANCE ? "passed" : "FAILED",
                            compared == 0 ? ZEROS : "");
                    return error;
                }

                private static double off(RealVector a, RealVector b, double floor) {
                    double e = a.subtract(b).getNorm() / Math.max(Math.max(a.getNorm(), b.getNorm()), floor);
                    return Double.isNaN(e) ? Double.POSITIVE_INFINITY : e;
                }
                """.replace("NOT_FINITE", PointSearch.NOT_FINITE).replace("ZEROS", '"' + PointSearch.ZEROS + '"').replace("FLAT", PointSearch.FLAT));
        d.helper("worst", """
                /** The error to report of several checks: the largest failure, else NaN if one was inconclusive (NaN), else the largest. */
                static double worst(double... errors) {
                    double worst = 0;
                    boolean inconclusive = false;
                    for (double e : errors) {
                        if (Double.isNaN(e)) inconclusive = true;
                        else worst = Math.max(worst, e);
                    }
                    return inconclusive && worst <= TOLERANCE ? Double.NaN : worst;
                }
                """);
        d.helper("finite", """
                /** Whether every number of the values (each a double, a RealVector or a RealMatrix) is finite. */
                static boolean finite(Object... values) {
                    for (Object v : values) {
                        double[][] d = v instanceof RealMatrix x ? x.getData() : v instanceof RealVector x ? new double[][] {x.toArray()}
                                : new double[][] {{(Double) v}};
                        for (double[] row : d)
                            for (double e : row)
                                if (!Double.isFinite(e)) return false;
                    }
                    return true;
                }
                """);
        d.helper("flat", """
                /** The entries of a matrix as a vector, stacking the columns (as vec does). */
                static RealVector flat(RealMatrix x) {
                    return vec(x).getColumnVector(0);
                }

                static RealVector flat(RealVector x) {
                    return x;
                }

                static RealVector flat(double x) {
                    return new ArrayRealVector(new double[] {x});
                }
                """, "vec");
        d.helper("form", """
                /** u' H v, as a vector of one entry (what report compares). */
                static RealVector form(RealVector u, RealMatrix h, RealVector v) {
                    return new ArrayRealVector(new double[] {u.dotProduct(h.operate(v))});
                }
                """);
        d.helper("draw", """
                /**
                 * Entries of magnitude 0.2 to 0.9 (all positive if positive) times scale; a square matrix diagonally dominant
                 * with a positive diagonal, so a symmetric one is positive definite (as matdiff check draws them).
                 */
                static RealMatrix draw(Random random, int rows, int cols, boolean positive, boolean square, boolean symmetric, double scale) {
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
                    return new Array2DRowRealMatrix(d, false).scalarMultiply(scale);
                }
                """);
        d.helper("measured", """
                /** What an assumption is about: the sum of the entries ("sum"), of each column or row, the length ("norm"), or each entry's absolute value ("abs", column by column). */
                static double[] measured(RealMatrix x, String kind) {
                    return switch (kind) {
                        case "norm" -> new double[] {x.getFrobeniusNorm()};
                        case "abs" -> flat(x).map(Math::abs).toArray();
                        case "columns" -> columnSums(x).getRow(0);
                        case "rows" -> rowSums(x).getColumn(0);
                        default -> new double[] {sum(x)};
                    };
                }
                """, "columnSums", "rowSums", "sum", "flat");
        d.helper("assumption", """
                /** Throws IllegalArgumentException, as matdiff eval refuses such data, unless x satisfies the program's assumption fact. */
                static void assumption(RealMatrix x, double total, String kind, String fact) {
                    double[] measured = measured(x, kind);
                    for (int k = 0; k < measured.length; k++)
                        if (!(Math.abs(measured[k] - total) <= 1e-9 * Math.max(1, Math.abs(total))))
                            throw new IllegalArgumentException("the data does not satisfy the assumption " + fact + ": "
                                    + (measured.length > 1 ? "for " + (kind.equals("columns") ? "column " : kind.equals("abs") ? "entry " : "row ") + (k + 1) + " " : "")
                                    + "it is " + measured[k]);
                }
                """, "measured");
        d.helper("satisfying", """
                /**
                 * x made to satisfy an assumption, as matdiff check makes its data: scaled to the length total ("norm"); each
                 * entry total or -total by its sign ("abs"); for a positive total, its entries made positive and scaled so that
                 * each sum the kind names is total; else its entries shifted so (a total of 0 keeps entries of both signs).
                 */
                static RealMatrix satisfying(RealMatrix x, double total, String kind) {
                    if (kind.equals("norm")) return x.scalarMultiply(total / x.getFrobeniusNorm());
                    if (kind.equals("abs")) return map(x, v -> v < 0 ? -total : total);
                    RealMatrix base = total > 0 ? map(x, Math::abs) : x;
                    double[] sums = measured(base, kind);
                    double[][] d = base.getData();
                    int count = d.length * d[0].length / sums.length;
                    for (int i = 0; i < d.length; i++)
                        for (int j = 0; j < d[i].length; j++) {
                            double sum = sums[kind.equals("columns") ? j : kind.equals("rows") ? i : 0];
                            d[i][j] = total > 0 ? d[i][j] * total / sum : d[i][j] + (total - sum) / count;
                        }
                    return new Array2DRowRealMatrix(d, false);
                }
                """, "map", "measured");
    }
}
