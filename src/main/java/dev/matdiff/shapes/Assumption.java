package dev.matdiff.shapes;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Op;
import dev.matdiff.source.Pos;

/**
 * A fact about constants the program states ({@code assume sum(y) = 1}): the derivation may use
 * it, and the numbers must satisfy it. matdiff takes the facts it can both use and make true
 * of random data: a total, {@code sum(y) = c}, {@code sum(Y, 1) = c} (each column) or
 * {@code sum(Y, 2) = c} (each row), a length, {@code norm(y) = c}, and a magnitude,
 * {@code abs(y) = c*ones(n)} (every entry c or −c: labels ±1).
 *
 * @param lhs   what the fact is about, a function of one constant symbol
 * @param rhs   its value: the number c, in lhs's shape (every entry c)
 * @param total the number c
 * @param kind  which of the facts it is
 * @param text  the fact as written, for messages and derivation steps
 */
public record Assumption(Expr lhs, Expr rhs, double total, Kind kind, Expr.Var symbol, String text, Pos pos) {

    public enum Kind {
        /** sum of all entries */
        SUM,
        /** sum of each column */
        COLUMN_SUMS,
        /** sum of each row */
        ROW_SUMS,
        /** Frobenius (Euclidean) norm */
        NORM,
        /** every entry's absolute value */
        MAGNITUDE;

        /** Whether the fact fixes a sum of entries (of all, of each column or of each row). */
        public boolean isTotal() { return this == SUM || this == COLUMN_SUMS || this == ROW_SUMS; }

        static Kind of(Op op) {
            return switch (op) {
                case SUM -> SUM;
                case SUM_COLUMNS -> COLUMN_SUMS;
                case SUM_ROWS -> ROW_SUMS;
                case NORM -> NORM;
                case ABS -> MAGNITUDE;
                default -> null;
            };
        }
    }
}
