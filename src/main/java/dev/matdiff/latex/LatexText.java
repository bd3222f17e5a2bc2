package dev.matdiff.latex;

import java.util.Map;

/**
 * Turns plain text that may hold Unicode mathematics (law statements, notes, headings: "d(Aᵀ) =
 * (dA)ᵀ", "‖A‖₁", "⟹") into LaTeX that pdflatex takes as is. pdflatex has no glyphs for raw
 * Unicode math symbols, so every such character maps to a math-mode command; superscript and
 * subscript characters are gathered into one {@code ^{…}} or {@code _{…}} per run. The output
 * is pure ASCII: a character this class does not know becomes {@code ?} rather than an error in
 * somebody's document.
 */
public final class LatexText {
    private LatexText() {}

    /** Math-mode LaTeX for the Unicode characters law statements and names use. */
    private static final Map<Character, String> SYMBOLS = Map.ofEntries(
            Map.entry('∇', "\\nabla"), Map.entry('‖', "\\|"), Map.entry('±', "\\pm"), Map.entry('∓', "\\mp"),
            Map.entry('−', "-"), Map.entry('–', "-"), Map.entry('⟹', "\\implies"), Map.entry('⇒', "\\Rightarrow"),
            Map.entry('→', "\\to"), Map.entry('↦', "\\mapsto"), Map.entry('⊙', "\\odot"), Map.entry('∘', "\\circ"),
            Map.entry('⊘', "\\oslash"), Map.entry('⊗', "\\otimes"), Map.entry('⊕', "\\oplus"), Map.entry('·', "\\cdot"),
            Map.entry('×', "\\times"), Map.entry('⟨', "\\langle"), Map.entry('⟩', "\\rangle"), Map.entry('≤', "\\le"),
            Map.entry('≥', "\\ge"), Map.entry('≠', "\\ne"), Map.entry('≈', "\\approx"), Map.entry('∈', "\\in"),
            Map.entry('∂', "\\partial"), Map.entry('∑', "\\sum"), Map.entry('∏', "\\prod"), Map.entry('∞', "\\infty"),
            Map.entry('…', "\\ldots"), Map.entry('⋯', "\\cdots"), Map.entry('′', "'"), Map.entry('∗', "*"),
            Map.entry('⊤', "\\top"), Map.entry('√', "\\surd"), Map.entry('∀', "\\forall"), Map.entry('∃', "\\exists"),
            Map.entry('⇔', "\\iff"), Map.entry('⟺', "\\iff"), Map.entry('≡', "\\equiv"), Map.entry('∅', "\\emptyset"),
            Map.entry('ℝ', "\\mathbb{R}"), Map.entry('|', "|"), Map.entry('<', "<"), Map.entry('>', ">"));

    private static final String GREEK_LOWER = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi "
            + "o pi rho varsigma sigma tau upsilon phi chi psi omega";
    private static final String GREEK_UPPER = "A B Gamma Delta E Z H Theta I K Lambda M N Xi O Pi P - Sigma T Upsilon Phi X Psi Omega";

    private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵀⁱᵏⁿᵖᵐʲˣᵗᵃᵇᶜᵈᵉᶠᵍʰˡᵒʳˢᵘᵛʷʸᶻ";
    private static final String SUPERSCRIPT_MATH = "0123456789+-=()Tiknpmjxtabcdefghlorsuvwyz";
    private static final String SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ᵢⱼₖₙₘₓₜₐₑₒₗₚₛᵣᵤᵥₕ";
    private static final String SUBSCRIPT_MATH = "0123456789+-=()ijknmxtaeolpsruvh";

    /** Text mode (inside {@code \text{}}, a heading or a tag): specials escaped, mathematics in {@code $…$}. */
    public static String text(String s) {
        Builder b = new Builder(true);
        for (int i = 0; i < s.length(); i++) b.add(s.charAt(i));
        return b.finish();
    }

    /** Math mode: the same mapping, without the dollars; ASCII letters and digits stay as they are. */
    public static String math(String s) {
        Builder b = new Builder(false);
        for (int i = 0; i < s.length(); i++) b.add(s.charAt(i));
        return b.finish();
    }

    /**
     * A rule's statement as a reader of the paper meets it: its formulas in math mode, its words in text
     * ("sum(u ⊙ v) = uᵀv for vectors" is $\operatorname{sum}(u \odot v) = u^{\top}v$ for vectors); in text mode whole, the
     * formulas' letters were roman and "v.^2" was spelt out (trial s76b). A piece between commas, colons, semicolons and
     * joining words, outside parentheses, is a formula where it holds a relation.
     */
    public static String statement(String s) {
        StringBuilder out = new StringBuilder();
        int depth = 0, start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') depth++;
            else if (c == ')') depth = Math.max(0, depth - 1);
            if (depth > 0) continue;
            java.util.regex.Matcher m = JOINT.matcher(s).region(i, s.length());
            if (!m.lookingAt()) continue;
            out.append(piece(s.substring(start, i))).append(text(m.group()));
            start = i + m.group().length();
            i = start - 1;
        }
        return out.append(piece(s.substring(start))).toString();
    }

    /** What joins a statement's pieces: punctuation, or a word between spaces. */
    private static final java.util.regex.Pattern JOINT = java.util.regex.Pattern.compile(
            "[,;:] (?:(?:and|or|so|but|then|which|where|with|as|for) )?| (?:for|and|or|with|where|as|if|when|of|to|in|by|so|but|then|which|that|is|are|unless|since|on|at|not)(?= )");

    private static final java.util.regex.Pattern RELATION = java.util.regex.Pattern.compile("[=≠≤≥<>→⟹⇔]");
    /** A function's name, set upright, or a subscript written in braces, K_{p,m}, set as one. */
    private static final java.util.regex.Pattern FUNCTION = java.util.regex.Pattern.compile("[A-Za-z]{2,}(?=\\()|_\\{([^{}]*)}");
    private static final java.util.regex.Pattern POWER = java.util.regex.Pattern.compile("\\.?\\^(\\([^()]*\\)|[-−]?[0-9A-Za-z]+)");

    /** A word of prose inside a piece ("for a quotient q = N/D the program names"): three letters or more, not a function's. */
    private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile(
            "(?<![A-Za-z])(?!(?:log|det|exp|sin|cos|tan|tanh|sum|vec|diag|sign|softmax|sigmoid|relu)(?![A-Za-z]))[a-z]{3,}(?![A-Za-z(])");

    private static String piece(String p) {
        if (!RELATION.matcher(p).find() || WORD.matcher(p).find()) return text(p);
        // A.^k and A^k as the superscripts math() gathers; .* and ./ as ⊙ and ⊘; a function's name upright
        String f = POWER.matcher(p).replaceAll(m -> superscript(m.group(1))).replace(".*", "⊙").replace("./", "⊘");
        StringBuilder out = new StringBuilder("$");
        java.util.regex.Matcher m = FUNCTION.matcher(f);
        int at = 0;
        while (m.find()) {
            out.append(math(f.substring(at, m.start())));
            if (m.group(1) != null) out.append("_{").append(math(m.group(1))).append('}');
            else out.append("\\operatorname{").append(m.group()).append('}');
            at = m.end();
        }
        String leading = p.substring(0, p.length() - p.stripLeading().length());
        return leading + out.append(math(f.substring(at))).append('$').toString().replace("$ ", "$");
    }

    /** The exponent in superscript characters where each has one; else as written after a ^ (a hat in math()). */
    private static String superscript(String k) {
        StringBuilder out = new StringBuilder();
        for (char c : k.toCharArray()) {
            int i = SUPERSCRIPT_MATH.indexOf(c == '−' ? '-' : c);
            if (i < 0) return java.util.regex.Matcher.quoteReplacement("^" + k);
            out.append(SUPERSCRIPTS.charAt(i));
        }
        return out.toString();
    }

    /** The math-mode command for one Greek letter, or null if c is not one (final sigma included). */
    static String greek(char c) {
        if (c >= 'α' && c <= 'ω') return command(GREEK_LOWER.split(" ")[c - 'α']);
        if (c >= 'Α' && c <= 'Ω') {
            String name = GREEK_UPPER.split(" ")[c - 'Α'];
            return name.equals("-") ? null : command(name);
        }
        return null;
    }

    /** Greek capitals without a command of their own look like Latin capitals: print them upright. */
    private static String command(String name) {
        return name.length() == 1 ? (Character.isUpperCase(name.charAt(0)) ? "\\mathrm{" + name + "}" : name) : "\\" + name;
    }

    /** Accumulates output, opening a math segment only while math characters come. */
    private static final class Builder {
        private final boolean textMode;
        private final StringBuilder out = new StringBuilder();
        private final StringBuilder math = new StringBuilder();
        private final StringBuilder script = new StringBuilder();
        private char scriptKind; // '^', '_' or 0 while no script run is open
        private boolean underscore; // the open subscript came from "_", as in "∇_X": it takes letters and digits

        Builder(boolean textMode) { this.textMode = textMode; }

        void add(char c) {
            if (underscore && c < 0x80 && Character.isLetterOrDigit(c)) { script.append(c); return; }
            underscore = false;
            if (c == '_' && math.length() > 0 && scriptKind == 0) {
                scriptKind = '_';
                underscore = true;
                return;
            }
            int sup = SUPERSCRIPTS.indexOf(c), sub = SUBSCRIPTS.indexOf(c);
            if (sup >= 0) { script('^', SUPERSCRIPT_MATH.charAt(sup)); return; }
            if (sub >= 0) { script('_', SUBSCRIPT_MATH.charAt(sub)); return; }
            closeScript();
            String m = mathSymbol(c);
            if (m != null) { mathAppend(m); return; }
            if (textMode) { closeMath(); out.append(textChar(c)); }
            else math.append(mathChar(c));
        }

        String finish() {
            closeMath();
            return out.toString();
        }

        private void script(char kind, char c) {
            if (scriptKind != kind) closeScript();
            scriptKind = kind;
            script.append(c == 'T' && kind == '^' ? "\\top " : String.valueOf(c));
        }

        private void closeScript() {
            underscore = false;
            if (scriptKind == 0) return;
            math.append(scriptKind).append('{').append(script.toString().strip()).append('}');
            script.setLength(0);
            scriptKind = 0;
        }

        /** Appends a command, with a space when a letter follows it in the same segment. */
        private void mathAppend(String m) {
            math.append(m);
            if (m.matches(".*\\\\[a-zA-Z]+")) math.append(' ');
        }

        private void closeMath() {
            closeScript();
            if (math.length() == 0) return;
            String m = math.toString().strip();
            out.append(textMode ? "$" + m + "$" : m);
            math.setLength(0);
        }

        /** Characters that need math mode in text (|, <, > come out wrong in OT1 text fonts). */
        private String mathSymbol(char c) {
            String g = greek(c);
            if (g != null) return g;
            if (!textMode && (c == '|' || c == '<' || c == '>')) return null;
            return SYMBOLS.get(c);
        }

        private static String textChar(char c) {
            return switch (c) {
                case '\\' -> "\\textbackslash{}";
                case '{', '}', '$', '&', '#', '%', '_' -> "\\" + c;
                case '^' -> "\\textasciicircum{}";
                case '~' -> "\\textasciitilde{}";
                // the citation line's title has a dash; quotes and an ellipsis as words may hold them
                case '—' -> "---";
                case '–' -> "--";
                case '‘' -> "`";
                case '’' -> "'";
                case '“' -> "``";
                case '”' -> "''";
                case '…' -> "\\ldots{}";
                default -> c >= 0x20 && c < 0x7f ? String.valueOf(c) : "?";
            };
        }

        private static String mathChar(char c) {
            return switch (c) {
                case '\\' -> "\\backslash ";
                case '{', '}', '$', '&', '#', '%', '_' -> "\\" + c;
                case '^' -> "\\hat{}";
                case '~' -> "\\sim ";
                default -> c >= 0x20 && c < 0x7f ? String.valueOf(c) : "?";
            };
        }
    }
}
