package dev.matdiff.calculus;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.LinearAdjoint;
import dev.matdiff.expr.Op;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.matdiff.expr.Exprs.*;

/**
 * Moves every dX to the right: for a scalar differential df, linear in the dX's, finds the G_X
 * with df = Σ Tr(G_Xᵀ dX). It applies the adjoint of each linear node, Tr(Gᵀ L(V)) = Tr(L*(G)ᵀ V),
 * from the root down, by reverse accumulation over the shared DAG: each node's adjoint is summed
 * once, in reverse topological order, so the gradient's size stays linear in df's.
 */
final class Adjoint {

    record Result(Map<Expr.Var, Expr> gradients, Set<Law> laws) {}

    private final Map<Expr, List<Expr>> contributions = IdentityMaps.map();
    private final Map<Expr.Var, List<Expr>> byVariable = new LinkedHashMap<>();
    private final Set<Law> laws = new LinkedHashSet<>();
    /** Which nodes hold a differential: only those arguments receive an adjoint. */
    private final Map<Expr, Boolean> linear = IdentityMaps.map();

    private Adjoint() {}

    /** The G_X of a scalar differential (gradients not yet simplified). */
    static Result of(Expr df) {
        Adjoint a = new Adjoint();
        a.run(df);
        Map<Expr.Var, Expr> out = new LinkedHashMap<>();
        a.byVariable.forEach((v, parts) -> out.put(v, add(parts)));
        return new Result(out, a.laws);
    }

    private void run(Expr df) {
        List<Expr> order = linearNodesInTopologicalOrder(df);
        contributions.computeIfAbsent(df, k -> new ArrayList<>()).add(ONE);
        for (Expr node : order) {
            List<Expr> parts = contributions.get(node);
            if (parts == null) continue;
            propagate((Node) node, add(parts));
        }
    }

    /**
     * The coefficient of a scalar differential da in Tr(Gᵀ(A da)): sum(A ⊙ G), which the simplifier reads as aᵀg for a
     * vector, sum(G) for ones and multiplies out entry by entry (sum(B ⊙ B.^2) is sum(B.^3)); but Tr(AG), as GPML writes
     * ½ tr((ααᵀ − K⁻¹) ∂K/∂θ), where A is symmetric and G is matrix algebra (products, sums, inverses), so no transpose
     * and no entry-wise product is written.
     */
    private static Expr coefficient(Expr x, Expr g) {
        if (Exprs.is(x, Op.EYE)) return tr(g);
        boolean textbookTrace = !x.shape().isColumn() && !Exprs.is(x, Op.ONES) && dev.matdiff.simplify.Symmetry.isSymmetric(x)
                && matrixAlgebra(x, new int[] {64}) && matrixAlgebra(g, new int[] {256});
        return textbookTrace ? tr(mul(transposed(x), g)) : sum(hadamard(x, g));
    }

    /** Whether e is made of products, sums, transposes, inverses and powers of symbols and scalars, within budget[0] nodes. */
    private static boolean matrixAlgebra(Expr e, int[] budget) {
        if (--budget[0] < 0) return false;
        // a scalar factor (1/α², a norm) is a number to the trace, whatever it is made of
        if (!(e instanceof Node n) || e.shape().isScalar()) return true;
        switch (n.op()) {
            case MATMUL, ADD, NEG, SCALE, DIV, TRANSPOSE, INV, POWER, EYE -> { }
            default -> { return false; }
        }
        for (Expr c : n.args()) if (!matrixAlgebra(c, budget)) return false;
        return true;
    }

    private void send(Expr target, Expr adjoint) {
        contributions.computeIfAbsent(target, k -> new ArrayList<>()).add(adjoint);
    }

    /** Nodes that hold a differential, parents before children. */
    private List<Expr> linearNodesInTopologicalOrder(Expr root) {
        List<Expr> out = new ArrayList<>();
        for (Expr e : Dag.postOrderLastChildFirst(root)) {
            boolean holds = Exprs.is(e, Op.DIFF) || Exprs.anyChild(e, c -> linear.get(c) == Boolean.TRUE);
            linear.put(e, holds);
            if (holds) out.add(e);
        }
        java.util.Collections.reverse(out);
        return out;
    }

    private boolean holds(Expr e) { return Boolean.TRUE.equals(linear.get(e)); }

    /**
     * s·g for scalars, s in front as the textbooks write it; but behind a long chain of scalings, where the chain grows
     * in one step: in front, every step rebuilt the chain (scalars gather first), quadratic in a Horner polynomial's depth.
     */
    private static Expr scalarTimes(Expr s, Expr g) {
        Expr spine = g;
        for (int i = 0; i < LONG_CHAIN; i++, spine = Exprs.arg(spine, 0)) if (!Exprs.is(spine, Op.SCALE)) return mul(s, g);
        return mul(g, s);
    }

    /** Scalings beyond which a scalar adjoint goes behind the chain (the order of its factors is then not the textbook's). */
    static final int LONG_CHAIN = 256;

    /** Sends the adjoint G of node n to the arguments of n that hold a differential. */
    private void propagate(Node n, Expr g) {
        List<Expr> a = n.args();
        LinearAdjoint adjoint = n.op().spec().adjoint();
        if (adjoint != null) {
            for (int i = 0; i < a.size(); i++) if (holds(a.get(i))) send(a.get(i), adjoint.of(n, i, g));
            // Tr(M dX) is already the form read off: the trace itself needs no law
            if (n.op() != Op.TR) laws.add(Law.TR_ADJOINT);
            return;
        }
        switch (n.op()) {
            case DIFF -> byVariable.computeIfAbsent((Expr.Var) n.arg(0), k -> new ArrayList<>()).add(g);
            case ADD -> { for (Expr t : a) if (holds(t)) send(t, g); laws.add(Law.TR_SUM); }
            case NEG -> { send(a.get(0), neg(g)); laws.add(Law.TR_LINEAR); }
            case MATMUL -> {
                for (int i = 0; i < a.size(); i++) {
                    if (!holds(a.get(i))) continue;
                    List<Expr> factors = new ArrayList<>();
                    if (i > 0) factors.add(transposed(matmul(a.subList(0, i))));
                    factors.add(g);
                    if (i < a.size() - 1) {
                        factors.add(transposed(matmul(a.subList(i + 1, a.size()))));
                        // what stands right of the differential moves round to the left
                        laws.add(Law.TR_CYCLIC);
                    }
                    send(a.get(i), product(factors));
                }
            }
            case SCALE -> {
                Expr s = a.get(0), x = a.get(1);
                if (holds(s)) send(s, x.shape().isScalar() ? scalarTimes(x, g) : coefficient(x, g));
                if (holds(x)) send(x, x.shape().isScalar() ? scalarTimes(s, g) : mul(s, g));
                laws.add(holds(s) && !x.shape().isScalar() ? Law.TR_SCALE : Law.TR_LINEAR);
            }
            case DIV -> { send(a.get(0), div(g, a.get(1))); laws.add(Law.TR_LINEAR); }
            case HADAMARD -> {
                if (holds(a.get(0))) send(a.get(0), hadamard(a.get(1), g));
                if (holds(a.get(1))) send(a.get(1), hadamard(a.get(0), g));
                laws.add(Law.TR_HADAMARD);
            }
            case ELEMDIV -> { send(a.get(0), elemDiv(g, a.get(1))); laws.add(Law.TR_HADAMARD); }
            case TRANSPOSE -> { send(a.get(0), transposed(g)); laws.add(Law.TR_TRANSPOSE); }
            default -> throw new IllegalStateException("the differential is not linear at " + n.op() + ": " + n);
        }
    }

    /**
     * G_A = Pᵀ G Sᵀ for A in P A S, where G may be a scalar when P A S is. An identity factor (the
     * adjoint of a trace) is left out beside a matrix: the simplifier would only take it out again,
     * and every node built here is one more lookup in the interning table.
     */
    private static Expr product(List<Expr> factors) {
        boolean besideMatrix = factors.stream().anyMatch(f -> !Exprs.is(f, Op.EYE) && !f.shape().isScalar());
        Expr acc = null;
        for (Expr f : factors) {
            if (besideMatrix && Exprs.is(f, Op.EYE)) continue;
            acc = acc == null ? f : mul(acc, f);
        }
        return acc;
    }
}
