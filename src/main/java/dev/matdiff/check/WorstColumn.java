package dev.matdiff.check;

import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * {@link JacobianCheck}'s worst relative error so far: a vector derivative (a column of J, J v,
 * a Hessian's) compared with its difference, entry by entry, relative to the larger's size. A
 * disagreement along a direction whose difference crosses a kink ({@link Kinks}) is kept apart,
 * in {@link #kinked}: it is not evidence against the derivative, which is a subgradient there.
 */
final class WorstColumn {
    /** Entries below this are the rounding of terms that cancel, not evidence. */
    static final double ABSOLUTE_FLOOR = 1e-10;

    double error = 0, symbolic, numeric, relativeTo;
    String variable, direction;
    /** The worst disagreement across a kink, and that kink ({@link #kink}); null when there is none. */
    WorstColumn kinked;
    String kink;

    /** A column along a direction {@code dir}: its entries named by their rows. */
    void offer(double[] a, double[] b, String var, String dir, double overall, double unit, Supplier<String> kink) {
        offer(a, b, var, i -> dir + (a.length > 1 ? ", row " + (i + 1) : ""), overall, unit, kink);
    }

    /**
     * @param overall the size of the whole derivative, which a column that should be zero is compared to
     * @param unit    the step's scale along a coordinate (the values shown are then J's own entries), else 1
     * @param entry   where entry i of the column is, as the message names it
     * @param kink    the kink a difference along this direction reaches, asked only if it disagrees; null: never
     */
    void offer(double[] a, double[] b, String var, IntFunction<String> entry, double overall, double unit, Supplier<String> kink) {
        double scale = overall;
        for (int i = 0; i < a.length; i++) scale = Math.max(scale, Math.max(Math.abs(a[i]), Math.abs(b[i])));
        double floor = Math.max(GradientCheck.FLOOR * scale, ABSOLUTE_FLOOR);
        String reached = null;
        boolean asked = false;
        for (int i = 0; i < a.length; i++) {
            double relative = Math.max(Math.max(Math.abs(a[i]), Math.abs(b[i])), floor);
            double e = Math.abs(a[i] - b[i]) / relative;
            String at = entry.apply(i);
            if (e > GradientCheck.TOLERANCE && kink != null) {
                if (!asked) { reached = kink.get(); asked = true; }
                if (reached != null) {
                    if (kinked == null) kinked = new WorstColumn();
                    if (kinked.record(e, a[i] / unit, b[i] / unit, relative / unit, var, at)) kinked.kink = reached;
                    continue;
                }
            }
            record(e, a[i] / unit, b[i] / unit, relative / unit, var, at);
        }
    }

    private boolean record(double e, double a, double b, double relative, String var, String at) {
        if (variable != null && !(e > error)) return false;
        error = e; symbolic = a; numeric = b; relativeTo = relative; variable = var; direction = at;
        return true;
    }

    /** Whether both are the disagreement of one variable's one entry or direction. */
    boolean sameEntry(WorstColumn other) {
        return java.util.Objects.equals(variable, other.variable) && java.util.Objects.equals(direction, other.direction);
    }

    /**
     * Whether the differences have settled between this step's comparison and a finer step's: where both worst
     * disagreements are one entry's, its differences agree to a tenth (where the worst moves between entries, only the
     * errors' own agreement to a tenth can say every entry is off by as much: JacobianCheck asks that).
     */
    boolean settledWith(WorstColumn finer) {
        if (!sameEntry(finer)) return true;
        double size = Math.max(Math.max(Math.abs(numeric), Math.abs(finer.numeric)), Math.abs(finer.symbolic) * GradientCheck.FLOOR);
        return Math.abs(numeric - finer.numeric) <= 0.1 * size;
    }

    void take(WorstColumn o) {
        record(o.error, o.symbolic, o.numeric, o.relativeTo, o.variable, o.direction);
        if (o.kinked != null && (kinked == null || o.kinked.error > kinked.error)) kinked = o.kinked;
    }
}
