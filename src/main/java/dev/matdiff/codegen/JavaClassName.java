package dev.matdiff.codegen;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a name can be the generated Java class's: a name javac refuses, or one that hides a type
 * the class's own code names, would give a file that does not compile.
 */
public final class JavaClassName {
    private JavaClassName() {}

    /** ASCII only: a file named with other letters is the easiest way to lose a class on another system. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    /** Restricted identifiers that may name a variable but not a type (JLS 3.9). */
    private static final Set<String> NOT_TYPES = Set.of("var", "yield", "record", "sealed", "permits");

    /**
     * The types the generated class names or declares: a class of the same name would shadow the
     * import or java.lang type, or clash with its own nested record.
     */
    private static final Set<String> USED_TYPES = Set.of(
            "Math", "String", "System", "Object", "Double", "Override", "Random", "DoubleFunction", "DoubleUnaryOperator",
            "ArithmeticException", "IllegalArgumentException", "IllegalStateException",
            "RealMatrix", "RealVector", "MatrixUtils", "ArrayRealVector", "Array2DRowRealMatrix", "LUDecomposition",
            "Point", "Result", "HessianResult", "Steps");

    private static final Set<String> REFUSED = refused();

    private static Set<String> refused() {
        Set<String> s = new HashSet<>(Identifiers.JAVA);
        s.addAll(NOT_TYPES);
        s.addAll(USED_TYPES);
        return s;
    }

    /** Why {@code name} cannot name the class, or null when it can. */
    public static String problem(String name) {
        if (!IDENTIFIER.matcher(name).matches())
            return "'" + name + "' is not a Java class name (ASCII letters, digits, _ and $, not starting with a digit)";
        if (USED_TYPES.contains(name))
            return "'" + name + "' is a type the generated class uses itself";
        if (NOT_TYPES.contains(name))
            return "'" + name + "' cannot name a type in Java";
        if (REFUSED.contains(name))
            return "'" + name + "' is a reserved word in Java";
        return null;
    }

    static boolean valid(String name) { return problem(name) == null; }
}
