package dev.matdiff.shapes;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Shape;
import dev.matdiff.syntax.Syntax;
import dev.matdiff.syntax.Syntax.Term;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a shape error about operands as the user wrote them adds to its message: how to write a scalar that a sum
 * was meant to broadcast, or, in a one-line expression, that a name's kind came from its first letter and how to
 * declare it otherwise.
 */
final class OperandHints {
    private final Inference inference;
    /** Whether a name's kind is implied by its first letter (in -e), not declared. */
    private final Predicate<String> implied;
    /** A term as the user wrote it. */
    private final Function<Syntax, String> text;
    /** Where a name was declared, or null. */
    private final Function<String, dev.matdiff.source.Pos> declared;

    /** Whether a name is a constant declared without a kind (constant lambda), its kind from its first letter. */
    private final Predicate<String> kindlessConstant;

    OperandHints(Inference inference, Predicate<String> implied, Predicate<String> kindlessConstant, Function<Syntax, String> text,
                 Function<String, dev.matdiff.source.Pos> declared) {
        this.inference = inference;
        this.implied = implied;
        this.kindlessConstant = kindlessConstant;
        this.text = text;
        this.declared = declared;
    }

    /**
     * "X is declared at 1:8, w at 2:8": where two operands that are declared names got their sizes, so a
     * contradiction between written sizes names both places (the caret shows the use); null unless both
     * are (asked only where the contradiction has not named places of its own).
     */
    String ofDeclarations(List<? extends Term> written) {
        List<String> places = new java.util.ArrayList<>();
        for (Term t : written) {
            Term bare = t instanceof Syntax.Chain c && c.operands().size() == 1 ? c.operands().get(0) : t;  // a product's left side
            if (bare instanceof Syntax.Transpose tr) bare = tr.operand();
            if (!(bare instanceof Syntax.Name n) || implied.test(n.name())) continue;
            dev.matdiff.source.Pos p = declared.apply(n.name());
            if (p == null || p.line() < 1 || places.stream().anyMatch(q -> q.startsWith(n.name() + " "))) continue;  // x*x: one place
            places.add(places.isEmpty() ? n.name() + " is declared at " + p.lineColumn() : n.name() + " at " + p.lineColumn());
        }
        return places.size() < 2 ? null : String.join(", ", places);
    }

    /**
     * "a product of two columns: x'*y is their inner product, x*y' the outer one, x .* y entry by entry", where a product's
     * two sides are columns of more than one row (x*x for xᵀx or x.², the commonest slip with vectors); else null.
     */
    String ofTwoColumns(List<? extends Term> written, List<Expr> args) {
        if (written.size() != 2 || args.size() != 2) return null;
        for (Expr a : args) {
            Shape s = inference.resolve(a.shape());
            if (!s.isColumn() || s.isScalar()) return null;
        }
        // a length not known yet (-e's x*x) is one length only where both sides have that same unknown
        Dim left = inference.resolve(args.get(0).shape()).rows(), right = inference.resolve(args.get(1).shape()).rows();
        if ((left instanceof Dim.Unknown || right instanceof Dim.Unknown) && !left.equals(right)) return null;
        String x = operand(written.get(0)), y = operand(written.get(1));
        // a longer chain's left side is a product already: which product was meant is no longer a slip of one operator
        // (a sum's own products are inside it: (X*w - y)*(X*w - y) is the squared residual's slip)
        if (x.contains("*") && !sum(written.get(0)) || y.contains("*") && !sum(written.get(1))) return null;
        // columns of different lengths have only an outer product
        if (!inference.resolve(args.get(0).shape()).rows().equals(inference.resolve(args.get(1).shape()).rows()))
            return "a product of two columns: " + x + "*" + y + "' is their outer product";
        return "a product of two columns: " + x + "'*" + y + " is their inner product, " + x + "*" + y + "' the outer one, "
                + x + " .* " + y + " entry by entry";
    }

    /** Whether t is written as a sum, a − b + c. */
    private static boolean sum(Term t) {
        return t instanceof Syntax.Chain c && c.ops().stream().allMatch(op -> op.equals("+") || op.equals("-"));
    }

    /** An operand's text, bracketed unless it is a name or a call: x.^2' would read as x.^(2'). */
    private String operand(Term t) {
        String written = text.apply(t);
        return t instanceof Syntax.Name || t instanceof Syntax.Call ? written : "(" + written + ")";
    }

    /**
     * "the size 3 of x was inferred at 2:5": the other place of a contradiction, when an operand reads a variable declared
     * without sizes that an earlier use gave one (the operand's shape holds the number, no longer the unknown); or null.
     */
    String ofInferredSizes(List<Expr> args, dev.matdiff.source.Pos at) {
        for (Expr a : args)
            for (Expr.Var v : dev.matdiff.expr.Dag.variables(a))
                for (Dim d : List.of(v.shape().rows(), v.shape().cols())) {
                    dev.matdiff.source.Pos p = d instanceof Dim.Unknown ? inference.placeOf(d, at) : null;
                    if (p != null) return "the size " + inference.resolve(d) + " of " + v.name() + " was inferred at " + p.lineColumn();
                }
        return null;
    }

    /**
     * "+ and - do not broadcast a scalar: write 1 as ones(m)" where a sum has a scalar and a non-scalar operand
     * (1 + exp(x) is the commonest first error), or null. A name that is a scalar only by its first letter
     * in -e is left to {@link #ofImpliedKinds}, which says how to declare it.
     */
    String ofSum(List<? extends Term> written, List<Expr> args) {
        Shape wide = null;
        for (Expr a : args) {
            Shape s = inference.resolve(a.shape());
            if (!s.isScalar()) wide = s;
        }
        if (wide == null) return null;
        // a'*inv(X)*b is a matrix only because a and b are scalars by their first letters: ofImpliedKinds says so
        for (int i = 0; i < written.size() && i < args.size(); i++)
            if (!inference.resolve(args.get(i).shape()).isScalar() && impliedScalarFactor(written.get(i)) != null) return null;
        // lambda*sqnorm(w) is a vector by lambda's first letter: say so, not how to broadcast the other side
        for (Term t : written) {
            String name = impliedScalarLike(t);
            if (name != null) return kindHint(name, "scalar");
        }
        // constant C beside a scalar: a matrix only by its first letter, which the file never said
        for (int i = 0; i < written.size() && i < args.size(); i++)
            if (written.get(i) instanceof Syntax.Name n && kindlessConstant.test(n.name()) && !inference.resolve(args.get(i).shape()).isScalar())
                return kindHint(n.name(), "scalar");
        for (int i = 0; i < written.size() && i < args.size(); i++) {
            if (!inference.resolve(args.get(i).shape()).isScalar()) continue;
            boolean negated = written.get(i) instanceof Syntax.Unary u && u.op().equals("-");
            Term t = negated ? ((Syntax.Unary) written.get(i)).operand() : written.get(i);
            if (t instanceof Syntax.Name n && implied.test(n.name())) return null;
            String sign = negated ? "-" : "", ones = onesOf(wide), c = sign + text.apply(t);
            boolean bare = t instanceof Syntax.Number || t instanceof Syntax.Name || t instanceof Syntax.Call
                    || t instanceof Syntax.Chain ch && ch.ops().stream().allMatch("*"::equals);
            String as = t instanceof Syntax.Number num && num.value() == 1 ? sign + ones
                    : (bare ? c : sign + "(" + text.apply(t) + ")") + "*" + ones;
            return "+ and - do not broadcast a scalar: write " + c + " as " + as;
        }
        return ofColumnOrRow(written, args);
    }

    /**
     * "+ and - do not broadcast a column over columns: write b as b*ones(1, N)" where a sum adds a column (a bias) to a
     * matrix of as many rows (a batch), or a row to one of as many columns; else null.
     */
    private String ofColumnOrRow(List<? extends Term> written, List<Expr> args) {
        Shape wide = null;
        for (Expr a : args) {
            Shape s = inference.resolve(a.shape());
            if (!s.isColumn() && !s.rows().isOne()) wide = s;
        }
        if (wide == null) return null;
        for (int i = 0; i < written.size() && i < args.size(); i++) {
            Shape s = inference.resolve(args.get(i).shape());
            Term t = written.get(i);
            // a name, a call or a transpose needs no brackets before *ones
            boolean bare = t instanceof Syntax.Name || t instanceof Syntax.Call || !text.apply(t).matches(".*[-+*/ ].*");
            String b = bare ? text.apply(t) : "(" + text.apply(t) + ")";
            if (s.isColumn() && !s.isScalar() && s.rows().equals(wide.rows()) && !(wide.cols() instanceof Dim.Unknown))
                return "+ and - do not broadcast a column over columns: write " + text.apply(t) + " as " + b + "*ones(1, " + wide.cols() + ")";
            if (s.rows().isOne() && !s.isScalar() && s.cols().equals(wide.cols()) && !(wide.rows() instanceof Dim.Unknown))
                return "+ and - do not broadcast a row over rows: write " + text.apply(t) + " as ones(" + wide.rows() + ")*" + b;
        }
        return null;
    }

    /** ones(m) or ones(m, n) for a shape whose sides are known, else ones(…) with a word on the size. */
    private static String onesOf(Shape s) {
        boolean known = !(s.rows() instanceof Dim.Unknown) && !(s.cols() instanceof Dim.Unknown);
        if (!known) return "ones(…) of the other operand's size";
        return s.isColumn() ? "ones(" + s.rows() + ")" : "ones(" + s.rows() + ", " + s.cols() + ")";
    }

    /**
     * "b is a scalar here: in -e, names a–g are scalars; declare 'vector b' to change it", or null.
     * The likeliest culprit first: an implied scalar that is a factor of a product (b in x'*A*b,
     * meant as a vector, silently scales instead), then an operand that is an implied name itself,
     * declared as the other operand's kind.
     */
    String ofImpliedKinds(List<? extends Term> written, List<Expr> args) {
        for (int i = 0; i < written.size() && i < args.size(); i++) {
            // only where the product came out non-scalar: a scalar factor of a scalar product is not why
            if (inference.resolve(args.get(i).shape()).isScalar()) continue;
            String scalar = impliedScalarFactor(written.get(i));
            if (scalar != null) return kindHint(scalar, "vector");
        }
        // lambda*x fails because lambda is a vector by its first letter: say how to make it the scalar it reads as
        for (Term t : written) {
            String name = impliedScalarLike(t);
            if (name != null) return kindHint(name, "scalar");
        }
        // s*I fails because s is a vector by its first letter: a column on the left of a product is a scalar meant
        if (written.size() > 1 && written.get(0) instanceof Syntax.Name first && implied.test(first.name())
                && dev.matdiff.expr.VarKind.fromInitial(first.name()) == dev.matdiff.expr.VarKind.VECTOR
                && !inference.resolve(args.get(1).shape()).rows().isOne() && !inference.resolve(args.get(1).shape()).isColumn())
            return kindHint(first.name(), "scalar");
        for (int i = 0; i < written.size() && i < args.size(); i++) {
            if (!(written.get(i) instanceof Syntax.Name n) || !implied.test(n.name())) continue;
            dev.matdiff.expr.VarKind kind = dev.matdiff.expr.VarKind.fromInitial(n.name());
            String wanted = kind == dev.matdiff.expr.VarKind.SCALAR ? "vector" : kind == dev.matdiff.expr.VarKind.VECTOR ? "matrix" : "vector";
            for (int j = 0; j < args.size(); j++) {
                if (j == i) continue;
                Shape other = inference.resolve(args.get(j).shape());
                // beside a row no kind helps (a vector is a column): the size asked to be 1 is the cause (trial s76b)
                if (other.rows().isOne() && !other.isScalar()) return null;
                String k = other.isScalar() ? "scalar" : other.isColumn() ? "vector" : null;
                if (k != null && !k.equals(kind.keyword())) wanted = k;
            }
            return kindHint(n.name(), wanted);
        }
        return null;
    }

    /** An implied scalar name (a–g) that is a factor of a product in t, or null. */
    private String impliedScalarFactor(Term t) {
        if (t instanceof Syntax.Chain c && c.ops().stream().anyMatch(o -> o.equals("*") || o.equals(".*") || o.equals("kron")))
            for (Term o : c.operands()) {
                Term inner = o instanceof Syntax.Transpose tr ? tr.operand() : o;
                if (inner instanceof Syntax.Name n && implied.test(n.name())
                        && dev.matdiff.expr.VarKind.fromInitial(n.name()) == dev.matdiff.expr.VarKind.SCALAR) return n.name();
            }
        for (Term part : Syntax.parts(t)) {
            String deeper = impliedScalarFactor(part);
            if (deeper != null) return deeper;
        }
        return null;
    }

    /** A name in t made a vector by its first letter that a reader takes for a scalar (λ, lambda, n), or null. */
    String impliedScalarLike(Term t) {
        if (t instanceof Syntax.Name n) return implied.test(n.name()) && dev.matdiff.expr.VarKind.readAsScalar(n.name()) ? n.name() : null;
        for (Term part : Syntax.parts(t)) {
            String found = impliedScalarLike(part);
            if (found != null) return found;
        }
        return null;
    }

    String kindHint(String name, String wanted) { return dev.matdiff.expr.VarKind.impliedHint(name, wanted, kindlessConstant.test(name)); }
}
