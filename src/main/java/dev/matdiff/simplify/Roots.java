package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.matdiff.expr.Exprs.*;

/**
 * What an arithmetic expression holds both the square and the root of, for {@link Rational} to read as one atom:
 * ‖y‖ and yᵀy (or sqnorm(y), sum(y.^2)), √u and u, |u| and an even power of u. The canceller then reads the square as
 * the root's square, so xᵀx/‖x‖ is ‖x‖, (2‖x‖² − xᵀx)x/‖x‖³ is x/‖x‖, a²/|a| is |a|, and 1/(2√a·a) − √a/a² is
 * −1/(2√a³). Each is exact wherever both sides have a value.
 *
 * @param rootOf each square to its root: yᵀy to ‖y‖, u to √u
 * @param absOf  each u to the |u| beside it
 * @param sqrtOf each √u of an arithmetic u, to u: a numerator's √u² is then u, a divisor u beside √u is √u²
 * @param wholeSums the sums raised to a whole power, (x − μ)², whose atoms the expression reaches only through them:
 *                  read as one atom, (x − μ)² stays whole rather than expanding into x² − 2xμ + μ², and no cancellation
 *                  is lost, x − μ being independent of the other atoms
 */
record Roots(Map<Expr, Expr> rootOf, Map<Expr, Expr> absOf, Map<Expr, Expr> sqrtOf, Set<Expr> wholeSums) {

    /** Whether the atoms have none of these relations (a whole sum is none: it only keeps a form). */
    boolean isEmpty() { return rootOf.isEmpty() && absOf.isEmpty() && sqrtOf.isEmpty(); }

    /** The relations among the atoms and subexpressions of the arithmetic expression e. */
    static Roots in(Expr e) {
        Set<Expr> seen = IdentityMaps.set();
        List<Expr> atoms = new ArrayList<>();
        walk(e, seen, atoms);
        // most expressions have none of these: a map is made only when it gets an entry
        Map<Expr, Expr> rootOf = Map.of(), absOf = Map.of(), sqrtOf = Map.of();
        for (Expr a : atoms) {
            Expr u = a instanceof Node n && n.arity() == 1 ? n.arg(0) : null;
            // an arithmetic u is read as a polynomial beside √u, so its terms can cancel: (3a² − (1 + a²))/√(1 + a²)⁵ is (2a² − 1)/…
            boolean arithmetic = u instanceof Node un && ElementwiseRules.ARITHMETIC.contains(un.op());
            if (is(a, Op.SQRT) && arithmetic) sqrtOf = put(sqrtOf, a, u);
            else if (is(a, Op.SQRT) && seen.contains(u)) rootOf = put(rootOf, u, a);
            if (is(a, Op.ABS) && u.shape().isScalar() && seen.contains(u)) absOf = put(absOf, u, a);
            if (is(a, Op.NORM)) for (Expr square : atoms) if (squaredNorm(square) == u) rootOf = put(rootOf, square, a);
        }
        return new Roots(rootOf, absOf, sqrtOf, wholeSums(e, seen));
    }

    private static Set<Expr> wholeSums(Expr e, Set<Expr> arithmetic) {
        Set<Expr> out = Set.of();
        for (Expr power : arithmetic) {
            if (!is(power, Op.ELEMPOW) || !is(arg(power, 0), Op.ADD)) continue;
            double p = ((Node) power).param();
            Expr sum = arg(power, 0);
            if (p != Math.rint(p) || Math.abs(p) < 2 || out.contains(sum)) continue;
            if (Collections.disjoint(atomsBelow(sum, null), atomsBelow(e, sum))) {
                if (out.isEmpty()) out = IdentityMaps.set();
                out.add(sum);
            }
        }
        return out;
    }

    /** The atoms of e's arithmetic (numbers and ones are none), not looking inside {@code skip}: {@link #walk} with skip seen. */
    private static Set<Expr> atomsBelow(Expr e, Expr skip) {
        Set<Expr> seen = IdentityMaps.set(), atoms = IdentityMaps.set();
        if (skip != null) seen.add(skip);
        List<Expr> found = new ArrayList<>();
        walk(e, seen, found);
        for (Expr a : found) if (!(a instanceof Expr.Num) && !is(a, Op.ONES)) atoms.add(a);
        return atoms;
    }

    private static Map<Expr, Expr> put(Map<Expr, Expr> map, Expr key, Expr value) {
        Map<Expr, Expr> out = map.isEmpty() ? IdentityMaps.map() : map;
        out.put(key, value);
        return out;
    }

    /** √u for a power u^(k/2) of an odd k, which {@link Rational} reads as √u to the power k; else null. */
    static Expr halfRoot(Expr e) {
        if (!is(e, Op.ELEMPOW)) return null;
        double twice = 2 * ((Node) e).param();
        return twice == Math.rint(twice) && Math.abs(twice) % 2 == 1 && Math.abs(twice) <= Rational.MAX_ATOM_POWER ? call(Op.SQRT, arg(e, 0)) : null;
    }

    /** y for yᵀy with a column y (xᵀAᵀAx for y = Ax), sqnorm(y) and sum(y.^2); else null. */
    private static Expr squaredNorm(Expr e) {
        if (is(e, Op.SQNORM)) return arg(e, 0);
        if (is(e, Op.SUM) && is(arg(e, 0), Op.ELEMPOW) && ((Node) arg(e, 0)).param() == 2) return arg(arg(e, 0), 0);
        Expr y = e.shape().isScalar() ? TraceForms.gramOf(e) : null;
        // the half gramOf chose may be the row, x'*A of x'*A*A'*x: its column A'*x is what a norm holds (review s81r)
        if (y != null && !y.shape().isColumn() && y.shape().rows().isOne()) y = is(y, Op.MATMUL) ? SumRules.turned(y) : transposed(y);
        return y != null && y.shape().isColumn() ? y : null;
    }

    /**
     * Every node of e's arithmetic into seen, and the atoms (what is not arithmetic, an atom once) into atoms; a power
     * u^(k/2) holds the atom √u, as {@link Rational} reads it.
     */
    private static void walk(Expr e, Set<Expr> seen, List<Expr> atoms) {
        if (!seen.add(e)) return;
        Expr root = halfRoot(e);
        if (root != null) {
            if (seen.add(root)) atoms.add(root);
        } else if (e instanceof Node n && ElementwiseRules.ARITHMETIC.contains(n.op())) {
            for (Expr c : n.args()) walk(c, seen, atoms);
        } else atoms.add(e);
    }
}
