package dev.matdiff.numeric;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.shapes.Program;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.matdiff.numeric.EvaluatorFixture.assertFails;
import static dev.matdiff.testing.Fixtures.col;
import static dev.matdiff.testing.Fixtures.m;
import static dev.matdiff.testing.Fixtures.program;
import static dev.matdiff.testing.Fixtures.values;
import static dev.matdiff.testing.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the Evaluator refuses (singular matrices, entries outside a function's domain, division by zero,
 * overflow, differentials, missing values), and how its message names the expression and the entry.
 */
class EvaluatorErrorsTest {

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
        // a sum of an entry-wise product or of squares is a dot product of the operands: the overflowing entry is still named
        assertFails("sum((1e200*x).^2)", "(1e200*x).^2: entry (1, 1) of the result is Infinity");
        assertFails("sum(exp(200*x) .* exp(300*y))", "exp(200*x) .* exp(300*y): entry (3, 1) of the result is Infinity");
        assertFails("sum(exp(140*S)' .* exp(140*S'))", "exp(140*S)' .* exp(140*S'): entry (2, 2) of the result is Infinity");
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
