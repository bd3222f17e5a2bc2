package dev.matdiff.expr;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;

import java.util.ArrayList;
import java.util.List;

/** Where an expression's printed form starts with a minus sign: shared by every printer, so a sum prints "a - 2*b". */
public final class Signs {
    private Signs() {}

    /** Printed with a leading minus sign (so it follows a "-" in a sum, and needs parentheses as an operand). */
    public static boolean leadingMinus(Expr e) {
        if (e instanceof Num n) return n.value() < 0;
        if (Exprs.is(e, Op.NEG)) return true;
        if (Exprs.is(e, Op.SCALE) || Exprs.is(e, Op.MATMUL) || Exprs.is(e, Op.DIV))
            return leadingMinus(((Node) e).args().get(0));
        return false;
    }

    /** The expression without its leading minus sign; only for one that has it. */
    public static Expr negate(Expr e) {
        if (e instanceof Num n) return Exprs.num(-n.value());
        if (Exprs.is(e, Op.NEG)) return Exprs.arg(e, 0);
        Node n = (Node) e;
        List<Expr> args = new ArrayList<>(n.args());
        args.set(0, negate(args.get(0)));
        return Exprs.rebuild(n, args);
    }
}
