package dev.matdiff.cli;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.shapes.Program;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a program says by the language's rules that its writer may have meant otherwise, each said in a note: softmax
 * works column by column, and the functions act entry by entry.
 */
final class ReadingNotes {
    private final List<Expr> nodes;

    ReadingNotes(Program program) {
        List<Expr> bodies = new ArrayList<>();
        for (Expr.Named d : program.definitions().values()) bodies.add(d.body());
        nodes = Dag.postOrder(bodies);
    }

    List<String> all() {
        List<String> out = new ArrayList<>();
        rowSoftmax().ifPresent(out::add);
        rowWeights().ifPresent(out::add);
        traceOfEntrywise().ifPresent(out::add);
        return out;
    }

    /**
     * softmax or logsumexp of a row, which work column by column: each column of a row is one entry, so softmax(z') is
     * all ones and logsumexp(z') is z' (a NumPy user means the row's entries; user trial).
     */
    private Optional<String> rowSoftmax() {
        for (Expr e : nodes)
            if (e instanceof Expr.Node n && (n.op() == Op.SOFTMAX || n.op() == Op.LOGSUMEXP)
                    && n.arg(0).shape().rows().isOne() && !n.arg(0).shape().cols().isOne()) {
                String f = n.op().functionName(), of = TextPrinter.print(n.arg(0));
                boolean softmax = n.op() == Op.SOFTMAX;
                Expr row = n.arg(0);
                String column = Exprs.is(row, Op.TRANSPOSE) ? TextPrinter.print(Exprs.arg(row, 0)) : "(" + of + ")'";
                return Optional.of(f + "(" + of + ") works column by column, and each column of a row is one entry, so it is "
                        + (softmax ? "all ones" : "the row itself") + "; for the " + f + " of the row's entries write "
                        + f + "(" + column + ")" + (softmax ? "'" : ""));
            }
        return Optional.empty();
    }

    /**
     * Attention as textbooks write it, softmax(Q*K'/sqrt(d))*V: the weights of each row of the result are a row of the
     * softmax, which sums to 1 along its columns, not its rows (trial s74b; samples/attention.mdiff works in columns,
     * V*softmax(K'*Q/sqrt(d))). Said where softmax(A*B'), scaled or plus a mask, multiplies from the left, A and B not one
     * matrix (softmax(E*E')*P mixes by columns on purpose: review s74r).
     */
    private Optional<String> rowWeights() {
        for (Expr e : nodes) {
            if (!Exprs.is(e, Op.MATMUL)) continue;
            List<Expr> factors = e.children();
            for (int i = 0; i + 1 < factors.size(); i++) {
                Expr p = Exprs.unnamed(factors.get(i));
                if (!Exprs.is(p, Op.SOFTMAX) || p.shape().isColumn() || !rowScores(Exprs.arg(p, 0))) continue;
                String written = TextPrinter.print(Exprs.arg(p, 0));
                String transposed = written.matches("\\w+") ? written + "'" : "(" + written + ")'";
                return Optional.of("softmax(" + written + ") sums to 1 down each column (softmax works column by column), not along "
                        + "each row as the weights of attention written softmax(QKᵀ)V do; for those write softmax(" + transposed + ")'");
            }
        }
        return Optional.empty();
    }

    /** Q*K' (through names, a number times or over it, or plus another term: a mask), Q and K not one matrix. */
    private static boolean rowScores(Expr e) {
        e = Exprs.unnamed(e);
        while (Exprs.is(e, Op.DIV) || Exprs.is(e, Op.SCALE) || Exprs.is(e, Op.NEG))
            e = Exprs.unnamed(Exprs.is(e, Op.SCALE) ? Exprs.arg(e, 1) : Exprs.arg(e, 0));
        if (Exprs.is(e, Op.ADD)) return e.children().stream().anyMatch(ReadingNotes::rowScores);
        if (!Exprs.is(e, Op.MATMUL) || gram(e)) return false;
        Expr last = e.children().get(e.children().size() - 1);
        return Exprs.is(last, Op.TRANSPOSE);
    }

    /** Functions the Cookbook also takes of a matrix (its sine, root, exponential, logarithm). */
    private static final java.util.Set<Op> MATRIX_FUNCTIONS = java.util.EnumSet.of(Op.EXP, Op.LOG, Op.SQRT, Op.SIN, Op.COS, Op.TAN,
            Op.TANH, Op.SINH, Op.COSH);

    /**
     * tr(sin(X)) of a square matrix symbol X, or tr(sqrt(X'*X)) of a Gram matrix (the trace norm's), which the Cookbook
     * reads as a matrix function's trace: the language's functions act entry by entry, and it has no matrix sine, square
     * root or exponential, which is worth saying (trials s73b, s74b); not of another expression, InfoNCE's
     * tr(log(softmax(S))) taking the log-probabilities on the diagonal.
     */
    private Optional<String> traceOfEntrywise() {
        for (Expr e : nodes)
            if (Exprs.is(e, Op.TR) && Exprs.unnamed(Exprs.arg(e, 0)) instanceof Expr.Node f && MATRIX_FUNCTIONS.contains(f.op())
                    && !f.shape().isScalar() && (f.arg(0) instanceof Expr.Var || gram(Exprs.unnamed(f.arg(0))))) {
                return Optional.of("in tr(" + TextPrinter.print(f) + "), " + f.op().functionName() + " acts entry by entry, as every "
                        + "function of the language does, not as a matrix function (the language has none)");
            }
        return Optional.empty();
    }

    /** X'*X or X*X', through names. */
    private static boolean gram(Expr e) {
        if (!Exprs.is(e, Op.MATMUL) || e.children().size() != 2) return false;
        Expr a = Exprs.unnamed(e.children().get(0)), b = Exprs.unnamed(e.children().get(1));
        return Exprs.is(a, Op.TRANSPOSE) && Exprs.unnamed(Exprs.arg(a, 0)) == b || Exprs.is(b, Op.TRANSPOSE) && Exprs.unnamed(Exprs.arg(b, 0)) == a;
    }
}
