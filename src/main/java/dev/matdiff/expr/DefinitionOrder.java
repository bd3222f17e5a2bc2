package dev.matdiff.expr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order a where-block defines its named parts in: each after the parts its definition prints by name, so that the
 * list reads back line by line ({@link Temporaries} numbers them t1, t2, … in it).
 */
final class DefinitionOrder {
    private DefinitionOrder() {}

    /** Whether each part uses only the names of the parts before it. */
    static boolean holds(Collection<Expr> parts, Map<Expr, String> names) {
        Set<Expr> defined = IdentityMaps.set();
        for (Expr d : parts) {
            for (Expr x : dependencies(d, names)) if (!defined.contains(x)) return false;
            defined.add(d);
        }
        return true;
    }

    /** The parts in an order where each comes after the parts it prints by name. */
    static List<Expr> of(Collection<Expr> parts, Map<Expr, String> names) {
        List<Expr> waiting = new ArrayList<>();
        // a post-order walk meets children first; the inverses that powers print by name are then placed before them
        for (Expr x : Dag.postOrder(new ArrayList<>(parts), x -> !(x instanceof Expr.Named))) if (names.containsKey(x)) waiting.add(x);
        Map<Expr, List<Expr>> needs = IdentityMaps.map();
        for (Expr x : waiting) needs.put(x, dependencies(x, names));
        Set<Expr> placed = IdentityMaps.set();
        List<Expr> ordered = new ArrayList<>();
        while (!waiting.isEmpty()) {
            int i = 0;
            while (i < waiting.size() - 1 && !placed.containsAll(needs.get(waiting.get(i)))) i++;
            Expr next = waiting.remove(i);  // the last one goes whatever it needs: a cycle cannot arise from a DAG
            placed.add(next);
            ordered.add(next);
        }
        return ordered;
    }

    /**
     * The named parts d's definition prints by name: those inside it, and the inverse whose name its powers print with
     * (A⁻² as t6^2 where t6 = inv(A)), which must be defined first too.
     */
    private static List<Expr> dependencies(Expr d, Map<Expr, String> names) {
        List<Expr> out = new ArrayList<>();
        for (Expr x : Dag.postOrder(List.of(d), x -> x == d || !names.containsKey(x) && !(x instanceof Expr.Named))) {
            if (x != d && names.containsKey(x)) out.add(x);
            Expr inverse = Exprs.is(x, Op.POWER) && ((Expr.Node) x).param() < 0 ? NamedInverse.part(names, Exprs.arg(x, 0)) : null;
            if (inverse != null && inverse != d) out.add(inverse);
        }
        return out;
    }
}
