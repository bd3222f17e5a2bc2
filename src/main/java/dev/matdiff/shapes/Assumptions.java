package dev.matdiff.shapes;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;

/** Reading an assumption as one of the facts matdiff can use and make true (see {@link Assumption}). */
final class Assumptions {
    private Assumptions() {}

    static Assumption of(Expr written, Expr rhs, String text, Pos pos) {
        Expr squared = squaredNormOf(written);
        Expr lhs = squared != null ? Exprs.call(Op.NORM, squared) : asSum(written);
        Assumption.Kind kind = lhs instanceof Expr.Node n ? Assumption.Kind.of(n.op()) : null;
        Expr of = kind == null ? null : Exprs.arg(lhs, 0);
        if (kind == null || !(of instanceof Expr.Var v))
            throw new MatDiffException("matdiff can assume a total, a length or a magnitude of one symbol: sum(y) = c, sum(Y, 1) = c (each column), "
                    + "sum(Y, 2) = c (each row), norm(y) = c (or sqnorm(y) = c²) or abs(y) = c*ones(n) (entries ±c), not " + text, pos);
        double c = value(rhs);
        if (Double.isNaN(c)) throw new MatDiffException("an assumption's right side must be a number (every entry of it), not "
                + text.substring(text.indexOf(" = ") + 3), pos);
        if (squared != null && c < 0) throw new MatDiffException("a squared norm is never negative: " + text + " cannot hold", pos);
        // sqnorm(y) = c and y'*y = c are norm(y) = √c, which the derivation and the data use, and say (trial s73a)
        if (squared != null) {
            c = Math.sqrt(c);
            text = "norm(" + ((Expr.Var) squared).name() + ") = " + dev.matdiff.expr.TextPrinter.number(c) + " (as " + text + ")";
        }
        if (kind == Assumption.Kind.NORM && c < 0) throw new MatDiffException("a norm is never negative: " + text + " cannot hold", pos);
        if (kind == Assumption.Kind.MAGNITUDE && c < 0) throw new MatDiffException("an absolute value is never negative: " + text + " cannot hold", pos);
        if ((kind == Assumption.Kind.NORM || kind == Assumption.Kind.MAGNITUDE) && c == 0)
            throw new MatDiffException(text + " says " + v.name() + " is zero: write zeros for it instead of assuming it", pos);
        Expr value = lhs.shape().isScalar() ? Exprs.num(c) : Exprs.scale(Exprs.num(c), Exprs.ones(lhs.shape()));
        return new Assumption(lhs, value, c, kind, v, text, pos);
    }

    /**
     * Throws at the later of two facts no data satisfies together, naming the earlier: data drawn for
     * one of them would break the other, and the check would blame a right gradient.
     */
    static void together(java.util.List<Assumption> facts) {
        for (Joint j : Joint.bySymbol(facts)) {
            Joint.Conflict c = j.conflict(j.symbol().shape().rows(), j.symbol().shape().cols());
            if (c != null) throw new MatDiffException(c.later().text() + " contradicts the assumption " + c.earlier().text()
                    + " at line " + c.earlier().pos().line() + ": " + c.why(), c.later().pos());
        }
    }

    /** y for sqnorm(Y) and for y'*y of a column y (a symbol's squared length), else null. */
    private static Expr squaredNormOf(Expr e) {
        if (Exprs.is(e, Op.SQNORM) && Exprs.arg(e, 0) instanceof Expr.Var) return Exprs.arg(e, 0);
        if (!Exprs.is(e, Op.MATMUL) || e.children().size() != 2) return null;
        Expr a = e.children().get(0), b = e.children().get(1);
        return b instanceof Expr.Var && b.shape().isColumn() && Exprs.is(a, Op.TRANSPOSE) && Exprs.arg(a, 0) == b ? b : null;
    }

    /**
     * A product with a vector of ones as the sum it is, the textbook's way to write a total (trial s63a): ones(K)'*y and
     * y'*ones(K) are sum(y), ones(K)'*Y is sum(Y, 1) and Y'*ones(K) its transpose, Y*ones(N) is sum(Y, 2) and
     * ones(N)'*Y' its transpose; anything else as it is.
     */
    private static Expr asSum(Expr lhs) {
        if (!Exprs.is(lhs, Op.MATMUL) || lhs.children().size() != 2) return lhs;
        Expr a = lhs.children().get(0), b = lhs.children().get(1);
        boolean left = onesRow(a), right = onesColumn(b);
        if (left == right) return lhs;
        Expr m = left ? b : a;
        boolean t = Exprs.is(m, Op.TRANSPOSE);
        Expr v = t ? Exprs.arg(m, 0) : m;
        if (!(v instanceof Expr.Var)) return lhs;
        if (v.shape().isColumn()) return left != t ? Exprs.call(Op.SUM, v) : lhs;
        // 1ᵀV and (Vᵀ1)ᵀ: V's column sums; V1 and (1ᵀVᵀ)ᵀ: its row sums (the value is every entry's, either way round)
        return Exprs.call(left != t ? Op.SUM_COLUMNS : Op.SUM_ROWS, v);
    }

    private static boolean onesRow(Expr e) {
        return Exprs.is(e, Op.TRANSPOSE) ? onesColumn(Exprs.arg(e, 0)) : Exprs.is(e, Op.ONES) && e.shape().rows().isOne();
    }

    private static boolean onesColumn(Expr e) { return Exprs.is(e, Op.ONES) && e.shape().cols().isOne(); }

    /** c for the number c, ones(…), c*ones(…), their transposes and negations, ones(…)/c; NaN for anything else. */
    private static double value(Expr rhs) {
        if (rhs instanceof Expr.Num n) return n.value();
        if (Exprs.is(rhs, Op.ONES)) return 1;
        if (Exprs.is(rhs, Op.TRANSPOSE)) return value(Exprs.arg(rhs, 0));
        if (Exprs.is(rhs, Op.NEG)) return -value(Exprs.arg(rhs, 0));
        if (Exprs.is(rhs, Op.SCALE) && Exprs.arg(rhs, 0) instanceof Expr.Num n) return n.value() * value(Exprs.arg(rhs, 1));
        if (Exprs.is(rhs, Op.DIV) && Exprs.arg(rhs, 1) instanceof Expr.Num n && n.value() != 0) return value(Exprs.arg(rhs, 0)) / n.value();
        return Double.NaN;
    }
}
