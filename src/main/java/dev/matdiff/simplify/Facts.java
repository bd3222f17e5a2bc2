package dev.matdiff.simplify;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static dev.matdiff.expr.Exprs.*;

/**
 * A program's assumptions as rewrite rules, each named after the fact ("assume sum(y) = 1") so a
 * step that used one cites it. A total is recognised however the derivation wrote it: sum(y),
 * 1ᵀy and yᵀ1; the column sums sum(Y, 1) also inside a product, as 1ᵀY; a magnitude abs(y) = c·1 also as
 * y.^k and y ⊙ y (and a 1×1 y's y^k), never a matrix's power Y^k.
 */
public final class Facts {
    private Facts() {}

    /** The prefix of every fact rule's id; what follows is the fact as written. */
    public static final String PREFIX = "assume ";

    /**
     * @param lhs the assumed function of one symbol: sum(y), sum(Y, 1), sum(Y, 2), norm(y) or abs(y)
     * @param rhs its value
     */
    public static List<Rule> rules(String text, Expr lhs, Expr rhs) {
        String id = PREFIX + text;
        Node n = (Node) lhs;
        Expr y = n.arg(0);
        List<Rule> out = new ArrayList<>();
        Function<Node, Expr> value = x -> valueOf(x, n.op(), y, rhs);
        out.add(new Rule(id, text, java.util.EnumSet.of(n.op(), flipped(n.op())), value::apply));
        switch (n.op()) {
            case SUM -> {
                // sum(y − 1/3) = 1 − 1 inline, as a named smoothed target's total is (trial s68a)
                out.add(sumOfTerms(id, text, Set.of(Op.SUM), value));
                if (y.shape().isColumn()) out.add(new Rule(id, text, Set.of(Op.MATMUL), x -> inChain(x, onesRow(y.shape().rows()), y, rhs)));
                if (y.shape().isColumn()) out.add(new Rule(id, text, Set.of(Op.MATMUL), x -> inChain(x, transposed(y), ones(y.shape()), rhs)));
            }
            case SUM_COLUMNS -> {
                // 1ᵀY, and ones(k, m)·Y = ones(k)·1ᵀY as a batch's softmax Jacobian meets it (the --vec route)
                out.add(new Rule(id, text, Set.of(Op.MATMUL), x -> throughOnes(x, y, true, rhs)));
                // Yᵀ·ones(m, k) = sum(Y, 1)ᵀ·ones(1, k), as ∇_Z sum(Y*Z) reads (trial s62b: Y'*ones(m, k) stayed)
                out.add(new Rule(id, text, Set.of(Op.MATMUL), x -> throughOnes(x, transposed(y), false, transposed(rhs))));
                out.add(sumOfTerms(id, text, Set.of(Op.SUM_COLUMNS, Op.SUM_ROWS), value));
                out.add(totalOf(id, text, y, rhs));
            }
            case SUM_ROWS -> {
                out.add(new Rule(id, text, Set.of(Op.MATMUL), x -> throughOnes(x, y, false, rhs)));
                out.add(new Rule(id, text, Set.of(Op.MATMUL), x -> throughOnes(x, transposed(y), true, transposed(rhs))));
                out.add(sumOfTerms(id, text, Set.of(Op.SUM_COLUMNS, Op.SUM_ROWS), value));
                out.add(totalOf(id, text, y, rhs));
            }
            case NORM -> {
                Expr squared = elemPow(rhs, 2);
                out.add(new Rule(id, text, Set.of(Op.SQNORM), x -> x.arg(0) == y ? squared : null));
                out.add(new Rule(id, text, Set.of(Op.MATMUL), x -> inChain(x, transposed(y), y, squared)));
            }
            case ABS -> {
                // entries ±c: y.^k is c^k (k even) or c^(k−1)·y (k odd), y ⊙ y is c², and a 1×1 y's y^k likewise
                double c = rhs instanceof Expr.Num v ? v.value() : is(rhs, Op.ONES) ? 1 : ((Expr.Num) arg(rhs, 0)).value();
                // a matrix's Y^k is its matrix power, which the entries' magnitudes do not fix: only a 1×1 y's
                out.add(new Rule(id, text, Set.of(Op.ELEMPOW, Op.POWER), x -> x.arg(0) == y && (x.op() == Op.ELEMPOW || y.shape().isScalar())
                        ? ofMagnitude(y, c, x.param()) : null));
                out.add(new Rule(id, text, Set.of(Op.HADAMARD), x -> x.arg(0) == y && x.arg(1) == y ? ofMagnitude(y, c, 2) : null));
                // |y| is the assumed magnitude, and sign(y) = y/c (trial s72a: sign(y) stayed beside y under abs(y) = 1)
                out.add(new Rule(id, text, Set.of(Op.ABS), x -> x.arg(0) == y ? rhs : null));
                out.add(new Rule(id, text, Set.of(Op.SIGN), x -> x.arg(0) == y ? (c == 1 ? y : div(y, num(c))) : null));
            }
            default -> throw new IllegalArgumentException("not a fact matdiff can use: " + text);
        }
        return out;
    }

    /**
     * The assumed value of sum(x): the fact's own sum of y, or the other axis's sum of yᵀ, which the simplifier meets
     * where it has moved a transpose inside (sum(Yᵀ, 1) = sum(Y, 2)ᵀ); else null.
     */
    private static Expr valueOf(Node x, Op op, Expr y, Expr rhs) {
        if (x.op() == op && x.arg(0) == y) return rhs;
        return x.op() != op && x.op() == flipped(op) && is(x.arg(0), Op.TRANSPOSE) && arg(x.arg(0), 0) == y ? transpose(rhs) : null;
    }

    /**
     * sum(A ± B) as the sums of its terms where the fact gives at least one, the others in closed form or summed: a step
     * cites the fact only where it was used (sum(diag(v) + 1) is no use of sum(y) = 1).
     */
    private static Rule sumOfTerms(String id, String text, Set<Op> ops, Function<Node, Expr> value) {
        return new Rule(id, text, ops, x -> {
            boolean[] used = {false};
            Expr out = ClosedSums.sumOfTerms(x, z -> {
                Expr v = value.apply(z);
                used[0] |= v != null;
                return v;
            });
            return used[0] ? out : null;
        });
    }

    /** sum(Y) is the total of its assumed column (or row) sums: sum(Y) = m for columns that each sum to 1. */
    private static Rule totalOf(String id, String text, Expr y, Expr sums) {
        return new Rule(id, text, Set.of(Op.SUM), x -> x.arg(0) == y ? sum(sums) : null);
    }

    /** y^k for entries ±c, or null for a k that is not whole. */
    private static Expr ofMagnitude(Expr y, double c, double k) {
        if (k != Math.rint(k) || Math.abs(k) > 64) return null;
        double even = Math.pow(c, k - Math.floorMod((long) k, 2L));
        Expr ones = y.shape().isScalar() ? num(1) : ones(y.shape());
        Expr whole = Math.floorMod((long) k, 2L) == 0 ? ones : y;
        return even == 1 ? whole : scale(num(even), whole);
    }

    /** The sum along the other axis; a total or a norm is its own. */
    private static Op flipped(Op op) {
        return op == Op.SUM_COLUMNS ? Op.SUM_ROWS : op == Op.SUM_ROWS ? Op.SUM_COLUMNS : op;
    }

    /** 1ᵀ as the factories write it: ones(1, n) (the transpose of ones(n) simplifies to it). */
    private static Expr onesRow(Dim n) { return ones(new Shape(Dim.ONE, n)); }

    /**
     * ones(k, m)·Y = ones(k)·sum(Y, 1) (before, when {@code before}) or Y·ones(n, k) = sum(Y, 2)·ones(1, k) in the
     * chain, with the assumed sum in its place (alone for k = 1: 1ᵀY, Y1); so too for y = Yᵀ, whose sums are Y's
     * transposed; null where there is no such pair.
     */
    private static Expr throughOnes(Node chain, Expr y, boolean before, Expr sum) {
        List<Expr> f = chain.args();
        for (int i = 0; i + 1 < f.size(); i++) {
            Expr o = f.get(before ? i : i + 1);
            if (f.get(before ? i + 1 : i) != y || !is(o, Op.ONES)) continue;
            Dim k = before ? o.shape().rows() : o.shape().cols();
            List<Expr> value = k.isOne() ? List.of(sum) : before ? List.of(ones(Shape.vector(k)), sum) : List.of(sum, onesRow(k));
            return ProductRules.replacing(f, i, 2, value);
        }
        return null;
    }

    /** The chain with the consecutive factors a, b replaced by value, or null if they are not in it. */
    private static Expr inChain(Node chain, Expr a, Expr b, Expr value) {
        List<Expr> f = chain.args();
        for (int i = 0; i + 1 < f.size(); i++) {
            if (f.get(i) != a || f.get(i + 1) != b) continue;
            return ProductRules.replacing(f, i, 2, List.of(value));
        }
        return null;
    }
}
