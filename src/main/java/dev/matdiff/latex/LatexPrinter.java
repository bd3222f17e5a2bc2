package dev.matdiff.latex;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Expr.Var;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Fraction;
import dev.matdiff.expr.LatexForm;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.Signs;
import dev.matdiff.expr.Term;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints an expression as math-mode LaTeX in the notation of Chen 2023, with parentheses only
 * where precedence needs them. Its structure mirrors {@link dev.matdiff.expr.TextPrinter}.
 *
 * <p>Notation: {@code X^{\top}}, {@code A^{-1}} (and {@code A^{-\top}} for the transposed inverse),
 * {@code \odot}, {@code \oslash}, {@code \otimes}, {@code A^{\circ p}} for the element-wise power of
 * a matrix, {@code \mathrm{d}X} for a differential, {@code \mathbf{1}_{n}} and {@code I_{n}} for the
 * constants, {@code \frac{A}{s}} for a division by a scalar, {@code s\,A} for a scaling
 * ({@code 2 A} for a number), juxtaposition for a matrix product. Names follow {@link LatexNames}.
 *
 * <p>Element-wise functions are written as ordinary function application, {@code \exp(h)},
 * {@code \sigma(h)}, {@code \operatorname{relu}(h)}: the language defines every such function
 * entry by entry, so the Hadamard-style {@code \exp\odot(h)} of Chen 2023 would add a symbol
 * without adding information, and it reads as a product with {@code \odot}.
 *
 * <p>Parentheses are {@code \left( … \right)} only when what they hold is tall (a fraction):
 * a {@code \left…\right} pair is an inner atom that TeX surrounds with thin spaces
 * ({@code Tr (A)}), and it cannot be split across lines.
 */
public final class LatexPrinter {

    // precedence levels, loosest first; SCRIPT is anything that ends in a superscript
    private static final int SUM = 1, PRODUCT = 2, UNARY = 3, PREFIX = 4, SCRIPT = 5, ATOM = 6;

    /** Marks a place a long line may break (before a + or - of a sum); stripped by {@link #print}. */
    static final char BREAK = '\u0001';
    /**
     * Marks a place a line may break when no sum's sign will do (after a function's opening parenthesis):
     * sin(sin(…)) three hundred deep is otherwise one line wider than TeX can measure.
     */
    static final char LAST_RESORT = '\u0002';

    /** The text without its marks. */
    static String unmarked(String s) { return s.replace(String.valueOf(BREAK), "").replace(String.valueOf(LAST_RESORT), ""); }

    private final StringBuilder out = new StringBuilder();
    /** Parts printed by a name (see {@link dev.matdiff.expr.Temporaries}); the root itself is printed whole. */
    private final Map<Expr, String> names;
    private final Expr root;
    /** Quotients written a / b rather than as fractions (whose \\left( … \\right) no line may break inside). */
    private final boolean inline;

    private LatexPrinter(Map<Expr, String> names, Expr root, boolean inline) {
        this.names = names;
        this.root = root;
        this.inline = inline;
    }

    public static String print(Expr e) { return print(e, Map.of()); }

    public static String print(Expr e, Map<Expr, String> names) {
        return unmarked(printBreakable(e, names));
    }

    /** The LaTeX with a {@link #BREAK} before every sign that joins the terms of a sum. */
    static String printBreakable(Expr e) { return printBreakable(e, Map.of()); }

    static String printBreakable(Expr e, Map<Expr, String> names) { return printBreakable(e, names, false); }

    /** @param inline quotients as a / b on the line, for an equation too long to break around fractions */
    static String printBreakable(Expr e, Map<Expr, String> names, boolean inline) {
        LatexPrinter p = new LatexPrinter(names, e, inline);
        p.emit(e);
        return p.out.toString();
    }

    /** Integers plain; others in their shortest decimal form, and very small or large ones as a·10^k. */
    public static String number(double v) {
        if (Double.isNaN(v)) return "\\mathrm{NaN}";
        if (Double.isInfinite(v)) return v > 0 ? "\\infty" : "-\\infty";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        dev.matdiff.expr.Fraction f = dev.matdiff.expr.Fraction.of(v);
        if (f != null) return (f.numerator() < 0 ? "-" : "") + "\\frac{" + Math.abs(f.numerator()) + "}{" + f.denominator() + "}";
        dev.matdiff.expr.DecimalForm d = dev.matdiff.expr.DecimalForm.ofConstant(v);
        if (d.exponent() == 0) return d.mantissa();
        String mantissa = d.mantissa(), power = "10^{" + d.exponent() + "}";
        return mantissa.equals("1") ? power : mantissa.equals("-1") ? "-" + power : mantissa + " \\cdot " + power;
    }

    /** A constant's size as its subscript: n for a column, m\\times n otherwise. */
    private String sizeOf(Shape shape) { return shape.isColumn() ? dim(shape.rows()) : dims(shape); }

    private int precedence(Expr e) {
        if (names.containsKey(e) && e != root) return ATOM;
        if (e instanceof Num n) {
            String s = number(n.value());
            return n.value() < 0 ? UNARY : s.contains("\\cdot") ? PRODUCT : s.contains("^") ? SCRIPT : ATOM;
        }
        if (!(e instanceof Node n) || Exprs.isZeros(n)) return ATOM;
        if (n.op().spec().latex().style() == LatexForm.Style.INFIX) return PRODUCT;
        return switch (n.op()) {
            case ADD -> SUM;
            case MATMUL, SCALE, HADAMARD, ELEMDIV, SUM_COLUMNS, SUM_ROWS -> PRODUCT;
            case NEG -> UNARY;
            case SUM -> Exprs.isSize(n) ? sizePrecedence(Exprs.sizeOf(n)) : ATOM;
            case DIFF -> PREFIX;
            case POWER, ELEMPOW, POW, TRANSPOSE, INV, SQNORM -> SCRIPT;
            // -\frac{n}{2 a} begins with its sign, as a negative number does
            case DIV -> leadingMinus(e) ? UNARY : ATOM;
            default -> ATOM;
        };
    }


    /** Printed with a leading minus sign; a part printed by its name has none. */
    private boolean leadingMinus(Expr e) { return !(names.containsKey(e) && e != root) && Signs.leadingMinus(e); }

    private void emit(Expr e) {
        String name = e == root ? null : names.get(e);
        if (name != null) { out.append(LatexNames.latex(name)); return; }
        if (e instanceof Var v) { out.append(LatexNames.latex(v.name())); return; }
        if (e instanceof Named n) { out.append(LatexNames.latex(n.name())); return; }
        if (e instanceof Num n) { out.append(number(n.value())); return; }
        Node n = (Node) e;
        List<Expr> a = n.args();
        LatexForm form = n.op().spec().latex();
        switch (form.style()) {
            case CALL -> { call(form.open(), a); return; }
            case ENCLOSE -> {
                out.append(form.open());
                emit(a.get(0));
                out.append(form.close());
                return;
            }
            case INFIX -> { binary(n, form.open()); return; }
            case PRINTER -> { }
        }
        switch (n.op()) {
            case ADD -> {
                emit(a.get(0));
                for (int i = 1; i < a.size(); i++) {
                    Expr t = a.get(i);
                    out.append(BREAK);
                    if (leadingMinus(t) && Exprs.is(t, Op.NEG)) {
                        out.append(" - ");
                        Expr positive = Exprs.arg(t, 0);
                        wrap(positive, precedence(positive) < PRODUCT);
                    } else {
                        // a term printed with its sign (-2 x, -\frac{1}{2a} ⊘ √v) is subtracted without it, a negated sum
                        // keeping its parentheses, -(A + B): no "+ -"
                        String written = capture(() -> emit(t));
                        if (written.startsWith("-")) out.append(" - ").append(written, 1, written.length());
                        else out.append(" + ").append(written);
                    }
                }
            }
            case NEG -> {
                out.append('-');
                Expr x = a.get(0);
                boolean plain = precedence(x) >= PREFIX
                        || (Exprs.is(x, Op.MATMUL) || Exprs.is(x, Op.SCALE)) && !leadingMinus(x);
                wrap(x, !plain);
            }
            case MATMUL -> {
                for (int i = 0; i < a.size(); i++) {
                    if (i > 0) out.append(LAST_RESORT).append(' ');  // a long chain may break between factors, before inside one
                    Expr f = a.get(i);
                    // (dA) C, as in Thm 2.1 (2): a differential followed by a factor is bracketed
                    boolean differential = Exprs.is(f, Op.DIFF) && i < a.size() - 1;
                    wrap(f, differential || needsOperandParens(f));
                }
            }
            case SCALE -> {
                if (Exprs.isZeros(n)) {  // zeros(m, n), not 0 times a matrix of ones
                    out.append("\\mathbf{0}_{").append(sizeOf(n.shape())).append('}');
                    return;
                }
                Expr s = a.get(0), x = a.get(1);
                dev.matdiff.expr.Fraction half = s instanceof Num c ? dev.matdiff.expr.Fraction.ofHalves(c.value()) : null;
                // a half as a textbook writes it, \frac{1}{2} A (the text's A/2); a scalar product such as x^T y is bracketed; 2 lambda is not
                if (half != null) out.append(half.numerator() < 0 ? "-" : "").append("\\frac{").append(Math.abs(half.numerator())).append("}{")
                        .append(half.denominator()).append('}');
                else wrap(s, precedence(s) < PRODUCT || precedence(s) == PRODUCT && !Exprs.is(s, Op.SCALE));
                String rest = capture(() -> {
                    if (Exprs.is(x, Op.MATMUL) && !leadingMinus(x)) emit(x);
                    else operand(x);
                });
                if (!(s instanceof Num)) out.append("\\,");
                else out.append(Character.isDigit(rest.charAt(0)) ? " \\cdot " : " ");
                out.append(rest);
            }
            case DIV -> {
                if (dev.matdiff.expr.Means.isMean(n)) {  // as the text printer writes it
                    out.append("\\operatorname{mean}(");
                    emit(Exprs.arg(a.get(0), 0));
                    out.append(dev.matdiff.expr.Means.axis(n)).append(')');
                    return;
                }
                if (inline) {
                    // a / b on the line, so that a long equation can still break inside it
                    wrap(a.get(0), precedence(a.get(0)) < PRODUCT);
                    out.append(" / ");
                    wrap(a.get(1), precedence(a.get(1)) < SCRIPT);
                    return;
                }
                if (numberedFraction(a.get(0), a.get(1))) return;
                out.append("\\frac{");
                emit(a.get(0));
                out.append("}{");
                emit(a.get(1));
                out.append('}');
            }
            case HADAMARD -> binary(n, " \\odot ");
            case ELEMDIV -> binary(n, " \\oslash ");
            case TRANSPOSE -> {
                Expr base = a.get(0);
                if (Exprs.is(base, Op.INV)) script(Exprs.arg(base, 0), "-\\top");
                else script(base, "\\top");
            }
            case INV -> {
                Expr base = a.get(0);
                if (Exprs.is(base, Op.TRANSPOSE)) script(Exprs.arg(base, 0), "-\\top");
                else script(base, "-1");
            }
            case POWER, ELEMPOW -> {
                String inverse = n.op() == Op.POWER && n.param() < 0 ? dev.matdiff.expr.NamedInverse.of(names, a.get(0)) : null;
                if (inverse != null) out.append(LatexNames.latex(inverse)).append("^{").append(number(-n.param())).append('}');
                else if (!halfPower(a.get(0), n.param()))
                    script(a.get(0), (n.op() == Op.POWER || a.get(0).shape().isScalar() ? "" : "\\circ ") + number(n.param()));
            }
            case POW -> {
                // u^{∘g}, the Hadamard power, as ELEMPOW's u^{∘2} (2^{∘x} too); a^{b} of scalars
                wrap(a.get(0), precedence(a.get(0)) < ATOM);
                out.append("^{").append(n.shape().isScalar() ? "" : "\\circ ");
                emit(a.get(1));
                out.append('}');
            }
            case LOGDET -> {
                out.append("\\log\\lvert ");
                call("\\det", a);
                out.append("\\rvert");
            }
            case NORM -> norm(a.get(0), a.get(0).shape().isColumn() ? "_2" : "_F");
            case SQNORM -> norm(a.get(0), (a.get(0).shape().isColumn() ? "_2" : "_F") + "^{2}");
            case NORM1 -> norm(a.get(0), "_1");
            case UNVEC -> call("\\operatorname{unvec}_{" + dims(n.shape()) + "}", a);
            case SUM -> {
                if (Exprs.isSize(n)) out.append(dim(Exprs.sizeOf(n)));  // every entry counted: mn for a ones(m, n), not m
                else call("\\operatorname{sum}", a);
            }
            case CONVMATRIX, IM2COL -> call("\\operatorname{" + n.op().functionName() + "}_{" + dims(a.get(1).shape()) + "}", a.subList(0, 1));
            case COMMUTATION -> out.append("K_{").append(dim(a.get(0).shape().rows())).append(',').append(dim(a.get(0).shape().cols())).append('}');
            case SUM_COLUMNS -> {
                out.append("\\mathbf{1}^{\\top} ");
                operand(a.get(0));
            }
            case SUM_ROWS -> {
                operand(a.get(0));
                out.append(" \\mathbf{1}");
            }
            case ONES -> out.append("\\mathbf{1}_{").append(sizeOf(n.shape())).append('}');
            case EYE -> out.append("I_{").append(dim(n.shape().rows())).append('}');
            case DIFF -> {
                out.append("\\mathrm{d}");
                Expr x = a.get(0);
                if (x instanceof Num) out.append(' ');
                // d(\frac{K Q^T}{\sqrt{d}}): a bare \mathrm{d}\frac{…}{…} reads as the numerator's differential (trial s69b)
                wrap(x, precedence(x) < ATOM || Exprs.is(x, Op.DIV));
            }
        }
    }

    private void call(String name, List<Expr> args) {
        out.append(name);
        parenthesised(() -> {
            // a line break inside (X) would leave the call's name and its bracket alone on a line
            Expr only = args.size() == 1 ? args.get(0) : null;
            if (Exprs.is(only, Op.DIFF)) only = Exprs.arg(only, 0);
            boolean atom = only != null && (!(only instanceof Node) || names.containsKey(only));
            if (!atom) out.append(LAST_RESORT);
            for (int i = 0; i < args.size(); i++) {
                if (i > 0) out.append(", ");
                emit(args.get(i));
            }
        });
    }

    private void norm(Expr x, String suffix) {
        out.append("\\lVert ");
        emit(x);
        out.append("\\rVert").append(suffix);
    }

    /**
     * A scalar root to a whole power k ≥ 3 as a textbook writes it: (v + ε)^{3/2} for √(v + ε)³, (v + ε)^{2} for its
     * fourth power (a square stays √(v + ε)², which the simplifier leaves only where it divides, and where a bare
     * v + ε would need brackets the fraction does not). Whether it applied.
     */
    private boolean halfPower(Expr base, double k) {
        if (!Exprs.is(base, Op.SQRT) || !base.shape().isScalar() || k < 3 || k != Math.rint(k) || k > 1e6) return false;
        long whole = (long) k;
        script(Exprs.arg(base, 0), whole % 2 == 0 ? Long.toString(whole / 2) : whole + "/2");
        return true;
    }

    /** base^{sup}: a base that is not an atom is bracketed, so no superscript is ever doubled. */
    private void script(Expr base, String sup) {
        wrap(base, precedence(base) < ATOM);
        out.append("^{").append(sup).append('}');
    }

    /** A left-associative binary product operator. */
    private void binary(Node n, String symbol) {
        Expr left = n.args().get(0), right = n.args().get(1);
        boolean mixed = precedence(left) == PRODUCT && ((Node) left).op() != n.op();
        wrap(left, precedence(left) < PRODUCT || mixed);
        // a long chain of ⊙ may break before a factor, rather than inside a short (1 − p)
        if (n.op() == Op.HADAMARD) out.append(LAST_RESORT);
        out.append(symbol);
        // ⊙ associates: p ⊙ (1 − p) ⊙ d, as the text printer writes it
        boolean associates = n.op() == Op.HADAMARD && Exprs.is(right, Op.HADAMARD) && precedence(right) == PRODUCT && !leadingMinus(right);
        if (associates) emit(right);
        else operand(right);
    }

    /**
     * A quotient whose numerator carries a sign or a fraction, as a textbook writes it: -\frac{n}{2 a}, not
     * \frac{-\frac{1}{2} n}{a} (trial s69b); the text printer's -n/(2*a). Whether it applied.
     */
    private boolean numberedFraction(Expr numerator, Expr denominator) {
        if (numerator instanceof Num) return false;
        Term top = Term.of(numerator);
        double c = Math.abs(top.coefficient());
        Fraction f = Fraction.printed(c);
        if (top.coefficient() > 0 && f == null) return false;
        if (top.coefficient() < 0) out.append('-');
        out.append("\\frac{");
        emit(f == null ? Exprs.scale(Exprs.num(c), top.base()) : Exprs.scale(Exprs.num(f.numerator()), top.base()));
        out.append("}{");
        emit(f == null ? denominator : Exprs.scale(Exprs.num(f.denominator()), denominator));
        out.append('}');
        return true;
    }

    /** An operand on the right of a product: parenthesised if it is itself a product or signed. */
    private void operand(Expr e) {
        wrap(e, needsOperandParens(e));
    }

    private boolean needsOperandParens(Expr e) {
        return precedence(e) <= PRODUCT || leadingMinus(e);
    }

    private void wrap(Expr e, boolean parens) {
        if (parens) parenthesised(() -> emit(e));
        else emit(e);
    }

    /**
     * ( … ), grown to \left( … \right) around a fraction; to \bigl( … \bigr) where the equation must break inside
     * them (inline: a number's \frac{1}{2} may stay), as no line may break inside \left … \right.
     */
    private void parenthesised(Runnable body) {
        String inner = capture(body);
        boolean tall = inner.contains("\\frac");
        String open = !tall ? "(" : inline ? "\\bigl(" : "\\left(", close = !tall ? ")" : inline ? "\\bigr)" : "\\right)";
        out.append(open).append(inner).append(close);
    }

    /** Runs body against an empty buffer and returns what it printed, leaving the buffer as it was. */
    private String capture(Runnable body) {
        int start = out.length();
        body.run();
        String s = out.substring(start);
        out.setLength(start);
        return s;
    }

    /** rows × cols, a computed size in brackets so that m - k + 1 × n is not misread. */
    private static String dims(Shape s) { return factor(dim(s.rows())) + "\\times " + factor(dim(s.cols())); }

    private static String factor(String dim) { return dim.contains("+") || dim.contains("-") ? "(" + dim + ")" : dim; }

    private static final Pattern REPEATED_FACTOR = Pattern.compile("\\b([A-Za-z_][A-Za-z0-9_]*)((?:\\*\\1\\b)+)");

    private static final Pattern DIM_SYMBOL = Pattern.compile("[A-Za-z_\\u0391-\\u03C9][A-Za-z0-9_\\u0391-\\u03C9]*");

    /** How tightly a size printed as its dimensions binds: n alone, m n a product, p - r + 1 a sum. */
    private static int sizePrecedence(Dim d) {
        if (!(d instanceof Dim.Poly p)) return ATOM;
        return p.terms().size() > 1 || p.terms().values().iterator().next() < 0 ? SUM : PRODUCT;
    }

    /** A dimension: a number, a symbol by the name rule, or a polynomial such as {@code p - r + 1}. */
    static String dim(Dim d) {
        // a factor met k times is a power: I_{n^2}, not I_{n n}
        String text = REPEATED_FACTOR.matcher(d.toString()).replaceAll(r -> r.group(1) + "^{" + r.group(2).split("\\*", -1).length + "}");
        Matcher m = DIM_SYMBOL.matcher(text.replace("*", " "));
        StringBuilder sb = new StringBuilder();
        while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement(LatexNames.latex(m.group())));
        m.appendTail(sb);
        return sb.toString().replace("?", "\\mathord{?}");
    }

}
