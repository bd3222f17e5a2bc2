package dev.matdiff.calculus;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Expr.Var;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Signs;
import dev.matdiff.expr.Term;
import dev.matdiff.simplify.LeadingSign;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A gradient's terms in the order the objective writes the terms they come from, as textbooks list them:
 * {@code (softmax(W*X) - Y)*X' + lam*W} for −sum(Y ⊙ log softmax(WX)) + λ/2‖W‖², where the simplifier, whose sums start
 * with a positive term, had put lam*W first. A first term that would then carry a minus turns its difference round
 * ({@code (U*V' - R)*V + lam*U} for matrix factorisation); where it has none to turn, or a term reads symbols that no one
 * term of the objective reads, the order stays.
 */
final class TermsAsWritten {
    /** Terms past which a gradient's sum keeps its order. */
    static final int MAX_TERMS = 16;

    /** The symbols each of the objective's terms reads, through its names, in the order written. */
    private final List<Set<Var>> sources = new ArrayList<>();
    /**
     * The differences a gradient's first term was printed with turned round, as they stood (x − Da for Da − x): filled by
     * {@link #apply} as the gradients are written, read by {@link #turnAsElsewhere} after them (the Hessians add to it later).
     */
    private final Set<Expr> turnedHere = IdentityMaps.set();

    TermsAsWritten(Expr objective) {
        while (Exprs.is(objective, Op.DIV)) objective = Exprs.arg(objective, 0);  // (…)/(1 + λ²) writes its numerator's terms
        Term whole = Term.of(objective);
        List<Expr> terms = Exprs.is(whole.base(), Op.ADD) ? whole.base().children() : List.of(objective);
        for (Expr t : terms) sources.add(new HashSet<>(Dag.variables(t)));
    }

    /**
     * g, which leads with minus a difference another gradient of the objective printed turned round, with that difference
     * turned too; null otherwise. One difference reads one way round in one answer: sparse coding's ∇D L = (D*a - x)*a'
     * beside ∇a L = D'*(D*a - x) + …, not -(x - D*a)*a' (trial s75b); alone, −2(g − y)xᵀ stays as the seed writes it.
     */
    private Expr turnedAsElsewhere(Expr g) {
        if (turnedHere.isEmpty() || !Signs.leadingMinus(g)) return null;
        List<Expr> differences = new ArrayList<>();
        Expr turned = LeadingSign.turned(g, differences);
        if (turned == null || differences.isEmpty() || !turnedHere.containsAll(differences)) return null;
        // all of it or none: ‖x − Da‖²·(x − Da)aᵀ turned once would hold both ways round (review s75r)
        List<Expr> left = Dag.postOrder(List.of(turned));
        return differences.stream().anyMatch(d -> left.stream().anyMatch(x -> x == d)) ? null : turned;
    }

    /** Each of the objective's gradients so turned (see {@link #turnedAsElsewhere}), in its result step and in gradients. */
    void turnAsElsewhere(Steps steps, java.util.Map<String, Expr> gradients, String objective) {
        steps.rewriteGradients(objective, gradients, this::turnedAsElsewhere);
    }

    Expr apply(Expr g) {
        if (sources.size() < 2) return g;
        if (Exprs.is(g, Op.DIV)) {
            Expr numerator = apply(Exprs.arg(g, 0));
            return numerator == Exprs.arg(g, 0) ? g : Exprs.div(numerator, Exprs.arg(g, 1));
        }
        Term t = Term.of(g);
        // a product's one sum, 2K(Ka − y + λa) as kernel ridge's ‖y − Ka‖² + λaᵀKa writes its terms (trial s75b: 2K(λa − y + Ka))
        if (Exprs.is(t.base(), Op.MATMUL)) {
            List<Expr> factors = new ArrayList<>(t.base().children());
            List<Integer> sums = new ArrayList<>();
            for (int i = 0; i < factors.size(); i++) if (Exprs.is(factors.get(i), Op.ADD)) sums.add(i);
            if (sums.size() != 1) return g;
            Expr sum = apply(factors.get(sums.get(0)));
            if (sum == factors.get(sums.get(0))) return g;
            factors.set(sums.get(0), sum);
            return new Term(t.coefficient(), Exprs.matmul(factors)).build();
        }
        // a sum kept whole as another's first term (a residual network's δ's) is read by name: left as it is
        if (!Exprs.is(t.base(), Op.ADD) || Exprs.is(Exprs.arg(t.base(), 0), Op.ADD)) return g;
        List<Expr> terms = t.base().children();
        // a residual network's shared W sums a term per block, each reading the δ's below it: not read term by term
        if (terms.size() > MAX_TERMS) return g;
        List<Integer> from = new ArrayList<>();
        boolean constantLast = false;
        for (Expr term : terms) {
            int source = source(term);
            // a constant subtracted after the first term goes last, as textbooks write it: CLIP's softmax(S)' + softmax(S') − 2I,
            // not softmax(S)' − 2I + softmax(S') (trial s75b); one added may open a slope, σ(1 − σ) + 1 − tanh², and stays
            if (source < 0 && !from.isEmpty() && Dag.variables(term).isEmpty() && Signs.leadingMinus(term)) {
                source = Integer.MAX_VALUE;
                constantLast = true;
            }
            if (source < 0) return g;
            from.add(source);
        }
        // and only that: the other terms keep their order (review s75r: (1 + λ)x − 1 + exp(x) became exp(x) + (1 + λ)x − 1,
        // the merged (1 + λ)x read as the regulariser's)
        if (constantLast) {
            List<Integer> others = from.stream().filter(f -> f != Integer.MAX_VALUE).toList();
            if (!others.equals(others.stream().sorted().toList())) return g;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) order.add(i);
        order.sort(Comparator.comparingInt(from::get));  // stable: terms of one source keep their order
        List<Expr> sorted = new ArrayList<>();
        for (int i : order) sorted.add(terms.get(i));
        if (sorted.equals(terms)) return g;
        // -m/(2*be) carries its minus inside the quotient (trial corpus: a Bayesian evidence's gradient led with it)
        if (Signs.leadingMinus(sorted.get(0))) {
            List<Expr> differences = new ArrayList<>();
            Expr turned = LeadingSign.turned(sorted.get(0), differences);
            if (turned != null && !Signs.leadingMinus(turned)) {
                sorted.set(0, turned);
                turnedHere.addAll(differences);
            }
            else if (!positiveFirst(sorted, from.get(order.get(0)), order, from)) return g;
        }
        return new Term(t.coefficient(), Exprs.add(sorted)).build();
    }

    /**
     * The first term without a minus of the objective term the sum starts from, moved to the front: ‖y − x‖²'s
     * 2(x − y) + 2λDᵀDx, not −y first (trial s70b: the Hodrick–Prescott filter printed 2*(lam*D'*D*x - y + x), and the
     * written order with y differentiated too); false where that term has none.
     */
    private static boolean positiveFirst(List<Expr> sorted, int first, List<Integer> order, List<Integer> from) {
        for (int i = 1; i < sorted.size() && from.get(order.get(i)) == first; i++)
            if (!Signs.leadingMinus(sorted.get(i))) {
                sorted.add(0, sorted.remove(i));
                return true;
            }
        return false;
    }

    /** The first of the objective's terms that reads every symbol the gradient's term reads; −1 for none (or no symbol). */
    private int source(Expr term) {
        List<Var> reads = Dag.variables(term);
        if (reads.isEmpty()) return -1;
        for (int i = 0; i < sources.size(); i++) if (sources.get(i).containsAll(reads)) return i;
        return -1;
    }
}
