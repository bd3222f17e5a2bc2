package dev.matdiff.calculus;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Dims;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Var;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.matdiff.expr.Exprs.*;

/**
 * Vectorises a differential: for dF linear in dX, finds the J with vec(dF) = J vec(dX), vec
 * stacking columns, by the vec laws of Magnus and Neudecker, one per operation:
 * vec(A dX B) = (Bᵀ ⊗ A) vec(dX), vec(dXᵀ) = K vec(dX), vec(A ⊙ dX) = diag(vec(A)) vec(dX), and so
 * on. Each node is vectorised once (the DAG is walked, not the tree), and the laws it used are
 * recorded for the step that cites them.
 */
final class Vectorize {


    private final Var x;
    private final Map<Expr, Expr> memo = IdentityMaps.map();
    private final Set<Expr> absent = IdentityMaps.set();
    private final Set<Law> laws = new LinkedHashSet<>();

    private Vectorize(Var x) { this.x = x; }

    record Result(Expr jacobian, Set<Law> laws) {}

    /** The J of vec(dF) = J vec(dX) (dF's other differentials count as zero); zeros when dF has no dX. */
    static Result of(Expr df, Var x) {
        Vectorize v = new Vectorize(x);
        Expr j = v.jacobian(df);
        Dim rows = Dims.times(df.shape().rows(), df.shape().cols()), cols = Dims.times(x.shape().rows(), x.shape().cols());
        return new Result(j == null ? zeros(new Shape(rows, cols)) : j, v.laws);
    }

    /** J of vec(e) with respect to vec(dX), or null when e holds no dX. */
    private Expr jacobian(Expr e) {
        if (absent.contains(e)) return null;
        Expr known = memo.get(e);
        if (known != null) return known;
        Expr out = e instanceof Node n ? node(n) : null;
        if (out == null) absent.add(e);
        else memo.put(e, out);
        return out;
    }

    private Expr node(Node n) {
        List<Expr> a = n.args();
        Shape s = n.shape();
        switch (n.op()) {
            case DIFF -> {
                if (a.get(0) != x) return null;
                return eye(size(x.shape()));
            }
            case ADD -> {
                List<Expr> terms = new ArrayList<>();
                for (Expr t : a) { Expr j = jacobian(t); if (j != null) terms.add(j); }
                if (terms.isEmpty()) return null;
                law(Law.VEC_SUM);
                return add(terms);
            }
            case NEG -> { Expr j = jacobian(a.get(0)); return j == null ? null : neg(j); }
            case SCALE -> {
                Expr js = jacobian(a.get(0)), ja = jacobian(a.get(1));
                if (ja != null) { law(Law.VEC_SCALAR); return mul(a.get(0), ja); }
                if (js != null) { law(Law.VEC_SCALAR); return mul(vec(a.get(1)), js); }
                return null;
            }
            case DIV -> { Expr j = jacobian(a.get(0)); return j == null ? null : div(j, a.get(1)); }
            case MATMUL -> { return product(n); }
            case TRANSPOSE -> {
                Expr j = jacobian(a.get(0));
                if (j == null) return null;
                Shape in = a.get(0).shape();
                if (in.isColumn() || in.rows().isOne()) return j;
                law(Law.VEC_TRANSPOSE);
                return mul(commutation(in), j);
            }
            case HADAMARD -> {
                for (int i = 0; i < 2; i++) {
                    Expr j = jacobian(a.get(i));
                    if (j == null) continue;
                    law(Law.VEC_HADAMARD);
                    return mul(diag(vec(a.get(1 - i))), j);
                }
                return null;
            }
            case ELEMDIV -> {
                Expr j = jacobian(a.get(0));
                if (j == null) return null;
                law(Law.VEC_HADAMARD);
                return mul(diag(vec(elemPow(a.get(1), -1))), j);
            }
            case TR -> {
                Expr j = jacobian(a.get(0));
                if (j == null) return null;
                law(Law.VEC_TRACE);
                return mul(transpose(vec(eye(a.get(0).shape().rows()))), j);
            }
            case SUM -> {
                Expr j = jacobian(a.get(0));
                if (j == null) return null;
                law(Law.VEC_TRACE);
                return mul(transpose(ones(Shape.vector(size(a.get(0).shape())))), j);
            }
            case VEC, UNVEC -> { return jacobian(a.get(0)); }
            case SUM_COLUMNS -> {
                Expr j = jacobian(a.get(0));
                if (j == null) return null;
                law(Law.VEC_PRODUCT);
                Shape in = a.get(0).shape();
                return mul(kron(eye(in.cols()), transpose(ones(Shape.vector(in.rows())))), j);
            }
            case SUM_ROWS -> {
                Expr j = jacobian(a.get(0));
                if (j == null) return null;
                law(Law.VEC_PRODUCT);
                Shape in = a.get(0).shape();
                return mul(kron(transpose(ones(Shape.vector(in.cols()))), eye(in.rows())), j);
            }
            case DIAG_MATRIX -> {
                Expr j = jacobian(a.get(0));
                if (j == null) return null;
                law(Law.VEC_DIAG);
                return mul(diagonalSelection(s.rows()), j);
            }
            case DIAG_VECTOR -> {
                Expr j = jacobian(a.get(0));
                if (j == null) return null;
                law(Law.VEC_DIAG);
                return mul(transpose(diagonalSelection(s.rows())), j);
            }
            case KRON -> { return kronecker(n); }
            case KRONBLOCKS, BLOCKSUM -> { return kroneckerAdjoint(n); }
            case CONV, CONVFULL -> { return convolution(n); }
            default -> {
                // the laws of differentials leave only linear maps around a differential, each with a case above
                for (Expr c : a) if (jacobian(c) != null)
                    throw new IllegalStateException("no vec law for " + n.op());
                return null;
            }
        }
    }

    /** vec(P A Q) = (Qᵀ ⊗ P) vec(A), for the one factor A of the chain that holds dX. */
    private Expr product(Node n) {
        List<Expr> f = n.args();
        Expr result = null;
        for (int i = 0; i < f.size(); i++) {
            Expr j = jacobian(f.get(i));
            if (j == null) continue;
            if (result != null) throw new IllegalStateException("the differential is not linear: " + n);
            Expr factor = f.get(i);
            Expr p = i > 0 ? matmul(f.subList(0, i)) : null, q = i < f.size() - 1 ? matmul(f.subList(i + 1, f.size())) : null;
            Expr left = q == null ? eye(factor.shape().cols()) : transpose(q);
            Expr right = p == null ? eye(factor.shape().rows()) : p;
            law(Law.VEC_PRODUCT);
            result = mul(kron(left, right), j);
        }
        return result;
    }

    /**
     * vec(A ⊗ B) = (Iₙ ⊗ K_{q,m} ⊗ I_p)(vec A ⊗ vec B) for A m×n, B p×q: the differential of either
     * factor, the other held, through that rearrangement.
     */
    private Expr kronecker(Node n) {
        Expr a = n.arg(0), b = n.arg(1);
        Expr ja = jacobian(a), jb = jacobian(b);
        if (ja == null && jb == null) return null;
        Shape sa = a.shape(), sb = b.shape();
        Expr arrange = arrangement(sa, sb);
        law(Law.VEC_KRON);
        List<Expr> terms = new ArrayList<>();
        if (ja != null) terms.add(mul(arrange, mul(kron(eye(size(sa)), vec(b)), ja)));
        if (jb != null) terms.add(mul(arrange, mul(kron(vec(a), eye(size(sb))), jb)));
        return add(terms);
    }

    /** R with vec(A ⊗ B) = R (vec A ⊗ vec B), for A and B of these shapes. */
    private static Expr arrangement(Shape sa, Shape sb) {
        return kron(kron(eye(sa.cols()), commutation(new Shape(sb.cols(), sa.rows()))), eye(sb.rows()));
    }

    /**
     * kronblocks(G, B) and blocksum(G, A), the adjoints of V ↦ V ⊗ B and V ↦ A ⊗ V: with
     * w = Rᵀ vec(G), vec(kronblocks(G, B)) = (I ⊗ vec(B)ᵀ) w = unvec(w)ᵀ vec(B), and
     * vec(blocksum(G, A)) = (vec(A)ᵀ ⊗ I) w = unvec(w) vec(A), unvec to |B| (or |V|) rows.
     */
    private Expr kroneckerAdjoint(Node n) {
        Expr g = n.arg(0), other = n.arg(1);
        Expr jg = jacobian(g), jo = jacobian(other);
        if (jg == null && jo == null) return null;
        boolean blocks = n.op() == Op.KRONBLOCKS;
        Shape sa = blocks ? n.shape() : other.shape(), sb = blocks ? other.shape() : n.shape();
        Expr rt = transpose(arrangement(sa, sb));
        law(Law.VEC_KRON);
        List<Expr> terms = new ArrayList<>();
        if (jg != null) {
            Expr pick = blocks ? kron(eye(size(sa)), transpose(vec(other))) : kron(transpose(vec(other)), eye(size(sb)));
            terms.add(mul(pick, mul(rt, jg)));
        }
        if (jo != null) {
            Expr w = unvec(mul(rt, vec(g)), new Shape(size(sb), size(sa)));
            terms.add(mul(blocks ? transpose(w) : w, jo));
        }
        return add(terms);
    }

    /**
     * conv(X, K) is T_K vec(X) and C_X vec(K) (convmatrix, im2col); convfull(G, K), its adjoint in X, is
     * T_Kᵀ vec(G), and T_Gᵀ vec(K) for the p×q output it has, G being then the kernel of a valid convolution.
     */
    private Expr convolution(Node n) {
        Expr a = n.arg(0), k = n.arg(1);
        Expr ja = jacobian(a), jk = jacobian(k);
        if (ja == null && jk == null) return null;
        law(Law.VEC_CONV);
        List<Expr> terms = new ArrayList<>();
        if (n.op() == Op.CONV) {
            if (ja != null) terms.add(mul(fn("convmatrix", k, ones(a.shape())), ja));
            if (jk != null) terms.add(mul(fn("im2col", a, ones(k.shape())), jk));
        } else {
            if (ja != null) terms.add(mul(transpose(fn("convmatrix", k, ones(n.shape()))), ja));
            if (jk != null) terms.add(mul(transpose(fn("convmatrix", a, ones(n.shape()))), jk));
        }
        return add(terms);
    }

    /** The n²×n matrix S with vec(diag(v)) = S v: diag(vec(I)) (1 ⊗ I). */
    private static Expr diagonalSelection(Dim n) {
        return mul(diag(vec(eye(n))), kron(ones(Shape.vector(n)), eye(n)));
    }

    /** K_{m,n}, with vec(Aᵀ) = K vec(A) for A of this shape. */
    static Expr commutation(Shape of) { return fn("commutation", ones(of)); }

    private static Expr vec(Expr e) { return e.shape().isColumn() ? e : fn("vec", e); }

    private static Dim size(Shape s) { return Dims.times(s.rows(), s.cols()); }

    private void law(Law l) { laws.add(l); }
}
