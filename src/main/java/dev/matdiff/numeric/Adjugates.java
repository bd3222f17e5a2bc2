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

    /** An expression with its det-scaled inverses through adjugates: each adj(Y) a variable, and the Y it stands for. */
    public record Rewritten(Expr expr, Map<Expr.Var, Expr> adjugateOf) {}

    /**
     * e with every c·det(Y)ᵏ·M, M linear in inv(Y), written c·det(Y)ᵏ⁻¹·M[adj(Y)/inv(Y)], or null when it has none: how
     * generated code computes det's gradient where Y is singular too, as {@link #retry} does for eval.
     */
    public static Rewritten rewritten(Expr e) {
        Map<Expr.Var, Expr> adjugates = new LinkedHashMap<>();
        Expr rewritten = Substitution.apply(e, x -> rewrite(x, adjugates));
        return rewritten == e || adjugates.isEmpty() ? null : new Rewritten(rewritten, adjugates);
    }

    /**
     * The value of e with its det-scaled inverses evaluated through adjugates, or null when there
     * is none to rewrite or the rewritten expression has no value either.
     */
    static RealMatrix retry(Evaluator evaluator, Expr e) {
        Rewritten r = rewritten(e);
        if (r == null) return null;
        try {
            Map<String, RealMatrix> values = new LinkedHashMap<>(evaluator.bindings().values());
            for (var a : r.adjugateOf().entrySet()) {
                RealMatrix adjugate = Kernels.adjugate(evaluator.value(a.getValue()));
                // past the largest double (adj(diag(1e200, 1e200, 1e-300)) has 1e400): no value, as exp(1000) has none
                if (!dev.matdiff.linalg.Matrices.allFinite(adjugate)) return null;
                values.put(a.getKey().name(), adjugate);
            }
            return new Evaluator(new Bindings(values, evaluator.bindings().dimSizes())).value(r.expr());
        } catch (NumericException | ArithmeticException | IllegalArgumentException ex) {
            return null;
        }
    }

    /** SCALE(s, M) with a det(Y) factor in s and M linear in inv(Y): the product without the factor, adj(Y) for inv(Y); else null (look inside). */
    private static Expr rewrite(Expr x, Map<Expr.Var, Expr> adjugates) {
        if (!(x instanceof Node n) || n.op() != Op.SCALE) return null;
        Expr s = n.arg(0), m = n.arg(1);
        for (Expr inv : inverses(m)) {
            Expr y = ((Node) inv).arg(0);
            Expr rest = withoutDet(s, y);
            if (rest == null) continue;
            // M, or a sum M = L + C of terms linear in inv(Y) and terms free of it: det·M = L[adj] + det·C (det(X)*(tr(X)*inv(X)' + I))
            List<Expr> linearTerms = new ArrayList<>(), freeTerms = new ArrayList<>();
            for (Expr t : Exprs.is(m, Op.ADD) ? m.children() : List.of(m)) {
                if (linear(t, inv)) linearTerms.add(t);
                else if (!Dag.any(t, z -> z == inv)) freeTerms.add(t);
                else return null;
            }
            if (linearTerms.isEmpty()) continue;
            Expr.Var adj = Exprs.var("adj(" + TextPrinter.print(y) + ")", inv.shape(), VarKind.MATRIX, true);
            adjugates.put(adj, y);
            Expr replaced = Exprs.scale(rest, Substitution.apply(Exprs.add(linearTerms), z -> z == inv ? adj : null));
            return freeTerms.isEmpty() ? replaced : Exprs.add(List.of(replaced, Exprs.scale(s, Exprs.add(freeTerms))));
        }
        return null;
    }

    private static List<Expr> inverses(Expr m) {
        List<Expr> out = new ArrayList<>();
        for (Expr z : Dag.postOrder(m)) if (z instanceof Node n && n.op() == Op.INV) out.add(z);
        return out;
    }

    /** s / det(y) when s is det(y)ᵏ (k ≥ 1) times other factors, in a sum every term of which is; else null. */
    private static Expr withoutDet(Expr s, Expr y) {
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
     * det(F₁⋯Fₖ)/det(y) = det of the other factors, when y (or yᵀ) is one of k square factors: the
     * gradient of det(AXB) reads det(AXB)·X⁻ᵀ once the simplifier has cancelled A and B; else null.
     */
    private static Expr detOfOtherFactors(Expr p, Expr y) {
        if (!(p instanceof Node product) || product.op() != Op.MATMUL) return null;
        List<Expr> others = new ArrayList<>(product.args());
        for (Expr f : others) if (!f.shape().rows().equals(f.shape().cols())) return null;
        for (int i = 0; i < others.size(); i++) {
            Expr f = others.get(i);
            if (f == y || f instanceof Node t && t.op() == Op.TRANSPOSE && t.arg(0) == y) {
                others.remove(i);
                return Exprs.call(Op.DET, Exprs.matmul(others));
            }
        }
        return null;
    }

    /** Whether m is linear in the node inv (homogeneous of degree 1: every path to it through linear operations, one factor at a time). */
    private static boolean linear(Expr m, Expr inv) {
        if (m == inv) return true;
        if (!Dag.any(m, z -> z == inv)) return false;
        if (!(m instanceof Node n)) return false;
        return switch (n.op()) {
            case TRANSPOSE, NEG, SUM, TR, DIAG_MATRIX, DIAG_VECTOR, VEC -> linear(n.arg(0), inv);
            case ADD -> n.args().stream().allMatch(t -> linear(t, inv));
            case MATMUL, SCALE, HADAMARD, KRON -> {
                int linearFactors = 0;
                for (Expr a : n.args()) {
                    if (!Dag.any(a, z -> z == inv)) continue;
                    if (!linear(a, inv)) yield false;
                    linearFactors++;
                }
                yield linearFactors == 1;
            }
            case DIV, ELEMDIV -> linear(n.arg(0), inv) && !Dag.any(n.arg(1), z -> z == inv);
            default -> false;
        };
    }
}
