package dev.matdiff.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * How often each part of some expressions prints, a part picked for a name printing once: the count every naming rule
 * of {@link Temporaries} decides by.
 */
final class PrintedParts {
    private PrintedParts() {}

    /**
     * The nodes below the roots, parents first, that choose picks given how often each would print; a node picked, or one
     * that stops, prints once and counts nothing below it. order is the roots' post-order.
     */
    static List<Expr> chosen(List<Expr> roots, List<Expr> order, Predicate<Expr> stops, BiPredicate<Expr, Long> choose) {
        return chosen(roots, order, stops, choose, 1);
    }

    /**
     * The same, a node picked counting what is below it {@code belowPicked} times: once where its definition is printed with
     * the rest, none where only the roots' own lines are counted.
     */
    static List<Expr> chosen(List<Expr> roots, List<Expr> order, Predicate<Expr> stops, BiPredicate<Expr, Long> choose, long belowPicked) {
        Map<Expr, Long> count = IdentityMaps.map();
        for (Expr e : roots) count.merge(e, 1L, Long::sum);
        Set<Expr> rootSet = IdentityMaps.set();
        rootSet.addAll(roots);
        List<Expr> out = new ArrayList<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            Expr x = order.get(i);
            if (x instanceof Expr.Named || stops.test(x) || !(x instanceof Expr.Node)) continue;
            long c = count.getOrDefault(x, 0L);
            if (!rootSet.contains(x) && choose.test(x, c)) {
                out.add(x);
                c = belowPicked;
            }
            for (Expr child : x.children()) count.merge(child, c, (a, b) -> Math.min(Long.MAX_VALUE / 4, a + b));
        }
        return out;
    }
}
