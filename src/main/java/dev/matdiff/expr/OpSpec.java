package dev.matdiff.expr;

import dev.matdiff.linalg.ElementwiseKernel;
import dev.matdiff.linalg.MatrixKernel;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoublePredicate;
import java.util.function.DoubleUnaryOperator;

/**
 * Everything about one operation that is not the structure of a law: what it is called, how many
 * arguments it takes, its shape rule, how it prints, its flags, how it computes, and (by kind)
 * its derivative or its adjoint, and how generated code spells it. Each {@link Op} row builds one;
 * {@code OpRowTest} checks that every row has what its kind needs.
 */
public final class OpSpec {

    public enum Kind {
        /** Written with operator symbols; each stage handles them as structure (sums, products, transposes, powers). */
        OPERATOR,
        /** A function that reduces a matrix's entries: to a scalar, or to one number per row or column. */
        REDUCTION,
        /** A function of matrices to a matrix. */
        MATRIX_FUNCTION,
        /** A function applied entry by entry. */
        ELEMENTWISE,
        /** A constant whose shape is given (ones, eye). */
        CONSTANT
    }

    public enum Flag {
        /** Linear in each argument (multilinear for several): d op(A, B) = op(dA, B) + op(A, dB). */
        LINEAR,
        /** Symmetric whenever all its arguments are. */
        KEEPS_SYMMETRY,
        /** Symmetric whatever its arguments (diag of a vector, the identity). */
        SYMMETRIC,
        /** Finite whenever its arguments are: its result needs no NaN or infinity scan. */
        FINITE,
        /**
         * A NaN or an infinity in any argument leaves one in its result, at an entry it reaches (inf·0, inf − inf are
         * NaN), or the evaluation fails: an argument read only by such operations is scanned through their results.
         */
        CARRIES,
        /** As {@link #CARRIES}, for its first argument only (a/inf is 0). */
        CARRIES_FIRST,
        /** An odd element-wise function, f(−x) = −f(x) (sin, tanh, sign, …). */
        ODD,
        /** An even element-wise function, f(−x) = f(x) (cos, abs). */
        EVEN,
        /**
         * Not differentiable where an entry of its argument is 0 (relu, abs, sign, norm1): its
         * derivative there is a subgradient, which a finite difference across 0 cannot confirm.
         */
        KINK_AT_ZERO,
        /** Not differentiable where its whole argument is 0 (norm), smooth elsewhere. */
        KINK_AT_ORIGIN,
        /**
         * Above 0 everywhere as a real function (exp, σ, softmax, cosh, softplus): a factor a rewrite may divide by without
         * losing a point. In floating point exp and σ underflow to 0 far out (exp(-800)), where eval reports a division by 0.
         */
        POSITIVE
    }

    final Kind kind;
    final int arity;
    private List<String> names = List.of();
    private ShapeRule shape;
    private LatexForm latex = LatexForm.PRINTER;
    private final Set<Flag> flags = EnumSet.noneOf(Flag.class);
    private ElementwiseKernel elementwise;
    private MatrixKernel kernel;
    private Slope slope;
    private LinearAdjoint adjoint;
    private CodeForm code;
    /** For a function defined on part of its arguments' values (pow's base): what to say outside them. */
    private String partial;

    private OpSpec(Kind kind, int arity) {
        this.kind = kind;
        this.arity = arity;
    }

    // ---- the kinds of row

    /** An operator; {@code arity} exact, or -n for "at least n". */
    static OpSpec operator(int arity) { return new OpSpec(Kind.OPERATOR, arity); }

    static OpSpec reduction(String... names) { return new OpSpec(Kind.REDUCTION, 1).names(names); }

    static OpSpec function(int arity, String... names) { return new OpSpec(Kind.MATRIX_FUNCTION, arity).names(names); }

    /** An element-wise function: same shape as its argument, symmetric if it is, a call in LaTeX by default. */
    static OpSpec elementwise(String name, DoubleUnaryOperator f) {
        OpSpec s = new OpSpec(Kind.ELEMENTWISE, 1).names(name).shape(ShapeRules::same).flag(Flag.KEEPS_SYMMETRY)
                .latex(LatexForm.operator(name));
        s.elementwise = ElementwiseKernel.of(f);
        return s;
    }

    static OpSpec constant(String name) { return new OpSpec(Kind.CONSTANT, 0).names(name).shape(ShapeRules::given).flag(Flag.FINITE); }

    // ---- the pieces

    OpSpec names(String... names) { this.names = List.of(names); return this; }

    OpSpec shape(ShapeRule rule) { this.shape = rule; return this; }

    OpSpec latex(LatexForm form) { this.latex = form; return this; }

    OpSpec flag(Flag... fs) { flags.addAll(List.of(fs)); return this; }

    /** The entries an element-wise function is defined on, and what to say of one outside them. */
    OpSpec domain(DoublePredicate ok, String need) { elementwise = elementwise.on(ok, need); return this; }

    OpSpec kernel(MatrixKernel k) { this.kernel = k; return this; }

    /** A function (not element-wise) defined on part of its arguments' values, and what to say outside them. */
    OpSpec partial(String need) { this.partial = need; return this; }

    OpSpec slope(Slope s) { this.slope = s; return this; }

    OpSpec adjoint(LinearAdjoint a) { this.adjoint = a; return this; }

    /** How generated code spells it: NumPy, PyTorch and Java templates (see {@link CodeForm}). */
    OpSpec code(String numpy, String torch, String java) { return code(CodeForm.of(numpy, torch, java)); }

    OpSpec code(CodeForm form) { this.code = form; return this; }

    // ---- reading a row

    public Kind kind() { return kind; }

    /** The names the language calls it by, the printed one first; empty for an operator. */
    public List<String> names() { return names; }

    public ShapeRule shape() { return shape; }

    public LatexForm latex() { return latex; }

    public boolean has(Flag f) { return flags.contains(f); }

    public ElementwiseKernel elementwise() { return elementwise; }

    public MatrixKernel kernel() { return kernel; }

    /**
     * Whether some values of its arguments have no value of its own (log's 0, pow's negative base): the edge a finite
     * difference may cross.
     */
    public boolean bounded() { return partial != null || elementwise != null && elementwise.domain() != null; }

    /** What a function defined on part of its arguments' values says outside them, or null. */
    public String partial() { return partial; }

    public Slope slope() { return slope; }

    public LinearAdjoint adjoint() { return adjoint; }

    /** Its spellings in generated code; null for an operator, which each generator writes as structure. */
    public CodeForm code() { return code; }
}
