package dev.matdiff.simplify;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.matdiff.expr.Exprs.is;

/** The atoms of an arithmetic expression (what {@link Rational} reads as variables), and a sum's terms grouped by them. */
final class Atoms {
    private Atoms() {}

    /**
     * A sum's terms in groups that share no atom, nor two atoms of a {@link Pythagoras} identity (numbers, ones and eye are no atoms: they are constants), in the order
     * met; null where all are one group, or a term is a constant alone (constants of two groups may add up).
     */
    static List<List<Expr>> apart(List<Expr> terms) {
        int[] parent = new int[terms.size()];
        Map<Expr, Integer> owner = IdentityMaps.map();
        Map<Expr, Integer> related = IdentityMaps.map();  // sin(u), cos(u) and tan(u) cancel one another
        for (int i = 0; i < terms.size(); i++) {
            parent[i] = i;
            List<Expr> atoms = new ArrayList<>();
            for (Expr a : of(terms.get(i))) if (!(a instanceof Expr.Num || is(a, Op.ONES) || is(a, Op.EYE))) atoms.add(a);
            if (atoms.isEmpty()) return null;
            for (Expr a : atoms) {
                Integer j = owner.putIfAbsent(a, i);
                if (j != null) parent[root(parent, i)] = root(parent, j);
                Expr family = Pythagoras.family(a);
                Integer k = family == null ? null : related.putIfAbsent(family, i);
                if (k != null) parent[root(parent, i)] = root(parent, k);
            }
        }
        Map<Integer, List<Expr>> groups = new LinkedHashMap<>();
        for (int i = 0; i < terms.size(); i++) groups.computeIfAbsent(root(parent, i), k -> new ArrayList<>()).add(terms.get(i));
        return groups.size() > 1 ? new ArrayList<>(groups.values()) : null;
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    }

    /** The atoms of e's arithmetic (constants among them), in the order met: the order readings are tried in does not depend on identity hashes. */
    static Set<Expr> of(Expr e) {
        Map<Expr, Boolean> atoms = new LinkedHashMap<>();
        atomsOf(e, atoms, IdentityMaps.set());
        return atoms.keySet();
    }

    private static void atomsOf(Expr e, Map<Expr, Boolean> atoms, Set<Expr> walked) {
        if (!walked.add(e)) return;
        if (!Rational.isArithmetic(e)) { atoms.put(e, true); return; }
        for (Expr c : e.children()) atomsOf(c, atoms, walked);
    }
}
