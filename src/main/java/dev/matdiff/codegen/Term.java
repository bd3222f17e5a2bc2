package dev.matdiff.codegen;

import dev.matdiff.expr.CodeForm;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;

import java.util.List;

/**
 * A value the generated code computes: the structure every emitter spells, made from the
 * derivation's expressions by {@link Lowering}. Besides the language's operations it has the forms
 * only generated code has ({@link Form}: a solve instead of an inverse, a log-determinant from a
 * factorisation); products are binary, in the order chosen for them.
 *
 * <p>Built only by {@link Terms}, which interns them: a value used twice is one object, so the
 * planner counts its uses by identity. {@link Call} compares by identity.
 */
public sealed interface Term permits Term.Arg, Term.Number, Term.Call {

    Shape shape();

    List<Term> args();

    /** A symbol of the program: an argument of the generated function. */
    record Arg(Expr.Var var) implements Term {
        public Shape shape() { return var.shape(); }
        public List<Term> args() { return List.of(); }
    }

    /** A real constant; always a scalar. */
    record Number(double value) implements Term {
        public Shape shape() { return Shape.SCALAR; }
        public List<Term> args() { return List.of(); }
    }

    /** An operation of the language ({@code fn} an {@link Op}) or of generated code only ({@code fn} a {@link Form}). */
    final class Call implements Term {
        private final Object fn;
        private final List<Term> args;
        private final double param;
        private final Shape shape;

        Call(Object fn, List<Term> args, double param, Shape shape) {
            this.fn = fn;
            this.args = List.copyOf(args);
            this.param = param;
            this.shape = shape;
        }

        /** The operation, or null for a form of generated code. */
        public Op op() { return fn instanceof Op o ? o : null; }

        /** The form of generated code, or null for an operation. */
        public Form form() { return fn instanceof Form f ? f : null; }

        public boolean is(Op o) { return fn == o; }

        public List<Term> args() { return args; }

        public Term arg(int i) { return args.get(i); }

        /** An operation's number: the k of A^k, the p of A.^p. */
        public double param() { return param; }

        public Shape shape() { return shape; }

        /** The spellings of a function or form; null for an operator. */
        public CodeForm code() { return fn instanceof Form f ? f.code() : ((Op) fn).spec().code(); }

        @Override public String toString() { return fn + args.toString(); }
    }

    /**
     * What only generated code computes: better numbers for a composition of the language's
     * functions. Each has its three spellings here, as each {@link Op} row has its own.
     */
    enum Form {
        /** A⁻¹B without the inverse: one LU factorisation and two triangular solves. */
        SOLVE(CodeForm.of("np.linalg.solve($0, $1)", "torch.linalg.solve($0, $1)", "@solve($0, $1)")),
        /** log(det(A)) from the factorisation: no overflow of det; NaN when det(A) ≤ 0, as log's. */
        LOG_DET(CodeForm.of("@logdet($0)", "@logdet($0)", "@logDet($0)")),
        /** log(softmax(x)) as x − logsumexp(x): no log of an underflowed 0. */
        LOG_SOFTMAX(CodeForm.of("@log_softmax($0)", "torch.log_softmax($0, 0)", "@logSoftmax($0)")),
        /** 1 − tanh(x)² = sech²(x) entry by entry from x: as written it loses its digits past |x| ≈ 10. */
        SECH_SQUARED(CodeForm.of("@sech2($0)", "@sech2($0)", "@sech2($0)")),
        /** kron(eye(p), B)·M block by block: the block-diagonal matrix (p² blocks, all but p of them zero) is never formed. */
        BLOCK_TIMES(CodeForm.matrices("@blocktimes($0, $1)", "@blocktimes($0, $1)", "@blockTimes($0, $1)")),
        /** M·kron(eye(p), B) block by block. */
        TIMES_BLOCK(CodeForm.matrices("@timesblock($0, $1)", "@timesblock($0, $1)", "@timesBlock($0, $1)")),
        /** adj(A) = det(A)·A⁻¹, also where A is singular and has no inverse: what det(A)·A⁻¹ in a gradient of det stands for. */
        ADJUGATE(CodeForm.of("@adjugate($0)", "@adjugate($0)", "@adjugate($0)"));

        private final CodeForm code;

        Form(CodeForm code) { this.code = code; }

        public CodeForm code() { return code; }
    }
}
