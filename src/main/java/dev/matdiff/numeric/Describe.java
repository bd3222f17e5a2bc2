package dev.matdiff.numeric;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.TextPrinter;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How an error message names an expression: its printed text when that is short. Printing a
 * shared DAG as text can take time exponential in its size, so a big expression is named by its
 * outermost operation only ({@code inv(…)}).
 */
final class Describe {
    private Describe() {}

    static final int MAX_PRINTED_NODES = 200;
    static final int MAX_LENGTH = 80;

    static String of(Expr e) {
        if (treeSizeAtMost(e, MAX_PRINTED_NODES)) {
            String s = TextPrinter.print(e);
            return s.length() <= MAX_LENGTH ? s : s.substring(0, MAX_LENGTH - 1) + "…";
        }
        return outline(e);
    }

    /** Whether e, printed as a tree, has at most {@code limit} nodes; stops counting past it. */
    private static boolean treeSizeAtMost(Expr e, int limit) {
        Deque<Expr> todo = new ArrayDeque<>();
        todo.push(e);
        int count = 0;
        while (!todo.isEmpty()) {
            Expr x = todo.pop();
            if (++count > limit) return false;
            if (x instanceof Expr.Node n) n.args().forEach(todo::push);
        }
        return true;
    }

    private static String outline(Expr e) {
        if (!(e instanceof Expr.Node n)) return TextPrinter.print(e);
        Op op = n.op();
        if (op.functionName() != null) return op.functionName() + "(…)";
        return switch (op) {
            case ADD -> "… + …";
            case NEG -> "-(…)";
            case MATMUL, SCALE -> "… * …";
            case DIV -> "… / …";
            case HADAMARD -> "… .* …";
            case ELEMDIV -> "… ./ …";
            case TRANSPOSE -> "(…)'";
            case POWER -> "(…)^" + TextPrinter.number(n.param());
            case ELEMPOW -> "(…).^" + TextPrinter.number(n.param());
            default -> op.name().toLowerCase() + "(…)";
        };
    }
}
