package dev.matdiff.numeric;

import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;
import dev.matdiff.shapes.Program;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scalar constants a program writes must have a value: log(0), 0^-1, exp(1000) or x/(1 − 1) is
 * refused where it is written. Otherwise the derivation folds it into its results, which then print
 * Infinity or NaN (no expression of the language), and no data can make a check pass.
 */
public final class Constants {
    private Constants() {}

    public static void check(Program program) {
        Evaluator evaluator = new Evaluator(new Bindings(Map.of(), Map.of()));
        Set<Expr> constant = IdentityMaps.set();
        for (Named definition : program.definitions().values()) {
            for (Expr e : Dag.asWritten(definition.body())) {
                if (!(e instanceof Node n)) continue;
                Pos at = program.origin(e) != null ? program.origin(e) : program.position(definition.name());
                if ((n.op() == Op.DIV || n.op() == Op.ELEMDIV)
                        && (Exprs.isZeroValue(n.arg(1)) || isConstant(n.arg(1), constant) && value(evaluator, n.arg(1), at) == 0))
                    throw new MatDiffException("division by zero", divisor(program, n, at));
                if (!n.shape().isScalar() || !n.args().stream().allMatch(a -> isConstant(a, constant))) continue;
                constant.add(n);
                value(evaluator, n, at);
            }
        }
    }

    /** The divisor as written; a literal 0 has no origin of its own, but its division knows where it stands. */
    private static Pos divisor(Program program, Node division, Pos at) {
        Pos p = program.divisor(division);
        if (p == null) p = program.origin(division.arg(1));
        return p != null ? p : at;
    }

    private static boolean isConstant(Expr e, Set<Expr> constant) { return e instanceof Num || constant.contains(e); }

    private static double value(Evaluator evaluator, Expr e, Pos at) {
        try {
            return evaluator.scalar(e);
        } catch (NumericException failure) {
            throw new MatDiffException(failure.getMessage(), at);
        }
    }
}
