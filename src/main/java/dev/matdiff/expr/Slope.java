package dev.matdiff.expr;

import java.util.function.BinaryOperator;

import static dev.matdiff.expr.Exprs.*;

/**
 * The derivative f′ of an element-wise function, as the textbooks write d f(X) = f′(X) ⊙ dX:
 * either a factor (σ(X) ⊙ (1 − σ(X)) ⊙ dX) or, where f′ is a reciprocal, a divisor
 * (dX ⊘ X for log), with a sign. {@code factor} builds the factor or divisor from the argument X
 * and from the function's own value, so a law can name an intermediate (Z ⊙ (1 − Z)).
 */
public record Slope(boolean negative, boolean divides, BinaryOperator<Expr> factor) {

    /** f′ = factor(x, f(x)). */
    public static Slope times(BinaryOperator<Expr> factor) { return new Slope(false, false, factor); }

    /** f′ = −factor(x, f(x)). */
    public static Slope minusTimes(BinaryOperator<Expr> factor) { return new Slope(true, false, factor); }

    /** f′ = 1 ⊘ divisor(x, f(x)). */
    public static Slope over(BinaryOperator<Expr> divisor) { return new Slope(false, true, divisor); }

    /** f′ = −1 ⊘ divisor(x, f(x)). */
    public static Slope minusOver(BinaryOperator<Expr> divisor) { return new Slope(true, true, divisor); }

    /** f′ = 0 almost everywhere (sign). */
    public static final Slope ZERO = new Slope(false, false, null);

    public boolean isZero() { return factor == null; }

    /** f′(x) ⊙ dx, written as the textbooks do; null when f′ is zero. */
    public Expr times(Expr x, Expr self, Expr dx) {
        if (isZero()) return null;
        Expr f = factor.apply(x, self);
        Expr d = divides ? elemDiv(dx, f) : hadamard(f, dx);
        return negative ? neg(d) : d;
    }

    /** f′(x) itself, as an expression of x's shape. */
    public Expr of(Expr x, Expr self) {
        if (isZero()) return Exprs.zeros(x.shape());
        Expr f = factor.apply(x, self);
        Expr d = divides ? elemDiv(ones(x.shape()), f) : f;
        return negative ? neg(d) : d;
    }
}
