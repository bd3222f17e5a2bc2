package dev.matdiff.simplify;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Substitution;
import dev.matdiff.expr.Term;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static dev.matdiff.expr.Exprs.*;

/**
 * σ(u) read as eᵘ ⊘ (1 + eᵘ), and σ(−u) as 1 ⊘ (1 + eᵘ), where the expression also holds eᵘ. The
 * rational canceller sees a sigmoid as an atom apart from eᵘ, and the logistic rule has made one of
 * 1 ⊘ (1 + eᵘ) before it looks: so the slope of sum(eˣ ⊘ (1 + eˣ)), eˣ ⊙ (σ(−x) − eˣ ⊘ (1 + eˣ).^2),
 * did not cancel to eˣ ⊘ (1 + eˣ).^2. The reading is kept only where the cancelled form weighs less
 * than what was there; the logistic rule then writes what is left of eᵘ ⊘ (1 + eᵘ) as σ(u) again.
 */
final class LogisticQuotients {
    private LogisticQuotients() {}

    /** A canceller for one session: what it has seen of an expression's sigmoids and exponentials is remembered. */
    static UnaryOperator<Expr> canceller(Cost cost) {
        Map<Expr, java.util.Set<Expr>> written = IdentityMaps.map();
        Substitution s = new Substitution(x -> {
            if (!Rational.isArithmetic(x) || cost.treeSize(x) > Rational.MAX_TREE) return null;
            Map<Expr, Expr> read = quotients(x);
            List<Map.Entry<Expr, Expr>> throughNames = throughNames(x, read, written);
            if (throughNames.isEmpty()) return read.isEmpty() ? null : cancelled(x, read);
            // one atom read through a name at a time (a1 = p·eᵘ/√d gives eᵘ or √d, not both), and all of them (names of
            // two atoms): the lightest wins
            List<List<Map.Entry<Expr, Expr>>> readings = new ArrayList<>();
            for (Map.Entry<Expr, Expr> one : throughNames.subList(0, Math.min(MAX_READINGS, throughNames.size()))) readings.add(List.of(one));
            if (throughNames.size() > 1) readings.add(throughNames);
            Expr best = null;
            for (List<Map.Entry<Expr, Expr>> reading : readings) {
                Map<Expr, Expr> with = IdentityMaps.map();
                with.putAll(read);
                for (Map.Entry<Expr, Expr> r : reading) with.putIfAbsent(r.getKey(), r.getValue());
                Expr c = cancelled(x, with);
                if (c != null && (best == null || ArithmeticWeight.weight(c) < ArithmeticWeight.weight(best))) best = c;
            }
            return best;
        });
        Map<Expr, Integer> holds = IdentityMaps.map();
        return e -> {
            int h = holds(e, holds);
            return (h & SIGMOID_AND_EXP) == SIGMOID_AND_EXP || (h & OPPOSITE_SIGMOIDS) == OPPOSITE_SIGMOIDS || (h & NAMED_INVERTIBLE) != 0
                    ? s.apply(e) : e;
        };
    }

    /** At most this many atoms are tried, one at a time, through the names of an expression. */
    private static final int MAX_READINGS = 4;

    /** x with the atoms of {@code read} read so and cancelled, where that weighs less than x; else null. */
    private static Expr cancelled(Expr x, Map<Expr, Expr> read) {
        // the atoms only: a sigmoid inside a product or a sum(…) is another atom's business
        Expr quotients = Substitution.apply(x, e -> read.containsKey(e) ? read.get(e) : Rational.isArithmetic(e) ? null : e);
        Expr better = Rational.lighter(quotients);
        if (better == null) return null;
        // written in names alone, the atoms read through them gone, a gradient reads as the textbook's even at one more
        // sign: (1 − p) ⊙ p ⊙ (y − p)
        boolean inNameAlone = read.keySet().stream().anyMatch(k -> !is(k, Op.SIGMOID)) && Dag.asWritten(better).stream()
                .noneMatch(read::containsKey);
        int slack = inNameAlone ? 1 : 0;
        return ArithmeticWeight.weight(better) < ArithmeticWeight.weight(x) + slack ? better : null;
    }

    /**
     * The atoms of x that a name among them is defined from, each with its reading through the name (none already read).
     * Only what a name's definition writes can be read through it: {@code written} remembers that per name, so that a
     * product of k names of a chain (f_i = f_{i-1}^2 + x) asks k² set lookups, not k² walks of definitions.
     */
    private static List<Map.Entry<Expr, Expr>> throughNames(Expr x, Map<Expr, Expr> read, Map<Expr, java.util.Set<Expr>> written) {
        java.util.Set<Expr> atoms = Atoms.of(x);
        List<Map.Entry<Expr, Expr>> out = new ArrayList<>();
        for (Expr a : atoms) {
            if (!NamedInverses.invertible(a)) continue;
            java.util.Set<Expr> inBody = written.computeIfAbsent(a, n -> {
                java.util.Set<Expr> set = IdentityMaps.set();
                set.addAll(Dag.asWritten(((Expr.Named) n).body()));
                return set;
            });
            for (Expr b : atoms) {
                Expr inverse = read.containsKey(b) || !inBody.contains(b) ? null : NamedInverses.inverse((Expr.Named) a, b);
                if (inverse != null) out.add(Map.entry(b, inverse));
            }
        }
        return out;
    }

    /**
     * Each σ(v) among x's atoms whose eᵛ or e⁻ᵛ is one too, to its quotient of that exponential; else a
     * σ(−u) whose σ(u) is one too, to 1 − σ(u) (so σ(x) ⊙ (1 − σ(x)) − σ(−x) ⊙ σ(x) is seen to be 0).
     */
    private static Map<Expr, Expr> quotients(Expr x) {
        java.util.Set<Expr> atoms = Atoms.of(x);
        Map<Expr, Expr> read = IdentityMaps.map();
        for (Expr a : atoms) {
            if (!is(a, Op.SIGMOID)) continue;
            Expr v = arg(a, 0);
            for (Expr e : atoms) {
                if (!is(e, Op.EXP)) continue;
                Expr one = a.shape().isScalar() ? ONE : ones(a.shape());
                if (arg(e, 0) == v) read.put(a, elemDiv(e, add(one, e)));
                else if (ElementwiseRules.opposite(arg(e, 0), v)) read.put(a, elemPow(add(one, e), -1));
                else continue;
                break;
            }
            if (read.containsKey(a) || !negated(v)) continue;
            for (Expr b : atoms)
                if (is(b, Op.SIGMOID) && ElementwiseRules.opposite(arg(b, 0), v)) {
                    read.put(a, sub(a.shape().isScalar() ? ONE : ones(a.shape()), b));
                    break;
                }
        }
        return read;
    }

    private static boolean negated(Expr v) { return Term.readThrough(v).coefficient() < 0; }

    private static final int SIGMOID = 1, EXP = 2, SIGMOID_AND_EXP = 3, NEGATED_SIGMOID = 4, PLAIN_SIGMOID = 8, OPPOSITE_SIGMOIDS = 12,
            NAMED_INVERTIBLE = 16;

    /**
     * Which of a sigmoid (of a negated argument or not) and an exponential e holds anywhere, remembered
     * per node: most expressions hold no pair, and are left at once.
     */
    private static int holds(Expr root, Map<Expr, Integer> known) {
        ArrayDeque<Expr> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Expr e = stack.peek();
            if (known.containsKey(e)) { stack.pop(); continue; }
            List<Expr> children = e instanceof Expr.Named n ? List.of(n.body()) : e.children();
            boolean ready = true;
            for (Expr c : children) if (!known.containsKey(c)) { stack.push(c); ready = false; }
            if (!ready) continue;
            stack.pop();
            int flags = is(e, Op.SIGMOID) ? SIGMOID | (negated(arg(e, 0)) ? NEGATED_SIGMOID : PLAIN_SIGMOID) : is(e, Op.EXP) ? EXP
                    : NamedInverses.invertible(e) ? NAMED_INVERTIBLE : 0;
            for (Expr c : children) flags |= known.get(c);
            known.put(e, flags);
        }
        return known.get(root);
    }

}
