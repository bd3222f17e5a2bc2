package dev.matdiff.simplify;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.OpSpec;
import dev.matdiff.expr.Substitution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A finished result's sums that are another sum of the session's results plus a few terms, written so: {@code δ₂ + W₃ᵀ(…)}
 * where δ₂, also a sum, is used again inside the new term; or a few terms minus such a sum (a block that subtracts), and
 * a sum that is exactly a δ negated, −δ. A residual network's δ's are such a chain: each layer's is the one above plus its
 * block's branches, and written flat every δ repeats all the terms before it (40 blocks printed sums of 40 terms at each
 * layer; 800 blocks, 2.5 MB). Kept apart, the shorter sum is one shared node, which the printers name where it is used
 * twice. The value does not change: the same terms, added in another grouping. A function's argument (relu(dp − dn + m))
 * is the program's own sum and is left as written. One per session, so that the results of one derivation, which share
 * their δ's, are walked once between them.
 */
final class SharedSums {
    /** The most terms a sum may add to a shorter one it is written with: a block's branches (two in a two-branch residual). */
    static final int MAX_ADDED = 8;

    /**
     * Every sum of the results so far, by the smallest |key| of its terms. A shorter sum inside s, lacking at most
     * {@link #MAX_ADDED} of s's terms, has one of s's MAX_ADDED + 1 smallest as its own smallest: so it is found there.
     * A term's negation has the negated key, so a sum and its negation are filed together.
     */
    private final Map<Long, List<Expr>> bySmallest = new HashMap<>();
    /** The nodes of the results so far: a session's results share most of theirs (a network's gradients, its δ's). */
    private final Set<Expr> seen = IdentityMaps.set();
    /** A sum written as another sum plus terms, or as terms minus another sum. */
    private final Map<Expr, Extension> extending = IdentityMaps.map();
    /** The sums met as a function's argument, which are left as they are. */
    private final Set<Expr> arguments = IdentityMaps.set();
    /** The shorter sums others are written with: the δ's. */
    private final Set<Expr> deltas = IdentityMaps.set();
    /**
     * The δ's by the smallest |key| of their terms, as {@link #bySmallest} files every sum: a sum that is a δ negated is
     * looked for among these alone (among all sums, a 50,000-layer tanh chain's 1 − t² were one list, read for each).
     */
    private final Map<Long, List<Expr>> deltasBySmallest = new HashMap<>();
    private final Substitution rewrite = new Substitution(x -> x instanceof Expr.Named ? x : rewritten(extending.get(x)));

    private record Extension(Expr shorter, List<Expr> added, boolean negated) {}

    private Expr rewritten(Extension x) {
        if (x == null) return null;
        Expr shorter = rewrite.apply(x.shorter);
        List<Expr> added = x.added.stream().map(rewrite::apply).toList();
        return x.negated ? Exprs.lessened(added, shorter) : Exprs.extended(shorter, added);
    }

    /** e with each of its sums that is another sum of this or an earlier result, or its negation, plus a few terms written so. */
    Expr apply(Expr e) {
        List<Expr> sums = new ArrayList<>();
        for (Expr x : Dag.postOrder(List.of(e), x -> !(x instanceof Expr.Named) && !seen.contains(x))) {
            if (!seen.add(x)) continue;
            if (Exprs.is(x, Op.ADD)) sums.add(x);
            // a function's argument is the program's own sum (relu(dp - dn + m)): it prints as written, wherever it is met
            if (x instanceof Expr.Node n && (n.op().isElementwise() || n.op().kind() == OpSpec.Kind.MATRIX_FUNCTION))
                for (Expr a : n.args()) if (Exprs.is(a, Op.ADD)) arguments.add(a);
        }
        sums.removeIf(arguments::contains);
        for (Expr s : sums) bySmallest.computeIfAbsent(smallestKeys(s, 1)[0], unused -> new ArrayList<>(1)).add(s);
        for (Expr s : sums) {
            Extension x = extension(s);
            if (x != null) {
                extending.put(s, x);
                if (deltas.add(x.shorter)) deltasBySmallest.computeIfAbsent(smallestKeys(x.shorter, 1)[0], unused -> new ArrayList<>(1)).add(x.shorter);
            }
        }
        // a δ negated elsewhere (a residual block that subtracts: its weight's gradient reads the δ above as W'*… − 1)
        for (Expr s : sums) {
            if (extending.containsKey(s) || deltas.contains(s)) continue;
            Expr delta = negatedDelta(s);
            if (delta != null) extending.put(s, new Extension(delta, List.of(), true));
        }
        return extending.isEmpty() ? e : rewrite.apply(e);
    }

    /** A sum another extends, whose negation s is term for term; null if none. */
    private Expr negatedDelta(Expr s) {
        List<Expr> near = deltasBySmallest.getOrDefault(smallestKeys(s, 1)[0], List.of());
        if (near.isEmpty()) return null;
        Set<Expr> own = IdentityMaps.set();
        own.addAll(s.children());
        for (Expr c : near)
            if (c != s && c.children().size() == own.size() && within(c, own, true) != null) return c;
        return null;
    }

    /** The longest sum met that s is, or whose negation s is, plus at most MAX_ADDED terms; null if none. */
    private Extension extension(Expr s) {
        List<Expr> terms = s.children();
        if (terms.size() < 3) return null;
        List<Expr> candidates = new ArrayList<>();
        for (long k : smallestKeys(s, MAX_ADDED + 1))
            for (Expr c : bySmallest.getOrDefault(k, List.of())) {
                int size = c.children().size();
                if (size >= 2 && size < terms.size() && size >= terms.size() - MAX_ADDED && !candidates.contains(c)) candidates.add(c);
            }
        if (candidates.isEmpty()) return null;
        candidates.sort((a, b) -> Integer.compare(b.children().size(), a.children().size()));
        Set<Expr> own = IdentityMaps.set();
        own.addAll(terms);
        for (Expr c : candidates)
            for (boolean negated : new boolean[] {false, true}) {
                Set<Expr> used = within(c, own, negated);
                if (used == null) continue;
                List<Expr> added = terms.stream().filter(t -> !used.contains(t)).toList();
                // terms minus a sum read so only where a term is positive: S2 − (m2 − m1)² − S1, not −(m2 − m1)² − (S1 − S2)
                if (negated && added.stream().allMatch(t -> dev.matdiff.expr.Term.of(t).coefficient() < 0)) continue;
                if (added.size() == terms.size() - c.children().size()) return new Extension(c, added, negated);
            }
        return null;
    }

    /** The terms of own that c's terms (negated, if so asked) are, each a different one; null if some is none of them. */
    private static Set<Expr> within(Expr c, Set<Expr> own, boolean negated) {
        Set<Expr> used = IdentityMaps.set();
        for (Expr t : c.children()) {
            Expr mine = negated ? Exprs.neg(t) : t;
            if (!own.contains(mine) || !used.add(mine)) return null;
        }
        return used;
    }

    /** The count smallest |key|s of s's terms, smallest first (fewer if s has fewer terms). */
    private static long[] smallestKeys(Expr s, int count) {
        long[] out = new long[Math.min(count, s.children().size())];
        int n = 0;
        for (Expr t : s.children()) {
            long k = Math.abs(termKey(t));
            if (n == out.length && k >= out[n - 1]) continue;
            int i = n == out.length ? n - 1 : n++;
            for (; i > 0 && out[i - 1] > k; i--) out[i] = out[i - 1];  // insertion into the few kept
            out[i] = k;
        }
        return out;
    }

    /**
     * A term's key, the negated key for its negation as {@link Exprs#neg} writes it (x and −x, 2x and −2x): otherwise its
     * structural hash, which interned nodes hold already (an identity hash would be installed in each fresh node's
     * header), mixed so that keys rarely coincide (a coincidence is checked term by term).
     */
    private static long termKey(Expr t) {
        if (t instanceof Expr.Num n) return (long) Math.signum(n.value()) * mix(Double.hashCode(Math.abs(n.value())));
        if (Exprs.is(t, Op.NEG)) return -termKey(Exprs.arg(t, 0));
        if (Exprs.is(t, Op.SCALE) && Exprs.arg(t, 0) instanceof Expr.Num c && c.value() != 0)
            return (long) Math.signum(c.value()) * mix(Exprs.arg(t, 1).hashCode() * 31L + Double.hashCode(Math.abs(c.value())));
        return mix(t.hashCode());
    }

    private static long mix(long z) {
        z *= 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
