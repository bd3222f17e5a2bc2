package dev.matdiff.calculus;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.Expr.Var;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Substitution;
import dev.matdiff.simplify.Simplifier;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;

import static dev.matdiff.expr.Exprs.*;

/**
 * Backpropagation through a program's named intermediates: the layers are the intermediates the
 * objective varies through, consumers first. Each stage differentiates one definition, seeded
 * with its gradient symbol ∇h, and sends the gradients of what it reads to the stages below
 * (Mishachev's Δi = (Wi+1ᵀ Δi+1) ∘ Σ'i).
 */
final class Staged {
    private final Steps steps;
    private final Phases phases;
    /** The rules the simplifier applied as each gradient's stand-ins were replaced by what they stand for (an assumption among them). */
    private final Map<Var, List<String>> expandedWith = new HashMap<>();

    Staged(Steps steps, Phases phases) {
        this.steps = steps;
        this.phases = phases;
    }

    /** Named intermediates that vary, consumers before producers. */
    static List<Named> layers(Expr body, Dependence dependence) {
        List<Named> postOrder = new ArrayList<>();
        for (Expr e : Dag.postOrder(List.of(body), dependence::varies))
            if (e instanceof Named n && dependence.varies(n)) postOrder.add(n);
        List<Named> out = new ArrayList<>();
        for (int i = postOrder.size() - 1; i >= 0; i--) out.add(postOrder.get(i));
        return out;
    }

    /** The gradients of the variables, expanded so that they name the program's own intermediates. */
    Map<Var, Expr> derive(String name, Expr body, List<Var> wrt, List<Named> layers) {
        Map<String, Named> cut = new LinkedHashMap<>();
        Map<Named, Var> asVariable = new LinkedHashMap<>();
        Map<Var, Var> symbolOf = new LinkedHashMap<>();
        for (Named h : layers) {
            cut.put(h.name(), h);
            Var v = Deriver.standIn(h);
            asVariable.put(h, v);
            symbolOf.put(v, Deriver.variableFor("∇" + h.name(), h.shape(), true));
        }
        Set<Var> leaves = new HashSet<>(wrt);
        leaves.addAll(asVariable.values());
        Map<Var, List<Part>> flowing = new LinkedHashMap<>();
        WrittenOrder written = new WrittenOrder(body, cut.keySet());

        Lhs lhs = new Lhs.Differential(name);
        Expr top = Deriver.cutAt(body, cut);
        Reach reach = Reach.of(wrt, layers, asVariable, cut);
        // the objective's own part for a leaf stands where the objective first writes it (a layer's stand-in where it
        // writes the layer's name); a layer's parts, below, where that layer is first met
        Map<Var, Named> standsFor = new HashMap<>();
        asVariable.forEach((h, v) -> standsFor.put(v, h));
        collect(flowing, reach, phases.derive(top, new Dependence(leaves), lhs, new Stage.Layer(name, body), Deriver.constantsNote(top, leaves)),
                leaf -> written.direct(standsFor.containsKey(leaf) ? standsFor.get(leaf) : leaf));

        // the final gradients name the program's own intermediates, not the stand-ins of the stages
        Map<Expr, Expr> expansion = IdentityMaps.map();
        asVariable.forEach((h, v) -> expansion.put(v, h));
        Map<Var, Integer> readers = reach == null ? readers(top, layers, cut, leaves) : Map.of();
        Set<Expr> symbols = IdentityMaps.set();  // the gradients reaching a layer, ∇h, which what it sends on holds outside
        symbols.addAll(symbolOf.values());
        for (Named h : layers) {
            Var hv = asVariable.get(h), symbol = symbolOf.get(hv);
            Stage stage = new Stage.Layer(h.name(), h.body());
            List<Part> arriving = flowing.remove(hv);
            if (arriving == null) continue;  // the objective, once simplified, does not go through h
            if (reach != null) reach.taken(hv);
            Simplifier.Session simplify = phases.simplifier().shared();
            Expr incoming = simplify.withFactorOutside(simplify.apply(add(asWritten(arriving))), symbols::contains);
            expansion.put(symbol, incoming);
            steps.add(Step.Phase.INCOMING, new Lhs.GradientSymbol(h.name()), incoming, List.of(Law.READ_OFF), Note.NONE, stage,
                    simplify.drainFired());
            // read before the cut, the names it reads still in view: P = E ./ (sum(E, 2)*ones(1, n)) with E = exp(S) is a softmax of S
            Named local = Exprs.named(h.name(), Deriver.cutAt(simplify.apply(h.body()), cut));
            List<String> read = simplify.drainFired();
            expansion.put(local, h);
            // ∇h is a constant here: d tr(∇hᵀ h) = tr(∇hᵀ dh) is how the stage is set up, not a law the step applies
            Expr seeded = paired(symbol, diff(local));
            // dL = tr(∇hᵀ dh) holds with the variables h does not reach fixed, and whole only if no term still to follow
            // reaches the ones it does (a regulariser's ‖W1‖² beside the layer; past 64 variables: an input another stage reads)
            boolean shared = false;
            if (reach == null)
                for (Var input : Dag.variables(local.body())) shared |= leaves.contains(input) && readers.getOrDefault(input, 0) > 1;
            steps.partial(reach != null ? reach.partial(hv) : shared);
            // a scalar h's line is ∇h dh, as a textbook writes it, not tr(∇hᵀ dh) with the transpose of a number
            Expr line = h.shape().isScalar() ? mul(symbol, diff(hv)) : paired(symbol, diff(hv));
            steps.add(Step.Phase.DIFFERENTIALS, lhs, line, List.of(),
                    reach != null ? reach.heldFixed(hv) : Note.NONE, stage, List.of());
            steps.carry(read);  // cited where the laws meet the body as read
            // each stage asks of its own few nodes: one memo for all would grow with the depth and fall out of the cache
            // the symbols the stage reads and does not differentiate (W2 under --wrt W1, b2), as the top stage says "y fixed"
            int at = written.met(h);
            collect(flowing, reach, phases.deriveFrom(seeded, new Dependence(leaves), lhs, stage, Deriver.constantsNote(local.body(), leaves)),
                    leaf -> at);
            steps.partial(false);
        }
        Map<Var, Expr> out = new LinkedHashMap<>();
        Simplifier.Session simplify = phases.simplifier().shortest();
        Substitution expanded = expansionOf(expansion, simplify);
        for (Var v : wrt) {
            List<Part> parts = flowing.get(v);
            if (parts == null) continue;
            Expr symbolic = simplify.withFactorOutside(simplify.apply(add(asWritten(parts))), symbols::contains);
            steps.add(Step.Phase.GRADIENT, new Lhs.GradientSymbol(v.name()), symbolic, List.of(Law.READ_OFF), Note.NONE, Stage.RESULT,
                    simplify.drainFired());
            out.put(v, simplify.apply(expanded.apply(symbolic)));
            expandedWith.put(v, simplify.drainFired());
        }
        return out;
    }

    /**
     * tr(∇hᵀ dh), or for a column h the number ∇hᵀ dh, as a textbook writes each: with a trace of a number the stage's next
     * line would drop it uncited (trial s72b).
     */
    private static Expr paired(Expr gradient, Expr d) {
        Expr pairing = mul(transpose(gradient), d);
        return pairing.shape().isScalar() ? pairing : tr(pairing);
    }

    /** What {@link #derive} cites for writing out v's gradient: the rules that fired as its stand-ins were replaced. */
    List<String> rulesOfExpansion(Var v) { return expandedWith.getOrDefault(v, List.of()); }

    /** How many of the objective's stages (its top and each layer's definition) read each leaf. */
    private static Map<Var, Integer> readers(Expr top, List<Named> layers, Map<String, Named> cut, Set<Var> leaves) {
        Map<Var, Integer> count = new HashMap<>();
        List<Expr> stages = new ArrayList<>();
        stages.add(top);
        for (Named h : layers) stages.add(Deriver.cutAt(h.body(), cut));
        for (Expr s : stages)
            for (Var v : Dag.variables(s)) if (leaves.contains(v)) count.merge(v, 1, Integer::sum);
        return count;
    }

    /** A gradient part and where the objective, read left to right, first meets what sent it. */
    private record Part(int at, Expr gradient) {}

    /**
     * The parts in the order the objective writes their sources, so that a loss through a named p and
     * a regulariser written after it read X'*(p - y) + lam*w, as written, not in the order the stages ran.
     */
    private static List<Expr> asWritten(List<Part> parts) {
        List<Part> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparingInt(Part::at));  // stable: parts of one place keep their order
        List<Expr> out = new ArrayList<>(sorted.size());
        for (Part p : sorted) out.add(p.gradient());
        return out;
    }

    /** The gradient parts a stage sends to its leaves; a leaf's first part makes its term one still to follow. */
    private static void collect(Map<Var, List<Part>> flowing, Reach reach, Map<Var, Expr> gradients, ToIntFunction<Var> at) {
        gradients.forEach((v, g) -> flowing.computeIfAbsent(v, k -> {
            if (reach != null) reach.arrived(k);
            return new ArrayList<>();
        }).add(new Part(at.applyAsInt(v), g)));
    }

    /**
     * Replaces each gradient symbol ∇h (and each stand-in of an intermediate) by what it stands for,
     * simplified stage by stage: ∇h2 = (1 − z2²) ⊙ ∇z2 with ∇z2 = 2(z2 − y) becomes 2((1 − z2²) ⊙ (z2 − y))
     * before the stage below reads it, rather than every stage's unsimplified form being built and
     * then rebuilt once the whole chain is simplified.
     */
    private static Substitution expansionOf(Map<Expr, Expr> meaning, UnaryOperator<Expr> simplify) {
        return Substitution.selfApplying((e, self) -> {
            Expr m = meaning.get(e);
            return m == null ? null : m instanceof Named ? m : simplify.apply(self.apply(m));
        });
    }
}
