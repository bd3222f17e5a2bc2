package dev.matdiff.simplify;

import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;

import java.util.Set;

import static dev.matdiff.expr.Exprs.is;
import static dev.matdiff.simplify.Rational.MAX_POWER;
import static dev.matdiff.simplify.Rational.isArithmetic;

/** How much an arithmetic expression weighs for {@link Rational}, and when cancelling cannot lighten it at all. */
final class ArithmeticWeight {
    private ArithmeticWeight() {}

    /**
     * Whether e is arithmetic that cancelling cannot make lighter, told without building its rational function (most
     * of what a derivation offers the canceller is such, Xw − y above all): no quotient, no power but an atom's
     * positive integer one (nor a square sin²u = 1 − cos²u), no atom twice (nor two of sin(u), cos(u), tan(u)), no ones(…) but as a term of a sum, and at most one sign or number (not
     * 0 or ±1) in all. Its expanded polynomial then has terms with distinct atoms, so nothing cancels or merges, and
     * it writes every atom at least once and the sign or number at least once: it weighs at least as much.
     */
    static boolean cannotLighten(Expr e) {
        int[] signsAndNumbers = {0};
        return readOnce(e, IdentityMaps.set(), IdentityMaps.set(), signsAndNumbers, false)
                && Roots.in(e).isEmpty();
    }

    /** families: the {@link Pythagoras#family} of each atom read, as sin(u) and tan(u) may cancel one another. */
    private static boolean readOnce(Expr e, Set<Expr> atoms, Set<Expr> families, int[] signsAndNumbers, boolean term) {
        if (e instanceof Num n) return n.value() != 0 && Math.abs(n.value()) != 1 && ++signsAndNumbers[0] <= 1;
        if (is(e, Op.ONES)) return term && atoms.add(e);
        if (Rational.openable(e)) return false;  // its factors may cancel with others'
        if (!isArithmetic(e)) return atoms.add(e) && (Pythagoras.family(e) == null || families.add(Pythagoras.family(e)));
        Node n = (Node) e;
        switch (n.op()) {
            case DIV, ELEMDIV -> { return false; }
            case ELEMPOW -> {
                double p = n.param();
                return p == Math.rint(p) && p >= 2 && p <= MAX_POWER && !isArithmetic(n.arg(0)) && !is(n.arg(0), Op.ONES)
                        && !(n.arg(0) instanceof Num) && Pythagoras.family(n.arg(0)) == null && atoms.add(n.arg(0));
            }
            case NEG -> { if (++signsAndNumbers[0] > 1) return false; }
            default -> { }
        }
        for (Expr c : n.args()) if (!readOnce(c, atoms, families, signsAndNumbers, n.op() == Op.ADD)) return false;
        return true;
    }

    /**
     * What cancelling must reduce for its result to be kept: the occurrences of atoms, numbers,
     * signs, divisions and powers, counted over the printed tree. σ ⊙ (1 − σ) and σ − σ.^2 weigh
     * the same, so the textbook's factored form stays; p ⊙ (1 − p) ⊙ ((1 − y) ⊘ (1 − p) − y ⊘ p)
     * weighs 12 and p − y 3.
     */
    static int weight(Expr e) { return weight(e, false); }

    /**
     * The weight with each atom counted as its printed tree (up to {@link #MAX_ATOM_WEIGHT}): what an expanded form
     * must beat, so that y·d − (1 − y)·relu(m − d) is not expanded to y·d + y·relu(m − d) − relu(m − d), which
     * writes relu(m − d) twice to save a sign.
     */
    static int sizedWeight(Expr e) { return weight(e, true); }

    private static int weight(Expr e, boolean sized) {
        if (!isArithmetic(e)) return sized ? atomWeight(e) : 1;
        Node n = (Node) e;
        int w = switch (n.op()) {
            case NEG, DIV, ELEMDIV -> 1;
            // u^-k prints 1/u^k: a division and a power
            case ELEMPOW -> n.param() < 0 ? 2 : 1;
            default -> 0;
        };
        for (Expr c : n.args()) w += weight(c, sized);
        // 1 − p weighs what p − 1 does, so that a divisor keeps the way round the program wrote it
        if (n.op() == Op.ADD && n.args().size() == 2 && n.arg(0) instanceof Num one && one.value() > 0 && is(n.arg(1), Op.NEG)) w--;
        return w;
    }

    /**
     * Whether a weighs no more than b (exactly as much where {@code sameWeight}) and its sized weight is at least 2 less,
     * as when a large atom is written fewer times: (2x + 1)cos(x + x²) for cos(x + x²) + 2x·cos(x + x²),
     * (1 − 2x²)/√(1 − x²) for √(1 − x²) − x²/√(1 − x²).
     */
    static boolean fewerLargeAtoms(Expr a, Expr b, boolean sameWeight) {
        int wa = weight(a), wb = weight(b);
        return (sameWeight ? wa == wb : wa <= wb) && sizedWeight(a) + 2 <= sizedWeight(b);
    }

    /** An atom's printed tree, up to {@link #MAX_ATOM_WEIGHT} nodes. */
    private static int atomWeight(Expr e) { return Math.min(MAX_ATOM_WEIGHT, nodes(e, MAX_ATOM_WEIGHT)); }

    static final int MAX_ATOM_WEIGHT = 6;

    /** The nodes of e's tree, counted up to budget. */
    private static int nodes(Expr e, int budget) {
        int n = 1;
        if (e instanceof Node node) for (Expr c : node.args()) { if (n >= budget) break; n += nodes(c, budget - n); }
        return n;
    }
}
