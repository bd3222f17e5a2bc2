package dev.matdiff.check;

import dev.matdiff.shapes.Assumption;
import dev.matdiff.shapes.Joint;

/**
 * Drawn entries (row-major) brought onto all of one symbol's assumed totals and its length at once,
 * once {@link Joint} has found that data can satisfy them together.
 *
 * <p>One total keeps the draws it always made: a positive total by positive entries scaled (a
 * probability vector for 1), else by one shift (a total of 0 still has entries of both signs). A
 * sum of all entries beside a row or column total needs nothing more: they agree on it. Row and
 * column totals together are reached by Sinkhorn's alternate scaling of positive entries when they
 * are positive (doubly stochastic for 1), then by the exact projection onto both, which removes
 * Sinkhorn's last rounding-sized miss (and is all there is for totals of 0 or less). A length beside
 * totals moves the entries within the plane the totals leave, out from its point nearest 0.
 */
final class Totals {
    private Totals() {}

    /** Sinkhorn stops when every row total is this close to its target, relative to it: far below the check's 1e-9. */
    static final double SINKHORN_MISS = 1e-14;
    /** Sinkhorn converges geometrically on positive entries; a bound keeps a pathological draw from spinning (the projection still makes it exact). */
    static final int SINKHORN_ROUNDS = 10_000;

    /** The entries brought onto the symbol's totals (every total it assumes, together). */
    static void reach(double[] d, int rows, int cols, Joint j) {
        Assumption byColumn = j.of(Assumption.Kind.COLUMN_SUMS), byRow = j.of(Assumption.Kind.ROW_SUMS), all = j.of(Assumption.Kind.SUM);
        if (byColumn != null && byRow != null) {
            if (byRow.total() > 0) sinkhorn(d, rows, cols, byRow.total(), byColumn.total());
            project(d, rows, cols, byRow.total(), byColumn.total());
        } else if (byColumn != null) {
            for (int c = 0; c < cols; c++) toTotal(d, c, rows * cols, cols, byColumn.total());
        } else if (byRow != null) {
            for (int r = 0; r < rows; r++) toTotal(d, r * cols, (r + 1) * cols, 1, byRow.total());
        } else if (all != null) {
            toTotal(d, 0, d.length, 1, all.total());
        }
    }

    /**
     * Entries that already reach the totals given the length {@code length}: y = x0 + t·u, x0 the constant
     * matrix T/(mn) (the plane's point nearest 0), u the drawn entries' offset from it made a unit, and
     * t = √(length² − ‖x0‖²) (Joint has made sure that is real).
     */
    static void lengthen(double[] d, int rows, int cols, Joint j, double length) {
        if (j.firstTotal() == null) {
            scale(d, 0, d.length, 1, length / Math.sqrt(dot(d)));
            return;
        }
        double centre = j.total(rows, cols) / d.length;
        double t = Math.sqrt(Math.max(0, length * length - centre * centre * d.length));
        for (int i = 0; i < d.length; i++) d[i] -= centre;
        if (j.freedom(rows, cols) == 0) t = 0;
        if (t > 0 && Math.sqrt(dot(d)) <= 1e-9 * Math.max(1, Math.abs(centre))) offset(d, rows, cols, j);
        double by = t == 0 ? 0 : t / Math.sqrt(dot(d));
        for (int i = 0; i < d.length; i++) d[i] = centre + by * d[i];
    }

    /** A direction within the totals' plane for entries drawn all equal (no random draw is, but a direction must exist): a fixed pattern with the totals' parts removed. */
    private static void offset(double[] d, int rows, int cols, Joint j) {
        for (int i = 0; i < d.length; i++) d[i] = Math.sin(i + 1.0);
        Assumption byColumn = j.of(Assumption.Kind.COLUMN_SUMS), byRow = j.of(Assumption.Kind.ROW_SUMS);
        if (byColumn != null && byRow != null) project(d, rows, cols, 0, 0);
        else if (byColumn != null) for (int c = 0; c < cols; c++) shift(d, c, rows * cols, cols, 0);
        else if (byRow != null) for (int r = 0; r < rows; r++) shift(d, r * cols, (r + 1) * cols, 1, 0);
        else shift(d, 0, d.length, 1, 0);
    }

    /** Positive entries scaled by rows and by columns in turn until the rows reach their totals too. */
    private static void sinkhorn(double[] d, int rows, int cols, double rowTotal, double columnTotal) {
        for (int i = 0; i < d.length; i++) d[i] = Math.abs(d[i]);
        for (int round = 0; round < SINKHORN_ROUNDS; round++) {
            for (int r = 0; r < rows; r++) scale(d, r * cols, (r + 1) * cols, 1, rowTotal / sum(d, r * cols, (r + 1) * cols, 1));
            for (int c = 0; c < cols; c++) scale(d, c, rows * cols, cols, columnTotal / sum(d, c, rows * cols, cols));
            double miss = 0;
            for (int r = 0; r < rows; r++) miss = Math.max(miss, Math.abs(sum(d, r * cols, (r + 1) * cols, 1) - rowTotal));
            if (miss <= SINKHORN_MISS * rowTotal) return;
        }
    }

    /**
     * The nearest entries whose rows add up to a and columns to b (m·a = n·b, as Joint has checked):
     * y_ij = x_ij + (a − R_i)/n + (b − C_j)/m − (m·a − S)/(mn), R, C, S the row, column and whole sums.
     */
    static void project(double[] d, int rows, int cols, double a, double b) {
        double[] rowSums = new double[rows], colSums = new double[cols];
        for (int r = 0; r < rows; r++) rowSums[r] = sum(d, r * cols, (r + 1) * cols, 1);
        for (int c = 0; c < cols; c++) colSums[c] = sum(d, c, rows * cols, cols);
        double whole = sum(d, 0, d.length, 1), missing = (rows * a - whole) / ((double) rows * cols);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                d[r * cols + c] += (a - rowSums[r]) / cols + (b - colSums[c]) / rows - missing;
    }

    /**
     * Entries from..to by step brought to the total c: for c > 0 made positive and scaled (a probability
     * vector for c = 1); else shifted by one amount, so that a total of 0 still gives entries of both signs
     * (scaled, they would all be 0, and a check at them would test nothing).
     */
    static void toTotal(double[] d, int from, int to, int step, double c) {
        if (c > 0) {
            for (int i = from; i < to; i += step) d[i] = Math.abs(d[i]);
            scale(d, from, to, step, c / sum(d, from, to, step));
        } else {
            shift(d, from, to, step, c);
        }
        settle(d, from, to, step, c);
    }

    /**
     * The rounding miss of a scaling or shift put on the largest entry: a group of one entry (a class of one,
     * a 1×1 total) then holds the total exactly. Scaled, y·(1/y) can be 1 − ε, and a gradient derived with the
     * assumption is then off by ε·y where f itself is flat (-y'*log(softmax(h)) with one class), a difference
     * at f's and its gradient's scale of 0 that finite differences cannot decide.
     */
    private static void settle(double[] d, int from, int to, int step, double c) {
        int largest = from;
        for (int i = from; i < to; i += step) if (Math.abs(d[i]) > Math.abs(d[largest])) largest = i;
        d[largest] += c - sum(d, from, to, step);
    }

    private static void shift(double[] d, int from, int to, int step, double c) {
        int count = (to - from + step - 1) / step;
        double by = (c - sum(d, from, to, step)) / count;
        for (int i = from; i < to; i += step) d[i] += by;
    }

    private static void scale(double[] d, int from, int to, int step, double by) {
        for (int i = from; i < to; i += step) d[i] *= by;
    }

    static double sum(double[] d, int from, int to, int step) {
        double s = 0;
        for (int i = from; i < to; i += step) s += d[i];
        return s;
    }

    static double dot(double[] d) {
        double s = 0;
        for (double v : d) s += v * v;
        return s;
    }
}
