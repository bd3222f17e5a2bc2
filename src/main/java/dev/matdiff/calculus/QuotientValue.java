package dev.matdiff.calculus;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Substitution;
import dev.matdiff.shapes.Program;
import dev.matdiff.simplify.Simplifier;

import java.util.List;

/**
 * A quotient objective f = N/D written with its own value where its gradient repeats N, as textbooks write the
 * quotient rule's (∇N − f ∇D)/D: the Rayleigh quotient's 2(Ax − r x)/(xᵀx), Fisher's criterion's
 * 2(S_b − J S_w)w/(wᵀS_w w), the cosine similarity's, the trace ratio's. N is read as f·D and the simplifier cancels
 * what that leaves; the form is kept only where it is shorter.
 */
final class QuotientValue {
    /** The rule a gradient step cites where it wrote the objective's value (Rules.citedStatement). */
    static final String RULE = "quotient-value";

    private final Named self;
    private final Expr numerator, denominator;

    private QuotientValue(Named self) {
        this.self = self;
        this.numerator = Exprs.arg(self.body(), 0);
        this.denominator = Exprs.arg(self.body(), 1);
    }

    /**
     * For the objective when it is a quotient the user named whose numerator and denominator both vary, the numerator an
     * expression (not a symbol) that the denominator does not hold; else null.
     */
    static QuotientValue of(Program program, String name, Expr body, Dependence dependence) {
        Named self = program.definitions().get(name);
        // a bare expression's made-up f would need a where-block to say what it is: -e 'sin(a*b)/(a + b^2)' keeps its quotient
        if (self == null || body != self.body() || !Exprs.is(body, Op.DIV) || !program.namedByUser(name)) return null;
        Expr numerator = Exprs.arg(body, 0), denominator = Exprs.arg(body, 1);
        if (!dependence.varies(numerator) || !dependence.varies(denominator)) return null;
        // a symbol read as f·D would be so wherever the gradient reads it (a/(a + b) in a + b too), as would an N inside D
        if (!(numerator instanceof Expr.Node || numerator instanceof Named) || Dag.any(denominator, x -> x == numerator)) return null;
        return new QuotientValue(self);
    }

    /** The gradient written with f, and the rules that made it, or null where that is no shorter. */
    Written write(Expr gradient, Simplifier.Kit kit) {
        // names are not read into: another definition keeps its own body
        Expr read = Substitution.apply(gradient, x -> x == numerator ? Exprs.mul(self, denominator) : x instanceof Named ? x : null);
        if (read == gradient) return null;
        Simplifier.Session simplify = kit.shortest();
        Expr out = simplify.apply(read);
        if (!Dag.any(out, x -> x == self) || simplify.shorter(gradient, out) == gradient) return null;
        List<String> fired = new java.util.ArrayList<>(simplify.drainFired());
        fired.add(0, RULE);
        return new Written(out, fired);
    }

    record Written(Expr gradient, List<String> fired) {}
}
