package dev.matdiff.codegen;

import java.util.ArrayList;
import java.util.List;

/** A message as a Java string concatenation in generated code, adjacent pieces of text in one literal. */
final class JavaMessage {
    private final List<String> parts = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    JavaMessage text(String s) { text.append(s); return this; }

    /** A Java expression whose value the message shows. */
    JavaMessage code(String expression) {
        flush();
        parts.add(expression);
        return this;
    }

    private void flush() {
        if (text.length() > 0) parts.add(literal(text.toString()));
        text.setLength(0);
    }

    /** s as a Java string literal. */
    static String literal(String s) { return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""; }

    @Override public String toString() {
        flush();
        return String.join(" + ", parts);
    }
}
