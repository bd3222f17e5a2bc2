package dev.matdiff.simplify;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr.Node;
import dev.matdiff.expr.Expr.Num;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.matdiff.expr.Exprs.*;
import static dev.matdiff.expr.Op.*;

/**
 * The simplification rules as one table. Transposes move inward through products (never into
 * sums, so (Xw − y)ᵀ stays as the textbooks write it), scalars move to the front, zeros and
 * identities vanish, and like terms are collected.
 */
public final class Rules {
    private Rules() {}

    /** The rules in order of priority: at a node, the first that applies is the one that fires. */
    public static final List<Rule> ALL = List.of(
            // transposes move inward, and vanish where they can
            new Rule("transpose-transpose", "(Aᵀ)ᵀ = A", on(TRANSPOSE), n -> is(n.arg(0), TRANSPOSE) ? arg(n.arg(0), 0) : null),
            new Rule("transpose-scalar", "aᵀ = a for a scalar", on(TRANSPOSE), n -> n.shape().isScalar() ? n.arg(0) : null),
            new Rule("transpose-of-transposes", "(Aᵀ ± Bᵀ)ᵀ = A ± B, (AᵀBᵀ + Cᵀ)ᵀ = BA + C, through scalars", on(TRANSPOSE), TransposeRules::transposedTransposes),
            // bookkeeping, not cited: a reader does not need Sᵀ = S to see that ones(N, N)ᵀ is ones(N, N)
            new Rule("transpose-constant", "1ᵀ = 1 for a square matrix of ones, Iᵀ = I, diag(v)ᵀ = diag(v)", on(TRANSPOSE),
                    n -> is(n.arg(0), EYE) || is(n.arg(0), DIAG_MATRIX) || is(n.arg(0), ONES) && n.shape().rows().equals(n.shape().cols()) ? n.arg(0) : null),
            new Rule("transpose-symmetric", "Sᵀ = S for a symmetric S, declared or by its form (A + Aᵀ, AᵀA)", on(TRANSPOSE), n -> Symmetry.isSymmetric(n.arg(0)) ? n.arg(0) : null)
                    .citedInSteps(),
            new Rule("transpose-product", "(AB)ᵀ = BᵀAᵀ", on(TRANSPOSE), TransposeRules::transposeProduct),
            new Rule("transpose-scale", "(aA)ᵀ = aAᵀ, (−A)ᵀ = −Aᵀ, (A/a)ᵀ = Aᵀ/a", on(TRANSPOSE), TransposeRules::transposeScale),
            new Rule("transpose-broadcast-hadamard", "(A ⊙ 1vᵀ)ᵀ = Aᵀ ⊙ v1ᵀ, (A ⊙ u1ᵀ)ᵀ = Aᵀ ⊙ 1uᵀ", on(TRANSPOSE),
                    TransposeRules::transposeOfBroadcastHadamard),
            new Rule("transpose-ones", "(1_{m×n})ᵀ = 1_{n×m}", on(TRANSPOSE), n -> is(n.arg(0), ONES) ? ones(n.shape()) : null),
            new Rule("trace-scalar", "Tr(a) = a for a scalar", on(TR, SUM), n -> n.arg(0).shape().isScalar() ? n.arg(0) : null),
            new Rule("transpose-invariant", "f(Aᵀ) = f(A) for f = Tr, det, logdet, sum, norm, sqnorm, norm1, and f(Aᵀ ± Bᵀ) = f(A ± B)",
                    on(TR, DET, LOGDET, SUM, NORM, SQNORM, NORM1), SumRules::transposeInvariant),
            // zeros and identities
            new Rule("zero", "anything times 0, and −0, is 0", SumRules.ZERO_ROOTS, SumRules::zero),
            new Rule("matmul-eye", "AI = IA = A", on(MATMUL), ProductRules::matmulEye),
            new Rule("hadamard-ones", "A ⊙ 1 = A", on(HADAMARD, ELEMDIV), ElementwiseRules::hadamardOnes),
            new Rule("power-of-nonnegative", "(u.^p).^k = u.^(pk) for u never negative (vᵀv, a norm, exp, |·|, an even power), and for an odd p and a k not whole, "
                    + "where the left side has a value only if u ≥ 0",
                    on(ELEMPOW), ElementwiseRules::powerOfNonnegative),
            new Rule("elempow-trivial", "A.^1 = A, A.^0 = 1, 1.^p = 1, I.^p = I for p > 0, (A.^p).^k = A.^(pk) for an integer k", on(ELEMPOW), ElementwiseRules::elemPowTrivial),
            new Rule("inv-inv", "(A⁻¹)⁻¹ = A", on(INV), n -> is(n.arg(0), INV) ? arg(n.arg(0), 0) : null),
            new Rule("inv-transpose", "(Aᵀ)⁻¹ = (A⁻¹)ᵀ, as the Cookbook writes A⁻ᵀ", on(INV),
                    n -> is(n.arg(0), TRANSPOSE) ? transpose(inv(arg(n.arg(0), 0))) : null),
            new Rule("inv-scale", "(aA)⁻¹ = A⁻¹/a, (−A)⁻¹ = −A⁻¹, (Aᵏ)⁻¹ = A⁻ᵏ", on(INV),
                    n -> is(n.arg(0), SCALE) && !arg(n.arg(0), 1).shape().isScalar() ? div(inv(arg(n.arg(0), 1)), arg(n.arg(0), 0))
                            : is(n.arg(0), NEG) ? neg(inv(arg(n.arg(0), 0)))
                            : is(n.arg(0), POWER) ? power(arg(n.arg(0), 0), -(int) ((Node) n.arg(0)).param()) : null),
            new Rule("inv-eye", "I⁻¹ = I", on(INV), n -> is(n.arg(0), EYE) ? n.arg(0) : null),
            new Rule("det-eye", "det(I) = 1, log det(I) = 0", on(DET, LOGDET), n -> is(n.arg(0), EYE) ? num(n.op() == DET ? 1 : 0) : null),
            new Rule("inv-kron", "(A ⊗ B)⁻¹ = A⁻¹ ⊗ B⁻¹ for square A, B", on(INV), KronRules::inverseOfKron).citedInSteps(),
            new Rule("trace-rotate", "Tr(A x yᵀ) = yᵀA x: a product rotated to start at a row is 1×1", on(TR), ProductRules::traceRotate).citedInSteps(),
            new Rule("opposite-factors", "P(−P)ᵀ = −PPᵀ: a product of a difference and its opposite, one difference written",
                    on(MATMUL), OppositeFactors::oppositeFactors),
            new Rule("opposite-scalings", "c(a − b)X + d(b − a)Y = c(a − b)X − d(a − b)Y: one of two opposite scalar sums written, for the terms to share it",
                    on(ADD), OppositeFactors::oppositeScalings),
            new Rule("trace-rotations", "Tr(cPQ + dQP) = (c + d) Tr(PQ): terms that are rotations of one product, under a trace (Tr(C⁻¹SC⁻²) = Tr(C⁻³S))", on(TR),
                    TraceForms::traceOfRotations).citedInSteps(),
            new Rule("trace-gram", "Tr(AᵀA) = Tr(AAᵀ) = ‖A‖² for a matrix A", on(TR), TraceForms::traceOfGram).citedInSteps(),
            new Rule("trace-ends", "Tr(ABA) = Tr(A²B), Tr(AʲBAᵏ) = Tr(Aʲ⁺ᵏB): the factor that starts and ends a traced product, once", on(TR), TraceForms::traceOfEnds).citedInSteps(),
            new Rule("trace-transposed", "Tr(AᵀBᵀ) = Tr(BA): a trace written with fewer transposes", on(TR), TraceForms::traceTransposed).citedInSteps(),
            new Rule("trace-ones", "Tr(1B) = Tr(B1) = sum(B) for an all-ones 1", on(TR), TraceForms::traceOfOnes),
            new Rule("trace-of-powers", "sum(Aʲ ⊙ (Aᵏ)ᵀ) = Tr(AʲAᵏ) = Tr(Aʲ⁺ᵏ) for powers of one square A (A⁻¹ as A⁻¹)", on(SUM),
                    TraceForms::traceOfPowers).citedInSteps(),
            new Rule("trace-hadamard", "Tr(Aᵀ(B ⊙ C)) = sum(A ⊙ B ⊙ C): entries that then cancel, as (Y ⊘ P) ⊙ P", on(TR), ProductRules::traceOfHadamard),
            new Rule("trace-terms", "Tr(A + B) = Tr(A) + Tr(B) where a term's trace rotates to a 1×1 product", on(TR), ProductRules::traceOfTerms),
            new Rule("quadratic-form-transposed", "uᵀBᵀv = vᵀBu: a 1×1 product of three factors or more is its own transpose, written with fewer transposes",
                    on(MATMUL), ProductRules::quadraticFormTransposed),
            new Rule("trace-kron", "Tr(A ⊗ B) = Tr(A) Tr(B) for square A, B", on(TR), KronRules::traceOfKron).citedInSteps(),
            new Rule("sum-kron", "sum(A ⊗ B) = sum(A) sum(B), sum(A ⊗ B, k) = sum(A, k) ⊗ sum(B, k)", on(SUM, SUM_COLUMNS, SUM_ROWS), KronRules::sumOfKron).citedInSteps(),
            new Rule("det-kron", "det(A ⊗ B) = det(A)ᵐ det(B)ⁿ for A n×n, B m×m of whole-number sizes", on(DET), KronRules::detOfKron).citedInSteps(),
            new Rule("det-scale", "det(aA) = aⁿ det(A) for a scalar a and A n×n of a whole-number size", on(DET), ProductRules::detOfScaled).citedInSteps(),
            new Rule("logdet-kron", "logdet(A ⊗ B) = m logdet(A) + n logdet(B) for A n×n, B m×m", on(LOGDET), KronRules::logdetOfKron).citedInSteps(),
            new Rule("inv-diag", "diag(v)⁻¹ = diag(1 ⊘ v)", on(INV), n -> is(n.arg(0), DIAG_MATRIX) ? call(DIAG_MATRIX, elemPow(arg(n.arg(0), 0), -1)) : null),
            new Rule("det-power", "det(A⁻¹) = 1/det(A), det(Aᵏ) = det(A)ᵏ, det(AᵀA) = det(AAᵀ) = det(A)² for a square A, and so of their logs",
                    on(DET, LOGDET), ProductRules::detOfPower).citedInSteps(),
            new Rule("det-scalar", "det(a) = a, a⁻¹ = 1/a for a scalar a", on(DET, INV),
                    n -> !n.arg(0).shape().isScalar() ? null : n.op() == DET ? n.arg(0) : div(ONE, n.arg(0))),
            new Rule("inverse-cancel", "A⁻¹A = AA⁻¹ = I, A a product too ((XᵀX)⁻¹XᵀX = I), and transposed", on(MATMUL), InverseRules::inverseCancel).citedInSteps(),
            new Rule("determinant-lemma", "det(I + c·u·vᵀ) = 1 + c·vᵀu, logdet(I + c·x·xᵀ) = log(1 + c·xᵀx) for c ≥ 0", on(DET, LOGDET),
                    InverseRules::determinantLemma).citedInSteps(),
            new Rule("push-through", "(I + c·u·vᵀ)⁻¹u = u/(1 + c·vᵀu), vᵀ(I + c·u·vᵀ)⁻¹ = vᵀ/(1 + c·vᵀu)", on(MATMUL), InverseRules::pushThrough).citedInSteps(),
            new Rule("inverse-peel", "(FR)⁻¹F = R⁻¹, L(RL)⁻¹ = R⁻¹ for square F, L", on(MATMUL), InverseRules::inversePeel).citedInSteps(),
            new Rule("distribute-for-inverse", "(aI + cT)F = aF + c(TF) where TF cancels or peels an inverse, or powers of opposite sign (then a power of the same sign too): (I − (LLᵀ)⁻¹)L = L − L⁻ᵀ, (X⁻² + I)X = X⁻¹ + X, X(2X⁻² + X²) = 2X⁻¹ + X³",
                    on(MATMUL), InverseRules::distributeForInverse).citedInSteps(),
            new Rule("power-inv", "(A⁻¹)ᵏ = A⁻ᵏ", on(POWER), n -> is(n.arg(0), INV) ? power(arg(n.arg(0), 0), -(int) n.param()) : null),
            new Rule("power-power", "(Aᵖ)^q = A^(pq) for |pq| ≤ 256", on(POWER),
                    ProductRules::powerOfPower),
            new Rule("commutation-vector", "K_{1,n} = K_{n,1} = I: a vector's transpose has the same vec", on(COMMUTATION),
                    n -> n.arg(0).shape().rows().isOne() ? eye(n.arg(0).shape().cols())
                            : n.arg(0).shape().cols().isOne() ? eye(n.arg(0).shape().rows()) : null),
            new Rule("commutation-involution", "K_{n,n}ᵏ = I for an even k, K_{n,n} for an odd one: a square matrix transposed twice is itself", on(POWER),
                    n -> is(n.arg(0), COMMUTATION) && arg(n.arg(0), 0).shape().rows().equals(arg(n.arg(0), 0).shape().cols())
                            ? (n.param() % 2 == 0 ? eye(n.shape().rows()) : n.arg(0)) : null),
            new Rule("conv-edges", "conv(X, k) = kX, convfull(G, k) = kG, convfull(g, K) = gK for 1×1 k, g; conv(X, K) = sum(X ⊙ K) for K of X's shape; "
                    + "convmatrix(k, p, q) = kI, convmatrix(K, r, s) = vec(K)ᵀ for K r×s, im2col(X, 1, 1) = vec(X)",
                    on(CONV, CONVFULL, CONVMATRIX, IM2COL), dev.matdiff.expr.ConvolutionEdges::of),
            new Rule("conv-product", "C_X vec(K) = T_K vec(X) = vec(conv(X, K)), C_Xᵀ vec(G) = vec(conv(X, G)), T_Kᵀ vec(G) = vec(convfull(G, K)) "
                    + "at the end of a product", on(MATMUL), ConvRules::convolutionInProduct),
            new Rule("im2col-transposed", "im2col(X, a, b) = im2col(X, p − a + 1, q − b + 1)ᵀ for X p×q, written with the smaller kernel",
                    on(IM2COL), ConvRules::im2colTransposed),
            new Rule("diag-scalar", "diag(a) = a for a scalar", on(DIAG_MATRIX, DIAG_VECTOR), n -> n.arg(0).shape().isScalar() ? n.arg(0) : null),
            new Rule("elementwise-broadcast", "f(u1ᵀ) = f(u)1ᵀ, f(1vᵀ) = 1f(v)ᵀ for an element-wise f, .^p with p ≥ 0", Broadcasts.ELEMENTWISE_MAPS,
                    Broadcasts::elementwiseOfBroadcast),
            new Rule("reciprocal-broadcast-terms", "(u1ᵀ).^p = (u.^p)1ᵀ (p < 0) beside a term (u.^p)1ᵀ of the same sum, 1ᵀ on the left likewise",
                    on(ADD), Broadcasts::reciprocalBroadcastTerms),
            new Rule("broadcast-pair", "(u1ᵀ) ⊙ (v1ᵀ) = (u ⊙ v)1ᵀ, (1uᵀ) ⊘ (1vᵀ) = 1(uᵀ ⊘ vᵀ): two broadcasts the same way are one",
                    on(HADAMARD, ELEMDIV), Broadcasts::elementwisePairOfBroadcasts),
            // element-wise quotients and products
            new Rule("elemdiv-elemdiv", "(A ⊘ B) ⊘ C = A ⊘ (B ⊙ C), A ⊘ (cB) = (1/c)(A ⊘ B)", on(ELEMDIV), ElementwiseRules::elemDivElemDiv),
            new Rule("hadamard-transposes", "Aᵀ ⊙ Bᵀ = (A ⊙ B)ᵀ, and so for ⊘ and element-wise arithmetic over transposes and ones",
                    on(HADAMARD, ELEMDIV), ElementwiseRules::hadamardTransposes),
            new Rule("hadamard-cancel", "A ⊙ (B ⊘ A) = B, (A ⊙ B) ⊘ A = B", on(HADAMARD, ELEMDIV), ElementwiseRules::hadamardCancel).citedInSteps(),
            new Rule("distribute-cancel", "P ⊙ (t₁ + … + tₖ) = P ⊙ t₁ + … + P ⊙ tₖ when every divisor of the terms is a factor of P",
                    on(HADAMARD), FactorCancel::distributed),
            // scalars to the front
            new Rule("pull-scalars", "(aA) ⊘ B = a(A ⊘ B), A ⊙ (−B) = −(A ⊙ B), and for ⊗ (the factories make (−A) ⊙ B, (−A) ⊘ B and (−A)/b negated)",
                    on(HADAMARD, ELEMDIV, DIV, KRON), ScalarRules::pullScalars),
            new Rule("pull-scalars-linear", "L(aA) = a L(A), L(A/a) = L(A)/a and L(−A) = −L(A) for L = Tr, sum, vec, unvec, diag, "
                    + "and the adjoints kronblocks(·, B), blocksum(·, A) of ⊗; conv and convfull in either argument",
                    on(TR, SUM, SUM_COLUMNS, SUM_ROWS, VEC, UNVEC, DIAG_MATRIX, DIAG_VECTOR, KRONBLOCKS, BLOCKSUM, CONV, CONVFULL), ScalarRules::pullScalarsLinear),
            new Rule("norm-scale", "‖aA‖ = |a|‖A‖, ‖A/a‖ = ‖A‖/|a|, ‖−A‖ = ‖A‖ for norm and norm1; sqnorm(aA) = a²sqnorm(A); ‖a‖ = |a|, sqnorm(a) = a² for a scalar; ‖uvᵀ‖ = ‖u‖‖v‖ for all three",
                    on(NORM, NORM1, SQNORM), NormRules::normScale),
            new Rule("scalar-run", "A(uᵀBv)C = (uᵀBv)·AC: a 1×1 run inside a product is a scalar", on(MATMUL), ScalarRules::scalarRun),
            new Rule("distribute-for-run", "(A + BuᵀC)v = Av + (uᵀCv)·Bv, multiplied out where a term meets a 1×1 run (anywhere in a product: P(A + BuᵀC)vQ)", on(MATMUL),
                    ScalarRules::distributeForRun),
            new Rule("negated-coefficient", "−((−c) s A) = c s A, −((cA)/s) = (−cA)/s for a number c", on(NEG), ScalarRules::negatedCoefficient),
            new Rule("scale-div", "(a/b) A = (aA)/b, a (A/b) = (aA)/b, (c/q) X = cX/q, (c·q⁻ᵏ·b)·x = (c·b·x)/qᵏ also for a scalar x, but for a mean", on(SCALE), ScalarRules::scaleDiv),
            new Rule("pull-division", "A(B/s) = (AB)/s, A ⊙ (B/s) = (A ⊙ B)/s, but for a mean", on(MATMUL, HADAMARD), ScalarRules::pullDivision),
            new Rule("div-div", "(A/a)/b = A/(ab), ((p/q)A)/b = pA/(qb), but for a mean: mean(x)/b", on(DIV), ScalarRules::divDiv),
            new Rule("power-cancel", "uᵖ/u^q = u^(p−q) for scalar factors, p or q not whole", on(DIV), ScalarRules::powerCancel),
            // powers
            new Rule("power-runs", "ABAB = (AB)², (AB)ᵏAB = (AB)ᵏ⁺¹ (k ≠ −1), BᵀAᵀBᵀAᵀ = ((AB)²)ᵀ for a square product AB", on(MATMUL), PowerRuns::folded),
            new Rule("matmul-power", "AʲAᵏ = Aʲ⁺ᵏ (A·A = A², A⁻³A² = A⁻¹) for a symbol or name A; A⁻¹A⁻¹ = A⁻² for any A", on(MATMUL),
                    ProductRules::matmulPower).citedInSteps(),
            new Rule("power-transpose", "(Aᵀ)ᵏ = (Aᵏ)ᵀ", on(POWER), n -> is(n.arg(0), TRANSPOSE) ? transpose(power(arg(n.arg(0), 0), (int) n.param())) : null),
            new Rule("selection-diag", "(uᵀ ⊗ I)·diag(vec(A))·(v ⊗ I) = diag(A(u ⊙ v)), (uᵀ ⊗ I)·diag(vec(A))·(D ⊗ z) = diag(z)·A·diag(u)·D, "
                    + "(C ⊗ wᵀ)·diag(vec(A))·(D ⊗ z) = C·diag(Aᵀ(w ⊙ z))·D, and transposed",
                    on(MATMUL), BlockSelectors::selectionDiag).citedInSteps(),
            new Rule("selection-scaling", "(I ⊗ B)·diag(vec(I))·(1 ⊗ I) = diag(vec(B))·(I ⊗ 1), (B ⊗ I)·diag(vec(I))·(1 ⊗ I) = diag(vec(Bᵀ))·(1 ⊗ I)",
                    on(MATMUL), KronRules::kronSelection).citedInSteps(),
            new Rule("selection-kron", "Sᵀ(A ⊗ B)S = A ⊙ B for S = diag(vec(I))(1 ⊗ I); Sᵀ(A ⊗ B)diag(vec(M))(1 ⊗ I) = B ⊙ (AMᵀ), Sᵀ(A ⊗ B)diag(vec(M))(I ⊗ 1) = (BM) ⊙ A", on(MATMUL), ProductRules::selectionKron).citedInSteps(),
            new Rule("diag-product", "diag(u)·diag(v) = diag(u ⊙ v)", on(MATMUL), ProductRules::diagProduct),
            new Rule("diag-vector", "diag(v)·w = v ⊙ w, wᵀ·diag(v) = (v ⊙ w)ᵀ for vectors v, w; diag(v)·1 = v1ᵀ, 1·diag(v) = 1vᵀ", on(MATMUL), ProductRules::diagTimesVector),
            // a/a = 1 is for scalars what this is for entries (the entropy's gradient had p ⊘ p)
            new Rule("self-quotient", "A ⊘ A = 1", on(ELEMDIV), n -> n.arg(0) == n.arg(1) ? ones(n.shape()) : null).citedInSteps(),
            new Rule("tanh-quotient", "(eᵘ − e⁻ᵘ) ⊘ (eᵘ + e⁻ᵘ) = sinh(u) ⊘ cosh(u) = tanh(u)", on(ELEMDIV, DIV), ElementwiseRules::tanhQuotient).citedInSteps(),
            new Rule("softmax-one-row", "softmax(X) = 1 and logsumexp(X) = X for a single row: each column has one entry",
                    on(SOFTMAX, LOGSUMEXP), Stochastic::oneRow),
            new Rule("softmax-quotient", "eˣ / sum(eˣ) = softmax(x) for a vector x, also of a name for eˣ on either side, and B eˣ w / sum(eˣ) = B softmax(x) w, (w ⊙ eˣ) / sum(eˣ) = w ⊙ softmax(x), eˣ(eˣ)ᵀ / sum(eˣ)² = softmax(x) softmax(x)ᵀ",
                    on(DIV), Stochastic::vectorSoftmax).citedInSteps(),
            new Rule("softmax-columns-quotient", "eˣ ⊘ (1·sum(eˣ, 1)) = softmax(X), eˣ ⊙ (1·(G ⊘ sum(eˣ, 1))) = softmax(X) ⊙ (1·G), by rows likewise (softmax(Xᵀ)ᵀ)", on(HADAMARD, ELEMDIV),
                    Stochastic::columnSoftmax).citedInSteps(),
            new Rule("hadamard-power", "A ⊙ A = A.^2, A ⊙ A.^p = A.^(p+1), A.^±1 ⊙ √A.^k = √A.^(k±2), (A ⊘ B) ⊙ C = (A ⊙ C) ⊘ B for C like a factor of A (a power of it, or it)", on(HADAMARD), HadamardPowers::merged),
            new Rule("symbolic-power-product", "u·u^g = u^(g+1), u^k·u^g = u^(g+k), u^h·u^g = u^(g+h) for a symbolic exponent g, entry by entry too",
                    on(SCALE, HADAMARD), SymbolicPowers::merged),
            new Rule("symbolic-power-quotient", "u^g/u = u^(g−1), u^g/u^k = u^(g−k), u^g/u^h = u^(g−h) for a symbolic exponent g, entry by entry too",
                    on(DIV, ELEMDIV), SymbolicPowers::divided),
            new Rule("power-constant-exponent", "u.^(c·1) = u.^c: an exponent of one number c in every entry is that number",
                    on(POW), SymbolicPowers::constantExponent),
            new Rule("elempow-multiple", "(cA).^p = cᵖ A.^p for a number c, c > 0 or p whole; (cA)ᵏ = cᵏAᵏ", on(ELEMPOW, POWER), ElementwiseRules::elemPowOfMultiple),
            new Rule("power-of-scaled", "(aA)ᵏ = aᵏAᵏ for a scalar a and a square matrix A", on(POWER), ElementwiseRules::powerOfScaled),
            new Rule("elementwise-power-cancel", "A.^p ⊘ A.^q = A.^(p−q) for p or q, and p − q, not whole", on(ELEMDIV), ElementwiseRules::elemPowerCancel),
            new Rule("half-power", "u.^0.5 = √u, u.^−0.5 = 1 ⊘ √u", on(ELEMPOW), ElementwiseRules::halfPower),
            new Rule("sqrt-even-power", "√u.^(2k) = u.^k, √a^(2k) = aᵏ where √u is defined, u ≥ 0", on(ELEMPOW),
                    ElementwiseRules::sqrtEvenPower).citedInSteps(),
            new Rule("abs-even-power", "|A|.^(2k) = A.^(2k), |a|^(2k) = a^(2k)", on(ELEMPOW), AbsSignRules::absEvenPower).citedInSteps(),
            new Rule("hadamard-reciprocal", "A ⊙ B.^-k = A ⊘ B.^k for k > 0, A not holding B", on(HADAMARD), ElementwiseRules::hadamardReciprocal),
            new Rule("logistic", "eᵘ ⊘ (1 + eᵘ) = σ(u), 1 ⊘ (1 + eᵘ) = σ(−u), eᵘ ⊙ σ(−u) = eᵘσ(−u) = σ(u), eᵘ ⊘ (1 + eᵘ).^2 = σ(u) ⊙ (1 − σ(u))",
                    on(ELEMDIV, DIV, ELEMPOW, HADAMARD, SCALE),
                    ElementwiseRules::logistic).citedInSteps().readsWholeChain(),
            new Rule("odd-even", "f(−A) = −f(A) for f = sin, tan, tanh, arcsin, arctan, sign; cos(−A) = cos(A), |−A| = |A|",
                    ElementwiseRules.ODD_OR_EVEN, ElementwiseRules::oddOrEven).citedInSteps(),
            new Rule("abs-sign-scale", "|cA| = |c||A|, sign(cA) = sign(c) sign(A) for a number c", on(ABS, SIGN), AbsSignRules::absSignScale),
            new Rule("sigmoid-complement", "1 − σ(−u) = σ(u)", on(ADD), TermPairs::sigmoidComplement).citedInSteps(),
            new Rule("sigmoid-difference", "σ(u) − σ(−u) = tanh(u/2)", on(ADD), TermPairs::sigmoidDifference).citedInSteps(),
            new Rule("sigmoid-tanh", "2σ(2u) − 1 = tanh(u)", on(ADD), TermPairs::sigmoidTanh).citedInSteps(),
            new Rule("symmetric-factor-pair", "A ⊙ B + (A ⊙ B)ᵀ = A ⊙ (B + Bᵀ) for a symmetric A", on(ADD), TermPairs::symmetricFactorPair),
            new Rule("sign-abs", "sign(A) ⊙ A = |A|, sign(A) ⊙ |A| = A, sign(A) ⊘ |A| = A.^−1, sign(A) ⊙ |A|.^p = A ⊙ |A|.^(p−1) (p > 1), "
                    + "sign(A) ⊙ A.^(2k) = A ⊙ |A|.^(2k−1), sign(A) ⊙ A.^p = |A|.^p and sign(A) ⊙ |A|.^−p = A.^−p for an odd p > 0, "
                    + "and for scalar factors, c·sign(a)/|a|^p = c/a^p", on(HADAMARD, SCALE, ELEMDIV, DIV), AbsSignRules::signTimesItself).citedInSteps().readsWholeChain(),
            new Rule("log-exp", "log(exp(A)) = A, and exp(log(A)) = A where log(A) is defined", on(LOG, EXP),
                    n -> is(n.arg(0), n.op() == LOG ? EXP : LOG) ? arg(n.arg(0), 0) : null).citedInSteps(),
            new Rule("sqrt-square", "√(A.^2) = |A|", on(SQRT),
                    n -> n.arg(0) instanceof Node p && p.op() == ELEMPOW && p.param() == 2 ? call(ABS, p.arg(0)) : null).citedInSteps(),
            new Rule("sqrt-sqnorm", "√(uᵀu) = ‖u‖ for a vector u, √sqnorm(A) = √Tr(AᵀA) = ‖A‖", on(SQRT), NormRules::rootOfSquares).citedInSteps(),
            new Rule("abs-nonnegative", "|A| = A for A never negative: relu, exp, σ, softplus, softmax, √, |·|, a norm, vᵀv, an even power", on(ABS),
                    n -> ElementwiseRules.neverNegative(n.arg(0)) ? n.arg(0) : null),
            // a ReLU network's Hessian squares its step sign(relu(u)), which is 0 or 1
            new Rule("sign-power", "sign(A).^k = sign(A) for an odd k > 0, and for any whole k > 0 where A is never negative",
                    on(ELEMPOW), AbsSignRules::signPower),
            new Rule("reciprocal", "1 ⊘ A = A.^-1", on(ELEMDIV), n -> is(n.arg(0), ONES) ? elemPow(n.arg(1), -1) : null),
            new Rule("sum-inverse-hadamard", "sum(A ⊙ A⁻ᵀ) = Tr(A A⁻¹) = n", on(SUM), ProductRules::sumInverseHadamard).citedInSteps(),
            new Rule("sum-softmax", "sum(softmax(x)) = 1, also of a name for it", on(SUM),
                    n -> is(unnamed(n.arg(0)), SOFTMAX) && n.arg(0).shape().isColumn() ? ONE : null).citedInSteps(),
            new Rule("sum-of-sums", "sum(sum(A, 1)) = sum(sum(A, 2)) = sum(A)", on(SUM),
                    n -> is(n.arg(0), SUM_COLUMNS) || is(n.arg(0), SUM_ROWS) ? sum(arg(n.arg(0), 0)) : null),
            new Rule("sum-diagonal", "sum(X ⊙ I) = Tr(X)", on(SUM), ProductRules::sumDiagonal),
            new Rule("transpose-elementwise", "(f(Aᵀ))ᵀ = f(A), (Aᵀ ⊙ Bᵀ)ᵀ = A ⊙ B", on(TRANSPOSE), ElementwiseRules::transposeElementwise),
            new Rule("transpose-into-hadamard", "(A ⊙ B)ᵀ = Aᵀ ⊙ Bᵀ where no factor gains a transpose: (aᵀS ⊙ bᵀ)ᵀ = Sa ⊙ b for a symmetric S",
                    on(TRANSPOSE), TransposeRules::transposeIntoHadamard),
            new Rule("diagonal-mask", "Aᵀ ⊙ I = A ⊙ I, (A ⊙ I)ᵀ = A ⊙ I: the mask keeps the diagonal, which a transpose leaves", on(HADAMARD, TRANSPOSE),
                    ElementwiseRules::diagonalMask),
            // ones, diag, vec and Kronecker products
            new Rule("ones-column-sums", "1ᵀA = sum(A, 1) and A1 = sum(A, 2) for a matrix A", on(MATMUL), ProductRules::onesColumnSums),
            new Rule("ones-times-vector", "1_{k×n} v = sum(v) 1_k, uᵀ 1_{m×n} = sum(u) 1ᵀ_n", on(MATMUL), ProductRules::onesTimesVector),
            new Rule("sums-of-ones", "sum(1_{m×n}, 2) = n 1_m, sum(1_{m×n}, 1) = m 1ᵀ_n: a broadcast's row sums, with sum-of-product; sum(I, k) = 1",
                    on(SUM_COLUMNS, SUM_ROWS), ProductRules::sumsOfOnes),
            new Rule("sum-of-one", "sum(v, 2) = v for a column v, sum(r, 1) = r for a row r: one entry in each sum", on(SUM_COLUMNS, SUM_ROWS),
                    n -> (n.op() == SUM_ROWS ? n.arg(0).shape().cols() : n.arg(0).shape().rows()).isOne() ? n.arg(0) : null),
            new Rule("sums-of-transpose", "sum(Aᵀ, 1) = sum(A, 2)ᵀ, sum(Aᵀ, 2) = sum(A, 1)ᵀ", on(SUM_COLUMNS, SUM_ROWS), ProductRules::sumsOfTranspose),
            new Rule("sum-masked-diagonal", "sum(I ⊙ M, 2) = diag(M), sum(I ⊙ M, 1) = diag(M)ᵀ for a square M", on(SUM_COLUMNS, SUM_ROWS), DiagRules::sumsOfMasked),
            new Rule("ones-linear", "diag(1_{n×n}) = vec(1) = 1, unvec(1) = 1, 1_{m×1} 1_{1×n} = 1_{m×n}, 1_{m×k} 1_{k×n} = k 1_{m×n}",
                    on(DIAG_VECTOR, VEC, UNVEC, MATMUL), ProductRules::onesLinear),
            new Rule("diag-ones", "diag(1) = I, diag(I) = 1", on(DIAG_MATRIX, DIAG_VECTOR),
                    n -> n.op() == DIAG_MATRIX ? (is(n.arg(0), ONES) ? eye(n.shape().rows()) : null) : is(n.arg(0), EYE) ? ones(n.shape()) : null),
            new Rule("diag-outer", "diag(u vᵀ) = u ⊙ v, and term by term", on(DIAG_VECTOR), DiagRules::diagonalOfOuterProduct),
            new Rule("diag-of-diagonal-product", "diag(diag(v)M) = v ⊙ diag(M), diag(M diag(v)) = diag(M) ⊙ v, diag(P diag(v) Q) = (P ⊙ Qᵀ)v; "
                    + "and term by term", on(DIAG_VECTOR), DiagRules::diagonalOfDiagonalProduct).citedInSteps(),
            new Rule("diag-ones-product", "diag(1B) = sum(B, 1)ᵀ, diag(B1) = sum(B, 2) for a matrix of ones", on(DIAG_VECTOR),
                    DiagRules::diagonalOfOnesProduct),
            new Rule("diagonal-selection", "S(A ⊗ D)S = diag(vec(diag(diag(A) ⊙ d))) for S = diag(vec(I)), square A and D = diag(d) or I, and so for D ⊗ A",
                    on(MATMUL), DiagRules::diagonalSelection),
            new Rule("hadamard-selection", "Eᵀ(A ⊗ B)E = A ⊙ B for E = diag(vec(I))(1 ⊗ I), which maps w to vec(diag(w)), and square A, B of its size; "
                    + "term by term", on(MATMUL), DiagRules::hadamardSelection).citedInSteps(),
            new Rule("diagonal-commutes", "diag(vec(D))K = K diag(vec(D)) = diag(vec(D)) for a diagonal D and K of its shape, and so through a sum of K's and I's",
                    on(MATMUL), DiagRules::diagonalCommutes),
            new Rule("diag-transpose", "diag(Aᵀ) = diag(A): a matrix and its transpose share their diagonal", on(DIAG_VECTOR),
                    n -> is(n.arg(0), TRANSPOSE) ? call(DIAG_VECTOR, arg(n.arg(0), 0)) : null),
            new Rule("diag-diag", "diag(diag(v)) = v for a vector v; of a sum holding a diagonal matrix, term by term: diag(A ± c·diag(v)) = diag(A) ± c·diag(diag(v))", on(DIAG_VECTOR),
                    DiagRules::diagonalOfDiagonal),
            new Rule("trace-eye", "Tr(I_n) = sum(I_n) = Tr(1_{n×n}) = n", on(TR, SUM),
                    n -> is(n.arg(0), EYE) || n.op() == TR && is(n.arg(0), ONES) ? size(n.arg(0).shape().rows(), Dim.ONE) : null),
            new Rule("norm-constant", "‖I_n‖² = n, ‖1_{m×n}‖² = mn, ‖I_n‖ = √n, ‖1_{m×n}‖ = √(mn), and so for norm1 without the root",
                    on(SQNORM, NORM, NORM1), NormRules::normOfConstant),
            new Rule("centring-absorbed", "xcᵀ(I − 11ᵀ/n) = xcᵀ, (I − 11ᵀ/n)xc = xc for a centred xc = x − mean(x)·1", on(MATMUL),
                    Centring::centringAbsorbed).citedInSteps(),
            new Rule("sum-centred", "sum(c·(x − mean(x)·1)) = 0, and sum(C) = 0 for a C whose rows or columns sum to 0, as a term of a sum too",
                    on(SUM), Centring::sumCentred).citedInSteps(),
            new Rule("sums-centred", "sum(C, 2) = 0 for C = X − mean(X, 2)·1ᵀ (and cC, C ⊙ (u1ᵀ), AC), sum(C, 1) = 0 for X − 1·mean(X, 1), as a term of a sum too",
                    on(SUM_ROWS, SUM_COLUMNS), Centring::sumsCentred).citedInSteps(),
            new Rule("row-ones-terms", "uᵀ(A + c·1) = uᵀA + c·sum(u)", on(MATMUL), SumRules::rowTimesOnesTerms),
            new Rule("sum-ones-terms", "sum(A + c·1) = sum(A) + c·sum(1)", on(SUM), SumRules::sumOfOnesTerms),
            new Rule("sum-vec", "sum(vec(A)) = sum(A): vec(A) holds A's entries", on(SUM), n -> is(n.arg(0), VEC) ? sum(arg(n.arg(0), 0)) : null),
            // mean(x, 1) of a column is mean(x) (trial s72a: the two stood side by side in one gradient)
            new Rule("sum-along-a-vector", "sum(x, 1) = sum(x) for a column x, sum(x, 2) = sum(x) for a row", on(SUM_COLUMNS, SUM_ROWS),
                    n -> !n.arg(0).shape().isScalar() && (n.op() == SUM_COLUMNS ? n.arg(0).shape().isColumn() : n.arg(0).shape().rows().isOne())
                            ? sum(n.arg(0)) : null),
            new Rule("sum-hadamard-vectors", "sum(u ⊙ v) = uᵀv and sum(v.^2) = vᵀv for vectors, sum(uᵀ ⊙ vᵀ) = uᵀv for rows", on(SUM),
                    ElementwiseRules::sumHadamardVectors).citedInSteps(),
            new Rule("sum-squares", "sum(A.^2) = sum(A ⊙ A) = ‖A‖² for a matrix A", on(SUM), ElementwiseRules::sumOfSquares),
            new Rule("sqrt-cancel", "u/√u = √u, √u/u = 1/√u for scalar factors", on(DIV), ScalarRules::sqrtCancel),
            new Rule("abs-quotient", "u/|u| = |u|/u = sign(u) for scalar factors, X ⊘ |X| = |X| ⊘ X = sign(X)", on(DIV, ELEMDIV), NormRules::absQuotient).citedInSteps(),
            new Rule("function-of-number", "f(c) = its value for a number c where that is a short decimal: exp(0) = 1, log(1) = 0, σ(0) = 1/2, √4 = 2; f(c·1) = f(c)·1",
                    FunctionValues.ELEMENTWISE, FunctionValues::ofNumber),
            new Rule("div-cancel", "(aA)/a = A, a(A/a) = A, A/1 = A, (4A)/2 = 2A, (2A − 2B)/2 = A − B, (A − 2B)/2 = A/2 − B", on(DIV, SCALE), ScalarRules::divCancel),
            new Rule("mean-out", "sum(A)·M/(mn) = mean(A)·M for an m×n A, sum(X, 2)·1ᵀ/n = mean(X, 2)·1ᵀ, 1·sum(X, 1)/m = 1·mean(X, 1)",
                    on(DIV), MeanRules::meanOut),
            new Rule("mean-times-count", "mean(A)·mn = sum(A) for an m×n A, also among other scalar factors", on(SCALE), MeanRules::meanTimesCount).readsWholeChain(),
            // after the rules that read a chain's factors in pairs (σ(−u)eᵘ = σ(u), sign(a)|a| = a): a·a is a² only where they do not apply
            new Rule("exp-opposite", "eᵘ·e⁻ᵘ = 1 for scalar factors, exp(U) ⊙ exp(−U) = 1", on(SCALE, HADAMARD), ExpProducts::opposite).readsWholeChain(),
            new Rule("exp-quotient", "e^(cu)/e^(du) = e^((c − d)u) for scalar factors, exp(cU) ⊘ exp(dU) = exp((c − d)U), left on the side it is larger on (e^u/e^(2u) = 1/e^u)", on(DIV, ELEMDIV), ExpProducts::quotient),
            new Rule("scalar-powers", "a·a = a², a·aᵏ = aᵏ⁺¹ for scalar factors, and u·√u = √u³", on(SCALE), ScalarRules::scalarPowers).readsWholeChain(),
            new Rule("names-first", "f(u)·a = a·f(u): among up to 8 scalar factors, numbers, then variables, then the rest", on(SCALE), ScalarRules::namesFirst).readsWholeChain(),
            // sums
            new Rule("add-zero", "A + 0 = A", on(ADD), SumRules::addZero),
            new Rule("diagonal-terms", "diag(u)R ± a·diag(v)R ± diag(w)R/c = diag(u ± a·v ± w/c)R, R the same factors or none; I = diag(1) and R = diag(1)R where the canceller then lightens the entries", on(ADD),
                    DiagRules::diagonalTerms),
            new Rule("collect-terms", "aA + bA = (a + b)A, and xᵀy + yᵀx = 2xᵀy", on(ADD), SumRules::collectTerms),
            new Rule("scaling-sides", "P(Q ⊙ u1ᵀ) = (P ⊙ 1uᵀ)Q, where terms then agree", on(ADD), ScalingSides::merged),
            new Rule("transpose-kron", "(A ⊗ B)ᵀ = Aᵀ ⊗ Bᵀ", on(TRANSPOSE),
                    n -> is(n.arg(0), KRON) ? kron(transpose(arg(n.arg(0), 0)), transpose(arg(n.arg(0), 1))) : null),
            new Rule("common-coefficient", "2A − 2B = 2(A − B), 0.5A + 0.5B = 0.5(A + B)", on(ADD), SumRules::commonCoefficient),
            new Rule("common-fraction", "C − A/2 − B/2 = C − (A + B)/2: terms that share a coefficient 1/q, among others", on(ADD),
                    SumRules::commonFraction),
            new Rule("common-divisor", "A/s + B/s = (A + B)/s, A/s + B/(cs) = (A + B/c)/s for a scalar s that is not a number, but for a mean", on(ADD), SharedFactors::commonDivisor),
            new Rule("collect-scalar-terms", "aX + bX = (a + b)X for scalars a, b that are not numbers", on(ADD), SharedFactors::collectScalarTerms),
            new Rule("common-scalar", "sA + sB = s(A + B), sA/c + sB = s(A/c + B) for a scalar s", on(ADD), SharedFactors::commonScalar),
            new Rule("ones-sum", "1ᵀ v = vᵀ 1 = sum(v)", on(MATMUL), ProductRules::onesSum),
            new Rule("inner-normalised", "uᵀ(c·u/‖u‖ᵏ + v) = c‖u‖²/‖u‖ᵏ + uᵀv for a column u, and (…)ᵀu likewise", on(MATMUL),
                    NormRules::innerOfNormalised).citedInSteps(),
            new Rule("inner-quotient", "uᵀ(v ⊘ u) = (v ⊘ u)ᵀu = sum(v) for columns u, v (not 1×1)", on(MATMUL), ProductRules::innerQuotient).citedInSteps(),
            new Rule("vec-unvec", "vec(unvec(v)) = v, unvec(vec(A)) = A, a column is its own vec and a row's is its transpose", on(VEC, UNVEC), VecRules::vecUnvec),
            new Rule("unvec-kron", "unvec(u ⊗ v) = v uᵀ for columns u, v", on(UNVEC), VecRules::unvecKron).citedInSteps(),
            new Rule("commutation-vec", "K vec(A) = vec(Aᵀ) and vec(A)ᵀKᵀ = vec(Aᵀ)ᵀ for the commutation matrix K of A's shape, Kᵀ vec(A) and vec(A)ᵀK for Aᵀ's", on(MATMUL),
                    VecRules::commutationOfVec),
            new Rule("unvec-commutation", "unvec(K vec(A)) = Aᵀ, unvec(Kᵀ vec(A)) = Aᵀ for the commutation matrix K", on(UNVEC),
                    VecRules::unvecCommutation).citedInSteps(),
            new Rule("unvec-sum", "unvec(a vec(A) + v) = a A + unvec(v), also for an a (u ⊗ w) of columns, a vec(w uᵀ)", on(UNVEC), VecRules::unvecSum),
            new Rule("softmax-columns", "sum(softmax(X), 1) = 1ᵀ and sum(softmax(X)) = its number of columns: each column sums to 1; "
                    + "sum(softmax(X)ᵀ, 2) = 1 by rows; also of a name for it (attention's P), and as a term of a sum, sum(s·P + R) = s·sum(P) + sum(R)",
                    on(SUM_COLUMNS, SUM_ROWS, SUM), Stochastic::sums).citedInSteps(),
            new Rule("softmax-shift", "1·sum(P ⊙ (c·1 + G), 1) = c·1 + 1·sum(P ⊙ G, 1) where P's columns sum to 1 (a softmax), by rows likewise",
                    on(MATMUL), Stochastic::shiftedMeans).citedInSteps(),
            new Rule("shifted-jacobian", "p ⊙ (c·1 + B) − (pᵀ(c·1 + B))·p = p ⊙ B − (pᵀB)·p for a p that sums to 1, and so by columns and rows",
                    on(ADD, HADAMARD), Stochastic::shiftedJacobian).citedInSteps(),
            new Rule("sum-symmetric", "sum(S, 1)ᵀ = sum(S, 2) for a symmetric S: its column sums are its row sums", on(TRANSPOSE),
                    ProductRules::columnSumsOfSymmetric),
            new Rule("sum-diag", "sum(diag(v), 1) = vᵀ, sum(diag(v), 2) = v, sum(diag(v)) = sum(v)", on(SUM, SUM_COLUMNS, SUM_ROWS), ProductRules::sumDiag),
            new Rule("kron-adjoint-eye", "kronblocks(I, B) = Tr(B) I, blocksum(I, A) = Tr(A) I (Cookbook (105))",
                    on(KRONBLOCKS, BLOCKSUM), KronRules::kronAdjointEye).citedInSteps(),
            new Rule("kron-adjoint-kron", "kronblocks(V ⊗ C, B) = sum(C ⊙ B) V, blocksum(C ⊗ V, A) = sum(C ⊙ A) V, and term by term",
                    on(KRONBLOCKS, BLOCKSUM), KronRules::kronAdjointOfKron).citedInSteps(),
            new Rule("kron-adjoint-vec", "kronblocks(vec(M), b) = Mᵀb, blocksum(vec(M), x) = Mx for columns b and x: the blocks are M's columns",
                    on(KRONBLOCKS, BLOCKSUM), KronRules::kronAdjointOfVec).citedInSteps(),
            new Rule("kron-ones", "kronblocks(1, B) = sum(B) 1, blocksum(1, A) = sum(A) 1", on(KRONBLOCKS, BLOCKSUM), KronRules::kronOnes),
            new Rule("kron-vec", "(P ⊗ Q) vec(V) = vec(Q V Pᵀ)", on(MATMUL), VecRules::kronVec).citedInSteps(),
            new Rule("vec-elementwise", "vec(A) ⊙ vec(B) = vec(A ⊙ B), vec(A) ⊘ vec(B) = vec(A ⊘ B) for A, B of one shape", on(HADAMARD, ELEMDIV),
                    VecRules::elementwiseOfVecs),
            new Rule("vec-terms", "vec(A) ± vec(B) = vec(A ± B) for A, B of one shape, and so for vec(A)ᵀ ± vec(B)ᵀ", on(ADD), VecRules::sumOfVecs),
            new Rule("vec-row-kron", "vec(V)ᵀ (P ⊗ Q) = vec(Qᵀ V P)ᵀ", on(MATMUL), VecRules::vecRowKron).citedInSteps(),
            new Rule("vec-inner", "vec(A)ᵀ vec(B) = sum(A ⊙ B) = Tr(AᵀB) for A, B of one shape", on(MATMUL), VecRules::innerOfVecs).citedInSteps(),
            new Rule("kron-vec-terms", "(P ⊗ Q)(v₁R₁ + v₂R₂) = (P ⊗ Q)v₁R₁ + (P ⊗ Q)v₂R₂ for columns vᵢ, vec(V)ᵀ(M₁S₁ + M₂S₂) likewise where each Mᵢ is I or a Kronecker product or commutation matrix that vec-row-kron or commutation-vec rewrites, and (P₁ ⊗ Q₁ + P₂ ⊗ Q₂)v = vec(Q₁VP₁ᵀ) + vec(Q₂VP₂ᵀ) where kron-vec reads each (or vec-inner: a term vec(A)ᵀ; a term (P ⊗ Q)diag(vec(M)) reads vec(M ⊙ V))",
                    on(MATMUL), VecRules::kronVecOverTerms),
            new Rule("kron-mixed-product", "(A ⊗ B)(C ⊗ D) = AC ⊗ BD", on(MATMUL), KronRules::kronMixedProduct).citedInSteps(),
            new Rule("kron-distribute", "(A ⊗ B)(C ⊗ D + E ⊗ F) = AC ⊗ BD + AE ⊗ BF, and with the sum first, when each product is mixed; "
                    + "across a commutation matrix (A ⊗ B)K_{n,q}(C ⊗ D + …) = K_{m,p}(BC ⊗ AD + …) for A m×n, B p×q",
                    on(MATMUL), KronRules::kronDistribute),
            new Rule("kron-between-commutations", "K_{p,m}(A ⊗ B)K_{n,q} = B ⊗ A for A m×n, B p×q, and K diag(vec(S)) (A ⊗ B) K = diag(vec(Sᵀ)) (B ⊗ A)",
                    on(MATMUL), KronRules::kronBetweenCommutations).citedInSteps(),
            new Rule("kron-commutation", "(A ⊗ B)K = B ⊗ A for a row A or B, K(A ⊗ B) = B ⊗ A for a column A or B", on(MATMUL),
                    KronRules::kronCommutation).citedInSteps(),
            new Rule("kron-absorb", "M(aᵀ ⊗ D) = aᵀ ⊗ MD, (a ⊗ D)M = a ⊗ DM, and with D the row or column", on(MATMUL), KronRules::kronAbsorb),
            new Rule("kron-eye", "I_m ⊗ I_n = I_mn, 1 ⊗ 1 = 1", on(KRON), KronRules::kronEye),
            new Rule("kron-hadamard", "(A ⊗ B) ⊙ (C ⊗ D) = (A ⊙ C) ⊗ (B ⊙ D) for A, C and B, D of one shape; (A ⊗ B) ⊙ I = (A ⊙ I) ⊗ (B ⊙ I) for square A, B",
                    on(HADAMARD), KronRules::kronHadamard).citedInSteps(),
            new Rule("kron-power", "(A ⊗ B)ᵏ = Aᵏ ⊗ Bᵏ for square A, B", on(POWER), KronRules::kronPower).citedInSteps(),
            new Rule("kron-outer", "aᵀ ⊗ b = b ⊗ aᵀ = b aᵀ for a column b and a row aᵀ; aᵀ ⊗ (u rᵀ) = u vec(r aᵀ)ᵀ, (u rᵀ) ⊗ aᵀ = u vec(a rᵀ)ᵀ where that is u uᵀ", on(KRON), KronRules::kronOuter),
            new Rule("kron-outer-nested", "a ⊗ (bᵀ ⊗ M) = (a bᵀ) ⊗ M, (M ⊗ a) ⊗ bᵀ = M ⊗ (a bᵀ), for a column and a row either way round",
                    on(KRON), KronRules::kronOuterNested).citedInSteps(),
            new Rule("sum-broadcast-factor", "sum(A ⊙ (u1ᵀ), 2) = sum(A, 2) ⊙ u, sum(A ⊘ (u1ᵀ), 2) = sum(A, 2) ⊘ u, and by columns for 1vᵀ",
                    on(SUM_ROWS, SUM_COLUMNS), Broadcasts::sumOfBroadcastFactor),
            new Rule("sum-bilinear", "sum(A ⊙ (u vᵀ)) = uᵀ A v: the coefficient of a scalar differential, Tr((u vᵀ)ᵀ A), as the quadratic form it is",
                    on(SUM), Broadcasts::sumOfBilinear).citedInSteps(),
            new Rule("sum-weighted", "sum(A ⊙ (1vᵀ), 2) = Av, sum(A ⊙ (u1ᵀ), 1) = uᵀA, sum(A ⊙ (uvᵀ), 2) = (Av) ⊙ u, sum(A ⊙ (uvᵀ), 1) = (uᵀA) ⊙ vᵀ", on(SUM_ROWS, SUM_COLUMNS), Broadcasts::sumOfWeighted),
            new Rule("sum-terms", "sum(A ± B, k) = sum(A, k) ± sum(B, k) for k = 1, 2 when every term's sums have a closed form (diag(v), u vᵀ, ones, a softmax, A ⊙ 1vᵀ, also after a product's other factors)",
                    on(SUM_COLUMNS, SUM_ROWS), ClosedSums::sumOfTerms),
            new Rule("sum-outer", "sum(u vᵀ, 1) = sum(u) vᵀ, sum(u vᵀ, 2) = u sum(v)", on(SUM_COLUMNS, SUM_ROWS), ProductRules::sumOuter),
            new Rule("sum-of-product", "sum(AB, 2) = A sum(B, 2), sum(AB, 1) = sum(A, 1) B", on(SUM_COLUMNS, SUM_ROWS), ProductRules::sumOfProduct),
            new Rule("open-negated-sum", "A − (B + C) = A − B − C among other terms", on(ADD), SumRules::openNegatedSum),
            new Rule("positive-first", "−A + B = B − A: a sum starts with a positive term", on(ADD), SumRules::positiveFirst),
            new Rule("factor-common", "AB + AC + D = A(B + C) + D, BA + CA = (B + C)A, BJ − cJ = (B − cI)J for a sum J, J − MJ = (I − M)J with J's terms written out, MX − X ⊙ (u1ᵀ) = (M − diag(u))X, A(I + B) + A = A(2I + B)", on(ADD), SharedFactors::factorCommon),
            new Rule("hadamard-factor", "A ⊙ B + A ⊙ C = A ⊙ (B + C), B ⊙ A + C ⊙ A = (B + C) ⊙ A, a scalar c(A ⊙ B) read as A ⊙ cB, but where B or C divides", on(ADD),
                    SharedFactors::hadamardFactor),
            new Rule("kron-factor", "A ⊗ B + A ⊗ C = A ⊗ (B + C), A ⊗ C + B ⊗ C = (A + B) ⊗ C, a scalar c(A ⊗ B) read as A ⊗ cB or cA ⊗ B, with I_pn = I_p ⊗ I_n beside X ⊗ I_n or I_n ⊗ X", on(ADD), SharedFactors::kronFactor),
            new Rule("transpose-last", "Aᵀ + A = A + Aᵀ", on(ADD), SumRules::transposeLast),
            new Rule("transpose-of-terms", "Aᵀ ± Bᵀ = (A ± B)ᵀ, AᵀBᵀ + Cᵀ = (BA + C)ᵀ, 1ᵀ − vᵀ = (1 − v)ᵀ", on(ADD), TransposeRules::transposeOfTerms));

    private static Set<Op> on(Op... roots) { return Set.copyOf(EnumSet.copyOf(List.of(roots))); }

    /**
     * A result's diag(ABᵀ) as the row sums of A ⊙ B, the O(mn) form NumPy and torch compute (a batch norm's gain, diag(G x̂ᵀ),
     * is sum(G ⊙ x̂, 2)). Not in the table: offered to the objective before differentiation, its row sums of a product
     * differentiate into broadcasts (2·diag(w)·S read S ⊙ (w1ᵀ) + diag(w)·S), so only a finished gradient is written so.
     */
    public static final Rule DIAG_ROW_SUMS = new Rule("diag-row-sums", "diag(ABᵀ) = sum(A ⊙ B, 2) for A ≠ B of one shape, and term by term",
            on(DIAG_VECTOR), DiagRules::diagonalOfProductWithTranspose).citedInSteps();

    /**
     * A result's A ⊙ (v.^-k 1ᵀ) as A ⊘ (v.^k 1ᵀ): a group lasso's W ⊙ ((1 ⊘ s)1ᵀ) is W ⊘ (s1ᵀ), each row over its norm. Not in
     * the table: the reciprocal's row, ((1 ⊘ q)ᵀ), is what a Student-t's ∇μ factors through, (P + Pᵀ)·Xc·(1 ⊘ q)ᵀ.
     */
    public static final Rule HADAMARD_BROADCAST_RECIPROCAL = new Rule("hadamard-broadcast-reciprocal",
            "A ⊙ (v.^-k 1ᵀ) = A ⊘ (v.^k 1ᵀ), and of a broadcast row", on(HADAMARD), Broadcasts::hadamardBroadcastReciprocal);

    /**
     * A result's factor A ⊙ (1vᵀ) as A·diag(v), each column scaled: (P − Y)·diag(c)·Xᵀ, as a weighted loss's gradient is written.
     * Not in the table: there it would undo the broadcasts other rules read (scaling-sides, factor-common's MX − X ⊙ (u1ᵀ)).
     */
    public static final Rule HADAMARD_BROADCAST_DIAGONAL = new Rule("hadamard-broadcast-diagonal",
            "A ⊙ (1vᵀ) = A·diag(v), A ⊙ (u1ᵀ) = diag(u)·A as a factor of a product: each column (row) of A scaled", on(MATMUL, SCALE),
            Broadcasts::hadamardBroadcastDiagonal);

    /**
     * A result's entry-wise sum whose terms hold one base to different powers, with the lowest taken outside: the focal
     * loss's y ⊙ u.^3 ⊙ (3(p ⊙ log(p)) − u); a scalar sum's symbolic powers likewise, (1 − p)^(γ−1)·(γ·p·log(p) − (1 − p)).
     * Not in the table: there it would take factors out of the sums that later steps differentiate or cancel term by term.
     */
    public static final Rule COMMON_POWER = new Rule("common-power",
            "A ⊙ U.^(g+j) + B ⊙ U.^(g+k) = U.^(g+j) ⊙ (A + B ⊙ U.^(k−j)) for whole k > j, with the factors every term holds; a^(g+j)·b + a^(g+k)·c likewise",
            on(ADD), CommonPowers::outside);

    /**
     * A result's entry-wise sum with the factors every term holds taken outside wherever they stand: SwiGLU's gate
     * σ ⊙ (1 + u ⊙ (1 − σ)) ⊙ … Not in the table: there it would take factors out of sums the canceller reads whole
     * (σ ⊙ t − σ.^2 ⊙ t is σ ⊙ (1 − σ) ⊙ t there) and out of a Hessian's terms before they are differentiated.
     */
    public static final Rule HADAMARD_COMMON = new Rule("hadamard-common",
            "A ⊙ B ⊙ C + D ⊙ A ⊙ C = A ⊙ C ⊙ (B + D): the factors every term of an entry-wise sum holds, wherever they stand (⊙ commutes)",
            on(ADD), HadamardCommon::outside);

    /** The rules only a finished result is written with, after the table. */
    public static final List<Rule> FOR_RESULTS = List.of(DIAG_ROW_SUMS, HADAMARD_BROADCAST_RECIPROCAL, HADAMARD_BROADCAST_DIAGONAL,
            COMMON_POWER, HADAMARD_COMMON);

    private static final java.util.Map<String, String> CITED = cited();

    private static java.util.Map<String, String> cited() {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        for (Rule r : ALL) if (r.cited()) out.put(r.id(), r.statement());
        for (Rule r : FOR_RESULTS) if (r.cited()) out.put(r.id(), r.statement());
        // the simplifier's two cancellers, which are no table rows: where one changed a step, the step says so (trials
        // s67b, s68c: N*det(S)*tr(…)/(2*det(S)) became N*tr(…)/2 with nothing cited)
        out.put("cancel-rational", "quotients over a common denominator, or a factor common to a numerator and its denominator cancelled: a/u + b/v = (av + bu)/(uv), (a·u)/(b·u) = a/b");
        // not a table row either: a gradient written with the quotients the program names (calculus/QuotientNames)
        out.put("quotient-value", "N = q·D for a quotient q = N/D the program names: the quotient rule's ∇N/D − N∇D/D² is (∇N − q∇D)/D");
        out.put(NamesReadThrough.INVERSE, "a named matrix's inverse read through its definition where that cancels: with Y = X³, X²·Y⁻¹ = X²·(X³)⁻¹ = X⁻¹");
        out.put(NamesReadThrough.POWER, "a named power read through its definition where that merges: with Y = X², X·Y = X³");
        out.put("cancel-logistic", "σ(u)(1 − σ(u)) cancels against the σ(u) and 1 − σ(u) it is divided by");
        return out;
    }

    /** Every statement a step may name beside its laws. */
    public static java.util.Collection<String> citedStatements() { return CITED.values(); }

    /** The statement a step that used the rule with this id names beside its laws, or null (see {@link Rule#cited}). */
    public static String citedStatement(String id) { return CITED.get(id); }

    /**
     * (A + B)ᵀ = Aᵀ + Bᵀ. Not in {@link #ALL}: it would print (Xw − y)ᵀ as wᵀXᵀ − yᵀ. The
     * simplifier tries the table with it as well and keeps whichever result is shorter.
     */
    public static final Rule TRANSPOSE_SUM = new Rule("transpose-sum", "(A + B)ᵀ = Aᵀ + Bᵀ", on(TRANSPOSE),
            n -> is(n.arg(0), ADD)
                    ? add(n.arg(0).children().stream().map(Exprs::transpose).toList()) : null);

    public static final List<Rule> WITH_TRANSPOSED_SUMS = with(ALL, TRANSPOSE_SUM);

    /** The rules with extra first, and without the one extra undoes (moving a transpose out of a sum's terms). */
    private static List<Rule> with(List<Rule> rules, Rule extra) {
        List<Rule> out = new ArrayList<>(rules);
        out.removeIf(r -> r.id().equals("transpose-of-terms"));
        out.add(0, extra);
        return List.copyOf(out);
    }}
