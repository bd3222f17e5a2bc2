package dev.matdiff.codegen;

import dev.matdiff.codegen.Term.Call;
import dev.matdiff.codegen.Term.Form;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link Term}s, one object per distinct value: a call is looked up by its function, its
 * number, its shape and the identities of its (already interned) arguments. One table per module,
 * so what the objective and the gradients share is one object.
 */
final class Terms {

    private record Key(Object fn, double param, Shape shape, List<Term> args) {}

    private final Map<Key, Call> calls = new HashMap<>();
    private final Map<Object, Term> leaves = new HashMap<>();

    Term arg(Expr.Var v) { return leaves.computeIfAbsent(v, k -> new Term.Arg(v)); }

    Term number(double v) {
        double value = v == 0 ? 0.0 : v;
        return leaves.computeIfAbsent(value, k -> new Term.Number(value));
    }

    /** An operation with its shape as the expression had it. */
    Term call(Op op, List<Term> args, double param, Shape shape) { return intern(op, args, param, shape); }

    Term form(Form f, List<Term> args, Shape shape) { return intern(f, args, 0, shape); }

    private Term intern(Object fn, List<Term> args, double param, Shape shape) {
        Key key = new Key(fn, param == 0 ? 0.0 : param, shape, List.copyOf(args));
        return calls.computeIfAbsent(key, k -> new Call(fn, k.args(), k.param(), shape));
    }

    // ---- the few values the lowering builds itself

    /** aᵀ, read through a transpose and a scalar. */
    Term transpose(Term a) {
        if (a.shape().isScalar()) return a;
        if (a instanceof Call c && c.is(Op.TRANSPOSE)) return c.arg(0);
        return call(Op.TRANSPOSE, List.of(a), 0, a.shape().transposed());
    }

    Term matmul(Term a, Term b) {
        return call(Op.MATMUL, List.of(a, b), 0, new Shape(a.shape().rows(), b.shape().cols()));
    }

    Term hadamard(Term a, Term b) { return call(Op.HADAMARD, List.of(a, b), 0, a.shape()); }

    Term sum(Term a) { return call(Op.SUM, List.of(a), 0, Shape.SCALAR); }

    /** A⁻¹B. */
    Term solve(Term a, Term b) { return form(Form.SOLVE, List.of(a, b), b.shape()); }
}
