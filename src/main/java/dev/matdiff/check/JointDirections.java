package dev.matdiff.check;

import dev.matdiff.expr.Expr;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.NumericException;

import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * The directions of a check whose variables would take more than {@value #MAX_DIRECTIONS} of
 * their own (coordinates, or random ones for a large variable): each takes about four
 * evaluations of the whole objective, whose own cost grows with the number of variables, so
 * thousands of small variables took minutes. Past that, the variables are cut into at most
 * {@value #BLOCKS} blocks of consecutive variables with about equal numbers of entries, and each
 * block is moved along {@value #PER_BLOCK} random directions that move all its variables at once
 * (a variable alone in its block along as many as a large variable gets): the symbolic side is
 * Σ ⟨G_X, V_X⟩ over the block. A wrong gradient of one variable still shows, diluted by about
 * the square root of the block's entries: a factor of 2 in one entry of a block of 4,000 is an
 * error of about 1/60, far above the tolerance (a relative slip below ~10⁻⁵·√entries can hide).
 *
 * <p>When a joint direction disagrees, {@link #localize} halves the block along it, keeping the
 * half whose symbolic and numeric derivatives differ the more, down to one variable, and checks
 * that variable alone with its own directions: the report names the variable and the entry.
 */
final class JointDirections {
    private JointDirections() {}

    /** Up to this many directions a check compares along each variable's own, as it always has. */
    static final int MAX_DIRECTIONS = 2048;
    static final int BLOCKS = 128;
    static final int PER_BLOCK = 2;

    /** The blocks' directions, one group (one floor) per block. */
    static List<List<FineCheck.Direction>> groups(Collection<Expr.Var> variables, Bindings at, Map<String, RealMatrix> gradients,
                                                  int alone, Random random) {
        List<List<FineCheck.Direction>> groups = new ArrayList<>();
        for (List<Expr.Var> block : blocks(variables, at)) {
            String name = name(block);
            int count = block.size() == 1 ? VariableDirections.randomFor(GradientCheck.value(at, block.get(0)), alone) : PER_BLOCK;
            List<FineCheck.Direction> group = new ArrayList<>();
            for (int k = 1; k <= count; k++) {
                Map<String, RealMatrix> moves = new LinkedHashMap<>();
                double symbolic = 0;
                for (Expr.Var x : block) {
                    RealMatrix v = VariableDirections.random(x, GradientCheck.value(at, x), random);
                    moves.put(x.name(), v);
                    symbolic += GradientCheck.inner(gradients.get(x.name()), v);
                }
                String label = "random direction " + k + (block.size() == 1 ? ", scaled to " + name + "'s entries"
                        : " moving these " + block.size() + " variables together, scaled to their entries");
                group.add(new FineCheck.Direction(name, label, moves, symbolic));
            }
            groups.add(group);
        }
        return groups;
    }

    /** Consecutive variables, a block closed once it has a {@value #BLOCKS}th of all the entries. */
    static List<List<Expr.Var>> blocks(Collection<Expr.Var> variables, Bindings at) {
        long total = 0;
        for (Expr.Var x : variables) total += entries(GradientCheck.value(at, x));
        long target = Math.max(1, (total + BLOCKS - 1) / BLOCKS);
        List<List<Expr.Var>> blocks = new ArrayList<>();
        List<Expr.Var> block = new ArrayList<>();
        long inBlock = 0;
        for (Expr.Var x : variables) {
            block.add(x);
            inBlock += entries(GradientCheck.value(at, x));
            if (inBlock >= target) {
                blocks.add(block);
                block = new ArrayList<>();
                inBlock = 0;
            }
        }
        if (!block.isEmpty()) blocks.add(block);
        return blocks;
    }

    private static long entries(RealMatrix m) { return (long) m.getRowDimension() * m.getColumnDimension(); }

    /** "x", "x, y", or "x0 … x38" for a block's first and last variables. */
    static String name(List<Expr.Var> block) {
        if (block.size() <= 2) return String.join(", ", block.stream().map(Expr.Var::name).toList());
        return block.get(0).name() + " … " + block.get(block.size() - 1).name();
    }

    /**
     * A failure along a joint direction traced to one variable, which {@code alone} then checks
     * with its own directions; see {@link #traced}.
     */
    static GradientCheck.Result localize(Expr f, Map<Expr.Var, Expr> gradients, Bindings at, List<FineCheck.Direction> directions,
                                         Map<String, RealMatrix> g, GradientCheck.Result failure,
                                         Function<Map<Expr.Var, Expr>, GradientCheck.Result> alone) {
        FineCheck.Direction joint = directions.stream()
                .filter(d -> d.variable().equals(failure.variable()) && d.label().equals(failure.direction())).findFirst().orElse(null);
        if (joint == null || joint.moves().size() == 1) return failure;  // an asymmetry, or a variable that has its block alone
        Halving h;
        try {
            h = halve(new ArrayList<>(joint.moves().keySet()), part -> gap(f, at, joint, part, g));
        } catch (NumericException outsideTheDomain) {
            return failure;
        }
        Expr.Var culprit = gradients.keySet().stream().filter(x -> x.name().equals(h.found())).findFirst().orElseThrow();
        return traced(failure, h, alone.apply(Map.of(culprit, gradients.get(culprit))));
    }

    /** The variable halving ended at, and how many directions it compared along. */
    record Halving(String found, int directions) {}

    /** Halves the variables of a joint direction, keeping the half whose derivatives differ the more ({@code gap}), down to one. */
    static Halving halve(List<String> names, java.util.function.ToDoubleFunction<List<String>> gap) {
        int directions = 0;
        while (names.size() > 1) {
            List<String> left = names.subList(0, names.size() / 2), right = names.subList(names.size() / 2, names.size());
            names = new ArrayList<>(gap.applyAsDouble(left) >= gap.applyAsDouble(right) ? left : right);
            directions += 2;
        }
        return new Halving(names.get(0), directions);
    }

    /**
     * The result of a joint failure that halving traced to a variable, {@code alone} that
     * variable's own check: its failure, naming the entry, if it fails (with the directions
     * halving took counted); if not, the joint failure stands, which is a conclusive one already.
     */
    static GradientCheck.Result traced(GradientCheck.Result failure, Halving h, GradientCheck.Result alone) {
        String how = String.format("%s found by halving %s along %s, where the error was %.2e", h.found(), failure.variable(),
                failure.direction(), failure.worstError());
        if (!alone.failed()) how = how + ", but it does not fail alone";
        GradientCheck.Result shown = alone.failed() ? alone : failure;
        Map<String, Double> errors = new LinkedHashMap<>(failure.errors());
        errors.putAll(alone.errors());
        String refined = shown.refined().isEmpty() ? how : shown.refined() + "; " + how;
        return new GradientCheck.Result(shown.verdict(), shown.worstError(), shown.tolerance(), shown.variable(), shown.direction(),
                shown.symbolic(), shown.numeric(), shown.relativeTo(), shown.floorFraction(), errors,
                failure.directions() + h.directions() + alone.directions(), refined);
    }

    /** |Σ ⟨G_X, V_X⟩ − the numeric derivative| along the joint direction restricted to some of its variables. */
    private static double gap(Expr f, Bindings at, FineCheck.Direction joint, List<String> part, Map<String, RealMatrix> g) {
        Map<String, RealMatrix> moves = new LinkedHashMap<>();
        double symbolic = 0;
        for (String x : part) {
            moves.put(x, joint.moves().get(x));
            symbolic += GradientCheck.inner(g.get(x), joint.moves().get(x));
        }
        return Math.abs(symbolic - GradientCheck.derivative(f, at, moves));
    }
}
