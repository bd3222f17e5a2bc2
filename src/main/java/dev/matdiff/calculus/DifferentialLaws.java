package dev.matdiff.calculus;

import dev.matdiff.expr.Expr.Node;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;

import java.util.ArrayList;
import java.util.List;

import static dev.matdiff.expr.Exprs.*;

/**
 * The laws of differentials, one per operation: each rewrites d(node) into an expression in the
 * differentials of the node's arguments, {@code d(arg)}, left unevaluated for the next pass.
 * A law never builds d(c) for a constant c: that term is simply absent (dC = 0).
 */
final class DifferentialLaws {

    /** The result of one law: the rewritten differential (null when it is zero) and the law cited. */
    record Application(Expr result, Law law, boolean linear) {}

    private final Dependence dependence;

    DifferentialLaws(Dependence dependence) { this.dependence = dependence; }

    /** d(arg), or null when arg does not vary. */
    private Expr d(Expr arg) { return dependence.varies(arg) ? diff(arg) : null; }

    /** The sum of the non-null terms, or null if none. */
    private static Expr sumOf(List<Expr> terms) {
        List<Expr> present = new ArrayList<>();
        for (Expr t : terms) if (t != null) present.add(t);
        return present.isEmpty() ? null : add(present);
    }

    private static Expr sumOf(Expr a, Expr b) {
        List<Expr> terms = new ArrayList<>();
        terms.add(a);
        terms.add(b);
        return sumOf(terms);
    }

    /** Applies the law of e's operation to d(e); e varies. */
    Application apply(Expr e) {
        if (e instanceof Expr.Named named) {
            // a law that mentions its own node (exp, sigmoid, inv, det, softmax …) names it: Z .* (1 - Z), not sigmoid(…)
            if (named.body() instanceof Node body && !body.args().isEmpty()) return apply(body, named);
            return new Application(d(named.body()), Law.D_DEFINITION, true);
        }
        return apply((Node) e, e);
    }

    /** The law of n's operation, with {@code self} standing for n wherever the law mentions n's own value. */
    private Application apply(Node n, Expr self) {
        List<Expr> a = n.args();
        Expr x = a.isEmpty() ? null : a.get(0);
        return switch (n.op()) {
            case ADD -> {
                List<Expr> terms = new ArrayList<>();
                for (Expr t : a) terms.add(d(t));
                yield linear(sumOf(terms), Law.D_SUM);
            }
            case NEG -> linear(neg(d(x)), Law.D_SUM);
            case MATMUL -> {
                List<Expr> terms = new ArrayList<>();
                int varying = 0;
                for (int i = 0; i < a.size(); i++) {
                    if (!dependence.varies(a.get(i))) continue;
                    varying++;
                    List<Expr> factors = new ArrayList<>(a);
                    factors.set(i, diff(a.get(i)));
                    terms.add(matmul(factors));
                }
                yield new Application(sumOf(terms), Law.D_PRODUCT, varying == 1);
            }
            case SCALE -> product(mulOrNull(d(x), a.get(1)), mulOrNull(x, d(a.get(1))), Law.D_SCALE);
            case DIV -> {
                Expr s = a.get(1);
                Expr numerator = d(x) == null ? null : div(d(x), s);
                Expr denominator = d(s) == null ? null : neg(div(mul(d(s), x), elemPow(s, 2)));
                yield product(numerator, denominator, Law.D_QUOTIENT);
            }
            case HADAMARD -> product(d(x) == null ? null : hadamard(d(x), a.get(1)),
                    d(a.get(1)) == null ? null : hadamard(x, d(a.get(1))), Law.D_HADAMARD);
            case ELEMDIV -> {
                Expr b = a.get(1);
                Expr numerator = d(x) == null ? null : elemDiv(d(x), b);
                Expr denominator = d(b) == null ? null : neg(hadamard(elemDiv(x, elemPow(b, 2)), d(b)));
                yield product(numerator, denominator, Law.D_ELEMDIV);
            }
            case KRON -> product(d(x) == null ? null : kron(d(x), a.get(1)),
                    d(a.get(1)) == null ? null : kron(x, d(a.get(1))), Law.D_KRON);
            case CONV, CONVFULL -> product(d(x) == null ? null : call2(n.op(), d(x), a.get(1)),
                    d(a.get(1)) == null ? null : call2(n.op(), x, d(a.get(1))), Law.D_LINEAR);
            case KRONBLOCKS -> product(d(x) == null ? null : kronBlocks(d(x), a.get(1), n.shape()),
                    d(a.get(1)) == null ? null : kronBlocks(x, d(a.get(1)), n.shape()), Law.D_LINEAR);
            case KRONSUM -> product(d(x) == null ? null : kronSum(d(x), a.get(1), n.shape()),
                    d(a.get(1)) == null ? null : kronSum(x, d(a.get(1)), n.shape()), Law.D_LINEAR);
            case TRANSPOSE -> linear(transpose(d(x)), Law.D_TRANSPOSE);
            case POWER -> nonlinear(power(x, (int) n.param()), Law.D_POWER);
            case ELEMPOW -> {
                double p = n.param();
                Expr factor = p == 1 ? ONE : p == 2 ? x : elemPow(x, p - 1);
                yield nonlinear(hadamard(scale(num(p), factor), d(x)), Law.D_ELEMPOW);
            }
            case TR -> linear(tr(d(x)), Law.D_TRACE);
            case DET -> nonlinear(scale(self, tr(matmul(List.of(inv(x), d(x))))), Law.D_DET);
            case LOGDET -> nonlinear(tr(matmul(List.of(inv(x), d(x)))), Law.D_LOGDET);
            case INV -> nonlinear(neg(matmul(List.of(self, d(x), self))), Law.D_INVERSE);
            case SUM -> linear(sum(d(x)), Law.D_SUM_ENTRIES);
            case NORM -> nonlinear(div(sum(hadamard(x, d(x))), self), Law.D_NORM);
            case SQNORM -> nonlinear(scale(num(2), sum(hadamard(x, d(x)))), Law.D_NORM);
            case NORM1 -> nonlinear(sum(hadamard(call(Op.SIGN, x), d(x))), Law.D_NORM);
            case LOGSUMEXP -> nonlinear(mul(transpose(call(Op.SOFTMAX, x)), d(x)), Law.D_LOGSUMEXP);
            case SOFTMAX -> nonlinear(sub(hadamard(self, d(x)), mul(self, mul(transpose(self), d(x)))), Law.D_SOFTMAX);
            case DIAG_MATRIX, DIAG_VECTOR, VEC -> linear(call(n.op(), d(x)), Law.D_LINEAR);
            case UNVEC -> linear(unvec(d(x), n.shape()), Law.D_LINEAR);
            case LOG -> is(x, Op.SOFTMAX)
                    // log softmax(h) = h − 1·logsumexp(h), as Chen 2023 Example 3.3 rewrites it
                    ? nonlinear(sub(diff(arg(x, 0)), mul(ones(x.shape()), mul(transpose(x), diff(arg(x, 0))))), Law.D_LOG_SOFTMAX)
                    : nonlinear(elementwise(n.op(), self, x), Law.D_ELEMENTWISE);
            case EXP, SIN, COS, TAN, TANH, ARCSIN, ARCCOS, ARCTAN, SQRT, ABS, SIGN, SIGMOID, RELU ->
                    nonlinear(elementwise(n.op(), self, x), Law.D_ELEMENTWISE);
            case ONES, EYE -> linear(null, Law.D_CONSTANT);
            case DIFF -> throw new UnsupportedOperationException("second-order differentials are not supported");
        };
    }

    /** d(A^k) for integer k ≠ 0, 1, -1 (the factories turn those into A, inv(A)). */
    private Expr power(Expr x, int k) {
        Expr base = k > 0 ? x : inv(x);
        Expr dBase = k > 0 ? diff(x) : neg(matmul(List.of(base, diff(x), base)));
        int m = Math.abs(k);
        List<Expr> terms = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            List<Expr> factors = new ArrayList<>();
            if (i > 0) factors.add(Exprs.power(base, i));
            factors.add(dBase);
            if (m - 1 - i > 0) factors.add(Exprs.power(base, m - 1 - i));
            terms.add(matmul(factors));
        }
        return add(terms);
    }

    /** f'(x) ⊙ dx for an element-wise f whose value is n; the derivative written as the textbooks write it. */
    private static Expr elementwise(Op f, Expr n, Expr x) {
        Expr dx = diff(x);
        Expr one = ones(x.shape());
        return switch (f) {
            case EXP -> hadamard(n, dx);
            case LOG -> elemDiv(dx, x);
            case SIN -> hadamard(call(Op.COS, x), dx);
            case COS -> neg(hadamard(call(Op.SIN, x), dx));
            case TAN -> elemDiv(dx, elemPow(call(Op.COS, x), 2));
            case TANH -> hadamard(sub(one, elemPow(n, 2)), dx);
            case ARCSIN -> elemDiv(dx, call(Op.SQRT, sub(one, elemPow(x, 2))));
            case ARCCOS -> neg(elemDiv(dx, call(Op.SQRT, sub(one, elemPow(x, 2)))));
            case ARCTAN -> elemDiv(dx, add(one, elemPow(x, 2)));
            case SQRT -> elemDiv(dx, scale(num(2), n));
            case ABS -> hadamard(call(Op.SIGN, x), dx);
            case SIGN -> null;  // zero almost everywhere; the subgradient at 0 is taken as 0
            case SIGMOID -> hadamard(hadamard(n, sub(one, n)), dx);
            case RELU -> hadamard(call(Op.SIGN, n), dx);  // 1 where x > 0, else 0 (0 at the kink)
            default -> throw new IllegalStateException("not element-wise: " + f);
        };
    }

    private static Expr mulOrNull(Expr a, Expr b) { return a == null || b == null ? null : mul(a, b); }

    private static Application linear(Expr result, Law law) { return new Application(result, law, true); }

    private static Application nonlinear(Expr result, Law law) { return new Application(result, law, false); }

    /** A product rule: linear (no new step needed) when only one side varies. */
    private static Application product(Expr left, Expr right, Law law) {
        return new Application(sumOf(left, right), law, left == null || right == null);
    }
}
