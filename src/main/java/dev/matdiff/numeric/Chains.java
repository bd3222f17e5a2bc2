package dev.matdiff.numeric;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order of every matrix product of a plan, chosen over all of them together rather than chain
 * by chain: a sub-product that several chains contain, in either orientation (a chain's transpose
 * is the reversed chain of transposed factors, and a symmetric factor is its own transpose), is
 * computed once when that is cheaper overall. The trace of a chain whose value nothing else reads is
 * taken as tr(P·Q) = Σ P ⊙ Qᵀ over the cheapest rotation and split, never forming the product (a diagonal likewise,
 * over its splits only).
 *
 * <p>Costs are multiply-adds, from the sizes the data binds. The search is the classic interval
 * dynamic program per chain, where a product chosen to be shared costs nothing where it is read;
 * those are chosen greedily, one at a time, while the total falls.
 */
final class Chains {

    /** A factor: a value (never a transpose: transposes are read through) and whether it is read transposed. */
    record Factor(Expr base, boolean t) {}

    /** What the chains need to know of their factors. */
    interface Facts {
        long rows(Expr base);

        long cols(Expr base);

        boolean symmetric(Expr base);

        /** The cost of inverting when base is an inverse whose value nothing else reads, else −1. */
        double unneededInverse(Expr base);

        /** Whether the evaluator already has the value of this product (a plan for one evaluator). */
        boolean known(Expr product);
    }

    /** A product in the orientation it is stored in. */
    record Key(List<Factor> factors) {}

    /** An interval's product as stored, and whether the interval reads it transposed. */
    record Oriented(Key key, boolean flipped) {}

    /** How a value is read: a factor, or a product of two such reads (stored in its key's orientation). */
    sealed interface Tree permits Leaf, Product {}

    record Leaf(Factor factor) implements Tree {}

    /** key's value = op(left) · op(right); expr is its memo key; a palindrome's value is symmetric. */
    record Product(Key key, Expr expr, Tree left, boolean leftFlipped, Tree right, boolean rightFlipped, boolean palindrome)
            implements Tree {}

    /** A tree, read transposed or not. */
    record Use(Tree tree, boolean flipped) {}

    /** What a trace became: the trace of one product ({@code whole}), or Σ P ⊙ Qᵀ over two halves. */
    record TraceChoice(Use whole, Use p, Use q) {}

    /** Above this total of k³ over the chains (k factors each), shared products are not searched for: each chain is still ordered. */
    static final int MAX_SEARCH_WORK = 20_000;
    static final int MAX_CANDIDATES = 64;
    /** A trace of at most this many factors is split at its cheapest rotation; a longer one as written. */
    static final int MAX_ROTATED = 12;

    private final Facts facts;
    private final List<Seq> chains = new ArrayList<>();
    private final List<List<Seq>> traces = new ArrayList<>();
    private final Set<Key> shared = new LinkedHashSet<>();
    private final Map<Key, Tree> trees = new HashMap<>();
    private final Map<Key, Expr> exprs = new HashMap<>();
    /** Each product's orientation as first met (a needed chain as written), and its transpose's. */
    private final Map<List<Factor>, Oriented> orientations = new HashMap<>();
    /** Inverses that a chosen trace reads as a half: they must be computed after all. */
    final Set<Expr> inversesNeeded = new LinkedHashSet<>();

    Chains(Facts facts) { this.facts = facts; }

    /** A chain whose value is needed; returns its number. */
    int chain(List<Factor> factors) {
        Seq s = new Seq(factors);
        s.key(0, s.size() - 1);  // the orientation it is written in is the one it is stored in
        chains.add(s);
        return chains.size() - 1;
    }

    /** A chain of which only the trace is needed; returns its number. */
    int trace(List<Factor> factors) {
        List<Seq> rotations = new ArrayList<>();
        for (int r = 0; r < factors.size(); r++) {
            List<Factor> rot = new ArrayList<>(factors.subList(r, factors.size()));
            rot.addAll(factors.subList(0, r));
            rotations.add(new Seq(rot));
        }
        traces.add(rotations);
        return traces.size() - 1;
    }

    /** A chain of which only the diagonal is needed (no rotation keeps it): a trace of one rotation; returns its number. */
    int diagonal(List<Factor> factors) {
        traces.add(List.of(new Seq(factors)));
        return traces.size() - 1;
    }

    /** Chooses what to share: every needed chain, then sub-products while the total cost falls. */
    void plan() {
        for (Seq s : chains) shared.add(s.key(0, s.size() - 1).key);
        double work = 0;
        for (Seq s : chains) work += Math.pow(s.size(), 3);
        for (List<Seq> t : traces) work += Math.pow(t.size(), 4);
        if (work > MAX_SEARCH_WORK) return;
        List<Key> candidates = candidates();
        double best = total(shared);
        for (int round = 0; round < 16 && !candidates.isEmpty(); round++) {
            Key chosen = null;
            for (Key c : candidates) {
                Set<Key> with = new LinkedHashSet<>(shared);
                with.add(c);
                double t = total(with);
                if (t < best * (1 - 1e-9)) { best = t; chosen = c; }
            }
            if (chosen == null) break;
            shared.add(chosen);
            candidates.remove(chosen);
        }
    }

    /** Sub-products (of two or more factors, short of a whole chain) that occur at two places or more. */
    private List<Key> candidates() {
        Map<Key, Set<List<Integer>>> places = new LinkedHashMap<>();
        for (int d = 0; d < chains.size(); d++) {
            Seq s = chains.get(d);
            for (int i = 0; i < s.size(); i++)
                for (int j = i + 1; j < s.size() && j - i + 1 < s.size(); j++)
                    places.computeIfAbsent(s.key(i, j).key, k -> new HashSet<>()).add(List.of(d, i));
        }
        for (int d = 0; d < traces.size(); d++) {
            List<Seq> rotations = traces.get(d);
            int k = rotations.size();
            for (int r = 0; r < k; r++)
                for (int j = 1; j < k - 1; j++)
                    places.computeIfAbsent(rotations.get(r).key(0, j).key, x -> new HashSet<>()).add(List.of(-1 - d, r));
        }
        List<Key> out = new ArrayList<>();
        places.forEach((key, at) -> { if (at.size() >= 2 && !shared.contains(key)) out.add(key); });
        return out.size() > MAX_CANDIDATES ? new ArrayList<>(out.subList(0, MAX_CANDIDATES)) : out;
    }

    /** The cost of computing every shared product once and every trace its cheapest way. */
    private double total(Set<Key> with) {
        double total = 0;
        for (Key k : with) {
            Seq s = new Seq(k.factors);
            total += s.table(with, null)[0][0][s.size() - 1];
        }
        for (List<Seq> t : traces) total += traceCost(t, with, null);
        return total;
    }

    /** The cheapest way to a trace; fills choice with {rotation (−1: the whole product), split}. */
    private double traceCost(List<Seq> rotations, Set<Key> with, int[] choice) {
        Seq s0 = rotations.get(0);
        int k = s0.size();
        double best = s0.table(with, null)[1][0][k - 1] + s0.rows(0);
        if (choice != null) { choice[0] = -1; choice[1] = 0; }
        // every rotation of a short chain; of a longer one, the chain as written (k tables of k³ would be k⁴)
        for (int r = 0; r < Math.min(rotations.size(), k <= MAX_ROTATED ? k : 1); r++) {
            Seq s = rotations.get(r);
            double[][] use = s.table(with, null)[1];
            for (int split = 0; split < k - 1; split++) {
                double c = use[0][split] + use[split + 1][k - 1] + s.rows(0) * s.cols(split)
                        + lone(s, 0, split) + lone(s, split + 1, k - 1);
                if (c < best * (1 - 1e-9)) {
                    best = c;
                    if (choice != null) { choice[0] = r; choice[1] = split; }
                }
            }
        }
        return best;
    }

    /** What inverting a lone inverse factor costs when a trace reads it as a half (no solve can stand for it). */
    private double lone(Seq s, int i, int j) {
        return i == j ? Math.max(0, facts.unneededInverse(s.factors.get(i).base)) : 0;
    }

    // ---- the chosen trees

    /** How a needed chain is read. */
    Use chainUse(int chain) {
        Seq s = chains.get(chain);
        return s.use(0, s.size() - 1);
    }

    TraceChoice traceChoice(int trace) {
        List<Seq> rotations = traces.get(trace);
        int[] choice = new int[2];
        traceCost(rotations, shared, choice);
        if (choice[0] < 0) return new TraceChoice(rotations.get(0).use(0, rotations.get(0).size() - 1), null, null);
        Seq s = rotations.get(choice[0]);
        int k = s.size(), split = choice[1];
        Use p = s.use(0, split), q = s.use(split + 1, k - 1);
        for (Use half : new Use[] {p, q})
            if (half.tree instanceof Leaf l && facts.unneededInverse(l.factor.base) >= 0) inversesNeeded.add(l.factor.base);
        return new TraceChoice(null, p, q);
    }

    /** The tree of a product in its key's orientation, made once per key. */
    private Tree tree(Key key) {
        Tree t = trees.get(key);
        if (t == null) {
            t = new Seq(key.factors).build();
            trees.put(key, t);
        }
        return t;
    }

    /** Whether the evaluator has the product's value, in either orientation. */
    private boolean known(Key key) { return facts.known(expr(key)) || facts.known(transposedExpr(key)); }

    /** The memo key of the product's transpose (a plan for another evaluator may have stored it that way round). */
    Expr transposedExpr(Key key) { return expr(new Key(transposed(key.factors))); }

    private Expr expr(Key key) {
        return exprs.computeIfAbsent(key, k -> {
            List<Expr> fs = new ArrayList<>(k.factors.size());
            for (Factor f : k.factors) fs.add(f.t ? Exprs.transposed(f.base) : f.base);
            return Exprs.matmul(fs);
        });
    }

    /** The factors' transposes in reverse order: the chain's transpose (a symmetric factor is its own). */
    private List<Factor> transposed(List<Factor> fs) {
        List<Factor> rev = new ArrayList<>(fs.size());
        for (int p = fs.size() - 1; p >= 0; p--) {
            Factor f = fs.get(p);
            rev.add(new Factor(f.base, !f.t && !facts.symmetric(f.base)));
        }
        return rev;
    }

    /** A sequence of factors, with the key of each of its intervals. */
    private final class Seq {
        final List<Factor> factors;
        private final Oriented[][] keys;

        Seq(List<Factor> factors) {
            this.factors = factors;
            this.keys = new Oriented[factors.size()][factors.size()];
        }

        int size() { return factors.size(); }

        double rows(int i) {
            Factor f = factors.get(i);
            return f.t ? facts.cols(f.base) : facts.rows(f.base);
        }

        double cols(int i) {
            Factor f = factors.get(i);
            return f.t ? facts.rows(f.base) : facts.cols(f.base);
        }

        /** The product of factors i..j as stored: as it was first met, the interval or its transpose. */
        Oriented key(int i, int j) {
            Oriented o = keys[i][j];
            if (o == null) {
                List<Factor> fwd = List.copyOf(factors.subList(i, j + 1));
                o = orientations.get(fwd);
                if (o == null) {
                    List<Factor> rev = transposed(fwd);
                    Key k = new Key(fwd);
                    orientations.put(fwd, new Oriented(k, false));
                    if (!rev.equals(fwd)) orientations.put(rev, new Oriented(k, true));
                    o = orientations.get(fwd);
                }
                keys[i][j] = o;
            }
            return o;
        }

        /**
         * The interval dynamic program given the products in {@code with}: {compute, use}, where
         * compute[a][b] is the cost of computing the product of factors a..b, and use[a][b] the cost
         * where it is read (nothing for a product in {@code with} or known to the evaluator); split[a][b]
         * is where the product divides.
         */
        double[][][] table(Set<Key> with, int[][] split) {
            int k = size();
            double[][] compute = new double[k][k], use = new double[k][k];
            for (int len = 2; len <= k; len++)
                for (int a = 0; a + len - 1 < k; a++) {
                    int b = a + len - 1;
                    double best = Double.POSITIVE_INFINITY;
                    for (int s = a; s < b; s++) {
                        double c = use[a][s] + use[s + 1][b] + rows(a) * cols(s) * cols(b);
                        if (c < best) {
                            best = c;
                            if (split != null) split[a][b] = s;
                        }
                    }
                    compute[a][b] = best;
                    Key key = key(a, b).key;
                    use[a][b] = with.contains(key) || known(key) ? 0 : best;
                }
            return new double[][][] {compute, use};
        }

        /** How factors i..j are read: a factor, or the tree of their product. */
        Use use(int i, int j) {
            if (i == j) return new Use(new Leaf(factors.get(i)), false);
            Oriented o = key(i, j);
            return new Use(tree(o.key), o.flipped);
        }

        /** The product of all the factors (this sequence is a key, in its orientation), split where it is cheapest. */
        Tree build() {
            int k = size();
            int[][] split = new int[k][k];
            table(shared, split);
            return build(0, k - 1, split);
        }

        private Tree build(int i, int j, int[][] split) {
            Key key = key(i, j).key;
            int s = split[i][j];
            Use l = part(i, s, split), r = part(s + 1, j, split);
            return new Product(key, expr(key), l.tree, l.flipped, r.tree, r.flipped, key.factors.equals(transposed(key.factors)));
        }

        /** Factors i..j of this key's tree: a factor, a product made elsewhere, or a product of this tree's own. */
        private Use part(int i, int j, int[][] split) {
            if (i == j) return new Use(new Leaf(factors.get(i)), false);
            Oriented o = key(i, j);
            if (o.flipped || shared.contains(o.key) || trees.containsKey(o.key) || known(o.key))
                return new Use(tree(o.key), o.flipped);
            Tree own = build(i, j, split);
            trees.put(o.key, own);
            return new Use(own, false);
        }
    }
}
