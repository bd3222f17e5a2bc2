package dev.matdiff.expr;

import dev.matdiff.linalg.ElementwiseKernel;
import dev.matdiff.linalg.Factorisations;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@link Op} row has what its kind needs, so that forgetting a piece of a new operation fails
 * here instead of printing nothing or throwing at run time. That each row's law and adjoint are
 * right is {@code LawTest}'s part (a case per operation, checked in numbers).
 */
class OpRowTest {

    @ParameterizedTest
    @EnumSource(Op.class)
    void everyRowHasWhatItsKindNeeds(Op op) {
        OpSpec s = op.spec();
        assertThat(s.shape()).as("shape rule").isNotNull();
        switch (s.kind()) {
            case OPERATOR -> assertThat(s.kernel()).as("an operator is evaluated as structure").isNull();
            case ELEMENTWISE -> {
                assertThat(s.names()).as("name").isNotEmpty();
                assertThat(s.elementwise()).as("kernel").isNotNull();
                assertThat(s.slope()).as("derivative").isNotNull();
                assertThat(s.latex().style()).as("LaTeX").isNotEqualTo(LatexForm.Style.PRINTER);
                assertThat(s.has(OpSpec.Flag.KEEPS_SYMMETRY)).as("an entry-wise function of a symmetric matrix is symmetric").isTrue();
                if (s.elementwise().domain() != null) assertThat(s.elementwise().need()).as("domain message").isNotBlank();
            }
            case REDUCTION, MATRIX_FUNCTION -> {
                assertThat(s.names()).as("name").isNotEmpty();
                if (op != Op.UNVEC) assertThat(s.kernel()).as("kernel").isNotNull();
                if (s.has(OpSpec.Flag.LINEAR)) assertThat(s.adjoint()).as("a linear map needs its adjoint").isNotNull();
                else assertThat(s.adjoint()).as("only a linear map has an adjoint").isNull();
            }
            case CONSTANT -> assertThat(s.names()).as("name").isNotEmpty();
        }
    }

    @Test
    void everyNameCallsOneOperation() {
        Set<String> seen = new HashSet<>();
        for (Op op : Op.values())
            for (String name : op.spec().names())
                if (!seen.add(name)) assertThat(name).as("only diag (picked by shape) and sum (by its dimension argument) name several rows")
                        .isIn("diag", "sum");
    }

    /** A FINITE flag lets the evaluator skip its NaN scan: it must hold at the extremes of the doubles. */
    @ParameterizedTest
    @EnumSource(Op.class)
    void whatIsFlaggedFiniteIsFiniteOnFiniteInput(Op op) {
        if (!op.has(OpSpec.Flag.FINITE) || op.spec().kind() == OpSpec.Kind.CONSTANT) return;
        double[] extremes = {0, 1, -1, 1e-308, -1e-308, 700, -700, 1e6, -1e6, 1e308, -1e308, Double.MAX_VALUE, -Double.MAX_VALUE};
        if (op.isElementwise()) {
            ElementwiseKernel k = op.spec().elementwise();
            for (double v : extremes)
                if (k.domain() == null || k.domain().test(v))
                    assertThat(k.f().applyAsDouble(v)).as("%s(%s)", op, v).isFinite();
        } else if (op.spec().kernel() != null && op.arity() == 1) {
            RealMatrix x = MatrixUtils.createColumnRealMatrix(extremes);
            RealMatrix arg = op == Op.DIAG_VECTOR ? MatrixUtils.createRealDiagonalMatrix(extremes) : x;
            RealMatrix out = op.spec().kernel().apply(arg, null, Factorisations.NONE);
            for (double[] row : out.getData()) for (double v : row) assertThat(v).as("%s", op).isFinite();
        }
    }

    /**
     * ODD and EVEN let the simplifier write f(−A) as ∓f(A): each flag must hold, and an element-wise
     * function that is odd or even at every point tried must say so (else f(x) + f(−x) is left unsimplified).
     */
    @ParameterizedTest
    @EnumSource(Op.class)
    void whatIsFlaggedOddOrEvenIsAndWhatIsNotFlaggedIsNot(Op op) {
        boolean odd = op.has(OpSpec.Flag.ODD), even = op.has(OpSpec.Flag.EVEN);
        if (!op.isElementwise()) {
            assertThat(odd || even).as("only an element-wise function is odd or even").isFalse();
            return;
        }
        ElementwiseKernel k = op.spec().elementwise();
        double[] points = {0.1, 0.35, 0.7, 0.95, 1.3, 2.9, 7.5};
        boolean allOdd = true, allEven = true, tried = false;
        for (double v : points) {
            if (k.domain() != null && !(k.domain().test(v) && k.domain().test(-v))) continue;
            tried = true;
            double f = k.f().applyAsDouble(v), g = k.f().applyAsDouble(-v), tol = 1e-14 * Math.max(1, Math.abs(f));
            allOdd &= Math.abs(g + f) <= tol;
            allEven &= Math.abs(g - f) <= tol;
        }
        if (odd) assertThat(tried && allOdd).as("%s(−x) = −%s(x)", op, op).isTrue();
        else if (tried) assertThat(allOdd).as("%s is odd: flag it ODD", op).isFalse();
        if (even) assertThat(tried && allEven).as("%s(−x) = %s(x)", op, op).isTrue();
        else if (tried) assertThat(allEven).as("%s is even: flag it EVEN", op).isFalse();
    }
    /**
     * POSITIVE lets a rewrite divide by a function's value (eᵘ = λ ⊘ t reads through λ = t ⊙ eᵘ only where t cannot be 0):
     * each flagged function is above 0 at every point tried, large and of both signs, and an element-wise function that
     * is must say so.
     */
    @ParameterizedTest
    @EnumSource(Op.class)
    void whatIsFlaggedPositiveIsAndWhatIsNotFlaggedIsNot(Op op) {
        double[] points = {0, 0.1, -0.1, 0.7, -0.7, 2.9, -2.9, 30, -30};
        boolean positive = op.has(OpSpec.Flag.POSITIVE);
        if (op == Op.SOFTMAX) {
            assertThat(positive).isTrue();
            RealMatrix p = dev.matdiff.linalg.Kernels.softmax(MatrixUtils.createColumnRealMatrix(points));
            for (int i = 0; i < points.length; i++) assertThat(p.getEntry(i, 0)).as("softmax's entry %d", i).isGreaterThan(0);
            return;
        }
        if (!op.isElementwise()) {
            assertThat(positive).as("%s: only an element-wise function or softmax is flagged positive", op).isFalse();
            return;
        }
        ElementwiseKernel k = op.spec().elementwise();
        boolean all = true, tried = false;
        for (double v : points) {
            if (k.domain() != null && !k.domain().test(v)) { all = false; continue; }
            tried = true;
            all &= k.f().applyAsDouble(v) > 0;
        }
        if (positive) assertThat(tried && all).as("%s(x) > 0 everywhere", op).isTrue();
        else assertThat(tried && all).as("%s is above 0 everywhere tried: flag it POSITIVE", op).isFalse();
    }

    /**
     * The kink flags tell check where a finite difference cannot judge a gradient: a function of
     * one argument is flagged exactly when it has a kink or a jump at 0, read on the entry t of
     * (t, 1); KINK_AT_ZERO when that entry alone at 0 makes it one, KINK_AT_ORIGIN when only the
     * whole argument at 0 does (on (t) alone).
     */
    @ParameterizedTest
    @EnumSource(Op.class)
    void whatIsFlaggedKinkedHasAKinkAtZeroAndWhatIsNotHasNone(Op op) {
        boolean entry = op.has(OpSpec.Flag.KINK_AT_ZERO), origin = op.has(OpSpec.Flag.KINK_AT_ORIGIN);
        if (op.spec().kind() != OpSpec.Kind.ELEMENTWISE && op.spec().kind() != OpSpec.Kind.REDUCTION) {
            assertThat(entry || origin).as("only an element-wise function or a reduction is flagged kinked").isFalse();
            return;
        }
        // an element-wise function's entry is all of its argument
        Boolean alone = kinkedAtZero(op, false), withOne = op.isElementwise() ? alone : kinkedAtZero(op, true);
        if (entry) assertThat(withOne).as("%s has a kink where one entry is 0", op).isTrue();
        else if (withOne != null) assertThat(withOne).as("%s has a kink where one entry is 0: flag it KINK_AT_ZERO", op).isFalse();
        if (origin) assertThat(alone).as("%s has a kink at 0", op).isTrue();
        if (origin) assertThat(withOne).as("%s is smooth where only one entry is 0: not KINK_AT_ZERO", op).isFalse();
        else if (!entry && alone != null) assertThat(alone).as("%s has a kink at 0: flag it KINK_AT_ORIGIN", op).isFalse();
    }

    /**
     * Whether f(t) (or f of (t, 1), a column for a reduction) has one-sided slopes at t = 0 that
     * differ, or a jump there; null where 0 is outside its domain or f is not finite near it.
     */
    private static Boolean kinkedAtZero(Op op, boolean withOne) {
        double h = 1e-6;
        double[] f = new double[3];
        for (int k = 0; k < 3; k++) {
            double t = (k - 1) * h;
            try {
                if (op.isElementwise()) {
                    ElementwiseKernel kernel = op.spec().elementwise();
                    if (kernel.domain() != null && !kernel.domain().test(t)) return null;
                    f[k] = kernel.f().applyAsDouble(t);
                } else {
                    RealMatrix x = MatrixUtils.createColumnRealMatrix(withOne ? new double[] {t, 1} : new double[] {t});
                    f[k] = op.spec().kernel().apply(x, null, Factorisations.NONE).getEntry(0, 0);
                }
            } catch (RuntimeException outsideTheDomain) {
                return null;
            }
            if (!Double.isFinite(f[k])) return null;
        }
        double left = (f[1] - f[0]) / h, right = (f[2] - f[1]) / h;
        return Math.abs(right - left) > 1e-3 * Math.max(1, Math.max(Math.abs(left), Math.abs(right)))
                || Math.max(Math.abs(left), Math.abs(right)) > 1e3;
    }
}
