package dev.matdiff.check;

import dev.matdiff.linalg.Dense;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.NumericException;
import dev.matdiff.shapes.Assumption;
import dev.matdiff.shapes.Joint;
import dev.matdiff.source.Pos;

import org.apache.commons.math3.linear.RealMatrix;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data that satisfies a program's assumptions: random data made to satisfy all of a symbol's
 * assumptions together ({@link Totals}), and given data checked against them.
 */
public final class AssumedData {
    private AssumedData() {}

    /** How far a given total or length may be from the assumed one, relative to it. */
    static final double TOLERANCE = 1e-9;

    /**
     * No data of the drawn sizes satisfies a symbol's facts together (sum(y) = 2 and norm(y) = 1 need 4
     * entries or more): not a failure of the gradient, so the self-check is skipped and check refuses,
     * at the later of the two facts.
     */
    public static final class Unsatisfiable extends NumericException {
        Unsatisfiable(String message, Pos pos) { super(message, pos); }
    }

    /** The bindings with each assumed symbol's value changed so that all its assumptions hold together. */
    public static Bindings satisfying(Bindings at, List<Assumption> facts) {
        if (facts.isEmpty()) return at;
        Map<String, RealMatrix> values = new LinkedHashMap<>(at.values());
        for (Joint j : Joint.bySymbol(facts)) {
            RealMatrix m = values.get(j.symbol().name());
            if (m != null) values.put(j.symbol().name(), satisfying(m, j, at.dimSizes()));
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
                            + (measured.length == 1 ? "it is " : where(a.kind(), k, m.getRowDimension(), m.getColumnDimension()) + " it is ") + measured[k], where.apply(a.symbol().name()));
        }
    }

    /** "for column 2", "for row 3", "for entry 4" of a vector, "for entry (2, 3)" of a matrix (k counts column by column). */
    private static String where(Assumption.Kind kind, int k, int rows, int cols) {
        if (kind == Assumption.Kind.MAGNITUDE)
            return "for entry " + (rows > 1 && cols > 1 ? "(" + (k % rows + 1) + ", " + (k / rows + 1) + ")" : String.valueOf(k + 1));
        return (kind == Assumption.Kind.COLUMN_SUMS ? "for column " : "for row ") + (k + 1);
    }

    /** The totals (or the length) the assumption is about, in the data. */
    private static double[] measure(double[] d, int rows, int cols, Assumption.Kind kind) {
        return switch (kind) {
            case SUM -> new double[] {Totals.sum(d, 0, d.length, 1)};
            case NORM -> new double[] {Math.sqrt(Totals.dot(d))};
            case MAGNITUDE -> {
                // column by column, as a vector's entries and vec(Y) count
                double[] out = new double[d.length];
                for (int j = 0; j < cols; j++) for (int i = 0; i < rows; i++) out[j * rows + i] = Math.abs(d[i * cols + j]);
                yield out;
            }
            case COLUMN_SUMS -> {
                double[] out = new double[cols];
                for (int j = 0; j < cols; j++) out[j] = Totals.sum(d, j, rows * cols, cols);
                yield out;
            }
            case ROW_SUMS -> {
                double[] out = new double[rows];
                for (int i = 0; i < rows; i++) out[i] = Totals.sum(d, i * cols, (i + 1) * cols, 1);
                yield out;
            }
        };
    }

    private static RealMatrix satisfying(RealMatrix m, Joint j, Map<String, Integer> sizes) {
        int rows = m.getRowDimension(), cols = m.getColumnDimension();
        String at = (sizes.isEmpty() ? "for a " + rows + "×" + cols + " " + j.symbol().name() : "at " + sizes.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).collect(java.util.stream.Collectors.joining(", ")));
        Joint.Conflict no = j.conflict(rows, cols);
        if (no != null)
            throw new Unsatisfiable("matdiff cannot draw data that satisfies " + no.later().text() + " together with " + no.earlier().text()
                    + " (line " + no.earlier().pos().line() + ") " + at + ": " + no.why() + " (check --dims gives other sizes)", no.later().pos());
        double[] d = Dense.flat(m).clone();
        Totals.reach(d, rows, cols, j);
        Assumption norm = j.of(Assumption.Kind.NORM);
        if (norm != null) Totals.lengthen(d, rows, cols, j, norm.total());
        Assumption magnitude = j.of(Assumption.Kind.MAGNITUDE);
        if (magnitude != null) for (int i = 0; i < d.length; i++) d[i] = d[i] < 0 ? -magnitude.total() : magnitude.total();
        Dense out = new Dense(rows, cols, d);
        // a draw that missed would make a right gradient look wrong: refuse it instead (no draw is known to)
        try {
            check(new Bindings(Map.of(j.symbol().name(), out), sizes), j.facts());
        } catch (NumericException missed) {
            throw new Unsatisfiable("matdiff could not draw data that satisfies its assumptions on '" + j.symbol().name() + "' " + at
                    + " together: " + missed.getMessage(), j.facts().get(j.facts().size() - 1).pos());
        }
        return out;
    }
}
