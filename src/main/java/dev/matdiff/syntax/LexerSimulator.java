package dev.matdiff.syntax;

import dev.matdiff.syntax.generated.MatDiffLexer;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.IntStream;
import org.antlr.v4.runtime.atn.LexerATNSimulator;
import org.antlr.v4.runtime.dfa.DFAState;

import java.util.Arrays;

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
    /**
     * Each DFA state's target on EOF, by the state's number (unique in the lexer's one DFA); null: not yet known.
     * The DFA's states are shared by threads; this table is this thread's only.
     */
    private DFAState[] onEof = new DFAState[64];

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
        if (t != IntStream.EOF) return super.getExistingTargetState(s, t);
        return s.stateNumber < onEof.length ? onEof[s.stateNumber] : null;
    }

    @Override
    protected DFAState computeTargetState(CharStream input, DFAState s, int t) {
        DFAState target = super.computeTargetState(input, s, t);
        if (t == IntStream.EOF) {
            if (s.stateNumber >= onEof.length) onEof = Arrays.copyOf(onEof, Math.max(2 * onEof.length, s.stateNumber + 1));
            onEof[s.stateNumber] = target;
        }
        return target;
    }
}
