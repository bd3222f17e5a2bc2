package dev.matdiff.calculus;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.Expr.Var;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.Substitution;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.expr.VarKind;
import dev.matdiff.shapes.Assumption;
import dev.matdiff.shapes.Program;
import dev.matdiff.simplify.Facts;
import dev.matdiff.simplify.LeadingSign;
import dev.matdiff.simplify.Rule;
import dev.matdiff.simplify.Simplifier;
import dev.matdiff.simplify.Symmetry;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;
import dev.matdiff.source.TooLargeException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
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

    /**
     * How to derive, and how much of it to print.
     *
     * @param maxPrintedPasses differential passes printed one by one; deeper objectives print the rest as one step
     * @param maxPrintedTerms  above this many terms the per-term trace line is skipped (the collected line is kept)
     * @param maxPrintedNodes  the printed passes stop one by one once their expressions have this many nodes in all
     *                         (a deep objective's passes grow with its depth: printing every one would be quadratic)
     */
    public record Options(Mode mode, int maxPrintedPasses, int maxPrintedTerms, int maxPrintedNodes, boolean hessian, boolean hvp,
                          boolean numeratorLayout, boolean vecRoute) {
        public static final Options DEFAULT = new Options(Mode.STAGED, 40, 12, 6000, false, false, false, false);

        public Options with(Mode m) { return new Options(m, maxPrintedPasses, maxPrintedTerms, maxPrintedNodes, hessian, hvp, numeratorLayout, vecRoute); }

        /** Also the Hessian (H with d²f = vec(dX)ᵀ H vec(dX)) and the Hessian-vector product, for a scalar objective. */
        public Options withSecondOrder(boolean h, boolean v) {
            return new Options(mode, maxPrintedPasses, maxPrintedTerms, maxPrintedNodes, h, v, numeratorLayout, vecRoute);
        }

        /** Also each gradient transposed, ∂f/∂X = (∇_X f)ᵀ, as texts in numerator layout write it. */
        public Options withNumeratorLayout(boolean on) {
            return new Options(mode, maxPrintedPasses, maxPrintedTerms, maxPrintedNodes, hessian, hvp, on, vecRoute);
        }

        /** A scalar objective's gradient through vec and Kronecker products, as seeds 002 and 004 derive it (see VecRoute). */
        public Options withVecRoute(boolean on) {
            return new Options(mode, maxPrintedPasses, maxPrintedTerms, maxPrintedNodes, hessian, hvp, numeratorLayout, on);
        }
    }

    private final Program program;
    private final Steps steps = new Steps();
    private final Options options;

    private Deriver(Program program, Options options) {
        this.program = program;
        this.options = options;
    }

    public static Derivation derive(Program program, String objective, List<String> wrt) {
        return derive(program, objective, wrt, Options.DEFAULT);
    }

    public static Derivation derive(Program program, String objective, List<String> wrt, Mode mode) {
        return derive(program, objective, wrt, Options.DEFAULT.with(mode));
    }

    /**
     * @param objective the definition to differentiate, or null for the program's last one
     * @param wrt       variables (declared symbols, or definitions, which then count as independent)
     */
    public static Derivation derive(Program program, String objective, List<String> wrt, Options options) {
        try {
            return new Deriver(program, options).run(program.objective(objective), wrt);
        } catch (dev.matdiff.expr.ShapeException e) {
            // a size a Hessian or Jacobian needs (vec of a 50,000×50,000 A) past what a matrix holds; where the program
            // writes one (kron(x, y)), typing has said so at its place already
            String name = program.objective(objective).name();
            throw new MatDiffException(e.getMessage() + " (in the derivation of " + name + ")", program.position(name));
        } catch (TooLargeException e) {
            // at the chain where the program wrote it, else at the definition whose body it is as read, else at the objective
            Pos chain = e instanceof TooLongChain c ? program.origin(c.chain()) : null;
            if (chain == null && e instanceof TooLongChain c && c.definition() != null) chain = program.position(c.definition().name());
            Pos at = chain != null ? chain : program.position(program.objective(objective).name());
            // a chain too long for the product rule is so in stages too; a sum's budget is what stages may stay under
            throw e instanceof TooLongChain ? new MatDiffException(e.getMessage(), at) : new TooLargeException(e.getMessage(), at);
        } catch (NoClosedForm e) {
            if (e.pos() != Pos.NONE) throw e;
            // a gradient through an operation with no adjoint in the language (convmatrix in K), or no derivative ((-2)^a in a):
            // said at the call whose arguments vary
            Named o = program.objective(objective);
            Expr call = Dag.first(o.body(), x -> x instanceof Expr.Node n && n.op() == e.op() && program.origin(x) != null
                    && Dag.any(n, v -> v instanceof Var var && wrt.contains(var.name())));
            throw new NoClosedForm(e.op(), e.getMessage(), call != null ? program.origin(call) : program.position(o.name()));
        }
    }

    private Derivation run(Named objective, List<String> wrtNames) {
        Map<String, Named> cuts = new LinkedHashMap<>();
        List<Var> wrt = resolve(wrtNames, cuts, objective.name());
        // an intermediate asked for is a plain variable: its gradient is ∂f/∂h, not one within the symmetric matrices
        Expr body = OrderAsWritten.sumsAsFirstWritten(cuts.isEmpty() ? objective.body()
                : Substitution.apply(objective.body(), x -> x instanceof Named n && cuts.get(n.name()) == n ? variableFor(n.name(), n.shape(), false) : null));
        String name = objective.name();
        Expr differential = Dag.first(body, e -> Exprs.is(e, Op.DIFF));
        if (differential != null) {
            Pos written = program.origin(differential);
            throw new MatDiffException("a differential d(…) can be written, as the steps print it, but not differentiated: "
                    + "define the objective without it", written != null ? written : program.position(name));
        }
        // what an intermediate asked for depends on gets its total derivative, from the objective with fewer cuts:
        // with that intermediate held as a variable it would be only the partial one (0 for z under o = W2*z + b2)
        List<String> underCuts = underCuts(wrt, cuts);
        Derivation total = underCuts.isEmpty() ? null
                : new Deriver(program, options.withSecondOrder(false, false).withNumeratorLayout(false)).run(objective, underCuts);
        Dependence dependence = new Dependence(Set.copyOf(wrt));
        Phases phases = new Phases(steps, options, Simplifier.assuming(facts(wrt)));
        if (!objective.shape().isScalar()) {
            if (options.hessian() || options.hvp())
                throw new MatDiffException("the objective " + objective.name() + " is " + objective.shape()
                        + ", not a scalar: a Hessian is of a scalar objective (its Jacobian is what matdiff derives)", program.position(objective.name()));
            Substitution naming = SelfName.of(program.definitions().get(name), body);
            QuotientNames quotients = cuts.isEmpty() ? QuotientNames.of(program, name, body, dependence) : null;
            Map<String, Expr> jacobians = new Jacobians(steps, phases).derive(name, body, wrt, constantsNote(body, wrt), naming::apply, quotients);
            if (total != null) {
                jacobians = new LinkedHashMap<>(jacobians);
                for (String v : underCuts) jacobians.put(v, total.jacobian(v));
                steps.append(total.steps());
            }
            return new Derivation(name, body, wrt, steps.all(), Map.of(), program.assumptions(),
                    Derivation.Higher.jacobians(jacobians), wholes(total, underCuts), programNames());
        }

        Map<Var, Expr> raw;
        Staged staged = null;
        VecRoute vecRoute = null;
        Lhs lhs = new Lhs.Differential(name);
        if (!dependence.varies(body)) {
            steps.add(Step.Phase.DIFFERENTIALS, lhs, ZERO, List.of(Law.D_CONSTANT),
                    new Note.Words("the objective does not depend on " + String.join(", ", wrtNames)), Stage.WHOLE, List.of());
            raw = Map.of();
        } else {
            List<Named> layers = options.mode() == Mode.STAGED ? Staged.layers(body, dependence) : List.of();
            staged = layers.isEmpty() || options.vecRoute() ? null : new Staged(steps, phases);
            vecRoute = options.vecRoute() ? new VecRoute(steps, phases) : null;
            raw = vecRoute != null ? vecRoute.derive(name, body, wrt) : staged == null
                    ? phases.derive(body, dependence, lhs, Stage.WHOLE, constantsNote(body, wrt))
                    : staged.derive(name, body, wrt, layers);
        }
        Map<String, Expr> gradients = new LinkedHashMap<>(), toDifferentiate = new LinkedHashMap<>();
        Stage stage = steps.last().stage() instanceof Stage.Whole ? Stage.WHOLE : Stage.RESULT;
        Substitution named = ByName.of(cuts, objective, phases.simplifier().shortest());
        LeadingSign sign = new LeadingSign(objective);
        Simplifier.Session finishing = phases.simplifier().shortest();  // one for all gradients: they share their δ's
        TermsAsWritten asWritten = new TermsAsWritten(body);
        OrderAsWritten order = new OrderAsWritten(body);
        QuotientNames quotients = cuts.isEmpty() ? QuotientNames.of(program, name, body, dependence) : null;
        for (Var v : wrt) {
            if (underCuts.contains(v.name())) {
                gradients.put(v.name(), total.gradient(v.name()));
                toDifferentiate.put(v.name(), total.gradient(v.name()));
                continue;
            }
            Expr g = raw.containsKey(v) ? sign.positive(named.apply(raw.get(v))) : zeros(v.shape());
            Law read = options.vecRoute() ? Law.DEVECTORISE : Law.READ_OFF;
            List<Law> laws = List.of(read);
            List<String> fired = staged != null ? staged.rulesOfExpansion(v) : vecRoute != null ? vecRoute.rulesOfUnstacking(v) : List.of();
            if (options.vecRoute() && raw.containsKey(v)) {
                // the names go in after the vec route has simplified: p ⊙ (1 − p) ⊘ ((1 − p) ⊙ p) cancels once p and
                // sigmoid(X*w) are one name (the logistic gradient read X'*((p .* (1 - p) .* (p - y)) ./ ((1 - p) .* p)))
                Simplifier.Session simplify = phases.simplifier().shortest();
                Expr again = simplify.apply(g);
                if (again != g) {
                    g = sign.positive(again);
                    fired = Steps.union(fired, simplify.drainFired());
                }
            }
            if (v.symmetric()) {
                Simplifier.Session simplify = phases.simplifier().shortest();
                g = simplify.apply(div(add(g, transpose(g)), num(2)));
                laws = List.of(read, Law.SYMMETRIC);
                fired = Steps.union(fired, simplify.drainFired());
            }
            // a Hessian differentiates the gradient as derived; diag(ABᵀ)'s row sums would differentiate into broadcasts
            // its sums in the order the result line prints them (review s75r), its names read through where that cancels them
            Expr derived = order.arranged(g), readThrough = options.hessian() || options.hvp() ? order.arranged(finishing.namesReadThrough(g)) : derived;
            Expr asDerived = g;
            fired = new ArrayList<>(fired);
            g = QuotientNames.written(quotients, g, phases.simplifier(), fired);
            g = order.following(asWritten.apply(finishing.finished(g)));
            // read as the printed gradient reads: only the names it no longer prints (review s77r: 2*inv(C) beside 2*A^-2)
            toDifferentiate.put(v.name(), readThrough != derived && namesGone(asDerived, readThrough, g) ? readThrough : derived);
            fired = Steps.union(fired, finishing.drainFired());
            steps.add(Step.Phase.GRADIENT, new Lhs.Gradient(name, v.name()), g, laws, Note.NONE, stage, fired);
            gradients.put(v.name(), g);
        }
        asWritten.turnAsElsewhere(steps, gradients, name);
        Named self = cuts.isEmpty() && program.namedByUser(name) ? program.definitions().get(name) : null;
        boolean selfNamed = SelfName.inGradients(self, steps, gradients, List.of());
        if (total != null) steps.append(total.steps());
        Derivation.Higher higher = options.hessian() || options.hvp()
                ? new SecondOrder(steps, phases, program).derive(name, toDifferentiate, wrt, options.hessian(), options.hvp(), new SecondOrder.AsGradients(sign, quotients, asWritten, order, named))
                : Derivation.Higher.NONE;
        if (!selfNamed && higher != Derivation.Higher.NONE) selfNamed = SelfName.inGradients(self, steps, gradients, higher.hessians().values());
        if (selfNamed && higher != Derivation.Higher.NONE) higher = SelfName.inHigher(self, steps, higher);
        if (options.numeratorLayout()) higher = higher.withNumerator(numerator(name, gradients, phases));
        overflowFree(steps.all().stream().map(Step::expr).toList(), program.position(name));
        dividesByZero(gradients.values(), program.position(name));
        return new Derivation(name, body, wrt, steps.all(), gradients, program.assumptions(), higher,
                wholes(total, underCuts), programNames());
    }

    /**
     * Every name the program gives, which a printed where-block's names must not take (t1 defined for another objective,
     * a size t1: trial s73a).
     */
    private Set<String> programNames() { return program.names(); }

    /**
     * A number the simplifier folded past a double's range (1e200 times 1e200, from sum(1e200*x)²) would print as Infinity,
     * which reads back as a name: refused, as the same constant written in the program is. The steps share most of
     * their nodes, so they are walked together, each node once.
     */
    private static void overflowFree(List<Expr> exprs, Pos at) {
        boolean infinite = Exprs.nonFiniteBuilt() && Dag.postOrder(exprs).stream().anyMatch(x -> x instanceof Expr.Num n && !Double.isFinite(n.value()));
        if (infinite)
            throw new MatDiffException("a constant of the derivation comes out past the largest number (about 1.8e308): "
                    + "write the objective with smaller constants", at);
    }

    /**
     * A gradient that divides by 0 (sum(exp(x))/sum(y) under assume sum(y) = 0 printed exp(x)/0, trial s69a): the objective
     * has no value wherever the assumptions hold, which is said rather than printed.
     */
    private void dividesByZero(Collection<Expr> gradients, Pos at) {
        // without assumptions a divisor that is 0 (x ./ (x - x)) is said where the numbers meet it, at the division
        if (program.assumptions().isEmpty()) return;
        boolean zero = Dag.postOrder(gradients).stream()
                .anyMatch(x -> (Exprs.is(x, Op.DIV) || Exprs.is(x, Op.ELEMDIV)) && Exprs.isZeroValue(Exprs.arg(x, 1)));
        if (!zero) return;
        String facts = String.join(", ", program.assumptions().stream().map(Assumption::text).toList());
        throw new MatDiffException("a divisor of the objective comes out 0 under the assumptions (" + facts + "), so it has no value anywhere they hold", at);
    }

    /**
     * What is asked for that some intermediate asked for depends on: a variable it reads, or another intermediate
     * asked for that it is computed from. Deriving these again without the intermediates above them cut ends,
     * since each time at least one cut (one no other depends on) is left out.
     */
    private static List<String> underCuts(List<Var> wrt, Map<String, Named> cuts) {
        Set<Var> read = new java.util.HashSet<>();
        Set<Named> inner = IdentityMaps.set();
        for (Named def : cuts.values()) {
            read.addAll(Dag.variables(def.body()));
            inner.addAll(Dag.named(List.of(def.body())));
        }
        List<String> out = new ArrayList<>();
        for (Var v : wrt) {
            Named cut = cuts.get(v.name());
            if (cut != null ? inner.contains(cut) : read.contains(v)) out.add(v.name());
        }
        return out;
    }

    /** The objectives the total derivatives are of: the one derived again, and those it in turn derived again. */
    private static List<Derivation.Whole> wholes(Derivation total, List<String> underCuts) {
        if (total == null) return List.of();
        List<Derivation.Whole> out = new ArrayList<>();
        List<String> own = new ArrayList<>(underCuts);
        for (Derivation.Whole w : total.wholes()) own.removeAll(w.variables());
        if (!own.isEmpty()) out.add(new Derivation.Whole(total.objective(), own));
        out.addAll(total.wholes());
        return out;
    }

    /** ∂f/∂X = (∇_X f)ᵀ for each gradient, a step each. */
    private Map<String, Expr> numerator(String name, Map<String, Expr> gradients, Phases phases) {
        Map<String, Expr> out = new LinkedHashMap<>();
        gradients.forEach((x, g) -> {
            Simplifier.Session simplify = phases.simplifier().shortest();
            Expr t = simplify.apply(transpose(g));
            // a sum's transpose is its terms' transposes, as ∂f/∂X is written: B*X'*C*A + B'*X'*A'*C', not (A'*C'*X*B' + C*A*X*B)'
            // (and so with a number or a sign before it, 2*(…)' and -(…)'); a sum of no products stays whole, 2*(x - y)' and
            // (softmax(Z) - Y)', as texts write them (trial s72a: softmax(Z)' - Y')
            dev.matdiff.expr.Term scaled = dev.matdiff.expr.Term.of(t);
            if (Exprs.is(scaled.base(), Op.TRANSPOSE) && Exprs.is(Exprs.arg(scaled.base(), 0), Op.ADD)
                    && Exprs.arg(scaled.base(), 0).children().stream().anyMatch(term -> Exprs.is(dev.matdiff.expr.Term.readThrough(term).base(), Op.MATMUL)))
                t = new dev.matdiff.expr.Term(scaled.coefficient(),
                        Exprs.add(Exprs.arg(scaled.base(), 0).children().stream().map(term -> simplify.apply(transpose(term))).toList())).build();
            steps.add(Step.Phase.LAYOUT, new Lhs.Numerator(name, x), t, List.of(Law.NUMERATOR_LAYOUT), Note.NONE, steps.last().stage(),
                    simplify.drainFired());
            out.put(x, t);
        });
        return out;
    }

    /** The program's assumptions as rules; one about a variable being differentiated cannot hold while it varies. */
    private List<Rule> facts(List<Var> wrt) {
        List<Rule> out = new ArrayList<>();
        for (Assumption a : program.assumptions()) {
            if (wrt.contains(a.symbol()))
                throw new MatDiffException("'" + a.symbol().name() + "' is assumed to satisfy " + a.text()
                        + ", so it cannot be differentiated: declare it constant, or leave the assumption out", a.pos());
            out.addAll(Facts.rules(a.text(), a.lhs(), a.rhs()));
        }
        if (!out.isEmpty()) out.addAll(throughDefinitions(out, wrt));
        return out;
    }

    /**
     * What the assumptions make of the sums of a definition built from an assumed symbol, when that is a constant:
     * T = (1 − ε)Y + (ε/K)·1 with sum(Y, 1) = 1 has sum(T, 1) = 1 too (label smoothing), so a softmax's
     * cross-entropy against T has the gradient softmax(Z) − T.
     */
    private List<Rule> throughDefinitions(List<Rule> facts, List<Var> wrt) {
        Set<Var> assumed = new HashSet<>();
        for (Assumption a : program.assumptions()) assumed.add(a.symbol());
        Simplifier.Kit kit = Simplifier.assuming(facts);
        List<Rule> out = new ArrayList<>();
        for (Named d : program.definitions().values()) {
            List<Var> reads = Dag.variables(d.body());
            if (Collections.disjoint(reads, assumed) || !Collections.disjoint(reads, wrt)) continue;
            for (Op op : d.shape().isScalar() ? List.of(Op.SUM) : List.of(Op.SUM, Op.SUM_COLUMNS, Op.SUM_ROWS)) {
                Expr sum = Exprs.call(op, d), value = kit.shortest().apply(linearSum(op, d.body()));
                if (!Dag.variables(value).isEmpty()) continue;
                String text = TextPrinter.print(sum) + " = " + TextPrinter.print(value) + ", as " + String.join(" and ",
                        program.assumptions().stream().filter(a -> reads.contains(a.symbol())).map(Assumption::text).toList());
                out.addAll(Facts.rules(text, sum, value));
            }
        }
        return out;
    }

    /** sum(e, k) taken into e's terms and past its scalars, so that each term's sum meets the facts about it. */
    private static Expr linearSum(Op op, Expr e) {
        if (Exprs.is(e, Op.ADD)) return add(e.children().stream().map(t -> linearSum(op, t)).toList());
        if (Exprs.is(e, Op.NEG)) return neg(linearSum(op, arg(e, 0)));
        if (Exprs.is(e, Op.SCALE)) return scale(arg(e, 0), linearSum(op, arg(e, 1)));
        if (Exprs.is(e, Op.DIV)) return div(linearSum(op, arg(e, 0)), arg(e, 1));
        return Exprs.call(op, e);
    }

    /** Whether every name the reading took out of the derived gradient is gone from the printed one too. */
    private static boolean namesGone(Expr derived, Expr read, Expr printed) {
        Set<Expr> kept = IdentityMaps.set(), shown = IdentityMaps.set();
        kept.addAll(Dag.named(List.of(read)));
        shown.addAll(Dag.named(List.of(printed)));
        for (Named n : Dag.named(List.of(derived))) if (!kept.contains(n) && shown.contains(n)) return false;
        return true;
    }

    // ---- variables

    private List<Var> resolve(List<String> names, Map<String, Named> cuts, String objective) {
        if (names == null || names.isEmpty()) names = program.defaultWrt(objective);
        if (names.isEmpty()) program.requireNoVariableHeldByAnAssumption(objective);
        if (names.isEmpty())
            throw new MatDiffException("'" + objective + "' has no variable to differentiate " + program.whyNoVariable(objective) + ": "
                    + "declare the one to differentiate without 'constant', or name an intermediate",
                    program.position(objective));
        Set<Var> out = new LinkedHashSet<>();
        for (String n : names) {
            // its body does not mention it: cut as an independent intermediate, it would come out as 0
            if (n.equals(objective))
                throw new MatDiffException("'" + n + "' is the objective itself (its derivative with respect to itself is the identity): "
                        + "differentiate with respect to a variable, or an intermediate that " + n + " is computed from", program.position(n));
            Var v = program.variables().get(n);
            if (v == null && program.definitions().containsKey(n)) {
                Named def = program.definitions().get(n);
                v = variableFor(n, def.shape(), false);
                cuts.put(n, def);
            } else if (v == null) {
                throw new MatDiffException(program.noVariable(n), Pos.NONE);
            } else if (v.constant()) {
                throw new MatDiffException("'" + n + "' is declared constant, so it is not differentiated"
                        + (program.constantWithOthers().contains(n) ? " (the constant at the end of its declaration makes every name in it constant)" : ""),
                        program.position(n));
            }
            out.add(v);
        }
        return new ArrayList<>(out);
    }

    /** A variable standing for an intermediate (or its gradient symbol), of the same shape. */
    static Var variableFor(String name, Shape shape, boolean constant) {
        VarKind kind = shape.isScalar() ? VarKind.SCALAR : shape.isColumn() ? VarKind.VECTOR : VarKind.MATRIX;
        return Exprs.var(name, shape, kind, constant);
    }

    /**
     * The variable a stage cuts an intermediate at: symmetric when its definition is (Ky = K + I for a
     * symmetric K), so that a stage reads inv(Ky)ᵀ as inv(Ky) as it would the definition written out.
     * (Not for an intermediate asked for with --wrt: that one's gradient is the unconstrained ∂f/∂h.)
     */
    static Var standIn(Named h) {
        boolean symmetric = !h.shape().isScalar() && h.shape().rows().equals(h.shape().cols()) && Symmetry.isSymmetric(h.body());
        return symmetric ? Exprs.var(h.name(), h.shape(), VarKind.SYMMETRIC, false) : variableFor(h.name(), h.shape(), false);
    }

    /** The expression with the named intermediates in {@code cuts} replaced by their stages' stand-ins. */
    static Expr cutAt(Expr e, Map<String, Named> cuts) {
        return Substitution.apply(e, x -> x instanceof Named n && cuts.get(n.name()) == n ? standIn(n) : null);
    }

    /** "X, y constant": the symbols the objective uses that are not differentiated. */
    static Note constantsNote(Expr body, Collection<Var> wrt) {
        Set<String> names = new LinkedHashSet<>();
        // asked of each variable the body reads, not of each one differentiated: a k-layer network's stages each have k
        // leaves (a set), and removing them all from every stage's few names made the derivation quadratic in k
        for (Var v : Dag.variables(body)) if (!wrt.contains(v)) names.add(v.name());
        return names.isEmpty() ? Note.NONE : new Note.Constants(new ArrayList<>(names));
    }
}
