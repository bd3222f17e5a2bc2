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
    /**
     * Every sum of the results so far, by key: a sum's key adds its terms' keys, so one lacking a term has the key minus
     * the term's; and a term's negation has the negated key, so a sum lacking a term and negated has that negated.
     */
    private final Map<Long, List<Expr>> byKey = new HashMap<>();
    private final Map<Expr, Long> key = IdentityMaps.map();
    /** The nodes of the results so far: a session's results share most of theirs (a network's gradients, its δ's). */
    private final Set<Expr> seen = IdentityMaps.set();
    /** A sum written as another sum plus a term, or as a term minus another sum. */
    private final Map<Expr, Extension> extending = IdentityMaps.map();
    private final Substitution rewrite = new Substitution(x -> x instanceof Expr.Named ? x : rewritten(extending.get(x)));

    private record Extension(Expr shorter, Expr term, boolean negated) {}

    private Expr rewritten(Extension x) {
        if (x == null) return null;
        Expr shorter = rewrite.apply(x.shorter), term = rewrite.apply(x.term);
        return x.negated ? Exprs.add(term, Exprs.neg(shorter)) : Exprs.extended(shorter, term);
    }

    /** e with each of its sums that is another sum of this or an earlier result, or its negation, plus one term written so. */
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
                long rest = key.get(s) - termKey(terms.get(i));
                Expr shorter = lacking(byKey.get(rest), terms, i, false);
                boolean negated = shorter == null && rest != 0;
                if (negated) shorter = lacking(byKey.get(-rest), terms, i, true);
                if (shorter != null) {
                    extending.put(s, new Extension(shorter, terms.get(i), negated));
                    break;
                }
            }
        }
        return extending.isEmpty() ? e : rewrite.apply(e);
    }

    /** The candidate whose terms (negated, if negated) are exactly terms without the one at skip, or null. */
    private static Expr lacking(List<Expr> candidates, List<Expr> terms, int skip, boolean negated) {
        if (candidates == null) return null;
        for (Expr c : candidates) {
            if (c.children().size() != terms.size() - 1) continue;
            Set<Expr> rest = IdentityMaps.set();
            for (int i = 0; i < terms.size(); i++) if (i != skip) rest.add(terms.get(i));
            if (rest.size() != c.children().size()) continue;
            boolean all = true;
            for (Expr t : c.children()) all &= rest.contains(negated ? Exprs.neg(t) : t);
            if (all) return c;
        }
        return null;
    }

    /**
     * A term's key, the negated key for its negation as {@link Exprs#neg} writes it (x and −x, 2x and −2x): otherwise its
     * identity, mixed so that keys added up rarely coincide (a coincidence is checked term by term).
     */
    private static long termKey(Expr t) {
        if (t instanceof Expr.Num n) return (long) Math.signum(n.value()) * mix(Double.hashCode(Math.abs(n.value())));
        if (Exprs.is(t, Op.NEG)) return -termKey(Exprs.arg(t, 0));
        if (Exprs.is(t, Op.SCALE) && Exprs.arg(t, 0) instanceof Expr.Num c && c.value() != 0)
            return (long) Math.signum(c.value()) * mix(System.identityHashCode(Exprs.arg(t, 1)) * 31L + Double.hashCode(Math.abs(c.value())));
        return mix(System.identityHashCode(t));
    }

    private static long mix(long z) {
        z *= 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
