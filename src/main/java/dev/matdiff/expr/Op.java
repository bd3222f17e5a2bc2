package dev.matdiff.expr;

import dev.matdiff.linalg.Kernels;
import dev.matdiff.linalg.LinearMaps;
import dev.matdiff.linalg.Matrices;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static dev.matdiff.expr.Exprs.*;
import static dev.matdiff.expr.LatexForm.command;
import static dev.matdiff.expr.LatexForm.enclose;
import static dev.matdiff.expr.LatexForm.operator;
import static dev.matdiff.expr.OpSpec.Flag.CARRIES;
import static dev.matdiff.expr.OpSpec.Flag.CARRIES_FIRST;
import static dev.matdiff.expr.OpSpec.Flag.EVEN;
import static dev.matdiff.expr.OpSpec.Flag.FINITE;
import static dev.matdiff.expr.OpSpec.Flag.KINK_AT_ORIGIN;
import static dev.matdiff.expr.OpSpec.Flag.KINK_AT_ZERO;
import static dev.matdiff.expr.OpSpec.Flag.ODD;
import static dev.matdiff.expr.OpSpec.Flag.POSITIVE;
import static dev.matdiff.expr.OpSpec.Flag.KEEPS_SYMMETRY;
import static dev.matdiff.expr.OpSpec.Flag.LINEAR;
import static dev.matdiff.expr.OpSpec.Flag.SYMMETRIC;
import static dev.matdiff.expr.Slope.minusOver;
import static dev.matdiff.expr.Slope.minusTimes;
import static dev.matdiff.expr.Slope.over;
import static dev.matdiff.expr.Slope.times;

/**
 * Every operation an expression node can apply, one row each: its names, arity, shape rule,
 * LaTeX, flags, numbers, its derivative (element-wise functions) or adjoints (linear maps), and its
 * spellings in generated code (NumPy, PyTorch, Java), in an {@link OpSpec}. The operators (sums,
 * products, transposes, powers, d) are structure: each stage handles them in a switch of its own.
 * To add a function, add a row here and a case to {@code LawTest}; {@code OpRowTest} fails if the
 * row lacks what its kind needs.
 */
public enum Op {
    // ---- operators
    ADD(OpSpec.operator(-2).shape(ShapeRules::sum).flag(LINEAR)),
    NEG(OpSpec.operator(1).shape(ShapeRules::same).flag(LINEAR, KEEPS_SYMMETRY, FINITE, CARRIES)),
    /** Strict matrix product chain A*B*C (inner dimensions agree). */
    MATMUL(OpSpec.operator(-2).shape(ShapeRules::matmul).flag(LINEAR)),
    /** A scalar times anything: scale(s, A). */
    SCALE(OpSpec.operator(2).shape(ShapeRules::scale).flag(LINEAR, CARRIES)),
    /** Division by a scalar: A / s. */
    DIV(OpSpec.operator(2).shape(ShapeRules::div).flag(CARRIES_FIRST)),
    HADAMARD(OpSpec.operator(2).shape(ShapeRules::hadamard).flag(LINEAR, KEEPS_SYMMETRY, CARRIES)),
    ELEMDIV(OpSpec.operator(2).shape(ShapeRules::elemDiv).flag(KEEPS_SYMMETRY, CARRIES_FIRST)),
    TRANSPOSE(OpSpec.operator(1).shape(ShapeRules::transposed).flag(LINEAR, FINITE, CARRIES)),
    /** A^k, integer k (param); k = -1 is the inverse. */
    POWER(OpSpec.operator(1).shape(ShapeRules::square).flag(KEEPS_SYMMETRY)),
    /** A.^p, real p (param); it carries a NaN or an infinity for p > 0 only (see {@link #carries}). */
    ELEMPOW(OpSpec.operator(1).shape(ShapeRules::same).flag(KEEPS_SYMMETRY, CARRIES)),
    /** d(A): the differential of A; d(X) of a variable is the dX the gradient is read against. */
    DIFF(OpSpec.operator(1).names("d").shape(ShapeRules::same).flag(LINEAR)),

    // ---- reductions to a scalar
    TR(OpSpec.reduction("tr", "Tr", "trace").shape(ShapeRules::squareToScalar).latex(operator("Tr")).flag(LINEAR)
            .kernel((x, y, f) -> Matrices.scalar(x.getTrace()))
            .adjoint((n, i, g) -> mul(g, eye(n.arg(0).shape().rows())))
            .code("np.trace($0)", "torch.trace($0)", "$0.getTrace()")),
    DET(OpSpec.reduction("det").shape(ShapeRules::squareToScalar).latex(command("\\det"))
            .kernel((x, y, f) -> Matrices.scalar(f.of(x).det()))
            .code("np.linalg.det($0)", "torch.linalg.det($0)", "new LUDecomposition($0).getDeterminant()")),
    LOGDET(OpSpec.reduction("logdet").shape(ShapeRules::squareToScalar)
            .kernel((x, y, f) -> Kernels.logAbsDet(f.of(x)))
            .code("np.linalg.slogdet($0)[1]", "torch.linalg.slogdet($0)[1]", "@logAbsDet($0)")),
    SUM(OpSpec.reduction("sum").shape(ShapeRules::toScalar).flag(LINEAR, CARRIES)
            .kernel((x, y, f) -> Matrices.scalar(Matrices.sum(x)))
            .adjoint((n, i, g) -> mul(g, ones(n.arg(0).shape())))
            .code("np.sum($0)", "torch.sum($0)", "@sum($0)")),
    NORM(OpSpec.reduction("norm", "norm2").shape(ShapeRules::toScalar).flag(KINK_AT_ORIGIN)
            .kernel((x, y, f) -> Matrices.scalar(Matrices.norm(x)))
            .code("@norm2($0)", "@norm2($0)", "@norm($0)")),
    SQNORM(OpSpec.reduction("sqnorm").shape(ShapeRules::toScalar).flag(CARRIES)
            .kernel((x, y, f) -> Matrices.scalar(Matrices.sumOfSquares(x)))
            .code("@sqnorm($0)", "torch.sum(torch.square($0))", "@sqnorm($0)")),
    NORM1(OpSpec.reduction("norm1").shape(ShapeRules::toScalar).flag(KINK_AT_ZERO)
            .kernel((x, y, f) -> Matrices.scalar(Matrices.reduce(x, Math::abs)))
            .code("np.sum(np.abs($0))", "torch.sum(torch.abs($0))", "@norm1($0)")),
    /** log Σ exp of each column: a scalar for a vector, a row vector for a matrix (the samples are its columns). */
    LOGSUMEXP(OpSpec.reduction("logsumexp").shape(ShapeRules::perColumn).latex(operator("logsumexp"))
            .kernel((x, y, f) -> Kernels.logsumexp(x))
            .code("@logsumexp($0)", "torch.logsumexp($0, 0)", "@logsumexp($0)")),
    /** sum(A, 1): the sum of each column, a row vector. */
    SUM_COLUMNS(OpSpec.reduction("sum").shape(ShapeRules::perColumn).flag(LINEAR, CARRIES)
            .kernel((x, y, f) -> Kernels.columnSums(x))
            .adjoint((n, i, g) -> mul(ones(Shape.vector(n.arg(0).shape().rows())), g))
            .code("np.sum($0, axis=0)", "torch.sum($0, 0)", "@columnSums($0)")),
    /** sum(A, 2): the sum of each row, a column vector. */
    SUM_ROWS(OpSpec.reduction("sum").shape(ShapeRules::perRow).flag(LINEAR, CARRIES)
            .kernel((x, y, f) -> Kernels.rowSums(x))
            .adjoint((n, i, g) -> mul(g, transpose(ones(Shape.vector(n.arg(0).shape().cols())))))
            .code("np.sum($0, axis=1)", "torch.sum($0, 1)", "@rowSums($0)")),

    // ---- matrix functions
    INV(OpSpec.function(1, "inv").shape(ShapeRules::square).flag(KEEPS_SYMMETRY)
            .kernel((x, y, f) -> Kernels.inverse(f.of(x)))
            .code("np.linalg.inv($0)", "torch.linalg.inv($0)", "@inv($0)")),
    /** softmax of each column (the samples are the columns, as in the seeds). */
    SOFTMAX(OpSpec.function(1, "softmax").shape(ShapeRules::same).latex(operator("softmax")).flag(FINITE, POSITIVE)
            .kernel((x, y, f) -> Kernels.softmax(x))
            .code("@softmax($0)", "torch.softmax($0, 0)", "@softmax($0)")),
    /** vector -> diagonal matrix */
    DIAG_MATRIX(OpSpec.function(1, "diag").shape(ShapeRules::columnToSquare).latex(operator("diag")).flag(LINEAR, SYMMETRIC, FINITE)
            .kernel((x, y, f) -> LinearMaps.diagMatrix(x))
            .adjoint((n, i, g) -> diag(g))
            .code("np.diag($0)", "torch.diag($0)", "MatrixUtils.createRealDiagonalMatrix($0.getColumn(0))")),
    /** matrix -> vector of its diagonal */
    DIAG_VECTOR(OpSpec.function(1, "diag").shape(ShapeRules::squareToColumn).latex(operator("diag")).flag(LINEAR, FINITE)
            .kernel((x, y, f) -> LinearMaps.diagVector(x))
            .adjoint((n, i, g) -> diag(g))
            .code("np.diag($0)", "torch.diagonal($0)", "@diagVector($0)")),
    VEC(OpSpec.function(1, "vec").shape(ShapeRules::vec).latex(operator("vec")).flag(LINEAR, FINITE)
            .kernel((x, y, f) -> LinearMaps.vec(x))
            .adjoint((n, i, g) -> unvec(g, n.arg(0).shape()))
            .code("$0.reshape(-1, order=\"F\")", "$0.t().reshape(-1)", "@vec($0)")),
    /** unvec(v, m, n): the column-major m×n matrix whose vec is v (the adjoint of vec); its shape is given. */
    UNVEC(OpSpec.function(1, "unvec").shape(ShapeRules::given).flag(LINEAR, FINITE)
            .adjoint((n, i, g) -> fn("vec", g))
            .code(CodeForm.matrices("$0.reshape(($rows, $cols), order=\"F\")", "$0.reshape($cols, $rows).t()", "@unvec($0, $rows, $cols)"))),
    KRON(OpSpec.function(2, "kron").shape(ShapeRules::kron).latex(LatexForm.infix(" \\otimes ")).flag(LINEAR, KEEPS_SYMMETRY)
            .kernel((x, y, f) -> LinearMaps.kron(x, y))
            .adjoint((n, i, g) -> i == 0 ? kronBlocks(g, n.arg(1), n.arg(0).shape()) : blockSum(g, n.arg(0), n.arg(1).shape()))
            .code(CodeForm.matrices("np.kron($0, $1)", "@kron($0, $1)", "@kron($0, $1)"))),
    /**
     * u.^g for an exponent that is no number (a scalar, or of u's shape), a^b of scalars, 2.^A: printed so; a number
     * exponent is ELEMPOW's. Real where the base is positive, or negative with a whole exponent, as NumPy's power.
     */
    POW(OpSpec.function(2, "pow").shape(ShapeRules::power).flag(KEEPS_SYMMETRY)
            .partial("a negative number to a non-integer power is not real")
            .kernel((x, y, f) -> Kernels.power(x, y))
            .code("np.power($0, $1)", "torch.pow($0, $1)", "@pow($0, $1)")),
    /** 2-D valid cross-correlation, stride 1. */
    CONV(OpSpec.function(2, "conv").shape(ShapeRules::conv).latex(operator("conv")).flag(LINEAR)
            .kernel((x, y, f) -> Kernels.conv(x, y))
            .adjoint((n, i, g) -> i == 0 ? fn("convfull", g, n.arg(1)) : fn("conv", n.arg(0), g))
            .code(CodeForm.matrices("@conv($0, $1)", "@conv($0, $1)", "@conv($0, $1)"))),
    /** Full convolution of G with K: the adjoint of conv(X, K) in X. */
    CONVFULL(OpSpec.function(2, "convfull").shape(ShapeRules::convFull).latex(operator("convfull")).flag(LINEAR)
            .kernel((x, y, f) -> LinearMaps.convFull(x, y))
            .adjoint((n, i, g) -> i == 0 ? fn("conv", g, n.arg(1)) : fn("conv", g, n.arg(0)))
            .code(CodeForm.matrices("@convfull($0, $1)", "@convfull($0, $1)", "@convFull($0, $1)"))),
    /**
     * convmatrix(K, p, q): the matrix T with vec(conv(X, K)) = T vec(X) for every p×q X, conv's Jacobian in X; its
     * second argument is ones(p, q), which carries the shape. Linear in K, but its adjoint is not in the language:
     * a gradient through a varying K is refused (DifferentialLaws), but where it is k·I or vec(K)ᵀ (ConvolutionEdges).
     */
    CONVMATRIX(OpSpec.function(2, "convmatrix").shape(ShapeRules::convolutionMatrix).flag(FINITE)
            .kernel((x, y, f) -> Kernels.convMatrix(x, y))
            .code(CodeForm.matrices("@convmatrix($0, $1)", "@convmatrix($0, $1)", "@convMatrix($0, $1)"))),
    /** im2col(X, r, s): the matrix C with vec(conv(X, K)) = C vec(K) for every r×s K, conv's Jacobian in K; ones(r, s) carries the shape. */
    IM2COL(OpSpec.function(2, "im2col").shape(ShapeRules::convolutionMatrix).flag(FINITE)
            .kernel((x, y, f) -> Kernels.im2col(x, y))
            .code(CodeForm.matrices("@im2col($0, $1)", "@im2col($0, $1)", "@im2col($0, $1)"))),
    /** kronblocks(G, B): the matrix of ⟨G_ij, B⟩ over the blocks of G, the adjoint of kron(V, B) in V. */
    KRONBLOCKS(OpSpec.function(2, "kronblocks").shape(ShapeRules::given).latex(operator("kronblocks")).flag(LINEAR)
            .kernel((x, y, f) -> LinearMaps.kronBlocks(Kernels.blocksOf(x, y), y))
            .adjoint((n, i, g) -> i == 0 ? kron(g, n.arg(1)) : blockSum(n.arg(0), g, n.arg(1).shape()))
            .code(CodeForm.matrices("@kronblocks($0, $1)", "@kronblocks($0, $1)", "@kronBlocks($0, $1)"))),
    /** blocksum(G, A): Σ_ij A_ij G_ij over the blocks of G, the adjoint of kron(A, V) in V. */
    BLOCKSUM(OpSpec.function(2, "blocksum").shape(ShapeRules::given).latex(operator("blocksum")).flag(LINEAR)
            .kernel((x, y, f) -> LinearMaps.blockSum(Kernels.blocksOf(x, y), y))
            .adjoint((n, i, g) -> i == 0 ? kron(n.arg(1), g) : kronBlocks(n.arg(0), g, n.arg(1).shape()))
            .code(CodeForm.matrices("@blocksum($0, $1)", "@blocksum($0, $1)", "@blockSum($0, $1)"))),

    /** commutation(m, n): K_{m,n}, the mn×mn permutation with vec(Aᵀ) = K vec(A) for A m×n; its argument is ones(m, n), which carries the shape. */
    COMMUTATION(OpSpec.function(1, "commutation").shape(ShapeRules::commutation).flag(FINITE)
            .kernel((x, y, f) -> Kernels.commutation(x.getRowDimension(), x.getColumnDimension()))
            .code(CodeForm.matrices("@commutation($0)", "@commutation($0)", "@commutation($0)"))),

    // ---- element-wise functions: f, its domain, f′ (x is the argument, s = f(x) the node's own value)
    EXP(OpSpec.elementwise("exp", Math::exp).latex(command("\\exp")).flag(POSITIVE).slope(times((x, s) -> s))
            .code("np.exp($0)", "torch.exp($0)", "Math.exp($0)")),
    LOG(OpSpec.elementwise("log", Math::log).latex(command("\\log")).domain(v -> v > 0, "log needs positive entries").flag(CARRIES)
            .slope(over((x, s) -> x))
            .code("np.log($0)", "torch.log($0)", "Math.log($0)")),
    SIN(OpSpec.elementwise("sin", Math::sin).latex(command("\\sin")).flag(FINITE, ODD).slope(times((x, s) -> fn("cos", x)))
            .code("np.sin($0)", "torch.sin($0)", "Math.sin($0)")),
    COS(OpSpec.elementwise("cos", Math::cos).latex(command("\\cos")).flag(FINITE, EVEN).slope(minusTimes((x, s) -> fn("sin", x)))
            .code("np.cos($0)", "torch.cos($0)", "Math.cos($0)")),
    TAN(OpSpec.elementwise("tan", Math::tan).latex(command("\\tan")).flag(ODD).slope(over((x, s) -> elemPow(fn("cos", x), 2)))
            .code("np.tan($0)", "torch.tan($0)", "Math.tan($0)")),
    TANH(OpSpec.elementwise("tanh", Kernels::tanh).latex(command("\\tanh")).flag(FINITE, ODD)
            .slope(times((x, s) -> sub(ones(x.shape()), elemPow(s, 2))))
            .code("np.tanh($0)", "torch.tanh($0)", "Math.tanh($0)")),
    SINH(OpSpec.elementwise("sinh", Math::sinh).latex(command("\\sinh")).flag(ODD).slope(times((x, s) -> fn("cosh", x)))
            .code("np.sinh($0)", "torch.sinh($0)", "Math.sinh($0)")),
    COSH(OpSpec.elementwise("cosh", Math::cosh).latex(command("\\cosh")).flag(EVEN, POSITIVE).slope(times((x, s) -> fn("sinh", x)))
            .code("np.cosh($0)", "torch.cosh($0)", "Math.cosh($0)")),
    ARCSIN(OpSpec.elementwise("arcsin", Math::asin).latex(command("\\arcsin")).flag(ODD).domain(v -> v >= -1 && v <= 1, "arcsin needs entries in [-1, 1]")
            .slope(over((x, s) -> fn("sqrt", sub(ones(x.shape()), elemPow(x, 2)))))
            .code("np.arcsin($0)", "torch.asin($0)", "Math.asin($0)")),
    ARCCOS(OpSpec.elementwise("arccos", Math::acos).latex(command("\\arccos")).domain(v -> v >= -1 && v <= 1, "arccos needs entries in [-1, 1]")
            .slope(minusOver((x, s) -> fn("sqrt", sub(ones(x.shape()), elemPow(x, 2)))))
            .code("np.arccos($0)", "torch.acos($0)", "Math.acos($0)")),
    ARCTAN(OpSpec.elementwise("arctan", Math::atan).latex(command("\\arctan")).flag(FINITE, ODD)
            .slope(over((x, s) -> add(ones(x.shape()), elemPow(x, 2))))
            .code("np.arctan($0)", "torch.atan($0)", "Math.atan($0)")),
    SQRT(OpSpec.elementwise("sqrt", Math::sqrt).latex(enclose("\\sqrt{", "}")).domain(v -> v >= 0, "sqrt needs entries ≥ 0").flag(CARRIES)
            .slope(over((x, s) -> scale(num(2), s)))
            .code("np.sqrt($0)", "torch.sqrt($0)", "Math.sqrt($0)")),
    /** |x|; its subgradient at 0 is taken as 0 (sign(0) = 0). */
    ABS(OpSpec.elementwise("abs", Math::abs).latex(enclose("\\lvert ", "\\rvert")).flag(FINITE, EVEN, KINK_AT_ZERO, CARRIES).slope(times((x, s) -> fn("sign", x)))
            .code("np.abs($0)", "torch.abs($0)", "Math.abs($0)")),
    /** Zero derivative almost everywhere; taken as 0 at 0 too. */
    SIGN(OpSpec.elementwise("sign", Kernels::sign).flag(FINITE, ODD, KINK_AT_ZERO).slope(Slope.ZERO)
            .code("np.sign($0)", "torch.sign($0)", "Math.signum($0)")),
    SIGMOID(OpSpec.elementwise("sigmoid", Kernels::sigmoid).latex(command("\\sigma")).flag(FINITE, POSITIVE)
            .slope(times((x, s) -> hadamard(s, sub(ones(x.shape()), s))))
            .code("@sigmoid($0)", "torch.sigmoid($0)", "@sigmoid($0)")),
    /** 1 where x > 0, else 0 (0 at the kink). */
    RELU(OpSpec.elementwise("relu", Kernels::relu).flag(FINITE, KINK_AT_ZERO).slope(times((x, s) -> fn("sign", s)))
            .code("np.maximum($0, 0.0)", "torch.relu($0)", "Math.max($0, 0.0)")),
    SOFTPLUS(OpSpec.elementwise("softplus", Kernels::softplus).flag(FINITE, POSITIVE).slope(times((x, s) -> fn("sigmoid", x)))
            .code("np.logaddexp(0.0, $0)", "@softplus($0)", "@softplus($0)")),
    LOG1P(OpSpec.elementwise("log1p", Math::log1p).domain(v -> v > -1, "log1p needs entries > -1")
            .slope(over((x, s) -> add(ones(x.shape()), x)))
            .code("np.log1p($0)", "torch.log1p($0)", "Math.log1p($0)")),

    // ---- constants, whose shape is given
    ONES(OpSpec.constant("ones")
            .code("np.ones($shape)", "torch.ones($shape, dtype=DTYPE, device=device)", "@ones($rows, $cols)")),
    EYE(OpSpec.constant("eye").flag(SYMMETRIC)
            .code("np.eye($rows)", "torch.eye($rows, dtype=DTYPE, device=device)", "MatrixUtils.createRealIdentityMatrix($rows)"));

    private final OpSpec spec;

    Op(OpSpec spec) {
        this.spec = spec;
    }

    public OpSpec spec() { return spec; }

    public OpSpec.Kind kind() { return spec.kind; }

    /** The name this operation is called by in the language, if it is written as a call. */
    public String functionName() { return spec.kind == OpSpec.Kind.OPERATOR && this != DIFF ? null : spec.names().get(0); }

    public boolean isElementwise() { return spec.kind == OpSpec.Kind.ELEMENTWISE; }

    public boolean has(OpSpec.Flag flag) { return spec.has(flag); }

    /**
     * Whether a NaN or an infinity in argument {@code arg} leaves one in the result, or the step fails ({@link
     * OpSpec.Flag#CARRIES}): x.^p for p > 0 only (inf.^0 is 1, inf.^-1 is 0), a quotient in its numerator only (a/inf is 0).
     */
    public boolean carries(double param, int arg) {
        if (this == ELEMPOW && !(param > 0)) return false;
        return has(CARRIES) || arg == 0 && has(CARRIES_FIRST);
    }

    /** The exact argument count, or -n for "at least n". */
    public int arity() { return spec.arity; }

    void checkArity(int n) {
        int arity = spec.arity;
        if (arity >= 0 ? n != arity : n < -arity)
            throw new IllegalArgumentException(this + " takes " + (arity >= 0 ? arity : "at least " + -arity) + " arguments, not " + n);
    }

    private static final Map<String, Op> BY_NAME = new HashMap<>();

    static {
        for (Op op : values()) for (String name : op.spec.names()) BY_NAME.putIfAbsent(name, op);
    }

    /** The operation a name in the language calls (diag is the diagonal-matrix row; the builder picks by shape). */
    public static Optional<Op> byName(String name) { return Optional.ofNullable(BY_NAME.get(name)); }

    /** Every name the language calls an operation by. */
    public static java.util.Set<String> names() { return java.util.Collections.unmodifiableSet(BY_NAME.keySet()); }
}
