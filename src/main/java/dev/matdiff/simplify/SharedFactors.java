package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Dims;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Means;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Term;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static dev.matdiff.expr.Exprs.*;

/**
 * Terms of a sum that share something, grouped into one term: a symbolic scalar (aX + bX, sA + sB), a divisor
 * (A/s + B/s), an end factor of a product (AB + AC), a factor of ⊗ or ⊙. Each rule groups the first two or more terms
 * that share it; the rewriter comes back for the next group.
 */
final class SharedFactors {
    private SharedFactors() {}

    /**
     * A/s + B/s = (A + B)/s, and A/s + B/(cs) = (A + B/c)/s, for a scalar s that is not a number (numbers are {@link SumRules#commonFraction}'s), so that what the
     * numerators share can be factored: (A + Aᵀ)x/(2√(xᵀAx)), not 0.5Ax/√(xᵀAx) + 0.5Aᵀx/√(xᵀAx). Not for a mean.
     */
    static Expr commonDivisor(Node n) {
        if (n.shape().isScalar()) return null;
        List<Term> terms = n.args().stream().map(Term::of).toList();
        List<Expr> divisors = new ArrayList<>();
        for (Term t : terms)
            divisors.add(is(t.base(), Op.DIV) && !(arg(t.base(), 1) instanceof Num) && !Means.isMean(t.base()) ? arg(t.base(), 1) : null);
        for (Map.Entry<Expr, List<Integer>> g : groupsOfTwoOrMore(divisors).entrySet()) {
            List<Expr> numerators = new ArrayList<>();
            for (int i : g.getValue()) numerators.add(new Term(terms.get(i).coefficient(), arg(terms.get(i).base(), 0)).build());
            return replacingGroup(n, g.getValue(), div(add(numerators), g.getKey()));
        }
        // A/s + B/(cs) = (A + B/c)/s: label smoothing's (P − (1 − ε)Y)/N − ε1/(KN) is (P − (1 − ε)Y − ε1/K)/N
        for (int j = 0; j < divisors.size(); j++) {
            Expr dj = divisors.get(j);
            if (!is(dj, Op.SCALE)) continue;
            for (int i = 0; i < divisors.size(); i++) {
                Expr di = divisors.get(i), c = di == null || i == j ? null : arg(dj, 1) == di ? arg(dj, 0) : arg(dj, 0) == di ? arg(dj, 1) : null;
                if (c == null) continue;
                Expr a = new Term(terms.get(i).coefficient(), arg(terms.get(i).base(), 0)).build();
                Expr b = new Term(terms.get(j).coefficient(), div(arg(terms.get(j).base(), 0), c)).build();
                List<Integer> pair = i < j ? List.of(i, j) : List.of(j, i);
                return replacingGroup(n, pair, div(i < j ? add(a, b) : add(b, a), di));
            }
        }
        return null;
    }

    /**
     * a·X + (a + 2b)·X = (2a + 2b)·X: terms that scale one matrix or vector X, by symbolic scalars
     * (numbers alone are {@link SumRules#collectTerms}'), become one term whose scalar sum the rational canceller
     * then simplifies. Tried before {@link #commonScalar}, so that a·(A + Aᵀ)x + a·x + 2b·x collects its x
     * terms rather than taking a·x into a·((A + Aᵀ)x + x).
     */
    static Expr collectScalarTerms(Node n) {
        if (n.shape().isScalar()) return null;
        List<Term> terms = n.args().stream().map(Term::of).toList();
        List<Expr> scalars = new ArrayList<>(), bases = new ArrayList<>();
        for (Term t : terms) {
            boolean scaled = is(t.base(), Op.SCALE) && !(arg(t.base(), 0) instanceof Num);
            // X/s is (1/s)·X: (1 + 1/m)·1 + 1/(mn) collect into one multiple of 1
            boolean divided = is(t.base(), Op.DIV) && !(arg(t.base(), 1) instanceof Num) && !Means.isMean(t.base());
            bases.add(scaled ? arg(t.base(), 1) : divided ? arg(t.base(), 0) : t.base());
            scalars.add(new Term(t.coefficient(), scaled ? arg(t.base(), 0) : divided ? div(ONE, arg(t.base(), 1)) : ONE).build());
        }
        for (Map.Entry<Expr, List<Integer>> g : groupsOfTwoOrMore(bases).entrySet()) {
            if (g.getValue().stream().allMatch(i -> scalars.get(i) instanceof Num)) continue;
            List<Expr> sum = new ArrayList<>();
            for (int i : g.getValue()) sum.add(scalars.get(i));
            return replacingGroup(n, g.getValue(), scale(add(sum), g.getKey()));
        }
        return null;
    }

    /**
     * s·A + s·B + C = s(A + B) + C for a scalar s that is not a number (numbers are {@link #commonCoefficient}'s):
     * λ·Xᵀ(Xw − y) + λ·w becomes λ(Xᵀ(Xw − y) + w). Only for sums of matrices and vectors: a sum of
     * scalars is the rational canceller's, whose normal form is expanded.
     */
    static Expr commonScalar(Node n) {
        if (n.shape().isScalar()) return null;
        List<Term> terms = n.args().stream().map(Term::of).toList();
        List<Expr> scalars = new ArrayList<>();
        for (Term t : terms) scalars.add(scaledBy(t.base()) instanceof Node scaled ? arg(scaled, 0) : null);
        for (Map.Entry<Expr, List<Integer>> g : groupsOfTwoOrMore(scalars).entrySet()) {
            List<Expr> rests = new ArrayList<>();
            for (int i : g.getValue()) rests.add(new Term(terms.get(i).coefficient(), arg(scaledBy(terms.get(i).base()), 1)).build());
            return replacingGroup(n, g.getValue(), scale(g.getKey(), add(rests)));
        }
        return commonScalarFactor(n, terms);
    }

    /**
     * sA + s·t·B = s(A + t·B) for a scalar factor s of two or more terms' chains of scalings, where no two share their
     * whole scalar: the mixture of experts' (ŷ − y)(g ⊙ We·x) − (ŷ − y)·ŷ·g is (ŷ − y)(g ⊙ We·x − ŷ·g).
     */
    private static Expr commonScalarFactor(Node n, List<Term> terms) {
        List<List<Expr>> factors = new ArrayList<>();
        for (Term t : terms) {
            List<Expr> fs = is(t.base(), Op.SCALE) ? ScalarRules.Scaling.of((Node) t.base()).factors() : List.of();
            factors.add(fs.stream().filter(f -> !(f instanceof Num) && !Expr.holdsDifferential(f)).toList());
        }
        for (int i = 0; i < terms.size(); i++)
            for (Expr s : factors.get(i)) {
                List<Integer> group = new ArrayList<>();
                for (int j = 0; j < terms.size(); j++) if (factors.get(j).contains(s)) group.add(j);
                if (group.size() < 2) continue;
                List<Expr> rests = new ArrayList<>();
                for (int j : group) {
                    ScalarRules.Scaling scaling = ScalarRules.Scaling.of((Node) terms.get(j).base());
                    List<Expr> left = new ArrayList<>(scaling.factors());
                    left.remove(s);
                    rests.add(new Term(terms.get(j).coefficient(), scaling.with(left)).build());
                }
                return replacingGroup(n, group, scale(s, add(rests)));
            }
        return null;
    }

    /**
     * s·A for a term s·A or s·A/d (the divisor then stays with A: the soft triplet loss's σ(…)(a − p)/‖a − p‖ +
     * σ(…)(q − a)/‖a − q‖ is σ(…)((a − p)/‖a − p‖ + (q − a)/‖a − q‖)), for an s that is not a number, nor in d (s·v/(1 + s²)
     * is the canceller's, which meets s there), nor a differential (ds·Xv/(1 + s²) + ds·w stays apart, for the gradient's
     * terms to meet over one divisor); else null.
     */
    private static Expr scaledBy(Expr base) {
        Expr inner = is(base, Op.DIV) && !Means.isMean(base) ? arg(base, 0) : base;
        if (!is(inner, Op.SCALE) || arg(inner, 0) instanceof Num) return null;
        if (inner == base) return inner;
        Expr s = arg(inner, 0), d = arg(base, 1);
        return Expr.holdsDifferential(s) || dev.matdiff.expr.Dag.postOrder(d).contains(s) ? null : scale(s, div(arg(inner, 1), d));
    }

    /** The positions of equal keys (null: in no group), by key in the order first met, for keys met twice or more. */
    private static Map<Expr, List<Integer>> groupsOfTwoOrMore(List<Expr> keys) {
        Map<Expr, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) if (keys.get(i) != null) groups.computeIfAbsent(keys.get(i), k -> new ArrayList<>()).add(i);
        groups.values().removeIf(g -> g.size() < 2);
        return groups;
    }

    /** The sum with the terms of {@code group} (two or more, in order) replaced by {@code factored}, where the first of them stood. */
    private static Expr replacingGroup(Node n, List<Integer> group, Expr factored) {
        if (group.size() == n.arity()) return factored;
        List<Expr> out = new ArrayList<>();
        for (int i = 0; i < n.arity(); i++) {
            if (i == group.get(0)) out.add(factored);
            else if (!group.contains(i)) out.add(n.arg(i));
        }
        return add(out);
    }

    /**
     * Pulls a factor that several terms share out of them, on the left or the right:
     * AB + AC + D = A(B + C) + D, s·AB − CB = (s·A − C)B. The first group of two or more terms
     * with the same end factor is factored; the rewriter comes back for the next. A shared factor
     * that is a sum is pulled out of a scalar multiple of itself too, BJ − cJ = (B − cI)J, so that
     * the sum is written once (softmax's Jacobian in its Hessians).
     */
    static Expr factorCommon(Node n) {
        List<Term> terms = n.args().stream().map(Term::of).toList();
        Expr written = besideItsTerms(n, terms);
        if (written != null) return written;
        // a sum symmetric as written keeps each term beside its transpose (see splitsATransposePair)
        boolean symmetric = Symmetry.isSymmetric(n);
        for (boolean left : new boolean[] {true, false}) {
            List<Expr> edges = new ArrayList<>();
            List<List<Expr>> factorsOf = new ArrayList<>();
            for (Term t : terms) {
                List<Expr> f = factors(t.base());
                // a bare symbol beside its product with a sum that holds I joins that sum as I: B'(I + A + Aᵀ) + B' is
                // B'(2I + A + Aᵀ) (review s77r); beside any other product it stays (BA + B, not B(A + I))
                if (f == null && bare(t.base()) && besideAnIdentity(terms, t.base(), left)) f = List.of(t.base());
                factorsOf.add(f);
                edges.add(f == null ? null : left ? f.get(0) : f.get(f.size() - 1));
            }
            for (Map.Entry<Expr, List<Integer>> g : groupsOfTwoOrMore(edges).entrySet()) {
                Expr common = g.getKey();
                List<Integer> group = g.getValue();
                // bare multiples of a shared sum alone are like terms, collect-terms' to add up
                if (group.stream().allMatch(i -> SumRules.chain(terms.get(i).base()) == null)) continue;
                if (symmetric && splitsATransposePair(terms, group)) continue;
                List<Expr> rests = new ArrayList<>();
                for (int i : group) {
                    Term t = terms.get(i);
                    List<Expr> f = factorsOf.get(i);
                    Expr rest = f.size() == 1 ? eye(left ? common.shape().cols() : common.shape().rows())
                            : matmul(left ? f.subList(1, f.size()) : f.subList(0, f.size() - 1));
                    if (is(t.base(), Op.SCALE)) rest = scale(arg(t.base(), 0), rest);
                    rests.add(new Term(t.coefficient(), rest).build());
                }
                Expr inner = add(rests);
                return replacingGroup(n, group, left ? matmul(List.of(common, inner)) : matmul(List.of(inner, common)));
            }
        }
        return null;
    }

    /**
     * Whether a term of the group has its transpose, at the same coefficient, outside it while another term of the group
     * has not: factored apart, a sum symmetric as written no longer looks it, the Rayleigh quotient's Hessian
     * 2x(2r·xᵀ − xᵀA) − 2Axxᵀ where the textbook has 4r·xxᵀ − 2xxᵀA − 2Axxᵀ (trial s79b). A group whose terms all have
     * theirs outside is factored: their transposes make the mirrored group, S(A + Aᵀ) + (A + Aᵀ)S.
     */
    private static boolean splitsATransposePair(List<Term> terms, List<Integer> group) {
        int paired = 0;
        for (int i : group) {
            Expr base = terms.get(i).base();
            if (Symmetry.isSymmetric(base)) continue;
            Expr turned = Symmetry.transposeOf(base);
            for (int k = 0; k < terms.size(); k++)
                if (!group.contains(k) && terms.get(k).base() == turned && terms.get(k).coefficient() == terms.get(i).coefficient()) {
                    paired++;
                    break;
                }
        }
        return paired > 0 && paired < group.size();
    }

    /** A symbol, a name, or one transposed. */
    private static boolean bare(Expr e) {
        Expr x = is(e, Op.TRANSPOSE) ? arg(e, 0) : e;
        return x instanceof Expr.Var || x instanceof Expr.Named;
    }

    /** Whether another term is x times (on that side) a sum holding a multiple of I. */
    private static boolean besideAnIdentity(List<Term> terms, Expr x, boolean left) {
        for (Term t : terms) {
            List<Expr> f = SumRules.chain(t.base());
            if (f == null || f.size() != 2 || (left ? f.get(0) : f.get(1)) != x) continue;
            Expr sum = left ? f.get(1) : f.get(0);
            if (is(sum, Op.ADD) && sum.children().stream().anyMatch(c -> is(Term.of(c).base(), Op.EYE))) return true;
        }
        return false;
    }

    /**
     * J + c·MJ = (I + c·M)J where J is a sum whose terms stand in this one as they are, J·(I + c·M) likewise on the
     * left: a residual's gradient r − Pᵀr, r = x − Px − b, is (I − Pᵀ)((I − P)x − b), as the textbook writes it.
     */
    private static Expr besideItsTerms(Node n, List<Term> terms) {
        for (boolean left : new boolean[] {true, false}) {
            for (int i = 0; i < terms.size(); i++) {
                List<Expr> f = SumRules.chain(terms.get(i).base());
                if (f == null || f.size() < 2) continue;
                Expr j = left ? f.get(0) : f.get(f.size() - 1);
                if (!is(j, Op.ADD) || j.shape().isScalar()) continue;
                List<Integer> group = new ArrayList<>(List.of(i));
                for (Expr t : j.children()) {
                    int at = -1;
                    for (int k = 0; k < n.arity() && at < 0; k++) if (n.arg(k) == t && !group.contains(k)) at = k;
                    if (at < 0) break;
                    group.add(at);
                }
                if (group.size() != j.children().size() + 1) continue;
                Expr rest = matmul(left ? f.subList(1, f.size()) : f.subList(0, f.size() - 1));
                if (is(terms.get(i).base(), Op.SCALE)) rest = scale(arg(terms.get(i).base(), 0), rest);
                Expr inner = add(eye(left ? j.shape().cols() : j.shape().rows()), new Term(terms.get(i).coefficient(), rest).build());
                group.sort(null);
                return replacingGroup(n, group, left ? matmul(List.of(j, inner)) : matmul(List.of(inner, j)));
            }
        }
        return null;
    }

    /** A ⊗ B + c·(A ⊗ C) = A ⊗ (B + cC), and likewise for a shared right factor: Kronecker products are bilinear. */
    static Expr kronFactor(Node n) { return bilinearFactor(n, Op.KRON, other -> true); }

    /**
     * A ⊙ B − A ⊙ C = A ⊙ (B − C): attention's A ⊙ G − A ⊙ (1·sum(A ⊙ G, 1)). Not where B or C divides by something,
     * which distribute-cancel multiplies out into A's factors.
     */
    static Expr hadamardFactor(Node n) { return bilinearFactor(n, Op.HADAMARD, other -> !FactorCancel.hasQuotient(other)); }

    /**
     * The terms op(A, B) that share a factor A on the same side, as op(A, ΣcB), when every B is {@code allowed}. For ⊗, an
     * identity among the terms is I_p ⊗ I_n where another term has I_n on that side: X ⊗ I_n + I_np = (X + I_p) ⊗ I_n.
     */
    private static Expr bilinearFactor(Node n, Op op, Predicate<Expr> allowed) {
        List<Term> terms = n.args().stream().map(Term::of).toList();
        for (int side = 0; side < 2; side++) {
            List<Expr[]> pairs = new ArrayList<>();
            for (Term t : terms) pairs.add(operands(t.base(), op, side));
            if (op == Op.KRON) eyesAsKron(terms, pairs, side);
            List<Expr> shared = new ArrayList<>();
            for (Expr[] p : pairs) shared.add(p != null && allowed.test(p[1 - side]) ? p[side] : null);
            for (Map.Entry<Expr, List<Integer>> g : groupsOfTwoOrMore(shared).entrySet()) {
                List<Expr> others = new ArrayList<>();
                for (int i : g.getValue()) others.add(new Term(terms.get(i).coefficient(), pairs.get(i)[1 - side]).build());
                Expr inner = add(others);
                return replacingGroup(n, g.getValue(), side == 0 ? binary(op, g.getKey(), inner) : binary(op, inner, g.getKey()));
            }
        }
        return null;
    }

    /**
     * op(A, B)'s two operands, or null; a scaling by a scalar expression, c·op(A, B) or op(A, B)/c, goes to the side not
     * shared (c may be any scalar: numbers are Term's coefficient already), as the mixed product allows:
     * c kron(hᵀ, M) − 2 kron(hᵀ, D) is kron(hᵀ, c M − 2D).
     */
    private static Expr[] operands(Expr base, Op op, int side) {
        Expr scalar = null, divisor = null;
        if (is(base, Op.SCALE) && is(arg(base, 1), op)) {
            scalar = arg(base, 0);
            base = arg(base, 1);
        } else if (is(base, Op.DIV) && is(arg(base, 0), op)) {
            divisor = arg(base, 1);
            base = arg(base, 0);
        }
        if (!is(base, op) || base.children().size() != 2) return null;
        Expr[] pair = {arg(base, 0), arg(base, 1)};
        if (scalar != null) pair[1 - side] = scale(scalar, pair[1 - side]);
        if (divisor != null) pair[1 - side] = div(pair[1 - side], divisor);
        return pair;
    }

    /** Each identity term I_k read as I_(k/d) ⊗ I_d (side 1) or I_d ⊗ I_(k/d) (side 0) where another term has I_d on that side. */
    private static void eyesAsKron(List<Term> terms, List<Expr[]> pairs, int side) {
        for (int i = 0; i < terms.size(); i++) {
            Expr eye = terms.get(i).base();
            if (pairs.get(i) != null || !is(eye, Op.EYE)) continue;
            for (Expr[] p : pairs) {
                if (p == null || !is(p[side], Op.EYE) || !p[1 - side].shape().rows().equals(p[1 - side].shape().cols())) continue;
                Dim rest = Dims.divide(eye.shape().rows(), p[side].shape().rows());
                if (rest == null || !rest.equals(p[1 - side].shape().rows())) continue;
                pairs.set(i, side == 1 ? new Expr[] {eye(rest), p[side]} : new Expr[] {p[side], eye(rest)});
                break;
            }
        }
    }

    private static Expr binary(Op op, Expr a, Expr b) { return op == Op.KRON ? kron(a, b) : hadamard(a, b); }

    /** The factors of a product, as chain gives them, or a sum as a product of one factor. */
    private static List<Expr> factors(Expr base) {
        List<Expr> f = SumRules.chain(base);
        Expr product = is(base, Op.SCALE) ? arg(base, 1) : base;
        if (f != null) return f;
        if (is(product, Op.ADD) && !product.shape().isScalar()) return List.of(product);
        return scaledRowsOrColumns(product);
    }

    /**
     * X ⊙ (u1ᵀ) as the product diag(u)·X, X ⊙ (1vᵀ) as X·diag(v), else null: beside a term M·X it shares X with, so an
     * RBF kernel's gradient (K ⊙ aaᵀ)X − X ⊙ ((Ka ⊙ a)1ᵀ) is (K ⊙ aaᵀ − diag(Ka ⊙ a))X, as the textbook writes it
     * (factorCommon groups only where some term is a product).
     */
    private static List<Expr> scaledRowsOrColumns(Expr product) {
        if (!is(product, Op.HADAMARD) || product.children().size() != 2) return null;
        for (int i = 0; i < 2; i++) {
            Expr broadcast = arg(product, i), x = arg(product, 1 - i);
            if (Broadcasts.isBroadcast(broadcast, true)) return List.of(diag(arg(broadcast, 0)), x);
            if (Broadcasts.isBroadcast(broadcast, false)) return List.of(x, diag(transposed(arg(broadcast, 1))));
        }
        return null;
    }
}
