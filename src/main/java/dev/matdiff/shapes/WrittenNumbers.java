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
        Double v = written(t);
        if (v == null) throw new MatDiffException(what + " must be a number" + hint.get(), t.pos());
        if (!Double.isFinite(v)) throw new MatDiffException(what + " must be a finite number, not " + TextPrinter.number(v), t.pos());
        return v;
    }

    /** Whether t writes a number: numbers and the arithmetic of numbers, with no name in it. */
    static boolean isNumber(Term t) { return written(t) != null; }

    /** The number t writes (NaN or infinite as it comes out), or null where t is no arithmetic of numbers. */
    static Double written(Term t) {
        if (t instanceof Syntax.Number n) return n.value();
        if (t instanceof Syntax.Unary u) {
            Double v = written(u.operand());
            return v == null ? null : u.op().equals("-") ? -v : v;
        }
        if (t instanceof Syntax.Power p) {
            Double base = written(p.base()), exponent = written(p.exponent());
            return base == null || exponent == null ? null : Math.pow(base, exponent);
        }
        if (t instanceof Syntax.Transpose tr) return written(tr.operand());  // x.^-1' is x.^(-1'), as in MATLAB
        if (t instanceof Syntax.Chain c) {
            Double acc = written(c.operands().get(0));
            for (int i = 1; i < c.operands().size() && acc != null; i++) {
                Double b = written(c.operands().get(i));
                if (b == null) return null;
                acc = switch (c.ops().get(i - 1)) {
                    case "+" -> acc + b;
                    case "-" -> acc - b;
                    case "*", ".*" -> acc * b;
                    case "/", "./" -> acc / b;
                    default -> null;  // a Kronecker product of numbers is no number here
                };
            }
            return acc;
        }
        return null;
    }
}
