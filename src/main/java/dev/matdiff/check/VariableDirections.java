package dev.matdiff.check;

import dev.matdiff.expr.Expr;
import dev.matdiff.linalg.Matrices;

import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The directions {@link GradientCheck} moves one variable X along: its coordinates when X has at
 * most {@value GradientCheck#MAX_COORDINATE_ENTRIES} entries, else random ± patterns; each scaled
 * entry by entry to X (max(|x_ij|, 0.1·rms(X))), so that a step is a relative change of every
 * entry it touches and stays inside the domain of log, sqrt or inv.
 */
final class VariableDirections {
    private VariableDirections() {}

    /** @param unit the step's scale along a coordinate, so that ⟨G, V⟩ / unit is G's own entry (as eval prints it); 1 for a random V */
    record Direction(String label, RealMatrix v, double unit) {}

    /** How many directions {@link #of} gives X, without making them (a large X's would take memory). */
    static int count(Expr.Var x, RealMatrix value, int randomCount) {
        int rows = value.getRowDimension(), cols = value.getColumnDimension();
        if (!coordinates(value)) return randomFor(value, randomCount);
        return x.symmetric() ? rows * (rows + 1) / 2 : rows * cols;
    }

    /** Past this many entries a variable gets {@link #FEW_RANDOM} random directions: each costs passes over all of them. */
    static final long LARGE_ENTRIES = 1L << 16;
    static final int FEW_RANDOM = 3;

    /**
     * How many random directions X gets: fewer for a large X, where one random direction already meets a wrong gradient
     * almost surely and each costs several evaluations over every entry (a check of a 2^25-entry vector took 7 minutes).
     */
    static int randomFor(RealMatrix value, int randomCount) {
        return randomFor((long) value.getRowDimension() * value.getColumnDimension(), randomCount);
    }

    /** The same for a variable of this many entries (JacobianCheck's directions too). */
    static int randomFor(long entries, int randomCount) {
        return entries > LARGE_ENTRIES ? Math.min(randomCount, FEW_RANDOM) : randomCount;
    }

    private static boolean coordinates(RealMatrix value) {
        return (long) value.getRowDimension() * value.getColumnDimension() <= GradientCheck.MAX_COORDINATE_ENTRIES;
    }

    /** X's coordinate directions (symmetric ones for a symmetric X), or random ones for a large X. */
    static List<Direction> of(Expr.Var x, RealMatrix value, int randomCount, Random random) {
        int rows = value.getRowDimension(), cols = value.getColumnDimension();
        double[][] s = scales(value);
        boolean sym = x.symmetric();
        List<Direction> out = new ArrayList<>();
        if (coordinates(value)) {
            for (int i = 0; i < rows; i++)
                for (int j = sym ? i : 0; j < cols; j++) {
                    double[][] v = new double[rows][cols];
                    if (sym && i != j) {
                        v[i][j] = v[j][i] = s[i][j] / 2;
                        out.add(new Direction("entries (" + (i + 1) + ", " + (j + 1) + ") and (" + (j + 1) + ", " + (i + 1) + ")", Matrices.wrap(v), s[i][j]));
                    } else {
                        v[i][j] = s[i][j];
                        out.add(new Direction(rows * cols == 1 ? "its value" : "entry (" + (i + 1) + ", " + (j + 1) + ")", Matrices.wrap(v), s[i][j]));
                    }
                }
            return out;
        }
        for (int k = 1; k <= randomFor(value, randomCount); k++) out.add(new Direction("random direction " + k + ", scaled to " + x.name() + "'s entries", random(x, value, random), 1));
        return out;
    }

    /** Each entry moved by ± its own scale; symmetric for a symmetric variable. */
    static RealMatrix random(Expr.Var x, RealMatrix value, Random random) {
        int rows = value.getRowDimension(), cols = value.getColumnDimension();
        double[][] s = scales(value);
        double[][] v = new double[rows][cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                v[i][j] = x.symmetric() && j < i ? v[j][i] : (random.nextBoolean() ? s[i][j] : -s[i][j]);
        return Matrices.wrap(v);
    }

    /** max(|x_ij|, 0.1·rms(X)), or 1 for a zero X: the size of a relative step in each entry. */
    private static double[][] scales(RealMatrix x) {
        int rows = x.getRowDimension(), cols = x.getColumnDimension();
        double rms = Math.sqrt(Matrices.reduce(x, v -> v * v) / ((double) rows * cols));
        double[][] s = new double[rows][cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                s[i][j] = rms == 0 ? 1 : Math.max(Math.abs(x.getEntry(i, j)), 0.1 * rms);
        return s;
    }
}
