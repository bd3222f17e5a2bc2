package dev.matdiff.codegen;

import dev.matdiff.shapes.Assumption;

/**
 * The program's assumptions ({@code assume sum(Y, 1) = 1}) in generated code, kept as matdiff's
 * own commands keep them: {@code f_and_grad} refuses data that does not satisfy one, with the
 * message {@code matdiff eval} gives (a gradient derived with a fact is wrong without it), and the
 * random point is made to satisfy them as {@code matdiff check} makes its data (a total by scaling
 * positive entries, or shifting them for a total of 0 or less; a length by scaling; a magnitude c by
 * entries ±c of the drawn signs). Each runtime has the helpers.
 */
final class AssumptionCode {
    private AssumptionCode() {}

    /** The Python statement that raises ValueError unless {@code id} satisfies the assumption. */
    static String pythonCheck(Assumption a, String id) {
        String each = switch (a.kind()) {
            case COLUMN_SUMS -> ", each=\"column\"";
            case ROW_SUMS -> ", each=\"row\"";
            case MAGNITUDE -> ", each=\"entry\"";
            case SUM, NORM -> "";
        };
        return "_check_assumption(" + id + ", " + pythonString(a.text()) + ", " + pythonArguments(a) + each + ", rounding=rounding)";
    }

    /** A Python value drawn at random, made to satisfy the assumption. */
    static String pythonDraw(Assumption a, String drawn) { return "_satisfying(" + drawn + ", " + pythonArguments(a) + ")"; }

    /** The total, and the axis summed along on a value as the caller passes it (a vector is 1-D, "()" each entry alone). */
    private static String pythonArguments(Assumption a) {
        String total = PythonSpelling.number(a.total()).text();
        if (a.kind() == Assumption.Kind.NORM) return total + ", norm=True";
        if (a.kind() == Assumption.Kind.MAGNITUDE) return total + ", magnitude=True";
        Repr held = Repr.declared(a.symbol());
        String axis = switch (a.kind()) {
            case COLUMN_SUMS -> held == Repr.MATRIX ? "0" : null;
            case ROW_SUMS -> held == Repr.MATRIX ? "1" : held == Repr.VECTOR ? "()" : null;
            default -> null;
        };
        return axis == null ? total : total + ", axis=" + axis;
    }

    private static String pythonString(String s) { return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""; }

    /** The Java statement that throws IllegalArgumentException unless {@code matrix} (the value as a RealMatrix) satisfies the assumption. */
    static String javaCheck(Assumption a, String matrix) {
        return "assumption(" + matrix + ", " + javaArguments(a) + ", " + JavaMessage.literal(a.text()) + ");";
    }

    /** A Java RealMatrix drawn at random, made to satisfy the assumption. */
    static String javaDraw(Assumption a, String drawn) { return "satisfying(" + drawn + ", " + javaArguments(a) + ")"; }

    /** The total and what it is of, on the value's matdiff shape (a vector a column): "sum", "columns", "rows" or "norm". */
    private static String javaArguments(Assumption a) {
        String kind = switch (a.kind()) {
            case SUM -> "sum";
            case COLUMN_SUMS -> "columns";
            case ROW_SUMS -> "rows";
            case NORM -> "norm";
            case MAGNITUDE -> "abs";
        };
        return JavaSpelling.number(a.total()).text() + ", \"" + kind + "\"";
    }
}
