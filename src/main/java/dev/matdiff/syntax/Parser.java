package dev.matdiff.syntax;

import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;
import dev.matdiff.source.Source;
import dev.matdiff.syntax.generated.MatDiffLexer;
import dev.matdiff.syntax.generated.MatDiffParser;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Text to {@link Syntax.Program}; the first lexical or syntax error is thrown with its position. */
public final class Parser {
    private Parser() {}

    /** Deeper nesting than this is refused with a message rather than risking the stack. */
    public static final int MAX_NESTING = 4000;

    private static final Pattern WRT_HINT = Pattern.compile("(?m)^\\s*#\\s*wrt\\s*:?\\s*([A-Za-z_][A-Za-z_0-9]*(?:\\s*,\\s*[A-Za-z_][A-Za-z_0-9]*)*)");

    public static Syntax.Program parse(Source source) {
        MatDiffLexer lexer = new MatDiffLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.removeErrorListeners();
        lexer.addErrorListener(THROWING);
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        checkNesting(tokens.getTokens());
        MatDiffParser parser = new MatDiffParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(THROWING);
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        MatDiffParser.ProgramContext tree = parser.program();
        return new Syntax.Program(new AstBuilder().statements(tree), wrtHint(source.text()));
    }

    private static List<String> wrtHint(String text) {
        Matcher m = WRT_HINT.matcher(text);
        List<String> names = new ArrayList<>();
        if (m.find()) for (String s : m.group(1).split(",")) names.add(s.trim());
        return names;
    }

    private static void checkNesting(List<Token> tokens) {
        int depth = 0;
        for (Token t : tokens) {
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
                int previous = t.getTokenIndex() > 0 && recognizer.getInputStream() instanceof org.antlr.v4.runtime.TokenStream ts
                        ? ts.get(t.getTokenIndex() - 1).getType() : -1;
                throw new MatDiffException(describe(t, previous), pos(t));
            }
            // a lexer error: msg is "token recognition error at: 'x'"
            String text = msg.replaceFirst("^token recognition error at: ", "");
            throw new MatDiffException("unexpected character " + text, new Pos(line, col, -1, -1));
        }
    };

    private static String describe(Token t, int previous) {
        boolean afterOperand = previous == MatDiffLexer.ID || previous == MatDiffLexer.NUMBER
                || previous == MatDiffLexer.RPAREN || previous == MatDiffLexer.TICK || previous == MatDiffLexer.CARET_T;
        return switch (t.getType()) {
            case Token.EOF -> "unexpected end of input";
            case MatDiffLexer.NEWLINE -> "unexpected end of line";
            case MatDiffLexer.ID, MatDiffLexer.NUMBER, MatDiffLexer.LPAREN -> afterOperand
                    ? "unexpected '" + t.getText() + "': there is no implicit multiplication, write '*' between factors"
                    : "unexpected '" + t.getText() + "'";
            default -> "unexpected '" + t.getText() + "'";
        };
    }
}
