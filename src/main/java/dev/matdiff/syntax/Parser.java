package dev.matdiff.syntax;

import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;
import dev.matdiff.source.Source;
import dev.matdiff.syntax.generated.MatDiffLexer;
import dev.matdiff.syntax.generated.MatDiffParser;

import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.ParserATNSimulator;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Text to {@link Syntax.Program}; the first lexical or syntax error is thrown with its position. */
public final class Parser {
    private Parser() {}

    /** Deeper nesting than this is refused with a message rather than risking the stack. */
    public static final int MAX_NESTING = 20_000;

    /**
     * Longer programs than this are refused before they are read: a parse tree takes about 200 bytes a character (a
     * 10.8 MB line, 2 GB), and a 50 MB sum ran past a minute before it ran out of memory (hostile trial).
     */
    public static final int MAX_PROGRAM_CHARS = 16_000_000;

    private static void refuseTooLong(Source source) {
        String text = source.text();
        if (text.length() <= MAX_PROGRAM_CHARS) return;
        throw new MatDiffException(String.format("the program is %,d characters long; matdiff reads programs of up to %,d "
                + "(a parse tree takes about 200 bytes a character)", text.length(), MAX_PROGRAM_CHARS), at(text, MAX_PROGRAM_CHARS, MAX_PROGRAM_CHARS));
    }

    /** Longer runs of transposes (A''…') than this are refused: the chain is typed and simplified one link at a time. */
    public static final int MAX_TRANSPOSES = 200_000;

    /** A "# wrt:" line; horizontal space only, or an empty hint would read the next line's words as names. */
    private static final Pattern WRT_HINT = Pattern.compile("(?m)^[ \\t]*#[ \\t]*wrt\\b[ \\t]*(:?)([^\\r\\n]*)");
    /** Without the colon a hint is a comma list, so that prose after it ("# wrt x and y") is not read as names. */
    private static final Pattern COMMA_LIST = Pattern.compile("[ \\t]*[A-Za-z_][A-Za-z_0-9]*(?:[ \\t]*,[ \\t]*[A-Za-z_][A-Za-z_0-9]*)*");
    /** One name of a hint, after the commas and spaces that separate it from the one before. */
    private static final Pattern HINT_NAME = Pattern.compile("\\G[ \\t,]*([A-Za-z_][A-Za-z_0-9]*)");

    /**
     * ANTLR's two-stage parse: SLL prediction, which never looks at the whole context and is enough
     * for every program this grammar accepts so far, bailing out at the first problem; then, only
     * for a program SLL gave up on, full LL with the error listener, which either parses it or
     * reports the first syntax error. A lexer and a parser are kept per thread (their DFA caches are
     * shared anyway; making them costs more than lexing a small program).
     */
    public static Syntax.Program parse(Source source) {
        refuseTooLong(source);
        Machinery m = MACHINERY.get();
        MatDiffLexer lexer = m.lexer;
        lexer.setInputStream(CharStreams.fromString(withAsciiComments(source.text()), source.name()));
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        checkNesting(tokens.getTokens());
        MatDiffParser parser = m.parser;
        parser.setTokenStream(tokens);
        parser.removeErrorListeners();
        parser.setErrorHandler(m.bail);
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        MatDiffParser.ProgramContext tree;
        try {
            tree = parser.program();
        } catch (ParseCancellationException sllGaveUp) {
            tokens.seek(0);
            parser.setTokenStream(tokens);
            parser.addErrorListener(THROWING);
            parser.setErrorHandler(new DefaultErrorStrategy());
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            tree = parser.program();
        } finally {
            // the thread's parser does not keep the program alive: the token stream and, in its prediction
            // simulator, the last decision's context, whose parents reach the whole parse tree
            parser.setTokenStream(EMPTY);
            ParserATNSimulator used = parser.getInterpreter();
            parser.setInterpreter(new ParserATNSimulator(parser, parser.getATN(), used.decisionToDFA, used.getSharedContextCache()));
            lexer.setInputStream(CharStreams.fromString(""));
        }
        return new Syntax.Program(new AstBuilder().statements(tree), wrtHint(source.text()));
    }

    /** A lexer and a parser per thread: ANTLR's are not thread-safe, and remade for each program they cost more than small programs take to parse. */
    private static final class Machinery {
        final MatDiffLexer lexer = new MatDiffLexer(CharStreams.fromString(""));
        final MatDiffParser parser;
        final BailErrorStrategy bail = new BailErrorStrategy();

        Machinery() {
            lexer.setInterpreter(new LexerSimulator(lexer));
            lexer.removeErrorListeners();
            lexer.addErrorListener(THROWING);
            parser = new MatDiffParser(new CommonTokenStream(lexer));
        }
    }

    private static final ThreadLocal<Machinery> MACHINERY = ThreadLocal.withInitial(Machinery::new);
    private static final org.antlr.v4.runtime.TokenStream EMPTY = new CommonTokenStream(new MatDiffLexer(CharStreams.fromString("")));

    /**
     * The text with every character above ASCII in a comment replaced by a space: ANTLR's lexer
     * caches its decisions only for ASCII input, and a comment's ᵀ, − or Greek letters sent it down
     * its slow path once per character. Positions do not change (one character for one), nothing
     * reads a comment's text, and the original text is kept for error messages and the # wrt: hint.
     */
    static String withAsciiComments(String text) {
        int hash = text.indexOf('#');
        if (hash < 0) return text;
        StringBuilder out = null;
        boolean inComment = false;
        for (int i = hash; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '#') inComment = true;
            else if (c == '\n' || c == '\r') inComment = false;
            if (inComment && c > 127) {
                if (out == null) out = new StringBuilder(text.length()).append(text, 0, i);
                out.append(' ');
                // ANTLR counts code points: a surrogate pair is one character, so one space
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) i++;
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * The names of every "# wrt:" line, in order and each once a line, separated by commas and/or spaces (up to
     * anything that is not a name, such as a remark in parentheses); each with where it is written, so that a
     * name the program lacks can be pointed at. No line, or only empty ones: no hint.
     */
    private static List<Syntax.Name> wrtHint(String text) {
        List<Syntax.Name> names = new ArrayList<>();
        Matcher line = WRT_HINT.matcher(text);
        // only lines with "wrt" in them can be hints: trying the pattern at every line start cost a tenth of a parse
        for (int wrt = text.indexOf("wrt"); wrt >= 0; wrt = text.indexOf("wrt", lineEnd(text, wrt))) {
            int lineStart = Math.max(text.lastIndexOf('\n', wrt), text.lastIndexOf('\r', wrt)) + 1;
            if (!line.region(lineStart, text.length()).lookingAt()) continue;
            int start = line.start(2), end = line.end(2);
            if (line.group(1).isEmpty()) {
                Matcher list = COMMA_LIST.matcher(text).region(start, end);
                if (!list.lookingAt()) continue;
                end = list.end();
            }
            Matcher name = HINT_NAME.matcher(text).region(start, end);
            Set<String> seen = new java.util.HashSet<>();  // once a line: a line's words decide whether it is prose (WrtHints)
            while (name.find())
                if (seen.add(name.group(1))) names.add(new Syntax.Name(name.group(1), at(text, name.start(1), name.end(1) - 1)));
        }
        return names;
    }

    private static int lineEnd(String text, int from) {
        int end = from;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') end++;
        return end;
    }

    /** The position of text[start..stop], its line counted as Source counts lines (\r\n, \r or \n). */
    private static Pos at(String text, int start, int stop) {
        int line = 1, lineStart = 0;
        for (int i = 0; i < start; i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
                lineStart = i + 1;
            }
        }
        return new Pos(line, start - lineStart, start, stop);
    }

    private static void checkNesting(List<Token> tokens) {
        int depth = 0, transposes = 0;
        for (Token t : tokens) {
            // a run of postfix transposes is a chain as deep as it is long: 100,001 take half a second, a million half a minute
            transposes = t.getType() == MatDiffLexer.TICK || t.getType() == MatDiffLexer.CARET_T ? transposes + 1 : 0;
            if (transposes > MAX_TRANSPOSES)
                throw new MatDiffException("more than " + MAX_TRANSPOSES + " transposes in a row (an even number of them is none, an odd one is one)", pos(t));
            switch (t.getType()) {
                case MatDiffLexer.LPAREN -> {
                    if (++depth > MAX_NESTING)
                        throw new MatDiffException("expression nested deeper than " + MAX_NESTING + " parentheses", pos(t));
                }
                case MatDiffLexer.RPAREN -> depth = Math.max(0, depth - 1);
                case MatDiffLexer.NEWLINE, MatDiffLexer.SEMI -> depth = 0;
                default -> { }
            }
        }
    }

    static Pos pos(Token t) {
        return new Pos(t.getLine(), t.getCharPositionInLine(), t.getStartIndex(), t.getStopIndex());
    }

    private static final BaseErrorListener THROWING = new BaseErrorListener() {
        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int col, String msg, RecognitionException e) {
            if (offending instanceof Token t) {
                org.antlr.v4.runtime.TokenStream ts = recognizer.getInputStream() instanceof org.antlr.v4.runtime.TokenStream s ? s : null;
                Token previous = ts != null && t.getTokenIndex() > 0 ? ts.get(t.getTokenIndex() - 1) : null;
                Token statementStart = ts == null ? null : statementStart(ts, t.getTokenIndex());
                // a word then a name at the start of a statement: a misspelt keyword, or one matdiff does not have
                if (previous != null && previous.getType() == MatDiffLexer.ID && previous == statementStart
                        && (t.getType() == MatDiffLexer.ID || t.getType() == MatDiffLexer.NUMBER))
                    throw new MatDiffException(unknownStatement(previous.getText()), pos(previous));
                // matrix (m, n): the sizes with no name before them
                Token second = statementStart != null && statementStart.getTokenIndex() + 1 < ts.size() ? ts.get(statementStart.getTokenIndex() + 1) : null;
                if (second != null && second.getType() == MatDiffLexer.LPAREN && KEYWORDS.contains(statementStart.getText()) && t.getTokenIndex() >= second.getTokenIndex())
                    throw new MatDiffException(switch (statementStart.getText()) {
                        case "scalar" -> "a scalar declaration names its symbol and has no sizes, as in scalar a";
                        case "vector" -> "a declaration names its symbol before the sizes, as in vector x(n)";
                        case "symmetric" -> "a declaration names its symbol before the sizes, as in symmetric S(n)";
                        default -> "a declaration names its symbol before the sizes, as in " + statementStart.getText() + " A(m, n)";
                    }, pos(second));
                throw new MatDiffException(describe(t, previous == null ? -1 : previous.getType(), statementStart,
                        statementStart == null ? List.of() : openParentheses(ts, statementStart.getTokenIndex(), t.getTokenIndex())), pos(t));
            }
            // a lexer error: msg is "token recognition error at: 'x'"
            String text = msg.replaceFirst("^token recognition error at: ", "");
            CharStream input = recognizer.getInputStream() instanceof CharStream c ? c : null;
            throw new MatDiffException(unexpectedCharacter(text, input, ((org.antlr.v4.runtime.Lexer) recognizer)._tokenStartCharIndex),
                    new Pos(line, col, -1, -1));
        }
    };

    /** The parentheses opened among tokens from..to (exclusive) that are still open at {@code to}, outermost first. */
    private static List<Token> openParentheses(org.antlr.v4.runtime.TokenStream ts, int from, int to) {
        List<Token> open = new ArrayList<>();
        for (int i = from; i < to; i++) {
            int type = ts.get(i).getType();
            if (type == MatDiffLexer.LPAREN) open.add(ts.get(i));
            else if (type == MatDiffLexer.RPAREN && !open.isEmpty()) open.remove(open.size() - 1);
        }
        return open;
    }

    /** The first token of the statement that token {@code index} is in. */
    private static Token statementStart(org.antlr.v4.runtime.TokenStream ts, int index) {
        int i = index;
        while (i > 0) {
            int type = ts.get(i - 1).getType();
            if (type == MatDiffLexer.NEWLINE || type == MatDiffLexer.SEMI) break;
            i--;
        }
        return ts.get(i);
    }

    static final List<String> KEYWORDS = List.of("matrix", "vector", "scalar", "symmetric", "constant");

    /** "matrx A(n, n)", "Matrix A", "return L": a statement that starts with a word that is no keyword. */
    static String unknownStatement(String word) {
        String lower = word.toLowerCase(java.util.Locale.ROOT);
        String closest = dev.matdiff.source.Spelling.closest(word, KEYWORDS);
        if (closest != null) return "unknown statement '" + word + "': did you mean '" + closest + "'?";
        if (lower.equals("return"))
            return "unknown statement 'return': matdiff has no return; the objective is the last definition (L = …), or the one --of names";
        if (Set.of("function", "def", "let", "var", "real", "double", "float", "syms").contains(lower))
            return "unknown statement '" + word + "': declare symbols with matrix, vector, scalar, symmetric or constant, "
                    + "and define with name = expression";
        return "unknown statement '" + word + " …': a statement is a declaration (matrix, vector, scalar, symmetric, constant) "
                + "or a definition (name = expression); there is no implicit multiplication";
    }

    /** A character no token starts with; MATLAB's and NumPy's spellings get the matdiff one. */
    private static String unexpectedCharacter(String quoted, CharStream input, int start) {
        String text = quoted.length() >= 2 && quoted.startsWith("'") && quoted.endsWith("'") ? quoted.substring(1, quoted.length() - 1) : quoted;
        String before = input == null || start <= 0 ? "" : input.getText(org.antlr.v4.runtime.misc.Interval.of(Math.max(0, start - 40), start - 1));
        Matcher word = Pattern.compile("([A-Za-z_][A-Za-z_0-9]*)$").matcher(before);
        String prefix = word.find() ? word.group(1) : null;
        String after = input == null ? "" : input.getText(org.antlr.v4.runtime.misc.Interval.of(start + 1, Math.min(input.size() - 1, start + 40)));
        Matcher next = Pattern.compile("^([A-Za-z_][A-Za-z_0-9]*)").matcher(after);
        String member = next.find() ? next.group(1) : "sum";
        // before the other dots: x... junk is a continuation with text after it, not a member access
        if (text.startsWith("..."))
            return "unexpected text after '...': a continuation ends its line (only a # comment may follow it)";
        if (text.startsWith(".'")) return "unexpected \".'\": MATLAB's .' is ' here (matdiff's values are real, so ' never conjugates)";
        if (text.startsWith(".T") && prefix != null) return "unexpected '.T': NumPy's " + prefix + ".T is " + prefix + "' here";
        if (text.startsWith(".") && prefix != null && Set.of("np", "numpy", "torch", "math", "jnp", "tf").contains(prefix))
            return "unexpected '" + prefix + ".': matdiff's functions have no prefix: write " + member + "(…), not " + prefix + "." + member + "(…)";
        Matcher digits = Pattern.compile("(?<![A-Za-z_0-9.])([0-9]+)$").matcher(before);
        if (text.startsWith(".") && digits.find())
            return "unexpected '.': a number does not end in a point here; write " + digits.group(1) + " or " + digits.group(1)
                    + ".0 (a point after a number starts .*, ./ or .^: " + digits.group(1) + "./x is " + digits.group(1) + " ./ x)";
        if (text.startsWith(".") && prefix != null) return "unexpected '.': matdiff has no member access (" + prefix + "." + member + ")";
        if (text.startsWith("\\")) return "unexpected '\\': there is no left division; write inv(A)*b for MATLAB's A\\b";
        // an inequality: assumptions are equations, and a domain (y > 0) is what the data must satisfy, not a fact a rule uses
        if (text.startsWith(">") || text.startsWith("<") || text.startsWith("≥") || text.startsWith("≤"))
            return "unexpected '" + text.charAt(0) + (after.startsWith("=") && (text.startsWith(">") || text.startsWith("<")) ? "=" : "") + "': matdiff has no comparisons; an assumption is an equation about constants "
                    + "(assume sum(y) = 1, assume abs(y) = ones(n)), and a function's domain, such as log's y > 0, is checked on the data";
        if (text.startsWith("@")) return "unexpected '@': the matrix product is * in matdiff, not Python's @";
        // mathematical notation typed as is: say how matdiff writes it
        if (text.startsWith("‖")) return "unexpected '‖': write norm(x) for ‖x‖ (sqnorm(x) for its square)";
        if (text.startsWith("²") || text.startsWith("³"))
            return "unexpected '" + text.charAt(0) + "': write .^" + (text.charAt(0) == '²' ? 2 : 3) + " for an element-wise power, ^"
                    + (text.charAt(0) == '²' ? 2 : 3) + " for a matrix power";
        if (text.startsWith("×")) return "unexpected '×': the product is * (kron(A, B) or ⊗ for the Kronecker product)";
        if (text.startsWith("∑")) return "unexpected '∑': write sum(A) for the sum of A's entries";
        if (text.startsWith("√")) return "unexpected '√': write sqrt(x)";
        if (text.startsWith("’") || text.startsWith("′") || text.startsWith("‘"))
            return "unexpected '" + text.charAt(0) + "': a typographic quote or prime, as a PDF or a word processor writes it; the transpose is ' (or ᵀ)";
        // a letter outside the names' alphabet (é, or e and a combining accent), said as such, not as a stray symbol
        if (!text.isEmpty() && (Character.isLetter(text.codePointAt(0)) || Character.getType(text.codePointAt(0)) == Character.NON_SPACING_MARK))
            return "unexpected character " + quoted + ": a name is written with the letters a–z and A–Z, Greek letters, digits and _";
        return "unexpected character " + quoted;
    }

    /** ": the '(' at 2:8 is not closed" for the innermost parenthesis still open (the one a ')' would close next); "" for none. */
    private static String notClosed(List<Token> open) {
        if (open.isEmpty()) return "";
        Token last = open.get(open.size() - 1);
        return ": the '(' at " + last.getLine() + ":" + (last.getCharPositionInLine() + 1) + " is not closed"
                + (open.size() > 1 ? " (" + open.size() + " are open)" : "");
    }

    /** {@code open}: the parentheses t's statement opened that are still open at t (a declaration's sizes, an unclosed call). */
    private static String describe(Token t, int previous, Token statementStart, List<Token> open) {
        boolean inParentheses = !open.isEmpty();
        boolean afterOperand = previous == MatDiffLexer.ID || previous == MatDiffLexer.NUMBER
                || previous == MatDiffLexer.RPAREN || previous == MatDiffLexer.TICK || previous == MatDiffLexer.CARET_T;
        boolean declaration = statementStart != null && switch (statementStart.getType()) {
            case MatDiffLexer.MATRIX, MatDiffLexer.VECTOR, MatDiffLexer.SCALAR, MatDiffLexer.SYMMETRIC, MatDiffLexer.CONSTANT -> true;
            default -> false;
        };
        if (declaration && t.getType() == MatDiffLexer.COMMA && (previous == MatDiffLexer.ID || previous == MatDiffLexer.NUMBER))
            // matrix V((n, n): a parenthesis opened twice, not a third dimension (trial s63a)
            return open.size() > 1
                    ? "unexpected ',': a '(' before it is still open; a declaration's sizes stand in one pair of parentheses, as in matrix A(m, n)"
                    : "unexpected ',': a declaration gives at most two dimensions, as in matrix A(m, n)";
        // assume; or assume on its own line: what the statement needs (trial s64b)
        if (previous == MatDiffLexer.ASSUME && statementStart != null && statementStart.getType() == MatDiffLexer.ASSUME
                && (t.getType() == MatDiffLexer.SEMI || t.getType() == MatDiffLexer.NEWLINE || t.getType() == Token.EOF))
            return "unexpected " + (t.getType() == MatDiffLexer.SEMI ? "';'" : t.getType() == Token.EOF ? "end of input" : "end of line")
                    + ": assume states an equation about constants, as in assume sum(y) = 1";
        if (previous == MatDiffLexer.STAR && t.getType() == MatDiffLexer.STAR)
            return "unexpected '*': '**' is not a power here; write ^ for a matrix power or .^ for an element-wise one";
        return switch (t.getType()) {
            // sum((x): where the parenthesis left open is, which the caret at the end cannot show (trial s64b); so too where
            // a ';' ends the statement or an assumption's '=' splits it (review s64r)
            case Token.EOF, MatDiffLexer.NEWLINE -> "unexpected end of " + (t.getType() == Token.EOF ? "input" : "line") + notClosed(open);
            case MatDiffLexer.SEMI, MatDiffLexer.ASSIGN -> "unexpected '" + t.getText() + "'" + notClosed(open);
            case MatDiffLexer.ID, MatDiffLexer.NUMBER, MatDiffLexer.LPAREN -> {
                boolean name = declaration && t.getType() == MatDiffLexer.ID;
                // vector x(n) constant y(n): the keyword ends the item; the next name needs a comma, or a statement of its own
                if (name && previous == MatDiffLexer.CONSTANT)
                    yield "unexpected '" + t.getText() + "': names in a declaration are separated by a comma (vector x(n), y(n) constant), "
                            + "statements by ; or a new line";
                if (!afterOperand) yield "unexpected '" + t.getText() + "'";
                // matrix A B, vector x(n) y(n): a second name; matrix A(m n): a second size
                if (name && !inParentheses && (previous == MatDiffLexer.ID || previous == MatDiffLexer.RPAREN))
                    yield "unexpected '" + t.getText() + "': names in a declaration are separated by a comma (matrix A, B), statements by ; or a new line";
                if (name && previous == MatDiffLexer.ID)
                    yield "unexpected '" + t.getText() + "': dimensions are separated by a comma, as in matrix A(m, n)";
                yield "unexpected '" + t.getText() + "': there is no implicit multiplication, write '*' between factors";
            }
            // matrix matrix, vector assume: a keyword where a name was expected
            case MatDiffLexer.MATRIX, MatDiffLexer.VECTOR, MatDiffLexer.SCALAR, MatDiffLexer.SYMMETRIC, MatDiffLexer.CONSTANT, MatDiffLexer.ASSUME ->
                    declaration && (previous == MatDiffLexer.COMMA || previous == MatDiffLexer.MATRIX || previous == MatDiffLexer.VECTOR
                            || previous == MatDiffLexer.SCALAR || previous == MatDiffLexer.SYMMETRIC)
                            ? "unexpected '" + t.getText() + "': it is a keyword of the language, which cannot name a symbol"
                            : "unexpected '" + t.getText() + "'";
            default -> "unexpected '" + t.getText() + "'";
        };
    }
}
