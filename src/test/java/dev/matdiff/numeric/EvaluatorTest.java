package dev.matdiff.numeric;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;
import dev.matdiff.shapes.Program;
import dev.matdiff.testing.Fixtures;

import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static dev.matdiff.testing.Fixtures.col;
import static dev.matdiff.testing.Fixtures.m;
import static dev.matdiff.testing.Fixtures.program;
import static dev.matdiff.testing.Fixtures.values;
import static dev.matdiff.testing.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EvaluatorTest {

    static final String DECLS = "matrix A(2,2), B(2,2), S(2,3)\nvector x(3), y(3), v(2)\nscalar a, b\n";
    static final RealMatrix A = m(new double[] {1, 2}, new double[] {3, 4});
    static final RealMatrix B = m(new double[] {0, 1}, new double[] {1, 0});
    static final RealMatrix S = m(new double[] {1, -2, 3}, new double[] {-4, 5, -6});

    /** Evaluates {@code f = expr} with A, B, S, x = (1, 2, 3), y = (0.5, -1, 2), v = (1, -1), a = 2, b = 0. */
    static RealMatrix eval(String expr) {
        Program p = program(DECLS + "f = " + expr);
        Bindings bindings = Bindings.bind(p.variables().values(), values("A", A, "B", B, "S", S,
                "x", col(1, 2, 3), "y", col(0.5, -1, 2), "v", col(1, -1), "a", 2.0, "b", 0.0));
        return new Evaluator(bindings).value(p.objective(null));
    }

    static double scalar(String expr) {
        RealMatrix v = eval(expr);
        assertThat(v.getRowDimension()).isEqualTo(1);
        assertThat(v.getColumnDimension()).isEqualTo(1);
        return v.getEntry(0, 0);
    }

    static void assertMatrix(RealMatrix actual, double[]... expected) {
        assertThat(actual.getRowDimension()).isEqualTo(expected.length);
        assertThat(actual.getColumnDimension()).isEqualTo(expected[0].length);
        for (int i = 0; i < expected.length; i++)
            for (int j = 0; j < expected[i].length; j++)
                assertThat(actual.getEntry(i, j)).as("entry (%d, %d)", i + 1, j + 1).isCloseTo(expected[i][j], within(1e-12));
    }

    static void assertColumn(RealMatrix actual, double... expected) {
        double[][] rows = new double[expected.length][];
        for (int i = 0; i < expected.length; i++) rows[i] = new double[] {expected[i]};
        assertMatrix(actual, rows);
    }

    static void assertFails(String expr, String message) {
        assertThatThrownBy(() -> eval(expr)).isInstanceOf(NumericException.class).hasMessage(message);
    }

    @Nested
    class Operators {
        @Test void add_neg_sub() {
            assertMatrix(eval("A + B"), new double[] {1, 3}, new double[] {4, 4});
            assertMatrix(eval("-A"), new double[] {-1, -2}, new double[] {-3, -4});
            assertMatrix(eval("A - B + A"), new double[] {2, 3}, new double[] {5, 8});
        }

        @Test void matmul_and_chains() {
            assertMatrix(eval("A*B"), new double[] {2, 1}, new double[] {4, 3});
            assertMatrix(eval("A*B*A"), new double[] {5, 8}, new double[] {13, 20});
            assertColumn(eval("S'*A*v"), 3, -3, 3); // S' * (-1, -1)
            assertThat(scalar("x'*y")).isEqualTo(0.5 - 2 + 6);
        }

        @Test void scale_and_divide_by_a_scalar() {
            assertMatrix(eval("a*A"), new double[] {2, 4}, new double[] {6, 8});
            assertMatrix(eval("A/a"), new double[] {0.5, 1}, new double[] {1.5, 2});
            assertThat(scalar("a/4")).isEqualTo(0.5);
        }

        @Test void elementwise_products() {
            assertMatrix(eval("A .* B"), new double[] {0, 2}, new double[] {3, 0});
            assertMatrix(eval("A ./ (A + A)"), new double[] {0.5, 0.5}, new double[] {0.5, 0.5});
        }

        @Test void kron() {
            assertMatrix(eval("kron(A, B)"),
                    new double[] {0, 1, 0, 2}, new double[] {1, 0, 2, 0},
                    new double[] {0, 3, 0, 4}, new double[] {3, 0, 4, 0});
            assertMatrix(eval("kron(v, A)"), new double[] {1, 2}, new double[] {3, 4}, new double[] {-1, -2}, new double[] {-3, -4});
        }

        @Test void transpose() {
            assertMatrix(eval("S'"), new double[] {1, -4}, new double[] {-2, 5}, new double[] {3, -6});
        }

        @Test void integer_powers() {
            assertMatrix(eval("A^2"), new double[] {7, 10}, new double[] {15, 22});
            assertMatrix(eval("A^3"), new double[] {37, 54}, new double[] {81, 118});
            assertMatrix(eval("A^0"), new double[] {1, 0}, new double[] {0, 1});
            assertMatrix(eval("A^-1"), new double[] {-2, 1}, new double[] {1.5, -0.5});
            // inv(A)^2
            assertMatrix(eval("A^-2"), new double[] {5.5, -2.5}, new double[] {-3.75, 1.75});
        }

        @Test void elementwise_powers() {
            assertMatrix(eval("A .^ 2"), new double[] {1, 4}, new double[] {9, 16});
            assertMatrix(eval("A .^ 0.5"), new double[] {1, Math.sqrt(2)}, new double[] {Math.sqrt(3), 2});
            assertMatrix(eval("A .^ -1"), new double[] {1, 0.5}, new double[] {1 / 3.0, 0.25});
            assertThat(scalar("a^3")).isEqualTo(8);
            assertColumn(eval("v .^ 3"), 1, -1);
        }
    }

    @Nested
    class Reductions {
        @Test void trace_det_logdet() {
            assertThat(scalar("tr(A)")).isEqualTo(5);
            assertThat(scalar("det(A)")).isCloseTo(-2, within(1e-12));
            assertThat(scalar("logdet(A)")).isCloseTo(Math.log(2), within(1e-12));
            assertThat(scalar("det(B)")).isCloseTo(-1, within(1e-12));
        }

        @Test void det_of_a_singular_matrix_is_zero() {
            assertThat(scalar("det(v*v')")).isEqualTo(0);
        }

        @Test void sums_and_norms() {
            assertThat(scalar("sum(S)")).isEqualTo(-3);
            assertThat(scalar("norm(S)")).isCloseTo(Math.sqrt(91), within(1e-12));
            assertThat(scalar("sqnorm(S)")).isCloseTo(91, within(1e-12));
            assertThat(scalar("norm1(S)")).isEqualTo(21);
            assertThat(scalar("norm(x)")).isCloseTo(Math.sqrt(14), within(1e-12));
        }

        @Test void logsumexp_is_stable() {
            assertThat(scalar("logsumexp(x)")).isCloseTo(3 + Math.log(1 + Math.exp(-1) + Math.exp(-2)), within(1e-12));
            assertThat(scalar("logsumexp(1000*v)")).isCloseTo(1000 + Math.log(1 + Math.exp(-2000)), within(1e-9));
            assertThat(scalar("logsumexp(1000*x)")).isCloseTo(3000 + Math.log(1 + Math.exp(-1000)), within(1e-9));
        }
    }

    @Nested
    class MatrixFunctions {
        @Test void inverse() {
            assertMatrix(eval("inv(A)"), new double[] {-2, 1}, new double[] {1.5, -0.5});
            assertMatrix(eval("inv(A)*A"), new double[] {1, 0}, new double[] {0, 1});
        }

        @Test void softmax_is_stable() {
            double z = 1 + Math.exp(1) + Math.exp(2);
            assertColumn(eval("softmax(x)"), 1 / z, Math.exp(1) / z, Math.exp(2) / z);
            assertColumn(eval("softmax(1000*(v + v .* v))"), 1, 0);
        }

        /** softmax(1000·(v + v⊙v)) = (1, e⁻²⁰⁰⁰): the second entry underflows to 0, its log is −2000, not a domain error. */
        @Test void the_log_of_a_softmax_is_finite_where_an_entry_underflows() {
            assertColumn(eval("log(softmax(1000*(v + v .* v)))"), 0, -2000);
            double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
            assertColumn(eval("log(softmax(x))"), 1 - lse, 2 - lse, 3 - lse);
            // column by column: S's columns are (1, −4), (−2, 5), (3, −6)
            double l1 = Math.log(Math.exp(1) + Math.exp(-4)), l2 = Math.log(Math.exp(-2) + Math.exp(5)), l3 = Math.log(Math.exp(3) + Math.exp(-6));
            assertMatrix(eval("log(softmax(S))"), new double[] {1 - l1, -2 - l2, 3 - l3}, new double[] {-4 - l1, 5 - l2, -6 - l3});
        }

        @Test void diag_both_ways() {
            assertMatrix(eval("diag(v)"), new double[] {1, 0}, new double[] {0, -1});
            assertColumn(eval("diag(A)"), 1, 4);
        }

        @Test void vec_is_column_major_and_unvec_inverts_it() {
            assertColumn(eval("vec(S)"), 1, -4, -2, 5, 3, -6);
            assertMatrix(eval("unvec(vec(S), 2, 3)"), new double[] {1, -2, 3}, new double[] {-4, 5, -6});
            assertMatrix(eval("unvec(vec(S), 3, 2)"), new double[] {1, 5}, new double[] {-4, 3}, new double[] {-2, -6});
        }

        @Test void conv_is_valid_cross_correlation() {
            Program p = program("matrix X(3,3), K(2,2)\nf = conv(X, K)");
            RealMatrix x = m(new double[] {1, 2, 3}, new double[] {4, 5, 6}, new double[] {7, 8, 9});
            RealMatrix k = m(new double[] {1, 2}, new double[] {3, 4});
            RealMatrix out = new Evaluator(Bindings.bind(p.variables().values(), values("X", x, "K", k))).value(p.objective(null));
            assertMatrix(out, new double[] {37, 47}, new double[] {67, 77});
        }

        @Test void convfull_is_the_full_convolution() {
            Expr.Var g = Fixtures.matrix("G", 1, 2), k = Fixtures.matrix("K", 1, 2), h = Fixtures.matrix("H", 1, 1), l = Fixtures.matrix("L", 2, 2);
            Evaluator ev = new Evaluator(Bindings.bind(List.of(g, k, h, l), values("G", m(new double[] {1, 2}),
                    "K", m(new double[] {1, 1}), "H", m(new double[] {3}), "L", A)));
            assertMatrix(ev.value(convfull(g, k, 1, 3)), new double[] {1, 3, 2});
            assertMatrix(ev.value(convfull(h, l, 2, 2)), new double[] {3, 6}, new double[] {9, 12});
            // a convolution, not a correlation: out[i][j] = Σ G[u][v] K[i-u][j-v]
            Evaluator flipped = new Evaluator(Bindings.bind(List.of(g, k), values("G", m(new double[] {1, 0}), "K", m(new double[] {5, 7}))));
            assertMatrix(flipped.value(convfull(g, k, 1, 3)), new double[] {5, 7, 0});
        }

        @Test void kronblocks_contracts_each_block_with_b() {
            Program p = program(DECLS + "f = kron(A, B)");
            Expr.Var b = p.variables().get("B");
            Expr k = Exprs.kronBlocks(p.objective(null), b, p.variables().get("A").shape());
            Bindings bindings = Bindings.bind(List.of(p.variables().get("A"), b), values("A", A, "B", B));
            // kron(A, B) has blocks A_ij B, and ⟨B, B⟩ = 2
            assertMatrix(new Evaluator(bindings).value(k), new double[] {2, 4}, new double[] {6, 8});
        }

        @Test void kronsum_sums_the_blocks_weighted_by_a() {
            Program p = program(DECLS + "f = kron(A, B)");
            Expr k = Exprs.kronSum(p.objective(null), p.variables().get("A"), p.variables().get("B").shape());
            Bindings bindings = Bindings.bind(List.of(p.variables().get("A"), p.variables().get("B")), values("A", A, "B", B));
            // Σ_ij A_ij (A_ij B) = ⟨A, A⟩ B = 30 B
            assertMatrix(new Evaluator(bindings).value(k), new double[] {0, 30}, new double[] {30, 0});
        }

        @Test void ones_and_eye_take_their_sizes_from_the_data() {
            Program p = program("matrix X(m, n)\nf = ones(m, n) + X\ng = eye(n) + X'*X");
            Evaluator ev = new Evaluator(Bindings.bind(p.variables().values(), values("X", m(new double[] {1, 2, 3}))));
            assertMatrix(ev.value(p.objective("f")), new double[] {2, 3, 4});
            assertMatrix(ev.value(p.objective("g")), new double[] {2, 2, 3}, new double[] {2, 5, 6}, new double[] {3, 6, 10});
        }
    }

    @Nested
    class Elementwise {
        @Test void transcendental() {
            assertColumn(eval("exp(v)"), Math.E, 1 / Math.E);
            assertColumn(eval("log(x)"), 0, Math.log(2), Math.log(3));
            assertColumn(eval("sin(v)"), Math.sin(1), Math.sin(-1));
            assertColumn(eval("cos(v)"), Math.cos(1), Math.cos(1));
            assertColumn(eval("tan(v)"), Math.tan(1), -Math.tan(1));
            assertColumn(eval("tanh(v)"), Math.tanh(1), -Math.tanh(1));
            assertColumn(eval("arcsin(v/2)"), Math.PI / 6, -Math.PI / 6);
            assertColumn(eval("arccos(v/2)"), Math.PI / 3, 2 * Math.PI / 3);
            assertColumn(eval("arctan(v)"), Math.PI / 4, -Math.PI / 4);
            assertColumn(eval("sqrt(x)"), 1, Math.sqrt(2), Math.sqrt(3));
        }

        @Test void kinks_use_the_documented_values() {
            assertColumn(eval("abs(y)"), 0.5, 1, 2);
            assertColumn(eval("sign(y - y)"), 0, 0, 0);
            assertColumn(eval("sign(y)"), 1, -1, 1);
            assertColumn(eval("relu(y)"), 0.5, 0, 2);
            assertColumn(eval("relu(y - y)"), 0, 0, 0);
        }

        @Test void sigmoid_is_stable_at_both_ends() {
            assertColumn(eval("sigmoid(v - v)"), 0.5, 0.5);
            assertColumn(eval("sigmoid(800*v)"), 1, 0);
            assertColumn(eval("sigmoid(v)"), 1 / (1 + Math.exp(-1)), 1 / (1 + Math.exp(1)));
        }

        /** σ(±800) rounds to 0 or 1, where the log of it or of 1 − it is ±800 and finite: cross-entropy at a confident logit. */
        @Test void the_log_of_a_sigmoid_is_finite_where_the_sigmoid_underflows() {
            assertColumn(eval("log(sigmoid(800*v))"), -Math.log1p(Math.exp(-800)), -800);
            assertColumn(eval("log(ones(2) - sigmoid(800*v))"), -800, -Math.log1p(Math.exp(-800)));
            assertThat(scalar("log(1 - sigmoid(400*a))")).isEqualTo(-800);
            assertThat(scalar("log(1 - sigmoid(a))")).isCloseTo(Math.log(1 - 1 / (1 + Math.exp(-2))), within(1e-12));
            assertThat(scalar("log(sigmoid(-800*a))")).isEqualTo(-1600);
            // anything else under the log keeps its domain check
            assertFails("log(sigmoid(v) - sigmoid(v))", "log(sigmoid(v) - sigmoid(v)): entry (1, 1) of sigmoid(v) - sigmoid(v) is 0; log needs positive entries");
        }
    }

    @Nested
    class Errors {
        @Test void singular_inverse() {
            assertFails("inv(v*v')", "inv(v*v'): the matrix is singular");
            assertFails("(v*v')^-2", "(v*v')^-2: the matrix is singular");
        }

        @Test void nearly_singular_inverse() {
            Program p = program("matrix X(2,2)\nf = inv(X)");
            Bindings b = Bindings.bind(p.variables().values(), values("X", m(new double[] {1, 1}, new double[] {1, 1 + 1e-15})));
            assertThatThrownBy(() -> new Evaluator(b).value(p.objective(null)))
                    .isInstanceOf(NumericException.class)
                    .hasMessageStartingWith("inv(X): the matrix is nearly singular (reciprocal condition number ")
                    .hasMessageEndingWith("< 1e-14), so its inverse would be mostly rounding error");
        }

        @Test void singular_logdet() {
            assertFails("logdet(v*v')", "logdet(v*v'): the matrix is singular, so its log-determinant is -∞");
        }

        @Test void domain_errors_name_the_entry() {
            assertFails("log(y)", "log(y): entry (2, 1) of y is -1; log needs positive entries");
            assertFails("log(b)", "log(b): b is 0; log needs positive entries");
            assertFails("sqrt(y)", "sqrt(y): entry (2, 1) of y is -1; sqrt needs entries ≥ 0");
            assertFails("arcsin(x)", "arcsin(x): entry (2, 1) of x is 2; arcsin needs entries in [-1, 1]");
            assertFails("arccos(-x)", "arccos(-x): entry (2, 1) of -x is -2; arccos needs entries in [-1, 1]");
            assertFails("y .^ 0.5", "y.^0.5: entry (2, 1) of y is -1; a negative number to a non-integer power is not real");
        }

        @Test void division_by_zero() {
            assertFails("A/b", "A/b: division by zero: b is 0");
            assertFails("x ./ (y - y)", "x ./ (y - y): entry (1, 1) of y - y is 0; division by zero");
            assertFails("(y - y) .^ -1", "1 ./ (y - y): entry (1, 1) of y - y is 0; division by zero");
        }

        @Test void overflow_names_the_expression_and_entry() {
            assertFails("exp(1000*x)", "exp(1000*x): entry (1, 1) of the result is Infinity");
            assertFails("exp(exp(exp(a*a)))", "exp(exp(exp(a*a))): the result is Infinity");
        }

        @Test void a_big_expression_is_named_by_its_outermost_operation() {
            Expr.Var v = vector("v", 2);
            List<Expr> terms = new ArrayList<>();
            for (int i = 1; i <= 300; i++) terms.add(Exprs.scale(Exprs.num(i), Exprs.matmul(List.of(v, Exprs.transpose(v)))));
            Expr singular = Exprs.inv(Exprs.add(terms));
            Bindings b = Bindings.bind(List.of(v), values("v", col(1, -1)));
            assertThatThrownBy(() -> new Evaluator(b).value(singular)).hasMessage("inv(…): the matrix is singular");
        }

        @Test void a_long_printed_expression_is_cut() {
            Expr.Var v = vector("v", 2);
            Expr e = Exprs.add(v, Exprs.neg(v));
            for (int i = 0; i < 12; i++) e = Exprs.add(List.of(Exprs.call(Op.SIN, e), v, Exprs.neg(v)));
            Expr singular = Exprs.inv(Exprs.matmul(List.of(e, Exprs.transpose(v))));
            Bindings b = Bindings.bind(List.of(v), values("v", col(1, -1)));
            assertThatThrownBy(() -> new Evaluator(b).value(singular))
                    .hasMessageStartingWith("inv((sin(sin(")
                    .hasMessageEndingWith("…: the matrix is singular")
                    .satisfies(ex -> assertThat(ex.getMessage().indexOf(':')).isEqualTo(Describe.MAX_LENGTH));
        }

        @Test void a_differential_cannot_be_evaluated() {
            Expr.Var x = vector("x", 3);
            Bindings b = Bindings.bind(List.of(x), values("x", col(1, 2, 3)));
            assertThatThrownBy(() -> new Evaluator(b).value(Exprs.add(x, Exprs.diff(x))))
                    .isInstanceOf(NumericException.class)
                    .hasMessage("d(x) is a differential, not a value: it cannot be evaluated");
        }

        @Test void a_variable_without_a_value() {
            Expr.Var x = vector("x", 3), z = vector("z", 3);
            Bindings b = Bindings.bind(List.of(x), values("x", col(1, 2, 3)));
            assertThatThrownBy(() -> new Evaluator(b).value(Exprs.add(x, z)))
                    .isInstanceOf(NumericException.class).hasMessage("no value for 'z'");
        }

        @Test void scalar_refuses_a_matrix() {
            Expr.Var x = vector("x", 3);
            Bindings b = Bindings.bind(List.of(x), values("x", col(1, 2, 3)));
            assertThatThrownBy(() -> new Evaluator(b).scalar(x)).hasMessage("x is 3×1, not a scalar");
        }
    }

    @Nested
    class Sharing {
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
            Program p = program("matrix W(70,70), Z(70,3), D(70,3)\nf = sum(W*Z) + sum(W'*D) + sum(W*ones(70))");
            java.util.Random r = new java.util.Random(2);
            RealMatrix w = new org.apache.commons.math3.linear.BlockRealMatrix(Fixtures.random(r, 70, 70).getData());
            RealMatrix z = Fixtures.random(r, 70, 3), d = Fixtures.random(r, 70, 3);
            Evaluator ev = new Evaluator(Bindings.bind(p.variables().values(), values("W", w, "Z", z, "D", d)));
            double expected = sum(w.multiply(z)) + sum(w.transpose().multiply(d)) + sum(w.multiply(Fixtures.m(ones(70))));
            assertThat(ev.scalar(p.objective("f"))).isCloseTo(expected, within(1e-9 * Math.abs(expected)));
            RealMatrix kept = ev.value(p.variables().get("W"));
            assertThat(kept).isInstanceOf(dev.matdiff.linalg.Dense.class).isEqualTo(w);
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

    /**
     * A convfull node built without {@code Exprs}: {@code Dims.plus(d, -1)} rejects the constant
     * -1 on its own, so ShapeRules cannot give CONVFULL a shape yet (reported upstream).
     */
    static Expr convfull(Expr g, Expr k, int rows, int cols) {
        Shape shape = new Shape(Fixtures.dim(rows), Fixtures.dim(cols));
        List<Expr> args = List.of(g, k);
        return new Expr.Node(Op.CONVFULL, args, 0, shape);
    }

    @Test void unvec_shape_comes_from_the_node() {
        Expr.Var v = vector("v", 6);
        Expr u = Exprs.unvec(v, new Shape(Fixtures.dim(3), Fixtures.dim(2)));
        RealMatrix out = new Evaluator(Bindings.bind(List.of(v), values("v", col(1, 2, 3, 4, 5, 6)))).value(u);
        assertMatrix(out, new double[] {1, 4}, new double[] {2, 5}, new double[] {3, 6});
    }

    @Test void values_are_not_modified_by_evaluation() {
        RealMatrix a = A.copy();
        Program p = program(DECLS + "f = A .* A + exp(A) - A");
        Map<String, RealMatrix> data = values("A", a, "B", B, "S", S, "x", col(1, 2, 3), "y", col(0.5, -1, 2), "v", col(1, -1), "a", 2.0, "b", 0.0);
        new Evaluator(Bindings.bind(p.variables().values(), data)).value(p.objective(null));
        assertThat(a).isEqualTo(A);
    }
}
