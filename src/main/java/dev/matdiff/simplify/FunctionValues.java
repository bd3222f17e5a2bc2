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
 * log(1) = 0, sigmoid(0) = 0.5, √4 = 2 (the gradient of exp(0·a)·a printed exp(0)). exp(1) and √2 stay as written:
 * their values are no short decimal, and printing one would print a rounding.
 */
final class FunctionValues {
    private FunctionValues() {}

    /** The element-wise functions: each has a kernel for a number. */
    static final Set<Op> ELEMENTWISE = Arrays.stream(Op.values()).filter(o -> o.spec().elementwise() != null)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(Op.class)));

    static Expr ofNumber(Node n) {
        if (!(n.arg(0) instanceof Num c)) return null;
        var kernel = n.op().spec().elementwise();
        if (kernel.domain() != null && !kernel.domain().test(c.value())) return null;
        double v = kernel.f().applyAsDouble(c.value());
        return v == 0 || DecimalForm.isShort(v, 4) ? Exprs.num(v) : null;
    }
}
