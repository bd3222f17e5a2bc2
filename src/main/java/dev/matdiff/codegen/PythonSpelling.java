package dev.matdiff.codegen;

import dev.matdiff.codegen.Term.Call;
import dev.matdiff.expr.CodeForm;
import dev.matdiff.expr.Dim;
import dev.matdiff.expr.IdentityMaps;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.OpSpec;
import dev.matdiff.expr.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Values spelled in NumPy or PyTorch: operators as Python operators with the parentheses
 * precedence needs ({@code @}, {@code .T}, {@code **}), functions by their rows' templates, a
 * named value by its name. Scalars are numbers, vectors 1-D, matrices 2-D ({@link Repr}), so a
 * transposed vector is the vector, a column times a row is an outer product, and a sum broadcasts
 * a number, or a column or a row repeated by a product with ones, only where a term of the sum
 * has the full shape: exactly the program's meaning.
 */
final class PythonSpelling {

    /** Python's precedence levels, loosest first. */
    static final int SUM = 1, PRODUCT = 2, UNARY = 3, POWER = 4, ATOM = 5;

    /** Python text; {@code op} the operator of a product, so a mixed product is parenthesised for the reader. */
    record Py(String text, int prec, String op) {
        static Py atom(String text) { return new Py(text, ATOM, ""); }

        String at(int min) { return prec >= min ? text : "(" + text + ")"; }

        /** -x, parenthesised so that a signed x never makes "--". */
        Py negated() { return new Py("-" + (prec > UNARY && !text.startsWith("-") ? text : "(" + text + ")"), UNARY, ""); }
    }

    private final Language language;
    private final String lib;
    private final Map<Term, String> names;
    private final Sizes sizes;
    private final Set<String> helpers;
    private final Map<Term, Boolean> plain = IdentityMaps.map();

    /** How a dimension is spelled (by the emitter, which knows the identifiers). */
    interface Sizes {
        String of(Dim d);
    }

    PythonSpelling(Language language, Map<Term, String> names, Sizes sizes, Set<String> helpers) {
        this.language = language;
        this.lib = language == Language.TORCH ? "torch" : "np";
        this.names = names;
        this.sizes = sizes;
        this.helpers = helpers;
    }

    /** The value of t as its own assignment's right side: computed here, not read from its name. */
    Py define(Term t) { return compute(t); }

    /** The value of t where another value reads it: its name if it has one. */
    Py of(Term t) {
        String name = names.get(t);
        return name != null ? Py.atom(name) : compute(t);
    }

    private Py compute(Term t) {
        if (t instanceof Term.Arg a) return Py.atom(names.get(a));
        if (t instanceof Term.Number n) return number(n.value());
        Call c = (Call) t;
        if (c.form() != null) return template(c, c.code());
        return switch (c.op()) {
            case ADD -> sum(c);
            case NEG -> of(c.arg(0)).negated();
            case MATMUL -> product(c.arg(0), c.arg(1));
            case SCALE -> scale(c);
            case DIV -> binary(c.arg(0), "/", c.arg(1));
            case HADAMARD -> entrywise(c.arg(0), "*", c.arg(1));
            case ELEMDIV -> entrywise(c.arg(0), "/", c.arg(1));
            case TRANSPOSE -> Repr.of(c.arg(0).shape()) == Repr.MATRIX ? Py.atom(of(c.arg(0)).at(ATOM) + ".T") : of(c.arg(0));
            case POWER -> Py.atom(lib + ".linalg.matrix_power(" + of(c.arg(0)).text() + ", " + (int) c.param() + ")");
            case ELEMPOW -> power(c);
            case SUM -> isOnes(c.arg(0)) ? count(c.arg(0).shape()) : template(c, c.code());
            default -> {
                if (c.code() == null) throw new IllegalStateException("no spelling for " + c.op());
                yield template(c, c.code());
            }
        };
    }

    static Py number(double v) {
        if (Double.isNaN(v)) return Py.atom("float(\"nan\")");
        if (Double.isInfinite(v)) return v > 0 ? Py.atom("float(\"inf\")") : new Py("-float(\"inf\")", UNARY, "");
        String s = v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        return v < 0 ? new Py(s, UNARY, "") : Py.atom(s);
    }

    private Py binary(Term left, String op, Term right) { return binary(of(left), op, of(right)); }

    private static Py binary(Py l, String op, Py r) {
        String lt = l.prec > PRODUCT || l.prec == PRODUCT && l.op.equals(op) ? l.text : "(" + l.text + ")";
        return new Py(lt + " " + op + " " + r.at(UNARY), PRODUCT, op);
    }

    /**
     * An entry-wise product or quotient; a side that repeats a column or a row by a product with ones, u·1ᵀ or 1·vᵀ,
     * beside a matrix of its shape broadcasts (u[:, None] * A, A / v) rather than forming the outer product (trial s69b:
     * np.outer(c, np.ones((D,))) * X.T).
     */
    private Py entrywise(Term left, String op, Term right) {
        Shape s = left.shape();
        boolean matrix = !s.rows().isOne() && !s.cols().isOne();  // a 2-D result: u[:, None] is 2-D too
        Py l = matrix ? broadcast(left) : null, r = matrix ? broadcast(right) : null;
        // only beside a full matrix, which gives the result its shape: two broadcasts, (1aᵀ) ⊘ (1bᵀ), are spelled whole
        // (review s70r: a / b came out as one row)
        if ((l == null) == (r == null)) return binary(left, op, right);
        return binary(l == null ? of(left) : l, op, r == null ? of(right) : r);
    }

    /** A binary matrix product: an outer product for a column times a row, a scaling if a side is 1×1. */
    private Py product(Term a, Term b) {
        if (a.shape().isScalar() || b.shape().isScalar()) return binary(a, "*", b);
        if (a.shape().isColumn() && b.shape().rows().isOne())
            return Py.atom(lib + ".outer(" + of(a).text() + ", " + of(b).text() + ")");
        return binary(a, "@", b);
    }

    private Py scale(Call c) {
        Term s = c.arg(0), x = c.arg(1);
        if (isOnes(x) && !names.containsKey(x)) {
            // a float fill value: np.full(n, 0) would be an array of integers
            String v = s instanceof Term.Number n ? (Double.isFinite(n.value()) && n.value() == Math.rint(n.value()) ? number(n.value()).text() + ".0" : number(n.value()).text()) : null;
            if (v != null && language == Language.NUMPY) return Py.atom("np.full(" + shape(c.shape()) + ", " + v + ")");
            if (v != null) return Py.atom("torch.full(" + shape(c.shape()) + ", " + v + ", dtype=DTYPE, device=device)");
        }
        return binary(s, "*", x);
    }

    /** sum(ones(m, n)), a dimension in the program's arithmetic (L/N): the number of entries, as an int. */
    private Py count(Shape s) {
        List<String> sizes = new ArrayList<>();
        for (Dim d : List.of(s.rows(), s.cols())) if (!d.isOne()) sizes.add(Py.atom(this.sizes.of(d)).at(POWER));
        if (sizes.isEmpty()) return number(1);
        return sizes.size() == 1 ? Py.atom(sizes.get(0)) : new Py(String.join(" * ", sizes), PRODUCT, "*");
    }

    private Py power(Call c) {
        double p = c.param();
        Py x = of(c.arg(0));
        if (p == -1) return new Py("1 / " + x.at(UNARY), PRODUCT, "/");
        if (p == 0.5 && !(language == Language.TORCH && isPlainNumber(c.arg(0)))) return Py.atom(lib + ".sqrt(" + x.text() + ")");
        return new Py(x.at(ATOM) + " ** " + number(p).text(), POWER, "");
    }

    // ---- sums

    /** A term of a sum: its sign, its coefficient (null for 1) and what it multiplies. */
    private Signed signed(Term t) { return Signed.of(t, names); }

    private Py sum(Call c) {
        List<Signed> terms = new ArrayList<>();
        boolean full = false;
        for (Term t : c.args()) {
            Signed s = signed(t);
            terms.add(s);
            full |= !isOnes(s.base()) && broadcast(s.base()) == null;
        }
        // each term as it opens a sum and as it follows another
        List<String> first = new ArrayList<>(), next = new ArrayList<>();
        for (Signed s : terms) {
            Py magnitude = magnitude(s, full);
            first.add(s.minus() ? magnitude.negated().text() : magnitude.text());
            next.add((s.minus() ? " - " : " + ") + magnitude.at(PRODUCT));
        }
        // a + b + … nests as deep as the sum is long, and Python's compiler recurses through the nesting (trial s75c: 3,000
        // terms were a RecursionError on import): past SUM_GROUP terms, sums of groups in parentheses
        while (first.size() > SUM_GROUP) {
            List<String> groups = new ArrayList<>();
            for (int i = 0; i < first.size(); i += SUM_GROUP) {
                StringBuilder g = new StringBuilder("(").append(first.get(i));
                for (int j = i + 1; j < Math.min(first.size(), i + SUM_GROUP); j++) g.append(next.get(j));
                groups.add(g.append(")").toString());
            }
            first = groups;
            next = groups.stream().map(g -> " + " + g).toList();
        }
        StringBuilder out = new StringBuilder(first.get(0));
        for (int i = 1; i < first.size(); i++) out.append(next.get(i));
        return new Py(out.toString(), SUM, "");
    }

    /** Terms a sum is written with before they go in groups. */
    static final int SUM_GROUP = 100;

    private Py magnitude(Signed s, boolean full) {
        Py base;
        if (full && isOnes(s.base())) {
            if (s.coefficient() == null) return number(1);
            return of(s.coefficient());
        }
        Py broadcast = full ? broadcast(s.base()) : null;
        base = broadcast != null ? broadcast : of(s.base());
        if (s.coefficient() == null) return base;
        Py k = of(s.coefficient());
        return new Py(k.at(PRODUCT) + " * " + base.at(UNARY), PRODUCT, "*");
    }

    /**
     * A column or a row repeated by a product with ones ({@code mu*ones(N)'}, {@code ones(N)*b'})
     * as NumPy broadcasts it inside a sum: {@code mu[:, None]}, {@code b}; null for anything else. The row keeps its
     * own precedence: A - ones(n)*(u' + v') is {@code A - (u + v)}, not {@code A - u + v}.
     */
    private Py broadcast(Term t) {
        if (names.containsKey(t) || !(t instanceof Call c) || !c.is(Op.MATMUL)) return null;
        Term a = c.arg(0), b = c.arg(1);
        if (a.shape().isScalar() || b.shape().isScalar() || !a.shape().isColumn() || !b.shape().rows().isOne()) return null;
        if (isOnes(b) && !isOnes(a)) return Py.atom(of(a).at(ATOM) + "[:, None]");
        if (isOnes(a) && !isOnes(b)) return of(b);
        return null;
    }

    /** ones(m, n), or its transpose. */
    static boolean isOnes(Term t) {
        if (!(t instanceof Call c)) return false;
        return c.is(Op.ONES) || c.is(Op.TRANSPOSE) && c.arg(0) instanceof Call o && o.is(Op.ONES);
    }

    // ---- functions

    /**
     * Whether t is a plain Python number, not an array or a tensor: a constant, a count of entries
     * (sum(ones(N)) is N), or arithmetic of them. PyTorch's functions take only tensors.
     */
    boolean isPlainNumber(Term t) {
        if (t instanceof Term.Number) return true;
        if (!(t instanceof Call c) || !c.shape().isScalar()) return false;
        Boolean known = plain.get(c);
        if (known != null) return known;
        boolean is = c.is(Op.SUM) && isOnes(c.arg(0)) || c.op() != null && c.op().kind() == OpSpec.Kind.OPERATOR && c.args().stream().allMatch(this::isPlainNumber);
        plain.put(c, is);
        return is;
    }

    /** A number as a PyTorch tensor of the module's dtype. */
    static String tensor(String number) { return "torch.tensor(" + number + ", dtype=DTYPE, device=device)"; }

    private Py template(Call c, CodeForm form) {
        String text = language == Language.TORCH ? form.torch() : form.numpy();
        for (String h : Templates.helpers(text)) helpers.add(h);
        String filled = Templates.fill(text, i -> {
            Term a = c.arg(i);
            Py p = language == Language.TORCH && isPlainNumber(a) ? Py.atom(tensor(of(a).text())) : of(a);
            if (form.matrices()) return new Templates.Arg(matrix(p, a.shape()), true);
            return new Templates.Arg(p.text(), p.prec() == ATOM);
        }, word -> size(word, c.shape()), h -> "_" + h);
        return form.matrices() ? Py.atom(fromMatrix(filled, c.shape())) : Py.atom(filled);
    }

    /**
     * The shape of a value as NumPy and PyTorch write it, always a tuple: {@code (m, n)}, {@code (n,)},
     * {@code ()}. Never a bare int: torch.full takes only a tuple of sizes ({@code torch.full(n, 0.0)}
     * is a TypeError), and a tuple is right wherever a shape goes.
     */
    String shape(Shape s) {
        return switch (Repr.of(s)) {
            case MATRIX -> "(" + element(sizes.of(s.rows())) + ", " + element(sizes.of(s.cols())) + ")";
            case VECTOR -> "(" + element(sizes.of(s.isColumn() ? s.rows() : s.cols())) + ",)";
            case SCALAR -> "()";
        };
    }

    /** A size as an element of a tuple, where "(n * n)" needs no parentheses: "n * n". */
    static String element(String size) {
        if (!size.startsWith("(") || !size.endsWith(")")) return size;
        int depth = 0;
        for (int i = 0; i < size.length() - 1; i++) {
            depth += size.charAt(i) == '(' ? 1 : size.charAt(i) == ')' ? -1 : 0;
            if (depth == 0) return size;  // the first parenthesis closes before the end: "(a) * (b)"
        }
        return size.substring(1, size.length() - 1);
    }

    private String size(String word, Shape s) {
        return switch (word) {
            case "rows" -> sizes.of(s.rows());
            case "cols" -> sizes.of(s.cols());
            case "shape" -> shape(s);
            default -> throw new IllegalArgumentException("no size $" + word + " in a template");
        };
    }

    /** A value as a 2-D array. */
    private String matrix(Py p, Shape s) {
        return switch (Repr.of(s)) {
            case MATRIX -> p.text();
            case VECTOR -> p.at(ATOM) + (s.isColumn() ? "[:, None]" : "[None, :]");
            case SCALAR -> language == Language.TORCH ? "torch.reshape(" + p.text() + ", (1, 1))" : "np.full((1, 1), " + p.text() + ")";
        };
    }

    /** A 2-D array as a value of shape s. */
    private static String fromMatrix(String text, Shape s) {
        return switch (Repr.of(s)) {
            case MATRIX -> text;
            case VECTOR -> text + (s.isColumn() ? "[:, 0]" : "[0, :]");
            case SCALAR -> text + "[0, 0]";
        };
    }
}
