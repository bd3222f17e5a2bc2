package dev.matdiff.calculus;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Temporaries;
import dev.matdiff.shapes.Assumption;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The result of differentiating an objective: the steps a reader follows and, for each variable,
 * the gradient G of df = Σ Tr(Gᵀ dX), in the shape of X.
 *
 * @param objectiveName the objective's name ("L"), used in "dL" and "∇_w L"
 * @param objective     the objective's defining expression (intermediates asked for in wrt stand as variables in it)
 * @param wrt           the variables, in the order asked for
 * @param steps         the derivation, in order
 * @param gradients     variable name to gradient expression, in the order of wrt
 * @param assumptions   the program's assumptions the derivation may have used: numbers it is evaluated at must satisfy them
 */
public record Derivation(String objectiveName, Expr objective, List<Expr.Var> wrt, List<Step> steps,
                         Map<String, Expr> gradients, List<Assumption> assumptions) {

    public Derivation {
        wrt = List.copyOf(wrt);
        steps = List.copyOf(steps);
        gradients = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(gradients));
        assumptions = List.copyOf(assumptions);
    }

    /** A derivation of a program that assumes nothing. */
    public Derivation(String objectiveName, Expr objective, List<Expr.Var> wrt, List<Step> steps, Map<String, Expr> gradients) {
        this(objectiveName, objective, wrt, steps, gradients, List.of());
    }

    /** ∇_name f; throws if name was not among the variables differentiated against. */
    public Expr gradient(String name) {
        Expr g = gradients.get(name);
        if (g == null) throw new NoSuchElementException("no gradient with respect to " + name + " was derived");
        return g;
    }

    /** The objective, then every gradient: what evaluating and checking a derivation reads. */
    public List<Expr> objectiveAndGradients() {
        List<Expr> all = new java.util.ArrayList<>();
        all.add(objective);
        all.addAll(gradients.values());
        return all;
    }

    /** The gradients keyed by their variables, in the order of wrt. */
    public Map<Expr.Var, Expr> gradientsByVariable() {
        Map<Expr.Var, Expr> out = new LinkedHashMap<>();
        for (Expr.Var v : wrt) out.put(v, gradient(v.name()));
        return out;
    }

    /**
     * Names for the parts that the derivation's long expressions would print more than once (see
     * {@link Temporaries}): every printer of a derivation prints its steps and gradients with them.
     */
    public Temporaries temporaries() {
        Set<String> taken = new HashSet<>(gradients.keySet());
        taken.add(objectiveName);
        for (Expr e : Dag.postOrder(List.of(objective))) {
            if (e instanceof Expr.Var v) taken.add(v.name());
            if (e instanceof Expr.Named n) taken.add(n.name());
        }
        Temporaries t = new Temporaries(taken);
        for (Step s : steps) t.nameRepeatsIn(s.expr());
        for (Expr g : gradients.values()) t.nameRepeatsIn(g);
        return t;
    }

    /** Every law the derivation cites, in order of first use. */
    public List<Law> lawsUsed() {
        return steps.stream().flatMap(s -> s.laws().stream()).distinct().toList();
    }
}
