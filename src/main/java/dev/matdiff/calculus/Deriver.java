package dev.matdiff.calculus;

import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Var;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.Substitution;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.expr.VarKind;
import dev.matdiff.shapes.Program;
import dev.matdiff.simplify.Rules;
import dev.matdiff.simplify.Simplifier;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;

import java.util.ArrayList;
import java.util.HashSet;
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
 * In {@link Mode#STAGED} a program's named intermediates are layers: the derivation goes through
 * them one at a time (L → ∇h2 → ∇z1 → ∇h1 → ∇W1), as backpropagation does.
 */
public final class Deriver {

    public enum Mode {
        /** One derivation of the whole objective. */
        EXPANDED,
        /** A stage per named intermediate the objective varies through (the same as EXPANDED when there is none). */
        STAGED
    }

    /** Differential passes printed one by one; deeper objectives print the rest as one step. */
    static final int MAX_PRINTED_PASSES = 40;
    /** Above this many terms the per-term trace line is skipped (the collected line is kept). */
    static final int MAX_PRINTED_TERMS = 12;

    private final Program program;
    private final List<Step> steps = new ArrayList<>();

    private Deriver(Program program) { this.program = program; }

    public static Derivation derive(Program program, String objective, List<String> wrt) {
        return derive(program, objective, wrt, Mode.STAGED);
    }

    /**
     * @param objective the definition to differentiate, or null for the program's last one
     * @param wrt       variables (declared symbols, or definitions, which then count as independent)
     */
    public static Derivation derive(Program program, String objective, List<String> wrt, Mode mode) {
        return new Deriver(program).run(program.objective(objective), wrt, mode);
    }

    private Derivation run(Named objective, List<String> wrtNames, Mode mode) {
        if (!objective.shape().isScalar())
            throw new MatDiffException("the objective " + objective.name() + " is " + objective.shape()
                    + ", not a scalar: matdiff differentiates scalar functions", program.position(objective.name()));
        Map<String, Named> cuts = new LinkedHashMap<>();
        List<Var> wrt = resolve(wrtNames, cuts);
        Expr body = cuts.isEmpty() ? objective.body() : cutAt(objective.body(), cuts);
        String name = objective.name();
        Dependence dependence = new Dependence(Set.copyOf(wrt));

        Map<Var, Expr> raw;
        if (!dependence.varies(body)) {
            steps.add(new Step(Step.Phase.DIFFERENTIALS, "d" + name, ZERO, List.of(Law.D_CONSTANT),
                    "the objective does not depend on " + String.join(", ", wrtNames)));
            raw = Map.of();
        } else {
            List<Named> layers = mode == Mode.STAGED ? layers(body, dependence) : List.of();
            raw = layers.isEmpty()
                    ? part(body, new Dependence(Set.copyOf(wrt)), "d" + name, "", constantsNote(body, wrt))
                    : staged(name, body, wrt, layers);
        }
        Map<String, Expr> gradients = new LinkedHashMap<>();
        String stage = steps.get(steps.size() - 1).stage().isEmpty() ? "" : "Result";
        for (Var v : wrt) {
            Expr g = raw.containsKey(v) ? raw.get(v) : Rules.zeroOf(v.shape());
            List<Law> laws = List.of(Law.READ_OFF);
            if (v.symmetric()) {
                g = Simplifier.shortest().apply(div(add(g, transpose(g)), num(2)));
                laws = List.of(Law.READ_OFF, Law.SYMMETRIC);
            }
            steps.add(new Step(Step.Phase.GRADIENT, "∇_" + v.name() + " " + name, g, laws, "", stage));
            gradients.put(v.name(), g);
        }
        return new Derivation(name, body, wrt, steps, gradients);
    }

    /** One derivation: the laws of differentials, then the trace step; the gradients of the leaves that vary. */
    private Map<Var, Expr> part(Expr body, Dependence dependence, String lhs, String stage, String note) {
        Expr df = applyLawsOfDifferentials(body, dependence, lhs, stage, note);
        return moveDifferentialsRight(df, lhs, stage);
    }

    // ---- staged: backpropagation through named intermediates

    /**
     * The layers are the named intermediates the objective varies through, consumers first. Each
     * stage differentiates one definition, seeded with its gradient symbol ∇h, and sends the
     * gradients of what it reads to the stages below (Mishachev's Δi = (Wi+1ᵀ Δi+1) ∘ Σ'i).
     */
    private Map<Var, Expr> staged(String name, Expr body, List<Var> wrt, List<Named> layers) {
        Map<String, Named> cut = new LinkedHashMap<>();
        Map<Named, Var> asVariable = new LinkedHashMap<>();
        Map<Var, Var> symbolOf = new LinkedHashMap<>();
        for (Named h : layers) {
            cut.put(h.name(), h);
            Var v = variableFor(h.name(), h.shape(), false);
            asVariable.put(h, v);
            symbolOf.put(v, variableFor("∇" + h.name(), h.shape(), true));
        }
        Set<Var> leaves = new HashSet<>(wrt);
        leaves.addAll(asVariable.values());
        Map<Var, List<Expr>> flowing = new LinkedHashMap<>();

        String lhs = "d" + name;
        Expr top = cutAt(body, cut);
        collect(flowing, part(top, new Dependence(leaves), lhs, name + " = " + TextPrinter.print(body), constantsNote(top, leaves)));

        // the final gradients name the program's own intermediates, not the stand-ins of the stages
        Map<Expr, Expr> expansion = new IdentityHashMap<>();
        asVariable.forEach((h, v) -> expansion.put(v, h));
        for (Named h : layers) {
            Var hv = asVariable.get(h), symbol = symbolOf.get(hv);
            String stage = h.name() + " = " + TextPrinter.print(h.body());
            List<Expr> arriving = flowing.remove(hv);
            if (arriving == null) continue;  // the objective, once simplified, does not go through h
            Expr incoming = Simplifier.simplify(add(arriving));
            expansion.put(symbol, incoming);
            steps.add(new Step(Step.Phase.INCOMING, symbol.name(), incoming, List.of(Law.READ_OFF), "", stage));
            Named local = Exprs.named(h.name(), cutAt(h.body(), cut));
            expansion.put(local, h);
            Expr seeded = Exprs.tr(mul(transpose(symbol), local));
            steps.add(new Step(Step.Phase.DIFFERENTIALS, lhs, tr(mul(transpose(symbol), diff(hv))), List.of(), "", stage));
            // each stage asks of its own few nodes: one memo for all would grow with the depth and fall out of the cache
            collect(flowing, part(seeded, new Dependence(leaves), lhs, stage, ""));
        }
        Map<Var, Expr> out = new LinkedHashMap<>();
        java.util.function.UnaryOperator<Expr> simplify = Simplifier.shortest();
        Substitution expanded = expansionOf(expansion, simplify);
        for (Var v : wrt) {
            List<Expr> parts = flowing.get(v);
            if (parts == null) continue;
            Expr symbolic = simplify.apply(add(parts));
            steps.add(new Step(Step.Phase.GRADIENT, "∇" + v.name(), symbolic, List.of(Law.READ_OFF), "", "Result"));
            out.put(v, simplify.apply(expanded.apply(symbolic)));
        }
        return out;
    }

    private static void collect(Map<Var, List<Expr>> flowing, Map<Var, Expr> gradients) {
        gradients.forEach((v, g) -> flowing.computeIfAbsent(v, k -> new ArrayList<>()).add(g));
    }

    /**
     * Replaces each gradient symbol ∇h (and each stand-in of an intermediate) by what it stands for,
     * simplified stage by stage: ∇h2 = (1 − z2²) ⊙ ∇z2 with ∇z2 = 2(z2 − y) becomes 2((1 − z2²) ⊙ (z2 − y))
     * before the stage below reads it, rather than every stage's unsimplified form being built and
     * then rebuilt once the whole chain is simplified.
     */
    private static Substitution expansionOf(Map<Expr, Expr> meaning, java.util.function.UnaryOperator<Expr> simplify) {
        Substitution[] self = new Substitution[1];
        self[0] = new Substitution(e -> {
            Expr m = meaning.get(e);
            return m == null ? null : m instanceof Named ? m : simplify.apply(self[0].apply(m));
        });
        return self[0];
    }

    /** Named intermediates that vary, consumers before producers. */
    private static List<Named> layers(Expr body, Dependence dependence) {
        List<Named> postOrder = new ArrayList<>();
        visitNamed(body, dependence, postOrder, new IdentityHashMap<>());
        List<Named> out = new ArrayList<>();
        for (int i = postOrder.size() - 1; i >= 0; i--) out.add(postOrder.get(i));
        return out;
    }

    private static void visitNamed(Expr e, Dependence dependence, List<Named> postOrder, Map<Expr, Boolean> seen) {
        if (seen.put(e, Boolean.TRUE) != null || !dependence.varies(e)) return;
        for (Expr c : e.children()) visitNamed(c, dependence, postOrder, seen);
        if (e instanceof Named n) postOrder.add(n);
    }

    // ---- the two phases of one derivation

    private Expr applyLawsOfDifferentials(Expr body, Dependence dependence, String lhs, String stage, String note) {
        Differentials differentials = new Differentials(dependence);
        Expr e = diff(body);
        if (!Differentials.pending(e)) steps.add(new Step(Step.Phase.DIFFERENTIALS, lhs, e, List.of(), note, stage));
        Set<Law> unprinted = new LinkedHashSet<>();
        int passes = 0;
        java.util.function.UnaryOperator<Expr> simplify = Simplifier.shared();
        while (Differentials.pending(e)) {
            Differentials.Pass pass = passes < MAX_PRINTED_PASSES ? differentials.pass(e) : differentials.complete(e);
            passes++;
            e = pass.result() == null ? ZERO : pass.result();
            unprinted.addAll(pass.laws());
            boolean last = !Differentials.pending(e);
            // only the printed steps (and the last) need simplifying: a 1,000-layer objective stays linear
            if (passes <= MAX_PRINTED_PASSES || last) e = simplify.apply(e);
            if (passes <= MAX_PRINTED_PASSES || last) {
                String words = passes == 1 ? note : passes > MAX_PRINTED_PASSES ? "the same laws, applied to the end" : "";
                steps.add(new Step(Step.Phase.DIFFERENTIALS, lhs, e, List.copyOf(unprinted), words, stage));
                unprinted.clear();
            }
        }
        return e;
    }

    private Map<Var, Expr> moveDifferentialsRight(Expr df, String lhs, String stage) {
        // one simplifier for every row form: the gradients share most of their nodes
        java.util.function.UnaryOperator<Expr> rows = Simplifier.shared();
        List<Expr> terms = terms(df);
        boolean perTerm = terms.size() > 1 && terms.size() <= MAX_PRINTED_TERMS;
        if (perTerm) {
            List<Expr> traces = new ArrayList<>();
            Set<Law> laws = new LinkedHashSet<>(List.of(Law.TR_SCALAR));
            for (Expr term : terms) {
                Adjoint.Result r = Adjoint.of(term);
                laws.addAll(r.laws());
                r.gradients().forEach((v, g) -> traces.add(traceForm(rows.apply(transpose(rows.apply(g))), v)));
            }
            laws.remove(Law.TR_SUM);
            steps.add(new Step(Step.Phase.TRACE, lhs, add(traces), List.copyOf(laws), "", stage));
        }
        Adjoint.Result total = Adjoint.of(df);
        Map<Var, Expr> gradients = new LinkedHashMap<>();
        List<Expr> traces = new ArrayList<>();
        java.util.function.UnaryOperator<Expr> simplify = Simplifier.shortest();
        total.gradients().forEach((v, g) -> {
            Expr simple = simplify.apply(g);
            gradients.put(v, simple);
            traces.add(traceForm(rows.apply(transpose(simple)), v));
        });
        Set<Law> laws = new LinkedHashSet<>();
        if (perTerm) laws.add(Law.TR_SUM);
        else { laws.add(Law.TR_SCALAR); laws.addAll(total.laws()); }
        Expr collected = traces.isEmpty() ? ZERO : add(traces);
        if (!collected.equals(steps.get(steps.size() - 1).expr()))
            steps.add(new Step(Step.Phase.TRACE, lhs, collected, List.copyOf(laws), "", stage));
        return gradients;
    }

    /** The terms of df as a reader sees them: −(a + b) is the two terms −a and −b. */
    private static List<Expr> terms(Expr df) {
        if (Exprs.is(df, Op.ADD)) return df.children();
        if (Exprs.is(df, Op.NEG) && Exprs.is(Exprs.arg(df, 0), Op.ADD))
            return Exprs.arg(df, 0).children().stream().map(Exprs::neg).toList();
        return List.of(df);
    }

    /** tr(Gᵀ dX) from the row Gᵀ, simplified so it reads as the textbook's: tr((Xw − y)ᵀ X dw). */
    private static Expr traceForm(Expr row, Var v) {
        return tr(mul(row, diff(v)));
    }

    // ---- variables

    private List<Var> resolve(List<String> names, Map<String, Named> cuts) {
        if (names.isEmpty()) throw new MatDiffException("no variables to differentiate with respect to were given", Pos.NONE);
        Set<Var> out = new LinkedHashSet<>();
        for (String n : names) {
            Var v = program.variables().get(n);
            if (v == null && program.definitions().containsKey(n)) {
                Named def = program.definitions().get(n);
                v = variableFor(n, def.shape(), false);
                cuts.put(n, def);
            } else if (v == null) {
                throw new MatDiffException("there is no variable '" + n + "' to differentiate with respect to"
                        + (program.variables().isEmpty() ? "" : " (declared: " + String.join(", ", program.variables().keySet()) + ")"), Pos.NONE);
            } else if (v.constant()) {
                throw new MatDiffException("'" + n + "' is declared constant, so it is not differentiated", program.position(n));
            }
            out.add(v);
        }
        return new ArrayList<>(out);
    }

    /** A variable standing for an intermediate (or its gradient symbol), of the same shape. */
    private static Var variableFor(String name, Shape shape, boolean constant) {
        VarKind kind = shape.isScalar() ? VarKind.SCALAR : shape.isColumn() ? VarKind.VECTOR : VarKind.MATRIX;
        return Exprs.var(name, shape, kind, constant);
    }

    /** The expression with the named intermediates in {@code cuts} replaced by variables of the same name. */
    private static Expr cutAt(Expr e, Map<String, Named> cuts) {
        return Substitution.apply(e, x -> x instanceof Named n && cuts.get(n.name()) == n ? variableFor(n.name(), n.shape(), false) : null);
    }

    /** "X, y constant": the symbols the objective uses that are not differentiated. */
    private static String constantsNote(Expr body, java.util.Collection<Var> wrt) {
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
