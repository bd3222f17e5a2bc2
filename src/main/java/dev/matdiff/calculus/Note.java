package dev.matdiff.calculus;

import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.expr.VarKind;

import java.util.Collection;
import java.util.List;

/** What a step says besides its laws. */
public sealed interface Note {

    /** The words, as a printer shows them. */
    String text();

    record None() implements Note {
        public String text() { return ""; }
    }

    /** The symbols the objective reads that this derivation holds fixed, declared constant or not: "X, y fixed" (not the keyword). */
    record Constants(List<String> names) implements Note {
        public Constants { names = List.copyOf(names); }
        public String text() { return String.join(", ", names) + " fixed"; }
    }

    /**
     * The derivatives of the element-wise functions a step differentiated, which Thm 2.1 (8) leaves as f′, then
     * what else the step says: "relu'(u) = sign(relu(u)); X constant".
     */
    record Derivatives(List<Op> functions, Note rest) implements Note {
        public Derivatives { functions = List.copyOf(functions); }

        public String text() {
            StringBuilder sb = new StringBuilder();
            for (Op f : functions) sb.append(sb.length() > 0 ? "; " : "").append(formula(f));
            if (!rest.text().isEmpty()) sb.append(sb.length() > 0 ? "; " : "").append(rest.text());
            return sb.toString();
        }

        /** f'(u) = …, as the function's row gives f′. */
        public static String formula(Op f) { return f.functionName() + "'(u) = " + TextPrinter.print(slope(f)); }

        /** The scalar u that f′ is written in. */
        public static final dev.matdiff.expr.Expr.Var U = Exprs.var("u", Shape.SCALAR, VarKind.SCALAR, false);

        /** f′(u), from the function's row. */
        public static dev.matdiff.expr.Expr slope(Op f) { return f.spec().slope().of(U, Exprs.call(f, U)); }
    }

    /** The note, after the derivatives of the given functions when there are any. */
    static Note withDerivatives(Collection<Op> functions, Note rest) {
        return functions.isEmpty() ? rest : new Derivatives(List.copyOf(functions), rest);
    }

    /** Anything else, in words. */
    record Words(String text) implements Note {}

    Note NONE = new None();
}
