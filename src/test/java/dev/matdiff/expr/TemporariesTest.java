package dev.matdiff.expr;

import dev.matdiff.MatDiff;
import dev.matdiff.testing.RandomExpressions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which parts of a derivation's results get a name in its "where" block. */
class TemporariesTest {

    private static Expr parse(String text) {
        return MatDiff.parse(RandomExpressions.declarations() + "f = " + text).program().objective(null).body();
    }

    /** sin(A'u + Xx + y), printed once or twice by results long enough (over 30 nodes) to name a function's value in. */
    private static final String VALUE = "sin(A'*u + X*x + y)";
    private static final Expr ONCE = parse("X'*(X*x + " + VALUE + " .* (X'*y + X*y + x .* y + S*x)) + exp(X*y + S*y) .* (A'*u)");
    private static final Expr ONCE_MORE = parse("S*(X*x + " + VALUE + " .* (X'*y + X*y - x .* y + S*x)) + exp(X*x + S*y) .* (A'*u)");
    private static final Expr TWICE = parse("X'*(x + " + VALUE + " .* (X'*y + X*y + x .* y)) + " + VALUE + " .* (S*y) + exp(S*x)");

    private static Set<String> named(List<Expr> results) {
        Temporaries t = new Temporaries(Set.of());
        t.nameRepeatsInResults(results);
        return Set.copyOf(t.definitionLines());
    }

    @Test
    void aValuePrintedThreeTimesBetweenTheResultsAndTwiceByOneIsNamed() {
        assertThat(named(List.of(TWICE, ONCE))).containsExactly("t1 = " + VALUE);
    }

    @Test
    void aValuePrintedOnceByEachResultIsNot() {
        assertThat(named(List.of(ONCE, ONCE_MORE))).isEmpty();
        assertThat(named(List.of(ONCE, ONCE_MORE, parse("A'*(u + A*x) + " + VALUE + " .* exp(S*x + X*x + y) + exp(X'*x) .* x")))).isEmpty();
    }

    /**
     * Twice in one result is enough for a value of 8 nodes or more, named wherever it is printed (an attention head's
     * softmax(K'Q/√d) in its δ, trial s80b), not for a shorter one.
     */
    @Test
    void twiceInOneResultIsEnoughForALongValueOnly() {
        assertThat(named(List.of(TWICE))).containsExactly("t1 = " + VALUE);
        String small = "sin(X*x)";
        assertThat(named(List.of(parse("X'*(x + " + small + " .* (X'*y + X*y + x .* y + S*x)) + " + small + " .* (S*y) + exp(S*x)")))).isEmpty();
    }

    /**
     * Past the walk budget, the long expressions left are named together: a chain's gradients, each reaching through every
     * layer below and none printing a part twice itself, still print in size linear in the layers (whole, k²).
     */
    @Test
    void pastTheBudgetTheRestAreNamedTogetherAndPrintLinearly() {
        long short40 = printedPastTheBudget(40), short80 = printedPastTheBudget(80);
        assertThat(short80).as("printed size of 80 layers against 40").isLessThan(3 * short40);
        assertThat(short40).isLessThan(40 * 120);
    }

    private static long printedPastTheBudget(int layers) {
        Dim n = new Dim.Sym("n");
        Expr below = Exprs.var("x", Shape.vector(n), VarKind.VECTOR, false), u = Exprs.var("u", Shape.vector(n), VarKind.VECTOR, true);
        List<Expr> results = new java.util.ArrayList<>();
        for (int i = layers; i >= 1; i--) {
            Expr w = Exprs.var("W" + i, new Shape(n, n), VarKind.MATRIX, false);
            below = Exprs.hadamard(Exprs.fn("tanh", Exprs.mul(Exprs.transpose(w), below)), u);
            results.add(Exprs.mul(below, Exprs.transpose(u)));
        }
        Temporaries t = new Temporaries(Set.of(), 0);
        t.nameRepeatsInEach(results);
        long size = 0;
        for (Expr r : results) size += TextPrinter.print(r, TextPrinter.Differentials.COMPACT, t.names()).length();
        for (String line : t.definitionLines()) size += line.length();
        return size;
    }

    /** Under the budget nothing changes: a 400-layer network's steps and results are named as with no budget at all. */
    @Test
    void underTheBudgetADeepNetworkIsNamedAsBefore() {
        int layers = 400;
        StringBuilder program = new StringBuilder("matrix ");
        for (int i = 1; i <= layers; i++) program.append(i > 1 ? ", " : "").append("W").append(i).append("(n, n)");
        program.append("\nvector x(n), y(n) constant\nz0 = x\n");
        for (int i = 1; i <= layers; i++) program.append("z").append(i).append(" = tanh(W").append(i).append("*z").append(i - 1).append(")\n");
        program.append("L = sqnorm(z").append(layers).append(" - y)\n");
        String[] wrt = new String[layers];
        for (int i = 0; i < layers; i++) wrt[i] = "W" + (i + 1);
        dev.matdiff.calculus.Derivation d = MatDiff.parse(program.toString()).derive(wrt);
        List<Expr> steps = d.steps().stream().map(dev.matdiff.calculus.Step::expr).toList();
        List<Expr> results = d.results().stream().map(dev.matdiff.calculus.Derivation.Result::expr).toList();
        Temporaries budgeted = new Temporaries(Set.of()), unbounded = new Temporaries(Set.of(), Long.MAX_VALUE);
        for (Temporaries t : List.of(budgeted, unbounded)) {
            t.nameRepeatsInEach(steps);
            t.nameRepeatsInResults(results);
        }
        assertThat(budgeted.definitionLines()).isNotEmpty().isEqualTo(unbounded.definitionLines());
    }
}
