package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.matdiff.expr.Exprs.*;

/**
 * A program's assumptions as rewrite rules, each named after the fact ("assume sum(y) = 1") so a
 * step that used one cites it. A total is recognised however the derivation wrote it: sum(y),
 * 1ᵀy and yᵀ1; the column sums sum(Y, 1) also inside a product, as 1ᵀY.
 */
public final class Facts {
    private Facts() {}

    /** The prefix of every fact rule's id; what follows is the fact as written. */
    public static final String PREFIX = "assume ";

    /**
     * @param lhs the assumed function of one symbol: sum(y), sum(Y, 1), sum(Y, 2) or norm(y)
     * @param rhs its value
     */
    public static List<Rule> rules(String text, Expr lhs, Expr rhs) {
        String id = PREFIX + text;
        Node n = (Node) lhs;
        Expr y = n.arg(0);
        List<Rule> out = new ArrayList<>();
        out.add(new Rule(id, text, Set.of(n.op()), x -> x.arg(0) == y ? rhs : null));
        switch (n.op()) {
            case SUM -> {
                if (y.shape().isColumn()) out.add(new Rule(id, text, Set.of(Op.MATMUL), x -> inChain(x, onesRow(y.shape().rows()), y, rhs)));
                if (y.shape().isColumn()) out.add(new Rule(id, text, Set.of(Op.MATMUL), x -> inChain(x, transposed(y), ones(y.shape()), rhs)));
            }
            case SUM_COLUMNS -> out.add(new Rule(id, text, Set.of(Op.MATMUL), x -> inChain(x, onesRow(y.shape().rows()), y, rhs)));
            case SUM_ROWS -> out.add(new Rule(id, text, Set.of(Op.MATMUL), x -> inChain(x, y, ones(Shape.vector(y.shape().cols())), rhs)));
            case NORM -> {
                Expr squared = elemPow(rhs, 2);
                out.add(new Rule(id, text, Set.of(Op.SQNORM), x -> x.arg(0) == y ? squared : null));
                out.add(new Rule(id, text, Set.of(Op.MATMUL), x -> inChain(x, transposed(y), y, squared)));
            }
            default -> throw new IllegalArgumentException("not a fact matdiff can use: " + text);
        }
        return out;
    }

    /** 1ᵀ as the factories write it: ones(1, n) (the transpose of ones(n) simplifies to it). */
    private static Expr onesRow(dev.matdiff.expr.Dim n) { return ones(new Shape(dev.matdiff.expr.Dim.ONE, n)); }

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
