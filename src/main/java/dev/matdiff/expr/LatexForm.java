package dev.matdiff.expr;

/**
 * How a function is typeset: a call {@code \exp(X)}, an argument enclosed {@code \sqrt{X}},
 * an infix operator {@code A \otimes B}, or written out by the LaTeX printer itself (the
 * operators, the inverse as a superscript, norms with their subscripts).
 */
public record LatexForm(Style style, String open, String close) {

    public enum Style { CALL, ENCLOSE, INFIX, PRINTER }

    public static LatexForm command(String command) { return new LatexForm(Style.CALL, command, ""); }

    /** {@code \operatorname{name}}, for a function LaTeX has no command for. */
    public static LatexForm operator(String name) { return command("\\operatorname{" + name + "}"); }

    public static LatexForm enclose(String open, String close) { return new LatexForm(Style.ENCLOSE, open, close); }

    public static LatexForm infix(String symbol) { return new LatexForm(Style.INFIX, symbol, ""); }

    public static final LatexForm PRINTER = new LatexForm(Style.PRINTER, "", "");
}
