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
    private final Map<String, Integer> met = new HashMap<>();
    private final Map<Object, Integer> direct = new HashMap<>();

    WrittenOrder(Expr objective, Set<String> layers) {
        // iterative: a network 1,000 layers deep must not overflow the stack; each node read at most
        // once in the objective itself and once inside a definition
        Set<Expr> seenOutside = IdentityMaps.set(), seenInside = IdentityMaps.set();
        List<Expr> stack = new ArrayList<>(List.of(objective));
        List<Boolean> inside = new ArrayList<>(List.of(false));
        int position = 0;
        while (!stack.isEmpty()) {
            Expr e = stack.remove(stack.size() - 1);
            boolean within = inside.remove(inside.size() - 1);
            if (!(within ? seenInside : seenOutside).add(e)) continue;
            int at = position++;
            boolean layer = e instanceof Named n && layers.contains(n.name());
            if (layer) met.putIfAbsent(((Named) e).name(), at);
            if (!within && (layer || e instanceof Expr.Var)) direct.putIfAbsent(key(e), at);
            List<Expr> children = e.children();
            for (int k = children.size() - 1; k >= 0; k--) {
                stack.add(children.get(k));
                inside.add(within || layer);
            }
        }
    }

    /** Where the objective itself first writes a variable or a layer's name; past the end if it does not. */
    int direct(Expr leafOrLayer) { return direct.getOrDefault(key(leafOrLayer), Integer.MAX_VALUE); }

    /** Where a layer is first met, in the objective or inside another layer's definition. */
    int met(Named layer) { return met.getOrDefault(layer.name(), Integer.MAX_VALUE); }

    private static Object key(Expr e) { return e instanceof Named n ? "layer " + n.name() : e; }
}
