package dev.matdiff.numeric;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.shapes.Program;
import dev.matdiff.testing.Fixtures;

import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.matdiff.numeric.EvaluatorFixture.assertColumn;
import static dev.matdiff.testing.Fixtures.col;
import static dev.matdiff.testing.Fixtures.program;
import static dev.matdiff.testing.Fixtures.values;
import static dev.matdiff.testing.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * How the Evaluator walks an expression: a shared node or named intermediate computed once, a block-layout
 * operand copied once, a DAG in linear time, a deep chain without recursion, a long sum in one
 * accumulator.
 */
class EvaluatorSharingTest {

    @Test void a_named_intermediate_is_computed_once_and_reused() {
        Program p = program("matrix X(3,3)\nh = X*X\nf = tr(h) + sum(h)\ng = h'");
        Bindings b = Bindings.bind(p.variables().values(), values("X", Fixtures.random(new java.util.Random(1), 3, 3)));
        Evaluator ev = new Evaluator(b);
        ev.scalar(p.objective("f"));
        RealMatrix h = ev.value(p.definitions().get("h"));
        ev.value(p.objective("g"));
        assertThat(ev.value(p.definitions().get("h"))).isSameAs(h);
        assertThat(ev.value(Exprs.matmul(List.of(p.variables().get("X"), p.variables().get("X"))))).isSameAs(h);
    }

    /** A weight matrix in Commons Math's block layout, read by a product forward and back, is copied into one array once. */
    @Test void a_block_layout_operand_of_products_is_copied_once() {
        Program p = program("matrix W(70,70), Z(70,3), D(70,3)\nf = sum(exp(W*Z)) + sum(exp(W'*D)) + sum(W*ones(70))");
        java.util.Random r = new java.util.Random(2);
        RealMatrix w = new org.apache.commons.math3.linear.BlockRealMatrix(Fixtures.random(r, 70, 70).getData());
        RealMatrix z = Fixtures.random(r, 70, 3), d = Fixtures.random(r, 70, 3);
        Evaluator ev = new Evaluator(Bindings.bind(p.variables().values(), values("W", w, "Z", z, "D", d)));
        double expected = sum(exp(w.multiply(z))) + sum(exp(w.transpose().multiply(d))) + sum(w.multiply(Fixtures.m(ones(70))));
        assertThat(ev.scalar(p.objective("f"))).isCloseTo(expected, within(1e-9 * Math.abs(expected)));
        RealMatrix kept = ev.value(p.variables().get("W"));
        assertThat(kept).isInstanceOf(dev.matdiff.linalg.Dense.class).isEqualTo(w);
    }

    /** sum(W·Z) of a block-layout W is taken as 1ᵀ·W·(Z·1): the plan's matrix-vector products read any layout. */
    @Test void the_sum_of_a_product_of_a_block_layout_operand_is_taken_through_vectors() {
        Program p = program("matrix W(70,70), Z(70,3)\nf = sum(W*Z) + sum(W'*Z)");
        java.util.Random r = new java.util.Random(4);
        RealMatrix w = new org.apache.commons.math3.linear.BlockRealMatrix(Fixtures.random(r, 70, 70).getData());
        RealMatrix z = Fixtures.random(r, 70, 3);
        Evaluator ev = new Evaluator(Bindings.bind(p.variables().values(), values("W", w, "Z", z)));
        double expected = sum(w.multiply(z)) + sum(w.transpose().multiply(z));
        assertThat(ev.scalar(p.objective("f"))).isCloseTo(expected, within(1e-9 * Math.abs(expected)));
    }

    private static RealMatrix exp(RealMatrix m) {
        RealMatrix out = m.copy();
        out.walkInOptimizedOrder(new org.apache.commons.math3.linear.DefaultRealMatrixChangingVisitor() {
            @Override public double visit(int row, int column, double value) { return Math.exp(value); }
        });
        return out;
    }

    private static double sum(RealMatrix m) {
        double s = 0;
        for (double[] row : m.getData()) for (double v : row) s += v;
        return s;
    }

    private static double[][] ones(int n) {
        double[][] out = new double[n][1];
        for (double[] row : out) row[0] = 1;
        return out;
    }

    @Test void a_dag_with_an_exponential_tree_is_evaluated_in_linear_time() {
        Expr.Var x = vector("x", 2);
        Expr e = x;
        for (int i = 0; i < 200; i++) e = Exprs.hadamard(e, e); // 2^200 leaves as a tree
        RealMatrix out = new Evaluator(Bindings.bind(List.of(x), values("x", col(1, -1)))).value(e);
        assertColumn(out, 1, 1);
    }

    @Test void a_very_deep_chain_does_not_recurse() throws Exception {
        Expr.Var x = vector("x", 2);
        Expr e = x;
        for (int i = 0; i < 100_000; i++) e = Exprs.call(i % 2 == 0 ? Op.SIN : Op.ARCTAN, e);
        Expr deep = e;
        Bindings b = Bindings.bind(List.of(x), values("x", col(0.5, -0.5)));
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(new Evaluator(b).value(deep));
            } catch (Throwable ex) {
                result.set(ex);
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join();
        assertThat(result.get()).isInstanceOf(RealMatrix.class);
        double v = ((RealMatrix) result.get()).getEntry(0, 0);
        assertThat(v).isPositive().isLessThan(0.5);
    }

    @Test void a_long_sum_uses_one_accumulator() {
        Expr.Var x = vector("x", 2);
        List<Expr> terms = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) terms.add(Exprs.scale(Exprs.num(i % 7), x));
        RealMatrix out = new Evaluator(Bindings.bind(List.of(x), values("x", col(1, -2)))).value(Exprs.add(terms));
        double total = 0;
        for (int i = 0; i < 50_000; i++) total += i % 7;
        assertColumn(out, total, -2 * total);
    }
}
