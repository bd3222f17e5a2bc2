package dev.matdiff.codegen;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The identifiers of one generated module: every name used once, none a keyword of the language
 * or a name the module's own code uses. A program's name is kept where it can be ({@code W1},
 * {@code h2}); one that clashes gets a trailing underscore ({@code lambda_} in Python).
 */
final class Identifiers {
    private final Set<String> taken;
    private final Map<Object, String> given = new HashMap<>();

    Identifiers(Set<String> reserved) { this.taken = new HashSet<>(reserved); }

    /** The identifier of {@code key} (a program's symbol, a dimension, a temporary), claimed on first use. */
    String of(Object key, String wanted) {
        String id = given.get(key);
        if (id != null) return id;
        id = wanted;
        if (taken.contains(id)) {
            id = wanted + "_";
            for (int i = 2; taken.contains(id); i++) id = wanted + "_" + i;
        }
        taken.add(id);
        given.put(key, id);
        return id;
    }

    /** The identifier {@code key} was given; throws if it has none. */
    String get(Object key) {
        String id = given.get(key);
        if (id == null) throw new IllegalStateException("no identifier for " + key);
        return id;
    }

    boolean has(Object key) { return given.containsKey(key); }

    /** Python's keywords and the builtins a generated module calls. */
    static final Set<String> PYTHON = Set.of(
            "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
            "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
            "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "match", "case", "type",
            "abs", "dict", "float", "len", "max", "min", "print", "range", "zip", "tuple", "list", "int", "str");

    /** Java's keywords and literals, and the classes a generated class names. */
    static final Set<String> JAVA = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
            "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
            "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
            "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
            "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null", "var", "yield",
            "record", "sealed", "permits", "non-sealed", "_",
            "Math", "String", "System", "Random", "RealMatrix", "RealVector", "MatrixUtils", "ArrayRealVector",
            "Array2DRowRealMatrix", "LUDecomposition", "DoubleUnaryOperator", "Result", "Override", "Object");
}
