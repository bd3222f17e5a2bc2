package dev.matdiff.expr;

/** What a declaration says a symbol is. */
public enum VarKind {
    SCALAR, VECTOR, MATRIX, SYMMETRIC;

    /** MatrixCalculus.org's convention for undeclared names in a one-line expression. */
    public static VarKind fromInitial(String name) {
        char c = name.charAt(0);
        if (c >= 'a' && c <= 'g') return SCALAR;
        if (Character.isLowerCase(c)) return VECTOR;
        return MATRIX;
    }

    public String keyword() { return name().toLowerCase(); }
}
