package dev.matdiff.calculus;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Var;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.shapes.Program;
import dev.matdiff.simplify.Rules;
import dev.matdiff.simplify.Simplifier;
import dev.matdiff.syntax.MatDiffException;
import dev.matdiff.syntax.Pos;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.matdiff.expr.Exprs.*;

/**
 * Differentiates an objective the way Chen 2023 does by hand: apply the laws of differentials,
 * wrap the result in a trace and move each dX to the right, read off G from df = Σ Tr(Gᵀ dX).
 */
public final class Deriver {

    /** Differential passes printed one by one; deeper objectives print the rest as one step. */
    static final int MAX_PRINTED_PASSES = 40;
    /** Above this many terms the per-term trace line is skipped (the collected line is kept). */
    static final int MAX_PRINTED_TERMS = 12;

    private final Program program;
    private final List<Step> steps = new ArrayList<>();

    private Deriver(Program program) { this.program = program; }

    /**
     * @param objective the definition to differentiate, or null for the program's last one
     * @param wrt       variables (declared symbols, or definitions, which then count as independent)
     */
    public static Derivation derive(Program program, String objective, List<String> wrt) {
        return new Deriver(program).run(program.objective(objective), wrt);
    }

    private Derivation run(Named objective, List<String> wrtNames) {
        if (!objective.shape().isScalar())
            throw new MatDiffException("the objective " + objective.name() + " is " + objective.shape()
                    + ", not a scalar: matdiff differentiates scalar functions", program.position(objective.name()));
        Map<String, Named> asVariables = new LinkedHashMap<>();
        List<Var> wrt = resolve(wrtNames, asVariables);
        Expr body = asVariables.isEmpty() ? objective.body() : cutAt(objective.body(), asVariables);
        String name = objective.name();
        String df = "d" + name;

        Dependence dependence = new Dependence(Set.copyOf(wrt));
        Map<String, Expr> gradients = new LinkedHashMap<>();
        if (!dependence.varies(body)) {
            steps.add(new Step(Step.Phase.DIFFERENTIALS, df, ZERO, List.of(Law.D_CONSTANT), "the objective does not depend on " + String.join(", ", wrtNames)));
            for (Var v : wrt) gradients.put(v.name(), Rules.zeroOf(v.shape()));
        } else {
            Expr differential = applyLawsOfDifferentials(body, dependence, df, constantsNote(body, wrt));
            Map<Var, Expr> g = moveDifferentialsRight(differential, df);
            for (Var v : wrt) {
                Expr gradient = g.containsKey(v) ? g.get(v) : Rules.zeroOf(v.shape());
                if (v.symmetric()) {
                    gradient = Simplifier.simplify(div(add(gradient, transpose(gradient)), num(2)));
                    steps.add(new Step(Step.Phase.GRADIENT, "∇_" + v.name() + " " + name, gradient, List.of(Law.READ_OFF, Law.SYMMETRIC), ""));
                } else {
                    steps.add(new Step(Step.Phase.GRADIENT, "∇_" + v.name() + " " + name, gradient, List.of(Law.READ_OFF), ""));
                }
                gradients.put(v.name(), gradient);
            }
        }
        return new Derivation(name, objective.body(), wrt, steps, gradients);
    }

    private Expr applyLawsOfDifferentials(Expr body, Dependence dependence, String lhs, String note) {
        Differentials differentials = new Differentials(dependence);
        Expr e = diff(body);
        if (!Differentials.pending(e)) steps.add(new Step(Step.Phase.DIFFERENTIALS, lhs, e, List.of(), note));
        Set<Law> unprinted = new LinkedHashSet<>();
        int passes = 0;
        while (Differentials.pending(e)) {
            Differentials.Pass pass = differentials.pass(e);
            passes++;
            e = pass.result() == null ? ZERO : Simplifier.simplify(pass.result());
            unprinted.addAll(pass.laws());
            boolean last = !Differentials.pending(e);
            if (passes <= MAX_PRINTED_PASSES || last) {
                String words = passes == 1 ? note : passes > MAX_PRINTED_PASSES ? (passes - MAX_PRINTED_PASSES) + " more passes of the same laws" : "";
                steps.add(new Step(Step.Phase.DIFFERENTIALS, lhs, e, List.copyOf(unprinted), words));
                unprinted.clear();
            }
        }
        return e;
    }

    private Map<Var, Expr> moveDifferentialsRight(Expr df, String lhs) {
        List<Expr> terms = Exprs.is(df, Op.ADD) ? df.children() : List.of(df);
        if (terms.size() > 1 && terms.size() <= MAX_PRINTED_TERMS) {
            List<Expr> traces = new ArrayList<>();
            Set<Law> laws = new LinkedHashSet<>(List.of(Law.TR_SCALAR));
            for (Expr term : terms) {
                Adjoint.Result r = Adjoint.of(term);
                laws.addAll(r.laws());
                r.gradients().forEach((v, g) -> traces.add(traceForm(Simplifier.simplify(g), v)));
            }
            laws.remove(Law.TR_SUM);
            steps.add(new Step(Step.Phase.TRACE, lhs, add(traces), List.copyOf(laws), ""));
        }
        Adjoint.Result total = Adjoint.of(df);
        Map<Var, Expr> gradients = new LinkedHashMap<>();
        List<Expr> traces = new ArrayList<>();
        total.gradients().forEach((v, g) -> {
            Expr simple = Simplifier.simplify(g);
            gradients.put(v, simple);
            traces.add(traceForm(simple, v));
        });
        Set<Law> laws = new LinkedHashSet<>();
        if (terms.size() > 1 && terms.size() <= MAX_PRINTED_TERMS) laws.add(Law.TR_SUM);
        else { laws.add(Law.TR_SCALAR); laws.addAll(total.laws()); }
        Expr collected = add(traces);
        Step previous = steps.get(steps.size() - 1);
        if (!collected.equals(previous.expr())) steps.add(new Step(Step.Phase.TRACE, lhs, collected, List.copyOf(laws), ""));
        return gradients;
    }

    /** tr(Gᵀ dX), with Gᵀ simplified so it reads as the textbook's row: tr((Xw − y)ᵀ X dw). */
    private static Expr traceForm(Expr g, Var v) {
        return tr(mul(Simplifier.simplify(transpose(g)), diff(v)));
    }

    private List<Var> resolve(List<String> names, Map<String, Named> asVariables) {
        if (names.isEmpty()) throw new MatDiffException("say which variables to differentiate with respect to (--wrt X)", Pos.NONE);
        List<Var> out = new ArrayList<>();
        for (String n : names) {
            Var v = program.variables().get(n);
            if (v == null && program.definitions().containsKey(n)) {
                Named def = program.definitions().get(n);
                v = Exprs.var(n, def.shape(), def.shape().isScalar() ? dev.matdiff.expr.VarKind.SCALAR
                        : def.shape().isColumn() ? dev.matdiff.expr.VarKind.VECTOR : dev.matdiff.expr.VarKind.MATRIX, false);
                asVariables.put(n, def);
            } else if (v == null) {
                throw new MatDiffException("there is no variable '" + n + "' to differentiate with respect to"
                        + (program.variables().isEmpty() ? "" : " (declared: " + String.join(", ", program.variables().keySet()) + ")"), Pos.NONE);
            } else if (v.constant()) {
                throw new MatDiffException("'" + n + "' is declared constant, so it is not differentiated", program.position(n));
            }
            if (!out.contains(v)) out.add(v);
        }
        return out;
    }

    /** The objective with the named intermediates replaced by variables of the same name. */
    private static Expr cutAt(Expr e, Map<String, Named> cuts) {
        return substitute(e, cuts, new IdentityHashMap<>());
    }

    private static Expr substitute(Expr e, Map<String, Named> cuts, Map<Expr, Expr> done) {
        Expr seen = done.get(e);
        if (seen != null) return seen;
        Expr out = e;
        if (e instanceof Named n) {
            if (cuts.get(n.name()) == n) {
                out = Exprs.var(n.name(), n.shape(), n.shape().isScalar() ? dev.matdiff.expr.VarKind.SCALAR
                        : n.shape().isColumn() ? dev.matdiff.expr.VarKind.VECTOR : dev.matdiff.expr.VarKind.MATRIX, false);
            } else {
                Expr body = substitute(n.body(), cuts, done);
                out = body == n.body() ? n : Exprs.named(n.name(), body);
            }
        } else if (e instanceof Node n) {
            List<Expr> args = new ArrayList<>();
            boolean changed = false;
            for (Expr a : n.args()) {
                Expr s = substitute(a, cuts, done);
                changed |= s != a;
                args.add(s);
            }
            out = changed ? Exprs.rebuild(n, args) : n;
        }
        done.put(e, out);
        return out;
    }

    /** "X, y constant": the symbols the objective uses that are not differentiated. */
    private static String constantsNote(Expr body, List<Var> wrt) {
        Set<String> names = new LinkedHashSet<>();
        collectVariables(body, names, new IdentityHashMap<>());
        for (Var v : wrt) names.remove(v.name());
        return names.isEmpty() ? "" : String.join(", ", names) + " constant";
    }

    private static void collectVariables(Expr e, Set<String> out, Map<Expr, Boolean> seen) {
        if (seen.put(e, Boolean.TRUE) != null) return;
        if (e instanceof Var v) out.add(v.name());
        for (Expr c : e.children()) collectVariables(c, out, seen);
    }
}
