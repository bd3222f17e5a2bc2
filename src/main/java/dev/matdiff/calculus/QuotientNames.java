package dev.matdiff.calculus;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Substitution;
import dev.matdiff.shapes.Program;
import dev.matdiff.simplify.Simplifier;

import java.util.ArrayList;
import java.util.List;

/**
 * A gradient written with the quotients the program names, as textbooks write the quotient rule's (∇N − q ∇D)/D: the
 * Rayleigh quotient's 2(Ax − r x)/(xᵀx), Fisher's criterion's 2(S_b − J S_w)w/(wᵀS_w w), layer normalisation's
 * (n g⊙t − (x̂ᵀ(g⊙t)) x̂ − (gᵀt) 1)/(nσ) through its x̂ = x_c/σ. N is read as q·D (q ⊙ D entry by entry) and the
 * simplifier cancels what that leaves; each form is kept only where it is shorter.
 */
final class QuotientNames {
    /** The rule a gradient step cites where it wrote a quotient's name (Rules.citedStatement). */
    static final String RULE = "quotient-value";

    /**
     * Quotients tried on one gradient at most: each is a simplification of all of it (with 8, review s69r's 10-layer
     * chain of quotients derived 4× slower).
     */
    static final int MAX_TRIED = 4;

    /** Gradients larger than this (distinct nodes) are kept as they are: the textbooks' quotients are far smaller. */
    static final int MAX_NODES = 150;

    private final List<Named> quotients;

    private QuotientNames(List<Named> quotients) { this.quotients = quotients; }

    /**
     * The quotients the objective reads, in the program's order, itself last: each named by the user (a bare expression's
     * made-up f would need a where-block to say what it is), N/D or N ⊘ D with N and D varying, N a definition's name or
     * an expression other than the value of a function whose slope reads it, tanh, σ, exp, √ (not a symbol, which would
     * be read as q·D everywhere it stands, as a name is: x_c is, in layer normalisation) that D does not hold but through
     * a name. Null when there is none.
     */
    static QuotientNames of(Program program, String objective, Expr body, Dependence dependence) {
        List<Named> read = new ArrayList<>(Dag.named(List.of(body)));
        Named self = program.definitions().get(objective);
        if (self != null && self.body() == body) read.add(self);
        List<Named> out = new ArrayList<>();
        for (Named q : read) {
            if (out.size() == MAX_TRIED) break;
            if (isQuotient(q.body(), dependence, q == self) && program.namedByUser(q.name()) && !out.contains(q)) out.add(q);
        }
        return out.isEmpty() ? null : new QuotientNames(out);
    }

    private static boolean isQuotient(Expr body, Dependence dependence, boolean objective) {
        boolean scalar = Exprs.is(body, Op.DIV), entries = Exprs.is(body, Op.ELEMDIV);
        if (!scalar && !entries) return false;
        Expr n = Exprs.arg(body, 0), d = Exprs.arg(body, 1);
        // a function whose slope is written with its value keeps it: 1 − tanh(u)², not 1 − (‖V‖h)² (review s69r)
        boolean activation = Exprs.is(n, Op.TANH) || Exprs.is(n, Op.SIGMOID) || Exprs.is(n, Op.EXP) || Exprs.is(n, Op.SQRT);
        // a symbol N is read as q·D only in the Jacobian of q itself, x/‖x‖'s (eye(n) - F*F')/norm(x): in another result
        // every x would turn into q·D, exp(x) into exp(norm(x)*F) (review s77r)
        boolean normalised = objective && (n instanceof Expr.Var || Exprs.is(n, Op.MATMUL)) && holds(d, n);
        return (n instanceof Expr.Node || n instanceof Named || normalised) && !activation
                && (scalar || n.shape().equals(d.shape())) && dependence.varies(n) && dependence.varies(d)
                && (normalised || !holds(d, n));
    }

    /** Whether e reads n other than through a name: σ = sqrt(v + ε) reads x_c through v, which is no rewriting of σ. */
    private static boolean holds(Expr e, Expr n) { return Dag.asWritten(e).stream().anyMatch(x -> x == n); }

    /** The gradient written with the quotients' names where that is shorter, and the rules that made it; null where none is. */
    private Written write(Expr gradient, Simplifier.Kit kit) {
        Expr g = gradient;
        List<String> fired = new ArrayList<>();
        for (Named q : quotients) {
            if (Dag.exceeds(g, MAX_NODES)) break;  // a deep network's gradient, told without walking all of it
            Expr n = Exprs.arg(q.body(), 0), d = Exprs.arg(q.body(), 1);
            // q as a symbol the simplifier cannot open: knowing q = N/D, the canceller wrote CCA's 1/D as q/N, a division
            // by N that is 0 where the objective is defined
            Expr opaque = Deriver.variableFor("⟨" + q.name() + "⟩", q.shape(), true);
            Expr asQuotient = Exprs.is(q.body(), Op.DIV) ? Exprs.mul(opaque, d) : Exprs.hadamard(opaque, d);
            // other names keep their bodies, and D its N (σ = sqrt(x_cᵀx_c/n + ε) is not rewritten in x̂); q where g reads it
            // already is the same symbol, so that it meets the new ones (review s71r: (q .* y) ./ (t1 .* q), 2*q - q)
            // D as the simplifier writes it too, for a vector over its own size: sqrt(xᵀx) is norm(x) in a gradient
            Expr dWritten = n instanceof Expr.Var || Exprs.is(n, Op.MATMUL) ? kit.shortest().apply(d) : d;
            // and N as a run of a longer chain: x/‖Ax‖'s Jacobian holds A·x·xᵀ·Aᵀ·A, where Ax is no node (trial s79b)
            FactorRuns numerator = new FactorRuns();
            if (Exprs.is(n, Op.MATMUL)) numerator.add(n.children(), asQuotient);
            Expr read = Substitution.selfApplying((x, self) -> x == n ? asQuotient : x == q ? opaque
                    : x instanceof Named || x == d || x == dWritten ? x : Exprs.is(x, Op.MATMUL) ? numerator.read(x, self::apply) : null).apply(g);
            if (read == g) continue;
            Simplifier.Session simplify = kit.shortest();
            Expr out = Substitution.apply(simplify.apply(read), x -> x == opaque ? q : x instanceof Named ? x : null);
            if (!Dag.any(out, x -> x == q) || simplify.shorter(g, out) == g) continue;
            g = out;
            if (!fired.contains(RULE)) fired.add(RULE);
            for (String r : simplify.drainFired()) if (!fired.contains(r)) fired.add(r);
        }
        return g == gradient ? null : new Written(g, fired);
    }

    record Written(Expr gradient, List<String> fired) {}

    /**
     * e written with the quotients where that is shorter (quotients null: e itself), the rules that did it added to
     * fired: what a gradient, a Hessian, an HVP and a Jacobian are each written with.
     */
    static Expr written(QuotientNames quotients, Expr e, Simplifier.Kit kit, List<String> fired) {
        Written own = quotients == null ? null : quotients.write(e, kit);
        if (own == null) return e;
        for (String r : own.fired()) if (!fired.contains(r)) fired.add(r);
        return own.gradient();
    }
}
