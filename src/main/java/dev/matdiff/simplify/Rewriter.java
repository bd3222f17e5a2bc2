package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The strategy that applies rules, kept apart from the rules: bottom-up over the DAG (each
 * shared node simplified once), then the rules at each node until none fires. It stops rewriting
 * at a limit rather than loop, and reports how often each rule fired.
 */
public final class Rewriter {

    public enum Stop { FIXPOINT, LIMIT }

    public record Result(Expr expr, Map<String, Integer> fired, Stop stop) {}

    /** The rules that can fire at each operation, in the table's order (which is their priority). */
    private final Map<Op, List<Rule>> byRoot;

    /** A rule table indexed by the operation at a rule's root: made once per table, shared by every rewriter over it. */
    public static final class Table {
        private final Map<Op, List<Rule>> byRoot = new EnumMap<>(Op.class);

        public Table(List<Rule> rules) {
            for (Rule r : rules) for (Op op : r.roots()) byRoot.computeIfAbsent(op, k -> new ArrayList<>()).add(r);
        }

        /** The rules {@code first}, tried before those of {@code rest}, whose index is shared rather than made again. */
        public Table(List<Rule> first, Table rest) {
            this(first);
            rest.byRoot.forEach((op, rules) -> byRoot.computeIfAbsent(op, k -> new ArrayList<>()).addAll(rules));
        }
    }

    private final int maxRewrites;
    /** The terms of the sums this rewriter has simplified, each distinct sum once: see {@link SumBudget}. */
    private final SumBudget sums;
    private final Map<Expr, Expr> done = IdentityMaps.map();
    /** Nodes inside a chain of scalings, simplified but for the rules that read the whole chain (kept apart from done). */
    private final Map<Expr, Expr> doneInChain = IdentityMaps.map();
    private final Map<String, Integer> fired = new LinkedHashMap<>();
    private int rewrites;

    public Rewriter(Table rules, int maxRewrites) { this(rules, maxRewrites, SumBudget.max()); }

    Rewriter(Table rules, int maxRewrites, long maxSumTerms) {
        this.byRoot = rules.byRoot;
        this.maxRewrites = maxRewrites;
        this.sums = new SumBudget(maxSumTerms);
    }

    /**
     * Simplifies e. What this rewriter simplified before is remembered (a shared node is simplified
     * once over many calls); the fire counts are this call's, in order of first firing.
     */
    public Result run(Expr e) {
        fired.clear();
        Expr out;
        try {
            out = simplify(e);
        } finally {
            ScalarRules.Scaling.forget();
        }
        return new Result(out, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fired)),
                rewrites >= maxRewrites ? Stop.LIMIT : Stop.FIXPOINT);
    }

    private Expr simplify(Expr e) { return simplify(e, false); }

    /** @param inChain e is the scalar factor of a scaling that is itself a scaling's: the top of its chain reads it again */
    private Expr simplify(Expr e, boolean inChain) {
        Expr known = done.get(e);
        if (known == null && inChain) known = doneInChain.get(e);
        if (known != null) return known;
        Map<Expr, Expr> memo = inChain ? doneInChain : done;
        Expr out = e;
        if (e instanceof Node n) {
            if (n.op() == Op.ADD) sums.add(n.arity());
            List<Expr> args = simplifiedArgs(n);
            Expr rebuilt = args == null ? n : Exprs.rebuild(n, args);
            out = rebuilt != n ? simplify(rebuilt, inChain) : applyRules(n, inChain);
        }
        memo.put(e, out);
        memo.put(out, out);
        return out;
    }

    /** The node's arguments simplified, or null when every one already is (the common case: no list is built). */
    private List<Expr> simplifiedArgs(Node n) {
        List<Expr> out = null;
        for (int i = 0; i < n.arity(); i++) {
            Expr a = n.arg(i), s = simplify(a, i == 0 && n.op() == Op.SCALE && Exprs.is(a, Op.SCALE));
            if (s != a && out == null) out = new ArrayList<>(n.args().subList(0, i));
            if (out != null) out.add(s);
        }
        return out;
    }

    /** Rules at one node whose arguments are already simple. */
    private Expr applyRules(Node n, boolean inChain) {
        List<Rule> rules = byRoot.get(n.op());
        if (rewrites >= maxRewrites || rules == null) return n;
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (inChain && rule.wholeChain()) continue;
            Expr r = rule.rewrite().apply(n);
            if (r == n) r = null;
            if (r != null) {
                rewrites++;
                fired.merge(rule.id(), 1, Integer::sum);
                (inChain ? doneInChain : done).put(n, r);  // guards against a cycle while r is simplified
                return simplify(r, inChain);
            }
        }
        return n;
    }
}
