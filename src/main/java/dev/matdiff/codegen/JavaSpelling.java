package dev.matdiff.codegen;

import dev.matdiff.codegen.Term.Call;
import dev.matdiff.codegen.Term.Form;
import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.OpSpec;
import dev.matdiff.expr.Shape;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Values spelled in Java on Commons Math: a scalar is a {@code double} written with Java's
 * operators, everything else a {@code RealMatrix} written with its methods
 * ({@code a.multiply(b)}, {@code x.transpose()}) and the class's helpers ({@code hadamard}, an
 * element-wise function as {@code map(x, entry -> Math.exp(entry))}); a function's own spelling
 * comes from its row's template.
 */
final class JavaSpelling {

    static final int SUM = 1, PRODUCT = 2, UNARY = 3, ATOM = 5;

    /** The name of the lambda parameter of an element-wise map (reserved, so no symbol has it). */
    static final String ENTRY = "entry";

    record J(String text, int prec) {
        static J atom(String text) { return new J(text, ATOM); }

        String at(int min) { return prec >= min ? text : "(" + text + ")"; }

        /** -x, parenthesised so that a signed x never makes "--". */
        J negated() { return new J("-" + (prec > UNARY && !text.startsWith("-") ? text : "(" + text + ")"), UNARY); }
    }

    private final Map<Term, String> names;
    private final Function<Dim, String> sizes;
    private final Set<String> helpers;

    JavaSpelling(Map<Term, String> names, Function<Dim, String> sizes, Set<String> helpers) {
        this.names = names;
        this.sizes = sizes;
        this.helpers = helpers;
    }

    /** The value of t as its own assignment's right side. */
    J define(Term t) { return compute(t); }

    /** The value of t where another value reads it: its name if it has one. */
    J of(Term t) {
        String name = names.get(t);
        return name != null ? J.atom(name) : compute(t);
    }

    private String helper(String name) {
        helpers.add(name);
        return name;
    }

    private static boolean scalar(Term t) { return t.shape().isScalar(); }

    private J compute(Term t) {
        if (t instanceof Term.Arg a) return J.atom(names.get(a));
        if (t instanceof Term.Number n) return number(n.value());
        Call c = (Call) t;
        if (c.form() != null) return template(c);
        Term a = c.args().isEmpty() ? null : c.arg(0);
        return switch (c.op()) {
            case ADD -> scalar(c) ? scalarSum(c) : matrixSum(c);
            case NEG -> scalar(c) ? of(a).negated() : J.atom(of(a).at(ATOM) + ".scalarMultiply(-1)");
            case MATMUL -> product(a, c.arg(1));
            case SCALE -> scale(a, c.arg(1), c.shape());
            case DIV -> scalar(c) ? arithmetic(a, "/", c.arg(1)) : J.atom(of(a).at(ATOM) + ".scalarMultiply(1 / " + of(c.arg(1)).at(UNARY) + ")");
            case HADAMARD -> scalar(c) ? arithmetic(a, "*", c.arg(1)) : J.atom(helper("hadamard") + "(" + of(a).text() + ", " + of(c.arg(1)).text() + ")");
            case ELEMDIV -> scalar(c) ? arithmetic(a, "/", c.arg(1)) : J.atom(helper("elemDiv") + "(" + of(a).text() + ", " + of(c.arg(1)).text() + ")");
            case TRANSPOSE -> scalar(a) ? of(a) : J.atom(of(a).at(ATOM) + ".transpose()");
            case POWER -> J.atom(helper("matrixPower") + "(" + of(a).text() + ", " + (int) c.param() + ")");
            case SUM -> PythonSpelling.isOnes(a) ? count(a.shape()) : template(c);
            case ELEMPOW -> scalar(c) ? J.atom("Math.pow(" + of(a).text() + ", " + number(c.param()).text() + ")")
                    : J.atom(helper("elemPow") + "(" + of(a).text() + ", " + number(c.param()).text() + ")");
            case POW -> scalar(c) ? J.atom("Math.pow(" + of(a).text() + ", " + of(c.arg(1)).text() + ")") : template(c);
            default -> {
                if (c.code() == null) throw new IllegalStateException("no spelling for " + c.op());
                yield c.op().isElementwise() ? elementwise(c) : template(c);
            }
        };
    }

    static J number(double v) {
        if (Double.isNaN(v)) return J.atom("Double.NaN");
        if (Double.isInfinite(v)) return J.atom(v > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY");
        String s = Double.toString(v);
        return v < 0 || s.startsWith("-") ? new J(s, UNARY) : J.atom(s);
    }

    private J arithmetic(Term left, String op, Term right) {
        J l = of(left), r = of(right);
        return new J(l.at(PRODUCT) + " " + op + " " + r.at(UNARY), PRODUCT);
    }

    private J product(Term a, Term b) {
        if (scalar(a) && scalar(b)) return arithmetic(a, "*", b);
        if (scalar(a)) return J.atom(of(b).at(ATOM) + ".scalarMultiply(" + of(a).text() + ")");
        if (scalar(b)) return J.atom(of(a).at(ATOM) + ".scalarMultiply(" + of(b).text() + ")");
        if (a.shape().rows().isOne() && b.shape().isColumn()) {
            // a row times a column: the inner product, without transposing the row
            Term row = a instanceof Call c && c.is(Op.TRANSPOSE) && !names.containsKey(a) ? c.arg(0) : null;
            if (row != null) return J.atom(helper("inner") + "(" + of(row).text() + ", " + of(b).text() + ")");
            return J.atom(of(a).at(ATOM) + ".multiply(" + of(b).text() + ").getEntry(0, 0)");
        }
        return J.atom(of(a).at(ATOM) + ".multiply(" + of(b).text() + ")");
    }

    /** sum(ones(m, n)), a dimension in the program's arithmetic (L/N): the number of entries, as a double. */
    private J count(Shape s) {
        List<String> sizes = new ArrayList<>();
        for (Dim d : List.of(s.rows(), s.cols())) if (!d.isOne()) sizes.add(this.sizes.apply(d));
        if (sizes.isEmpty()) return number(1);
        return new J("(double) " + (sizes.size() == 1 ? sizes.get(0) : "(" + String.join(" * ", sizes) + ")"), UNARY);
    }

    private J scale(Term s, Term x, Shape shape) {
        if (scalar(x)) return arithmetic(s, "*", x);
        if (PythonSpelling.isOnes(x) && !names.containsKey(x))
            return J.atom(filled(shape, of(s).text()));
        return J.atom(of(x).at(ATOM) + ".scalarMultiply(" + of(s).text() + ")");
    }

    // ---- sums

    private Signed signed(Term t) { return Signed.of(t, names); }

    private J scalarSum(Call c) {
        if (c.args().size() > LONG_SUM) {
            // a + b + … nests as deep as the sum is long, and javac's parser recurses through the nesting (2,000 terms:
            // "The system is out of resources", a StackOverflowError): one call of the terms, as a long matrix sum is
            List<String> terms = new ArrayList<>();
            for (Term t : c.args()) {
                Signed s = signed(t);
                terms.add(s.minus() ? magnitude(s).negated().text() : magnitude(s).text());
            }
            return J.atom(helper("scalarSumOf") + "(" + String.join(", ", terms) + ")");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < c.args().size(); i++) {
            Signed s = signed(c.arg(i));
            J x = magnitude(s);
            if (i == 0) out.append(s.minus() ? x.negated().text() : x.text());
            else out.append(s.minus() ? " - " : " + ").append(x.at(PRODUCT));
        }
        return new J(out.toString(), SUM);
    }

    /** A scalar term without its sign: its base, times its coefficient. */
    private J magnitude(Signed s) {
        J base = of(s.base());
        return s.coefficient() == null ? base : new J(of(s.coefficient()).at(PRODUCT) + " * " + base.at(UNARY), PRODUCT);
    }

    /** Terms beyond which a sum is one call rather than a chain of them. */
    static final int LONG_SUM = 32;

    private J matrixSum(Call c) {
        List<Signed> terms = new ArrayList<>();
        for (Term t : c.args()) terms.add(signed(t));
        int start = -1;
        for (int i = 0; i < terms.size() && start < 0; i++) if (!terms.get(i).minus() && !PythonSpelling.isOnes(terms.get(i).base())) start = i;
        for (int i = 0; i < terms.size() && start < 0; i++) if (!PythonSpelling.isOnes(terms.get(i).base())) start = i;
        StringBuilder acc = new StringBuilder();
        List<String> fills = new ArrayList<>();
        if (start < 0) {
            // nothing but ones: a filled matrix
            for (Signed s : terms) fills.add((s.minus() ? "-" : "") + (s.coefficient() == null ? "1.0" : of(s.coefficient()).at(UNARY)));
            return J.atom(filled(c.shape(), String.join(" + ", fills)));
        }
        if (terms.size() > LONG_SUM) {
            // one call per term would nest as deep as the sum is long, and javac's parser recurses through the nesting
            List<String> matrices = new ArrayList<>();
            for (Signed s : terms) {
                String m = PythonSpelling.isOnes(s.base()) ? filled(c.shape(), s.coefficient() == null ? "1.0" : of(s.coefficient()).text()) : matrix(s);
                matrices.add(s.minus() ? m + ".scalarMultiply(-1)" : m);
            }
            return J.atom(helper("sumOf") + "(" + String.join(", ", matrices) + ")");
        }
        Signed first = terms.get(start);
        acc.append(matrix(first));
        if (first.minus()) acc.append(".scalarMultiply(-1)");
        for (int i = 0; i < terms.size(); i++) {
            if (i == start) continue;
            Signed s = terms.get(i);
            if (PythonSpelling.isOnes(s.base())) {
                String v = s.coefficient() == null ? "1.0" : of(s.coefficient()).text();
                acc.append(".scalarAdd(").append(s.minus() ? "-" + (s.coefficient() == null ? v : "(" + v + ")") : v).append(")");
            } else {
                acc.append(s.minus() ? ".subtract(" : ".add(").append(matrix(s)).append(")");
            }
        }
        return J.atom(acc.toString());
    }

    /** A matrix of the shape with every entry the value. */
    private String filled(Shape shape, String value) {
        return helper("filled") + "(" + sizes.apply(shape.rows()) + ", " + sizes.apply(shape.cols()) + ", " + value + ")";
    }

    /** A term's magnitude as a matrix: its base, scaled by its coefficient. */
    private String matrix(Signed s) {
        J base = of(s.base());
        return s.coefficient() == null ? base.text() : base.at(ATOM) + ".scalarMultiply(" + of(s.coefficient()).text() + ")";
    }

    // ---- functions

    private J elementwise(Call c) {
        String template = c.code().java();
        for (String h : Templates.helpers(template)) helper(h);
        Term a = c.arg(0);
        if (scalar(a)) {
            J x = of(a);
            return J.atom(Templates.fill(template, i -> new Templates.Arg(x.text(), x.prec() == ATOM), w -> { throw new IllegalArgumentException(w); }, h -> h));
        }
        String f = Templates.fill(template, i -> new Templates.Arg(ENTRY, true), w -> { throw new IllegalArgumentException(w); }, h -> h);
        return J.atom(helper("map") + "(" + of(a).text() + ", " + ENTRY + " -> " + f + ")");
    }

    private J template(Call c) {
        String template = c.code().java();
        for (String h : Templates.helpers(template)) helper(h);
        String filled = Templates.fill(template, i -> {
            Term a = c.arg(i);
            J x = of(a);
            return scalar(a) ? new Templates.Arg(helper("scalarMatrix") + "(" + x.text() + ")", true) : new Templates.Arg(x.text(), x.prec() == ATOM);
        }, w -> switch (w) {
            case "rows" -> sizes.apply(c.shape().rows());
            case "cols" -> sizes.apply(c.shape().cols());
            default -> throw new IllegalArgumentException("no size $" + w + " in a Java template");
        }, h -> h);
        if (!returnsDouble(c) && scalar(c)) filled = filled + ".getEntry(0, 0)";
        return J.atom(filled);
    }

    /** The reductions to one number per column or per row: their Java spellings give a matrix (1-by-1 for a vector). */
    static final Set<Op> PER_AXIS = EnumSet.of(Op.LOGSUMEXP, Op.SUM_COLUMNS, Op.SUM_ROWS);

    /** Whether a function's Java spelling gives a double: a reduction to a scalar, or the log-determinant. */
    static boolean returnsDouble(Call c) {
        if (c.form() != null) return c.form() == Form.LOG_DET;
        return c.op().kind() == OpSpec.Kind.REDUCTION && !PER_AXIS.contains(c.op());
    }
}
