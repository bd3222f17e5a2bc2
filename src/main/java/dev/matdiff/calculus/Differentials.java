package dev.matdiff.calculus;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.ScaleChain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The strategy that drives the laws of differentials: in each pass every pending d(e) takes
 * one law. A law that is linear in the pending differentials (d of a sum, a transpose, a trace, a
 * product with one varying factor) is followed at once; any other law leaves its new d(…) for
 * the next pass, so each printed step shows one layer of the textbook's derivation.
 */
final class Differentials {

    /** @param functions the element-wise functions whose derivatives the pass used, for the step to state them */
    record Pass(Expr result, Set<Law> laws, Set<Op> functions) {}

    private final DifferentialLaws laws;
    private final Dependence dependence;

    /** @param reading a definition's body as the simplifier reads it (see {@link DifferentialLaws}) */
    Differentials(Dependence dependence, UnaryOperator<Expr> reading) {
        this.laws = new DifferentialLaws(dependence, reading);
        this.dependence = dependence;
    }

    /** One pass over e; the result is null when the differential vanished. */
    Pass pass(Expr e) { return pass(e, false); }

    /** All the remaining passes in one walk (linear in the size of e): for objectives too deep to print pass by pass. */
    Pass complete(Expr e) { return pass(e, true); }

    private Pass pass(Expr e, boolean complete) {
        Walk walk = new Walk(complete);
        Expr out = walk.rewrite(e);
        return new Pass(out, walk.used, walk.functions);
    }

    /** Whether e still has a d(…) of something other than a variable. */
    static boolean pending(Expr e) {
        return pending(e, IdentityMaps.map());
    }

    private static boolean pending(Expr e, Map<Expr, Boolean> memo) {
        Boolean known = memo.get(e);
        if (known != null) return known;
        boolean result = false;
        if (e instanceof Node n) {
            if (n.op() == Op.DIFF) result = !(n.arg(0) instanceof Expr.Var);
            else for (Expr c : n.args()) if (pending(c, memo)) { result = true; break; }
        }
        memo.put(e, result);
        return result;
    }

    private final class Walk {
        private final Set<Law> used = new LinkedHashSet<>();
        private final Set<Op> functions = new LinkedHashSet<>();
        private final boolean complete;
        private final Map<Expr, Expr> done = IdentityMaps.map();
        private final Set<Expr> gathered = IdentityMaps.set();

        Walk(boolean complete) {
            this.complete = complete;
        }

        Expr rewrite(Expr e) {
            if (done.containsKey(e)) return done.get(e);
            Expr out;
            if (!(e instanceof Node n)) out = e;
            else if (n.op() == Op.DIFF) out = differential(n.arg(0));
            else out = rebuild(n);
            done.put(e, out);
            return out;
        }

        private Expr differential(Expr x) {
            // simplifying a step can leave d(0*a) as d(0): what no longer varies has d = 0
            if (!dependence.varies(x)) return null;
            if (x instanceof Expr.Var) return Exprs.diff(x);
            DifferentialLaws.Application app = applied(x);
            if (app.result() == null) return null;
            return app.linear() || complete ? rewrite(app.result()) : app.result();
        }

        /** The law of d(x), noted as used. */
        private DifferentialLaws.Application applied(Expr x) {
            DifferentialLaws.Application app = laws.apply(x);
            if (app.before() != null) used.add(app.before());
            used.add(app.law());
            if (app.function() != null) functions.add(app.function());
            return app;
        }

        /** A node whose arguments may hold differentials; a zero argument in a linear slot makes the node zero. */
        private Expr rebuild(Node n) {
            if (complete && n.op() == Op.SCALE && ScaleChain.plain(n.arg(0))) return scaled(n);
            List<Expr> args = new ArrayList<>(n.args().size());
            boolean changed = false;
            for (Expr a : n.args()) {
                Expr r = rewrite(a);
                if (r == null) {
                    if (n.op() != Op.ADD) return null;
                    changed = true;
                    continue;
                }
                changed |= r != a;
                args.add(r);
            }
            if (!changed) return n;
            if (args.isEmpty()) return null;
            return Exprs.rebuild(n, args);
        }

        /**
         * m·(what d walks to): while each law gives a plain factor times the next differential (d exp(u) = eᵘ·du, down
         * exp(exp(…(a)…))), the factors are gathered outside in and built by {@link ScaleChain}, each in one node; the
         * walk level by level rebuilt the chain below at each level, n²/2 nodes for n levels. Each d is gathered once.
         */
        private Expr scaled(Node n) {
            List<Expr> factors = new ArrayList<>(List.of(n.arg(0)));
            Expr d = n.arg(1);
            while (Exprs.is(d, Op.DIFF) && !done.containsKey(d) && gathered.add(d)) {
                Expr x = Exprs.arg(d, 0);
                if (x instanceof Expr.Var || !dependence.varies(x)) break;
                DifferentialLaws.Application app = applied(x);
                Expr r = app.result();
                if (r == null) return null;
                if (!Exprs.is(r, Op.SCALE) || !ScaleChain.plain(Exprs.arg(r, 0))) {
                    d = r;
                    break;
                }
                factors.add(Exprs.arg(r, 0));
                d = Exprs.arg(r, 1);
            }
            Expr end = rewrite(d);
            if (end == null) return null;
            if (factors.size() == 1) return end == n.arg(1) ? n : Exprs.rebuild(n, List.of(n.arg(0), end));  // as any other node
            return ScaleChain.of(factors, end);
        }
    }
}
