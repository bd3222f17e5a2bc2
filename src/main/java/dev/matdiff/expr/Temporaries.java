package dev.matdiff.expr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names for the parts of long expressions that they would print more than once, so printed size
 * stays linear in the size of the DAG: a residual network's gradient, whose tree doubles with
 * each block, prints as {@code t3*h1'} with {@code t1 = …, t2 = …, t3 = …}. An expression
 * whose tree is short prints as it is, repeats and all, as a textbook would write it.
 */
public final class Temporaries {

    /** Trees up to this many nodes print whole. */
    public static final int LONG = 100;
    /** A part this small is printed where it is used, however often. */
    static final int SMALL = 4;

    private final Set<String> taken;
    private final Map<Expr, String> names = IdentityMaps.map();
    private final Map<String, Expr> definitions = new LinkedHashMap<>();
    /** Whether the definitions are known to be in dependency order since the last parts were named. */
    private boolean ordered = true;

    /** @param taken names the program uses, which a temporary must not take */
    public Temporaries(Set<String> taken) { this.taken = taken; }

    /** The name of each named part. */
    public Map<Expr, String> names() {
        order();
        return names;
    }

    /** The named parts, each after the ones its definition uses. */
    public Map<String, Expr> definitions() {
        order();
        return definitions;
    }

    private void order() {
        if (ordered) return;
        if (!inDependencyOrder()) renumberInDependencyOrder();
        ordered = true;
    }

    public boolean isEmpty() { return names.isEmpty(); }

    /** "t1 = …", a line for each named part, printed with the others' names: what a printer writes after "where". */
    public java.util.List<String> definitionLines() {
        java.util.List<String> out = new java.util.ArrayList<>();
        definitions().forEach((name, e) -> out.add(name + " = " + TextPrinter.print(e, TextPrinter.Differentials.COMPACT, names())));
        return out;
    }

    /** Names the parts e would print more than once, if e printed whole is long. */
    public void nameRepeatsIn(Expr e) {
        List<Expr> order = Dag.postOrder(List.of(e), x -> !(x instanceof Expr.Named) && !names.containsKey(x));
        Map<Expr, Long> size = IdentityMaps.map();
        for (Expr x : order) {
            long s = 1;
            if (!(x instanceof Expr.Named) && !names.containsKey(x))
                for (Expr c : x.children()) s = Math.min(Long.MAX_VALUE / 4, s + size.get(c));
            size.put(x, s);
        }
        if (size.get(e) <= LONG) return;
        // how often each node prints, parents first; a part once named prints once, in its definition
        Map<Expr, Long> count = IdentityMaps.map();
        count.put(e, 1L);
        List<Expr> named = new ArrayList<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            Expr x = order.get(i);
            if (x instanceof Expr.Named || names.containsKey(x) || !(x instanceof Expr.Node)) continue;
            long c = count.getOrDefault(x, 0L);
            // a transpose is not named itself: its operand is, and prints as t1' (not t2 = t1')
            if (c >= 2 && size.get(x) >= SMALL && x != e && !Exprs.is(x, Op.TRANSPOSE)) {
                named.add(x);
                c = 1;
            }
            for (Expr child : x.children()) count.merge(child, c, (a, b) -> Math.min(Long.MAX_VALUE / 4, a + b));
        }
        // definitions in dependency order: children (found later, parents first) defined first
        for (int i = named.size() - 1; i >= 0; i--) {
            String name = fresh();
            names.put(named.get(i), name);
            definitions.put(name, named.get(i));
        }
        if (!named.isEmpty()) ordered = false;
    }

    /** Whether each definition uses only the names defined before it: a part named for a later expression (a Hessian's) may sit inside an earlier one. */
    private boolean inDependencyOrder() {
        Set<Expr> defined = IdentityMaps.set();
        for (Expr d : definitions.values()) {
            for (Expr x : Dag.postOrder(List.of(d), x -> x == d || !names.containsKey(x) && !(x instanceof Expr.Named)))
                if (x != d && names.containsKey(x) && !defined.contains(x)) return false;
            defined.add(d);
        }
        return true;
    }

    /** The parts again as t1, t2, … in an order where each comes after the parts inside it (a post-order walk meets children first). */
    private void renumberInDependencyOrder() {
        List<Expr> parts = new ArrayList<>(definitions.values());
        List<Expr> childrenFirst = new ArrayList<>();
        for (Expr x : Dag.postOrder(parts, x -> !(x instanceof Expr.Named))) if (names.containsKey(x)) childrenFirst.add(x);
        names.clear();
        definitions.clear();
        for (Expr part : childrenFirst) {
            String name = fresh();
            names.put(part, name);
            definitions.put(name, part);
        }
    }

    private String fresh() {
        for (int i = definitions.size() + 1; ; i++) {
            String name = "t" + i;
            if (!taken.contains(name) && !definitions.containsKey(name)) return name;
        }
    }
}
