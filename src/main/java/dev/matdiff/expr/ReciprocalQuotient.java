package dev.matdiff.expr;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A reciprocal with scalar factors about it, however the simplifier holds it — (v.^-k)/s, c·(t·v.^-k), (c·1)/s ⊘ v,
 * (w ⊘ v)/s — read as one quotient p·t…·w / (q·s…·v.^k), which the printer writes as the textbook does:
 * 1 ./ (2*a*sqrt(v)), not (1 ./ sqrt(v))/(2*a); w ./ (a*v), not (w ./ v)/a (trial s70b). For printing only.
 *
 * @param numerator the scalar factors over the quotient line, then the one element-wise numerator if there is one
 * @param divisor   the scalar factors under it, then the reciprocal's base (to its power)
 */
record ReciprocalQuotient(long p, long q, List<Expr> numerator, List<Expr> divisor) {

    /**
     * e read as one quotient, or null where it is none or where reading it so would not gather anything (1 ./ v,
     * a ./ v print as they are). Parts that {@code named} says print by a name are factors, never looked into.
     */
    static ReciprocalQuotient of(Expr e, Predicate<Expr> named) {
        Reader r = new Reader(named);
        if (!r.read(e) || r.failed || r.base == null) return null;
        long[] pq = quotient(r.coefficient);
        if (pq == null) return null;
        List<Expr> numerator = new ArrayList<>(r.scalarsOver);
        if (r.elementwiseNumerator != null) numerator.add(r.elementwiseNumerator);
        List<Expr> divisor = new ArrayList<>(r.scalarsUnder);
        divisor.add(r.base);
        int gathered = divisor.size() + (pq[1] == 1 ? 0 : 1);
        return gathered < 2 ? null : new ReciprocalQuotient(pq[0], pq[1], List.copyOf(numerator), List.copyOf(divisor));
    }

    /**
     * The quotient as the language writes it, -1 ./ (2*a*sqrt(v)) or a/(3*x) for a scalar, each factor as {@code factor}
     * writes it (bracketed where it binds looser than a product's factor).
     */
    String written(boolean scalar, Function<Expr, String> factor) {
        StringBuilder out = new StringBuilder();
        if (p < 0) out.append('-');
        long top = Math.abs(p);
        if (numerator.isEmpty()) out.append(top);
        else out.append(top == 1 ? "" : top + "*").append(product(numerator, factor));
        out.append(scalar ? "/(" : " ./ (").append(q == 1 ? "" : q + "*").append(product(divisor, factor));
        return out.append(')').toString();
    }

    private static String product(List<Expr> factors, Function<Expr, String> factor) {
        return String.join("*", factors.stream().map(factor).toList());
    }

    /** c as p/q: an integer, a quotient the printer writes as one (1/3, 3/4); else null (0.37 stays where it is). */
    private static long[] quotient(double c) {
        if (c == Math.rint(c) && Math.abs(c) < 1e15) return new long[] {(long) c, 1};
        Fraction f = Fraction.printed(c);
        return f == null ? null : new long[] {f.numerator(), f.denominator()};
    }

    /** Scalings, quotients and signs read down to the reciprocal, at most. */
    static final int MAX_STEPS = 32;

    /** Walks the scalings, quotients and signs down to the one reciprocal, sorting each scalar factor above or below the line. */
    private static final class Reader {
        final Predicate<Expr> named;
        double coefficient = 1;
        final List<Expr> scalarsOver = new ArrayList<>(), scalarsUnder = new ArrayList<>();
        Expr elementwiseNumerator, base;
        int steps;
        boolean failed;

        Reader(Predicate<Expr> named) { this.named = named; }

        boolean read(Expr e) {
            // a textbook's quotient has a few factors: a chain of 10,000 divisions is not read from each of its levels
            if (!(e instanceof Node n) || named.test(e) || ++steps > MAX_STEPS) return false;
            switch (n.op()) {
                case NEG -> { coefficient = -coefficient; return read(n.arg(0)); }
                case SCALE -> { if (!scalars(n.arg(0), true)) return false; return read(n.arg(1)); }
                case DIV -> { if (!scalars(n.arg(1), false)) return false; return read(n.arg(0)); }
                case ELEMPOW -> {
                    if (n.param() >= 0 || n.arg(0) instanceof Num || base != null) return false;
                    double k = -n.param();
                    Expr b = n.arg(0);
                    // a scalar product's reciprocal, 1/(a·√x), is its factors under the line
                    if (k == 1 && b.shape().isScalar() && Exprs.is(b, Op.SCALE) && !named.test(b)) {
                        if (!scalars(Exprs.arg(b, 0), false)) return false;
                        b = Exprs.arg(b, 1);
                    }
                    base = k == 1 ? b : Exprs.elemPow(b, k);
                    return true;
                }
                case ELEMDIV -> {
                    if (base != null || n.arg(1) instanceof Num) return false;
                    base = n.arg(1);
                    elementwiseNumerator = numeratorCore(n.arg(0));
                    return true;
                }
                default -> { return false; }
            }
        }

        /**
         * An element-wise quotient's numerator with its scalars and signs taken out: ((−c·1)/s) is −c/s over ones (null),
         * (−u)/s is −1/s times u.
         */
        private Expr numeratorCore(Expr e) {
            while (!named.test(e) && e instanceof Node n && ++steps <= MAX_STEPS) {
                switch (n.op()) {
                    case NEG -> coefficient = -coefficient;
                    // a scalar read in part is in the coefficient already: the whole reading is given up
                    case SCALE -> { if (!scalars(n.arg(0), true)) { failed = true; return e; } }
                    case DIV -> { if (!scalars(n.arg(1), false)) { failed = true; return e; } }
                    case ONES -> { return null; }
                    default -> { return e; }
                }
                e = n.arg(n.op() == Op.SCALE ? 1 : 0);
            }
            return e;
        }

        /** A scalar's numbers into the coefficient and its other factors over (or under) the line; false if it is no scalar. */
        private boolean scalars(Expr s, boolean over) {
            if (!s.shape().isScalar() || ++steps > MAX_STEPS) return false;
            if (s instanceof Num c) {
                if (c.value() == 0 || !Double.isFinite(c.value())) return false;
                coefficient = over ? coefficient * c.value() : coefficient / c.value();
                return true;
            }
            if (!named.test(s) && Exprs.is(s, Op.SCALE)) return scalars(Exprs.arg(s, 0), over) && scalars(Exprs.arg(s, 1), over);
            if (!named.test(s) && Exprs.is(s, Op.NEG)) { coefficient = -coefficient; return scalars(Exprs.arg(s, 0), over); }
            (over ? scalarsOver : scalarsUnder).add(s);
            return true;
        }
    }
}
