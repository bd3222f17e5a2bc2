package dev.matdiff.soundness;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Deriver;
import dev.matdiff.check.GradientCheck;
import dev.matdiff.check.RandomData;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.OpSpec;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Evaluator;
import dev.matdiff.numeric.NumericException;

import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One soundness check: derive a program's objective with respect to every variable it uses, then
 * compare the gradients with finite differences ({@link GradientCheck}) at a random point.
 *
 * <p>The point is drawn with {@link RandomData.Mode#MIXED} data first and
 * {@link RandomData.Mode#POSITIVE} data if the objective (or a gradient) cannot be evaluated
 * there; when neither point is in the domain the case is {@link Verdict#SKIPPED}, not a failure.
 *
 * <p>A failed check is not yet a wrong gradient. In turn:
 * <ol>
 * <li>{@link FineCheck} repeats the comparison at the same point with a ladder of smaller steps
 *     ({@link Verdict#REFINED} if it agrees): GradientCheck's one step cannot follow
 *     {@code sin(tr(Y^6))}.</li>
 * <li>The same data scaled by 1/2 and by 1/4 ({@link Verdict#TAMED} if both pass): random
 *     expressions cube and square their way to arguments of sin in the millions, where no step a
 *     double can take resolves the oscillation. Scaling keeps every domain the generator relies
 *     on (diagonal dominance, signs, 1 + x²). The objective and its symbolic gradient are analytic
 *     (piecewise, with kinks), so a wrong formula disagrees at almost every point, small ones too.</li>
 * <li>For an objective with a kink (abs, relu, sign, norm1), whose stencil may straddle it:
 *     {@value #KINK_RETRIES} further random points ({@link Verdict#KINK} if all of them pass).</li>
 * </ol>
 * A retry counts only where every gradient that was nonzero at the first point is nonzero: where
 * relu is flat everything is zero and nothing is compared.
 * What is left is {@link Verdict#FAILED}, or {@link Verdict#UNRESOLVED} when no finite
 * difference settled at any of those points.
 */
public final class Soundness {
    private Soundness() {}

    /** Further points tried when a check of an objective with a kink fails. */
    static final int KINK_RETRIES = 3;
    /**
     * How many of them must pass: all, as a retry may land on a degenerate point (where relu(S) − S
     * has one negative pair, a transposed gradient is right too), while a straddled kink is rare.
     */
    static final int KINK_PASSES = KINK_RETRIES;
    /** The scalings of the data tried when a check fails at the first point. */
    static final double[] TAMER = {0.5, 0.25};

    public enum Verdict {
        /** The gradients agree with the finite differences. */
        PASSED,
        /**
         * GradientCheck's step was too coarse: it failed, but the finer ladder of {@link FineCheck}
         * agrees with the gradient at the same point.
         */
        REFINED,
        /** Failed at the first point, passed with the same data scaled by 1/2 and by 1/4. */
        TAMED,
        /** A check with a kink failed at the first point but passed at three others. */
        KINK,
        /**
         * No finite difference settled (see {@link FineCheck.Finding#UNRESOLVED}) at any point
         * tried, and none disagreed with a settled one: the numbers cannot decide. Counted, not failed.
         */
        UNRESOLVED,
        /** Neither random point is in the objective's domain: nothing checked. */
        SKIPPED,
        /** The gradients disagree with the finite differences. */
        FAILED,
        /** The engine threw while deriving. */
        ERROR,
        /**
         * The engine threw on an objective with a subexpression that simplifies to a constant
         * (see {@link #cancellingSubexpression}): a known bug, counted apart so the property can
         * go on finding new ones.
         */
        KNOWN_BUG;

        /** The gradients were compared and found right. */
        public boolean passed() { return this == PASSED || this == REFINED || this == TAMED || this == KINK; }
    }

    /**
     * @param detail  what failed (the GradientCheck summary or the exception)
     * @param program the program text that was derived
     * @param point   the first point checked, with f's value and the gradients' values there (null
     *                if nothing was evaluated)
     */
    public record Outcome(Verdict verdict, String detail, String program, Deriver.Mode mode, Point point) {
        Outcome(Verdict verdict, String detail, String program, Deriver.Mode mode) { this(verdict, detail, program, mode, null); }

        public boolean bad() { return verdict == Verdict.FAILED || verdict == Verdict.ERROR; }

        @Override public String toString() {
            return verdict + " (" + mode + "): " + detail + "\n--- program ---\n" + program;
        }
    }

    /** Derives the program's objective in the given mode and checks it. */
    public static Outcome check(String program, Deriver.Mode mode, long pointSeed) {
        return check(program, mode, pointSeed, UnaryOperator.identity());
    }

    /**
     * The same, with each gradient passed through {@code tamper} before the comparison: how the
     * tests show that a wrong gradient does fail.
     */
    public static Outcome check(String program, Deriver.Mode mode, long pointSeed, UnaryOperator<Expr> tamper) {
        return check(program, List.of(), mode, pointSeed, tamper);
    }

    /**
     * @param intermediates named intermediates to differentiate with respect to as well (each then
     *                      stands as an independent variable, and the check draws a value for it)
     */
    public static Outcome check(String program, List<String> intermediates, Deriver.Mode mode, long pointSeed, UnaryOperator<Expr> tamper) {
        Derivation d;
        MatDiff m = null;
        List<String> wrt = new ArrayList<>(intermediates);
        try {
            m = MatDiff.parse(program);
            Expr.Named objective = m.program().objective(null);
            for (Expr.Var v : variablesOf(List.of(objective))) if (!v.constant()) wrt.add(v.name());
            // an objective without variables: its gradient with respect to any symbol is zero
            if (wrt.isEmpty()) wrt.add(m.program().variables().keySet().iterator().next());
            d = m.derive(null, wrt, mode);
        } catch (RuntimeException | StackOverflowError e) {
            String known = m == null ? null : knownBug(e, m, wrt, mode);
            return new Outcome(known != null ? Verdict.KNOWN_BUG : Verdict.ERROR, (known != null ? known + ": " : "") + e, program, mode);
        }
        return check(d, program, mode, pointSeed, tamper);
    }

    /** Checks the gradients of a derivation made elsewhere (program and mode only label the outcome). */
    public static Outcome check(Derivation d, String program, Deriver.Mode mode, long pointSeed, UnaryOperator<Expr> tamper) {
        // intermediates asked for with variables they depend on: each group is checked against its own objective
        Outcome first = null;
        for (Derivation.GradientGroup g : d.gradientGroups()) {
            Map<Expr.Var, Expr> gradients = new LinkedHashMap<>();
            g.gradients().forEach((v, e) -> gradients.put(v, tamper.apply(e)));
            Outcome o = check(g.objective(), gradients, program, mode, pointSeed);
            if (!o.verdict().passed()) return o;
            if (first == null) first = o;
        }
        return first;
    }

    private static Outcome check(Expr f, Map<Expr.Var, Expr> gradients, String program, Deriver.Mode mode, long pointSeed) {
        Attempt first = attempt(f, gradients, pointSeed, 1);
        if (first.verdict == Verdict.PASSED || first.verdict == Verdict.REFINED || first.verdict == Verdict.SKIPPED)
            return new Outcome(first.verdict, first.detail, program, mode, first.point);
        boolean settled = first.verdict == Verdict.FAILED;
        int tamed = 0;
        for (double scale : TAMER) {
            Attempt a = attempt(f, gradients, pointSeed, scale);
            debug("scaled by " + scale, a, first);
            if (a.verdict.passed() && a.covers(first)) tamed++;
            settled |= a.verdict == Verdict.FAILED;
        }
        if (tamed == TAMER.length) return new Outcome(Verdict.TAMED, first.detail, program, mode, first.point);
        if (hasKink(f)) {
            int passed = 0;
            for (int k = 1; k <= KINK_RETRIES; k++) {
                Attempt a = attempt(f, gradients, pointSeed + 7919L * k, 1);
                debug("kink retry " + k, a, first);
                if (a.verdict.passed() && a.covers(first)) passed++;
                settled |= a.verdict == Verdict.FAILED;
            }
            if (passed >= KINK_PASSES) return new Outcome(Verdict.KINK, first.detail, program, mode, first.point);
        }
        return new Outcome(settled ? Verdict.FAILED : Verdict.UNRESOLVED, first.detail, program, mode, first.point);
    }

    private static void debug(String what, Attempt a, Attempt first) {
        if (FineCheck.DEBUG) System.out.println(what + ": " + a.verdict + " " + a.detail + ", nonzero gradients "
                + (a.point == null ? "-" : a.point.nonzero()) + " (first point: " + (first.point == null ? "-" : first.point.nonzero()) + ")");
    }

    /** A point a check was made at: the variables' values, f's value and the gradients' values. */
    public record Point(Bindings at, double value, Map<String, RealMatrix> gradients) {
        /** The variables whose gradient is not exactly zero here. */
        Set<String> nonzero() {
            Set<String> out = new LinkedHashSet<>();
            gradients.forEach((name, g) -> { if (g.getFrobeniusNorm() != 0) out.add(name); });
            return out;
        }

        /**
         * Whether some variable's gradient matters at the scale of f: a relative step of its
         * entries changes f by more than 10⁻³·|f| to first order (max |g_ij·x_ij|). A gradient
         * a thousand times smaller is below what a 0.1% error in it could show.
         */
        public boolean significant() {
            for (var e : gradients.entrySet()) {
                RealMatrix g = e.getValue(), x = at.values().get(e.getKey());
                for (int i = 0; i < g.getRowDimension(); i++)
                    for (int j = 0; j < g.getColumnDimension(); j++)
                        if (Math.abs(g.getEntry(i, j) * x.getEntry(i, j)) > 1e-3 * Math.abs(value)) return true;
            }
            return false;
        }
    }

    /**
     * @param point where the gradients were compared (null when nothing was evaluated)
     */
    private record Attempt(Verdict verdict, String detail, Point point) {
        Attempt(Verdict verdict, String detail) { this(verdict, detail, null); }

        /**
         * Whether a pass here vouches for the gradients that failed at {@code first}: a retry that
         * lands where relu is flat, or beyond a kink, finds every gradient zero and compares nothing.
         */
        boolean covers(Attempt first) {
            return first.point == null || point != null && point.nonzero().containsAll(first.point.nonzero());
        }
    }


    /**
     * The check at one random point with every value scaled by {@code scale}: MIXED data first and
     * POSITIVE data if f is undefined there. PASSED, REFINED, FAILED, UNRESOLVED or SKIPPED.
     */
    private static Attempt attempt(Expr f, Map<Expr.Var, Expr> gradients, long seed, double scale) {
        List<Expr> all = new ArrayList<>();
        all.add(f);
        all.addAll(gradients.values());
        List<Expr.Var> read = variablesOf(all);
        for (Expr.Var v : gradients.keySet()) if (!read.contains(v)) read.add(v);
        String undefined = null;
        for (RandomData.Mode data : RandomData.Mode.values()) {
            Bindings at;
            try {
                at = scaled(RandomData.draw(read, all, Map.of(), seed, data), scale);
                Evaluator e = new Evaluator(at);
                e.scalar(f);
                for (Expr g : gradients.values()) e.value(g);
            } catch (NumericException e) {
                undefined = e.getMessage();
                continue;
            }
            Evaluator ev = new Evaluator(at);
            Map<String, RealMatrix> values = new LinkedHashMap<>();
            for (var g : gradients.entrySet()) {
                RealMatrix value = ev.value(g.getValue());
                values.put(g.getKey().name(), value);
                var x = at.values().get(g.getKey().name());
                if (value.getRowDimension() != x.getRowDimension() || value.getColumnDimension() != x.getColumnDimension())
                    return new Attempt(Verdict.FAILED, "the gradient for " + g.getKey().name() + " is " + value.getRowDimension()
                            + "×" + value.getColumnDimension() + " but the variable is " + x.getRowDimension() + "×" + x.getColumnDimension());
            }
            try {
                GradientCheck.Result r = GradientCheck.check(f, gradients, at);
                Verdict v = r.passed() ? Verdict.PASSED : switch (FineCheck.judge(f, gradients, at)) {
                    case AGREES -> Verdict.REFINED;
                    case UNRESOLVED -> Verdict.UNRESOLVED;
                    case DISAGREES -> Verdict.FAILED;
                };
                return new Attempt(v, data + " data" + (scale == 1 ? "" : " scaled by " + scale) + ": " + r.summary(), new Point(at, ev.scalar(f), values));
            } catch (NumericException e) {
                // defined at the point but not along the stencil: the next kind of data may do
                undefined = e.getMessage();
            }
        }
        return new Attempt(Verdict.SKIPPED, undefined);
    }

    private static Bindings scaled(Bindings at, double scale) {
        if (scale == 1) return at;
        Map<String, RealMatrix> values = new LinkedHashMap<>();
        at.values().forEach((name, value) -> values.put(name, value.scalarMultiply(scale)));
        return new Bindings(values, at.dimSizes());
    }

    /** Known bug 1 (see EngineBugsTest): a law applied to a differential of a constant. */
    static final String CANCELLED_DIFFERENTIAL = "known bug: d(a - a) simplified to d(0) before its law was applied";
    /** Known bug 5 (see EngineBugsTest): A^j*A^-j simplified to A^0, whose law sums no terms. */
    static final String ZEROTH_POWER = "known bug: A^2*A^-2 simplified to A^0 (not I), and d(A^0) is an empty sum";

    /** Known bug 2 (see EngineBugsTest): a stage that no gradient reaches. */
    static final String NO_INCOMING_GRADIENT = "known bug: a staged intermediate that receives no gradient";

    /**
     * Which known engine bug an exception from the derivation is, or null. The program must have
     * the bug's trigger, and, when the exception has a stack trace, the first frame in matdiff's
     * main code (outside expr) must be where the bug throws. (After many throws the JIT drops the
     * stack trace and the message of a NullPointerException: the trigger alone decides then.)
     * <ul>
     * <li>{@link #CANCELLED_DIFFERENTIAL}: a ClassCastException or NullPointerException in
     *     DifferentialLaws, on an objective with a {@link #cancellingSubexpression}. The
     *     simplifier, run between passes, rewrites the argument of a pending differential
     *     (d(a − a) in cos(a − a) ⊙ d(a − a)… of d sin(a − a)) into a constant, and the next pass
     *     applies a law to it: ClassCastException for a number, NullPointerException for a node
     *     whose arguments no longer vary.</li>
     * <li>{@link #NO_INCOMING_GRADIENT}: a NullPointerException in Deriver.staged, in STAGED mode,
     *     where the EXPANDED derivation goes through ({@link #onlyTheStagesFail}). A named
     *     intermediate whose contribution to the objective is zero (sign(h), 0*sum(h), h − h,
     *     h*(u' − u')) gets no gradient, and {@code add(flowing.remove(h))} is given null.</li>
     * <li>{@link #ZEROTH_POWER}: IllegalArgumentException "empty sum" from DifferentialLaws, on an
     *     objective with a subexpression that simplifies to A^0 ({@link #simplifiesToAZerothPower}).
     *     matmul-power merges A^2*A^-2 into A^0, a POWER node, and the law of d(A^k) sums |k| = 0
     *     terms.</li>
     * </ul>
     */
    static String knownBug(Throwable e, MatDiff m, List<String> wrt, Deriver.Mode mode) {
        StackTraceElement at = null;
        for (StackTraceElement el : e.getStackTrace())
            if (el.getClassName().startsWith("dev.matdiff.") && !el.getClassName().startsWith("dev.matdiff.expr.")) { at = el; break; }
        boolean traced = e.getStackTrace().length > 0;
        if (e instanceof IllegalArgumentException && "empty sum".equals(e.getMessage())
                && (!traced || at != null && at.getClassName().endsWith(".DifferentialLaws"))
                && simplifiesToAZerothPower(m.program().objective(null))) return ZEROTH_POWER;
        if (!(e instanceof NullPointerException || e instanceof ClassCastException)) return null;
        if (mode == Deriver.Mode.STAGED && e instanceof NullPointerException
                && (!traced || at != null && at.getClassName().endsWith(".Deriver") && at.getMethodName().equals("staged"))
                && onlyTheStagesFail(m, wrt)) return NO_INCOMING_GRADIENT;
        if ((!traced || at != null && at.getClassName().endsWith(".DifferentialLaws"))
                && cancellingSubexpression(m.program().objective(null), wrt) != null) return CANCELLED_DIFFERENTIAL;
        return null;
    }

    /**
     * The trigger of {@link #ZEROTH_POWER}: some subexpression simplifies to a power A^0 (matmul-power
     * merges A^2*A^-2; Exprs.power keeps k = 0 as a POWER node).
     */
    static boolean simplifiesToAZerothPower(Expr f) {
        java.util.function.UnaryOperator<Expr> simplify = dev.matdiff.simplify.Simplifier.shared();
        for (Expr e : nodes(f))
            for (Expr n : nodes(simplify.apply(e)))
                if (n instanceof Expr.Node p && p.op() == Op.POWER && p.param() == 0) return true;
        return false;
    }

    /**
     * The trigger of {@link #NO_INCOMING_GRADIENT}: the objective reads a named intermediate and
     * the same derivation in EXPANDED mode, which has no stages, goes through.
     */
    static boolean onlyTheStagesFail(MatDiff m, List<String> wrt) {
        if (m.program().definitions().size() < 2) return false;
        try {
            m.derive(null, wrt, Deriver.Mode.EXPANDED);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * A subexpression that mentions a variable (or an intermediate in {@code wrt}) but simplifies
     * to a constant ({@code a - a}, {@code K - K}, {@code h1 - h1}), smallest first, or null: the
     * trigger of {@link #CANCELLED_DIFFERENTIAL}.
     */
    static Expr cancellingSubexpression(Expr f, java.util.Collection<String> wrt) {
        java.util.function.UnaryOperator<Expr> simplify = dev.matdiff.simplify.Simplifier.shared();
        List<Expr> all = nodes(f);
        for (int i = all.size() - 1; i >= 0; i--) {
            Expr e = all.get(i);
            if (e instanceof Expr.Node && varies(e, wrt) && !varies(simplify.apply(e), wrt)) return e;
        }
        return null;
    }

    /** Whether e reads a variable, or an intermediate differentiated against (which then stands as one). */
    private static boolean varies(Expr e, java.util.Collection<String> wrt) {
        for (Expr n : nodes(e)) if (n instanceof Expr.Var || n instanceof Expr.Named h && wrt.contains(h.name())) return true;
        return false;
    }

    /** Whether f has a function whose derivative jumps (abs, relu, sign, norm1). */
    static boolean hasKink(Expr f) {
        for (Expr e : nodes(f)) {
            if (e instanceof Expr.Node n && n.op().has(OpSpec.Flag.KINK_AT_ZERO))
                return true;
        }
        return false;
    }

    /** Every variable the expressions read, in order of first occurrence. */
    static List<Expr.Var> variablesOf(List<Expr> roots) {
        Set<Expr.Var> out = new LinkedHashSet<>();
        for (Expr e : nodes(roots.toArray(Expr[]::new))) if (e instanceof Expr.Var v) out.add(v);
        return new ArrayList<>(out);
    }

    /** The distinct nodes of a DAG, parents before children. */
    static List<Expr> nodes(Expr... roots) {
        Map<Expr, Boolean> seen = new IdentityHashMap<>();
        List<Expr> out = new ArrayList<>();
        java.util.ArrayDeque<Expr> stack = new java.util.ArrayDeque<>();
        for (int i = roots.length - 1; i >= 0; i--) stack.push(roots[i]);
        while (!stack.isEmpty()) {
            Expr e = stack.pop();
            if (seen.put(e, Boolean.TRUE) != null) continue;
            out.add(e);
            List<Expr> c = e.children();
            for (int i = c.size() - 1; i >= 0; i--) stack.push(c.get(i));
        }
        return out;
    }
}
