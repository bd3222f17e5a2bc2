package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Means;
import dev.matdiff.expr.Op;

import java.util.ArrayList;
import java.util.List;

import static dev.matdiff.expr.Exprs.*;

/**
 * A sum over its own count is a mean, and is written as one: sum(x)·M/n = mean(x)·M,
 * sum(X, 2)·1ᵀ/n = mean(X, 2)·1ᵀ. Only the exact count divides (n for an n-vector, mn for an
 * m×n matrix), and the rules that move a divisor out of a product leave a mean alone, so
 * this is not undone.
 */
final class MeanRules {
    private MeanRules() {}

    static Expr meanOut(Node n) {
        if (Means.isMean(n)) return null;
        Expr whole = meanOut(n.arg(0), n.arg(1));
        if (whole != null) return whole;
        // sum(t)·1/(s·n) = mean(t)·1/s: the count is among the divisor's factors (one or two of them), the rest still divides
        List<Expr> divisor = new ArrayList<>();
        ScalarRules.scalarFactors(n.arg(1), divisor);
        if (divisor.size() < 2 || divisor.size() > 4) return null;
        for (int i = 0; i < divisor.size(); i++)
            for (int j = i; j < divisor.size(); j++) {
                Expr out = meanOut(n.arg(0), i == j ? divisor.get(i) : mul(divisor.get(i), divisor.get(j)));
                if (out == null) continue;
                Expr rest = null;
                for (int k = 0; k < divisor.size(); k++)
                    if (k != i && k != j) rest = rest == null ? divisor.get(k) : mul(rest, divisor.get(k));
                return rest == null ? out : div(out, rest);
            }
        return null;
    }

    /** top/count with a sum among top's factors (or first or last in its product) read as a mean, else null. */
    private static Expr meanOut(Expr top, Expr count) {
        if (is(top, Op.SCALE)) {
            ScalarRules.Scaling s = ScalarRules.Scaling.of((Node) top);
            for (int i = 0; i < s.factors().size(); i++) {
                Expr mean = meanOf(s.factors().get(i), count);
                if (mean == null) continue;
                List<Expr> fs = new ArrayList<>(s.factors());
                fs.set(i, mean);
                return s.with(fs);
            }
            // t·sum(X, 2)/n = t·mean(X, 2): the scaled part is the sum
            Expr mean = s.rest() == null ? null : meanOf(s.rest(), count);
            if (mean != null) return new ScalarRules.Scaling(List.of(), mean).with(s.factors());
        }
        if (is(top, Op.MATMUL)) {
            // the row sums first (sum(X, 2)·1ᵀ), or the column sums last (1·sum(X, 1))
            List<Expr> f = new ArrayList<>(top.children());
            for (int i : new int[] {0, f.size() - 1}) {
                Expr mean = meanOf(f.get(i), count);
                if (mean == null) continue;
                f.set(i, mean);
                return matmul(f);
            }
        }
        return null;
    }

    /**
     * mean(A)·count(A) = sum(A) among a chain of scalar factors (the count m·n may stand as its two factors):
     * what div-cancel does for a(A/a), with the mean on the left, where scale-div leaves it.
     */
    static Expr meanTimesCount(Node n) {
        ScalarRules.Scaling s = ScalarRules.Scaling.of(n);
        for (int i = 0; i < s.factors().size(); i++) {
            Expr mean = s.factors().get(i);
            if (!Means.isMean(mean)) continue;
            List<Expr> count = new ArrayList<>();
            ScalarRules.scalarFactors(arg(mean, 1), count);
            List<Expr> rest = new ArrayList<>(s.factors());
            rest.set(i, arg(mean, 0));
            boolean all = true;
            for (Expr c : count) {
                int at = indexOf(rest, c);
                if (at < 0) { all = false; break; }
                rest.remove(at);
            }
            if (all) return s.with(rest);
        }
        return null;
    }

    /** The index of c in fs, by identity (the factors are interned). */
    private static int indexOf(List<Expr> fs, Expr c) {
        for (int j = 0; j < fs.size(); j++) if (fs.get(j) == c) return j;
        return -1;
    }

    /** total/count when that is a mean, else null. */
    private static Expr meanOf(Expr total, Expr count) {
        if (!is(total, Op.SUM) && !is(total, Op.SUM_ROWS) && !is(total, Op.SUM_COLUMNS)) return null;
        Expr mean = div(total, count);
        return Means.isMean(mean) ? mean : null;
    }
}
