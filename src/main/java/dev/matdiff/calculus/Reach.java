package dev.matdiff.calculus;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.Expr.Var;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which variables each stage of a staged derivation reaches, as bits (up to 64 variables), and which of them the
 * objective still reaches by paths not yet followed: what a stage's first line dL = tr(∇hᵀ dh) holds fixed
 * ("W2, b2 fixed": the variables h does not reach) and whether it is whole with them fixed, or needs "+ …" (a
 * regulariser's ‖W1‖² reaches W1 beside the layer h that does). Linear in the stages: each reads its own body once.
 */
final class Reach {
    /** More variables than bits: the stages say nothing of what they hold, and are partial where an input is shared. */
    static final int MAX_VARIABLES = 64;

    private final List<Var> wrt;
    private final Map<Var, Long> masks = new HashMap<>();
    /** How many pending leaves reach each variable's bit. */
    private final int[] pending = new int[MAX_VARIABLES];

    private Reach(List<Var> wrt) { this.wrt = wrt; }

    /** The reach of each stand-in (from its layer's body, cut at the other layers), or null past {@link #MAX_VARIABLES}. */
    static Reach of(List<Var> wrt, List<Named> layers, Map<Named, Var> standIn, Map<String, Named> cut) {
        if (wrt.size() > MAX_VARIABLES) return null;
        Reach r = new Reach(wrt);
        for (int i = 0; i < wrt.size(); i++) r.masks.put(wrt.get(i), 1L << i);
        // producers before consumers: a layer's reach is its own variables' and that of the layers it reads
        for (int i = layers.size() - 1; i >= 0; i--) {
            Named h = layers.get(i);
            long m = 0;
            for (Var v : Dag.variables(Deriver.cutAt(h.body(), cut))) m |= r.mask(v);
            r.masks.put(standIn.get(h), m);
        }
        return r;
    }

    long mask(Var leaf) { return masks.getOrDefault(leaf, 0L); }

    /** A leaf's first gradient part arrived (its term now stands in dL), or its stage took it (the term is followed). */
    void arrived(Var leaf) { count(leaf, 1); }

    void taken(Var leaf) { count(leaf, -1); }

    private void count(Var leaf, int by) {
        long m = mask(leaf);
        for (int b = 0; b < MAX_VARIABLES; b++) if ((m >>> b & 1) != 0) pending[b] += by;
    }

    /** Whether a term other than the stage's own still reaches a variable the stage reaches: its line needs "+ …". */
    boolean partial(Var standIn) {
        long m = mask(standIn);
        for (int b = 0; b < MAX_VARIABLES; b++) if ((m >>> b & 1) != 0 && pending[b] > 0) return true;
        return false;
    }

    /** The variables the stage does not reach, which its line holds fixed. */
    Note heldFixed(Var standIn) {
        long m = mask(standIn);
        List<String> held = new ArrayList<>();
        for (int i = 0; i < wrt.size(); i++) if ((m >>> i & 1) == 0) held.add(wrt.get(i).name());
        return held.isEmpty() ? Note.NONE : new Note.Constants(held);
    }
}
