package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Term;

import java.util.ArrayList;
import java.util.List;

import static dev.matdiff.expr.Exprs.*;

/** A trace written as a textbook writes it: ‖A‖² for Tr(AᵀA), Tr(A²B) for Tr(ABA), Tr(BA) for Tr(AᵀBᵀ), sum(B) for Tr(1B). */
final class TraceForms {
    private TraceForms() {}

    /**
     * Tr(cPQ + dQP) = (c + d) Tr(PQ): under a trace, terms that are rotations of one product are one term, as the
     * second derivative of tr(M⁻²A) has tr(M⁻¹AM⁻²A) twice, once rotated.
     */
    static Expr traceOfRotations(Node n) {
        List<Expr> terms = distributed(n.arg(0));
        if (terms == null) return null;
        List<Term> out = new ArrayList<>();
        boolean merged = false;
        for (Expr t : terms) {
            Term term = Term.of(t);
            int same = -1;
            for (int i = 0; i < out.size() && same < 0; i++) if (rotation(out.get(i).base(), term.base())) same = i;
            if (same < 0) { out.add(term); continue; }
            Term kept = out.get(same);
            out.set(same, new Term(kept.coefficient() + term.coefficient(), kept.base()));
            merged = true;
        }
        if (!merged) return null;
        List<Expr> built = new ArrayList<>();
        for (Term t : out) if (t.coefficient() != 0) built.add(t.build());
        return built.isEmpty() ? zeros(n.shape()) : tr(add(built));
    }

    /** The terms of a sum, or of a product with one sum among its factors multiplied out ((P + Q)A is PA + QA); else null. */
    private static List<Expr> distributed(Expr e) {
        if (is(e, Op.ADD)) return e.children();
        if (!is(e, Op.MATMUL)) return null;
        List<Expr> f = e.children();
        int at = -1;
        for (int i = 0; i < f.size(); i++) if (is(f.get(i), Op.ADD)) { if (at >= 0) return null; at = i; }
        if (at < 0) return null;
        List<Expr> out = new ArrayList<>();
        for (Expr t : f.get(at).children()) out.add(ProductRules.replacing(f, at, 1, List.of(t)));
        return out;
    }

    /** Whether q's factors are p's turned round by at least one place (neither holding a differential). */
    private static boolean rotation(Expr p, Expr q) {
        if (!is(p, Op.MATMUL) || !is(q, Op.MATMUL) || p == q) return false;
        List<Expr> a = p.children(), b = q.children();
        int k = a.size();
        if (b.size() != k) return false;
        for (Expr f : a) if (is(f, Op.DIFF)) return false;
        for (int r = 1; r < k; r++) if (ProductRules.rotated(a, r).equals(b)) return true;
        return false;
    }

    /** Tr(AᵀA) = Tr(AAᵀ) = ‖A‖² for a matrix A, as sum-squares writes sum(A ⊙ A). */
    static Expr traceOfGram(Node n) {
        Expr m = gramOf(n.arg(0));
        // Tr(DDᵀBᵀB) = Tr(BDDᵀBᵀ) = ‖BD‖²: a longer Gram product may stand rotated under the trace
        if (m == null && is(n.arg(0), Op.MATMUL) && n.arg(0).children().size() >= 4) {
            List<Expr> f = ((Node) n.arg(0)).args();
            for (int r = 1; r < f.size() && m == null; r++) m = gramOf(ProductRules.rotated(f, r));
        }
        return m == null || m.shape().isColumn() || m.shape().rows().isOne() || is(m, Op.DIFF) ? null : call(Op.SQNORM, m);
    }

    /**
     * A for a Gram product AᵀA or AAᵀ, else null: those whose trace is ‖A‖² (uᵀu for a column u). A may be a product
     * itself, PQ·QᵀPᵀ, and is then written with the fewer transposes of PQ and QᵀPᵀ; not where a differential stands.
     */
    static Expr gramOf(Expr product) {
        if (!is(product, Op.MATMUL)) return null;
        if (product.children().size() == 2) {
            Expr a = arg(product, 0), b = arg(product, 1);
            return is(a, Op.TRANSPOSE) && arg(a, 0) == b ? b : is(b, Op.TRANSPOSE) && arg(b, 0) == a ? a : null;
        }
        return gramOf(((Node) product).args());
    }

    private static Expr gramOf(List<Expr> f) {
        int k = f.size() / 2;
        if (f.size() % 2 != 0 || k < 2) return null;
        for (int i = 0; i < k; i++)
            if (f.get(k + i) != transposed(f.get(k - 1 - i)) || is(f.get(i), Op.DIFF) || is(transposed(f.get(i)), Op.DIFF)) return null;
        Expr first = matmul(f.subList(0, k)), second = matmul(f.subList(k, 2 * k));
        return ScalarRules.transposes(second) < ScalarRules.transposes(first) ? second : first;
    }

    /** Tr(A B A) = Tr(A A B): a trace whose product starts and ends with one factor has it once, squared (−Tr(M⁻²B)). */
    static Expr traceOfEnds(Node n) {
        if (!is(n.arg(0), Op.MATMUL)) return null;
        List<Expr> f = ((Node) n.arg(0)).args();
        int k = f.size();
        if (k < 3 || f.get(0) != f.get(k - 1) || is(f.get(0), Op.DIFF)) return null;
        return tr(matmul(ProductRules.rotated(f, k - 1)));
    }

    /** Tr(AᵀBᵀ) = Tr(BA): a trace is its transpose's, written with fewer transposes (not where a differential stands). */
    static Expr traceTransposed(Node n) {
        Expr product = n.arg(0);
        Expr turned = is(product, Op.MATMUL) ? SumRules.turned(product) : null;
        return turned != null && ScalarRules.transposes(turned) < ScalarRules.transposes(product) ? tr(turned) : null;
    }

    /** Tr(1 B) = Tr(B 1) = sum(B) for an all-ones 1: a mean's differential, dX's entries summed, as a trace. */
    static Expr traceOfOnes(Node n) {
        if (!is(n.arg(0), Op.MATMUL)) return null;
        List<Expr> f = ((Node) n.arg(0)).args();
        int at = is(f.get(0), Op.ONES) ? 0 : is(f.get(f.size() - 1), Op.ONES) ? f.size() - 1 : -1;
        if (at < 0) return null;
        List<Expr> rest = new ArrayList<>(f);
        rest.remove(at);
        return sum(matmul(rest));
    }

    /**
     * sum(Aʲ ⊙ (Aᵏ)ᵀ) = Tr(AʲAᵏ) = Tr(Aʲ⁺ᵏ): how a scalar's gradient through (aX)ᵏ or inv(aX) reads as the trace it is
     * (sum(X ⊙ (X²)ᵀ) is Tr(X³)). Only for powers of one matrix, read as matmul-power reads them, where the product merges.
     */
    static Expr traceOfPowers(Node n) {
        if (!is(n.arg(0), Op.HADAMARD) || n.arg(0).children().size() != 2) return null;
        ProductRules.SymbolPower p = ProductRules.SymbolPower.of(arg(n.arg(0), 0)), q = ProductRules.SymbolPower.of(arg(n.arg(0), 1));
        if (p == null || q == null || p.base() != q.base() || p.transposed() == q.transposed()) return null;
        Expr a = p.base();
        if (!a.shape().rows().equals(a.shape().cols())) return null;
        return tr(power(a, p.exponent() + q.exponent()));
    }
}
