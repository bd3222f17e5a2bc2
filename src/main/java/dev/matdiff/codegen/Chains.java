package dev.matdiff.codegen;

import dev.matdiff.linalg.ChainOrder;
import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Dims;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Matrix product chains as generated code multiplies them: in the cheapest order for sizes
 * estimated from the shapes (a symbolic dimension counts as {@value #SYMBOLIC_SIZE}, a vector's 1
 * as 1, so {@code A*B*x} is two matrix-vector products), an inverse factor as a solve with its
 * neighbour ({@code inv(A)*B} is {@code solve(A, B)}), and a product some chain of the module has
 * already computed, or whose transpose it has, costing nothing: the gradient
 * {@code inv(S)'*C*C'*inv(S)'} reuses the objective's {@code inv(S)*C}. One per module.
 */
final class Chains {

    /** The size a dimension symbol is taken to have when choosing an order. */
    static final double SYMBOLIC_SIZE = 100;

    /**
     * One factor of a chain: {@code base}, transposed and/or inverted. An inverted factor is
     * never computed on its own unless it stands alone. A {@code symmetric} base (X'X) is never
     * read transposed: its transpose is itself, so a chain and its transpose share their products.
     */
    record Factor(Term base, boolean transposed, boolean inverse, boolean symmetric) {
        Factor {
            if (symmetric) transposed = false;
        }

        Factor(Term base, boolean transposed, boolean inverse) { this(base, transposed, inverse, false); }

        Shape shape() { return transposed ? base.shape().transposed() : base.shape(); }

        Factor flipped() { return new Factor(base, !transposed, inverse, symmetric); }
    }

    private final Terms terms;
    /** The products built so far, by their factors. */
    private final Map<List<Factor>, Term> known = new HashMap<>();
    /**
     * The first and last factors and the length of each known product: a chain's k² sub-chains are looked up only where
     * these match, as hashing each one's factors made planning k³ (1,000 factors: a minute, trial s66b).
     */
    private final java.util.Set<Ends> knownEnds = new java.util.HashSet<>();

    private record Ends(Factor first, Factor last, int length) {
        static Ends of(List<Factor> key) { return new Ends(key.get(0), key.get(key.size() - 1), key.size()); }
    }

    Chains(Terms terms) { this.terms = terms; }

    /** The product of the factors. */
    Term product(List<Factor> factors) {
        factors = throughOnesVectors(factors);
        if (factors.size() <= ChainOrder.MAX_SEARCHED) return build(factors, plan(factors).split, 0, factors.size() - 1);
        // past the search's reach, as the evaluator does, in blocks it can search, left to right (trial s75c: the cubic
        // search over 4,000 factors ran past two minutes)
        Term out = null;
        for (int i = 0; i < factors.size(); i += ChainOrder.MAX_SEARCHED) {
            Term block = product(factors.subList(i, Math.min(factors.size(), i + ChainOrder.MAX_SEARCHED)));
            out = out == null ? block : terms.matmul(out, block);
        }
        return out;
    }

    /**
     * tr(F1·…·Fk) as sum(L ⊙ Rᵀ) for the cheapest split L·R (or L·R itself when both are
     * vectors), so that the k×k product is never formed.
     */
    Term trace(List<Factor> factors) {
        factors = throughOnesVectors(factors);
        int k = factors.size();
        if (k > ChainOrder.MAX_SEARCHED) return terms.call(Op.TR, List.of(product(factors)), 0, Shape.SCALAR);
        Plan plan = plan(factors);
        double rows = size(factors.get(0).shape().rows());
        int best = -1;
        double bestCost = plan.cost[0][k - 1] + rows;
        for (int s = 0; s < k - 1; s++) {
            double c = plan.cost[0][s] + plan.cost[s + 1][k - 1] + rows * size(factors.get(s).shape().cols());
            if (c < bestCost) { bestCost = c; best = s; }
        }
        if (best < 0) return terms.call(Op.TR, List.of(build(factors, plan.split, 0, k - 1)), 0, Shape.SCALAR);
        Term left = build(factors, plan.split, 0, best), right = build(factors, plan.split, best + 1, k - 1);
        if (left.shape().isColumn()) return terms.matmul(right, left);  // tr(x yᵀ) = yᵀx
        // sum(L ⊙ Rᵀ) = sum(Lᵀ ⊙ R): read the one that is already a transpose untransposed
        if (left instanceof Term.Call c && c.is(Op.TRANSPOSE)) return terms.sum(terms.hadamard(c.arg(0), right));
        return terms.sum(terms.hadamard(left, terms.transpose(right)));
    }

    /**
     * ones(m, n) read as ones(m)·ones(n)ᵀ, so that a chain through it can be two matrix-vector products and an
     * outer one: Aᵀ·ones(n, n)·Bᵀ costs O(n²), not O(n³) (as the evaluator's plans read it).
     */
    private List<Factor> throughOnesVectors(List<Factor> factors) {
        List<Factor> out = new ArrayList<>(factors.size() + 1);
        for (Factor f : factors) {
            Shape s = f.shape();
            if (f.base() instanceof Term.Call c && c.is(Op.ONES) && !s.rows().isOne() && !s.cols().isOne()) {
                out.add(new Factor(terms.call(Op.ONES, List.of(), 0, Shape.vector(s.rows())), false, false));
                out.add(new Factor(terms.call(Op.ONES, List.of(), 0, Shape.vector(s.cols())), true, false));
            } else out.add(f);
        }
        return out;
    }

    private record Plan(double[][] cost, int[][] split) {}

    /** The classic dynamic program over the factors' estimated sizes, with known products free. */
    private Plan plan(List<Factor> f) {
        int k = f.size();
        double[] dims = new double[k + 1];
        dims[0] = size(f.get(0).shape().rows());
        for (int i = 0; i < k; i++) dims[i + 1] = size(f.get(i).shape().cols());
        double[][] cost = new double[k][k];
        int[][] split = new int[k][k];
        for (int len = 2; len <= k; len++)
            for (int i = 0; i + len - 1 < k; i++) {
                int j = i + len - 1;
                if (isKnown(f.subList(i, j + 1))) continue;  // cost 0
                cost[i][j] = Double.POSITIVE_INFINITY;
                for (int s = i; s < j; s++) {
                    double c = cost[i][s] + cost[s + 1][j] + dims[i] * dims[s + 1] * dims[j + 1];
                    if (c < cost[i][j]) { cost[i][j] = c; split[i][j] = s; }
                }
            }
        return new Plan(cost, split);
    }

    private Term build(List<Factor> f, int[][] split, int i, int j) {
        if (i == j) return value(f.get(i));
        List<Factor> key = List.copyOf(f.subList(i, j + 1));
        Term done = lookup(key);
        if (done != null) return done;
        int s = split[i][j];
        Term out, block;
        if (s == i && f.get(i).inverse()) {
            out = terms.solve(inverted(f.get(i)), build(f, split, s + 1, j));
        } else if (s + 1 == j && f.get(j).inverse()) {
            // B·A⁻¹ = (A⁻ᵀ·Bᵀ)ᵀ, and A⁻ᵀ = A⁻¹ for a symmetric A
            Term a = f.get(j).symmetric() ? inverted(f.get(j)) : terms.transpose(inverted(f.get(j)));
            out = terms.transpose(terms.solve(a, terms.transpose(build(f, split, i, s))));
        } else if (s == i && (block = blockOf(f.get(i))) != null) {
            Term right = build(f, split, s + 1, j);
            out = terms.form(Term.Form.BLOCK_TIMES, List.of(block, right), new Shape(f.get(i).shape().rows(), right.shape().cols()));
        } else if (s + 1 == j && (block = blockOf(f.get(j))) != null) {
            Term left = build(f, split, i, s);
            out = terms.form(Term.Form.TIMES_BLOCK, List.of(left, block), new Shape(left.shape().rows(), f.get(j).shape().cols()));
        } else {
            out = terms.matmul(build(f, split, i, s), build(f, split, s + 1, j));
        }
        known.put(key, out);
        knownEnds.add(Ends.of(key));
        return out;
    }

    /** A factor's own value: an inverse computed when it stands alone. */
    private Term value(Factor f) {
        Term base = f.inverse() ? terms.call(Op.INV, List.of(f.base()), 0, f.base().shape()) : f.base();
        return f.transposed() ? terms.transpose(base) : base;
    }

    /**
     * B when the factor is kron(eye(p), B), block diagonal (its transpose is kron(eye(p), Bᵀ)), else null: multiplied
     * block by block, as the evaluator multiplies it ({@code linalg/BlockDiagonal}); formed, a minibatch softmax's
     * kron(eye(N), ones(k, k)) is (Nk)² entries, 5 GB at N = 2,500 and k = 10.
     */
    private Term blockOf(Factor f) {
        if (f.inverse() || !(f.base() instanceof Term.Call c) || !c.is(Op.KRON) || !(c.arg(0) instanceof Term.Call e) || !e.is(Op.EYE)) return null;
        return f.transposed() ? terms.transpose(c.arg(1)) : c.arg(1);
    }

    /** The matrix whose inverse the factor is. */
    private Term inverted(Factor f) { return f.transposed() ? terms.transpose(f.base()) : f.base(); }

    private boolean isKnown(List<Factor> key) {
        int k = key.size();
        if (knownEnds.contains(new Ends(key.get(0), key.get(k - 1), k)) && known.containsKey(key)) return true;
        return knownEnds.contains(new Ends(key.get(k - 1).flipped(), key.get(0).flipped(), k)) && known.containsKey(transposedKey(key));
    }

    private Term lookup(List<Factor> key) {
        Term t = known.get(key);
        if (t != null) return t;
        t = known.get(transposedKey(key));
        return t == null ? null : terms.transpose(t);
    }

    /** The factors of the transposed product: (F1·…·Fk)ᵀ = Fkᵀ·…·F1ᵀ. */
    private static List<Factor> transposedKey(List<Factor> key) {
        List<Factor> out = new ArrayList<>(key.size());
        for (int i = key.size() - 1; i >= 0; i--) out.add(key.get(i).flipped());
        return out;
    }

    /** A dimension's size for choosing an order: its number, or symbols at {@value #SYMBOLIC_SIZE}. */
    static double size(Dim d) {
        if (d instanceof Dim.Fixed f) return f.size();
        Map<String, Integer> all = new HashMap<>();
        for (String s : Dims.symbols(d)) all.put(s, (int) SYMBOLIC_SIZE);
        return Math.max(2, Dims.evaluate(d, all));
    }
}
