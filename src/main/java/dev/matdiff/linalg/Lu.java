package dev.matdiff.linalg;

import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * One LU factorisation of a square value, shared by det, logdet and inv of the same matrix (the
 * gradient of logdet(X) needs inv(X), so evaluating both factors X once).
 *
 * <p>A pivot below {@code ε·max|a_ij|} counts as zero, so "singular" is judged relative to the
 * matrix's own scale, not Commons Math's absolute 1e-11. An inverse is also refused when the
 * reciprocal condition number 1/(‖A‖·‖A⁻¹‖) is below {@link #MIN_RCOND}: its entries would be
 * mostly rounding error.
 */
public final class Lu {

    public static final double MIN_RCOND = 1e-14;

    private final RealMatrix matrix;
    private final LUDecomposition lu;
    private final boolean singular;
    private RealMatrix inverse;
    private double rcond;

    public Lu(RealMatrix matrix) {
        this.matrix = matrix;
        double scale = Matrices.maxAbs(matrix);
        this.lu = new LUDecomposition(matrix, Math.ulp(1.0) * scale);
        this.singular = scale == 0 || !lu.getSolver().isNonSingular();
    }

    public boolean singular() { return singular; }

    /** The determinant; 0 for a singular matrix. */
    public double det() { return singular ? 0 : lu.getDeterminant(); }

    /** log|det|, summed over the pivots so that it neither overflows nor underflows. */
    public double logAbsDet() {
        RealMatrix u = lu.getU();
        double s = 0;
        for (int i = 0; i < u.getRowDimension(); i++) s += Math.log(Math.abs(u.getEntry(i, i)));
        return s;
    }

    /** The inverse, or null (see {@link #rcond}) when it is not trustworthy. */
    public RealMatrix inverse() {
        if (inverse == null && !singular) {
            RealMatrix inv = lu.getSolver().getInverse();
            rcond = 1 / (matrix.getNorm() * inv.getNorm());
            inverse = inv;
        }
        return inverse;
    }

    /** The reciprocal condition number, known once {@link #inverse} has been computed. */
    public double rcond() { return rcond; }
}
