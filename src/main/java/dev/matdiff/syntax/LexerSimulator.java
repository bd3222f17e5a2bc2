package dev.matdiff.syntax;

import dev.matdiff.syntax.generated.MatDiffLexer;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.IntStream;
import org.antlr.v4.runtime.atn.LexerATNSimulator;
import org.antlr.v4.runtime.dfa.DFAState;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * ANTLR's lexer simulator with two shortcuts that read the same tokens, for a lexer kept by one thread:
 * <ul>
 * <li>A comment is skipped in one step. The grammar's COMMENT ('#' ~[\r\n]* -> skip) is the only token that
 * starts with '#' and it runs to the end of the line, so no DFA walk is needed to find its end; walked a
 * character at a time, comments (two thirds of the samples' characters) took most of the lexer's time.</li>
 * <li>Where a token can go on end of input, as every last token of a program must be asked. ANTLR's DFA has
 * no edge for EOF, so it worked that out again from the ATN in every parse (a new configuration set each
 * time); this grammar has no predicates and no actions that depend on the position, so the answer depends on
 * the DFA state alone and is kept here, per state.</li>
 * </ul>
 */
final class LexerSimulator extends LexerATNSimulator {
    /** The DFA's states are shared by threads; this map is this thread's only. */
    private final Map<DFAState, DFAState> onEof = new IdentityHashMap<>();

    LexerSimulator(MatDiffLexer lexer) {
        super(lexer, lexer.getATN(), lexer.getInterpreter().decisionToDFA, lexer.getInterpreter().getSharedContextCache());
    }

    @Override
    public int match(CharStream input, int mode) {
        if (input.LA(1) != '#') return super.match(input, mode);
        int length = 1;  // the '#', then everything up to the line's end
        while (!endsLine(input.LA(length + 1))) length++;
        // a comment holds no line break: only the column moves
        input.seek(input.index() + length);
        setCharPositionInLine(getCharPositionInLine() + length);
        recog.skip();  // the rule's "-> skip", as its accepting would run it
        return MatDiffLexer.COMMENT;
    }

    private static boolean endsLine(int c) {
        return c == '\r' || c == '\n' || c == IntStream.EOF;
    }

    @Override
    protected DFAState getExistingTargetState(DFAState s, int t) {
        return t == IntStream.EOF ? onEof.get(s) : super.getExistingTargetState(s, t);
    }

    @Override
    protected DFAState computeTargetState(CharStream input, DFAState s, int t) {
        DFAState target = super.computeTargetState(input, s, t);
        if (t == IntStream.EOF) onEof.put(s, target);
        return target;
    }
}
