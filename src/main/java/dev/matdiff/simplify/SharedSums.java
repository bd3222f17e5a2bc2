package dev.matdiff.simplify;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Substitution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A finished result's sums that are another of its sums plus one term, written so: {@code δ₂ + W₃ᵀ(…)} where
 * δ₂, also a sum, is used again inside the new term. A residual network's δ's are such a chain: each layer's is the one
 * above plus the branch's contribution, and written flat every δ repeats all the terms before it (40 blocks printed
 * sums of 40 terms at each layer; 800 blocks, 2.2 MB). Kept apart, the shorter sum is one shared node, which the
 * printers name where it is used twice. The value does not change: the same terms, added in another grouping. One per
 * session, so that the results of one derivation, which share their δ's, are walked once between them.
 */
final class SharedSums {
    /** Every sum of the results so far, by key: a sum's key adds its terms' keys, so one lacking a term has the key minus the term's. */
    private final Map<Long, List<Expr>> byKey = new HashMap<>();
    private final Map<Expr, Long> key = IdentityMaps.map();
    /** The nodes of the results so far: a session's results share most of theirs (a network's gradients, its δ's). */
    private final Set<Expr> seen = IdentityMaps.set();
    /** A sum written as another sum plus a term: {shorter sum, term}. */
    private final Map<Expr, Expr[]> extending = IdentityMaps.map();
    private final Substitution rewrite = new Substitution(x -> {
        if (x instanceof Expr.Named) return x;
        Expr[] parts = extending.get(x);
        return parts == null ? null : Exprs.extended(this.rewrite.apply(parts[0]), this.rewrite.apply(parts[1]));
    });

    /** e with each of its sums that is another sum of this or an earlier result plus one term written so. */
    Expr apply(Expr e) {
        List<Expr> sums = new ArrayList<>();
        for (Expr x : Dag.postOrder(List.of(e), x -> !(x instanceof Expr.Named) && !seen.contains(x)))
            if (seen.add(x) && Exprs.is(x, Op.ADD)) sums.add(x);
        for (Expr s : sums) {
            long k = 0;
            for (Expr t : s.children()) k += termKey(t);
            key.put(s, k);
            byKey.computeIfAbsent(k, unused -> new ArrayList<>(1)).add(s);
        }
        for (Expr s : sums) {
            List<Expr> terms = s.children();
            if (terms.size() < 3) continue;
            for (int i = terms.size() - 1; i >= 0; i--) {
                Expr shorter = lacking(byKey.get(key.get(s) - termKey(terms.get(i))), terms, i);
                if (shorter != null) {
                    extending.put(s, new Expr[] {shorter, terms.get(i)});
                    break;
                }
            }
        }
        return extending.isEmpty() ? e : rewrite.apply(e);
    }

    /** The candidate whose terms are exactly terms without the one at skip, or null. */
    private static Expr lacking(List<Expr> candidates, List<Expr> terms, int skip) {
        if (candidates == null) return null;
        for (Expr c : candidates) {
            if (c.children().size() != terms.size() - 1) continue;
            Set<Expr> rest = IdentityMaps.set();
            for (int i = 0; i < terms.size(); i++) if (i != skip) rest.add(terms.get(i));
            if (rest.size() == c.children().size() && rest.containsAll(c.children())) return c;
        }
        return null;
    }

    /** A term's key: its identity, mixed so that keys added up rarely coincide (a coincidence is checked term by term). */
    private static long termKey(Expr t) {
        long z = System.identityHashCode(t) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
