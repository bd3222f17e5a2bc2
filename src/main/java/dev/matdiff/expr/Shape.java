package dev.matdiff.expr;

/** rows × cols. A scalar is 1 × 1 and a vector n × 1. */
public record Shape(Dim rows, Dim cols) {

    public static final Shape SCALAR = new Shape(Dim.ONE, Dim.ONE);

    public static Shape vector(Dim n) { return new Shape(n, Dim.ONE); }

    public static Shape square(Dim n) { return new Shape(n, n); }

    public boolean isScalar() { return rows.isOne() && cols.isOne(); }

    public boolean isColumn() { return cols.isOne(); }

    public Shape transposed() { return new Shape(cols, rows); }

    /** "(p - r + 1)×q": a size that is a sum is bracketed, or p - r + 1×q would read as p - r + (1×q). */
    @Override public String toString() { return side(rows) + "×" + side(cols); }

    private static String side(Dim d) {
        String s = d.toString();
        return s.contains(" + ") || s.contains(" - ") ? "(" + s + ")" : s;
    }
}
