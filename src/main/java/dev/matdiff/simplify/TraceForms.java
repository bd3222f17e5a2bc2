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

    /** Most terms a traced product is multiplied out into to find its rotations. */
    private static final int MOST_TERMS = 12;

    /**
     * Tr(cPQ + dQP) = (c + d) Tr(PQ): under a trace, terms that are rotations of one product are one term, as the
     * second derivative of tr(M⁻²A) has tr(M⁻¹AM⁻²A) twice, once rotated. Powers of one base meet across the turn:
     * Tr(C⁻¹SC⁻²) and Tr(C⁻²SC⁻¹) are both Tr(C⁻³S) (the Hessian of PPCA's noise variance), and the products are
     * multiplied out where that merges terms, Tr(C⁻¹(C⁻¹ − (SC⁻¹ + C⁻¹S)C⁻¹)) = Tr(C⁻² − 2C⁻³S).
     */
    static Expr traceOfRotations(Node n) {
        List<Expr> terms = expanded(n.arg(0));
        if (terms == null || terms.size() < 2) return null;
        List<Term> out = new ArrayList<>();
        List<List<Object>> rings = new ArrayList<>();
        boolean merged = false;
        for (Expr t : terms) {
            Term term = Term.of(t);
            List<Object> ring = ring(term.base());
            int same = -1;
            for (int i = 0; i < out.size() && same < 0; i++) if (out.get(i).base() != term.base() && rotation(rings.get(i), ring)) same = i;
            if (same < 0) {
                out.add(term);
                rings.add(ring);
                continue;
            }
            Term kept = out.get(same);
            out.set(same, new Term(kept.coefficient() + term.coefficient(), kept.base()));
            merged = true;
        }
        if (!merged) return null;
        List<Expr> built = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            Term t = out.get(i);
            if (t.coefficient() != 0) built.add(new Term(t.coefficient(), shortest(t.base(), rings.get(i))).build());
        }
        return built.isEmpty() ? zeros(n.shape()) : tr(add(built));
    }

    /** The terms of e with its products' sums multiplied out (of sums in sums too), or null past {@link #MOST_TERMS}. */
    private static List<Expr> expanded(Expr e) {
        if (is(e, Op.ADD)) {
            List<Expr> out = new ArrayList<>();
            for (Expr t : e.children()) {
                List<Expr> inner = expanded(t);
                if (inner == null || out.size() + inner.size() > MOST_TERMS) return null;
                out.addAll(inner);
            }
            return out;
        }
        if (is(e, Op.NEG)) {
            List<Expr> inner = expanded(arg(e, 0));
            if (inner == null) return null;
            List<Expr> out = new ArrayList<>();
            for (Expr t : inner) out.add(neg(t));
            return out;
        }
        if (!is(e, Op.MATMUL)) return List.of(e);
        List<List<Expr>> products = List.of(List.of());
        for (Expr f : e.children()) {
            List<Expr> choices = ofProducts(f) ? expanded(f) : List.of(f);
            if (choices == null || products.size() * choices.size() > MOST_TERMS) return null;
            List<List<Expr>> next = new ArrayList<>();
            for (List<Expr> p : products)
                for (Expr c : choices) {
                    List<Expr> longer = new ArrayList<>(p);
                    longer.add(c);
                    next.add(longer);
                }
            products = next;
        }
        List<Expr> out = new ArrayList<>();
        for (List<Expr> p : products) out.add(matmul(p));
        return out;
    }

    /** Whether e is a sum with a product among its terms: one of symbols, as T − S, stays a factor (Tr((T − S)P(T − S)P)). */
    private static boolean ofProducts(Expr e) {
        if (is(e, Op.NEG)) return ofProducts(arg(e, 0));
        if (!is(e, Op.ADD)) return false;
        for (Expr t : e.children()) if (is(Term.of(t).base(), Op.MATMUL) || ofProducts(Term.of(t).base())) return true;
        return false;
    }

    /**
     * A traced product's factors as a ring: each a power of its base where it is one ({@link ProductRules.SymbolPower}),
     * neighbours of one base merged, the last with the first too. Null for a single factor, a factor holding a
     * differential, or a merge that leaves the identity.
     */
    private static List<Object> ring(Expr product) {
        if (!is(product, Op.MATMUL)) return null;
        List<Object> out = new ArrayList<>();
        for (Expr f : product.children()) {
            if (is(f, Op.DIFF) || is(transposed(f), Op.DIFF)) return null;
            ProductRules.SymbolPower p = ProductRules.SymbolPower.of(f);
            Object last = out.isEmpty() ? null : out.get(out.size() - 1);
            ProductRules.SymbolPower both = p != null && last instanceof ProductRules.SymbolPower q ? q.times(p) : null;
            if (both == null) out.add(p != null ? p : f);
            else if (both.exponent() == 0) return null;
            else out.set(out.size() - 1, both);
        }
        ProductRules.SymbolPower turn = out.size() > 1 && out.get(0) instanceof ProductRules.SymbolPower a
                && out.get(out.size() - 1) instanceof ProductRules.SymbolPower z ? a.times(z) : null;
        if (turn != null) {
            if (turn.exponent() == 0) return null;
            out.set(0, turn);
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** Whether two rings are one turned round (by any number of places). */
    private static boolean rotation(List<Object> a, List<Object> b) {
        if (a == null || b == null || a.size() != b.size()) return false;
        for (int r = 0; r < a.size(); r++) if (ProductRules.rotated(a, r).equals(b)) return true;
        return false;
    }

    /** The product written from its ring where that has fewer factors (Tr(C⁻¹SC⁻²) as Tr(C⁻³S)), else as it is. */
    private static Expr shortest(Expr product, List<Object> ring) {
        if (ring == null || ring.size() >= product.children().size()) return product;
        List<Expr> factors = new ArrayList<>();
        for (Object f : ring) factors.add(f instanceof ProductRules.SymbolPower p ? p.build() : (Expr) f);
        return matmul(factors);
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

    /**
     * Tr(A B A) = Tr(A A B): a trace whose product starts and ends with one factor has it once, squared (−Tr(M⁻²B));
     * with powers of one base, Tr(Aʲ B Aᵏ) = Tr(Aᵏ Aʲ B), which matmul-power writes Aʲ⁺ᵏ (Tr(C⁻¹SC⁻²) = Tr(C⁻³S)).
     */
    static Expr traceOfEnds(Node n) {
        if (!is(n.arg(0), Op.MATMUL)) return null;
        List<Expr> f = ((Node) n.arg(0)).args();
        int k = f.size();
        if (k < 3 || is(f.get(0), Op.DIFF) || is(f.get(k - 1), Op.DIFF)) return null;
        if (f.get(0) != f.get(k - 1)) {
            ProductRules.SymbolPower a = ProductRules.SymbolPower.of(f.get(0)), z = ProductRules.SymbolPower.of(f.get(k - 1));
            ProductRules.SymbolPower both = a == null || z == null ? null : a.times(z);
            if (both == null || both.exponent() == 0) return null;
        }
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
