package dev.matdiff.syntax;

import dev.matdiff.expr.VarKind;
import dev.matdiff.source.Pos;

import java.util.List;

/** The program as written: statements and expressions with their source positions, before names and shapes are resolved. */
public sealed interface Syntax {

    Pos pos();

    /** @param wrtHint the names of the {@code # wrt:} comments, each where it is written */
    record Program(List<Statement> statements, List<Name> wrtHint) {}

    sealed interface Statement extends Syntax {}

    /**
     * {@code matrix A(m, n), B} (kind null: {@code constant X(m, n)} without a kind); {@code constantLast}: the keyword
     * after the names ({@code vector x(n), y(n) constant}), which holds every one of them constant.
     */
    record Declaration(VarKind kind, List<Item> items, boolean constantLast, Pos pos) implements Statement {}

    /** A declared name, its dimensions, and whether the declaration holds it constant. */
    record Item(String name, List<Term> dims, boolean constant, Pos pos) implements Syntax {}

    record Definition(String name, Term body, Pos pos) implements Statement {}

    record Bare(Term body, Pos pos) implements Statement {}

    /** {@code assume sum(y) = 1}: a fact about constants. */
    record Assumption(Term lhs, Term rhs, Pos pos) implements Statement {}

    /** An expression as written. */
    sealed interface Term extends Syntax {}

    /** The terms t is written of, in order: a chain's operands, a call's arguments, a power's base and exponent. */
    static List<Term> parts(Term t) {
        if (t instanceof Chain c) return c.operands();
        if (t instanceof Call c) return c.args();
        if (t instanceof Unary u) return List.of(u.operand());
        if (t instanceof Transpose tr) return List.of(tr.operand());
        if (t instanceof Power p) return List.of(p.base(), p.exponent());
        return List.of();
    }

    record Number(double value, Pos pos) implements Term {}

    record Name(String name, Pos pos) implements Term {}

    record Call(String function, List<Term> args, Pos pos) implements Term {}

    /** {@code -x} or {@code +x} */
    record Unary(String op, Term operand, Pos pos) implements Term {}

    /** A flat left-associative chain {@code a op1 b op2 c …} of one precedence level. */
    record Chain(List<Term> operands, List<String> ops, List<Pos> opPos, Pos pos) implements Term {}

    /** @param caretT where it was written as ^T (the alias that a symbol named T makes ambiguous), or null for ' */
    record Transpose(Term operand, Pos pos, Pos caretT) implements Term {}

    /** {@code base ^ exponent} or {@code base .^ exponent} */
    record Power(Term base, String op, Term exponent, Pos pos) implements Term {}
}
