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
 * @param gradients     variable name to gradient expression, in the order of wrt (a scalar objective)
 * @param assumptions   the program's assumptions the derivation may have used: numbers it is evaluated at must satisfy them
 * @param higher        what was derived beyond the gradients: the Jacobians of a vector or matrix objective, Hessians,
 *                      Hessian-vector products; empty for a plain gradient derivation
 * @param wholes        when intermediates are asked for together with what they depend on (variables, or other
 *                      intermediates asked for): the objectives with fewer intermediates made variables, which those
 *                      (total) gradients are of, each with its variables; else empty
 * @param programNames  every name the program gives (symbols, definitions, other objectives), which the names of a
 *                      printed "where" must not take; empty where no program is known
 */
public record Derivation(String objectiveName, Expr objective, List<Expr.Var> wrt, List<Step> steps,
                         Map<String, Expr> gradients, List<Assumption> assumptions, Higher higher, List<Whole> wholes,
                         Set<String> programNames) {

    /** An objective with fewer intermediates cut than {@link #objective}, and the variables whose gradients are of it. */
    public record Whole(Expr objective, List<String> variables) {}

    /** An objective and gradients of it, which finite differences can compare. */
    public record GradientGroup(Expr objective, Map<Expr.Var, Expr> gradients) {}

    public Derivation(String objectiveName, Expr objective, List<Expr.Var> wrt, List<Step> steps,
                      Map<String, Expr> gradients, List<Assumption> assumptions, Higher higher) {
        this(objectiveName, objective, wrt, steps, gradients, assumptions, higher, List.of(), Set.of());
    }

    /**
     * The derivatives beyond the gradient, each keyed by variable name: J with vec(dF) = J vec(dX);
     * H with d²f = vec(dX)ᵀ H vec(dX); ∇²f[V], the Hessian applied to the direction V (of X's shape);
     * and, when asked for, each gradient in numerator layout, ∂f/∂X = (∇_X f)ᵀ.
     */
    public record Higher(Map<String, Expr> jacobians, Map<String, Expr> hessians, Map<String, Expr> hessianVectorProducts,
                         Map<String, Expr.Var> directions, Map<String, Expr> numerator) {
        public static final Higher NONE = new Higher(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

        public Higher {
            jacobians = frozen(jacobians);
            hessians = frozen(hessians);
            hessianVectorProducts = frozen(hessianVectorProducts);
            directions = frozen(directions);
            numerator = frozen(numerator);
        }

        static Higher jacobians(Map<String, Expr> jacobians) { return new Higher(jacobians, Map.of(), Map.of(), Map.of(), Map.of()); }

        Higher withNumerator(Map<String, Expr> n) { return new Higher(jacobians, hessians, hessianVectorProducts, directions, n); }

        private static <V> Map<String, V> frozen(Map<String, V> m) { return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m)); }
    }

    /**
     * One result a derivation ends with, as printers show it.
     *
     * @param kind     "gradient", "jacobian", "hessian" or "hessian_vector_product"
     * @param variable the variable it is with respect to
     */
    public record Result(String kind, String variable, Lhs lhs, Expr expr) {
        /** The JSON section results of a kind are listed in, by variable: "gradients", "jacobians", "hessians", … */
        public static String section(String kind) { return kind + "s"; }
    }

    /**
     * What the derivation found, in order: the gradients (in numerator layout when it was asked
     * for), or the Jacobians of a vector or matrix objective; then Hessians and Hessian-vector products.
     */
    public List<Result> results() {
        List<Result> out = new java.util.ArrayList<>();
        boolean numerator = !higher.numerator().isEmpty();
        for (Expr.Var x : wrt) {
            String v = x.name();
            if (numerator && higher.numerator().containsKey(v))
                out.add(new Result("gradient", v, new Lhs.Numerator(objectiveName, v), higher.numerator().get(v)));
            else if (gradients.containsKey(v)) out.add(new Result("gradient", v, new Lhs.Gradient(objectiveName, v), gradients.get(v)));
            if (higher.jacobians().containsKey(v))
                out.add(new Result("jacobian", v, new Lhs.Jacobian(objectiveName, v, objective.shape().isColumn(), x.shape().isColumn()),
                        higher.jacobians().get(v)));
        }
        for (Expr.Var x : wrt)
            if (higher.hessians().containsKey(x.name()))
                out.add(new Result("hessian", x.name(), new Lhs.Hessian(objectiveName, x.name()), higher.hessians().get(x.name())));
        for (Expr.Var x : wrt)
            if (higher.hessianVectorProducts().containsKey(x.name()))
                out.add(new Result("hessian_vector_product", x.name(),
                        new Lhs.HessianVectorProduct(objectiveName, x.name(), direction(x.name()).name()),
                        higher.hessianVectorProducts().get(x.name())));
        return out;
    }

    public Derivation {
        wrt = List.copyOf(wrt);
        steps = List.copyOf(steps);
        gradients = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(gradients));
        assumptions = List.copyOf(assumptions);
        wholes = List.copyOf(wholes);
    }

    public Derivation(String objectiveName, Expr objective, List<Expr.Var> wrt, List<Step> steps, Map<String, Expr> gradients,
                      List<Assumption> assumptions) {
        this(objectiveName, objective, wrt, steps, gradients, assumptions, Higher.NONE);
    }

    /** A derivation of a program that assumes nothing. */
    public Derivation(String objectiveName, Expr objective, List<Expr.Var> wrt, List<Step> steps, Map<String, Expr> gradients) {
        this(objectiveName, objective, wrt, steps, gradients, List.of());
    }

    /** The same derivation with only the steps that state its results: what --no-steps shows in JSON and LaTeX. */
    public Derivation resultsOnly() {
        java.util.Set<Lhs> shown = new java.util.HashSet<>();
        for (Result r : results()) shown.add(r.lhs());
        List<Step> kept = steps.stream().filter(s -> s.lhs() instanceof Lhs.Gradient || shown.contains(s.lhs())).toList();
        return new Derivation(objectiveName, objective, wrt, kept, gradients, assumptions, higher, wholes, programNames);
    }

    /** ∂vec(F)/∂vec(X) for a vector or matrix objective F; throws if none was derived for name. */
    public Expr jacobian(String name) { return found(higher.jacobians(), name, "Jacobian"); }

    /** The Hessian H of a scalar objective with respect to name: d²f = vec(dX)ᵀ H vec(dX). */
    public Expr hessian(String name) { return found(higher.hessians(), name, "Hessian"); }

    /** ∇²f[V]: the Hessian applied to the direction {@link #direction}(name), a matrix of name's shape. */
    public Expr hessianVectorProduct(String name) { return found(higher.hessianVectorProducts(), name, "Hessian-vector product"); }

    /** The direction V a Hessian-vector product is applied to. */
    public Expr.Var direction(String name) {
        Expr.Var v = higher.directions().get(name);
        if (v == null) throw new NoSuchElementException("no Hessian-vector product with respect to " + name + " was derived");
        return v;
    }

    /** Whether the objective is a vector or a matrix, which has Jacobians rather than gradients. */
    public boolean isJacobian() { return !higher.jacobians().isEmpty() || !objective.shape().isScalar(); }

    /** Whether anything beyond the gradients was derived: Jacobians, Hessians or Hessian-vector products. */
    public boolean hasHigher() {
        return !higher.jacobians().isEmpty() || !higher.hessians().isEmpty() || !higher.hessianVectorProducts().isEmpty();
    }

    private static Expr found(Map<String, Expr> m, String name, String what) {
        Expr e = m.get(name);
        if (e == null) throw new NoSuchElementException("no " + what + " with respect to " + name + " was derived");
        return e;
    }

    /** ∇_name f; throws if name was not among the variables differentiated against. */
    public Expr gradient(String name) {
        Expr g = gradients.get(name);
        if (g == null) throw new NoSuchElementException("no gradient with respect to " + name + " was derived");
        return g;
    }

    /** The objective, then every derivative: what evaluating and checking a derivation reads. */
    public List<Expr> objectiveAndGradients() {
        List<Expr> all = new java.util.ArrayList<>();
        all.add(objective);
        for (Whole w : wholes) all.add(w.objective());
        all.addAll(gradients.values());
        all.addAll(higher.jacobians().values());
        all.addAll(higher.hessians().values());
        all.addAll(higher.hessianVectorProducts().values());
        all.addAll(higher.numerator().values());
        return all;
    }

    /**
     * The gradients with the objective each is of: one group, or more when intermediates were asked for with
     * what they depend on (those gradients are totals, of the objectives in {@link #wholes}).
     */
    public List<GradientGroup> gradientGroups() {
        Map<Expr.Var, Expr> cut = new LinkedHashMap<>();
        gradientsByVariable().forEach((v, g) -> { if (objectiveOf(v.name()) == objective) cut.put(v, g); });
        List<GradientGroup> out = new java.util.ArrayList<>(List.of(new GradientGroup(objective, cut)));
        for (Whole w : wholes) {
            Map<Expr.Var, Expr> total = new LinkedHashMap<>();
            gradientsByVariable().forEach((v, g) -> { if (w.variables().contains(v.name())) total.put(v, g); });
            out.add(new GradientGroup(w.objective(), total));
        }
        return out;
    }

    /** The objective that the derivative with respect to this variable is of: {@link #objective}, or one of {@link #wholes}. */
    public Expr objectiveOf(String variable) {
        for (Whole w : wholes) if (w.variables().contains(variable)) return w.objective();
        return objective;
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
        taken.addAll(programNames);
        taken.add(objectiveName);
        for (Expr e : Dag.postOrder(List.of(objective))) {
            if (e instanceof Expr.Var v) taken.add(v.name());
            if (e instanceof Expr.Named n) taken.add(n.name());
        }
        Temporaries t = new Temporaries(taken);
        // the results as printed: in numerator layout the transposed gradients alone, whose δ's the gradients share
        List<Expr> objectives = wholes.stream().map(Whole::objective).toList();
        List<Result> results = results();
        List<Expr> gradients = results.stream().filter(r -> r.kind().equals("gradient") || r.kind().equals("jacobian")).map(Result::expr).toList();
        List<Expr> printed = new java.util.ArrayList<>(objectives);
        results.forEach(r -> printed.add(r.expr()));
        // a Hessian's steps come after every gradient's
        int second = 0;
        while (second < steps.size() && !steps.get(second).phase().secondOrder()) second++;
        t.nameRepeatsInEach(steps.subList(0, second).stream().map(Step::expr).toList());
        boolean beside = second < steps.size();
        if (beside) {
            // beside a Hessian, the gradients are named first, and their lines print by those names, as they would alone
            List<Expr> firstOrder = new java.util.ArrayList<>(objectives);
            firstOrder.addAll(gradients);
            t.nameRepeatsInResults(firstOrder);
            t.printAsNamedSoFar(gradients);
            t.nameRepeatsInEach(steps.subList(second, steps.size()).stream().map(Step::expr).toList());
        }
        t.nameRepeatsInResults(printed);
        if (beside) t.printRepeatsByLaterNames(gradients);
        return t;
    }

    /** Every law the derivation cites, in order of first use. */
    public List<Law> lawsUsed() {
        return steps.stream().flatMap(s -> s.laws().stream()).distinct().toList();
    }
}
