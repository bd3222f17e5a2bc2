package dev.matdiff.calculus;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Substitution;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Writes the objective's intermediates by their names wherever a gradient spells one out: p - y rather than
 * sigmoid(X*w + b*ones(N)) - y, and a named product inside a longer chain or transposed, as textbooks write ridge's
 * 2*(y - X*w)*w' for w = inv(A)*X'*y (not X*inv(A)*X'*y*y'*X*inv(A)) or a GP's a*a' for a = inv(K)*y. Only the
 * definitions the objective is computed from, and none asked for as a variable: another that happens to have the same
 * body would be a name the objective never mentions (∇_a f10 = f5 for f10 = a*norm(x)^2 beside an unrelated
 * f5 = norm(x)^2).
 */
final class ByName {
    private final Map<Expr, Expr> byBody = IdentityMaps.map();
    /** Named products inside longer chains, and their transposes. */
    private final FactorRuns runs = new FactorRuns();
    private final Substitution substitution;

    private ByName(Map<String, Named> cuts, Named objective, UnaryOperator<Expr> simplified) {
        for (Named n : Dag.named(List.of(objective.body()))) {
            if (cuts.containsKey(n.name()) || !(n.body() instanceof Expr.Node)) continue;
            byBody.putIfAbsent(n.body(), n);
            // and as the simplifier writes it, the way a gradient holds it: e1 = p1*exp(-sqnorm(x - mu1)/2) is
            // p1*exp(-0.5*sqnorm(x - mu1)) in ∇_mu1 (trial s79a); not where that is a symbol, or reads none (P = inv(A)*A is
            // eye(n), which every identity in a result would then print as: review s79r)
            Expr canonical = simplified.apply(n.body());
            if (canonical != n.body() && standsForAName(canonical)) byBody.putIfAbsent(canonical, n);
            if (!Exprs.is(n.body(), Op.MATMUL)) continue;
            runs.add(n.body().children(), n);
            // A*A as the simplifier writes it, A^2; C*A with C = A*A, A^3
            Power p = powerOf(n);
            if (p != null) byBody.putIfAbsent(Exprs.power(p.base(), p.exponent()), n);
        }
        // a name's own body stays its body: inside h2, tanh(W*h1 + U*x2) is not h2 again (Named(h2, h2) printed apart from h2)
        substitution = new Substitution(e -> e instanceof Named ? e : Exprs.is(e, Op.MATMUL) ? chain(e) : byBody.get(e));
    }

    /** Whether a name's simplified body may be read as the name: an operation (not a symbol, nor one transposed) on some symbol. */
    private static boolean standsForAName(Expr body) {
        return body instanceof Expr.Node && !(Exprs.is(body, Op.TRANSPOSE) && !(Exprs.arg(body, 0) instanceof Expr.Node))
                && Dag.any(body, x -> x instanceof Expr.Var || x instanceof Named);
    }

    /** {@code simplified}: a body as the simplifier writes it, which a gradient holds where it reads the body rewritten. */
    static Substitution of(Map<String, Named> cuts, Named objective, UnaryOperator<Expr> simplified) {
        return new ByName(cuts, objective, simplified).substitution;
    }

    /** A symbol's power a product of it and of names of its powers stands for. */
    private record Power(Expr base, int exponent) {}

    private final Map<Named, Power> powers = IdentityMaps.map();

    /** The power of one symbol n's definition multiplies out to (C = A*A: A², D = C*A: A³); null for anything else. */
    private Power powerOf(Named n) {
        if (powers.containsKey(n)) return powers.get(n);
        Power out = null;
        if (Exprs.is(n.body(), Op.MATMUL)) {
            Expr base = null;
            int k = 0;
            for (Expr f : n.body().children()) {
                Power p = f instanceof Expr.Var ? new Power(f, 1) : f instanceof Named m ? powerOf(m) : null;
                if (p == null || base != null && p.base() != base) { k = -1; break; }
                base = p.base();
                k += p.exponent();
            }
            if (k > 1 && k <= Exprs.MAX_MATRIX_POWER) out = new Power(base, k);
        }
        powers.put(n, out);
        return out;
    }

    /** A chain with the named runs it holds written by their names (its factors substituted too); null where none is. */
    private Expr chain(Expr e) {
        Expr whole = byBody.get(e);
        return whole != null ? whole : runs.read(e, substitution::apply);
    }
}
