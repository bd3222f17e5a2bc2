package dev.matdiff.numeric;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Substitution;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.expr.VarKind;
import dev.matdiff.linalg.Kernels;

import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jacobi's formula at a singular matrix. The gradient of det(X) is written det(X)·inv(X)ᵀ, which
 * has no value where X is singular although the gradient itself, adj(X)ᵀ, exists everywhere
 * (det(X)^2 has gradient 2·det(X)·adj(X)ᵀ, zero there). When an expression cannot be evaluated,
 * each product c·det(Y)ᵏ·M with k ≥ 1 and M linear in inv(Y) is rewritten as
 * c·det(Y)ᵏ⁻¹·M[adj(Y)/inv(Y)], using inv(Y) = adj(Y)/det(Y) (a sum M of terms linear in inv(Y) and terms free of it
 * keeps det(Y)ᵏ on the free ones: det(X)·(Tr(X)·X⁻ᵀ + I) is Tr(X)·adj(X)ᵀ + det(X)·I), and the expression evaluated again
 * with adj(Y) computed from Y's value. Only the evaluation changes: the printed gradient is the
 * law's. A formula with no such product (logdet's inv(X)ᵀ) stays undefined.
 */
public final class Adjugates {
    private Adjugates() {}

    /**
     * An expression with its det-scaled inverses through adjugates: each adj(Y) a variable, and the Y it stands for; and
     * each second adjugate adj₂(Y) = det(Y)·(vec(Y⁻¹)·vec(Y⁻ᵀ)ᵀ − Y⁻ᵀ ⊗ Y⁻¹) (det's Hessian but for the commutation) a
     * variable, and its Y.
     */
    public record Rewritten(Expr expr, Map<Expr.Var, Expr> adjugateOf, Map<Expr.Var, Expr> secondAdjugateOf) {}

    /**
     * e with every c·det(Y)ᵏ·M, M of degree d ≤ k in inv(Y), written c·det(Y)ᵏ⁻ᵈ·M[adj(Y)/inv(Y)], or null when it has
     * none: how generated code computes det's gradient where Y is singular too, as {@link #retry} does for eval.
     */
    public static Rewritten rewritten(Expr e) { return rewritten(e, false); }

    /** {@code second}: also det(Y)·(vec(Y⁻¹)·vec(Y⁻ᵀ)ᵀ − Y⁻ᵀ ⊗ Y⁻¹) as adj₂(Y), det's Hessian at a singular Y (eval only). */
    static Rewritten rewritten(Expr e, boolean second) {
        Map<Expr.Var, Expr> adjugates = new LinkedHashMap<>(), seconds = new LinkedHashMap<>();
        Expr rewritten = Substitution.apply(e, x -> rewrite(x, adjugates, second ? seconds : null));
        return rewritten == e || adjugates.isEmpty() && seconds.isEmpty() ? null : new Rewritten(rewritten, adjugates, seconds);
    }

    /**
     * The value of e with its det-scaled inverses evaluated through adjugates, or null when there
     * is none to rewrite or the rewritten expression has no value either.
     */
    static RealMatrix retry(Evaluator evaluator, Expr e) {
        Rewritten r = rewritten(e, true);
        if (r == null) return null;
        try {
            Map<String, RealMatrix> values = new LinkedHashMap<>(evaluator.bindings().values());
            for (boolean second : new boolean[] {false, true})
                for (var a : (second ? r.secondAdjugateOf() : r.adjugateOf()).entrySet()) {
                    RealMatrix y = evaluator.value(a.getValue());
                    RealMatrix adjugate = second ? Kernels.secondAdjugate(y) : Kernels.adjugate(y);
                    // past the largest double (adj(diag(1e200, 1e200, 1e-300)) has 1e400): no value, as exp(1000) has none
                    if (!dev.matdiff.linalg.Matrices.allFinite(adjugate)) return null;
                    values.put(a.getKey().name(), adjugate);
                }
            return new Evaluator(new Bindings(values, evaluator.bindings().dimSizes())).value(r.expr());
        } catch (NumericException | ArithmeticException | IllegalArgumentException ex) {
            return null;
        }
    }

    /**
     * SCALE(s, M) with a det(Y) factor in s and M a sum of terms each of some degree d in inv(Y) (a second adjugate's
     * pattern counting as one), with det(Y)ᵈ in s: each term without d det factors, adj(Y) for inv(Y) (and adj₂(Y) for the
     * pattern); else null (look inside).
     */
    private static Expr rewrite(Expr x, Map<Expr.Var, Expr> adjugates, Map<Expr.Var, Expr> seconds) {
        if (!(x instanceof Node n) || n.op() != Op.SCALE) return null;
        Expr s = n.arg(0), m = n.arg(1);
        for (Expr inv : inverses(m)) {
            Expr y = matrixInverted(inv);
            if (withoutDet(s, y) == null) continue;
            Pattern found = seconds == null ? null : secondAdjugatePattern(m, inv);
            Expr pattern = found == null ? null : found.node();
            // M = Σ terms of degree d in inv(Y): det(X)*(tr(X)*inv(X)' + I) is tr(X)*adj(X)' + det(X)*I
            List<Expr> out = new ArrayList<>(), free = new ArrayList<>();
            for (Expr t : Exprs.is(m, Op.ADD) && m != pattern ? m.children() : List.of(m)) {
                int d = degree(t, inv, pattern);
                if (d < 0) return null;
                if (d == 0) { free.add(t); continue; }
                Expr rest = s;
                for (int i = 0; i < d && rest != null; i++) rest = withoutDet(rest, y);
                if (rest == null) return null;
                out.add(Exprs.scale(rest, Substitution.apply(t, z -> z == inv ? adjugateIn(inv, y, adjugates)
                        : z == pattern ? second(found, y, seconds) : null)));
            }
            if (out.isEmpty()) continue;
            if (!free.isEmpty()) out.add(Exprs.scale(s, Exprs.add(free)));
            return Exprs.add(out);
        }
        return null;
    }

    /** adj(Y) for inv(Y), and the diagonal of adj(diag(x)) for x.^-1, the entries of inv(diag(x)). */
    private static Expr adjugateIn(Expr inv, Expr y, Map<Expr.Var, Expr> adjugates) {
        Expr.Var adj = adjugate(y, y, adjugates, "adj(");
        return Exprs.is(inv, Op.INV) ? adj : Exprs.call(Op.DIAG_VECTOR, adj);
    }

    /** The matrix an inverse node inverts: Y of inv(Y), diag(x) of x.^-1. */
    private static Expr matrixInverted(Expr inv) {
        Expr a = ((Node) inv).arg(0);
        return Exprs.is(inv, Op.INV) ? a : Exprs.call(Op.DIAG_MATRIX, a);
    }

    /** adj₂(Y) for the pattern, negated for its negated form. */
    private static Expr second(Pattern p, Expr y, Map<Expr.Var, Expr> seconds) {
        Expr.Var v = adjugate(p.node(), y, seconds, "adj2(");
        return p.negated() ? Exprs.neg(v) : v;
    }

    /** The variable that stands for adj(Y) (or adj₂(Y)), made once per Y. */
    private static Expr.Var adjugate(Expr of, Expr y, Map<Expr.Var, Expr> made, String prefix) {
        for (var e : made.entrySet()) if (e.getValue() == y) return e.getKey();
        Expr.Var v = Exprs.var(prefix + TextPrinter.print(y) + ")", of.shape(), VarKind.MATRIX, true);
        made.put(v, y);
        return v;
    }

    /**
     * The node vec(A)·vec(Aᵀ)ᵀ − Aᵀ ⊗ A in m, A = inv (or, A symmetric, vec(A)·vec(A)ᵀ − A ⊗ A), or the node of its
     * negation Aᵀ ⊗ A − vec(A)·vec(Aᵀ)ᵀ (−det's Hessian), or null: det(Y) times the first is the second adjugate, whose
     * entries det·(A_ab·A_dc − A_ac·A_db) are Y's signed complementary (n−2)-minors (Jacobi), a polynomial that has a
     * value where Y is singular, as det's Hessian does.
     */
    private static Pattern secondAdjugatePattern(Expr m, Expr inv) {
        for (Expr z : Dag.postOrder(m))
            if (z instanceof Node add && add.op() == Op.ADD && add.arity() == 2)
                for (boolean negated : new boolean[] {false, true}) {
                    // outer − kron, or kron − outer
                    Expr outer = negated ? negatedOf(add.arg(1)) : add.arg(0), kron = negated ? add.arg(0) : negatedOf(add.arg(1));
                    if (isSecondAdjugate(outer, kron, inv)) return new Pattern(z, negated);
                }
        return null;
    }

    /** The pattern's node, and whether it is the negated form. */
    private record Pattern(Expr node, boolean negated) {}

    /** Whether outer − kron is vec(A)·vec(Aᵀ)ᵀ − Aᵀ ⊗ A for A = inv (Aᵀ written A where A is symmetric). */
    private static boolean isSecondAdjugate(Expr outer, Expr kron, Expr inv) {
        if (!(outer instanceof Node o) || o.op() != Op.MATMUL || o.arity() != 2 || !(kron instanceof Node k) || k.op() != Op.KRON) return false;
        Expr left = vecOf(o.arg(0)), right = o.arg(1) instanceof Node t && t.op() == Op.TRANSPOSE ? vecOf(t.arg(0)) : null;
        if (left != inv || right == null) return false;
        boolean general = right instanceof Node rt && rt.op() == Op.TRANSPOSE && rt.arg(0) == inv
                && k.arg(0) instanceof Node kt && kt.op() == Op.TRANSPOSE && kt.arg(0) == inv && k.arg(1) == inv;
        // a symmetric Y: Y⁻ᵀ is Y⁻¹, and the simplifier wrote it so (for another Y the form is no second adjugate)
        boolean symmetric = right == inv && k.arg(0) == inv && k.arg(1) == inv && new Symmetric(true).of(((Node) inv).arg(0));
        return general || symmetric;
    }

    /** e of −e, else null. */
    private static Expr negatedOf(Expr e) { return e instanceof Node neg && neg.op() == Op.NEG ? neg.arg(0) : null; }

    private static Expr vecOf(Expr e) { return e instanceof Node v && v.op() == Op.VEC ? v.arg(0) : null; }
    /** The inverses in m: inv(Y), and x.^-1 of a column vector x, the diagonal of inv(diag(x)) (det(diag(x))'s gradient det(diag(x)) ./ x). */
    private static List<Expr> inverses(Expr m) {
        List<Expr> out = new ArrayList<>();
        for (Expr z : Dag.postOrder(m))
            if (z instanceof Node n && (n.op() == Op.INV || n.op() == Op.ELEMPOW && n.param() == -1 && n.arg(0).shape().isColumn() && !n.arg(0).shape().isScalar()))
                out.add(z);
        return out;
    }

    /** s / det(y) when s is det(y)ᵏ (k ≥ 1) times other factors, in a sum every term of which is; else null. */
    private static Expr withoutDet(Expr s, Expr y) {
        // a det the program named (h = det(X*x*x')) is a det here too (review s68r)
        if (s instanceof Expr.Named named) return withoutDet(named.body(), y);
        if (s instanceof Node n) {
            switch (n.op()) {
                case DET -> { return detRatio(n.arg(0), y); }
                case ELEMPOW -> {
                    if (!(n.arg(0) instanceof Node d && d.op() == Op.DET) || n.param() < 1) return null;
                    Expr ratio = detRatio(d.arg(0), y);
                    if (ratio == null) return null;
                    Expr lower = n.param() == 1 ? Exprs.ONE : n.param() == 2 ? n.arg(0) : Exprs.elemPow(n.arg(0), n.param() - 1);
                    return Exprs.scale(lower, ratio);
                }
                case SCALE, MATMUL -> {
                    for (int i = 0; i < n.arity(); i++) {
                        Expr rest = withoutDet(n.arg(i), y);
                        if (rest == null) continue;
                        List<Expr> factors = new ArrayList<>(n.args());
                        factors.set(i, rest);
                        Expr product = factors.get(0);
                        for (int j = 1; j < factors.size(); j++) product = Exprs.scale(product, factors.get(j));
                        return product;
                    }
                    return null;
                }
                case NEG -> {
                    Expr rest = withoutDet(n.arg(0), y);
                    return rest == null ? null : Exprs.neg(rest);
                }
                case DIV -> {
                    Expr rest = withoutDet(n.arg(0), y);
                    return rest == null ? null : Exprs.div(rest, n.arg(1));
                }
                case ADD -> {
                    List<Expr> terms = new ArrayList<>();
                    for (Expr t : n.args()) {
                        Expr rest = withoutDet(t, y);
                        if (rest == null) return null;
                        terms.add(rest);
                    }
                    return Exprs.add(terms);
                }
                default -> { return null; }
            }
        }
        return null;
    }

    /**
     * det(p)/det(y) where p is y, y scaled (det(cY)/det(Y) = det(cI) = cⁿ, det(−Y)/det(Y) = det(−I)) or a product with y
     * among its square factors; else null.
     */
    private static Expr detRatio(Expr p, Expr y) {
        if (p == y) return Exprs.ONE;
        if (p instanceof Node n && (n.op() == Op.SCALE || n.op() == Op.NEG) && n.arg(n.arity() - 1).shape().equals(y.shape())) {
            Expr rest = detRatio(n.arg(n.arity() - 1), y);
            Expr eye = Exprs.eye(y.shape().rows());
            Expr scaled = Exprs.call(Op.DET, n.op() == Op.NEG ? Exprs.neg(eye) : Exprs.scale(n.arg(0), eye));
            return rest == null ? null : Exprs.scale(scaled, rest);
        }
        return detOfOtherFactors(p, y);
    }

    /**
     * det(L·Y·R)/det(y) = det(L)·det(R), when y (or yᵀ) is one square factor or a run of factors of the product L·Y·R
     * and L and R are square: the gradient of det(AXB) reads det(AXB)·X⁻ᵀ once the simplifier has cancelled A and B, and
     * that of det(X·x·xᵀ) in x det(X·x·xᵀ)·(x·xᵀ)⁻¹; else null.
     */
    private static Expr detOfOtherFactors(Expr p, Expr y) {
        if (!(p instanceof Node product) || product.op() != Op.MATMUL) return null;
        List<Expr> factors = product.args();
        for (List<Expr> run : List.of(factorsOf(y), transposedFactorsOf(y)))
            for (int i = 0; i + run.size() <= factors.size(); i++) {
                if (!factors.subList(i, i + run.size()).equals(run)) continue;
                Expr det = Exprs.ONE;  // det(Yᵀ)/det(Y)
                for (List<Expr> side : List.of(factors.subList(0, i), factors.subList(i + run.size(), factors.size()))) {
                    if (side.isEmpty()) continue;
                    Expr part = Exprs.matmul(side);
                    // det(A·X·B) of a 2×3 A and a 3×2 B is no det(A)·det(X)·det(B) (review s68r)
                    if (!part.shape().rows().equals(part.shape().cols())) return null;
                    Expr d = Exprs.call(Op.DET, part);
                    det = det == Exprs.ONE ? d : Exprs.scale(det, d);
                }
                return det;
            }
        return null;
    }

    /** The factors of y as a product's run: its own for a product, else y alone. */
    private static List<Expr> factorsOf(Expr y) { return Exprs.is(y, Op.MATMUL) ? y.children() : List.of(y); }

    /** The factors of yᵀ: each of y's transposed, last first ((x·yᵀ)ᵀ is the run y, xᵀ). */
    private static List<Expr> transposedFactorsOf(Expr y) {
        List<Expr> f = factorsOf(y), out = new ArrayList<>(f.size());
        for (int i = f.size() - 1; i >= 0; i--) out.add(Exprs.transposed(f.get(i)));
        return out;
    }

    /**
     * The degree of m in the node inv, the node pattern (when given) counting as one inv: 0 where m reads neither, −1
     * where m is not homogeneous in them through products and linear operations (a sum of terms of two degrees, inv
     * inside a function).
     */
    private static int degree(Expr m, Expr inv, Expr pattern) { return new Degree(inv, pattern).of(m); }

    /**
     * Degrees and whether inv is read, each node's once: a walk of the tree was exponential in shared products
     * (det(P16) with P_i = P_{i-1}*P_{i-1} took minutes, trial s78a).
     */
    private static final class Degree {
        private final Expr inv, pattern;
        private final Map<Expr, Integer> degrees = dev.matdiff.expr.IdentityMaps.map();
        private final Map<Expr, Boolean> reads = dev.matdiff.expr.IdentityMaps.map();

        Degree(Expr inv, Expr pattern) {
            this.inv = inv;
            this.pattern = pattern;
        }

        boolean reads(Expr e) {
            if (e == inv) return true;
            Boolean known = reads.get(e);
            if (known != null) return known;
            boolean r = false;
            for (Expr c : e.children()) if (r = reads(c)) break;
            reads.put(e, r);
            return r;
        }

        int of(Expr m) {
            if (m == inv || m == pattern) return 1;
            Integer known = degrees.get(m);
            if (known != null) return known;
            int d = !reads(m) ? 0 : m instanceof Node n ? ofNode(n) : -1;
            degrees.put(m, d);
            return d;
        }

        private int ofNode(Node n) {
            return switch (n.op()) {
                case ADD -> {
                    int d = of(n.arg(0));
                    for (Expr t : n.args()) if (of(t) != d) yield -1;
                    yield d;
                }
                case DIV, ELEMDIV -> reads(n.arg(1)) ? -1 : of(n.arg(0));
                default -> {
                    // linear in each argument (a transpose, a sum along a side, a product, kron): the degrees add up
                    if (!n.op().has(dev.matdiff.expr.OpSpec.Flag.LINEAR)) yield -1;
                    int d = 0;
                    for (Expr a : n.args()) {
                        int f = of(a);
                        if (f < 0) yield -1;
                        d += f;
                    }
                    yield d;
                }
            };
        }
    }
}
