package dev.matdiff.check;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Dim;
import dev.matdiff.expr.ShapeRules;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Dims;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Shape;
import dev.matdiff.linalg.Matrices;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.NumericException;
import dev.matdiff.shapes.Assumption;

import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random points to check gradients at. Entries have magnitudes in [0.2, 0.9]: away from 0 (so
 * abs, relu, sign and division are smooth there), inside arcsin's domain, and never large enough
 * for exp to dominate. A square matrix gets its diagonal raised above the sum of its row's other
 * magnitudes, so it is strictly diagonally dominant with a positive diagonal: well-conditioned
 * with a positive determinant. A symmetric variable is treated the same way, which makes it
 * symmetric positive definite.
 */
public final class RandomData {
    private RandomData() {}

    public enum Mode {
        /** entries of both signs */
        MIXED,
        /** all entries positive, for objectives with log or sqrt */
        POSITIVE
    }

    static final double LOW = 0.2, HIGH = 0.9;
    /** The first default dimension size; later symbols get the next unused sizes. */
    static final int FIRST_DEFAULT_SIZE = 3;

    /**
     * The data scales tried, in order, each with data of both signs and then positive data: the
     * drawn point first, then smaller ones (arcsin(A*x) needs |A*x| ≤ 1; scaling every variable by
     * s scales a product of k of them by sᵏ), then larger ones (log(x'*x - 1)).
     */
    static final double[] SCALES = {1, 0.5, 0.25, 0.1, 0.03, 2, 4};
    /** Further seeds tried at {@link #MORE_SEED_SCALES} when no scaling of the first draw is in the domain. */
    public static final int MORE_SEEDS = 16;
    /** The scales the further seeds are tried at. */
    static final double[] MORE_SEED_SCALES = {1, 0.25};

    /**
     * The scales the first draw is tried at, in order (a copy): the generated code's main looks for its point the same way
     * (matdiff itself adds one for large sizes, {@link #scales(Map)}).
     */
    public static double[] scales() { return SCALES.clone(); }

    /** The scales each further seed is tried at, in order (a copy). */
    public static double[] moreSeedScales() { return MORE_SEED_SCALES.clone(); }

    /**
     * Runs {@code step} at a random point for the variables the expressions read, looking for one
     * where it does not throw a NumericException (f or a gradient undefined, a step leaving the
     * domain): data of both signs first, then all-positive data (log, sqrt), each drawn point
     * scaled by each of {@link #SCALES}, then a few other seeds. If every point fails, the first
     * failure is thrown, saying how many points were tried.
     */
    public static <T> T atRandomPoint(List<Expr> exprs, Map<String, Integer> dims, long seed, java.util.function.Function<Bindings, T> step) {
        return atRandomPoint(exprs, List.of(), dims, seed, step);
    }

    /** The same for a derivation: values for all its variables, at points that satisfy its program's assumptions. */
    public static <T> T atRandomPoint(Derivation d, Map<String, Integer> dims, long seed, java.util.function.Function<Bindings, T> step) {
        return atRandomPoint(d.objectiveAndGradients(), d.wrt(), d.assumptions(), dims, seed, step);
    }

    /**
     * The same, with values drawn for {@code also} too: the variables of a derivation, one of
     * which the objective may not read (its gradient is then zero, and still checked).
     */
    public static <T> T atRandomPoint(List<Expr> exprs, Collection<Expr.Var> also, Map<String, Integer> dims, long seed,
                                      java.util.function.Function<Bindings, T> step) {
        return atRandomPoint(exprs, also, List.of(), dims, seed, step);
    }

    private static <T> T atRandomPoint(List<Expr> exprs, Collection<Expr.Var> also, List<Assumption> facts, Map<String, Integer> dims, long seed,
                                       java.util.function.Function<Bindings, T> step) {
        List<Expr.Var> read = new ArrayList<>(Dag.variables(exprs));
        for (Expr.Var v : also) if (!read.contains(v)) read.add(v);
        Map<String, Integer> ascending = fitting(read, exprs, dims);
        withinMemory(read, exprs, ascending);
        NumericException first = null;
        AssumedData.Unsatisfiable unsatisfiable = null;
        T unsettled = null;
        int tried = 0;
        double lowest = java.util.Arrays.stream(SCALES).min().orElse(1);
        // defaults in the other order too: X'X with X m×n is singular at every point when m < n (an error), and
        // det(X'AX) is 0 there (a check that cannot decide, which the other order may settle)
        for (Map<String, Integer> sizes : orders(ascending, read, exprs, dims)) {
            sizes:
            for (long s = 0; s <= MORE_SEEDS; s++)
                for (double scale : s == 0 ? scales(sizes) : MORE_SEED_SCALES)
                    for (Mode mode : Mode.values()) {
                        tried++;
                        lowest = Math.min(lowest, scale);
                        try {
                            T result = step.apply(AssumedData.satisfying(scaled(draw(read, sizes, seed + 7919 * s, mode), scale), facts));
                            if (!(result instanceof GradientCheck.Result r) || r.verdict() != GradientCheck.Verdict.INCONCLUSIVE) return result;
                            if (unsettled == null) unsettled = result;
                            break sizes;
                        } catch (AssumedData.Unsatisfiable e) {
                            // the sizes, not the draw, are at fault: another draw at them would fare no better
                            if (unsatisfiable == null) unsatisfiable = e;
                            break sizes;
                        } catch (NumericException e) {
                            if (first == null) first = e;
                        }
                    }
        }
        if (unsettled != null) return unsettled;
        if (first == null) throw unsatisfiable;
        throw new NoPointFound("no point found where the objective and its gradients are defined (" + searched(tried, lowest) + "); at the first: "
                + first.getMessage(), first);
    }

    /** No random point was in the domain of the objective and its gradients: the first failure, worded as such. */
    public static final class NoPointFound extends NumericException {
        NoPointFound(String message, NumericException first) { super(message, first.pos(), first.node()); }
    }

    /**
     * The most entries the variables of one random point may have together, and any one value computed from them
     * (256 MB of numbers): more is refused at once, not after the memory runs out.
     */
    public static final long MAX_ENTRIES = 1L << 25;

    /** Past this many entries in one value, the defaults start at {@link #SMALL_FIRST_DEFAULT_SIZE}: a tower of Kronecker products of n×n matrices has n^k rows. */
    static final long COMFORTABLE_ENTRIES = 1L << 20;
    static final int SMALL_FIRST_DEFAULT_SIZE = 2;

    /** {@link #sizes}, or the same from defaults 2, 3, … when that makes the largest value the expressions compute smaller and it was uncomfortably large. */
    private static Map<String, Integer> fitting(Collection<Expr.Var> variables, List<Expr> exprs, Map<String, Integer> given) {
        Map<String, Integer> sizes = sizes(variables, exprs, given, FIRST_DEFAULT_SIZE);
        double largest = largest(exprs, sizes);
        if (largest <= COMFORTABLE_ENTRIES) return sizes;
        Map<String, Integer> small = sizes(variables, exprs, given, SMALL_FIRST_DEFAULT_SIZE);
        return largest(exprs, small) < largest ? small : sizes;
    }

    /**
     * A value of d's, at the sizes its first random point takes, with more than {@code maxEntries} entries or wider and
     * taller than {@code maxSide}, as "2048×2048 at n = 2"; null where none is, or where one is past what any point
     * takes ({@link #MAX_ENTRIES}: drawing refuses it in its own words).
     */
    public static String largeAtFirstSizes(Derivation d, long maxEntries, int maxSide) {
        List<Expr> exprs = d.objectiveAndGradients();
        List<Expr.Var> read = new ArrayList<>(Dag.variables(exprs));
        for (Expr.Var v : d.wrt()) if (!read.contains(v)) read.add(v);
        Map<String, Integer> sizes = fitting(read, exprs, Map.of());
        if (largest(exprs, sizes) > MAX_ENTRIES) return null;
        for (Expr e : Dag.postOrder(exprs)) {
            long rows = length(e.shape().rows(), sizes), cols = length(e.shape().cols(), sizes);
            if ((double) rows * cols > maxEntries || rows > maxSide && cols > maxSide) return rows + "×" + cols + (sizes.isEmpty() ? ""
                        : " at " + sizes.entrySet().stream().map(z -> z.getKey() + " = " + z.getValue()).collect(java.util.stream.Collectors.joining(", ")));
        }
        return null;
    }

    /** The most entries of any value the expressions compute, at these sizes. */
    private static double largest(List<Expr> exprs, Map<String, Integer> sizes) {
        double most = 0;
        for (Expr e : Dag.postOrder(exprs)) most = Math.max(most, entries(e.shape().rows(), e.shape().cols(), sizes));
        return most;
    }

    /** rows × cols at these sizes, a dimension without a size counting 1; infinite past a long's range, where Dims.evaluate saturates. */
    private static double entries(Dim rows, Dim cols, Map<String, Integer> sizes) {
        long r = length(rows, sizes), c = length(cols, sizes);
        return r == Long.MAX_VALUE || c == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : (double) r * c;
    }

    private static long length(Dim d, Map<String, Integer> sizes) { return d instanceof Dim.Unknown ? 1 : Math.max(1, Dims.evaluate(d, sizes)); }

    /** Refuses sizes at which the variables together, or one value the expressions compute (Kronecker products), would not fit. */
    private static void withinMemory(Collection<Expr.Var> variables, List<Expr> exprs, Map<String, Integer> sizes) {
        String at = (sizes.isEmpty() ? "" : " at " + sizes) + " (at most " + MAX_ENTRIES;
        double total = 0;
        for (Expr.Var v : variables) {
            double entries = entries(v.shape().rows(), v.shape().cols(), sizes);
            total += entries;
            if (total > MAX_ENTRIES)
                throw new NumericException("the random data is too large: '" + v.name() + (entries > MAX_ENTRIES ? "' alone has "
                        + count(entries) : "' brings the variables to " + count(total)) + " entries" + at + " in all)");
        }
        double largest = largest(exprs, sizes);
        if (largest > MAX_ENTRIES)
            throw new NumericException("the random data is too large: a value the expressions compute would have "
                    + count(largest) + " entries" + at + ")");
    }

    private static String count(double entries) {
        return Double.isInfinite(entries) ? "more than 9.22e+18" : String.format(java.util.Locale.ROOT, "%.3g", entries);
    }

    /**
     * {@link #SCALES}, then, where the sizes make it smaller still, one that brings a square variable's dominant
     * diagonal (about n times the mean entry) to about 1: det(X) at n = 400 is about (0.55 n)ⁿ, past a double's range
     * at every fixed scale (bench refused it, trial s65a), and about 1 there.
     */
    private static double[] scales(Map<String, Integer> sizes) {
        int largest = sizes.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        // one significant digit, as the message prints it: 1/(0.55·400) is 0.005
        double scale = Double.parseDouble(String.format(java.util.Locale.ROOT, "%.0e", 1 / (largest * (LOW + HIGH) / 2)));
        if (scale >= LOWEST_FIXED_SCALE) return SCALES;  // below about 60 the fixed scales already reach it
        double[] out = java.util.Arrays.copyOf(SCALES, SCALES.length + 1);
        out[SCALES.length] = scale;
        return out;
    }

    private static final double LOWEST_FIXED_SCALE = java.util.Arrays.stream(SCALES).min().orElse(1);

    /** How many points were tried, and how they were drawn: for "no point found" here and in generated programs. */
    public static String searched(int tried) { return searched(tried, java.util.Arrays.stream(SCALES).min().orElse(1)); }

    private static String searched(int tried, double low) {
        double high = java.util.Arrays.stream(SCALES).max().orElse(1);
        return tried + " random points, of both signs and positive, scaled by " + dev.matdiff.expr.TextPrinter.number(low) + " to "
                + dev.matdiff.expr.TextPrinter.number(high);
    }

    /** Every value times {@code scale}: diagonal dominance, symmetry and signs survive it. */
    static Bindings scaled(Bindings at, double scale) {
        if (scale == 1) return at;
        Map<String, RealMatrix> values = new LinkedHashMap<>();
        at.values().forEach((name, value) -> values.put(name, value.scalarMultiply(scale)));
        return new Bindings(values, at.dimSizes());
    }

    /** Draws values for the variables, with dimension sizes from {@link #sizes}. */
    public static Bindings draw(Collection<Expr.Var> variables, Collection<? extends Expr> expressions,
                                Map<String, Integer> given, long seed, Mode mode) {
        return draw(variables, sizes(variables, expressions, given), seed, mode);
    }

    /** Draws values for the variables, every dimension symbol of which has a size in {@code sizes}. */
    public static Bindings draw(Collection<Expr.Var> variables, Map<String, Integer> sizes, long seed, Mode mode) {
        withinMemory(variables, List.of(), sizes);  // a size past an int's range is said as too large, not "integer overflow"
        Random random = new Random(seed);
        Map<String, RealMatrix> values = new LinkedHashMap<>();
        for (Expr.Var v : variables) {
            if (v.shape().isScalar() && sizes.containsKey(v.name())) {
                // scalar N beside X(D, N): one name, one number, as the data must give it
                values.put(v.name(), Matrices.scalar(sizes.get(v.name())));
                continue;
            }
            int rows = size(v, v.shape().rows(), sizes), cols = size(v, v.shape().cols(), sizes);
            double[][] d = new double[rows][cols];
            boolean square = rows > 1 && v.shape().rows().equals(v.shape().cols());
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                    d[i][j] = v.symmetric() && j < i ? d[j][i] : entry(random, mode);
            if (square || v.symmetric()) dominantDiagonal(d);
            values.put(v.name(), Matrices.wrap(d));
        }
        return new Bindings(values, sizes);
    }

    /**
     * A size for every dimension symbol in the variables' and expressions' shapes: the given ones,
     * and for the rest distinct defaults 3, 4, 5, … (skipping given sizes), so that a wrong
     * transpose cannot hide behind equal sizes. Defaults are then grown until every derived size,
     * such as conv's p − r + 1, is at least 2.
     */
    public static Map<String, Integer> sizes(Collection<Expr.Var> variables, Collection<? extends Expr> expressions,
                                             Map<String, Integer> given) {
        return sizes(variables, expressions, given, FIRST_DEFAULT_SIZE);
    }

    private static Map<String, Integer> sizes(Collection<Expr.Var> variables, Collection<? extends Expr> expressions,
                                              Map<String, Integer> given, int firstDefault) {
        List<Dim> dims = dimensions(variables, expressions);
        Map<String, Integer> sizes = new LinkedHashMap<>(given);
        Set<Integer> used = new HashSet<>(given.values());
        int next = firstDefault;
        for (Dim d : dims)
            for (String s : Dims.symbols(d))
                if (!sizes.containsKey(s)) {
                    while (used.contains(next)) next++;
                    sizes.put(s, next);
                    used.add(next);
                }
        DerivedSizes.fit(dims, sizes, given.keySet());
        return sizes;
    }

    private static List<Dim> dimensions(Collection<Expr.Var> variables, Collection<? extends Expr> expressions) {
        List<Dim> dims = new ArrayList<>();
        for (Expr.Var v : variables) addDims(v.shape(), dims);
        walk(expressions, dims);
        return dims;
    }

    /**
     * Sizes for the variables: those of the point {@code matdiff check} finds where the derivation's
     * values exist (logdet(X'*X) needs X taller than wide), {@link #sizes} for symbols it does not
     * read or when there is no such point. The sizes a generated program checks itself at.
     */
    public static Map<String, Integer> sizesWithAPoint(Derivation d, Collection<Expr.Var> variables) {
        Map<String, Integer> out = sizes(variables, d.objectiveAndGradients(), Map.of());
        try {
            out.putAll(atRandomPoint(d, Map.of(), 1, at -> {
                new dev.matdiff.numeric.Evaluator(at).values(d.objectiveAndGradients());
                return at.dimSizes();
            }));
        } catch (NumericException nowhere) {
            // main says so, inconclusive
        }
        return out;
    }

    /** Defaulted sizes past which only the ascending and descending orders are tried (4! = 24 orders at most). */
    static final int MAX_PERMUTED = 4;

    /**
     * The sizes to try, distinct: the defaults in ascending order, then descending, then (for up to {@link #MAX_PERMUTED}
     * defaulted sizes) every other order, the given sizes kept and each grown as {@link #sizes} grows them. A DPP's
     * logdet(EᵀBBᵀE), E n×s and B n×k, is singular unless s ≤ k and s ≤ n, which neither of the first two orders gives
     * (trial s69b).
     */
    static List<Map<String, Integer>> orders(Map<String, Integer> ascending, Collection<Expr.Var> variables,
                                             Collection<? extends Expr> expressions, Map<String, Integer> given) {
        List<String> defaulted = new ArrayList<>();
        List<Integer> values = new ArrayList<>();
        ascending.forEach((s, v) -> { if (!given.containsKey(s)) { defaulted.add(s); values.add(v); } });
        List<List<Integer>> assignments = new ArrayList<>();
        List<Integer> reversed = new ArrayList<>(values);
        java.util.Collections.reverse(reversed);
        assignments.add(reversed);
        if (values.size() <= MAX_PERMUTED) permutations(values, 0, assignments);
        List<Dim> dims = dimensions(variables, expressions);
        java.util.LinkedHashSet<Map<String, Integer>> out = new java.util.LinkedHashSet<>(List.of(ascending));
        for (List<Integer> assignment : assignments) {
            Map<String, Integer> sizes = new LinkedHashMap<>(given);
            for (int i = 0; i < defaulted.size(); i++) sizes.put(defaulted.get(i), assignment.get(i));
            DerivedSizes.fit(dims, sizes, given.keySet());
            out.add(sizes);
        }
        return List.copyOf(out);
    }

    /** Every order of values from index k on, appended to out (Heap's swaps, values restored). */
    private static void permutations(List<Integer> values, int k, List<List<Integer>> out) {
        if (k == values.size()) {
            out.add(List.copyOf(values));
            return;
        }
        for (int i = k; i < values.size(); i++) {
            java.util.Collections.swap(values, k, i);
            permutations(values, k + 1, out);
            java.util.Collections.swap(values, k, i);
        }
    }

    private static double entry(Random random, Mode mode) {
        double magnitude = LOW + (HIGH - LOW) * random.nextDouble();
        return mode == Mode.MIXED && random.nextBoolean() ? -magnitude : magnitude;
    }

    /** d_ii := Σ_j |d_ij| + LOW: strict diagonal dominance with a positive diagonal. */
    private static void dominantDiagonal(double[][] d) {
        for (int i = 0; i < d.length; i++) {
            double s = 0;
            for (double x : d[i]) s += Math.abs(x);
            d[i][i] = s + LOW;
        }
    }

    private static int size(Expr.Var v, Dim d, Map<String, Integer> sizes) {
        long s = d instanceof Dim.Unknown ? -1 : Dims.evaluate(d, sizes);
        if (s < 1) throw new NumericException("no size for dimension " + d + " of '" + v.name() + "'");
        return Math.toIntExact(s);
    }

    private static void addDims(Shape s, List<Dim> out) {
        for (Dim d : List.of(s.rows(), s.cols())) if (!(d instanceof Dim.Unknown) && !(d instanceof Dim.Fixed)) out.add(d);
    }

    private static void walk(Collection<? extends Expr> roots, List<Dim> out) {
        for (Expr e : Dag.postOrder(roots)) {
            // conv's matrices are (p − r + 1)(q − s + 1) tall: each factor is made positive first, not only their product
            if (Exprs.is(e, Op.CONVMATRIX)) addDims(ShapeRules.validConvolution(Exprs.arg(e, 1).shape(), Exprs.arg(e, 0).shape()), out);
            if (Exprs.is(e, Op.IM2COL)) addDims(ShapeRules.validConvolution(Exprs.arg(e, 0).shape(), Exprs.arg(e, 1).shape()), out);
            addDims(e.shape(), out);
        }
    }
}
