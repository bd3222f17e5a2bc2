package dev.matdiff.check;

import dev.matdiff.expr.Expr;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Evaluator;

import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A settled difference quotient proves nothing against a gradient whose own value is lost to rounding at the point: a deep
 * attention stack's reverse pass, on random data, cancels terms past 1e100 to leave 1e17. The gradient's rounding error is
 * carried through its sums and products ({@link RoundingError}); a direction that disagrees within it is set aside and the
 * others judged again, so that one disagreeing beyond its own rounding still fails (review: a second variable's 1% error
 * was hidden by the first's).
 */
final class LostToRounding {
    private LostToRounding() {}

    /** Directions set aside at a point before what is left is not judged again (each judging is a ladder for all of them). */
    static final int MAX_SET_ASIDE = 8;

    /**
     * FineCheck's judgement of the directions, a disagreement within the gradient's own rounding set aside.
     *
     * @param note why a direction was set aside ("the gradient for X carries a rounding error of about …"), or null when
     *             none was, or when a disagreement beyond rounding was found (a failure)
     */
    record Judged(FineCheck.Judgement judgement, String note) {}

    static Judged judge(Expr f, Map<Expr.Var, Expr> gradients, Bindings at, List<FineCheck.Direction> directions,
                        List<FineCheck.Asymmetry> asymmetries, double atLeast) {
        List<FineCheck.Direction> left = new ArrayList<>(directions);
        FineCheck.Judgement j = FineCheck.judge(f, at, left, asymmetries, atLeast);
        String note = null;
        RoundingError.AtPoint errors = null;
        for (int setAside = 0; j.finding() == FineCheck.Finding.DISAGREES && j.asymmetric() == null && j.worst() != null; ) {
            if (errors == null) errors = new RoundingError.AtPoint(new Evaluator(at));
            String lost = lost(gradients, errors, j.worst(), j.numeric());
            if (lost == null) return new Judged(j, null);
            if (note == null) note = lost;
            if (left.size() == 1 || ++setAside == MAX_SET_ASIDE) break;
            left.remove(j.worst());
            j = FineCheck.judge(f, at, left, asymmetries, atLeast);
        }
        return new Judged(j, note);
    }

    /** Why the symbolic derivative along d cannot be held against the numeric one: its rounding error covers the difference; else null. */
    private static String lost(Map<Expr.Var, Expr> gradients, RoundingError.AtPoint errors, FineCheck.Direction d, double numeric) {
        double lost = along(gradients, errors, d);
        if (!(Math.abs(d.symbolic() - numeric) <= lost)) return null;
        return Double.isInfinite(lost)
                ? String.format("the gradient for %s is lost to rounding here (its terms pass 1e308 before they cancel)", d.variable())
                : String.format("the gradient for %s carries a rounding error of about %.1e here (its terms cancel)", d.variable(), lost);
    }

    /**
     * About how far the symbolic derivative along d can be off at the point: each gradient's rounding error along its move;
     * infinite where the gradient's terms pass 1e308 before they cancel, NaN where no estimate could be made (nothing is
     * set aside for it).
     */
    private static double along(Map<Expr.Var, Expr> gradients, RoundingError.AtPoint errors, FineCheck.Direction d) {
        double lost = 0;
        for (var g : gradients.entrySet()) {
            RealMatrix v = d.moves().get(g.getKey().name());
            if (v == null) continue;
            double[][] e = errors.entries(g.getValue());
            for (int i = 0; i < e.length; i++)
                for (int j = 0; j < e[0].length; j++) if (v.getEntry(i, j) != 0) lost += e[i][j] * Math.abs(v.getEntry(i, j));
        }
        return lost;
    }
}
