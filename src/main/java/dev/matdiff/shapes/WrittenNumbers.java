package dev.matdiff.shapes;

import dev.matdiff.expr.TextPrinter;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.syntax.Syntax;
import dev.matdiff.syntax.Syntax.Term;

import java.util.function.Supplier;

/** The number a term of the program writes where a number must stand: an exponent, a filled constant's entry. */
final class WrittenNumbers {
    private WrittenNumbers() {}

    /**
     * The number a term writes, arithmetic of numbers included ({@code x.^(1/2)}, {@code x.^2.^2}); {@code what}
     * names its role in the error when it is not one ("an exponent").
     */
    static double value(Term t, String what, Supplier<String> hint) {
        double v = constantOrNaN(t, what, hint);
        if (!Double.isFinite(v)) throw new MatDiffException(what + " must be a finite number, not " + TextPrinter.number(v), t.pos());
        return v;
    }

    /** Whether t writes a number: numbers and the arithmetic of numbers, with no name in it. */
    static boolean isNumber(Term t) {
        if (t instanceof Syntax.Number) return true;
        if (t instanceof Syntax.Unary u) return isNumber(u.operand());
        if (t instanceof Syntax.Power p) return isNumber(p.base()) && isNumber(p.exponent());
        if (t instanceof Syntax.Transpose tr) return isNumber(tr.operand());
        if (t instanceof Syntax.Chain c) return c.operands().stream().allMatch(WrittenNumbers::isNumber);
        return false;
    }

    /** @param hint said after "must be a number" when t is not one */
    private static double constantOrNaN(Term t, String what, Supplier<String> hint) {
        if (t instanceof Syntax.Number n) return n.value();
        if (t instanceof Syntax.Unary u) return u.op().equals("-") ? -constantOrNaN(u.operand(), what, hint) : constantOrNaN(u.operand(), what, hint);
        if (t instanceof Syntax.Power p) return Math.pow(constantOrNaN(p.base(), what, hint), constantOrNaN(p.exponent(), what, hint));
        if (t instanceof Syntax.Transpose tr) return constantOrNaN(tr.operand(), what, hint);  // x.^-1' is x.^(-1'), as in MATLAB
        if (t instanceof Syntax.Chain c) {
            double acc = constantOrNaN(c.operands().get(0), what, hint);
            for (int i = 1; i < c.operands().size(); i++) {
                double b = constantOrNaN(c.operands().get(i), what, hint);
                acc = switch (c.ops().get(i - 1)) {
                    case "+" -> acc + b;
                    case "-" -> acc - b;
                    case "*", ".*" -> acc * b;
                    case "/", "./" -> acc / b;
                    default -> throw new MatDiffException(what + " must be a number", t.pos());
                };
            }
            return acc;
        }
        throw new MatDiffException(what + " must be a number" + hint.get(), t.pos());
    }
}
