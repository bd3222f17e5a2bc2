package dev.matdiff.expr;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;

import java.util.ArrayList;
import java.util.List;

/** Where an expression's printed form starts with a minus sign: shared by every printer, so a sum prints "a - 2*b" rather than "a + -2*b". */
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
}
