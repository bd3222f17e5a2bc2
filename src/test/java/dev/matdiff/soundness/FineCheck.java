package dev.matdiff.soundness;

import dev.matdiff.check.GradientCheck;
import dev.matdiff.expr.Expr;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Evaluator;
import dev.matdiff.numeric.NumericException;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The soundness tests' second opinion for a gradient that failed {@link GradientCheck}:
 * {@link dev.matdiff.check.FineCheck} (the ladder of ever smaller steps that {@code check} and the
 * self-check use too) along every coordinate direction of every variable. Here a point where f
 * cannot be evaluated along the ladder counts as a disagreement: the property tests must not let
 * a wrong gradient pass as undecided.
 */
final class FineCheck {
    private FineCheck() {}

    static final boolean DEBUG = Boolean.getBoolean("soundness.debug") || dev.matdiff.check.FineCheck.DEBUG;

    enum Finding { AGREES, DISAGREES, UNRESOLVED }

    /** The verdict of the finer comparison; a point where f cannot be evaluated along the ladder disagrees. */
    static Finding judge(Expr f, Map<Expr.Var, Expr> gradients, Bindings at) {
        try {
            return switch (dev.matdiff.check.FineCheck.judge(f, at, coordinates(gradients, at), asymmetries(gradients, at)).finding()) {
                case AGREES -> Finding.AGREES;
                case DISAGREES -> Finding.DISAGREES;
                case UNRESOLVED -> Finding.UNRESOLVED;
            };
        } catch (NumericException e) {
            if (DEBUG) System.out.println("fine: " + e);
            return Finding.DISAGREES;
        }
    }

    /** Each entry moved by its own scale (max(|x_ij|, 0.1·rms(X))); a symmetric variable's pairs together. */
    private static List<dev.matdiff.check.FineCheck.Direction> coordinates(Map<Expr.Var, Expr> gradients, Bindings at) {
        Evaluator base = new Evaluator(at);
        List<dev.matdiff.check.FineCheck.Direction> out = new ArrayList<>();
        for (var entry : gradients.entrySet()) {
            Expr.Var x = entry.getKey();
            RealMatrix value = at.values().get(x.name());
            RealMatrix g = base.value(entry.getValue());
            int rows = value.getRowDimension(), cols = value.getColumnDimension();
            double rms = Math.sqrt(sumOfSquares(value) / ((double) rows * cols));
            for (int i = 0; i < rows; i++)
                for (int j = x.symmetric() ? i : 0; j < cols; j++) {
                    RealMatrix v = MatrixUtils.createRealMatrix(rows, cols);
                    double s = rms == 0 ? 1 : Math.max(Math.abs(value.getEntry(i, j)), 0.1 * rms);
                    if (x.symmetric() && i != j) {
                        v.setEntry(i, j, s / 2);
                        v.setEntry(j, i, s / 2);
                    } else v.setEntry(i, j, s);
                    double a = 0;
                    for (int p = 0; p < rows; p++) for (int q = 0; q < cols; q++) a += g.getEntry(p, q) * v.getEntry(p, q);
                    out.add(new dev.matdiff.check.FineCheck.Direction(x.name(), "entry (" + (i + 1) + ", " + (j + 1) + ")", Map.of(x.name(), v), a));
                }
        }
        return out;
    }

    private static List<dev.matdiff.check.FineCheck.Asymmetry> asymmetries(Map<Expr.Var, Expr> gradients, Bindings at) {
        Evaluator base = new Evaluator(at);
        List<dev.matdiff.check.FineCheck.Asymmetry> out = new ArrayList<>();
        for (var entry : gradients.entrySet()) {
            if (!entry.getKey().symmetric()) continue;
            RealMatrix g = base.value(entry.getValue());
            for (int i = 0; i < g.getRowDimension(); i++)
                for (int j = i + 1; j < g.getColumnDimension(); j++)
                    out.add(new dev.matdiff.check.FineCheck.Asymmetry(entry.getKey().name(), "symmetry", g.getEntry(i, j), g.getEntry(j, i), 0));
        }
        return out;
    }

    private static double sumOfSquares(RealMatrix m) {
        double s = 0;
        for (int i = 0; i < m.getRowDimension(); i++)
            for (int j = 0; j < m.getColumnDimension(); j++) s += m.getEntry(i, j) * m.getEntry(i, j);
        return s;
    }
}
