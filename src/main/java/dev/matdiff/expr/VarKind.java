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

    /** Names readers take for scalars that are no Greek letter: a learning rate, a penalty, a temperature, a size. */
    private static final java.util.Set<String> SCALAR_NAMES = java.util.Set.of("lam", "lr", "reg", "temp", "n", "m", "k", "l");
    /** The names a size usually has. */
    private static final java.util.Set<String> SIZE_NAMES = java.util.Set.of("n", "m", "k", "p", "q", "N", "M", "K", "d");

    /**
     * Whether -e's first-letter rule makes a vector of a name a reader takes for a scalar: a Greek letter
     * after g, spelled or not (lambda, σ), a learning rate, a size (n). Only a hint or a note depends on it.
     */
    public static boolean readAsScalar(String name) {
        if (fromInitial(name) != VECTOR) return false;
        return SCALAR_NAMES.contains(name) || Greek.NAMES.contains(name)
                || name.length() == 1 && name.charAt(0) >= '\u03B1' && name.charAt(0) <= '\u03C9';
    }

    /**
     * Where a name's kind came from its first letter: "b is a scalar here: in -e, names a–g are scalars; declare
     * 'vector b' to change it", or for a constant declared without a kind (constant lambda), "lambda is a vector
     * here: 'constant lambda' declares no kind, and names h–z are column vectors; declare 'scalar lambda constant'".
     */
    public static String impliedHint(String name, String wanted, boolean kindlessConstant) {
        String letters = switch (fromInitial(name)) {
            case SCALAR -> "a scalar here: %s names a–g are scalars";
            case VECTOR -> "a vector here: %s names h–z are column vectors";
            default -> "a matrix here: %s names A–Z are matrices";
        };
        // pi read as a vector is π meant: a variable named so would be differentiated
        if ((name.equals("pi") || name.equals("π")) && wanted.equals("scalar"))
            return name + " is " + letters.formatted("in -e,") + ", and " + Greek.piAdvice(name);
        String hint = name + " is " + letters.formatted(kindlessConstant ? "'constant " + name + "' declares no kind, and" : "in -e,")
                + "; declare '" + wanted + " " + name + (kindlessConstant ? " constant" : "") + "' to change it";
        // sum(x)/n, LANGUAGE.md's own example of a size in an expression (trial s75a): a size is a number once a declaration names it
        if (SIZE_NAMES.contains(name) && wanted.equals("scalar") && !kindlessConstant)
            hint += ", or for a size name it in a declaration, e.g. 'vector x(" + name + ")': " + name + " is then x's length";
        return hint;
    }
}
