package dev.matdiff.numeric;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.shapes.Program;
import dev.matdiff.testing.Fixtures;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import static dev.matdiff.testing.Fixtures.program;
import static dev.matdiff.testing.Fixtures.values;
import static org.assertj.core.api.Assertions.assertThat;

/** What an evaluation computes: each shared node once, read-through nodes never. */
class PlanTest {

    /** The distinct nodes evaluating all of {@code roots} on one evaluator computes. */
    static Set<Expr> computed(List<Expr> roots) {
        Set<Expr> out = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Expr r : roots) Collections.addAll(out, Plan.of(r).keys);
        return out;
    }

    static long count(Set<Expr> nodes, Op op) {
        return nodes.stream().filter(e -> Exprs.is(e, op)).count();
    }

    static List<Expr> objectiveAndGradients(Derivation d) {
        List<Expr> all = new ArrayList<>();
        all.add(d.objective());
        all.addAll(d.gradients().values());
        return all;
    }

    /**
     * The gradient writes the broadcast b*ones(N)' of the objective as b*ones(1, N); the plans key both as
     * one node, so the gradients reuse the objective's forward pass instead of computing it again.
     */
    @Test void theGradientsOfANestedNetworkReuseItsForwardPass() {
        String text = "matrix X(n, N) constant\nmatrix Y(n, N) constant\nmatrix W1(n, n), W2(n, n), W3(n, n)\n"
                + "vector b1(n) constant\nvector b2(n) constant\nvector b3(n) constant\n"
                + "L = sqnorm(tanh(W3*tanh(W2*tanh(W1*X + b1*ones(N)') + b2*ones(N)') + b3*ones(N)') - Y)";
        Derivation d = MatDiff.parse(text).derive("W1", "W2", "W3");
        Set<Expr> nodes = computed(objectiveAndGradients(d));
        assertThat(count(nodes, Op.TANH)).isEqualTo(3);
        // three forward products W*z and three broadcasts b*1ᵀ; three gradients Δ z'; two backward W'Δ
        assertThat(count(nodes, Op.MATMUL)).isEqualTo(11);
    }

    /** A diagonal factor scales its neighbour's rows or columns: the n×n diagonal is never computed, and the values agree. */
    @Test void aProductsDiagonalFactorIsAScaling() {
        Program p = program("matrix X(7, 3), A(3, 7)\nvector v(7)\nf = sum(X'*diag(v)*X) + sum(A*diag(v)) + sum(diag(v)*X)");
        Set<Expr> nodes = computed(List.of(p.objective(null)));
        assertThat(count(nodes, Op.DIAG_MATRIX)).isZero();
        java.util.Random r = new java.util.Random(5);
        var x = Fixtures.random(r, 7, 3);
        var a = Fixtures.random(r, 3, 7);
        var v = Fixtures.random(r, 7, 1);
        Bindings b = Bindings.bind(p.variables().values(), values("X", x, "A", a, "v", v));
        var d = org.apache.commons.math3.linear.MatrixUtils.createRealDiagonalMatrix(v.getColumn(0));
        double sum = 0;
        for (var m : List.of(x.transpose().multiply(d).multiply(x), a.multiply(d), d.multiply(x)))
            for (double[] row : m.getData()) for (double e : row) sum += e;
        assertThat(new Evaluator(b).scalar(p.objective(null))).isCloseTo(sum, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test void readThroughNodesAreNotComputed() {
        Program p = program("matrix A(3, 3), B(3, 3)\nf = sum(A'*B - 2*A + ones(3, 3))");
        Set<Expr> nodes = computed(List.of(p.objective(null)));
        assertThat(count(nodes, Op.TRANSPOSE)).isZero();
        assertThat(count(nodes, Op.SCALE)).isZero();
        assertThat(count(nodes, Op.ONES)).isZero();
        assertThat(count(nodes, Op.NEG)).isZero();
        Bindings b = Bindings.bind(p.variables().values(), values("A", Fixtures.random(new java.util.Random(2), 3, 3),
                "B", Fixtures.random(new java.util.Random(3), 3, 3)));
        var a = b.values().get("A");
        var bb = b.values().get("B");
        double expected = 0;
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) {
                double ab = 0;
                for (int k = 0; k < 3; k++) ab += a.getEntry(k, i) * bb.getEntry(k, j);
                expected += ab - 2 * a.getEntry(i, j) + 1;
            }
        assertThat(new Evaluator(b).scalar(p.objective(null))).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-12));
    }

    /**
     * A deep objective's gradients share most of their nodes; they are not planned whole (k gradients
     * of k layers would be k² plan entries) but each evaluates what is new to its evaluator.
     */
    @Test void aDeepObjectiveIsPlannedPieceByPieceWithTheSameValues() {
        int k = 60;
        StringBuilder text = new StringBuilder("matrix X(n, N) constant\nmatrix Y(n, N) constant\n");
        String z = "X";
        List<String> wrt = new ArrayList<>();
        for (int i = 1; i <= k; i++) {
            text.append("matrix W").append(i).append("(n, n)\nvector b").append(i).append("(n) constant\n");
            z = "tanh(W" + i + "*" + z + " + b" + i + "*ones(N)')";
            wrt.add("W" + i);
        }
        text.append("L = sqnorm(").append(z).append(" - Y)");
        Derivation d = MatDiff.parse(text.toString()).derive(null, wrt);
        List<Expr> all = objectiveAndGradients(d);
        assertThat(Plan.of(d.objective())).as("too large to plan whole").isNull();

        java.util.Random r = new java.util.Random(5);
        java.util.Map<String, org.apache.commons.math3.linear.RealMatrix> v = new java.util.LinkedHashMap<>();
        v.put("X", Fixtures.random(r, 3, 2));
        v.put("Y", Fixtures.random(r, 3, 2));
        for (int i = 1; i <= k; i++) {
            v.put("W" + i, Fixtures.random(r, 3, 3).scalarMultiply(0.5));
            v.put("b" + i, Fixtures.random(r, 3, 1));
        }
        Bindings b = new Bindings(v, java.util.Map.of("n", 3, "N", 2));
        Evaluator shared = new Evaluator(b);
        for (Expr e : all) {
            var together = shared.value(e);
            var alone = new Evaluator(b).value(e);
            assertThat(together.subtract(alone).getNorm()).as(e.toString().length() > 60 ? "a gradient" : e.toString())
                    .isLessThanOrEqualTo(1e-12 * Math.max(1, alone.getNorm()));
        }
        // the forward pass is computed once however many gradients read it
        Set<Expr> known = Collections.newSetFromMap(new IdentityHashMap<>());
        long tanh = 0;
        for (Expr e : all) {
            Plan p = Plan.delta(e, known::contains);
            for (int i = 0; i < p.size(); i++)
                if (p.kinds[i] != Plan.Kind.KNOWN && known.add(p.keys[i]) && Exprs.is(p.keys[i], Op.TANH)) tanh++;
        }
        assertThat(tanh).isEqualTo(k);
    }

    @Test void aPlanIsMadeOnceAndShared() {
        Program p = program("matrix A(3, 3)\nf = tr(A*A)");
        assertThat(Plan.of(p.objective(null))).isSameAs(Plan.of(p.objective(null)));
    }

    // ---- what a careful person computes

    static Plan planOf(String text, String... wrt) {
        MatDiff m = MatDiff.parse(text);
        List<Expr> roots = wrt.length == 0 ? List.of(m.program().objective(null)) : m.derive(wrt).objectiveAndGradients();
        return Plan.of(roots, d -> 100, "n=100", true);
    }

    static long steps(Plan p, Plan.Kind kind) {
        return java.util.Arrays.stream(p.kinds).filter(k -> k == kind).count();
    }

    @Test void theTraceOfAProductIsAnEntrywiseSum() {
        Plan p = planOf("matrix A(n, n), B(n, n), C(n, n)\nf = tr(A*B') + tr(A*B*C)");
        assertThat(steps(p, Plan.Kind.TRACE_PRODUCT)).as(p.listing()).isEqualTo(2);
        assertThat(steps(p, Plan.Kind.PRODUCT)).as(p.listing()).isEqualTo(1);  // B*C (or C*A), not A*B*C
        assertThat(steps(p, Plan.Kind.TRANSPOSE)).as(p.listing()).isZero();
    }

    /** The slope 1 − σ(WX) reads σ(WX), which the objective computes: one exp an entry, not two. */
    @Test void aComplementReadsTheFunctionsValueTheObjectiveHas() {
        Plan p = planOf("matrix W(m, n), X(n, N)\nf = sum(sigmoid(W*X))", "W");
        assertThat(p.listing()).as(p.listing()).contains("COMPLEMENT");
        for (int i = 0; i < p.kinds.length; i++)
            if (p.kinds[i] == Plan.Kind.COMPLEMENT) assertThat(p.inputs[i]).as(p.listing()).hasSize(2);
        // alone, with no σ(x) to read, it is taken from x
        Plan alone = planOf("matrix W(m, n), X(n, N)\nf = sum(log(sigmoid(W*X)))", "W");
        assertThat(steps(alone, Plan.Kind.COMPLEMENT)).as(alone.listing()).isEqualTo(1);
        for (int i = 0; i < alone.kinds.length; i++) if (alone.kinds[i] == Plan.Kind.COMPLEMENT) assertThat(alone.inputs[i]).hasSize(1);
    }

    /** x'·kron(A, B)·x's gradient reads kron(Aᵀ, Bᵀ): A and B are read transposed in place, no transpose stored. */
    @Test void aKroneckerProductReadsItsFactorsTransposedInPlace() {
        Plan p = planOf("matrix A(n, n), B(q, q)\nvector x(n*q)\nf = x'*kron(A, B)*x", "x");
        assertThat(steps(p, Plan.Kind.KRON)).as(p.listing()).isEqualTo(2);
        assertThat(steps(p, Plan.Kind.TRANSPOSE)).as(p.listing()).isZero();
    }

    /** diag(X·Xᵀ) as the row sums of X ⊙ X (trial s65a: the n³ product for n numbers); diag(A·B·C) splits, not rotates. */
    @Test void theDiagonalOfAProductIsRowDots() {
        Plan p = planOf("matrix X(n, n)\nvector v(n)\nf = sqnorm(diag(X*X') - v)", "X");
        assertThat(steps(p, Plan.Kind.DIAG_PRODUCT)).as(p.listing()).isEqualTo(1);
        assertThat(steps(p, Plan.Kind.GRAM)).as(p.listing()).isZero();
        // the one product is the gradient's broadcast (diag(X*X') - v)*ones(1, n), O(n²)
        assertThat(p.listing().lines().filter(l -> l.contains(" PRODUCT ") && l.endsWith("X*X'"))).as(p.listing()).isEmpty();
        Plan three = planOf("matrix A(n, n), B(n, n), C(n, n)\nf = sum(diag(A*B*C))");
        assertThat(steps(three, Plan.Kind.DIAG_PRODUCT)).as(three.listing()).isEqualTo(1);
        assertThat(steps(three, Plan.Kind.PRODUCT)).as(three.listing()).isEqualTo(1);
    }

    /** Aᵏ is the chain A·A⋯A: tr(X³) is tr(X²·X) with the gradient's 3(X²)ᵀ, one product in all (trial s65a: three). */
    @Test void aSmallPowerSharesItsProducts() {
        Plan p = planOf("matrix X(n, n)\nf = tr(X^3)", "X");
        assertThat(steps(p, Plan.Kind.PRODUCT) + steps(p, Plan.Kind.GRAM) + steps(p, Plan.Kind.CHAIN)).as(p.listing()).isEqualTo(1);
        assertThat(steps(p, Plan.Kind.TRACE_PRODUCT)).as(p.listing()).isEqualTo(1);
        assertThat(java.util.Arrays.stream(p.keys).filter(k -> Exprs.is(k, Op.POWER))).as(p.listing()).isEmpty();
    }

    /** sum(P .* Q) and sum(P.^2) are one pass over P and Q (the trace step's dot product), unless P .* Q is needed anyway. */
    @Test void aSumOfAnEntrywiseProductIsADotProduct() {
        Plan p = planOf("matrix X(n, n), Y(n, n)\nvector x(n), y(n)\nf = sum(X .* Y) + sum(x .* y) + sum(X' .* Y) + sum((X - Y).^2)");
        assertThat(steps(p, Plan.Kind.TRACE_PRODUCT)).as(p.listing()).isEqualTo(4);
        assertThat(java.util.Arrays.stream(p.keys).filter(k -> Exprs.is(k, Op.HADAMARD) || Exprs.is(k, Op.ELEMPOW))).as(p.listing()).isEmpty();
        assertThat(steps(p, Plan.Kind.TRANSPOSE)).as(p.listing()).isZero();
        Plan shared = planOf("matrix X(n, n), Y(n, n)\nf = sum(X .* Y) + sqnorm(X .* Y)");
        assertThat(java.util.Arrays.stream(shared.keys).filter(k -> Exprs.is(k, Op.HADAMARD)).count()).as(shared.listing()).isEqualTo(1);
        assertThat(steps(shared, Plan.Kind.TRACE_PRODUCT)).as(shared.listing()).isZero();
    }

    /** The diagonal of a product, a power as a chain, a sum of inverses as solves and a sum of P .* Q give the values as written. */
    @Test void theNewFormsGiveTheValuesAsWritten() {
        java.util.Random r = new java.util.Random(9);
        org.apache.commons.math3.linear.RealMatrix a = Fixtures.random(r, 4, 4).add(org.apache.commons.math3.linear.MatrixUtils.createRealIdentityMatrix(4).scalarMultiply(3)),
                b = Fixtures.random(r, 4, 3), c = Fixtures.random(r, 4, 3), v = Fixtures.random(r, 4, 1);
        MatDiff m = MatDiff.parse("matrix A(n, n), B(n, k), C(n, k)\nvector v(n)\nL = sum(diag(B*C')) + tr(A^3) + v'*(inv(A) + 2*inv(A)')*v + sum(B .* C) + sum((B - C).^2)");
        Bindings at = new Bindings(java.util.Map.of("A", a, "B", b, "C", c, "v", v), java.util.Map.of("n", 4, "k", 3));
        org.apache.commons.math3.linear.RealMatrix inv = new org.apache.commons.math3.linear.LUDecomposition(a).getSolver().getInverse();
        double expected = b.multiply(c.transpose()).getTrace() + a.power(3).getTrace()
                + v.transpose().multiply(inv.add(inv.transpose().scalarMultiply(2))).multiply(v).getEntry(0, 0)
                + b.transpose().multiply(c).getTrace() + Math.pow(b.subtract(c).getFrobeniusNorm(), 2);
        assertThat(new Evaluator(at).value(m.program().objective(null)).getEntry(0, 0)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-10 * Math.abs(expected)));
    }

    /** (A⁻¹ + A⁻ᵀ)v, a Mahalanobis gradient with a general A, is two solves with one factorisation: no inverse formed. */
    @Test void aSumOfInversesTimesAVectorIsSolves() {
        Plan p = planOf("matrix A(n, n)\nvector x(n), mu(n)\nL = (x - mu)'*inv(A)*(x - mu)", "x");
        assertThat(java.util.Arrays.stream(p.keys).filter(k -> Exprs.is(k, Op.INV))).as(p.listing()).isEmpty();
        assertThat(steps(p, Plan.Kind.SOLVE_LEFT) + steps(p, Plan.Kind.SOLVE_RIGHT)).as(p.listing()).isGreaterThanOrEqualTo(2);
    }

    /** tr(S·A) with S symmetric is Σ s_ij·a_ij, read along both arrays rather than one across the other. */
    @Test void theTraceOfAProductWithASymmetricFactorReadsBothAlong() {
        Plan p = planOf("symmetric S(n)\nmatrix A(n, n)\nf = tr(inv(S)*A) + tr(A*S)");
        for (int i = 0; i < p.size(); i++)
            if (p.kinds[i] == Plan.Kind.TRACE_PRODUCT) assertThat(p.transposed[i][0] != p.transposed[i][1]).as(p.listing()).isTrue();
        assertThat(steps(p, Plan.Kind.TRACE_PRODUCT)).as(p.listing()).isEqualTo(2);
    }

    /** The objective writes W2*tanh(W1*X) - Y where the gradients write W2*Z1 - Y: one value, computed once. */
    @Test void aNamedIntermediateIsItsBodyForSharing() {
        Plan p = planOf("matrix W1(n, n), W2(n, n)\nmatrix X(n, n) constant\nmatrix Y(n, n) constant\nZ1 = tanh(W1*X)\nL = sqnorm(W2*Z1 - Y)", "W1", "W2");
        assertThat(java.util.Arrays.stream(p.keys).filter(k -> Exprs.is(k, Op.ADD) && k.toString().contains("Y")).count()).as(p.listing()).isEqualTo(1);
        assertThat(steps(p, Plan.Kind.PRODUCT)).as(p.listing()).isEqualTo(5);
    }

    @Test void anInverseOnlyMultipliedIsASolve() {
        Plan p = planOf("matrix A(n, n), B(n, n)\nvector x(n)\nf = sum(inv(A)*B) + x'*inv(A)'*x");
        assertThat(steps(p, Plan.Kind.SOLVE_LEFT) + steps(p, Plan.Kind.SOLVE_RIGHT)).as(p.listing()).isEqualTo(2);
        assertThat(java.util.Arrays.stream(p.keys).filter(k -> Exprs.is(k, Op.INV)).count()).as(p.listing()).isZero();
    }

    @Test void anInverseNeededAnywayIsMultiplied() {
        Plan p = planOf("matrix A(n, n), B(n, n)\nf = sum(inv(A)*B) + sum(inv(A))");
        assertThat(steps(p, Plan.Kind.SOLVE_LEFT)).as(p.listing()).isZero();
        // 1ᵀ·inv(A)·(B·1): two matrix-vector products
        assertThat(steps(p, Plan.Kind.PRODUCT)).as(p.listing()).isEqualTo(2);
    }

    /** f = N logdet S + tr(Cᵀ S⁻¹ C), ∇S = N S⁻¹ − S⁻¹ C Cᵀ S⁻¹: P = S⁻¹C serves the trace and, with its transpose, the gradient. */
    @Test void theGaussianLikelihoodAndItsGradientShareTheirProducts() {
        Plan p = planOf("symmetric S(n)\nmatrix X(n, N) constant\nvector mu(n) constant\nscalar N constant\n"
                + "C = X - mu*ones(N)'\nL = N*logdet(S) + tr(C'*inv(S)*C)", "S");
        assertThat(steps(p, Plan.Kind.PRODUCT)).as(p.listing()).isEqualTo(2);  // mu*1ᵀ and S⁻¹C
        assertThat(steps(p, Plan.Kind.GRAM)).as(p.listing()).isEqualTo(1);     // (S⁻¹C)(S⁻¹C)ᵀ
        assertThat(steps(p, Plan.Kind.TRACE_PRODUCT)).as(p.listing()).isEqualTo(1);
    }

    @Test void aGramMatrixIsOneSymmetricUpdate() {
        Plan p = planOf("matrix X(n, n)\nf = logdet(X'*X + eye(n))");
        assertThat(steps(p, Plan.Kind.GRAM)).as(p.listing()).isEqualTo(1);
        assertThat(steps(p, Plan.Kind.PRODUCT)).as(p.listing()).isZero();
    }

    @Test void aTwoLayerNetworkComputesFiveProductsAndNoTranspose() {
        Plan p = planOf("matrix W1(n, n), W2(n, n)\nmatrix X(n, n) constant\nmatrix Y(n, n) constant\n"
                + "Z1 = tanh(W1*X)\nL = sqnorm(W2*Z1 - Y)", "W1", "W2");
        assertThat(steps(p, Plan.Kind.PRODUCT)).as(p.listing()).isEqualTo(5);
        assertThat(steps(p, Plan.Kind.TRANSPOSE)).as(p.listing()).isZero();
    }

    @Test void aProductAndItsTransposeAreOneValue() {
        Plan p = planOf("matrix A(n, n), B(n, n)\nf = sum(exp(A*B)) + sum(sin(B'*A'))");
        assertThat(steps(p, Plan.Kind.PRODUCT)).as(p.listing()).isEqualTo(1);
        assertThat(steps(p, Plan.Kind.TRANSPOSE)).as(p.listing()).isEqualTo(1);
    }

    /**
     * f = sum(A·X·B) = 1ᵀ·A·X·B·1 and ∇X f = Aᵀ·ones(n, n)·Bᵀ = (Aᵀ1)(B1)ᵀ: every product has a vector operand,
     * none is n×n by n×n, and the n×n ones is never laid out.
     */
    @Test void aSumOfAProductAndAProductThroughOnesAreTakenThroughVectors() {
        Plan p = planOf("matrix A(n, n), X(n, n), B(n, n)\nf = sum(A*X*B)", "X");
        assertThat(steps(p, Plan.Kind.PRODUCT) + steps(p, Plan.Kind.TRACE_PRODUCT)).as(p.listing()).isGreaterThanOrEqualTo(3);
        for (int i = 0; i < p.size(); i++)
            if (p.kinds[i] == Plan.Kind.PRODUCT || p.kinds[i] == Plan.Kind.TRACE_PRODUCT)
                assertThat(java.util.Arrays.stream(p.inputs[i]).anyMatch(j -> p.keys[j].shape().rows().isOne() || p.keys[j].shape().cols().isOne()))
                        .as(p.listing()).isTrue();
        assertThat(java.util.Arrays.stream(p.keys).filter(Reads::isOnesMatrix).count()).as(p.listing()).isZero();
    }

    /** A product past Reads.MAX_PLANNED factors is ordered on its own when evaluated: planning a 100-factor trace's rotations took 10 s. */
    @Test void aVeryLongTraceIsOrderedOnItsOwn() {
        StringBuilder chain = new StringBuilder();
        String[] names = {"A", "B", "C"};
        for (int i = 0; i < 3 * Reads.MAX_PLANNED; i++) chain.append(i == 0 ? "" : "*").append(names[(i * 7 + i / 3) % 3]);
        Plan p = planOf("matrix A(n, n), B(n, n), C(n, n)\nf = tr(" + chain + ")");
        assertThat(steps(p, Plan.Kind.CHAIN)).as(p.listing()).isEqualTo(1);
        assertThat(steps(p, Plan.Kind.TRACE_PRODUCT)).as(p.listing()).isZero();
    }
}
