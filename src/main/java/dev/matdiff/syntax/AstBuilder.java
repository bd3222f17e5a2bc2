package dev.matdiff.syntax;

import dev.matdiff.expr.VarKind;
import dev.matdiff.source.MatDiffException;
import dev.matdiff.source.Pos;
import dev.matdiff.syntax.Syntax.Term;
import dev.matdiff.syntax.generated.MatDiffLexer;
import dev.matdiff.syntax.generated.MatDiffParser;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Parse tree to syntax records. Every grammar rule is handled here; anything else fails loudly. */
final class AstBuilder {

    List<Syntax.Statement> statements(MatDiffParser.ProgramContext program) {
        List<Syntax.Statement> out = new ArrayList<>();
        for (ParseTree c : program.children) if (c instanceof MatDiffParser.StatementContext s) out.add(statement(s));
        return out;
    }

    private Syntax.Statement statement(MatDiffParser.StatementContext s) {
        if (s instanceof MatDiffParser.DeclarationContext d) return declaration(d);
        if (s instanceof MatDiffParser.ConstantDeclarationContext d)
            return new Syntax.Declaration(d.kind() == null ? null : kind(d.kind()), items(d.declItem(), item -> true), false, pos(d));
        if (s instanceof MatDiffParser.DefinitionContext d)
            return new Syntax.Definition(d.getStart().getText(), expr(d.expr()), pos(d.getStart()));  // ID = expr
        if (s instanceof MatDiffParser.AssumptionContext a)
            return new Syntax.Assumption(expr(a.expr(0)), expr(a.expr(1)), pos(a));
        if (s instanceof MatDiffParser.BareExpressionContext b)
            return new Syntax.Bare(expr(b.expr()), pos(b));
        throw new IllegalStateException("unhandled statement " + s.getClass().getSimpleName());
    }

    /**
     * {@code matrix A(n, n), B(n, n) constant} makes every name constant, as the suffix form says; {@code constant} after
     * a name before the last says it name by name ({@code matrix A(m, n) constant, B(n, k)}: A only; trial s74a wrote
     * {@code A(m, n) constant, B(n, k), C(k, m) constant} for A and C).
     */
    private Syntax.Declaration declaration(MatDiffParser.DeclarationContext d) {
        List<MatDiffParser.DeclItemContext> items = d.declItem();
        int last = items.size() - 1;
        boolean byName = false;
        for (int i = 0; i < last; i++) byName |= markedConstant(items.get(i));
        boolean trailing = !byName && markedConstant(items.get(last));
        return new Syntax.Declaration(kind(d.kind()), items(items, item -> trailing || markedConstant(item)), trailing && last > 0, pos(d));
    }

    /**
     * declItem : ID (LPAREN dim (COMMA dim)? RPAREN)? CONSTANT? — the keyword, when written, is the item's last token
     * (item.CONSTANT() searched the children for it, several times an item).
     */
    private static boolean markedConstant(MatDiffParser.DeclItemContext item) {
        return item.getStop().getType() == MatDiffLexer.CONSTANT;
    }

    private static VarKind kind(MatDiffParser.KindContext k) {
        // by the keyword's token, not its text: a rule's getText concatenates its children's
        return switch (k.getStart().getType()) {
            case MatDiffLexer.MATRIX -> VarKind.MATRIX;
            case MatDiffLexer.VECTOR -> VarKind.VECTOR;
            case MatDiffLexer.SCALAR -> VarKind.SCALAR;
            case MatDiffLexer.SYMMETRIC -> VarKind.SYMMETRIC;
            default -> throw new IllegalStateException("unhandled kind " + k.getText());
        };
    }

    private List<Syntax.Item> items(List<MatDiffParser.DeclItemContext> items, Predicate<MatDiffParser.DeclItemContext> constant) {
        List<Syntax.Item> out = new ArrayList<>();
        for (MatDiffParser.DeclItemContext item : items) {
            List<Term> dims = new ArrayList<>();
            for (ParseTree c : item.children) if (c instanceof MatDiffParser.DimContext d) dims.add(expr((MatDiffParser.ExprContext) d.getChild(0)));
            out.add(new Syntax.Item(item.getStart().getText(), dims, constant.test(item), pos(item.getStart())));  // the item's name is its first token
        }
        return out;
    }

    /*
     * The chains below read a node's children in one pass rather than through the generated accessors (e.term(),
     * e.addOp()), each of which makes a list of its own; and most chains are one operand, a link of the precedence
     * chain from expr down to primary, read without any list.
     */

    Term expr(MatDiffParser.ExprContext e) {
        if (e.getChildCount() == 1) return term((MatDiffParser.TermContext) e.getChild(0));
        List<Term> operands = new ArrayList<>();
        List<Token> ops = new ArrayList<>();
        for (ParseTree c : e.children) {
            if (c instanceof MatDiffParser.TermContext t) operands.add(term(t));
            else if (c instanceof MatDiffParser.AddOpContext op) ops.add(op.getStart());
        }
        return chain(operands, ops, e);
    }

    private Term term(MatDiffParser.TermContext t) {
        if (t.getChildCount() == 1) return unary((MatDiffParser.UnaryContext) t.getChild(0));
        List<Term> operands = new ArrayList<>();
        List<Token> ops = new ArrayList<>();
        for (ParseTree c : t.children) {
            if (c instanceof MatDiffParser.UnaryContext u) operands.add(unary(u));
            else if (c instanceof MatDiffParser.MulOpContext op) ops.add(op.getStart());
        }
        return chain(operands, ops, t);
    }

    private static Term chain(List<Term> operands, List<Token> ops, ParserRuleContext ctx) {
        if (operands.size() == 1) return operands.get(0);
        List<String> names = new ArrayList<>();
        List<Pos> positions = new ArrayList<>();
        for (Token op : ops) {
            names.add(operator(op));
            positions.add(pos(op));
        }
        return new Syntax.Chain(operands, names, positions, pos(ctx));
    }

    /** Unicode aliases to one spelling each. */
    private static String operator(Token op) {
        return switch (op.getType()) {
            case dev.matdiff.syntax.generated.MatDiffLexer.STAR -> "*";
            case dev.matdiff.syntax.generated.MatDiffLexer.DOT_STAR -> ".*";
            case dev.matdiff.syntax.generated.MatDiffLexer.DOT_SLASH -> "./";
            case dev.matdiff.syntax.generated.MatDiffLexer.SLASH -> "/";
            case dev.matdiff.syntax.generated.MatDiffLexer.KRON -> "kron";
            case dev.matdiff.syntax.generated.MatDiffLexer.PLUS -> "+";
            case dev.matdiff.syntax.generated.MatDiffLexer.MINUS -> "-";
            default -> throw new IllegalStateException("unhandled operator " + op.getText());
        };
    }

    // unary : (MINUS | PLUS) unary | power ;  power : postfix (powOp signedPower)? ;  signedPower : (MINUS | PLUS)? power
    // read by the children's places, as the chains above

    private Term unary(MatDiffParser.UnaryContext u) {
        if (u.getChildCount() == 1) return power((MatDiffParser.PowerContext) u.getChild(0));
        // iterative over chains of signs: "- - - x" must not recurse once per sign
        List<MatDiffParser.UnaryContext> signs = new ArrayList<>();
        while (u.getChildCount() == 2) {
            signs.add(u);
            u = (MatDiffParser.UnaryContext) u.getChild(1);
        }
        Term t = power((MatDiffParser.PowerContext) u.getChild(0));
        for (int i = signs.size() - 1; i >= 0; i--) {
            MatDiffParser.UnaryContext s = signs.get(i);
            t = new Syntax.Unary(operator(s.getStart()), t, pos(s));
        }
        return t;
    }

    private Term power(MatDiffParser.PowerContext p) {
        Term base = postfix((MatDiffParser.PostfixContext) p.getChild(0));
        if (p.getChildCount() == 1) return base;
        Token op = ((MatDiffParser.PowOpContext) p.getChild(1)).getStart();
        MatDiffParser.SignedPowerContext sp = (MatDiffParser.SignedPowerContext) p.getChild(2);
        Term exponent = power((MatDiffParser.PowerContext) sp.getChild(sp.getChildCount() - 1));
        if (sp.getChildCount() == 2)
            exponent = new Syntax.Unary(sp.getStart().getType() == MatDiffLexer.MINUS ? "-" : "+", exponent, pos(sp));
        return new Syntax.Power(base, op.getText(), exponent, pos(p));
    }

    private Term postfix(MatDiffParser.PostfixContext p) {
        Term t = primary((MatDiffParser.PrimaryContext) p.getChild(0));  // primary transposeOp*
        for (int i = 1; i < p.getChildCount(); i++) {
            Token op = ((MatDiffParser.TransposeOpContext) p.getChild(i)).getStart();
            t = new Syntax.Transpose(t, pos(p.getStart()).to(pos(op)), op.getType() == MatDiffLexer.CARET_T ? pos(op) : null);
        }
        return t;
    }

    private Term primary(MatDiffParser.PrimaryContext p) {
        // a number, a name or a call's function is the alternative's first token
        if (p instanceof MatDiffParser.NumberContext n) return new Syntax.Number(number(n.getStart()), pos(n));
        if (p instanceof MatDiffParser.NameContext n) return new Syntax.Name(n.getStart().getText(), pos(n));
        if (p instanceof MatDiffParser.ParensContext n) return expr((MatDiffParser.ExprContext) n.getChild(1));  // ( expr )
        if (p instanceof MatDiffParser.CallContext c) {
            List<Term> args = new ArrayList<>();
            for (ParseTree a : c.children) if (a instanceof MatDiffParser.ExprContext e) args.add(expr(e));
            return new Syntax.Call(c.getStart().getText(), args, pos(c));
        }
        if (p instanceof MatDiffParser.ConstantCallContext c)
            return new Syntax.Call(c.getStart().getText(), List.of(expr((MatDiffParser.ExprContext) c.getChild(2))), pos(c));  // vector ( expr )
        throw new IllegalStateException("unhandled primary " + p.getClass().getSimpleName());
    }

    private static double number(Token t) {
        try {
            double v = Double.parseDouble(t.getText());
            if (Double.isInfinite(v)) throw new MatDiffException("number too large for a double (at most 1.8e308): " + shown(t), pos(t));
            // a written non-zero that reads as 0 (1e-400) would silently drop its term
            if (v == 0 && t.getText().matches("(?i)[0-9.]*[1-9][0-9.]*(e.*)?"))
                throw new MatDiffException("number too small for a double (at least 4.9e-324): " + shown(t) + " would read as 0", pos(t));
            return v;
        } catch (NumberFormatException e) {
            throw new MatDiffException("not a number: " + shown(t), pos(t));
        }
    }

    /** A literal as a message quotes it: a 5,000-digit one by its ends. */
    private static String shown(Token t) {
        String s = t.getText();
        return s.length() <= 40 ? s : dev.matdiff.source.Excerpt.byEnds(s);
    }

    private static Pos pos(Token t) { return Parser.pos(t); }

    private static Pos pos(ParserRuleContext ctx) {
        Token start = ctx.getStart(), stop = ctx.getStop() == null ? start : ctx.getStop();
        return new Pos(start.getLine(), start.getCharPositionInLine(), start.getStartIndex(), Math.max(start.getStopIndex(), stop.getStopIndex()));
    }

    @SuppressWarnings("unused")
    private static Pos pos(TerminalNode n) { return pos(n.getSymbol()); }
}
