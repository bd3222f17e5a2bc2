package dev.matdiff.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Fills in a {@link dev.matdiff.expr.CodeForm} template: {@code $0} and {@code $1} by the
 * arguments (parenthesised unless they stand alone between a call's parentheses and commas, or
 * are atoms), {@code $rows}, {@code $cols} and {@code $shape} by the result's size, {@code @name}
 * by a helper's identifier.
 */
final class Templates {
    private Templates() {}

    /** An argument's spelling, and whether it is an atom (a name, a call) that needs no parentheses anywhere. */
    record Arg(String text, boolean atom) {}

    /**
     * @param args   the arguments' spellings, by index
     * @param size   the spelling of "rows", "cols" or "shape"
     * @param helper the identifier of a helper, by its name (the caller records it as used)
     */
    static String fill(String template, IntFunction<Arg> args, Function<String, String> size, Function<String, String> helper) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '$' && i + 1 < template.length() && Character.isDigit(template.charAt(i + 1))) {
                int index = template.charAt(i + 1) - '0';
                Arg a = args.apply(index);
                boolean alone = before(template, i) && after(template, i + 2);
                out.append(a.atom() || alone ? a.text() : "(" + a.text() + ")");
                i += 2;
            } else if (c == '$') {
                String word = word(template, i + 1);
                out.append(size.apply(word));
                i += 1 + word.length();
            } else if (c == '@') {
                String word = word(template, i + 1);
                out.append(helper.apply(word));
                i += 1 + word.length();
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The helpers a template calls, by name. */
    static List<String> helpers(String template) {
        List<String> out = new ArrayList<>();
        for (int i = template.indexOf('@'); i >= 0; i = template.indexOf('@', i + 1)) out.add(word(template, i + 1));
        return out;
    }

    /** The size words ({@code rows}, {@code cols}, {@code shape}) a template uses. */
    static List<String> sizes(String template) {
        List<String> out = new ArrayList<>();
        for (int i = template.indexOf('$'); i >= 0; i = template.indexOf('$', i + 1))
            if (i + 1 < template.length() && !Character.isDigit(template.charAt(i + 1))) out.add(word(template, i + 1));
        return out;
    }

    private static String word(String s, int from) {
        int j = from;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) j++;
        return s.substring(from, j);
    }

    /** Whether what comes before position i is an opening parenthesis or a comma (spaces aside). */
    private static boolean before(String s, int i) {
        int j = i - 1;
        while (j >= 0 && s.charAt(j) == ' ') j--;
        return j >= 0 && (s.charAt(j) == '(' || s.charAt(j) == ',');
    }

    /** Whether what comes at position i is a closing parenthesis or a comma (spaces aside). */
    private static boolean after(String s, int i) {
        int j = i;
        while (j < s.length() && s.charAt(j) == ' ') j++;
        return j < s.length() && (s.charAt(j) == ')' || s.charAt(j) == ',');
    }
}
