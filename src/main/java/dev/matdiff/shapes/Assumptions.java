package dev.matdiff.shapes;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;

/** Reading an assumption as one of the facts matdiff can use and make true (see {@link Assumption}). */
final class Assumptions {
    private Assumptions() {}

    static Assumption of(Expr lhs, Expr rhs, String text, Pos pos) {
        Assumption.Kind kind = lhs instanceof Expr.Node n ? Assumption.Kind.of(n.op()) : null;
        Expr of = kind == null ? null : Exprs.arg(lhs, 0);
        if (kind == null || !(of instanceof Expr.Var v))
            throw new MatDiffException("matdiff can assume a total, a length or a magnitude of one symbol: sum(y) = c, sum(Y, 1) = c (each column), "
                    + "sum(Y, 2) = c (each row), norm(y) = c or abs(y) = c*ones(n) (entries ±c), not " + text, pos);
        double c = value(rhs);
        if (Double.isNaN(c)) throw new MatDiffException("an assumption's right side must be a number (every entry of it), not "
                + text.substring(text.indexOf(" = ") + 3), pos);
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
