package dev.matdiff.expr;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every operation an expression node can apply. Java 17 has no pattern switch over records, so
 * the node kinds are this enum and each printer, law table and evaluator is one exhaustive
 * {@code switch} over it.
 */
public enum Op {
    // operators
    ADD(Category.OPERATOR, null, -2),
    NEG(Category.OPERATOR, null, 1),
    /** Strict matrix product chain A*B*C (inner dimensions agree). */
    MATMUL(Category.OPERATOR, null, -2),
    /** A scalar times anything: scale(s, A). */
    SCALE(Category.OPERATOR, null, 2),
    /** Division by a scalar: A / s. */
    DIV(Category.OPERATOR, null, 2),
    HADAMARD(Category.OPERATOR, null, 2),
    ELEMDIV(Category.OPERATOR, null, 2),
    KRON(Category.OPERATOR, "kron", 2),
    TRANSPOSE(Category.OPERATOR, null, 1),
    /** A^k, integer k (param); k = -1 is the inverse. */
    POWER(Category.OPERATOR, null, 1),
    /** A.^p, real p (param). */
    ELEMPOW(Category.OPERATOR, null, 1),

    // reductions to a scalar
    TR(Category.REDUCTION, "tr", 1),
    DET(Category.REDUCTION, "det", 1),
    LOGDET(Category.REDUCTION, "logdet", 1),
    SUM(Category.REDUCTION, "sum", 1),
    NORM(Category.REDUCTION, "norm", 1),
    SQNORM(Category.REDUCTION, "sqnorm", 1),
    NORM1(Category.REDUCTION, "norm1", 1),
    LOGSUMEXP(Category.REDUCTION, "logsumexp", 1),

    // matrix functions
    INV(Category.MATRIX_FUNCTION, "inv", 1),
    SOFTMAX(Category.MATRIX_FUNCTION, "softmax", 1),
    /** vector -> diagonal matrix */
    DIAG_MATRIX(Category.MATRIX_FUNCTION, "diag", 1),
    /** matrix -> vector of its diagonal */
    DIAG_VECTOR(Category.MATRIX_FUNCTION, "diag", 1),
    VEC(Category.MATRIX_FUNCTION, "vec", 1),
    /** unvec(v, m, n): the column-major m×n matrix whose vec is v (the adjoint of vec). */
    UNVEC(Category.MATRIX_FUNCTION, "unvec", 1),
    /** 2-D valid cross-correlation, stride 1. */
    CONV(Category.MATRIX_FUNCTION, "conv", 2),
    /** Full convolution of G with K: the adjoint of conv(X, K) in X. */
    CONVFULL(Category.MATRIX_FUNCTION, "convfull", 2),
    /** kronblocks(G, B): the matrix of ⟨G_ij, B⟩ over the blocks of G, the adjoint of kron(V, B) in V. */
    KRONBLOCKS(Category.MATRIX_FUNCTION, "kronblocks", 2),
    /** kronsum(G, A): Σ_ij A_ij G_ij over the blocks of G, the adjoint of kron(A, V) in V. */
    KRONSUM(Category.MATRIX_FUNCTION, "kronsum", 2),

    // element-wise functions
    EXP(Category.ELEMENTWISE, "exp", 1),
    LOG(Category.ELEMENTWISE, "log", 1),
    SIN(Category.ELEMENTWISE, "sin", 1),
    COS(Category.ELEMENTWISE, "cos", 1),
    TAN(Category.ELEMENTWISE, "tan", 1),
    TANH(Category.ELEMENTWISE, "tanh", 1),
    ARCSIN(Category.ELEMENTWISE, "arcsin", 1),
    ARCCOS(Category.ELEMENTWISE, "arccos", 1),
    ARCTAN(Category.ELEMENTWISE, "arctan", 1),
    SQRT(Category.ELEMENTWISE, "sqrt", 1),
    ABS(Category.ELEMENTWISE, "abs", 1),
    SIGN(Category.ELEMENTWISE, "sign", 1),
    SIGMOID(Category.ELEMENTWISE, "sigmoid", 1),
    RELU(Category.ELEMENTWISE, "relu", 1),

    // constants
    ONES(Category.CONSTANT, "ones", 0),
    EYE(Category.CONSTANT, "eye", 0),

    /** d(A): the differential of A; d(X) of a variable is the dX the gradient is read against. */
    DIFF(Category.OPERATOR, "d", 1);

    public enum Category { OPERATOR, REDUCTION, MATRIX_FUNCTION, ELEMENTWISE, CONSTANT }

    private final Category category;
    private final String function;
    /** exact argument count, or -n for "at least n" */
    private final int arity;

    Op(Category category, String function, int arity) {
        this.category = category;
        this.function = function;
        this.arity = arity;
    }

    public Category category() { return category; }

    /** The name this operation is called by in the language, if it is written as a call. */
    public String functionName() { return function; }

    public boolean isElementwise() { return category == Category.ELEMENTWISE; }

    void checkArity(int n) {
        if (arity >= 0 ? n != arity : n < -arity)
            throw new IllegalArgumentException(this + " takes " + (arity >= 0 ? arity : "at least " + -arity) + " arguments, not " + n);
    }

    private static final Map<String, Op> ELEMENTWISE_BY_NAME = Arrays.stream(values())
            .filter(Op::isElementwise).collect(Collectors.toMap(Op::functionName, Function.identity()));

    public static Optional<Op> elementwise(String name) { return Optional.ofNullable(ELEMENTWISE_BY_NAME.get(name)); }
}
