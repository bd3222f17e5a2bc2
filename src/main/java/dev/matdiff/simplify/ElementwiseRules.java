package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.DecimalForm;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Fraction;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.OpSpec;
import dev.matdiff.expr.Signs;
import dev.matdiff.expr.Term;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static dev.matdiff.expr.Exprs.*;

/** Element-wise products, quotients and powers. The table in {@link Rules} says where each applies. */
final class ElementwiseRules {
    private ElementwiseRules() {}


    static Expr hadamardOnes(Node n) {
        if (n.op() == Op.HADAMARD) {
            if (is(n.arg(1), Op.ONES)) return n.arg(0);
            if (is(n.arg(0), Op.ONES)) return n.arg(1);
        }
        if (n.op() == Op.ELEMDIV && is(n.arg(1), Op.ONES)) return n.arg(0);
        return null;
    }

    static Expr elemPowTrivial(Node n) {
        double p = n.param();
        if (p == 1) return n.arg(0);
        if (p == 0 || is(n.arg(0), Op.ONES)) return ones(n.shape());
        if (is(n.arg(0), Op.EYE) && p > 0) return n.arg(0);
        if (n.arg(0) instanceof Num x) return num(Fraction.power(x.value(), p));
        if (is(n.arg(0), Op.ELEMPOW) && Exprs.powersMerge(((Node) n.arg(0)).param(), p)) return elemPow(arg(n.arg(0), 0), Fraction.multiply(((Node) n.arg(0)).param(), p));
        return null;
    }

    static Expr elemDivElemDiv(Node n) {
        if (is(n.arg(0), Op.ELEMDIV)) return elemDiv(arg(n.arg(0), 0), hadamard(arg(n.arg(0), 1), n.arg(1)));
        if (is(n.arg(1), Op.SCALE) && arg(n.arg(1), 0) instanceof Num c && c.value() != 0)
            return scale(num(1 / c.value()), elemDiv(n.arg(0), arg(n.arg(1), 1)));
        // a symbolic scalar leaves as a quotient, so that P ⊙ (Y ⊘ (N·P)) can cancel to Y/N (a mean loss)
        if (is(n.arg(1), Op.SCALE) && !arg(n.arg(1), 1).shape().isScalar())
            return div(elemDiv(n.arg(0), arg(n.arg(1), 1)), arg(n.arg(1), 0));
        return null;
    }

    /** (eᵘ − e⁻ᵘ) ⊘ (eᵘ + e⁻ᵘ) = sinh(u) ⊘ cosh(u) = tanh(u), as log-cosh's gradient reads. */
    static Expr tanhQuotient(Node n) {
        Expr top = n.arg(0), bottom = n.arg(1);
        // sinh(u) ⊘ cosh(u), as log(cosh(r))'s gradient reads
        if (is(top, Op.SINH) && is(bottom, Op.COSH) && arg(top, 0) == arg(bottom, 0)) return call(Op.TANH, arg(top, 0));
        if (!is(top, Op.ADD) || !is(bottom, Op.ADD) || top.children().size() != 2 || bottom.children().size() != 2) return null;
        // the numerator eᵘ − e⁻ᵘ, its terms in either order
        Expr plus = arg(top, 0), minus = arg(top, 1);
        if (is(plus, Op.NEG)) { Expr t = plus; plus = minus; minus = t; }
        if (!is(minus, Op.NEG)) return null;
        minus = arg(minus, 0);
        if (!is(plus, Op.EXP) || !is(minus, Op.EXP) || arg(minus, 0) != neg(arg(plus, 0))) return null;
        boolean sameTerms = arg(bottom, 0) == plus && arg(bottom, 1) == minus || arg(bottom, 0) == minus && arg(bottom, 1) == plus;
        return sameTerms ? call(Op.TANH, arg(plus, 0)) : null;
    }

    static Expr hadamardCancel(Node n) {
        if (n.op() == Op.HADAMARD) {
            Expr a = n.arg(0), b = n.arg(1);
            if (is(b, Op.ELEMDIV) && arg(b, 1) == a) return arg(b, 0);
            if (is(a, Op.ELEMDIV) && arg(a, 1) == b) return arg(a, 0);
        }
        if (n.op() == Op.ELEMDIV && is(n.arg(0), Op.HADAMARD)) {
            Expr h = n.arg(0), d = n.arg(1);
            if (arg(h, 0) == d) return arg(h, 1);
            if (arg(h, 1) == d) return arg(h, 0);
        }
        return null;
    }

    /**
     * A.^p ⊘ A.^q = A.^(p−q), A ⊘ A.^q, √A ⊘ A.^q and the like, for p or q not whole (whole powers cancel as polynomials, in
     * Rational) and p − q not whole either: X.^0.5 ./ X.^2 is 1 ./ X.^1.5, so it meets 0.5 ./ X.^1.5 as a like term.
     */
    static Expr elemPowerCancel(Node n) {
        Expr u = n.arg(0), d = n.arg(1);
        Double e = u.shape().equals(d.shape()) ? ScalarRules.brokenPowersQuotient(u, d) : null;
        // a whole power left would have values where A.^p has none (X.^1.5 ./ X.^0.5 at a negative X), as powersMerge keeps
        if (e == null || e == Math.rint(e)) return null;
        Expr power = elemPow(ScalarRules.base(u), Math.abs(e));
        return e > 0 ? power : elemDiv(ONE, power);
    }

    /**
     * (cA).^p = cᵖ·A.^p for a number c and a non-scalar A, when cᵖ is real (c > 0 or p whole) and a short decimal:
     * (2X).^2 is 4X.^2, so like terms meet.
     */
    static Expr elemPowOfMultiple(Node n) {
        Term t = Term.of(n.arg(0));
        double c = t.coefficient(), p = n.param();
        boolean whole = p == Math.rint(p), matrixPower = n.op() == Op.POWER;
        // a scalar's fractional powers are ScalarRules' and Rational's: 1/(2√a³) keeps its 2 in the denominator; its whole
        // ones are expanded so that a quotient cancels their number: −2N/(2β)² is −N/(2β²); (cA)ᵏ = cᵏAᵏ for any square A
        if (c == 1 || !whole && n.shape().isScalar() || t.base() instanceof Expr.Num || !(c > 0 || whole)) return null;
        double cp = Fraction.power(c, p);
        // only where cᵖ prints as written: (4X).^0.5 is 2X.^0.5, while (2X).^0.5 keeps its √2 inside, squared back exactly
        boolean exact = DecimalForm.isShort(cp, 6);
        if (!exact) return null;
        // a scalar's or a matrix's power only where its number stays small: 4β², not 729(t1 t4)² for (27 t1 t4)²
        if ((matrixPower || n.shape().isScalar()) && (Math.abs(cp) > 64 || Math.abs(cp) < 1.0 / 64)) return null;
        return new Term(cp, matrixPower ? power(t.base(), (int) p) : elemPow(t.base(), p)).build();
    }

    /** (aA)ᵏ = aᵏAᵏ with a symbolic scalar a (a number's power is {@link #elemPowOfMultiple}'s, where it stays small). */
    static Expr powerOfScaled(Node n) {
        if (!is(n.arg(0), Op.SCALE) || arg(n.arg(0), 0) instanceof Expr.Num || arg(n.arg(0), 1).shape().isScalar()) return null;
        int k = (int) n.param();
        Expr a = arg(n.arg(0), 0), m = arg(n.arg(0), 1);
        return k > 0 ? Exprs.scale(power(a, k), power(m, k)) : div(power(m, k), power(a, -k));
    }

    /** Whether e, or a factor of e as a ⊙ of two, is base or a power of it. */
    private static boolean holdsBase(Expr e, Expr base) {
        if (HadamardPowers.base(e) == base) return true;
        return is(e, Op.HADAMARD) && (HadamardPowers.base(arg(e, 0)) == base || HadamardPowers.base(arg(e, 1)) == base);
    }

    /**
     * u.^0.5 = √u and u.^−0.5 = 1 ⊘ √u, as a textbook writes a half power: the slope of (1 + x²)^(3/2) is 3x√(1 + x²), and
     * its root meets its square in a quotient ({@link Roots}), (1 + 2x²)/√(1 + x²) read over one denominator. Not u.^1.5
     * as √u.^3: differentiated through the root, its slope would be divided by √u, which is 0 where u is.
     */
    static Expr halfPower(Node n) {
        double p = n.param();
        if (Math.abs(p) != 0.5) return null;
        Expr root = call(Op.SQRT, n.arg(0));
        return p > 0 ? root : elemPow(root, -1);
    }

    /**
     * √u.^(2k) = u.^k where √u is defined (u ≥ 0): sqrt(d)^2 is d. Not of a sum, whose root {@link Roots} reads beside
     * its square in a quotient ((v + ε)/√(v + ε)³ cancels there); written out, √(v + ε)² would leave √(v + ε)(v + ε) where
     * √(v + ε)³ reads better.
     */
    static Expr sqrtEvenPower(Node n) {
        if (!is(n.arg(0), Op.SQRT) || is(arg(n.arg(0), 0), Op.ADD) || n.param() % 2 != 0 || n.param() == 0) return null;
        Expr u = arg(n.arg(0), 0);
        return n.param() == 2 ? u : elemPow(u, n.param() / 2);
    }

    static Expr hadamardReciprocal(Node n) {
        for (int i = 0; i < 2; i++) {
            Expr r = n.arg(i);
            double p = is(r, Op.ELEMPOW) ? ((Node) r).param() : 0;
            // not of a base the other side holds: e ⊙ e.^(-2/3) is to merge into e.^(1/3), not be a quotient
            if (p < 0 && !holdsBase(n.arg(1 - i), arg(r, 0)))
                return elemDiv(n.arg(1 - i), p == -1 ? arg(r, 0) : elemPow(arg(r, 0), -p));
        }
        return null;
    }

    /**
     * The logistic function where its definition is written out: eᵘ ⊘ (1 + eᵘ) = σ(u),
     * 1 ⊘ (1 + eᵘ) = σ(−u), as quotients (⊘, /) or as a reciprocal power.
     */
    static Expr logistic(Node n) {
        Expr slope = logisticSlope(n);
        if (slope != null) return slope;
        Expr numerator, denominator;
        if (n.op() == Op.HADAMARD) {
            // eᵘ ⊙ σ(−u) = σ(u)
            for (int i = 0; i < 2; i++) {
                Expr e = n.arg(i), s = n.arg(1 - i);
                if (is(e, Op.EXP) && is(s, Op.SIGMOID) && opposite(arg(e, 0), arg(s, 0))) return fn("sigmoid", arg(e, 0));
            }
            return null;
        }
        if (n.op() == Op.SCALE) return scalarLogistic(n);
        if (n.op() == Op.ELEMPOW) {
            if (n.param() != -1) return null;
            numerator = null;
            denominator = n.arg(0);
        } else {
            numerator = n.arg(0);
            denominator = n.arg(1);
        }
        Expr e = onePlus(denominator);
        if (e == null || !is(e, Op.EXP)) return null;
        Expr u = arg(e, 0);
        if (numerator == e) return fn("sigmoid", u);
        if (numerator == null || is(numerator, Op.ONES) || isNum(numerator, 1)) return fn("sigmoid", neg(u));
        // (y ⊙ eᵘ) ⊘ (1 + eᵘ) = y ⊙ σ(u), as the cancelled gradient of a mean logistic loss reads
        for (int i = 0; n.op() == Op.ELEMDIV && is(numerator, Op.HADAMARD) && i < 2; i++)
            if (arg(numerator, i) == e) return hadamard(arg(numerator, 1 - i), fn("sigmoid", u));
        return null;
    }

    /**
     * eᵘ ⊘ (1 + eᵘ).^2 = σ(u) ⊙ σ(−u), written σ(v) ⊙ (1 − σ(v)) with v whichever of ±u has no minus in front: σ′
     * as the textbooks write it (and as matdiff derives sum(σ(X))), which also stays finite where eᵘ overflows.
     */
    private static Expr logisticSlope(Node n) {
        Expr e = null, square = null;
        if (n.op() == Op.ELEMDIV || n.op() == Op.DIV) { e = n.arg(0); square = n.arg(1); }
        for (int i = 0; n.op() == Op.HADAMARD && i < 2; i++)
            if (is(n.arg(1 - i), Op.ELEMPOW) && ((Node) n.arg(1 - i)).param() == -2) { e = n.arg(i); square = elemPow(arg(n.arg(1 - i), 0), 2); }
        if (e == null || !is(e, Op.EXP) || !is(square, Op.ELEMPOW) || ((Node) square).param() != 2 || onePlus(arg(square, 0)) != e) return null;
        Expr u = arg(e, 0), s = fn("sigmoid", Signs.leadingMinus(u) ? neg(u) : u);
        return hadamard(s, sub(s.shape().isScalar() ? ONE : ones(s.shape()), s));
    }

    /** eᵘ·σ(−u) = σ(u) among the scalar factors of a scaling: the slope of a logistic loss, −y·e^(−yu)·σ(yu)·x, is −y·σ(−yu)·x. */
    private static Expr scalarLogistic(Node n) {
        ScalarRules.Scaling scaling = ScalarRules.Scaling.of(n);
        int[] pair = ExpSigmoidPairs.first(scaling.factors());
        return pair == null ? null : scaling.merging(pair[0], pair[1], fn("sigmoid", arg(scaling.factors().get(pair[0]), 0)));
    }

    /** The element-wise functions whose row says they are odd or even. */
    static final Set<Op> ODD_OR_EVEN = oddOrEven();

    private static Set<Op> oddOrEven() {
        Set<Op> out = EnumSet.noneOf(Op.class);
        for (Op op : Op.values()) if (op.has(OpSpec.Flag.ODD) || op.has(OpSpec.Flag.EVEN)) out.add(op);
        return Set.copyOf(out);
    }

    /** f(−A) = −f(A) for an odd f, f(−A) = f(A) for an even one; a negative numeric scaling is a −A too. */
    static Expr oddOrEven(Node n) {
        Expr a = n.arg(0), positive;
        if (is(a, Op.NEG)) positive = arg(a, 0);
        else if (is(a, Op.SCALE) && arg(a, 0) instanceof Num c && c.value() < 0) positive = scale(num(-c.value()), arg(a, 1));
        else return null;
        Expr f = call(n.op(), positive);
        return n.op().has(OpSpec.Flag.ODD) ? neg(f) : f;
    }

    /** a = −b, read through negations and numeric scalings. */
    static boolean opposite(Expr a, Expr b) {
        Term x = Term.readThrough(a), y = Term.readThrough(b);
        return x.base() == y.base() && x.coefficient() == -y.coefficient();
    }

    /**
     * Aᵀ ⊙ Bᵀ = (A ⊙ B)ᵀ, and so for any element-wise arithmetic (⊙, ⊘, +, −, scalings, .^p, element-wise
     * functions) whose matrix leaves are all transposes, ones (1ᵀ = 1) or products of those (1rᵀ = (r1ᵀ)ᵀ), two or more transposes: the
     * transpose acts on positions, element-wise maps on values. One transpose outside lets the arithmetic
     * inside cancel: a row-layout softmax's Pᵀ ⊙ (1 − (Y ⊘ P)ᵀ) is (P ⊙ (1 − Y ⊘ P))ᵀ = (P − Y)ᵀ.
     */
    static Expr hadamardTransposes(Node n) {
        // transposes, then the nodes the walk may still visit: every node of a chain tanh(tanh(…(x)…)) walked down to x
        // from every ⊙ of its slopes was quadratic (19,000 levels: most of two minutes); a textbook's arithmetic is small
        int[] transposes = {0, 256};
        if (!transposedLeaves(n, transposes) || transposes[0] < 2) return null;
        return transpose(untransposedLeaves(n));
    }

    /** The B with Bᵀ = e for element-wise arithmetic over transposes, ones and scalars (exp(−uᵀ/c) gives exp(−u/c)); else null. */
    static Expr untransposed(Expr e) {
        int[] transposes = {0, 256};
        return !e.shape().isScalar() && transposedLeaves(e, transposes) && transposes[0] >= 1 ? untransposedLeaves(e) : null;
    }

    /** Whether e is element-wise arithmetic over transposes, ones and scalars, within the walk's budget; counts the transposes. */
    private static boolean transposedLeaves(Expr e, int[] transposes) {
        if (--transposes[1] < 0) return false;
        if (e.shape().isScalar() || is(e, Op.ONES)) return true;
        if (is(e, Op.TRANSPOSE)) {
            transposes[0]++;
            return true;
        }
        // a product of transposes and ones, 1·rᵀ, is (r·1ᵀ)ᵀ
        if (is(e, Op.MATMUL)) return e.children().stream().allMatch(f -> (is(f, Op.TRANSPOSE) || is(f, Op.ONES) || f.shape().isScalar())
                && transposedLeaves(f, transposes));
        if (!(e instanceof Node n) || !entrywise(n.op())) return false;
        for (Expr c : n.args()) if (!transposedLeaves(c, transposes)) return false;
        return true;
    }

    /** Arithmetic done entry by entry: sums, signs, scalings, ⊙, ⊘ and .^p (the ops a rational function is made of). */
    static final java.util.Set<Op> ARITHMETIC = java.util.EnumSet.of(Op.HADAMARD, Op.ELEMDIV, Op.ADD, Op.NEG, Op.SCALE, Op.DIV, Op.ELEMPOW);

    /** An op that acts entry by entry: that arithmetic, or an element-wise function. */
    static boolean entrywise(Op op) { return ARITHMETIC.contains(op) || op.isElementwise(); }

    /** The B with Bᵀ = e, for e that {@link #transposedLeaves} accepts. */
    private static Expr untransposedLeaves(Expr e) {
        if (e.shape().isScalar()) return e;
        if (is(e, Op.ONES)) return ones(e.shape().transposed());
        if (is(e, Op.TRANSPOSE)) return arg(e, 0);
        if (is(e, Op.MATMUL)) {
            List<Expr> reversed = new ArrayList<>();
            for (Expr f : e.children()) reversed.add(0, untransposedLeaves(f));
            return matmul(reversed);
        }
        Node n = (Node) e;
        List<Expr> args = new ArrayList<>(n.arity());
        for (Expr c : n.args()) args.add(untransposedLeaves(c));
        return rebuild(n, args);
    }

    /** Aᵀ ⊙ I = A ⊙ I and (A ⊙ I)ᵀ = A ⊙ I: tr(X ⊙ Xᵀ)'s gradient, Xᵀ ⊙ I + (X ⊙ I)ᵀ, is 2(X ⊙ I). */
    static Expr diagonalMask(Node n) {
        if (n.op() == Op.TRANSPOSE) return is(n.arg(0), Op.HADAMARD) && (is(arg(n.arg(0), 0), Op.EYE) || is(arg(n.arg(0), 1), Op.EYE)) ? n.arg(0) : null;
        if (n.args().size() != 2) return null;
        Expr a = n.arg(0), b = n.arg(1);
        if (is(a, Op.EYE) && is(b, Op.TRANSPOSE)) return hadamard(a, arg(b, 0));
        if (is(b, Op.EYE) && is(a, Op.TRANSPOSE)) return hadamard(arg(a, 0), b);
        return null;
    }

    /** (f(Aᵀ))ᵀ = f(A) for an element-wise f, and (Aᵀ ⊙ Bᵀ)ᵀ = A ⊙ B. */
    static Expr transposeElementwise(Node n) {
        Expr inner = n.arg(0);
        if (!(inner instanceof Node in)) return null;
        if (in.op().isElementwise() && is(in.arg(0), Op.TRANSPOSE)) return call(in.op(), arg(in.arg(0), 0));
        if ((in.op() == Op.HADAMARD || in.op() == Op.ELEMDIV) && is(in.arg(0), Op.TRANSPOSE) && is(in.arg(1), Op.TRANSPOSE))
            return rebuild(in, List.of(arg(in.arg(0), 0), arg(in.arg(1), 0)));
        return null;
    }

    /**
     * sum(u ⊙ v) = uᵀv and sum(v.^2) = vᵀv for columns, sum(uᵀ ⊙ vᵀ) = uᵀv for rows: the inner product as a
     * textbook writes it (kron(x, y)'*kron(x, y) gave sum(y'.^2)*x for yᵀy x).
     */
    static Expr sumHadamardVectors(Node n) {
        Expr h = n.arg(0);
        Expr[] uv = entrywiseFactors(h);
        if (uv == null) return null;
        return h.shape().isColumn() ? mul(transpose(uv[0]), uv[1]) : h.shape().rows().isOne() ? mul(uv[0], transposed(uv[1])) : null;
    }

    /** u and v of u ⊙ v, or u twice for u.^2 (not a scalar's square); else null. What sum-hadamard-vectors and sum-squares sum. */
    private static Expr[] entrywiseFactors(Expr h) {
        if (is(h, Op.HADAMARD)) return new Expr[] {arg(h, 0), arg(h, 1)};
        if (is(h, Op.ELEMPOW) && ((Node) h).param() == 2 && !h.shape().isScalar()) return new Expr[] {arg(h, 0), arg(h, 0)};
        return null;
    }

    /** ‖A‖² for sum(A.^2) or sum(A ⊙ A), A a matrix (a vector's is vᵀv): sqnorm(a*X)'s ∇a is 2a‖X‖², as the textbooks write it. */
    static Expr sumOfSquares(Node n) {
        Expr h = n.arg(0);
        Expr[] uv = h.shape().isColumn() || h.shape().rows().isOne() ? null : entrywiseFactors(h);
        return uv != null && uv[0] == uv[1] ? call(Op.SQNORM, uv[0]) : null;
    }

    /**
     * (u.^p).^k = u.^(pk) for u never negative (vᵀv, a norm, exp, |·|, an even power, …), where elempow-trivial
     * must keep (a.^½).^2 for a ≥ 0 only: the Hessian of (x'*x)^0.5 printed ((x'*x)^0.5)^2 for x'*x.
     */
    static Expr powerOfNonnegative(Node n) {
        if (!is(n.arg(0), Op.ELEMPOW)) return null;
        double inner = ((Node) n.arg(0)).param();
        // an odd power keeps u's sign: (u.^3).^(2/3) has a value only where u ≥ 0, and there it is u.^2
        boolean oddUnderRoot = inner == Math.rint(inner) && Math.abs(inner % 2) == 1 && n.param() != Math.rint(n.param());
        if (!oddUnderRoot && !neverNegative(arg(n.arg(0), 0))) return null;
        double p = Fraction.multiply(inner, n.param());
        return p == 1 ? arg(n.arg(0), 0) : elemPow(arg(n.arg(0), 0), p);
    }

    /**
     * Whether e has no negative entry whatever its symbols are: vᵀv, ‖·‖, sqnorm, exp, |·|, relu, σ, softplus, √, an even
     * power, and a name for one (Y = relu(X*W): |Y| is Y, trial s74c).
     */
    static boolean neverNegative(Expr e) {
        e = Exprs.unnamed(e);
        if (e instanceof Num c) return c.value() >= 0;
        if (!(e instanceof Node f)) return false;
        if (f.op().has(dev.matdiff.expr.OpSpec.Flag.POSITIVE)) return true;
        return switch (f.op()) {
            case SQNORM, NORM, ABS, RELU, SQRT -> true;
            case ELEMPOW -> f.param() % 2 == 0 || neverNegative(f.arg(0));
            case MATMUL -> f.shape().isScalar() && f.args().size() == 2 && f.arg(0) == transposed(f.arg(1));
            default -> false;
        };
    }
}
