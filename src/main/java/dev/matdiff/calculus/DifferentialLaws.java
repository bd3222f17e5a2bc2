package dev.matdiff.calculus;

import dev.matdiff.expr.ConvolutionEdges;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.OpSpec;
import dev.matdiff.expr.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import static dev.matdiff.expr.Exprs.*;

/**
 * The laws of differentials, one per operation: each rewrites d(node) into an expression in the
 * differentials of the node's arguments, {@code d(arg)}, left unevaluated for the next pass.
 * A law never builds d(c) for a constant c: that term is simply absent (dC = 0).
 *
 * <p>Element-wise functions take their f′ from their {@link Op} row, and a linear map's law is
 * d L(A) = L(dA) from its row's flag; this table is the operators and the nonlinear functions.
 */
final class DifferentialLaws {
    /**
     * The factors the product rule may write for one chain: each of its v varying factors in turn makes a term of all n, so a
     * chain A·A·…·A of 10,000 factors took a minute and was quadratic. What the terms cost to simplify depends on how
     * they fold: a random chain's terms cost about 80 µs a written factor to simplify (300 random factors of five matrices,
     * 50,000 written: 7 s; 600, 200,000: 16 s; 1,200, 720,000 after its runs fold: 45 to 80 s, under 1,100,000 allowed
     * before). A chain past 64 factors is read as its powers first, so x'·A·…·A·x of 10,000 is a short chain by then.
     */
    static final long MAX_PRODUCT_RULE_FACTORS = 250_000;

    /** A chain of more factors in the objective is read by the simplifier before its law applies (runs become powers). */
    static final int LONG_CHAIN = 64;

    /** The result of one law: the rewritten differential (null when it is zero) and the law cited. */
    /** @param function the element-wise function whose f′ the law used (its formula is cited), else null */
    record Application(Expr result, Law law, boolean linear, Law before, Op function) {
        Application(Expr result, Law law, boolean linear) { this(result, law, linear, null, null); }
    }

    private final Dependence dependence;
    /** A definition's body as the simplifier reads it: p = exp(z)/sum(exp(z)) is softmax(z), whose law names p. */
    private final UnaryOperator<Expr> reading;

    DifferentialLaws(Dependence dependence, UnaryOperator<Expr> reading) {
        this.dependence = dependence;
        this.reading = reading;
    }

    /** d(arg), or null when arg does not vary. */
    private Expr d(Expr arg) { return dependence.varies(arg) ? diff(arg) : null; }

    /** The sum of the non-null terms, or null if none. */
    private static Expr sumOf(List<Expr> terms) {
        List<Expr> present = new ArrayList<>();
        for (Expr t : terms) if (t != null) present.add(t);
        return present.isEmpty() ? null : add(present);
    }

    /** Applies the law of e's operation to d(e); e varies. */
    Application apply(Expr e) {
        if (e instanceof Expr.Named named) {
            // a law that mentions its own node (exp, sigmoid, inv, det, softmax …) names it: Z .* (1 - Z), not sigmoid(…)
            Expr read = named.body() instanceof Node n && !n.args().isEmpty() ? reading.apply(named.body()) : named.body();
            // read, it may no longer hold what varies: sqnorm(h1 - h1 - arctan(A)) is sqnorm(arctan(A)), constant in h1
            if (!dependence.varies(read)) return linear(null, Law.D_CONSTANT);
            if (read instanceof Node body && !body.args().isEmpty()) {
                // P = f(…)ᵀ: dP = (d f(…))ᵀ, and f's value is Pᵀ (row-layout softmax((X*W)')' reads P' in its law)
                if (body.op() == Op.TRANSPOSE && body.arg(0) instanceof Node inner && !inner.args().isEmpty()) {
                    Application a = apply(inner, transpose(named));
                    return new Application(a.result() == null ? null : transpose(a.result()), a.law(), a.linear(), Law.D_TRANSPOSE, a.function());
                }
                return apply(body, named);
            }
            return new Application(d(read), Law.D_DEFINITION, true);
        }
        return apply((Node) e, e);
    }

    /** The law of n's operation, with {@code self} standing for n wherever the law mentions n's own value. */
    private Application apply(Node n, Expr self) {
        if (n.op() == Op.MATMUL && n.arity() > LONG_CHAIN && self == n) {
            // a long chain written in the objective is read first, as a definition's body is: A·B·…·A·B of 3,200 factors is
            // (AB)^1600, whose power law writes what the product rule would write in 1,600 terms of 3,200 factors (refused)
            Expr read = reading.apply(n);
            if (!dependence.varies(read)) return linear(null, Law.D_CONSTANT);
            if (read != n && read instanceof Node r) return apply(r, r);
        }
        List<Expr> a = n.args();
        Expr x = a.isEmpty() ? null : a.get(0);
        Op op = n.op();
        if (op.isElementwise()) {
            if (op == Op.LOG && is(x, Op.SOFTMAX)) {
                // log softmax(h) = h − 1·logsumexp(h), as Chen 2023 Example 3.3 rewrites it
                Expr dh = diff(arg(x, 0));
                return nonlinear(sub(dh, mul(ones(Shape.vector(x.shape().rows())), perColumn(x, dh))), Law.D_LOG_SOFTMAX);
            }
            if (op == Op.LOG && (is(x, Op.ELEMDIV) || is(x, Op.DIV) && x.shape().isScalar()))
                // KL's log(y ./ softmax(z)): each side takes its own law (log softmax's, or a constant's), as log y − log s
                return linear(sumOf(Arrays.asList(d(call(Op.LOG, arg(x, 0))), negated(d(call(Op.LOG, arg(x, 1)))))), Law.D_LOG_QUOTIENT);
            return new Application(op.spec().slope().times(x, self, diff(x)), Law.D_ELEMENTWISE, false, null, op);
        }
        if (op.kind() != OpSpec.Kind.OPERATOR && op.has(OpSpec.Flag.LINEAR)) return linearMap(n);
        return switch (op) {
            case ADD -> {
                List<Expr> terms = new ArrayList<>();
                for (Expr t : a) terms.add(d(t));
                yield linear(sumOf(terms), Law.D_SUM);
            }
            case NEG -> linear(neg(d(x)), Law.D_SUM);
            case MATMUL -> {
                List<Expr> terms = new ArrayList<>();
                int varying = 0;
                long varyingFactors = a.stream().filter(dependence::varies).count();
                if (varyingFactors * a.size() > MAX_PRODUCT_RULE_FACTORS)
                    throw new TooLongChain(String.format("the product rule on a chain of %,d factors, %,d of them "
                            + "varying, writes %,d factors: too large to derive", a.size(), varyingFactors, varyingFactors * a.size()), n, self);
                for (int i = 0; i < a.size(); i++) {
                    if (!dependence.varies(a.get(i))) continue;
                    varying++;
                    List<Expr> factors = new ArrayList<>(a);
                    factors.set(i, diff(a.get(i)));
                    terms.add(matmul(factors));
                }
                yield new Application(sumOf(terms), Law.D_PRODUCT, varying == 1);
            }
            case SCALE -> product(mulOrNull(d(x), a.get(1)), mulOrNull(x, d(a.get(1))),
                    d(x) == null ? Law.D_CONSTANT_FACTOR : Law.D_SCALE);
            case DIV -> {
                Expr s = a.get(1);
                Expr numerator = d(x) == null ? null : div(d(x), s);
                Expr denominator = d(s) == null ? null : neg(div(mul(d(s), x), elemPow(s, 2)));
                yield product(numerator, denominator, denominator == null ? Law.D_CONSTANT_FACTOR : Law.D_QUOTIENT);
            }
            case HADAMARD -> product(d(x) == null ? null : hadamard(d(x), a.get(1)),
                    d(a.get(1)) == null ? null : hadamard(x, d(a.get(1))), Law.D_HADAMARD);
            case ELEMDIV -> {
                Expr b = a.get(1);
                Expr numerator = d(x) == null ? null : elemDiv(d(x), b);
                Expr denominator = d(b) == null ? null : neg(hadamard(elemDiv(x, elemPow(b, 2)), d(b)));
                yield product(numerator, denominator, Law.D_ELEMDIV);
            }
            case TRANSPOSE -> linear(transpose(d(x)), Law.D_TRANSPOSE);
            // A⁻ᵏ is (A⁻¹)ᵏ, whose d needs d(A⁻¹): the inverse's law is cited only then
            case POWER -> n.param() >= 0 ? nonlinear(power(x, (int) n.param()), Law.D_POWER)
                    : new Application(power(x, (int) n.param()), Law.D_POWER, false, Law.D_INVERSE, null);
            case ELEMPOW -> {
                double p = n.param();
                Expr factor = p == 1 ? ONE : p == 2 ? x : elemPow(x, dev.matdiff.expr.Fraction.add(p, -1));
                yield nonlinear(hadamard(scale(num(p), factor), d(x)), Law.D_ELEMPOW);
            }
            case POW -> {
                // d(u.^g) = g ⊙ u.^(g − 1) ⊙ du + u.^g ⊙ log(u) ⊙ dg, each side only where it varies (hadamard scales by a scalar side)
                Expr g = a.get(1);
                if (x instanceof Expr.Num base && base.value() <= 0 && d(g) != null) throw NoClosedForm.ofPowerOf(base.value());
                Expr one = g.shape().isScalar() ? ONE : ones(g.shape());
                Expr du = d(x) == null ? null : hadamard(hadamard(g, pow(x, sub(g, one))), d(x));
                Expr dg = d(g) == null ? null : hadamard(hadamard(self, call(Op.LOG, x)), d(g));
                yield nonlinear(sumOf(Arrays.asList(du, dg)), Law.D_POW);
            }
            case DET -> nonlinear(scale(self, tr(matmul(List.of(inv(x), d(x))))), Law.D_DET);
            case LOGDET -> nonlinear(tr(matmul(List.of(inv(x), d(x)))), Law.D_LOGDET);
            case INV -> nonlinear(neg(matmul(List.of(self, d(x), self))), Law.D_INVERSE);
            case NORM -> nonlinear(div(sum(hadamard(x, d(x))), self), Law.D_NORM);
            case SQNORM -> nonlinear(scale(num(2), sum(hadamard(x, d(x)))), Law.D_SQNORM);
            case NORM1 -> nonlinear(sum(hadamard(fn("sign", x), d(x))), Law.D_NORM1);
            case LOGSUMEXP -> nonlinear(perColumn(call(Op.SOFTMAX, x), d(x)), Law.D_LOGSUMEXP);
            case SOFTMAX -> nonlinear(sub(hadamard(self, d(x)), x.shape().isColumn()
                    ? mul(self, mul(transpose(self), d(x)))
                    : hadamard(self, mul(ones(Shape.vector(x.shape().rows())), perColumn(self, d(x))))), Law.D_SOFTMAX);
            case ONES, EYE -> linear(null, Law.D_CONSTANT);
            case CONVMATRIX, IM2COL -> {
                // k·I for a 1×1 k, vec(X) for 1×1 patches: linear maps the language has adjoints for; the others are refused
                Expr same = ConvolutionEdges.of(n);
                if (same == null) throw NoClosedForm.ofGradient(op);
                yield same instanceof Node m ? apply(m, m) : new Application(d(same), Law.D_LINEAR, true);
            }
            case DIFF -> throw new UnsupportedOperationException("second-order differentials are not supported");
            default -> throw new IllegalStateException("no law of differentials for " + op);
        };
    }

    /**
     * d L(A, B) = L(dA, B) + L(A, dB) for a map linear in each argument (trace, sum, vec, diag,
     * ⊗, conv …): each varying argument in turn replaced by its differential.
     */
    private Application linearMap(Node n) {
        List<Expr> terms = new ArrayList<>();
        for (int i = 0; i < n.arity(); i++) {
            Expr di = d(n.arg(i));
            if (di == null) continue;
            List<Expr> args = new ArrayList<>(n.args());
            args.set(i, di);
            terms.add(Exprs.rebuild(n, args));
        }
        // both arguments of conv varying: the product rule of a bilinear map, not linearity (trial s76b); ⊗ has its own law
        Law law = terms.size() > 1 && lawOfLinear(n.op()) == Law.D_LINEAR ? Law.D_BILINEAR : lawOfLinear(n.op());
        return new Application(sumOf(terms), law, terms.size() <= 1);
    }

    /** The law a linear map's differential cites: the paper's own where it has one. */
    private static Law lawOfLinear(Op op) {
        return switch (op) {
            case TR -> Law.D_TRACE;
            case SUM -> Law.D_SUM_ENTRIES;
            case KRON -> Law.D_KRON;
            default -> Law.D_LINEAR;
        };
    }

    /** sᵀ dx for column vectors; the column sums of S ⊙ dX, a row, for matrices (a column at a time). */
    private static Expr perColumn(Expr s, Expr dx) {
        return s.shape().isColumn() ? mul(transpose(s), dx) : call(Op.SUM_COLUMNS, hadamard(s, dx));
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

    private static Expr negated(Expr e) { return e == null ? null : neg(e); }

    private static Expr mulOrNull(Expr a, Expr b) { return a == null || b == null ? null : mul(a, b); }

    private static Application linear(Expr result, Law law) { return new Application(result, law, true); }

    private static Application nonlinear(Expr result, Law law) { return new Application(result, law, false); }

    /** A product rule: linear (no new step needed) when only one side varies. */
    private static Application product(Expr left, Expr right, Law law) {
        List<Expr> terms = new ArrayList<>();
        terms.add(left);
        terms.add(right);
        return new Application(sumOf(terms), law, left == null || right == null);
    }
}
