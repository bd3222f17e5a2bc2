package dev.matdiff.syntax;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;

import java.util.ArrayList;

/**
 * The parse tree's node (the grammar's {@code contextSuperClass}): as ANTLR's, but a node's list of
 * children starts at two places, not ten. Most nodes are links of the precedence chain
 * (expr → term → unary → power → postfix → primary) with one child each, and allocating their
 * ten-place lists was a sixth of the time a small program took to parse.
 */
public class ParseContext extends ParserRuleContext {
    public ParseContext() {}

    public ParseContext(ParserRuleContext parent, int invokingStateNumber) { super(parent, invokingStateNumber); }

    @Override
    public <T extends ParseTree> T addAnyChild(T t) {
        if (children == null) children = new ArrayList<>(2);
        // past two, a node is a list (the program's statements, a chain's operands and operators, a call's arguments):
        // room for eight at once, rather than growing a place or two at a time
        else if (children.size() == 2) ((ArrayList<ParseTree>) children).ensureCapacity(8);
        children.add(t);
        return t;
    }
}
