package dev.matdiff.numeric;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Term;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.linalg.Dense;

import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.List;

import static dev.matdiff.numeric.Canonical.alias;

/**
 * Sums of exponentials S = Σ c_i·exp(u_i) (a constant c counts as c·exp(0)), computed with the largest
 * exponent m = max_i u_i taken out (u − m loses no digits where u is close to m; u + log c would), entry by entry: log(S) = m + log Σ c_i·exp(u_i − m), and a
 * quotient such as the gradients' c·Π exp(v_j)·Π S_k^(q_k) = c·exp(Σ v_j + Σ q_k·m_k)·Π (Σ c_i·exp(u_i − m_k))^(q_k).
 * As written, exp(1000) overflows and exp(−1000) underflows to 0, so log(exp(a) + exp(b)) at a = 1000 and
 * its gradient exp(a)/(exp(a) + exp(b)) have no value, nor 1/(1 + exp(−a)) at a = −800, where the closed
 * forms have every digit. The plan computes such a log or quotient from the exponents alone, in one step.
 */
final class ExpSums {
    /** One term c·exp(u) of a sum; u is null for a constant term (exp(0)). */
    record Part(double coefficient, Expr exponent) {}

    /** A sum of exponentials raised to the power q (negative in a denominator). */
    record Factor(List<Part> parts, double power) {}

    /**
     * log(S) of the one factor when log is set; otherwise c·exp(Σ numerator)·Π factors. The operands are the
     * exponents: the numerator's first, then each factor's (constant terms have none).
     */
    record Form(boolean log, double coefficient, List<Expr> numerator, List<Factor> factors) {
        List<Expr> exponents() {
            List<Expr> out = new ArrayList<>(numerator);
            for (Factor f : factors) for (Part p : f.parts()) if (p.exponent() != null) out.add(p.exponent());
            return out;
        }
    }

    /** The most nodes a quotient's factors are looked for in: the forms are a few factors deep. */
    private static final int MAX_NODES = 24;

    private ExpSums() {}

    /** The form of e, a log of a sum of exponentials or a quotient of exponentials with such a sum below; else null. */
    static Form of(Expr e) {
        if (Exprs.is(e, Op.LOG)) {
            List<Part> s = parts(alias(Exprs.arg(e, 0)));
            return s == null ? null : new Form(true, 1, List.of(), List.of(new Factor(s, 1)));
        }
        if (!(Exprs.is(e, Op.DIV) || Exprs.is(e, Op.ELEMDIV) || powerOf(e) < 0 || isProduct(e))) return null;
        Form f = new Form(false, 1, new ArrayList<>(), new ArrayList<>());
        double c = collect(e, 1, f, e, new int[] {MAX_NODES});
        if (Double.isNaN(c) || f.factors().stream().noneMatch(k -> k.power() < 0)) return null;
        return new Form(false, c, f.numerator(), f.factors());
    }

    /**
     * Reads the factors of e, raised to the power q, into f: exponentials into the numerator, sums of them
     * (and their powers) into the factors. The number they are scaled by, or NaN when e is anything else or a
     * factor has neither e's shape nor a scalar's, or the walk would pass {@link #MAX_NODES} nodes (a product's
     * factors shared down a deep DAG would be walked once per path).
     */
    private static double collect(Expr e, double q, Form f, Expr whole, int[] budget) {
        if (--budget[0] < 0) return Double.NaN;
        e = alias(e);
        if (e instanceof Expr.Num k) return Math.pow(k.value(), q);
        if (!e.shape().isScalar() && !e.shape().equals(whole.shape())) return Double.NaN;
        if (Exprs.is(e, Op.NEG)) return q == Math.rint(q) ? (q % 2 == 0 ? 1 : -1) * collect(Exprs.arg(e, 0), q, f, whole, budget) : Double.NaN;
        if (Exprs.is(e, Op.EXP) && q == 1) {
            f.numerator().add(alias(Exprs.arg(e, 0)));
            return 1;
        }
        if (isProduct(e)) {
            double c = 1;
            for (Expr a : ((Node) e).args()) {
                c *= collect(a, q, f, whole, budget);
                if (Double.isNaN(c)) return c;
            }
            return c;
        }
        if (Exprs.is(e, Op.DIV) || Exprs.is(e, Op.ELEMDIV)) {
            double c = collect(Exprs.arg(e, 0), q, f, whole, budget);
            return Double.isNaN(c) ? c : c * collect(Exprs.arg(e, 1), -q, f, whole, budget);
        }
        double p = powerOf(e);
        if (p != 0) return collect(Exprs.arg(e, 0), q * p, f, whole, budget);
        List<Part> s = parts(e);
        if (s == null) return Double.NaN;
        f.factors().add(new Factor(s, q));
        return 1;
    }

    /** A product taken entry by entry: of scalars, a scaling, or a Hadamard product. */
    private static boolean isProduct(Expr e) {
        return Exprs.is(e, Op.HADAMARD) || (Exprs.is(e, Op.MATMUL) || Exprs.is(e, Op.SCALE)) && ((Node) e).args().stream().allMatch(a -> a.shape().isScalar())
                || Exprs.is(e, Op.SCALE) && alias(Exprs.arg(e, 0)).shape().isScalar();
    }

    /** The p of S^p of a scalar or S.^p; 0 for anything else. */
    private static double powerOf(Expr e) {
        return Exprs.is(e, Op.POWER) && e.shape().isScalar() || Exprs.is(e, Op.ELEMPOW) ? ((Node) e).param() : 0;
    }

    /** The terms of a sum of exponentials (several terms, at least one an exponential, or one exponential), or null. */
    private static List<Part> parts(Expr s) {
        List<Part> out = new ArrayList<>();
        if (!terms(s, 1, out, new int[] {MAX_NODES})) return null;
        for (Part p : out) if (p.coefficient() == 0 || !Double.isFinite(p.coefficient())) return null;
        return out.stream().anyMatch(p -> p.exponent() != null) ? out : null;
    }

    /** Adds the terms of k·s to out, through nested sums and their scalings by numbers ((u + exp(y))/2); false for anything else. */
    private static boolean terms(Expr s, double k, List<Part> out, int[] budget) {
        if (--budget[0] < 0) return false;
        Term t = Term.readThrough(alias(s));
        Expr b = alias(t.base());
        double c = k * t.coefficient();
        if (Exprs.is(b, Op.DIV) && alias(Exprs.arg(b, 1)) instanceof Expr.Num d) return terms(Exprs.arg(b, 0), c / d.value(), out, budget);
        if (Exprs.is(b, Op.ADD)) {
            for (Expr a : ((Node) b).args()) if (!terms(a, c, out, budget)) return false;
            return true;
        }
        if (Exprs.is(b, Op.EXP)) out.add(new Part(c, alias(Exprs.arg(b, 0))));
        else if (b instanceof Expr.Num n) out.add(new Part(c * n.value(), null));
        else if (Exprs.is(b, Op.ONES)) out.add(new Part(c, null));
        else return false;
        return true;
    }

    /** The value of the form from the exponents' values, in {@link Form#exponents()} order; shown names the node in errors. */
    static RealMatrix value(Form f, RealMatrix[] exps, Node shown) {
        int rows = 1, cols = 1;
        for (RealMatrix x : exps)
            if (x.getRowDimension() * x.getColumnDimension() > 1) { rows = x.getRowDimension(); cols = x.getColumnDimension(); }
        double[][] x = new double[exps.length][];
        for (int i = 0; i < exps.length; i++) x[i] = Dense.flat(exps[i]);
        int n = rows * cols, k = f.numerator().size();
        double[] out = new double[n];
        for (int at = 0; at < n; at++) {
            double v = 0, scale = f.coefficient();
            for (int i = 0; i < k; i++) v += entry(x[i], at);
            int next = k;
            for (Factor fac : f.factors()) {
                List<Part> parts = fac.parts();
                double m = Double.NEGATIVE_INFINITY;
                for (int i = 0, j = next; i < parts.size(); i++) m = Math.max(m, parts.get(i).exponent() == null ? 0 : entry(x[j++], at));
                double total = 0;
                for (Part p : parts) total += p.coefficient() * Math.exp((p.exponent() == null ? 0 : entry(x[next++], at)) - m);
                if (f.log()) {
                    if (!(total > 0)) {
                        double sum = total * Math.exp(m);  // as the log's argument reads, where it is a number
                        String is = Double.isFinite(sum) && sum != 0 ? TextPrinter.number(sum) : total == 0 ? "0" : "negative";
                        throw Steps.fail(shown, where(shown.arg(0), rows, cols, at) + " is " + is + "; log needs positive entries");
                    }
                    v = m + Math.log(total);
                    scale = 1;
                } else {
                    if (total == 0 && fac.power() < 0) throw Steps.fail(shown, "division by zero: " + where(shown, rows, cols, at) + " has a zero denominator");
                    v += fac.power() * m;
                    scale *= Math.pow(total, fac.power());
                }
            }
            out[at] = f.log() ? v : scale * Math.exp(v);
        }
        return new Dense(rows, cols, out);
    }

    /** A scalar operand (a scalar factor of a matrix quotient) has one entry for every position. */
    private static double entry(double[] a, int at) { return a.length == 1 ? a[0] : a[at]; }

    private static String where(Expr e, int rows, int cols, int at) {
        String name = Describe.of(e);
        return rows * cols == 1 ? name : "entry (" + (at / cols + 1) + ", " + (at % cols + 1) + ") of " + name;
    }
}
