package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;

import java.util.ArrayList;
import java.util.List;

import static dev.matdiff.expr.Exprs.is;

/**
 * Expressions that are one up to the order of what commutes: a sum's terms, a scaling's factors, an element-wise
 * product's factors. Two derivation paths write the same term in two orders (b·cos(ab) beside cos(ab)·b, 1 + cos(x)
 * beside cos(x) + 1), and only read so do they add up or square. Bounded: past {@link #BUDGET} nodes, or with a
 * differential inside (the steps keep those as written), an expression is only itself.
 */
public final class Commuted {
    private Commuted() {}

    private static final int BUDGET = 48;

    /** A hash of e that is the same for any order of its commuting operands; 0 where e is only to be matched as itself. */
    static long key(Expr e) {
        int[] budget = {BUDGET};
        long k = key(e, budget);
        return budget[0] < 0 ? 0 : k;
    }

    private static long key(Expr e, int[] budget) {
        if (--budget[0] < 0 || is(e, Op.DIFF)) {
            budget[0] = -1;
            return 0;
        }
        if (!(e instanceof Node n) || n.arity() == 0) return mix(e.hashCode());
        List<Expr> operands = operands(n);
        long h = n.op().ordinal() * 0x9E3779B97F4A7C15L + Double.hashCode(n.param());
        if (operands != null) {
            long sum = 0;
            // past the budget the key is 0 whatever follows: a sum of 3,000 δ terms is not walked to its end
            for (int i = 0; i < operands.size() && budget[0] >= 0; i++) sum += mix(key(operands.get(i), budget));
            return mix(h + 31 * sum + operands.size());
        }
        for (int i = 0; i < n.arity() && budget[0] >= 0; i++) h = h * 1_000_003 + key(n.arg(i), budget);
        return mix(h);
    }

    /** The expressions met so far, each by its key: the first met of those one up to order stands for all. */
    public static final class Firsts {
        private final java.util.Map<Long, List<Expr>> byKey = new java.util.HashMap<>();

        /** The first expression met that is one with e up to order (e itself if none; it is then met); e if e has no key. */
        public Expr firstLike(Expr e) {
            long k = key(e);
            if (k == 0) return e;
            List<Expr> alike = byKey.computeIfAbsent(k, x -> new ArrayList<>(1));
            for (Expr seen : alike) if (equal(seen, e)) return seen;
            alike.add(e);
            return e;
        }

        /** The first expression met that is one with e up to order, without meeting e; null if none. */
        public Expr metLike(Expr e) {
            long k = key(e);
            List<Expr> alike = k == 0 ? null : byKey.get(k);
            if (alike != null) for (Expr seen : alike) if (equal(seen, e)) return seen;
            return null;
        }
    }

    /** Whether a and b are one up to the order of what commutes (identical ones at once). */
    static boolean same(Expr a, Expr b) {
        if (a == b) return true;
        long k = key(a);
        return k != 0 && k == key(b) && equal(a, b);
    }

    /** Whether a and b, of one key, are the same: the operands of a commuting node matched as multisets. */
    static boolean equal(Expr a, Expr b) {
        if (a == b) return true;
        if (!(a instanceof Node x) || !(b instanceof Node y) || x.op() != y.op() || x.param() != y.param()
                || !x.shape().equals(y.shape())) return false;
        List<Expr> xs = operands(x), ys = operands(y);
        if (xs == null) {
            if (x.arity() != y.arity()) return false;
            for (int i = 0; i < x.arity(); i++) if (!equal(x.arg(i), y.arg(i))) return false;
            return true;
        }
        if (ys == null || xs.size() != ys.size()) return false;
        boolean[] used = new boolean[ys.size()];
        outer:
        for (Expr p : xs) {
            for (int j = 0; j < ys.size(); j++)
                if (!used[j] && equal(p, ys.get(j))) {
                    used[j] = true;
                    continue outer;
                }
            return false;
        }
        return true;
    }

    /** The operands of a node whose operands commute, nested ones of its op read as one list; null for other nodes. */
    private static List<Expr> operands(Node n) {
        if (n.op() == Op.ADD) return n.args();
        if (n.op() != Op.SCALE && n.op() != Op.HADAMARD) return null;
        List<Expr> out = new ArrayList<>();
        flatten(n, n.op(), out);
        return out;
    }

    private static void flatten(Expr e, Op op, List<Expr> out) {
        if (is(e, op)) for (Expr c : e.children()) flatten(c, op, out);
        else out.add(e);
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        return h ^ h >>> 33;
    }
}
