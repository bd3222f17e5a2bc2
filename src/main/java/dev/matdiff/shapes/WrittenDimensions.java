package dev.matdiff.shapes;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Dims;
import dev.matdiff.expr.ShapeException;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;
import dev.matdiff.syntax.Syntax.Term;
import dev.matdiff.syntax.Syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Dimensions as a program writes them, in a declaration or in ones(…)/eye(…)/unvec(…): a symbol, a
 * positive integer, or sums and products of them. Every symbol met is collected, so that a
 * definition cannot take a dimension's name.
 */
final class WrittenDimensions {
    private final Set<String> symbols;
    /** Places errors and quotes the terms as written. */
    private final Lowering lowering;
    /** What a name the program declares as other than a size is ("a matrix"), or null. */
    private final Function<String, String> notASize;

    WrittenDimensions(Set<String> symbols, Lowering lowering, Function<String, String> notASize) {
        this.symbols = symbols;
        this.lowering = lowering;
        this.notASize = notASize;
    }

    /** The dimension a declaration writes: any name is a size, which the declarations then check against the symbols. */
    Dim declared(Term t) { return of(t, name -> null); }

    /** The dimension an argument writes (ones(n), unvec(v, m, n)): a declared matrix, vector or definition is no size. */
    Dim of(Term t) { return of(t, notASize); }

    private Dim of(Term t, Function<String, String> notASize) {
        if (t instanceof Syntax.Number n) {
            if (n.value() != Math.rint(n.value()) || n.value() < 1)
                throw new MatDiffException("a dimension must be a positive integer, not " + lowering.text(t), n.pos());
            if (n.value() > Integer.MAX_VALUE)
                throw new MatDiffException("a dimension must be at most " + Integer.MAX_VALUE + ", not " + lowering.text(t), n.pos());
            return Dim.of((int) n.value());
        }
        if (t instanceof Syntax.Name n) {
            String kind = notASize.apply(n.name());
            if (kind != null)
                throw new MatDiffException("expected a dimension (a name such as n, or a positive integer), but " + n.name() + " is " + kind, n.pos());
            symbols.add(n.name());
            return new Dim.Sym(n.name());
        }
        if (t instanceof Syntax.Chain c && !c.ops().isEmpty() && c.ops().stream().allMatch(o -> o.equals("+") || o.equals("-"))) {
            // a sum is taken whole: n - n + 1 is 1, though n - n is no size
            List<Dim> parts = new ArrayList<>();
            List<Integer> signs = new ArrayList<>();
            for (int i = 0; i < c.operands().size(); i++) {
                parts.add(of(c.operands().get(i), notASize));
                signs.add(i > 0 && c.ops().get(i - 1).equals("-") ? -1 : 1);
            }
            Pos where = c.opPos().get(c.opPos().size() - 1);
            return lowering.at(where, () -> Dims.sum(parts, signs));
        }
        if (t instanceof Syntax.Chain c) {
            Dim acc = of(c.operands().get(0), notASize);
            for (int i = 1; i < c.operands().size(); i++) {
                Dim next = of(c.operands().get(i), notASize);
                Dim a = acc;
                String op = c.ops().get(i - 1);
                acc = lowering.at(c.opPos().get(i - 1), () -> switch (op) {
                    case "+" -> Dims.plus(a, next);
                    case "-" -> Dims.minus(a, next);
                    case "*" -> Dims.times(a, next);
                    default -> throw new ShapeException("a dimension can only be added, subtracted or multiplied");
                });
            }
            return acc;
        }
        throw new MatDiffException("expected a dimension (a name such as n, or a positive integer)", t.pos());
    }
}
