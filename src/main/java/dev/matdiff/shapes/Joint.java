package dev.matdiff.shapes;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts assumed of one symbol, taken together: data must satisfy all of them at once, so two
 * that no data satisfies together are a contradiction even when each alone is possible.
 *
 * <p>Why the test is this small: the totals (sum of all entries, of each column, of each row) each
 * fix the sum of all entries T = c·(entries it adds up per total count), so they agree or not on T;
 * together they leave an affine plane whose point nearest 0 is the constant matrix T/(mn). A length
 * r is then possible exactly when r ≥ |T|/√(mn), and only r = |T|/√(mn) when the totals leave no
 * freedom (a column vector's row sums fix every entry).
 *
 * @param facts the symbol's facts in the order written
 */
public record Joint(Expr.Var symbol, List<Assumption> facts) {

    /** Relative slack for "the same number" between totals computed in floating point. */
    static final double SAME = 1e-12;

    /** Two facts no data satisfies together: {@code later} is where the contradiction shows. */
    public record Conflict(Assumption earlier, Assumption later, String why) {}

    /** The program's facts grouped by the symbol they are about, each group in written order. */
    public static List<Joint> bySymbol(List<Assumption> all) {
        Map<String, List<Assumption>> groups = new LinkedHashMap<>();
        for (Assumption a : all) groups.computeIfAbsent(a.symbol().name(), k -> new ArrayList<>()).add(a);
        List<Joint> out = new ArrayList<>();
        for (List<Assumption> g : groups.values()) out.add(new Joint(g.get(0).symbol(), List.copyOf(g)));
        return out;
    }

    /** The first fact of this kind, or null. */
    public Assumption of(Assumption.Kind kind) {
        for (Assumption a : facts) if (a.kind() == kind) return a;
        return null;
    }

    /** The first of the totals written (the one the others must agree with), or null. */
    public Assumption firstTotal() {
        for (Assumption a : facts) if (a.kind().isTotal()) return a;
        return null;
    }

    /** The sum of all entries the totals fix, for a rows × cols value (they agree when there is no conflict). */
    public double total(long rows, long cols) {
        Assumption t = firstTotal();
        return t == null ? Double.NaN : t.total() * multiplier(t.kind(), (Long) rows, (Long) cols);
    }

    /** How many ways the entries may still move once the totals hold (the affine plane's dimension). */
    public long freedom(long rows, long cols) {
        boolean byColumn = of(Assumption.Kind.COLUMN_SUMS) != null, byRow = of(Assumption.Kind.ROW_SUMS) != null;
        if (byColumn && byRow) return (rows - 1) * (cols - 1);
        if (byColumn) return rows * cols - cols;
        if (byRow) return rows * cols - rows;
        return of(Assumption.Kind.SUM) != null ? rows * cols - 1 : rows * cols;
    }

    /** A contradiction for a value of these sizes, or null when data can satisfy every fact. */
    public Conflict conflict(long rows, long cols) { return conflict(rows, cols, rows == cols); }

    /**
     * A contradiction that holds whatever the sizes not known yet (null), or null: decided while the program
     * is read, so a contradiction is an error at its assumption rather than a check that cannot be run.
     */
    public Conflict conflict(Dim rows, Dim cols) {
        return conflict(known(rows), known(cols), rows.equals(cols));
    }

    private Conflict conflict(Long rows, Long cols, boolean square) {
        List<Assumption> kept = new ArrayList<>();
        for (Assumption a : facts) {
            Assumption same = of(a.kind());
            if (same != a && !close(same.total(), a.total()))
                return new Conflict(same, a, "the same " + what(a.kind()) + " cannot be both " + number(same.total()) + " and " + number(a.total()));
            if (same == a) kept.add(a);
        }
        // entries ±c fix the length and leave the totals to a few values: matdiff draws them for no other fact
        Assumption magnitude = of(Assumption.Kind.MAGNITUDE);
        for (Assumption a : kept)
            if (magnitude != null && a != magnitude)
                return ordered(magnitude, a, "matdiff draws entries ±c for " + magnitude.text() + " and cannot make another fact of "
                        + symbol.name() + " hold beside it");
        List<Assumption> totals = kept.stream().filter(a -> a.kind().isTotal()).toList();
        for (int j = 1; j < totals.size(); j++)
            for (int i = 0; i < j; i++) {
                String why = disagree(totals.get(i), totals.get(j), rows, cols, square);
                if (why != null) return ordered(totals.get(i), totals.get(j), why);
            }
        Assumption norm = of(Assumption.Kind.NORM);
        if (norm == null || totals.isEmpty() || rows == null || cols == null) return null;
        double entries = (double) rows * cols, least = Math.abs(total(rows, cols)) / Math.sqrt(entries);
        Assumption cause = totals.get(0);
        if (freedom(rows, cols) == 0 && !close(least, norm.total()))
            return ordered(cause, norm, "they leave only one value, of length " + number(least));
        if (norm.total() < least * (1 - SAME))
            return ordered(cause, norm, (long) entries + " entries that add up to " + number(total(rows, cols))
                    + " have a length of at least " + number(least));
        return null;
    }

    /** Why two totals cannot hold together (they fix different sums of all entries), or null. */
    private static String disagree(Assumption a, Assumption b, Long rows, Long cols, boolean square) {
        Long ma = multiplier(a.kind(), rows, cols), mb = multiplier(b.kind(), rows, cols);
        if (ma != null && mb != null) {
            double ta = a.total() * ma, tb = b.total() * mb;
            return close(ta, tb) ? null : "they make the sum of all entries " + number(ta) + " and " + number(tb);
        }
        if (square && ma == null && mb == null) // a row and a column total, of as many rows as columns
            return close(a.total(), b.total()) ? null : "a square matrix's row sums and column sums add up to the same sum of all entries";
        if (Math.signum(a.total()) != Math.signum(b.total()))
            return "one makes the sum of all entries " + sign(a.total()) + ", the other " + sign(b.total());
        // one size known: the other must be a whole number of rows or columns
        if (a.total() == 0 || ma == null && mb == null) return null;
        double known = ma != null ? a.total() * ma : b.total() * mb, per = ma != null ? b.total() : a.total();
        double count = known / per;
        return Math.abs(count - Math.rint(count)) <= SAME * Math.max(1, count) && Math.rint(count) >= 1 ? null
                : "no number of " + (ma != null ? counted(b.kind()) : counted(a.kind())) + " makes their sums of all entries agree";
    }

    /** How many of the assumed totals add up to the sum of all entries; null when that size is not known. */
    private static Long multiplier(Assumption.Kind kind, Long rows, Long cols) {
        return switch (kind) {
            case SUM -> 1L;
            case COLUMN_SUMS -> cols;
            case ROW_SUMS -> rows;
            case NORM, MAGNITUDE -> throw new IllegalArgumentException("a length or a magnitude is not a total");
        };
    }

    private static Conflict ordered(Assumption a, Assumption b, String why) {
        return a.pos().start() <= b.pos().start() ? new Conflict(a, b, why) : new Conflict(b, a, why);
    }

    private static Long known(Dim d) { return d instanceof Dim.Fixed f ? (long) f.size() : null; }

    private static boolean close(double a, double b) { return Math.abs(a - b) <= SAME * Math.max(1, Math.max(Math.abs(a), Math.abs(b))); }

    private static String what(Assumption.Kind kind) {
        return switch (kind) {
            case SUM -> "sum";
            case COLUMN_SUMS -> "column sum";
            case ROW_SUMS -> "row sum";
            case NORM -> "length";
            case MAGNITUDE -> "absolute value";
        };
    }

    private static String counted(Assumption.Kind kind) { return kind == Assumption.Kind.COLUMN_SUMS ? "columns" : "rows"; }

    private static String sign(double v) { return v > 0 ? "positive" : v < 0 ? "negative" : "0"; }

    /** Six significant digits: a bound in a message, not a value to copy. */
    private static String number(double v) {
        return dev.matdiff.expr.TextPrinter.number(new java.math.BigDecimal(v).round(new java.math.MathContext(6)).doubleValue());
    }
}
