package dev.matdiff.expr;

import dev.matdiff.expr.Expr.Named;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Expr.Var;

import java.util.List;
import java.util.Map;

import static dev.matdiff.expr.Exprs.isZeros;

/**
 * Prints an expression in the matdiff language, with parentheses only where precedence needs
 * them (and around mixed element-wise products, for the reader). The output parses back to an
 * equal expression.
 */
public final class TextPrinter {

    /** How differentials of variables look: {@code d(w)} parses back; {@code dw} is the textbook's. */
    public enum Differentials { CALL, COMPACT }

    // precedence levels, loosest first, as in LANGUAGE.md
    private static final int SUM = 1, PRODUCT = 2, UNARY = 3, POWER = 4, POSTFIX = 5, ATOM = 6;

    private final Differentials differentials;
    /** Parts printed by a name (see {@link Temporaries}); the root itself is printed whole, as a name's definition. */
    private final Map<Expr, String> names;
    private final Expr root;
    private final StringBuilder out = new StringBuilder();
    /** A sum's term or a function's argument being written, which may print a sign its tree does not lead with. */
    private Expr signFree;

    private TextPrinter(Differentials differentials, Map<Expr, String> names, Expr root) {
        this.differentials = differentials;
        this.names = names;
        this.root = root;
    }

    public static String print(Expr e) { return print(e, Differentials.CALL); }

    public static String print(Expr e, Differentials style) { return print(e, style, Map.of()); }

    /** e with the parts that {@code names} names printed by their names (e itself printed whole). */
    public static String print(Expr e, Differentials style, Map<Expr, String> names) {
        TextPrinter p = new TextPrinter(style, names, e);
        p.emit(e);
        return p.out.toString();
    }

    /** Integers plain; others in their shortest decimal form, and very small or large ones as 1e-5 or 2.5e20 (not Java's 1.0E-5). */
    public static String number(double v) { return number(v, false); }

    /** A constant as a formula writes it ({@link DecimalForm#ofConstant}: without a fold's binary rounding). */
    static String constant(double v) { return number(v, true); }

    private static String number(double v, boolean constant) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            // a whole number as written, unless it ends in five zeros or more from a million on: 2e8 (1e8 printed 100000000),
            // while 2500050000 keeps its digits
            String whole = Long.toString((long) v);
            java.math.BigDecimal d = new java.math.BigDecimal(whole).stripTrailingZeros();
            if (Math.abs(v) < 1e6 || -d.scale() < 5) return whole;
            int exponent = d.precision() - d.scale() - 1;
            return d.movePointLeft(exponent).toPlainString() + "e" + exponent;
        }
        if (!Double.isFinite(v)) return Double.toString(v);
        DecimalForm d = constant ? DecimalForm.ofConstant(v) : DecimalForm.of(v);
        return d.exponent() == 0 ? d.mantissa() : d.mantissa() + "e" + d.exponent();
    }

    /** A number as it stands in an expression: 4/3 as the quotient (trial s64a: 1.3333333333333333), as LaTeX's \\frac{4}{3} does. */
    static String numberOrQuotient(double v) {
        Fraction f = Fraction.of(v);
        return f == null ? constant(v) : f.numerator() + "/" + f.denominator();
    }

    /** An exponent: x.^(1/3) rather than x.^0.3333333333333333, as a quotient the power was written with or derived to. */
    static String exponent(double k) {
        Fraction f = Fraction.of(k);
        return f == null ? constant(k) : f.bracketed();
    }

    /** b^(sign·m) in powers of at most 256, by the digits of m in base 256: A^10000 is (A^256)^39*A^16. */
    private static String powers(String b, long m, int sign) {
        int most = Exprs.MAX_MATRIX_POWER;
        if (m == 1 && sign > 0) return b;
        if (m <= most) return b + "^" + sign * m;
        long q = m / most, r = m % most;
        String high = q == 1 ? b + "^" + sign * most : powers("(" + b + "^" + sign * most + ")", q, 1);
        return r == 0 ? high : high + "*" + powers(b, r, sign);
    }

    /** A matrix power printed as a product of powers the language reads. */
    private static boolean split(Node n) { return Math.abs(n.param()) > Exprs.MAX_MATRIX_POWER; }

    private int precedence(Expr e) {
        if (names.containsKey(e) && e != root) return ATOM;
        // a quotient binds as one: x/(4/3), (-2/3)*x
        if (e instanceof Num n) return Fraction.of(n.value()) != null ? PRODUCT : n.value() < 0 ? UNARY : ATOM;
        if (!(e instanceof Node n) || isZeros(n) || Means.isMean(n)) return ATOM;
        return switch (n.op()) {
            case ADD -> SUM;
            case MATMUL, SCALE, DIV, HADAMARD, ELEMDIV -> PRODUCT;
            case NEG -> UNARY;
            case POWER -> split(n) ? PRODUCT : POWER;
            case SUM -> dimensionProduct(n) ? PRODUCT : dimensionSum(n) ? SUM : ATOM;
            case ELEMPOW -> reciprocal(n) ? PRODUCT : POWER;
            case POW -> POWER;
            case TRANSPOSE -> POSTFIX;
            case ONES -> onesRow(n) ? POSTFIX : ATOM;
            default -> ATOM;
        };
    }


    /** Whether e prints as a product of matrices (not under a name). */
    private boolean chain(Expr e) { return Exprs.is(e, Op.MATMUL) && !(names.containsKey(e) && e != root); }

    /** Past this many characters a term's quotient coefficient is written in front, (1/4)*(…), not after it. */
    static final int LONG_OPERAND = 60;

    /** Printed with a leading minus sign; a part printed by its name has none. */
    private boolean leadingMinus(Expr e) { return !(names.containsKey(e) && e != root) && Signs.leadingMinus(e); }

    private void emit(Expr e) {
        // a sum's term or an argument may print a sign, itself only: not a part of it, nor where it is printed again
        boolean mayBeSigned = e == signFree;
        signFree = null;
        String name = e == root ? null : names.get(e);
        if (name != null) { out.append(name); return; }
        if (e instanceof Var v) { out.append(v.name()); return; }
        if (e instanceof Named n) { out.append(n.name()); return; }
        if (e instanceof Num n) { out.append(numberOrQuotient(n.value())); return; }
        Node n = (Node) e;
        List<Expr> a = n.args();
        if (quotient(n, mayBeSigned)) return;
        switch (n.op()) {
            case ADD -> {
                signFree = a.get(0);
                emit(a.get(0));
                for (int i = 1; i < a.size(); i++) {
                    Expr t = a.get(i);
                    if (leadingMinus(t) && Exprs.is(t, Op.NEG)) {
                        Expr positive = Exprs.arg(t, 0);
                        String inner = precedence(positive) < PRODUCT ? null : capture(() -> emit(positive));
                        // a − (−48·X/d) is a + 48·X/d, not a - -48*X/d
                        if (inner != null && inner.startsWith("-")) out.append(" + ").append(inner, 1, inner.length());
                        else if (inner != null) out.append(" - ").append(inner);
                        else {
                            out.append(" - ");
                            wrap(positive, true);
                        }
                    } else {
                        // a term printed with its sign (-2*x, a quotient -1 ./ (2*a*sqrt(v))) is subtracted without it,
                        // a negated sum keeping its parentheses, -(A + B): a - b, not a + -b
                        String written = capture(() -> { signFree = t; emit(t); });
                        if (written.startsWith("-")) out.append(" - ").append(written, 1, written.length());
                        else out.append(" + ").append(written);
                    }
                }
            }
            case NEG -> {
                out.append('-');
                Expr x = a.get(0);
                // -A/s, -x .* y and -1/x^2 as written: the minus binds to the left operand, and (−A)/s is −(A/s) (the factories)
                boolean plain = precedence(x) >= POWER
                        || (Exprs.is(x, Op.MATMUL) || Exprs.is(x, Op.SCALE)) && !leadingMinus(x)
                        || (Exprs.is(x, Op.DIV) || Exprs.is(x, Op.HADAMARD) || Exprs.is(x, Op.ELEMDIV)) && signable(Exprs.arg(x, 0))
                        || reciprocal(x);
                wrap(x, !plain);
            }
            case MATMUL -> {
                for (int i = 0; i < a.size(); i++) {
                    if (i > 0) out.append('*');
                    // a power printed as a product of powers is one more run of factors: matrix products associate
                    if (a.get(i) instanceof Node p && p.op() == Op.POWER && split(p) && precedence(p) == PRODUCT) emit(p);
                    else operand(a.get(i));
                }
            }
            case SCALE -> {
                if (isZeros(n)) { shaped("zeros", n.shape()); return; }
                Fraction f = a.get(0) instanceof Num c ? Fraction.printed(c.value()) : null;
                if (reciprocal(a.get(1)) && (!a.get(1).shape().isScalar() || a.get(0) instanceof Num)) {
                    // s ./ X.^k, c/x^k: how the quotient is written, and it parses back to this product
                    wrap(a.get(0), precedence(a.get(0)) < PRODUCT);
                    denominator((Node) a.get(1));
                    return;
                }
                if (f != null) {
                    // 1/3·A is written A/3, −2/3·A as -2*A/3, 0.5·A as A/2: it parses back to the same product
                    Expr x = a.get(1);
                    String operand = capture(() -> wrap(x, precedence(x) < PRODUCT || Exprs.is(x, Op.HADAMARD) || Exprs.is(x, Op.ELEMDIV) || leadingMinus(x)));
                    if (operand.length() > LONG_OPERAND) {
                        // a long term keeps its coefficient in front, where it is seen: (1/4)*(…)*(eye(n*n) + …)
                        out.append(f.numerator() < 0 ? "-" + new Fraction(-f.numerator(), f.denominator()).bracketed() : f.bracketed()).append('*');
                        wrap(x, precedence(x) < PRODUCT || leadingMinus(x));
                        return;
                    }
                    if (f.numerator() == -1) out.append('-');
                    else if (f.numerator() != 1) out.append(f.numerator()).append('*');
                    out.append(operand).append('/').append(f.denominator());
                    return;
                }
                // a half in a scalar before a matrix is the whole term's: -(nu + d)*P*x/2, not -(nu + d)/2*P*x
                Halved halved = Halved.of(n);
                if (halved != null && !(a.get(0) instanceof Num)) {
                    emit(new Node(Op.SCALE, List.of(Exprs.num((double) halved.half().numerator() / halved.half().denominator()), halved.rest()), 0, n.shape()));
                    return;
                }
                // a scalar that is a product of matrices is bracketed before a matrix or vector: (a'*X*b)*a*b', not
                // a'*X*b*a*b', which reads as one chain (and parses as one only by the shapes)
                Expr s = a.get(0);
                boolean beforeMatrix = !a.get(1).shape().isScalar();
                if (beforeMatrix && Exprs.is(s, Op.SCALE) && Exprs.arg(s, 0) instanceof Num c && chain(Exprs.arg(s, 1))) {
                    if (Fraction.of(c.value()) != null) {
                        // a quotient is the whole term's, as above: (a'*X*b)*a*b'/3, not 0.3333333333333333*(a'*X*b)*a*b'
                        emit(new Node(Op.SCALE, List.of(c, new Node(Op.SCALE, List.of(Exprs.arg(s, 1), a.get(1)), 0, n.shape())), 0, n.shape()));
                        return;
                    }
                    emit(c);  // its number first: 2*(a'*X*b)*a*b'
                    out.append('*');
                    s = Exprs.arg(s, 1);
                }
                wrap(s, precedence(s) < PRODUCT || beforeMatrix && chain(s));
                out.append('*');
                Expr x = a.get(1);
                if (Exprs.is(x, Op.MATMUL) && !leadingMinus(x)) emit(x);
                else operand(x);
            }
            case DIV -> {
                // a half over a divisor is one quotient: (A + A')*x/(2*sqrt(x'*A*x)), not (A + A')*x/2/sqrt(x'*A*x)
                Halved halved = Halved.of(a.get(0));
                if (halved != null && !leadingMinus(halved.rest())) {
                    long p = halved.half().numerator();
                    if (p < 0) out.append('-');
                    Expr top = Math.abs(p) == 1 ? halved.rest() : halved.rest() == Exprs.ONE ? Exprs.num(Math.abs(p))
                            : new Node(Op.SCALE, List.of(Exprs.num(Math.abs(p)), halved.rest()), 0, halved.rest().shape());
                    emit(new Node(Op.DIV, List.of(top, Exprs.scale(Exprs.num(halved.half().denominator()), a.get(1))), 0, n.shape()));
                    return;
                }
                // sum(x)/n is how mean(x) reads, and is written back so
                if (!Means.isMean(n)) { binary(n, "/"); return; }
                out.append("mean(");
                emit(Exprs.arg(a.get(0), 0));
                out.append(Means.axis(n)).append(')');
            }
            case HADAMARD -> binary(n, " .* ");
            case ELEMDIV -> binary(n, " ./ ");
            case TRANSPOSE -> { wrap(a.get(0), precedence(a.get(0)) < POSTFIX); out.append('\''); }
            case ELEMPOW -> {
                if (reciprocal(n)) {
                    out.append('1');
                    denominator(n);
                    return;
                }
                Expr base = a.get(0);
                wrap(base, precedence(base) < POSTFIX);
                out.append(base.shape().isScalar() ? "^" : ".^").append(exponent(n.param()));
            }
            case POW -> {
                // a^b of scalars; .^ where either side is a matrix (2.^A: a scalar's ^ takes a scalar exponent)
                Expr base = a.get(0), exponent = a.get(1);
                wrap(base, precedence(base) < POSTFIX);
                boolean scalar = base.shape().isScalar() && exponent.shape().isScalar();
                out.append(scalar ? "^" : ".^");
                // a^T would read back as a's transpose: a power by a symbol T is a^(T)
                wrap(exponent, precedence(exponent) < ATOM || scalar && namedT(exponent));
            }
            case POWER -> {
                Expr base = a.get(0);
                String inverse = n.param() < 0 ? NamedInverse.of(names, base) : null;
                if (inverse != null && !split(n)) {
                    out.append(inverse).append('^').append(number(-n.param()));
                    return;
                }
                if (!split(n)) {
                    wrap(base, precedence(base) < POSTFIX);
                    out.append('^').append(number(n.param()));
                    return;
                }
                // a merged run past the exponents the language reads prints in powers it reads: A^299 as A^256*A^43
                String b = capture(() -> wrap(base, precedence(base) < POSTFIX));
                out.append(powers(b, Math.abs((long) n.param()), n.param() < 0 ? -1 : 1));
            }
            case ONES -> {
                // a row of ones as the user writes it, x*ones(k)', not x*ones(1, k) (trial s70b)
                if (onesRow(n)) out.append("ones(").append(n.shape().cols()).append(")'");
                else shaped("ones", n.shape());
            }
            case SUM -> {
                // sum(ones(m, n)) is the size m*n, written as the dimensions it is made of (it was written m, its rows)
                Dim d = Exprs.isSize(n) ? Exprs.sizeOf(n) : null;
                if (d instanceof Dim.Sym || d instanceof Dim.Poly) out.append(d);
                else call("sum", a);
            }
            case COMMUTATION, CONVMATRIX, IM2COL -> {
                // the last argument is a ones(m, n) that carries the shape: written as its dimensions
                out.append(n.op().functionName()).append('(');
                if (a.size() == 2) { emit(a.get(0)); out.append(", "); }
                Shape of = a.get(a.size() - 1).shape();
                out.append(of.rows()).append(", ").append(of.cols()).append(')');
            }
            case SUM_COLUMNS, SUM_ROWS -> {
                call("sum", a);
                out.setLength(out.length() - 1);
                out.append(n.op() == Op.SUM_COLUMNS ? ", 1)" : ", 2)");
            }
            case EYE -> out.append("eye(").append(n.shape().rows()).append(')');
            case UNVEC -> {
                out.append("unvec(");
                emit(a.get(0));
                out.append(", ").append(n.shape().rows()).append(", ").append(n.shape().cols()).append(')');
            }
            case DIFF -> {
                // dW2 and dh2 alike: a differential of a symbol, variable or intermediate, is written as the textbooks write it
                if (differentials == Differentials.COMPACT && a.get(0) instanceof Var v) out.append('d').append(v.name());
                else if (differentials == Differentials.COMPACT && a.get(0) instanceof Named h) out.append('d').append(h.name());
                else call("d", a);
            }
            default -> call(n.op().functionName(), a);
        }
    }

    /**
     * A reciprocal among scalar factors written as one quotient, 1 ./ (2*a*sqrt(v)) and -1/(4*a*sqrt(x)) (see
     * {@link ReciprocalQuotient}); false where n is none, or where a sign would print where no one expects it (an
     * operand whose tree leads with none is bracketed by that; the root and a sum's terms may print one).
     */
    private boolean quotient(Node n, boolean mayBeSigned) {
        if (n.op() != Op.NEG && n.op() != Op.SCALE && n.op() != Op.DIV && n.op() != Op.ELEMDIV) return false;
        ReciprocalQuotient q = ReciprocalQuotient.of(n, e -> names.containsKey(e) && e != root);
        if (q == null || q.p() > 0 && leadingMinus(n) || q.p() < 0 && !leadingMinus(n) && n != root && !mayBeSigned) return false;
        out.append(q.written(n.shape().isScalar(), f -> capture(() -> wrap(f, precedence(f) < POWER))));
        return true;
    }

    private static boolean onesRow(Node n) { return n.shape().rows().isOne() && !n.shape().cols().isOne(); }

    /** ones(n), zeros(m, n): a constant by its shape. */
    private void shaped(String name, Shape s) {
        out.append(name).append('(').append(s.rows());
        if (!s.isColumn()) out.append(", ").append(s.cols());
        out.append(')');
    }

    /** A size that is a product of dimensions, m*n or 2*n, printed as that product (so with a product's precedence). */
    private static boolean dimensionProduct(Node n) {
        return Exprs.isSize(n) && Exprs.sizeOf(n) instanceof Dim.Poly p && p.terms().size() == 1
                && p.terms().values().iterator().next() > 0;
    }

    /** A size that is a sum of dimensions, conv's p - r + 1, printed as that sum (bracketed as one: a/(p - r + 1)), as LaTeX prints it. */
    private static boolean dimensionSum(Node n) {
        return Exprs.isSize(n) && Exprs.sizeOf(n) instanceof Dim.Poly && !dimensionProduct(n);
    }

    /** A numerator that a minus sign in front reads back as negated: not a number, nor a number times something (-2*x is (−2)·x). */
    private boolean signable(Expr numerator) {
        return !(numerator instanceof Num) && !leadingMinus(numerator)
                && !(Exprs.is(numerator, Op.SCALE) && Exprs.arg(numerator, 0) instanceof Num) && !isZeros(numerator);
    }

    /** An exponent that prints as T (a symbol, a definition, a size), which after ^ would read as the transpose. */
    private static boolean namedT(Expr e) {
        return (e instanceof Expr.Var || e instanceof Expr.Named || Exprs.isSize(e)) && print(e).equals("T");
    }

    /** x.^-k, printed as a quotient 1 ./ x.^k (a number to a negative power stays 2^-1: 1/2 is a quotient of numbers). */
    private static boolean reciprocal(Expr e) {
        return Exprs.is(e, Op.ELEMPOW) && ((Node) e).param() < 0 && !(((Node) e).arg(0) instanceof Num);
    }

    /** "/x^k" or " ./ X.^k" for x.^-k: the divisor of a reciprocal. */
    private void denominator(Node power) {
        Expr base = power.arg(0);
        double k = -power.param();
        out.append(base.shape().isScalar() ? "/" : " ./ ");
        if (k == 1) operand(base);
        else {
            wrap(base, precedence(base) < POSTFIX);
            out.append(base.shape().isScalar() ? "^" : ".^").append(exponent(k));
        }
    }

    private void call(String name, List<Expr> args) {
        out.append(name).append('(');
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) out.append(", ");
            signFree = args.get(i);
            emit(args.get(i));
        }
        out.append(')');
    }

    /** A left-associative binary product operator. */
    private void binary(Node n, String symbol) {
        Expr left = n.args().get(0), right = n.args().get(1);
        boolean mixed = precedence(left) == PRODUCT && ((Node) left).op() != n.op()
                && !(n.op() == Op.DIV && (Exprs.is(left, Op.MATMUL) || Exprs.is(left, Op.SCALE)));
        wrap(left, precedence(left) < PRODUCT || mixed);
        out.append(symbol);
        // .* associates: p .* (1 - p) .* d, not p .* ((1 - p) .* d) (trial s70b)
        boolean associates = n.op() == Op.HADAMARD && Exprs.is(right, Op.HADAMARD) && precedence(right) == PRODUCT && !leadingMinus(right);
        if (associates) emit(right);
        else operand(right);
    }

    /** An operand on the right of a product: parenthesised if it is itself a product or signed. */
    private void operand(Expr e) {
        wrap(e, precedence(e) <= PRODUCT || leadingMinus(e));
    }

    /** Runs body against an empty buffer and returns what it printed, leaving the buffer as it was. */
    private String capture(Runnable body) {
        int start = out.length();
        body.run();
        String s = out.substring(start);
        out.setLength(start);
        return s;
    }

    private void wrap(Expr e, boolean parens) {
        if (parens) out.append('(');
        emit(e);
        if (parens) out.append(')');
    }

}
