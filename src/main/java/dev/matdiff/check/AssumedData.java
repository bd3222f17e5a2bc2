package dev.matdiff.check;

import dev.matdiff.linalg.Dense;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.NumericException;
import dev.matdiff.shapes.Assumption;
import dev.matdiff.source.Pos;

import org.apache.commons.math3.linear.RealMatrix;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data that satisfies a program's assumptions: random data made to satisfy them (a total is
 * reached by scaling positive entries, or by shifting them where it is 0 or less; a length by scaling), and given data
 * checked against them.
 */
public final class AssumedData {
    private AssumedData() {}

    /** How far a given total or length may be from the assumed one, relative to it. */
    static final double TOLERANCE = 1e-9;

    /** The bindings with each assumed symbol's value changed so the assumptions hold. */
    public static Bindings satisfying(Bindings at, List<Assumption> facts) {
        if (facts.isEmpty()) return at;
        Map<String, RealMatrix> values = new LinkedHashMap<>(at.values());
        for (Assumption a : facts) {
            RealMatrix m = values.get(a.symbol().name());
            if (m != null) values.put(a.symbol().name(), satisfying(m, a));
        }
        return new Bindings(values, at.dimSizes());
    }

    /** Throws, naming the assumption, if the data does not satisfy it. */
    public static void check(Bindings at, List<Assumption> facts) { check(at, facts, name -> Pos.NONE); }

    /** The same, the error placed where the data gives the symbol's value. */
    public static void check(Bindings at, List<Assumption> facts, java.util.function.Function<String, Pos> where) {
        for (Assumption a : facts) {
            RealMatrix m = at.values().get(a.symbol().name());
            if (m == null) continue;
            double[] measured = measure(Dense.flat(m), m.getRowDimension(), m.getColumnDimension(), a.kind());
            for (int k = 0; k < measured.length; k++)
                if (Math.abs(measured[k] - a.total()) > TOLERANCE * Math.max(1, Math.abs(a.total())))
                    throw new NumericException("the data does not satisfy the assumption " + a.text() + ": "
                            + (measured.length == 1 ? "it is " : where(a.kind(), k) + " it is ") + measured[k], where.apply(a.symbol().name()));
        }
    }

    private static String where(Assumption.Kind kind, int k) {
        return (kind == Assumption.Kind.COLUMN_SUMS ? "for column " : "for row ") + (k + 1);
    }

    /** The totals (or the length) the assumption is about, in the data. */
    private static double[] measure(double[] d, int rows, int cols, Assumption.Kind kind) {
        return switch (kind) {
            case SUM -> new double[] {sum(d, 0, d.length, 1)};
            case NORM -> new double[] {Math.sqrt(dot(d))};
            case COLUMN_SUMS -> {
                double[] out = new double[cols];
                for (int j = 0; j < cols; j++) out[j] = sum(d, j, rows * cols, cols);
                yield out;
            }
            case ROW_SUMS -> {
                double[] out = new double[rows];
                for (int i = 0; i < rows; i++) out[i] = sum(d, i * cols, (i + 1) * cols, 1);
                yield out;
            }
        };
    }

    private static RealMatrix satisfying(RealMatrix m, Assumption a) {
        int rows = m.getRowDimension(), cols = m.getColumnDimension();
        double[] d = Dense.flat(m).clone();
        double c = a.total();
        switch (a.kind()) {
            case NORM -> scale(d, 0, d.length, 1, c / Math.sqrt(dot(d)));
            case SUM -> toTotal(d, 0, d.length, 1, c);
            case COLUMN_SUMS -> { for (int j = 0; j < cols; j++) toTotal(d, j, rows * cols, cols, c); }
            case ROW_SUMS -> { for (int i = 0; i < rows; i++) toTotal(d, i * cols, (i + 1) * cols, 1, c); }
        }
        return new Dense(rows, cols, d);
    }

    /**
     * Entries from..to by step brought to the total c: for c > 0 made positive and scaled (a probability
     * vector for c = 1); else shifted by one amount, so that a total of 0 still gives entries of both signs
     * (scaled, they would all be 0, and a check at them would test nothing).
     */
    private static void toTotal(double[] d, int from, int to, int step, double c) {
        if (c > 0) {
            for (int i = from; i < to; i += step) d[i] = Math.abs(d[i]);
            scale(d, from, to, step, c / sum(d, from, to, step));
            return;
        }
        int count = (to - from + step - 1) / step;
        double shift = (c - sum(d, from, to, step)) / count;
        for (int i = from; i < to; i += step) d[i] += shift;
    }

    private static void scale(double[] d, int from, int to, int step, double by) {
        for (int i = from; i < to; i += step) d[i] *= by;
    }

    private static double sum(double[] d, int from, int to, int step) {
        double s = 0;
        for (int i = from; i < to; i += step) s += d[i];
        return s;
    }

    private static double dot(double[] d) {
        double s = 0;
        for (double v : d) s += v * v;
        return s;
    }
}
