package dev.matdiff.simplify;

import dev.matdiff.expr.DecimalForm;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An element-wise function of a number is its value where that is a short decimal, exactly as written: exp(0) = 1,
 * log(1) = 0, sigmoid(0) = 0.5, √4 = 2 (the gradient of exp(0·a)·a printed exp(0)); so too of a matrix of one number
 * (ones(n).^a has log(ones(n))'*ones(n).^a, so 0, for its gradient in a). exp(1) and √2 stay as written:
 * their values are no short decimal, and printing one would print a rounding.
 */
final class FunctionValues {
    private FunctionValues() {}

    /** The element-wise functions: each has a kernel for a number. */
    static final Set<Op> ELEMENTWISE = Arrays.stream(Op.values()).filter(o -> o.spec().elementwise() != null)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(Op.class)));

    /** f(c) of a number c, and f(c·1) = f(c)·1 of a matrix every entry of which is c (log(ones(n)) = 0, exp(zeros(n)) = 1). */
    static Expr ofNumber(Node n) {
        Expr a = n.arg(0), ones = Exprs.is(a, Op.ONES) ? a : Exprs.is(a, Op.SCALE) && Exprs.is(Exprs.arg(a, 1), Op.ONES) ? Exprs.arg(a, 1) : null;
        Expr number = ones == null ? a : ones == a ? Exprs.ONE : Exprs.arg(a, 0);
        if (!(number instanceof Num c)) return null;
        var kernel = n.op().spec().elementwise();
        if (kernel.domain() != null && !kernel.domain().test(c.value())) return null;
        double v = kernel.f().applyAsDouble(c.value());
        if (!(v == 0 || DecimalForm.isShort(v, 4))) return null;
        return ones == null ? Exprs.num(v) : v == 1 ? ones : Exprs.scale(Exprs.num(v), ones);
    }
}
