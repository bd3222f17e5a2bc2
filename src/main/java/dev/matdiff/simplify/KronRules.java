package dev.matdiff.simplify;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.Term;

import java.util.ArrayList;
import java.util.List;

import static dev.matdiff.expr.Exprs.*;
import static dev.matdiff.simplify.ProductRules.replacing;
import static dev.matdiff.simplify.ProductRules.replacingPair;

/**
 * Kronecker products: the mixed-product property and what follows from it, and the adjoints kronblocks and
 * blocksum that reading a gradient through A ⊗ B leaves. The table in {@link Rules} says where each applies.
 */
final class KronRules {
    private KronRules() {}

    /** The adjoints of ⊗ applied to the identity: its off-diagonal blocks are 0 and its diagonal ones I. */
    static Expr kronAdjointEye(Node n) {
        if (!is(n.arg(0), Op.EYE)) return null;
        Expr other = n.arg(1);
        if (!other.shape().rows().equals(other.shape().cols())) return null;
        return scale(tr(other), eye(n.shape().rows()));
    }

    /** (A ⊗ B)⁻¹ = A⁻¹ ⊗ B⁻¹ for square A and B (a square A ⊗ B of rectangular factors is left alone). */
    static Expr inverseOfKron(Node n) {
        if (!is(n.arg(0), Op.KRON)) return null;
        Expr a = arg(n.arg(0), 0), b = arg(n.arg(0), 1);
        return ProductRules.square(a) && ProductRules.square(b) ? kron(inv(a), inv(b)) : null;
    }

    /** Tr(A ⊗ B) = Tr(A) Tr(B): the diagonal blocks are a_ii B. Not for rectangular factors (1×2 ⊗ 2×1 is square). */
    static Expr traceOfKron(Node n) {
        if (!is(n.arg(0), Op.KRON)) return null;
        Expr a = arg(n.arg(0), 0), b = arg(n.arg(0), 1);
        return ProductRules.square(a) && ProductRules.square(b) ? mul(tr(a), tr(b)) : null;
    }

    /**
     * sum(A ⊗ B) = sum(A) sum(B): every product a_ij b_kl is an entry once, for any shapes; and by columns or rows,
     * sum(A ⊗ B, k) = sum(A, k) ⊗ sum(B, k) (1ᵀ(A ⊗ B) = (1ᵀ ⊗ 1ᵀ)(A ⊗ B)), so the product is never formed and the vec
     * route's sum(1ᵀ ⊗ I, 1) is a row of ones.
     */
    static Expr sumOfKron(Node n) {
        if (!is(n.arg(0), Op.KRON)) return null;
        Expr a = arg(n.arg(0), 0), b = arg(n.arg(0), 1);
        return n.op() == Op.SUM ? mul(sum(a), sum(b)) : kron(call(n.op(), a), call(n.op(), b));
    }

    /** log det(A ⊗ B) = m log det(A) + n log det(B) for A n×n and B m×m, as det(A ⊗ B) = det(A)ᵐ det(B)ⁿ. */
    static Expr logdetOfKron(Node n) {
        if (!is(n.arg(0), Op.KRON)) return null;
        Expr a = arg(n.arg(0), 0), b = arg(n.arg(0), 1);
        if (!ProductRules.square(a) || !ProductRules.square(b)) return null;
        return add(mul(size(b.shape().rows(), Dim.ONE), call(Op.LOGDET, a)), mul(size(a.shape().rows(), Dim.ONE), call(Op.LOGDET, b)));
    }

    /**
     * det(A ⊗ B) = det(A)ᵐ det(B)ⁿ for A n×n, B m×m of whole-number sizes (a symbolic size cannot be an exponent). The
     * gradient then meets det(X)·X⁻¹ as Jacobi's formula writes it, which has a value at a singular X (2·det(kron(A, X))·X⁻ᵀ
     * had none).
     */
    static Expr detOfKron(Node n) {
        Expr a = n.arg(0);
        if (!is(a, Op.KRON)) return null;
        Expr x = arg(a, 0), y = arg(a, 1);
        if (!ProductRules.square(x) || !ProductRules.square(y)) return null;
        if (!(x.shape().rows() instanceof Dim.Fixed p) || !(y.shape().rows() instanceof Dim.Fixed q)) return null;
        return mul(power(call(Op.DET, x), q.size()), power(call(Op.DET, y), p.size()));
    }

    /** (A ⊗ B)(C ⊗ D) = AC ⊗ BD, where the products are defined: the mixed-product property. */
    static Expr kronMixedProduct(Node n) {
        List<Expr> f = n.args();
        for (int i = 0; i + 1 < f.size(); i++) {
            Expr mixed = mixedProduct(f.get(i), f.get(i + 1));
            if (mixed != null) return replacingPair(f, i, mixed);
        }
        return null;
    }

    /** AC ⊗ BD for Kronecker products l = A ⊗ B and r = C ⊗ D whose factors' products are defined, else null. */
    private static Expr mixedProduct(Expr l, Expr r) {
        if (!is(l, Op.KRON) || !is(r, Op.KRON)) return null;
        Expr a = arg(l, 0), b = arg(l, 1), c = arg(r, 0), d = arg(r, 1);
        if (!a.shape().cols().equals(c.shape().rows()) || !b.shape().cols().equals(d.shape().rows())) return null;
        return kron(mul(a, c), mul(b, d));
    }

    /**
     * (A ⊗ B)(c₁ C₁ ⊗ D₁ + c₂ C₂ ⊗ D₂) = c₁ AC₁ ⊗ BD₁ + c₂ AC₂ ⊗ BD₂, and with the sum on the left, when every term
     * is a Kronecker product the mixed-product property takes (or a product that starts, or ends, with one): a Jacobian
     * of X x xᵀ is then x ⊗ X + I ⊗ Xx, not (I ⊗ X)(x ⊗ I + I ⊗ x).
     */
    static Expr kronDistribute(Node n) {
        List<Expr> f = n.args();
        for (int i = 0; i + 1 < f.size(); i++) {
            Expr l = f.get(i), r = f.get(i + 1);
            boolean kronLeft = is(l, Op.KRON) && is(r, Op.ADD);
            if (!kronLeft && !(is(r, Op.KRON) && is(l, Op.ADD))) continue;
            Expr sum = distributed(kronLeft ? l : r, kronLeft ? r : l, kronLeft, false);
            if (sum != null) return replacingPair(f, i, sum);
        }
        return acrossCommutation(f);
    }

    /**
     * k times each term of the sum (k first where kLeft), each term's coefficient kept; null unless every term mixes, into
     * one Kronecker product where whole (across K a product that only starts with one would leave a longer sum).
     */
    private static Expr distributed(Expr k, Expr sum, boolean kLeft, boolean whole) {
        List<Expr> terms = new ArrayList<>();
        for (Expr t : sum.children()) {
            Term term = Term.readThrough(t);
            Expr mixed = mixedAtEdge(k, term.base(), kLeft);
            if (mixed == null || whole && is(mixed, Op.MATMUL)) return null;
            terms.add(scale(num(term.coefficient()), mixed));
        }
        return add(terms);
    }

    /**
     * (A ⊗ B)K_{n,q}(Σ C_i ⊗ D_i) = K_{m,p}(Σ BC_i ⊗ AD_i) for A m×n, B p×q, and (Σ C_i ⊗ D_i)K_{p,m}(A ⊗ B) =
     * (Σ C_iB ⊗ D_iA)K_{q,n}: the Kronecker product passes K swapped (Magnus and Neudecker's Theorem 3.9) and meets the
     * sum, where each term mixes. tr(inv(X)*A)'s Hessian is K(X⁻ᵀ ⊗ X⁻¹AX⁻¹ + X⁻ᵀAᵀX⁻ᵀ ⊗ X⁻¹), symmetric as the
     * Cookbook writes it, where it read (X⁻¹ ⊗ X⁻ᵀ)K(I ⊗ AX⁻¹ + AᵀX⁻ᵀ ⊗ I) (trial s79b).
     */
    private static Expr acrossCommutation(List<Expr> f) {
        for (int i = 0; i + 2 < f.size(); i++) {
            Expr l = f.get(i), k = f.get(i + 1), r = f.get(i + 2);
            if (!is(k, Op.COMMUTATION)) continue;
            boolean kronLeft = is(l, Op.KRON) && is(r, Op.ADD);
            if (!kronLeft && !(is(r, Op.KRON) && is(l, Op.ADD))) continue;
            Expr kr = kronLeft ? l : r, a = arg(kr, 0), b = arg(kr, 1);
            Shape ks = arg(k, 0).shape(), as = a.shape(), bs = b.shape();
            // K's shape is (n, q) after A ⊗ B, (p, m) before it
            boolean fits = kronLeft ? ks.rows().equals(as.cols()) && ks.cols().equals(bs.cols()) : ks.rows().equals(bs.rows()) && ks.cols().equals(as.rows());
            // a factor I ⊗ B is left where it is: pushed into the sum it leaves each term longer (a product of two sums)
            if (!fits || is(a, Op.EYE) || is(b, Op.EYE)) continue;
            Expr sum = distributed(kron(b, a), kronLeft ? r : l, kronLeft, true);
            if (sum == null) continue;
            // K_{p,m}⁻¹ = K_{m,p}: (A ⊗ B)K_{n,q} = K_{m,p}(B ⊗ A), K_{p,m}(A ⊗ B) = (B ⊗ A)K_{q,n}
            Expr moved = fn("commutation", ones(kronLeft ? new Shape(as.rows(), bs.rows()) : new Shape(bs.cols(), as.cols())));
            List<Expr> out = new ArrayList<>(f.subList(0, i));
            out.addAll(kronLeft ? List.of(moved, sum) : List.of(sum, moved));
            out.addAll(f.subList(i + 3, f.size()));
            return matmul(out);
        }
        return null;
    }

    /**
     * k·t (kLeft) or t·k as one Kronecker product, where t is one or a product that starts (ends) with one: the rest of
     * t stays, so the Hessian of ‖XXᵀ‖² has (I ⊗ X)(Xᵀ ⊗ I)K = (Xᵀ ⊗ X)K; an identity is one too; else null.
     */
    private static Expr mixedAtEdge(Expr k, Expr t, boolean kLeft) {
        if (is(t, Op.EYE)) return k;  // I_mn, which is I_m ⊗ I_n
        if (!is(t, Op.MATMUL)) return kLeft ? mixedProduct(k, t) : mixedProduct(t, k);
        List<Expr> g = new ArrayList<>(t.children());
        int edge = kLeft ? 0 : g.size() - 1;
        Expr mixed = kLeft ? mixedProduct(k, g.get(edge)) : mixedProduct(g.get(edge), k);
        if (mixed == null) return null;
        g.set(edge, mixed);
        return matmul(g);
    }

    /**
     * (A ⊗ B)K = B ⊗ A when A or B is a row, K(A ⊗ B) = B ⊗ A when A or B is a column: Magnus and Neudecker's
     * K_{pm}(A ⊗ B)K_{nq} = B ⊗ A for A m×n and B p×q, with one of the commutation matrices the identity (K_{1,p} = I).
     * So the Jacobian of Xᵀa reads I ⊗ aᵀ, not (aᵀ ⊗ I)K.
     */
    static Expr kronCommutation(Node n) {
        List<Expr> f = n.args();
        for (int i = 0; i + 1 < f.size(); i++) {
            Expr l = f.get(i), r = f.get(i + 1);
            if (is(l, Op.KRON) && is(r, Op.COMMUTATION)) {
                Expr a = arg(l, 0), b = arg(l, 1);
                Shape k = arg(r, 0).shape();
                if ((a.shape().rows().isOne() || b.shape().rows().isOne())
                        && k.rows().equals(a.shape().cols()) && k.cols().equals(b.shape().cols()))
                    return replacingPair(f, i, kron(b, a));
            } else if (is(l, Op.COMMUTATION) && is(r, Op.KRON)) {
                Expr a = arg(r, 0), b = arg(r, 1);
                Shape k = arg(l, 0).shape();
                if ((a.shape().cols().isOne() || b.shape().cols().isOne())
                        && k.rows().equals(b.shape().rows()) && k.cols().equals(a.shape().rows()))
                    return replacingPair(f, i, kron(b, a));
            }
        }
        return null;
    }

    /**
     * K_{p,m}(A ⊗ B)K_{n,q} = B ⊗ A for A m×n and B p×q (Magnus and Neudecker's Theorem 3.9), also with diag(vec(S)) after
     * the first K, which it passes as diag(vec(Sᵀ)): K diag(vec(S)) Kᵀ = diag(K vec(S)). A Hessian in V of f(UVᵀ) reads
     * (Uᵀ ⊗ I) K diag(vec(S)) (I ⊗ U) K: it is (Uᵀ ⊗ I) diag(vec(Sᵀ)) (U ⊗ I).
     */
    static Expr kronBetweenCommutations(Node n) {
        List<Expr> f = n.args();
        for (int i = 0; i + 2 < f.size(); i++) {
            if (!is(f.get(i), Op.COMMUTATION)) continue;
            Shape first = arg(f.get(i), 0).shape();
            Expr diag = null;
            int at = i + 1;
            if (is(f.get(at), Op.DIAG_MATRIX) && is(arg(f.get(at), 0), Op.VEC) && arg(arg(f.get(at), 0), 0).shape().equals(first)) {
                diag = f.get(at);
                at++;
            }
            if (at + 1 >= f.size() || !is(f.get(at), Op.KRON) || !is(f.get(at + 1), Op.COMMUTATION)) continue;
            Expr a = arg(f.get(at), 0), b = arg(f.get(at), 1);
            Shape last = arg(f.get(at + 1), 0).shape();
            if (!first.equals(new Shape(b.shape().rows(), a.shape().rows())) || !last.equals(new Shape(a.shape().cols(), b.shape().cols())))
                continue;
            List<Expr> by = diag == null ? List.of(kron(b, a)) : List.of(diag(call(Op.VEC, transpose(arg(arg(diag, 0), 0)))), kron(b, a));
            return replacing(f, i, at + 2 - i, by);
        }
        return null;
    }

    /**
     * M(A ⊗ D) = A ⊗ MD for a row A, (MA) ⊗ D for a row D; (A ⊗ D)M = A ⊗ DM for a column A, AM ⊗ D for a column D:
     * the mixed-product property with M written as 1 ⊗ M or M ⊗ 1 (a Hessian's diag(p)(xᵀ ⊗ I) is xᵀ ⊗ diag(p)). M is
     * not a row on the left nor a column on the right.
     */
    static Expr kronAbsorb(Node n) {
        List<Expr> f = n.args();
        for (int i = 0; i + 1 < f.size(); i++) {
            Expr l = f.get(i), r = f.get(i + 1);
            if (is(l, Op.KRON) == is(r, Op.KRON)) continue;
            boolean kronRight = is(r, Op.KRON);
            // M is the run of factors beside the product up to the first that is not a row before it (not a column after
            // it): p pᵀ(xᵀ ⊗ I) is xᵀ ⊗ p pᵀ. A run that is all rows before or columns after is vec(V)ᵀ or vec(V), which
            // kron-vec and vec-row-kron take further
            int from = i, to = i + 1;
            if (kronRight) while (from > 0 && f.get(from).shape().rows().isOne()) from--;
            else while (to + 1 < f.size() && f.get(to).shape().cols().isOne()) to++;
            Expr m = kronRight ? matmul(f.subList(from, i + 1)) : matmul(f.subList(i + 1, to + 1));
            if (kronRight ? m.shape().rows().isOne() : m.shape().cols().isOne()) continue;
            Expr a = arg(kronRight ? r : l, 0), d = arg(kronRight ? r : l, 1), by = null;
            if (kronRight && a.shape().rows().isOne() && m.shape().cols().equals(d.shape().rows())) by = kron(a, mul(m, d));
            else if (kronRight && d.shape().rows().isOne() && m.shape().cols().equals(a.shape().rows())) by = kron(mul(m, a), d);
            else if (!kronRight && a.shape().cols().isOne() && d.shape().cols().equals(m.shape().rows())) by = kron(a, mul(d, m));
            else if (!kronRight && d.shape().cols().isOne() && a.shape().cols().equals(m.shape().rows())) by = kron(mul(a, m), d);
            if (by != null) return kronRight ? replacing(f, from, i + 2 - from, List.of(by)) : replacing(f, i, to + 1 - i, List.of(by));
        }
        return null;
    }

    /**
     * aᵀ ⊗ b = b ⊗ aᵀ = b aᵀ for a column b and a row aᵀ: each entry is one product, as in the outer product it is
     * (a 1×1 factor never reaches here: the factory folds a ⊗ B to aB); a row beside an outer product, {@link #rowByOuter}.
     */
    static Expr kronOuter(Node n) {
        Expr a = n.arg(0), b = n.arg(1);
        Expr outer = outer(a, b);
        if (outer != null) return outer;
        return a.shape().rows().isOne() ? rowByOuter(a, b, true) : b.shape().rows().isOne() ? rowByOuter(b, a, false) : null;
    }

    /** a ⊗ bᵀ = bᵀ ⊗ a = a bᵀ for a column a and a row bᵀ, else null. */
    private static Expr outer(Expr a, Expr b) {
        if (a.shape().rows().isOne() && b.shape().isColumn()) return mul(b, a);
        if (a.shape().isColumn() && b.shape().rows().isOne()) return mul(a, b);
        return null;
    }

    /**
     * a ⊗ (bᵀ ⊗ M) = (a bᵀ) ⊗ M and (M ⊗ a) ⊗ bᵀ = M ⊗ (a bᵀ), a column and a row either way round: associativity, where
     * the two vectors meet as their outer product. A Hessian wrt a layer's weights, kron(h, c kron(hᵀ, M) − 2 kron(hᵀ, D))
     * once kron-factor has taken hᵀ out, reads kron(h hᵀ, c M − 2D), as the textbook writes it.
     */
    static Expr kronOuterNested(Node n) {
        Expr a = n.arg(0), b = n.arg(1);
        Expr outer = is(b, Op.KRON) ? outer(a, arg(b, 0)) : null;
        if (outer != null) return kron(outer, arg(b, 1));
        outer = is(a, Op.KRON) ? outer(arg(a, 1), b) : null;
        return outer != null ? kron(arg(a, 0), outer) : null;
    }

    /**
     * aᵀ ⊗ (u rᵀ) = u (aᵀ ⊗ rᵀ) = u vec(r aᵀ)ᵀ, and (u rᵀ) ⊗ aᵀ = u vec(a rᵀ)ᵀ, for a column u and rows aᵀ, rᵀ (the
     * mixed product with 1 ⊗ u = u), where that is u uᵀ: a rank-one Hessian, f''(aᵀXb) vec(abᵀ)vec(abᵀ)ᵀ, reads as the
     * outer product it is, not as 2 kron(bᵀ, vec(abᵀ)aᵀ). Null otherwise.
     */
    private static Expr rowByOuter(Expr row, Expr product, boolean rowFirst) {
        if (!is(product, Op.MATMUL)) return null;
        List<Expr> f = product.children();
        for (int j = 0; j + 1 < f.size(); j++) {
            if (!f.get(j).shape().isColumn()) continue;
            // the factor after a column has one row, so r is a row
            Expr u = matmul(f.subList(0, j + 1)), r = matmul(f.subList(j + 1, f.size()));
            // only where the two sides are one vector, u uᵀ, as a Hessian's rank-one term is: elsewhere the Kronecker form
            // is the one that factors, kron(xᵀ, diag(p)) − kron(xᵀ, p pᵀ) = kron(xᵀ, diag(p) − p pᵀ) (softmax's Jacobian)
            Expr v = call(Op.VEC, rowFirst ? mul(transposed(r), row) : mul(transposed(row), r));
            return v == u ? mul(u, transpose(v)) : null;
        }
        return null;
    }

    /**
     * (I ⊗ B)·S = diag(vec(B))·(I ⊗ 1) and (B ⊗ I)·S = diag(vec(Bᵀ))·(1 ⊗ I) for B m×n and S = diag(vec(I))(1 ⊗ I), n²×n:
     * the Jacobian of X·diag(x) is each column of X beside its own entry of x, diag(vec(X))·kron(I, 1), not (I ⊗ X)·S
     * with its n²-wide selection (Hessian trial s65b).
     */
    static Expr kronSelection(Node n) {
        List<Expr> f = n.args();
        for (int i = 0; i + 2 < f.size(); i++) {
            if (!is(f.get(i), Op.KRON)) continue;
            Expr a = arg(f.get(i), 0), b = arg(f.get(i), 1);
            if (is(a, Op.EYE) && ProductRules.selection(f.get(i + 2), f.get(i + 1), a.shape().rows()))
                return replacing(f, i, 3, List.of(mul(diag(call(Op.VEC, b)), kron(a, ones(Shape.vector(b.shape().rows()))))));
            if (is(b, Op.EYE) && !a.shape().rows().isOne() && ProductRules.selection(f.get(i + 2), f.get(i + 1), b.shape().rows()))
                return replacing(f, i, 3, List.of(mul(diag(call(Op.VEC, transpose(a))), kron(ones(Shape.vector(a.shape().rows())), b))));
        }
        return null;
    }

    /** (A ⊗ B) ⊙ (C ⊗ D) = (A ⊙ C) ⊗ (B ⊙ D) for A, C and B, D of one shape; (A ⊗ B) ⊙ I = (A ⊙ I) ⊗ (B ⊙ I) for square A, B. */
    static Expr kronHadamard(Node n) {
        if (n.arity() != 2) return null;
        Expr p = n.arg(0), q = n.arg(1);
        if (!is(p, Op.KRON)) { Expr t = p; p = q; q = t; }
        if (!is(p, Op.KRON)) return null;
        Expr a = arg(p, 0), b = arg(p, 1);
        if (is(q, Op.KRON) && arg(q, 0).shape().equals(a.shape()) && arg(q, 1).shape().equals(b.shape()))
            return kron(hadamard(a, arg(q, 0)), hadamard(b, arg(q, 1)));
        boolean square = a.shape().rows().equals(a.shape().cols()) && b.shape().rows().equals(b.shape().cols());
        return is(q, Op.EYE) && square ? kron(hadamard(a, eye(a.shape().rows())), hadamard(b, eye(b.shape().rows()))) : null;
    }

    /** (A ⊗ B)ᵏ = Aᵏ ⊗ Bᵏ for square A and B (the mixed product, k times; for k < 0 through (A ⊗ B)⁻¹ = A⁻¹ ⊗ B⁻¹). */
    static Expr kronPower(Node n) {
        if (!is(n.arg(0), Op.KRON)) return null;
        Expr a = arg(n.arg(0), 0), b = arg(n.arg(0), 1);
        if (!a.shape().rows().equals(a.shape().cols()) || !b.shape().rows().equals(b.shape().cols())) return null;
        int k = (int) n.param();
        return kron(power(a, k), power(b, k));
    }

    /** I_m ⊗ I_n = I_mn and 1 ⊗ 1 = 1 (a 1×1 factor the factory already folds: a ⊗ B = aB). */
    static Expr kronEye(Node n) {
        if (is(n.arg(0), Op.ONES) && is(n.arg(1), Op.ONES)) return ones(n.shape());
        return is(n.arg(0), Op.EYE) && is(n.arg(1), Op.EYE) ? eye(n.shape().rows()) : null;
    }

    /**
     * kronblocks(c·(V ⊗ C), B) = c·sum(C ⊙ B)·V and blocksum(c·(C ⊗ V), A) = c·sum(C ⊙ A)·V: each block
     * of a Kronecker product is one matrix scaled by an entry of the other (so ∇ sqnorm(X ⊗ B) is 2‖B‖²X).
     */
    static Expr kronAdjointOfKron(Node n) {
        if (!is(n.arg(0), Op.ADD)) return ofKron(n, n.arg(0));
        // the map is linear: each Kronecker term of a sum on its own, the rest kept together (Van Loan's nearest Kronecker
        // product, ‖A ⊗ B − C‖², has 2(‖B‖²A − kronblocks(C, B)), not 2·kronblocks(A ⊗ B − C, B))
        List<Expr> read = new ArrayList<>(), rest = new ArrayList<>();
        for (Expr t : n.arg(0).children()) {
            Expr r = ofKron(n, t);
            if (r == null) rest.add(t); else read.add(r);
        }
        if (read.isEmpty()) return null;
        if (!rest.isEmpty()) read.add(rebuild(n, List.of(add(rest), n.arg(1))));
        return add(read);
    }

    /** kronblocks(term, B) (or blocksum) for a scaled Kronecker product term, else null. */
    private static Expr ofKron(Node n, Expr term) {
        Term t = Term.readThrough(term);
        if (!is(t.base(), Op.KRON)) return null;
        boolean blocks = n.op() == Op.KRONBLOCKS;
        Expr scaled = arg(t.base(), blocks ? 0 : 1), weights = arg(t.base(), blocks ? 1 : 0), other = n.arg(1);
        if (!weights.shape().equals(other.shape()) || !scaled.shape().equals(n.shape())) return null;
        return scale(num(t.coefficient()), scale(sum(hadamard(weights, other)), scaled));
    }

    /**
     * kronblocks(vec(M), b) = Mᵀb and blocksum(vec(M), x) = Mx for columns b (M's height) and x (M's width): the
     * blocks of vec(M) are M's columns, so kron(x, y)ᵀkron(x, y) no longer leaves kronblocks(vec(y xᵀ), y) for yᵀy x.
     */
    static Expr kronAdjointOfVec(Node n) {
        if (!is(n.arg(0), Op.VEC) || !n.arg(1).shape().isColumn()) return null;
        Expr m = arg(n.arg(0), 0), c = n.arg(1);
        if (n.op() == Op.KRONBLOCKS) return m.shape().rows().equals(c.shape().rows()) ? mul(transpose(m), c) : null;
        return m.shape().cols().equals(c.shape().rows()) ? mul(m, c) : null;
    }

    /** The adjoints of ⊗ applied to ones: kronblocks(1, B) = sum(B) 1, blocksum(1, A) = sum(A) 1. */
    static Expr kronOnes(Node n) {
        if (!is(n.arg(0), Op.ONES)) return null;
        return scale(sum(n.arg(1)), ones(n.shape()));
    }
}
