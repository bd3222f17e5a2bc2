package dev.matdiff.calculus;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Expr.Var;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Substitution;
import dev.matdiff.expr.VarKind;
import dev.matdiff.shapes.Program;
import dev.matdiff.simplify.LeadingSign;
import dev.matdiff.simplify.Simplifier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Second derivatives of a scalar objective, as the Jacobian of its gradient: the gradient G is
 * differentiated by the same laws, dG vectorised to vec(dG) = H vec(dX) for the Hessian, or dX set
 * to a direction V for the Hessian-vector product ∇²f[V] (which never forms the mn×mn matrix, and
 * so costs what the gradient costs). The diagonal blocks: each variable's Hessian on its own.
 */
final class SecondOrder {
    private final Steps steps;
    private final Phases phases;
    private final Program program;

    SecondOrder(Steps steps, Phases phases, Program program) {
        this.steps = steps;
        this.phases = phases;
        this.program = program;
    }

    /**
     * How the gradients were written, which a Hessian and a product with it follow: their sign turn, the quotients the
     * program names (null where none), the order of the objective's terms, the order of the sums and element-wise products written.
     */
    record AsGradients(LeadingSign sign, QuotientNames quotients, TermsAsWritten terms, OrderAsWritten order, Substitution named) {}

    Derivation.Higher derive(String name, Map<String, Expr> gradients, List<Var> wrt, boolean hessian, boolean hvp, AsGradients as) {
        LeadingSign sign = as.sign();
        Map<String, Expr> hessians = new LinkedHashMap<>(), products = new LinkedHashMap<>();
        Map<String, Var> directions = new LinkedHashMap<>();
        OrderAsWritten order = as.order();
        // a staged derivation's second order follows its result, numbered on under its heading
        Stage stage = steps.last().stage() instanceof Stage.Result ? Stage.RESULT : Stage.WHOLE;
        for (Var x : wrt) {
            Expr g = gradients.get(x.name());
            Dependence dependence = new Dependence(Set.of(x));
            Lhs lhs = new Lhs.GradientDifferential(name, x.name());
            Expr dg;
            if (dependence.varies(g))
                dg = Jacobians.inShape(phases.applyLawsOfDifferentials(g, dependence, lhs, stage, Note.NONE, Step.Phase.SECOND), g.shape());
            else {
                dg = Exprs.zeros(g.shape());
                steps.add(Step.Phase.SECOND, lhs, dg, List.of(Law.D_CONSTANT), new Note.Words("∇_" + x.name() + " " + name
                        + " does not depend on " + x.name()), stage, List.of());
            }
            if (hessian) {
                // the program's names where the Hessian spells them out, as the gradient's (review s77r: a*y'*inv(K) beside a*a')
                Expr h = sign.positive(as.named().apply(new Jacobians(steps, phases).vectorise(dg, List.of(x), new Lhs.VecGradientDifferential(name, x.name()), stage).get(x)));
                List<Law> laws = List.of(Law.READ_HESSIAN);
                List<String> fired = List.of();
                if (x.symmetric()) {
                    // vec(dS)ᵀ H vec(dS) fixes H only on symmetric directions: times the projection onto them it is symmetric too
                    Jacobians.Projected p = new Jacobians(steps, phases).ontoSymmetric(h, x);
                    h = p.expr();
                    laws = List.of(Law.READ_HESSIAN, Law.SYMMETRIC_HESSIAN);
                    fired = p.fired();
                }
                // written as the gradient is: the Rayleigh quotient's Hessian with r, its terms in the objective's order (trial s71a)
                fired = new ArrayList<>(fired);
                h = QuotientNames.written(as.quotients(), h, phases.simplifier(), fired);
                Simplifier.Session finishing = phases.simplifier().shortest();
                h = order.apply(as.terms().apply(finishing.finished(h)));
                fired = Steps.union(fired, finishing.drainFired());
                steps.add(Step.Phase.HESSIAN, new Lhs.Hessian(name, x.name()), h, laws, Note.NONE, stage, fired);
                hessians.put(x.name(), h);
            }
            if (hvp) {
                Var v = direction(x, wrt.size() == 1);
                Simplifier.Session simplify = phases.simplifier().shortest();
                Expr product = sign.positive(simplify.apply(Substitution.apply(dg, e -> Exprs.is(e, Op.DIFF) && Exprs.arg(e, 0) == x ? v : null)));
                List<String> fired = new ArrayList<>(simplify.drainFired());
                product = order.apply(as.terms().apply(simplify.finished(QuotientNames.written(as.quotients(), product, phases.simplifier(), fired))));
                steps.add(Step.Phase.HESSIAN_VECTOR, new Lhs.HessianVectorProduct(name, x.name(), v.name()), product, List.of(Law.HVP),
                        Note.NONE, stage, Steps.union(fired, simplify.drainFired()));
                products.put(x.name(), product);
                directions.put(x.name(), v);
            }
        }
        return new Derivation.Higher(Map.of(), hessians, products, directions, Map.of());
    }

    /** The direction V, of x's shape, named so that it clashes with nothing the program names. */
    private Var direction(Var x, boolean only) {
        String name = only ? "V" : "V_" + x.name();
        Set<String> taken = program.names();  // a size V too (trial s73a: 3*(V*W + W*V)' read back with V the size)
        for (int i = 1; taken.contains(name); i++) name = (only ? "V" : "V_" + x.name()) + i;
        VarKind kind = x.shape().isScalar() ? VarKind.SCALAR : x.shape().isColumn() ? VarKind.VECTOR : VarKind.MATRIX;
        return Exprs.var(name, x.shape(), kind, true);
    }
}
