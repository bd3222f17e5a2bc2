package dev.matdiff.calculus;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.IdentityMaps;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where an objective, read left to right with each named layer's definition read where the name is
 * first met, first meets each layer, and each variable or layer written in the objective itself (not
 * inside a layer's definition). The order a textbook writes a gradient's terms in.
 */
final class WrittenOrder {
    /** Each layer's name: where it is first met, anywhere. */
    private final Map<String, Integer> met = new HashMap<>();
    /** Each layer's name and each variable: where the objective itself first writes it. */
    private final Map<String, Integer> layerWritten = new HashMap<>();
    private final Map<Expr.Var, Integer> variableWritten = new HashMap<>();

    WrittenOrder(Expr objective, Set<String> layers) {
        // iterative: a network 1,000 layers deep must not overflow the stack; each node read at most
        // once in the objective itself and once inside a definition
        Set<Expr> seenOutside = IdentityMaps.set(), seenInside = IdentityMaps.set();
        List<Visit> stack = new ArrayList<>(List.of(new Visit(objective, false)));
        int position = 0;
        while (!stack.isEmpty()) {
            Visit v = stack.remove(stack.size() - 1);
            Expr e = v.node();
            if (!(v.inDefinition() ? seenInside : seenOutside).add(e)) continue;
            int at = position++;
            boolean layer = e instanceof Named n && layers.contains(n.name());
            if (layer) met.putIfAbsent(((Named) e).name(), at);
            if (!v.inDefinition() && layer) layerWritten.putIfAbsent(((Named) e).name(), at);
            if (!v.inDefinition() && e instanceof Expr.Var x) variableWritten.putIfAbsent(x, at);
            List<Expr> children = e.children();
            for (int k = children.size() - 1; k >= 0; k--) stack.add(new Visit(children.get(k), v.inDefinition() || layer));
        }
    }

    /** A node still to read, and whether it is read inside a layer's definition rather than in the objective itself. */
    private record Visit(Expr node, boolean inDefinition) {}

    /** Where the objective itself first writes a variable or a layer's name; past the end if it does not. */
    int direct(Expr leafOrLayer) {
        Integer at = leafOrLayer instanceof Named n ? layerWritten.get(n.name()) : variableWritten.get((Expr.Var) leafOrLayer);
        return at == null ? Integer.MAX_VALUE : at;
    }

    /** Where a layer is first met, in the objective or inside another layer's definition. */
    int met(Named layer) { return met.getOrDefault(layer.name(), Integer.MAX_VALUE); }
}
