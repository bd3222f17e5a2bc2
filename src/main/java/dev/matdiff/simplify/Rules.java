package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static dev.matdiff.expr.Exprs.*;

/**
 * The simplification rules as one table. Transposes move inward through products (never into
 * sums, so (Xw − y)ᵀ stays as the textbooks write it), scalars move to the front, zeros and
 * identities vanish, and like terms are collected.
 */
public final class Rules {
    private Rules() {}

    public static final List<Rule> ALL = List.of(
            new Rule("transpose-transpose", "(Aᵀ)ᵀ = A", n -> n.op() == Op.TRANSPOSE && is(n.arg(0), Op.TRANSPOSE) ? arg(n.arg(0), 0) : null),
            new Rule("transpose-scalar", "aᵀ = a for a scalar", n -> n.op() == Op.TRANSPOSE && n.shape().isScalar() ? n.arg(0) : null),
            new Rule("transpose-symmetric", "Sᵀ = S for a symmetric S", n -> n.op() == Op.TRANSPOSE && Symmetry.isSymmetric(n.arg(0)) ? n.arg(0) : null),
            new Rule("transpose-product", "(AB)ᵀ = BᵀAᵀ", Rules::transposeProduct),
            new Rule("transpose-scale", "(aA)ᵀ = aAᵀ, (−A)ᵀ = −Aᵀ, (A/a)ᵀ = Aᵀ/a", Rules::transposeScale),
            new Rule("transpose-ones", "(1_{m×n})ᵀ = 1_{n×m}", n -> n.op() == Op.TRANSPOSE && is(n.arg(0), Op.ONES) ? ones(n.shape()) : null),
            new Rule("trace-scalar", "Tr(a) = a for a scalar", n -> (n.op() == Op.TR || n.op() == Op.SUM) && n.arg(0).shape().isScalar() ? n.arg(0) : null),
            new Rule("trace-transpose", "Tr(Aᵀ) = Tr(A)", n -> n.op() == Op.TR && is(n.arg(0), Op.TRANSPOSE) ? tr(arg(n.arg(0), 0)) : null),
            new Rule("neg-neg", "−(−A) = A", n -> n.op() == Op.NEG && is(n.arg(0), Op.NEG) ? arg(n.arg(0), 0) : null),
            new Rule("zero", "anything times 0, and −0, is 0", Rules::zero),
            new Rule("matmul-eye", "AI = IA = A", Rules::matmulEye),
            new Rule("hadamard-ones", "A ⊙ 1 = A", Rules::hadamardOnes),
            new Rule("elempow-trivial", "A.^1 = A, A.^0 = 1, (A.^p).^k = A.^(pk) for an integer k", Rules::elemPowTrivial),
            new Rule("inv-inv", "(A⁻¹)⁻¹ = A", n -> n.op() == Op.INV && is(n.arg(0), Op.INV) ? arg(n.arg(0), 0) : null),
            new Rule("inverse-cancel", "A⁻¹A = AA⁻¹ = I, and transposed", Rules::inverseCancel),
            new Rule("power-inv", "(A⁻¹)ᵏ = A⁻ᵏ", n -> n.op() == Op.POWER && is(n.arg(0), Op.INV) ? power(arg(n.arg(0), 0), -(int) n.param()) : null),
            new Rule("diag-scalar", "diag(a) = a for a scalar", n -> (n.op() == Op.DIAG_MATRIX || n.op() == Op.DIAG_VECTOR) && n.arg(0).shape().isScalar() ? n.arg(0) : null),
            new Rule("elemdiv-elemdiv", "(A ⊘ B) ⊘ C = A ⊘ (B ⊙ C), A ⊘ (cB) = (1/c)(A ⊘ B)", Rules::elemDivElemDiv),
            new Rule("hadamard-cancel", "A ⊙ (B ⊘ A) = B, (A ⊙ B) ⊘ A = B", Rules::hadamardCancel),
            new Rule("pull-scalars", "(aA) ⊘ B = a(A ⊘ B), (−A) ⊙ B = −(A ⊙ B), and for ⊗; (−A)/b = −(A/b)", Rules::pullScalars),
            new Rule("pull-scalars-linear", "L(aA) = a L(A) and L(−A) = −L(A) for L = Tr, sum, vec, unvec, diag", Rules::pullScalarsLinear),
            new Rule("scale-div", "(a/b) A = (aA)/b, a (A/b) = (aA)/b", Rules::scaleDiv),
            new Rule("div-div", "(A/a)/b = A/(ab)", n -> n.op() == Op.DIV && is(n.arg(0), Op.DIV)
                    ? div(arg(n.arg(0), 0), mul(arg(n.arg(0), 1), n.arg(1))) : null),
            new Rule("scalar-powers", "a·a = a², a·aᵏ = aᵏ⁺¹ for scalar factors", Rules::scalarPowers),
            new Rule("matmul-power", "A·A = A², A·Aᵏ = Aᵏ⁺¹ for a symbol A", Rules::matmulPower),
            new Rule("power-transpose", "(Aᵀ)ᵏ = (Aᵏ)ᵀ", n -> n.op() == Op.POWER && is(n.arg(0), Op.TRANSPOSE)
                    ? transpose(power(arg(n.arg(0), 0), (int) n.param())) : null),
            new Rule("hadamard-power", "A ⊙ A = A.^2, A ⊙ A.^p = A.^(p+1)", Rules::hadamardPower),
            new Rule("hadamard-reciprocal", "A ⊙ B.^-1 = A ⊘ B", Rules::hadamardReciprocal),
            new Rule("reciprocal", "1 ⊘ A = A.^-1", n -> n.op() == Op.ELEMDIV && is(n.arg(0), Op.ONES) ? elemPow(n.arg(1), -1) : null),
            new Rule("ones-linear", "diag(1_{n×n}) = vec(1) = 1, unvec(1) = 1, 1_{m×1} 1_{1×n} = 1_{m×n}", Rules::onesLinear),
            new Rule("diag-ones", "diag(1) = I", n -> n.op() == Op.DIAG_MATRIX && is(n.arg(0), Op.ONES) ? eye(n.shape().rows()) : null),
            new Rule("diag-outer", "diag(u vᵀ) = u ⊙ v", Rules::diagOuter),
            new Rule("sum-hadamard-vectors", "sum(u ⊙ v) = uᵀv for vectors", n -> n.op() == Op.SUM && is(n.arg(0), Op.HADAMARD)
                    && n.arg(0).shape().isColumn() ? mul(transpose(arg(n.arg(0), 0)), arg(n.arg(0), 1)) : null),
            new Rule("div-cancel", "(aA)/a = A, a(A/a) = A, A/1 = A, (4A)/2 = 2A", Rules::divCancel),
            new Rule("add-zero", "A + 0 = A", Rules::addZero),
            new Rule("collect-terms", "aA + bA = (a + b)A, and xᵀy + yᵀx = 2xᵀy", Rules::collectTerms),
            new Rule("transpose-kron", "(A ⊗ B)ᵀ = Aᵀ ⊗ Bᵀ", n -> n.op() == Op.TRANSPOSE && is(n.arg(0), Op.KRON)
                    ? kron(transpose(arg(n.arg(0), 0)), transpose(arg(n.arg(0), 1))) : null),
            new Rule("common-coefficient", "2A − 2B = 2(A − B)", Rules::commonCoefficient),
            new Rule("ones-sum", "1ᵀ v = sum(v)", Rules::onesSum),
            new Rule("vec-unvec", "vec(unvec(v)) = v, unvec(vec(A)) = A, and a column is its own vec", Rules::vecUnvec),
            new Rule("kron-adjoint-eye", "kronblocks(I, B) = Tr(B) I, kronsum(I, A) = Tr(A) I (Cookbook (105))", Rules::kronAdjointEye),
            new Rule("kron-vec", "(P ⊗ Q) vec(V) = vec(Q V Pᵀ)", Rules::kronVec),
            new Rule("positive-first", "−A + B = B − A: a sum starts with a positive term", Rules::positiveFirst),
            new Rule("factor-common", "AB + AC = A(B + C), BA + CA = (B + C)A", Rules::factorCommon));

    /** The zero of a shape: 0, or 0*ones(m, n). */
    public static Expr zeroOf(Shape shape) {
        return scale(ZERO, ones(shape));
    }

    public static boolean isZeroValue(Expr e) {
        return isZero(e) || is(e, Op.SCALE) && isZero(arg(e, 0));
    }

    private static Expr transposeProduct(Node n) {
        if (n.op() != Op.TRANSPOSE || !is(n.arg(0), Op.MATMUL)) return null;
        List<Expr> factors = new ArrayList<>(((Node) n.arg(0)).args());
        List<Expr> reversed = new ArrayList<>();
        for (int i = factors.size() - 1; i >= 0; i--) reversed.add(transposed(factors.get(i)));
        return matmul(reversed);
    }

    private static Expr transposeScale(Node n) {
        if (n.op() != Op.TRANSPOSE || !(n.arg(0) instanceof Node inner)) return null;
        return switch (inner.op()) {
            case SCALE -> scale(inner.arg(0), transpose(inner.arg(1)));
            case NEG -> neg(transpose(inner.arg(0)));
            case DIV -> div(transpose(inner.arg(0)), inner.arg(1));
            default -> null;
        };
    }

    private static Expr zero(Node n) {
        boolean zero = switch (n.op()) {
            case NEG, TRANSPOSE, TR, SUM, DIAG_MATRIX, DIAG_VECTOR, VEC, UNVEC, DIV -> isZeroValue(n.arg(0));
            case SCALE, HADAMARD, KRON, CONV, CONVFULL, KRONBLOCKS, KRONSUM -> isZeroValue(n.arg(0)) || isZeroValue(n.arg(1));
            case MATMUL -> anyChild(n, Rules::isZeroValue);
            case ELEMDIV -> isZeroValue(n.arg(0));
            default -> false;
        };
        if (!zero) return null;
        Expr z = zeroOf(n.shape());
        return z.equals(n) ? null : z;
    }

    private static Expr matmulEye(Node n) {
        if (n.op() != Op.MATMUL || !anyChild(n, a -> is(a, Op.EYE))) return null;
        List<Expr> kept = new ArrayList<>();
        for (Expr a : n.args()) if (!is(a, Op.EYE)) kept.add(a);
        return kept.isEmpty() ? n.arg(0) : matmul(kept);
    }

    private static Expr hadamardOnes(Node n) {
        if (n.op() == Op.HADAMARD) {
            if (is(n.arg(1), Op.ONES)) return n.arg(0);
            if (is(n.arg(0), Op.ONES)) return n.arg(1);
        }
        if (n.op() == Op.ELEMDIV && is(n.arg(1), Op.ONES)) return n.arg(0);
        return null;
    }

    private static Expr elemPowTrivial(Node n) {
        if (n.op() != Op.ELEMPOW) return null;
        double p = n.param();
        if (p == 1) return n.arg(0);
        if (p == 0) return ones(n.shape());
        if (n.arg(0) instanceof Num x) return num(Math.pow(x.value(), p));
        // (a^p)^k = a^(pk) holds for an integer k; (a²)^½ = |a| shows why not for any q
        if (is(n.arg(0), Op.ELEMPOW) && p == Math.rint(p)) return elemPow(arg(n.arg(0), 0), ((Node) n.arg(0)).param() * p);
        return null;
    }

    private static Expr inverseCancel(Node n) {
        if (n.op() != Op.MATMUL) return null;
        List<Expr> f = n.args();
        for (int i = 0; i + 1 < f.size(); i++) {
            if (inverses(f.get(i), f.get(i + 1)) || inverses(f.get(i + 1), f.get(i))) {
                List<Expr> rest = new ArrayList<>(f.subList(0, i));
                rest.addAll(f.subList(i + 2, f.size()));
                return rest.isEmpty() ? eye(n.shape().rows()) : matmul(rest);
            }
        }
        return null;
    }

    /** a is b⁻¹, or aᵀ is (b⁻¹)ᵀ. */
    private static boolean inverses(Expr a, Expr b) {
        if (is(a, Op.INV) && arg(a, 0) == b) return true;
        return is(a, Op.TRANSPOSE) && is(b, Op.TRANSPOSE) && is(arg(a, 0), Op.INV) && arg(arg(a, 0), 0) == arg(b, 0);
    }

    private static Expr elemDivElemDiv(Node n) {
        if (n.op() != Op.ELEMDIV) return null;
        if (is(n.arg(0), Op.ELEMDIV)) return elemDiv(arg(n.arg(0), 0), hadamard(arg(n.arg(0), 1), n.arg(1)));
        if (is(n.arg(1), Op.SCALE) && arg(n.arg(1), 0) instanceof Num c && c.value() != 0)
            return scale(num(1 / c.value()), elemDiv(n.arg(0), arg(n.arg(1), 1)));
        return null;
    }

    private static Expr hadamardCancel(Node n) {
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

    private static Expr scaleDiv(Node n) {
        if (n.op() != Op.SCALE) return null;
        if (is(n.arg(0), Op.DIV)) return div(mul(arg(n.arg(0), 0), n.arg(1)), arg(n.arg(0), 1));
        if (is(n.arg(1), Op.DIV) && arg(n.arg(1), 1) != n.arg(0)) return div(mul(n.arg(0), arg(n.arg(1), 0)), arg(n.arg(1), 1));
        return null;
    }

    /**
     * (A + B)ᵀ = Aᵀ + Bᵀ. Not in {@link #ALL}: it would print (Xw − y)ᵀ as wᵀXᵀ − yᵀ. The
     * simplifier tries the table with it as well and keeps whichever result is shorter.
     */
    public static final Rule TRANSPOSE_SUM = new Rule("transpose-sum", "(A + B)ᵀ = Aᵀ + Bᵀ",
            n -> n.op() == Op.TRANSPOSE && is(n.arg(0), Op.ADD)
                    ? add(n.arg(0).children().stream().map(Exprs::transpose).toList()) : null);

    public static final List<Rule> WITH_TRANSPOSED_SUMS = with(ALL, TRANSPOSE_SUM);

    private static List<Rule> with(List<Rule> rules, Rule extra) {
        List<Rule> out = new ArrayList<>(rules);
        out.add(0, extra);
        return List.copyOf(out);
    }

    private static Expr pullScalarsLinear(Node n) {
        switch (n.op()) {
            case TR, SUM, VEC, UNVEC, DIAG_MATRIX, DIAG_VECTOR -> { }
            default -> { return null; }
        }
        Expr a = n.arg(0);
        if (is(a, Op.NEG)) return neg(rebuild(n, List.of(arg(a, 0))));
        if (is(a, Op.SCALE)) return scale(arg(a, 0), rebuild(n, List.of(arg(a, 1))));
        return null;
    }

    /** The scalar factors of a chain of scalings, and what they scale. */
    private static void scalarFactors(Expr s, List<Expr> out) {
        if (is(s, Op.SCALE) && arg(s, 1).shape().isScalar()) {
            scalarFactors(arg(s, 0), out);
            scalarFactors(arg(s, 1), out);
        } else out.add(s);
    }

    private static Expr scalarPowers(Node n) {
        if (n.op() != Op.SCALE) return null;
        List<Expr> factors = new ArrayList<>();
        scalarFactors(n.arg(0), factors);
        Expr rest = n.arg(1);
        if (rest.shape().isScalar()) { factors.add(rest); rest = null; }
        Map<Expr, Double> exponents = new IdentityHashMap<>();
        List<Expr> order = new ArrayList<>();
        for (Expr f : factors) {
            Expr base = is(f, Op.ELEMPOW) ? arg(f, 0) : f;
            double k = is(f, Op.ELEMPOW) ? ((Node) f).param() : 1;
            if (base instanceof Num) { order.add(f); continue; }
            if (!exponents.containsKey(base)) order.add(base);
            exponents.merge(base, k, Double::sum);
        }
        if (order.size() == factors.size()) return null;
        Expr product = null;
        for (Expr f : order) {
            Double k = exponents.get(f);
            Expr factor = k == null ? f : k == 1 ? f : elemPow(f, k);
            product = product == null ? factor : scale(product, factor);
        }
        return rest == null ? product : scale(product, rest);
    }

    /** A factor as a power of a symbol: X is (X, 1), inv(X) is (X, −1), (X^k)ᵀ is (X, k, transposed). */
    private record SymbolPower(Expr base, int exponent, boolean transposed) {
        static SymbolPower of(Expr f) {
            boolean t = is(f, Op.TRANSPOSE);
            Expr e = t ? arg(f, 0) : f;
            if (e instanceof Expr.Var) return new SymbolPower(e, 1, t);
            if (is(e, Op.INV) && arg(e, 0) instanceof Expr.Var) return new SymbolPower(arg(e, 0), -1, t);
            if (is(e, Op.POWER) && arg(e, 0) instanceof Expr.Var) return new SymbolPower(arg(e, 0), (int) ((Node) e).param(), t);
            return null;
        }

        Expr build() {
            Expr p = exponent == 0 ? eye(base.shape().rows()) : power(base, exponent);
            return transposed ? transpose(p) : p;
        }
    }

    private static Expr matmulPower(Node n) {
        if (n.op() != Op.MATMUL) return null;
        List<Expr> out = new ArrayList<>();
        SymbolPower last = null;
        boolean merged = false;
        for (Expr f : n.args()) {
            SymbolPower p = SymbolPower.of(f);
            if (p != null && last != null && p.base() == last.base() && p.transposed() == last.transposed()) {
                last = new SymbolPower(p.base(), last.exponent() + p.exponent(), p.transposed());
                out.set(out.size() - 1, last.build());
                merged = true;
                continue;
            }
            out.add(f);
            last = p;
        }
        return merged ? matmul(out) : null;
    }

    private static Expr hadamardPower(Node n) {
        if (n.op() != Op.HADAMARD) return null;
        Expr a = n.arg(0), b = n.arg(1);
        Expr baseA = is(a, Op.ELEMPOW) ? arg(a, 0) : a, baseB = is(b, Op.ELEMPOW) ? arg(b, 0) : b;
        if (baseA != baseB) {
            // x ⊙ (x ⊙ y): the power is one factor further in
            if (is(b, Op.HADAMARD) && (arg(b, 0) == baseA || is(arg(b, 0), Op.ELEMPOW) && arg(arg(b, 0), 0) == baseA))
                return hadamard(hadamard(a, arg(b, 0)), arg(b, 1));
            return null;
        }
        double p = (is(a, Op.ELEMPOW) ? ((Node) a).param() : 1) + (is(b, Op.ELEMPOW) ? ((Node) b).param() : 1);
        return elemPow(baseA, p);
    }

    private static Expr onesLinear(Node n) {
        return switch (n.op()) {
            case DIAG_VECTOR, VEC, UNVEC -> is(n.arg(0), Op.ONES) ? ones(n.shape()) : null;
            case MATMUL -> {
                List<Expr> f = n.args();
                for (int i = 0; i + 1 < f.size(); i++) {
                    // an outer product of ones; through an inner dimension k it would be k·1, and k is no expression
                    if (is(f.get(i), Op.ONES) && is(f.get(i + 1), Op.ONES) && f.get(i).shape().cols().isOne()) {
                        List<Expr> out = new ArrayList<>(f.subList(0, i));
                        out.add(ones(new Shape(f.get(i).shape().rows(), f.get(i + 1).shape().cols())));
                        out.addAll(f.subList(i + 2, f.size()));
                        yield matmul(out);
                    }
                }
                yield null;
            }
            default -> null;
        };
    }

    /** The adjoints of ⊗ applied to the identity: its off-diagonal blocks are 0 and its diagonal ones I. */
    private static Expr kronAdjointEye(Node n) {
        if (n.op() != Op.KRONBLOCKS && n.op() != Op.KRONSUM || !is(n.arg(0), Op.EYE)) return null;
        Expr other = n.arg(1);
        if (!other.shape().rows().equals(other.shape().cols())) return null;
        return scale(tr(other), eye(n.shape().rows()));
    }

    private static Expr hadamardReciprocal(Node n) {
        if (n.op() != Op.HADAMARD) return null;
        for (int i = 0; i < 2; i++) {
            Expr r = n.arg(i);
            if (is(r, Op.ELEMPOW) && ((Node) r).param() == -1) return elemDiv(n.arg(1 - i), arg(r, 0));
        }
        return null;
    }

    private static Expr diagOuter(Node n) {
        if (n.op() != Op.DIAG_VECTOR || !is(n.arg(0), Op.MATMUL) || n.arg(0).children().size() != 2) return null;
        Expr u = arg(n.arg(0), 0), vt = arg(n.arg(0), 1);
        if (!u.shape().isColumn() || !vt.shape().rows().isOne()) return null;
        return hadamard(u, transpose(vt));
    }

    private static Expr pullScalars(Node n) {
        if (n.op() != Op.HADAMARD && n.op() != Op.ELEMDIV && n.op() != Op.DIV && n.op() != Op.KRON) return null;
        Expr a = n.arg(0), b = n.arg(1);
        if (is(a, Op.NEG)) return neg(rebuild(n, List.of(arg(a, 0), b)));
        // (aA)/b stays: scale-div moves scalars into a quotient, and this rule must not move them out again
        if (n.op() == Op.DIV) return null;
        if (is(a, Op.SCALE)) return scale(arg(a, 0), rebuild(n, List.of(arg(a, 1), b)));
        if (is(b, Op.NEG) && n.op() != Op.ELEMDIV) return neg(rebuild(n, List.of(a, arg(b, 0))));
        if (is(b, Op.SCALE) && n.op() != Op.ELEMDIV) return scale(arg(b, 0), rebuild(n, List.of(a, arg(b, 1))));
        return null;
    }

    private static Expr divCancel(Node n) {
        if (n.op() == Op.DIV) {
            Expr a = n.arg(0), s = n.arg(1);
            if (isNum(s, 1)) return a;
            if (a == s) return ONE;
            if (a instanceof Num x && s instanceof Num y && y.value() != 0) return num(x.value() / y.value());
            // (4A)/2 = 2A; a quotient that is not whole stays a fraction, 2A/3 rather than 0.667A
            if (s instanceof Num y && is(a, Op.SCALE) && arg(a, 0) instanceof Num x && y.value() != 0
                    && x.value() % y.value() == 0) return scale(num(x.value() / y.value()), arg(a, 1));
            Expr rest = withoutScalarFactor(a, s);
            if (rest != null) return rest;
        }
        if (n.op() == Op.SCALE && is(n.arg(1), Op.DIV) && arg(n.arg(1), 1) == n.arg(0)) return arg(n.arg(1), 0);
        return null;
    }

    /** a with one scalar factor s removed from its chain of scalings, or null if s is not among them. */
    private static Expr withoutScalarFactor(Expr a, Expr s) {
        if (!is(a, Op.SCALE)) return null;
        Expr factor = arg(a, 0), rest = arg(a, 1);
        if (factor == s) return rest;
        if (rest == s) return factor;
        // the factory nests scalings to the left, a·(b·X) as (a·b)·X, so only the factor can hold more
        Expr inFactor = withoutScalarFactor(factor, s);
        return inFactor != null ? scale(inFactor, rest) : null;
    }

    private static Expr addZero(Node n) {
        if (n.op() != Op.ADD || !anyChild(n, Rules::isZeroValue)) return null;
        List<Expr> kept = new ArrayList<>();
        for (Expr t : n.args()) if (!isZeroValue(t)) kept.add(t);
        return kept.isEmpty() ? zeroOf(n.shape()) : add(kept);
    }

    /** A term as number × base: 2*A is (2, A), −A is (−1, A), 3 is (3, 1). */
    record Term(double coefficient, Expr base) {
        static Term of(Expr e) {
            if (e instanceof Num x) return new Term(x.value(), ONE);
            if (is(e, Op.NEG)) {
                Term t = of(arg(e, 0));
                return new Term(-t.coefficient, t.base);
            }
            if (is(e, Op.SCALE)) {
                Term s = of(arg(e, 0));
                if (s.coefficient != 1) return new Term(s.coefficient, s.base == ONE ? arg(e, 1) : scale(s.base, arg(e, 1)));
            }
            return new Term(1, e);
        }

        /** c·base; the factory makes 1·A into A, −1·A into −A and c·1 into c. */
        Expr build() { return scale(num(coefficient), base); }
    }

    private static Expr collectTerms(Node n) {
        if (n.op() != Op.ADD) return null;
        Map<Expr, Double> coefficients = new IdentityHashMap<>();
        List<Expr> order = new ArrayList<>();
        for (Expr t : n.args()) {
            Term term = Term.of(t);
            Expr base = term.base;
            // a scalar product reads the same both ways: y'*x is a term like x'*y
            if (!coefficients.containsKey(base) && coefficients.containsKey(flipped(base))) base = flipped(base);
            if (!coefficients.containsKey(base)) order.add(base);
            coefficients.merge(base, term.coefficient, Double::sum);
        }
        if (order.size() == n.args().size()) return null;
        List<Expr> out = new ArrayList<>();
        for (Expr base : order) {
            double c = coefficients.get(base);
            if (c != 0) out.add(new Term(c, base).build());
        }
        return out.isEmpty() ? zeroOf(n.shape()) : add(out);
    }

    /**
     * A scalar product's factors in the other order, each transposed (b'a for a'b); other
     * expressions as they are. A product with a differential among its factors stays as it is: the
     * textbooks keep dwᵀXᵀr + rᵀX dw apart until the trace step joins them.
     */
    private static Expr flipped(Expr e) {
        if (!is(e, Op.MATMUL) || !e.shape().isScalar()) return e;
        List<Expr> factors = e.children();
        for (Expr f : factors)
            if (is(f, Op.DIFF) || is(f, Op.TRANSPOSE) && is(arg(f, 0), Op.DIFF)) return e;
        List<Expr> out = new ArrayList<>(factors.size());
        for (int i = factors.size() - 1; i >= 0; i--) out.add(Symmetry.transposeOf(factors.get(i)));
        return matmul(out);
    }

    private static Expr commonCoefficient(Node n) {
        if (n.op() != Op.ADD) return null;
        long gcd = 0;
        for (Expr t : n.args()) {
            double c = Term.of(t).coefficient;
            if (c != Math.rint(c) || Math.abs(c) > 1e9) return null;
            gcd = java.math.BigInteger.valueOf(gcd).gcd(java.math.BigInteger.valueOf((long) Math.abs(c))).longValue();
        }
        // every term negative: −(A + B) rather than −A − B
        boolean negative = !anyChild(n, t -> Term.of(t).coefficient >= 0);
        long factor = negative ? -Math.max(gcd, 1) : gcd;
        if (!negative && gcd < 2) return null;
        List<Expr> reduced = new ArrayList<>();
        for (Expr t : n.args()) {
            Term term = Term.of(t);
            reduced.add(new Term(term.coefficient / factor, term.base).build());
        }
        return scale(num(factor), add(reduced));
    }

    private static Expr onesSum(Node n) {
        if (n.op() != Op.MATMUL || !n.shape().isScalar()) return null;
        Expr first = n.arg(0);
        boolean onesRow = is(first, Op.ONES) || is(first, Op.TRANSPOSE) && is(arg(first, 0), Op.ONES);
        if (!onesRow) return null;
        return sum(matmul(n.args().subList(1, n.args().size())));
    }

    private static Expr vecUnvec(Node n) {
        if (n.op() == Op.VEC && (is(n.arg(0), Op.UNVEC) || n.arg(0).shape().isColumn()))
            return is(n.arg(0), Op.UNVEC) ? arg(n.arg(0), 0) : n.arg(0);
        if (n.op() == Op.UNVEC && is(n.arg(0), Op.VEC) && arg(n.arg(0), 0).shape().equals(n.shape())) return arg(n.arg(0), 0);
        if (n.op() == Op.UNVEC && n.shape().isColumn()) return n.arg(0);
        return null;
    }

    /** (P ⊗ Q) v with v a column: vec(Q · unvec(v) · Pᵀ), the identity of seed 004's Proof 1. */
    private static Expr kronVec(Node n) {
        if (n.op() != Op.MATMUL || n.args().size() != 2 || !is(n.arg(0), Op.KRON) || !n.arg(1).shape().isColumn()) return null;
        Expr p = arg(n.arg(0), 0), q = arg(n.arg(0), 1);
        Shape inner = new Shape(q.shape().cols(), p.shape().cols());
        return call(Op.VEC, mul(mul(q, unvec(n.arg(1), inner)), transpose(p)));
    }

    private static Expr positiveFirst(Node n) {
        if (n.op() != Op.ADD || Term.of(n.arg(0)).coefficient >= 0) return null;
        for (int i = 1; i < n.args().size(); i++) {
            if (Term.of(n.arg(i)).coefficient > 0) {
                List<Expr> terms = new ArrayList<>(n.args());
                terms.add(0, terms.remove(i));
                return add(terms);
            }
        }
        return null;
    }

    /** Pulls a factor every term shares out of a sum, on the left or the right: AB + AC = A(B + C), s·AB − CB = (s·A − C)B. */
    private static Expr factorCommon(Node n) {
        if (n.op() != Op.ADD) return null;
        List<Term> terms = n.args().stream().map(Term::of).toList();
        for (boolean left : new boolean[] {true, false}) {
            Expr common = null;
            boolean all = true;
            for (Term t : terms) {
                List<Expr> f = chain(t.base);
                if (f == null) { all = false; break; }
                Expr edge = left ? f.get(0) : f.get(f.size() - 1);
                if (common == null) common = edge;
                else if (common != edge) { all = false; break; }
            }
            if (!all) continue;
            List<Expr> rests = new ArrayList<>();
            for (Term t : terms) {
                List<Expr> f = chain(t.base);
                Expr rest = matmul(left ? f.subList(1, f.size()) : f.subList(0, f.size() - 1));
                if (is(t.base, Op.SCALE)) rest = scale(arg(t.base, 0), rest);
                rests.add(new Term(t.coefficient, rest).build());
            }
            Expr inner = add(rests);
            return left ? matmul(List.of(common, inner)) : matmul(List.of(inner, common));
        }
        return null;
    }

    /** The factors of a matrix product, also of one scaled by a scalar that is not a number (s·AB); else null. */
    private static List<Expr> chain(Expr base) {
        Expr product = is(base, Op.SCALE) ? arg(base, 1) : base;
        return is(product, Op.MATMUL) ? product.children() : null;
    }
}
