package dev.matdiff.calculus;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Expr.Var;
import dev.matdiff.simplify.Simplifier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.matdiff.expr.Exprs.*;

/**
 * The Jacobians of a vector or matrix objective F, as the seeds derive them: dF by the laws of
 * differentials, vectorised to vec(dF) = Σ J_X vec(dX) by the vec laws, and each J read off.
 */
final class Jacobians {
    private final Steps steps;
    private final Phases phases;

    Jacobians(Steps steps, Phases phases) {
        this.steps = steps;
        this.phases = phases;
    }

    /** Each variable's J, in the order of wrt. */
    Map<String, Expr> derive(String name, Expr body, List<Var> wrt, Note note) { return derive(name, body, wrt, note, e -> e, null); }

    /**
     * @param naming    what the read-off Jacobian is written with: ∂s/∂z = diag(s) − s sᵀ names the objective s = softmax(z)
     * @param quotients the quotients the program names, which it is written with as a gradient is (null where none):
     *                  F = x/sum(x) has ∂F/∂x = (eye(n) − F*ones(n)')/sum(x)
     */
    Map<String, Expr> derive(String name, Expr body, List<Var> wrt, Note note, java.util.function.UnaryOperator<Expr> naming, QuotientNames quotients) {
        Expr df = inShape(phases.applyLawsOfDifferentials(body, new Dependence(Set.copyOf(wrt)), new Lhs.Differential(name), Stage.WHOLE, note),
                body.shape());
        Map<Var, Expr> js = vectorise(df, wrt, body.shape().isColumn() ? new Lhs.Differential(name) : new Lhs.VecDifferential(name));
        Map<String, Expr> out = new LinkedHashMap<>();
        boolean vectorF = body.shape().isColumn();
        for (Var x : wrt) {
            Expr j = naming.apply(js.get(x));
            List<Law> laws = List.of(Law.READ_JACOBIAN);
            List<String> fired = List.of();
            if (x.symmetric() && !isZeroValue(j)) {
                // as ∇_S is symmetric, so is each row of ∂vec(F)/∂vec(S): vec(dS) fixes J only on symmetric directions
                Projected p = ontoSymmetric(js.get(x), x);
                j = naming.apply(p.expr());
                laws = List.of(Law.READ_JACOBIAN, Law.SYMMETRIC_JACOBIAN);
                fired = p.fired();
            }
            List<String> written = new ArrayList<>(fired);
            Expr withQuotients = QuotientNames.written(quotients, j, phases.simplifier(), written);
            if (withQuotients != j) {
                j = naming.apply(withQuotients);
                fired = written;
            }
            steps.add(Step.Phase.JACOBIAN, new Lhs.Jacobian(name, x.name(), vectorF, x.shape().isColumn()), j, laws, Note.NONE, Stage.WHOLE, fired);
            out.put(x.name(), j);
        }
        return out;
    }

    record Projected(Expr expr, List<String> fired) {}

    /**
     * J (I + K)/2, a Jacobian (or Hessian) in vec(S) of a symmetric S projected onto the symmetric directions, which
     * alone fix it; written as (J + JK)/2 where the simplifier finds that shorter (kron(aᵀ, I)K is kron(I, aᵀ)), with
     * the rules the form kept fired (each form simplified in a session of its own).
     */
    Projected ontoSymmetric(Expr j, Var s) {
        Expr k = Vectorize.commutation(s.shape());
        Simplifier.Session factored = phases.simplifier().shortest(), distributed = phases.simplifier().shortest();
        Expr f = factored.apply(mul(j, div(add(eye(k.shape().rows()), k), num(2))));
        Expr d = distributed.apply(div(add(j, mul(j, k)), num(2)));
        return factored.shorter(f, d) == f ? new Projected(f, factored.drainFired()) : new Projected(d, distributed.drainFired());
    }

    /** Each variable's J of vec(d) = Σ J_X vec(dX), simplified; the step that shows the sum. */
    Map<Var, Expr> vectorise(Expr d, List<Var> wrt, Lhs lhs) { return vectorise(d, wrt, lhs, Stage.WHOLE); }

    Map<Var, Expr> vectorise(Expr d, List<Var> wrt, Lhs lhs, Stage stage) {
        Simplifier.Session simplify = phases.simplifier().shortest();
        Set<Law> laws = new LinkedHashSet<>();
        Map<Var, Expr> out = new LinkedHashMap<>();
        List<Expr> terms = new ArrayList<>();
        for (Var x : wrt) {
            Vectorize.Result r = Vectorize.of(d, x);
            laws.addAll(r.laws());
            Expr j = simplify.apply(r.jacobian());
            out.put(x, j);
            if (!isZeroValue(j)) terms.add(mul(j, vecOf(diff(x))));
        }
        Expr vectorised = terms.isEmpty() ? zeros(vecShape(d)) : add(terms);
        // a vector's differential A dx is already in the form, and vec(0) is 0: no step to show; nor one that only writes
        // dh = db as dh = I db, which no law makes and the Jacobian's read-off shows
        List<String> fired = simplify.drainFired();
        if (vectorised != d && !isZeroValue(d) && !(laws.isEmpty() && fired.isEmpty()))
            steps.add(Step.Phase.VECTORISE, lhs, vectorised, List.copyOf(laws), Note.NONE, stage, fired);
        return out;
    }

    /** A differential that came out 0 has the shape of what it is the differential of. */
    static Expr inShape(Expr d, dev.matdiff.expr.Shape shape) { return isZeroValue(d) && !d.shape().equals(shape) ? zeros(shape) : d; }

    private static Expr vecOf(Expr e) { return e.shape().isColumn() ? e : fn("vec", e); }

    private static dev.matdiff.expr.Shape vecShape(Expr e) {
        return dev.matdiff.expr.Shape.vector(dev.matdiff.expr.Dims.times(e.shape().rows(), e.shape().cols()));
    }
}
