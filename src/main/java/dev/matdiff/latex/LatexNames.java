package dev.matdiff.latex;

import dev.matdiff.expr.Greek;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a symbol's name is typeset. Symbols are plain italic, as in the seeds (no bold, no arrows:
 * the declarations already say what is a vector), and a name reads the way a mathematician
 * would write it by hand:
 * <ul>
 *   <li>a Greek letter's name is the letter: {@code lambda} → {@code \lambda}, {@code Sigma} →
 *       {@code \Sigma}, {@code varepsilon} → {@code \varepsilon}; so is a Greek character
 *       ({@code σ} → {@code \sigma});</li>
 *   <li>trailing digits are a subscript: {@code W1} → {@code W_{1}}, {@code h12} → {@code h_{12}};</li>
 *   <li>an underscore starts a subscript, and further underscores separate indices:
 *       {@code h_2} → {@code h_{2}}, {@code x_i_j} → {@code x_{i,j}}; a word in a subscript is
 *       upright ({@code x_train} → {@code x_{\mathrm{train}}}), a single letter stays italic;</li>
 *   <li>an accent word after an underscore decorates the symbol instead: {@code x_hat} →
 *       {@code \hat{x}}, also {@code bar}, {@code tilde}, {@code dot}, {@code ddot}, {@code check},
 *       {@code breve}, {@code vec};</li>
 *   <li>any other name of several letters is one italic word: {@code loss} → {@code \mathit{loss}}
 *       (so it is not read as a product l·o·s·s);</li>
 *   <li>any other character is escaped.</li>
 * </ul>
 */
public final class LatexNames {
    private LatexNames() {}

    private static final Set<String> GREEK = Greek.NAMES;

    private static final Set<String> ACCENTS = Set.of("hat", "bar", "tilde", "dot", "ddot", "check", "breve", "vec");

    /** A word part followed by its trailing digits: "W1" → ("W", "1"). */
    private static final Pattern TRAILING_DIGITS = Pattern.compile("(.*?[^0-9_])([0-9]+)");

    /** The names of the document being written that would otherwise look alike, each to its own spelling. */
    private static final ThreadLocal<java.util.Map<String, String>> DISTINCT = ThreadLocal.withInitial(java.util.Map::of);

    /**
     * Runs {@code write} with the names that would typeset alike written apart: of W1 and W_1 (both W_{1}) and of lambda
     * and λ (both \lambda), the one written as LaTeX writes it (W_1, λ) keeps the form, the other is its own italic word
     * (\mathit{W1}, \mathit{lambda}), so two gradients never read as one.
     */
    public static <T> T distinguishing(java.util.Collection<String> names, java.util.function.Supplier<T> write) {
        return with(distinctions(names), write);
    }

    /** The spellings {@link #distinguishing} gives names that would typeset alike: made once for many writes. */
    public static java.util.Map<String, String> distinctions(java.util.Collection<String> names) {
        java.util.Map<String, List<String>> byForm = new java.util.LinkedHashMap<>();
        for (String n : new java.util.TreeSet<>(names)) byForm.computeIfAbsent(latex(n), k -> new ArrayList<>()).add(n);
        java.util.Map<String, String> distinct = new java.util.HashMap<>();
        for (List<String> alike : byForm.values()) {
            if (alike.size() < 2) continue;
            // the name with an underscore or a Greek character is the one a reader wrote for this form
            String kept = alike.stream().filter(n -> n.contains("_") || n.codePoints().anyMatch(c -> c >= 0x370 && c <= 0x3FF))
                    .findFirst().orElse(alike.get(0));
            for (String n : alike) if (!n.equals(kept)) distinct.put(n, "\\mathit{" + LatexText.math(n) + "}");
        }
        return distinct;
    }

    /** Runs {@code write} with the spellings of {@link #distinctions}. */
    public static <T> T with(java.util.Map<String, String> distinct, java.util.function.Supplier<T> write) {
        java.util.Map<String, String> before = DISTINCT.get();
        DISTINCT.set(distinct);
        try {
            return write.get();
        } finally {
            DISTINCT.set(before);
        }
    }

    public static String latex(String name) {
        String distinct = DISTINCT.get().get(name);
        if (distinct != null) return distinct;
        if (name.isEmpty()) return "";
        // a staged derivation's gradient symbol ∇Xc is typeset as its left side is, \nabla \mathit{Xc}
        if (name.startsWith("∇") && name.length() > 1) return "{\\nabla " + latex(name.substring(1)) + "}";
        int underscore = name.indexOf('_', firstNonUnderscore(name));
        String head = underscore < 0 ? name : name.substring(0, underscore);
        List<String> indices = new ArrayList<>();
        Matcher m = TRAILING_DIGITS.matcher(head);
        if (m.matches()) {
            head = m.group(1);
            indices.add(m.group(2));
        }
        String symbol = symbol(head);
        if (underscore >= 0) {
            for (String part : name.substring(underscore + 1).split("_")) {
                if (part.isEmpty()) continue;
                if (ACCENTS.contains(part)) symbol = "\\" + part + "{" + symbol + "}";
                else indices.add(index(part));
            }
        }
        // a trailing underscore is written, so x_ is not x
        if (underscore >= 0 && name.endsWith("_")) symbol += "\\_";
        return indices.isEmpty() ? symbol : symbol + "_{" + String.join(",", indices) + "}";
    }

    /** Leading underscores belong to the name itself, not to a subscript. */
    private static int firstNonUnderscore(String name) {
        int i = 0;
        while (i < name.length() && name.charAt(i) == '_') i++;
        return i;
    }

    /** The symbol without its subscript: one letter, a Greek letter, or an italic word. */
    private static String symbol(String head) {
        if (GREEK.contains(head)) return "\\" + head;
        // eps is how code spells a small ε (batch norm's, a log's floor); distinguishing keeps it apart from a varepsilon
        if (head.equals("eps")) return "\\varepsilon";
        if (head.length() == 1) return LatexText.math(head).strip();
        if (head.codePoints().allMatch(c -> c < 0x80 && Character.isLetterOrDigit(c)))
            return "\\mathit{" + head + "}";
        return "\\mathit{" + LatexText.math(head) + "}";
    }

    /** One index of a subscript: digits and single letters as they are, a word upright. */
    private static String index(String part) {
        if (GREEK.contains(part)) return "\\" + part;
        if (part.chars().allMatch(Character::isDigit) || part.length() == 1) return LatexText.math(part).strip();
        // a symbol's own name as an index (the direction V_W1 of W1): written as that symbol is, W_{1}
        Matcher named = TRAILING_DIGITS.matcher(part);
        if (named.matches() && (named.group(1).length() == 1 || GREEK.contains(named.group(1)))) return latex(part);
        return "\\mathrm{" + LatexText.math(part) + "}";
    }
}
