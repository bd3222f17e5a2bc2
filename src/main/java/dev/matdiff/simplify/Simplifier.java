package dev.matdiff.simplify;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.TextPrinter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/** The simplifier as the rest of matdiff calls it: all rules, to a fixpoint, with a generous limit. */
public final class Simplifier {
    private Simplifier() {}

    /** Rewrites allowed per call before the rewriter stops (and returns what it has). */
    public static final int MAX_REWRITES = 1_000_000;

    public static Expr simplify(Expr e) { return run(e).expr(); }

    /**
     * The B with Bᵀ = e where e is element-wise arithmetic and functions of transposes, ones and scalars, as the rules
     * write such a transpose (outside: exp(uᵀ) ⊙ vᵀ is (exp(u) ⊙ v)ᵀ); null for any other e.
     */
    public static Expr untransposed(Expr e) { return ElementwiseRules.untransposed(e); }

    public static Rewriter.Result run(Expr e) { return new Rewriter(PLAIN.plain, MAX_REWRITES).run(e); }

    /**
     * A simplifier that remembers what it has simplified: for many expressions that share
     * subexpressions (the gradients of one objective), each shared node is simplified once.
     */
    public static Session shared() { return PLAIN.shared(); }

    /**
     * Like {@link #shared()}, but for results a reader sees: the expression is also simplified with
     * transposes pushed into sums, and the cheaper of the two forms is kept. (Xw − y)ᵀ stays as it
     * is, while a gradient like Aᵀx + (xᵀA)ᵀ collects into (A + Aᵀ)x.
     */
    public static Session shortest() { return PLAIN.shortest(); }

    /**
     * The rule tables a derivation simplifies with: the table, and facts the program assumes ahead of
     * it; each indexed once, for the many sessions of a derivation.
     */
    public static final class Kit {
        private final Rewriter.Table plain, transposed;

        private Kit(Rewriter.Table plain, Rewriter.Table transposed) {
            this.plain = plain;
            this.transposed = transposed;
        }

        public Session shared() { return new Session(plain, null); }

        public Session shortest() { return new Session(plain, transposed); }

        /** Whether the kit assumes no facts of the program. */
        public boolean assumesNothing() { return this == PLAIN; }
    }

    static final Kit PLAIN = new Kit(new Rewriter.Table(Rules.ALL), new Rewriter.Table(Rules.WITH_TRANSPOSED_SUMS));

    /** The rules only a finished result is written with, indexed once. */
    private static final Rewriter.Table RESULT_RULES = new Rewriter.Table(Rules.FOR_RESULTS);

    /** The kit for a program that assumes these facts: each a rule, tried before any other. */
    public static Kit assuming(List<Rule> facts) {
        if (facts.isEmpty()) return PLAIN;
        return new Kit(new Rewriter.Table(facts, PLAIN.plain), new Rewriter.Table(facts, PLAIN.transposed));
    }

    /** Expressions this large, printed, keep the first form: choosing would mean walking them twice. */
    static final int MAX_NODES_TO_COMPARE = 400;

    /** Cancelling and rewriting take turns at most this often: each turn that changes something gives the other a new form. */
    static final int MAX_CANCEL_ROUNDS = 3;

    /** A run of simplifications that share their work, and the rules that fired since they were last asked for. */
    public static final class Session implements UnaryOperator<Expr> {
        private final Rewriter plain;
        private final Rewriter transposed;
        private final Cost cost = new Cost(MAX_NODES_TO_COMPARE);
        private final UnaryOperator<Expr> cancel = Cancellation.canceller(cost);
        private final UnaryOperator<Expr> logistic = LogisticQuotients.canceller(cost);
        private final Set<String> fired = new LinkedHashSet<>();

        private Session(Rewriter.Table plain, Rewriter.Table transposed) {
            this.plain = new Rewriter(plain, MAX_REWRITES);
            this.transposed = transposed == null ? null : new Rewriter(transposed, MAX_REWRITES);
        }

        /**
         * Of two forms of one value, the smaller printed tree, a tie going to the shorter print (2*S - A - A' rather
         * than S - A + (S - A)'); the first when it is too large to compare.
         */
        public Expr shorter(Expr a, Expr b) {
            int sa = cost.treeSize(a);
            if (a == b || sa > MAX_NODES_TO_COMPARE) return a;
            int sb = cost.treeSize(b);
            return sb < sa || sb == sa && TextPrinter.print(b).length() < TextPrinter.print(a).length() ? b : a;
        }

        @Override public Expr apply(Expr e) {
            Rewriter.Result a = plain.run(e);
            if (transposed == null) return record(a);
            Expr best = a.expr();
            if (cost.worthComparing(best)) {
                Rewriter.Result b = transposed.run(e);
                if (shorter(best, b.expr()) != best) best = record(b);
            }
            record(a);
            // what the rules make of a cancelled form may cancel again (a sum of a softmax read as 1 cancels a term)
            for (int round = 0; round < MAX_CANCEL_ROUNDS; round++) {
                Expr cancelled = cancel.apply(best);
                if (cancelled != best) fired.add(Cancellation.divisorsChanged(best, cancelled) ? "cancel-rational" : "cancel-arithmetic");
                Expr read = logistic.apply(cancelled);
                if (read != cancelled) fired.add("cancel-logistic");
                if (read == best) break;
                // cancelled again even where the rules change nothing: cancelling 1/(a³b) against a sum with a common
                // factor a only factors it out, a·(…)/(a³b), and the next cancelling divides it (trial s79a's cosine)
                best = record(plain.run(read));
            }
            return best;
        }

        private Expr record(Rewriter.Result r) {
            fired.addAll(r.fired().keySet());
            return r.expr();
        }

        /**
         * An entry-wise sum whose every term holds one of {@code factors} as an entry-wise factor, with it taken outside and
         * the rest simplified, where that is no heavier; else e. A layer's incoming gradient is written δ ⊙ f', as
         * backpropagation writes it, not δ ⊙ f'₁ + δ ⊙ f'₂: the stage below reads δ once.
         */
        public Expr withFactorOutside(Expr e, java.util.function.Predicate<Expr> factors) {
            Expr out = CommonFactor.outsideOnly(e, factors, x -> {
                Expr y = apply(x);
                return y == x ? null : y;
            });
            return out == null || ArithmeticWeight.weight(out) > ArithmeticWeight.weight(e) ? e : out;
        }

        /**
         * A finished result written with the rules only a result is ({@link Rules#FOR_RESULTS}) wherever they apply, then
         * simplified; e itself where none does. A rewriter of their own, kept by the session: names are not read into, and
         * what the session's results share is read once (a k-layer network's gradients share their δ's). Last, a sum that is
         * another of the results' sums plus a few terms is written so ({@link SharedSums}): a residual network's δ's.
         */
        public Expr finished(Expr e) {
            if (finishing == null) finishing = new Rewriter(RESULT_RULES, MAX_REWRITES);
            Rewriter.Result r = finishing.run(e);
            // simplified again where a result rule fired, or where a name put back for its value after simplifying meets
            // itself (s + s with s = A*x, 2*C + C with C = A^2: trial s76c); else as it is, its signs as LeadingSign turned them
            Expr out = r.expr() != e || repeatsATerm(e) ? apply(r.expr()) : e;
            fired.addAll(r.fired().keySet());
            if (r.expr() != e) {
                // once more where one fired: simplifying may write a sum they apply to, as the canceller's polynomial in
                // t^(g + k) that common-power's t^g comes out of (review s80r)
                Rewriter.Result again = finishing.run(out);
                if (again.expr() != out) {
                    out = apply(again.expr());
                    fired.addAll(again.fired().keySet());
                }
            }
            // named matrices read through where that cancels, in gradients and Hessians alike: a Hessian of Y = X³'s logdet
            // that keeps Y is a page of kron(…inv(Y)…) terms where -3·K(X⁻ᵀ ⊗ X⁻¹) is all there is
            List<String> kept = drainFired();  // what a reading tried and not kept must not be cited
            Expr read = NamesReadThrough.apply(out, this, cost, kept);
            fired.addAll(kept);
            return sharedSums.apply(read);
        }

        /**
         * e with named matrices read through where that cancels them ({@link NamesReadThrough}), and nothing else of a
         * finished result: what a Hessian differentiates, so that Y = X²'s logdet(Y) has the Hessian of 2·X⁻ᵀ. The rules
         * the reading used are not recorded: the result's own finishing cites them.
         */
        public Expr namesReadThrough(Expr e) {
            List<String> before = drainFired();
            Expr read = NamesReadThrough.apply(e, this, cost, new ArrayList<>());
            fired.clear();
            fired.addAll(before);
            return read;
        }

        /** Whether a sum in e holds one term twice, at any coefficients (2*C + C). */
        private static boolean repeatsATerm(Expr e) {
            for (Expr x : dev.matdiff.expr.Dag.asWritten(e)) {
                if (!Exprs.is(x, Op.ADD)) continue;
                Set<Expr> seen = dev.matdiff.expr.IdentityMaps.set();
                for (Expr t : x.children()) if (!seen.add(dev.matdiff.expr.Term.of(t).base())) return true;
            }
            return false;
        }

        private Rewriter finishing;
        private final SharedSums sharedSums = new SharedSums();

        /** The ids of the rules that fired since the last call, in order of first firing; then forgets them. */
        public List<String> drainFired() {
            List<String> out = new ArrayList<>(fired);
            fired.clear();
            return out;
        }
    }
}
