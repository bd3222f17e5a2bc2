package dev.matdiff.calculus;

import java.util.List;

/**
 * Every law a derivation may cite: the laws of differentials (Chen 2023, Theorem 2.1), the trace
 * properties (Theorem 2.2) and the adjoint rules that move dX to the right for the operations the
 * paper does not cover. Each has a stable id, its formula (in plain text and in LaTeX), a note in
 * words where the formula needs one, and its number in the paper where it has one; tests list
 * which laws a derivation used and check each one numerically.
 */
public enum Law {
    // ---- laws of differentials: Theorem 2.1
    D_SUM("d-sum", "Thm 2.1 (1)", "d(A ± B) = dA ± dB", "\\mathrm{d}(A \\pm B) = \\mathrm{d}A \\pm \\mathrm{d}B", ""),
    D_PRODUCT("d-product", "Thm 2.1 (2)", "d(AC) = (dA)C + A(dC)", "\\mathrm{d}(AC) = (\\mathrm{d}A)C + A(\\mathrm{d}C)", ""),
    D_TRANSPOSE("d-transpose", "Thm 2.1 (3)", "d(Aᵀ) = (dA)ᵀ", "\\mathrm{d}(A^{\\top}) = (\\mathrm{d}A)^{\\top}", ""),
    D_TRACE("d-trace", "Thm 2.1 (4)", "d Tr(D) = Tr(dD)", "\\mathrm{d}\\operatorname{Tr}(D) = \\operatorname{Tr}(\\mathrm{d}D)", ""),
    D_INVERSE("d-inverse", "Thm 2.1 (5)", "d(D⁻¹) = −D⁻¹(dD)D⁻¹", "\\mathrm{d}(D^{-1}) = -D^{-1}(\\mathrm{d}D)D^{-1}", ""),
    D_DET("d-det", "Thm 2.1 (6), corrected", "d|D| = |D| Tr(D⁻¹ dD)",
            "\\mathrm{d}\\lvert D\\rvert = \\lvert D\\rvert \\operatorname{Tr}(D^{-1}\\,\\mathrm{d}D)",
            "Jacobi's formula; Chen 2023 writes an extra factor 1/N, which is wrong"),
    D_HADAMARD("d-hadamard", "Thm 2.1 (7)", "d(A ⊙ B) = dA ⊙ B + A ⊙ dB",
            "\\mathrm{d}(A \\odot B) = \\mathrm{d}A \\odot B + A \\odot \\mathrm{d}B", ""),
    D_ELEMENTWISE("d-elementwise", "Thm 2.1 (8)", "d f(A) = f'(A) ⊙ dA", "\\mathrm{d} f(A) = f'(A) \\odot \\mathrm{d}A",
            "for an element-wise f"),
    // ---- further laws of differentials (consequences of the above)
    D_CONSTANT("d-constant", null, "dC = 0", "\\mathrm{d}C = 0", "for a constant or a symbol not differentiated"),
    D_DEFINITION("d-definition", null, "dh = d(definition of h)", "\\mathrm{d}h = \\mathrm{d}(\\text{definition of } h)",
            "the differential of a named intermediate is that of its definition"),
    D_SCALE("d-scale", "Thm 2.1 (2)", "d(aA) = (da)A + a dA", "\\mathrm{d}(aA) = (\\mathrm{d}a)A + a\\,\\mathrm{d}A", "with a scalar a"),
    D_CONSTANT_FACTOR("d-constant-factor", "Thm 2.1 (2)", "d(cA) = c dA, d(A/c) = dA/c",
            "\\mathrm{d}(cA) = c\\,\\mathrm{d}A,\\ \\mathrm{d}(A/c) = \\mathrm{d}A/c", "for a constant scalar c"),
    D_QUOTIENT("d-quotient", null, "d(A/a) = dA/a − A da/a²", "\\mathrm{d}(A/a) = \\mathrm{d}A/a - A\\,\\mathrm{d}a/a^{2}", ""),
    D_ELEMDIV("d-elemdiv", null, "d(A ⊘ B) = dA ⊘ B − (A ⊘ B ⊘ B) ⊙ dB",
            "\\mathrm{d}(A \\oslash B) = \\mathrm{d}A \\oslash B - (A \\oslash B \\oslash B) \\odot \\mathrm{d}B", ""),
    D_POWER("d-power", "Thm 2.1 (2)", "d(Aᵏ) = Σᵢ Aⁱ (dA) Aᵏ⁻¹⁻ⁱ",
            "\\mathrm{d}(A^{k}) = \\textstyle\\sum_{i} A^{i}(\\mathrm{d}A)A^{k-1-i}", "for k > 0, of A⁻¹ for k < 0"),
    D_ELEMPOW("d-elempow", "Thm 2.1 (8)", "d(A.^p) = p A.^(p−1) ⊙ dA",
            "\\mathrm{d}(A^{\\circ p}) = p\\,A^{\\circ (p-1)} \\odot \\mathrm{d}A", ""),
    D_POW("d-pow", null, "d(U.^G) = G ⊙ U.^(G−1) ⊙ dU + U.^G ⊙ log(U) ⊙ dG",
            "\\mathrm{d}(U^{\\circ G}) = G \\odot U^{\\circ (G-1)} \\odot \\mathrm{d}U + U^{\\circ G} \\odot \\log U \\odot \\mathrm{d}G",
            "a symbolic exponent; a scalar side is every entry"),
    D_LOGDET("d-logdet", "Thm 2.1 (6), corrected", "d log|D| = Tr(D⁻¹ dD)",
            "\\mathrm{d}\\log\\lvert D\\rvert = \\operatorname{Tr}(D^{-1}\\,\\mathrm{d}D)", ""),
    D_SUM_ENTRIES("d-sum-entries", null, "d sum(A) = sum(dA)",
            "\\mathrm{d}\\operatorname{sum}(A) = \\operatorname{sum}(\\mathrm{d}A)", ""),
    D_NORM("d-norm", null, "d‖A‖ = sum(A ⊙ dA)/‖A‖ = Tr(Aᵀ dA)/‖A‖",
            "\\mathrm{d}\\lVert A\\rVert = \\operatorname{sum}(A \\odot \\mathrm{d}A)/\\lVert A\\rVert = \\operatorname{Tr}(A^{\\top}\\mathrm{d}A)/\\lVert A\\rVert", ""),
    D_SQNORM("d-sqnorm", null, "d‖A‖² = 2 sum(A ⊙ dA) = 2 Tr(Aᵀ dA)",
            "\\mathrm{d}\\lVert A\\rVert^{2} = 2\\operatorname{sum}(A \\odot \\mathrm{d}A) = 2\\operatorname{Tr}(A^{\\top}\\mathrm{d}A)", ""),
    D_NORM1("d-norm1", null, "d‖A‖₁ = sum(sign(A) ⊙ dA)",
            "\\mathrm{d}\\lVert A\\rVert_1 = \\operatorname{sum}(\\operatorname{sign}(A) \\odot \\mathrm{d}A)", "a subgradient, 0 at 0"),
    D_SOFTMAX("d-softmax", null, "d softmax(x) = (diag(s) − s sᵀ) dx",
            "\\mathrm{d}\\operatorname{softmax}(x) = (\\operatorname{diag}(s) - s s^{\\top})\\,\\mathrm{d}x",
            "with s = softmax(x), column by column for a matrix"),
    D_LOG_SOFTMAX("d-log-softmax", "Ex. 3.3", "d log softmax(h) = dh − 1 softmax(h)ᵀ dh",
            "\\mathrm{d}\\log\\operatorname{softmax}(h) = \\mathrm{d}h - \\mathbf{1}\\operatorname{softmax}(h)^{\\top}\\mathrm{d}h",
            "as log softmax(h) = h − 1 logsumexp(h)"),
    D_LOG_QUOTIENT("d-log-quotient", null, "d log(A ⊘ B) = d log A − d log B",
            "\\mathrm{d}\\log(A \\oslash B) = \\mathrm{d}\\log A - \\mathrm{d}\\log B",
            "entry by entry, as dA ⊘ A − dB ⊘ B"),
    D_LOGSUMEXP("d-logsumexp", null, "d logsumexp(x) = softmax(x)ᵀ dx",
            "\\mathrm{d}\\operatorname{logsumexp}(x) = \\operatorname{softmax}(x)^{\\top}\\mathrm{d}x", "column by column for a matrix"),
    D_KRON("d-kron", null, "d(A ⊗ B) = dA ⊗ B + A ⊗ dB", "\\mathrm{d}(A \\otimes B) = \\mathrm{d}A \\otimes B + A \\otimes \\mathrm{d}B", ""),
    D_LINEAR("d-linear", null, "d L(A) = L(dA)", "\\mathrm{d}L(A) = L(\\mathrm{d}A)", "for a linear map L (vec, diag, conv in one argument)"),
    D_BILINEAR("d-bilinear", null, "d L(A, C) = L(dA, C) + L(A, dC)", "\\mathrm{d}L(A, C) = L(\\mathrm{d}A, C) + L(A, \\mathrm{d}C)",
            "the product rule of a map L linear in each argument (conv, convfull, kronblocks, blocksum), as d(AC) = (dA)C + A(dC)"),

    // ---- properties of the trace: Theorem 2.2
    TR_SCALAR("tr-scalar", "Thm 2.2 (1)", "a = Tr(a)", "a = \\operatorname{Tr}(a)", ""),
    TR_TRANSPOSE("tr-transpose", "Thm 2.2 (2)", "Tr(Aᵀ) = Tr(A)", "\\operatorname{Tr}(A^{\\top}) = \\operatorname{Tr}(A)", ""),
    TR_SUM("tr-sum", "Thm 2.2 (3)", "Tr(A ± B) = Tr(A) ± Tr(B)", "\\operatorname{Tr}(A \\pm B) = \\operatorname{Tr}(A) \\pm \\operatorname{Tr}(B)", ""),
    TR_CYCLIC("tr-cyclic", "Thm 2.2 (4)", "Tr(CDᵀ) = Tr(DᵀC)", "\\operatorname{Tr}(CD^{\\top}) = \\operatorname{Tr}(D^{\\top}C)", ""),
    TR_HADAMARD("tr-hadamard", "Thm 2.2 (5)", "Tr(Cᵀ(D ⊙ F)) = Tr((C ⊙ D)ᵀ F)",
            "\\operatorname{Tr}(C^{\\top}(D \\odot F)) = \\operatorname{Tr}((C \\odot D)^{\\top}F)", ""),
    TR_LINEAR("tr-linear", null, "Tr(cA) = c Tr(A), Tr(A/c) = Tr(A)/c",
            "\\operatorname{Tr}(cA) = c\\operatorname{Tr}(A),\\ \\operatorname{Tr}(A/c) = \\operatorname{Tr}(A)/c", "for a scalar c"),
    TR_SCALE("tr-scale", null, "Tr(Gᵀ(A da)) = Tr(GᵀA) da", "\\operatorname{Tr}(G^{\\top}(A\\,\\mathrm{d}a)) = \\operatorname{Tr}(G^{\\top}A)\\,\\mathrm{d}a",
            "for a scalar differential da: the trace is linear"),
    // ---- adjoints of the other linear maps (Tr(Gᵀ L(V)) = Tr(L*(G)ᵀ V))
    TR_ADJOINT("tr-adjoint", null, "Tr(Gᵀ L(V)) = Tr(L*(G)ᵀ V)",
            "\\operatorname{Tr}(G^{\\top}L(V)) = \\operatorname{Tr}(L^{*}(G)^{\\top}V)",
            "for a linear map L (a sum, diag, vec, conv) and its adjoint L*, the map that moves it across the trace"),

    // ---- vectorising a differential (Magnus & Neudecker): vec(dF) = J vec(dX)
    VEC_SUM("vec-sum", null, "vec(A + B) = vec(A) + vec(B)", "\\operatorname{vec}(A + B) = \\operatorname{vec}(A) + \\operatorname{vec}(B)", ""),
    VEC_SCALAR("vec-scalar", null, "vec(aX) = a vec(X)", "\\operatorname{vec}(aX) = a \\operatorname{vec}(X)",
            "and vec(A x) = vec(A) x for a scalar x"),
    VEC_PRODUCT("vec-product", null, "vec(AXB) = (Bᵀ ⊗ A) vec(X)", "\\operatorname{vec}(AXB) = (B^{\\top} \\otimes A) \\operatorname{vec}(X)", ""),
    VEC_TRANSPOSE("vec-transpose", null, "vec(Xᵀ) = K vec(X)", "\\operatorname{vec}(X^{\\top}) = K_{m,n} \\operatorname{vec}(X)",
            "with K the commutation matrix"),
    VEC_HADAMARD("vec-hadamard", null, "vec(A ⊙ X) = diag(vec(A)) vec(X)",
            "\\operatorname{vec}(A \\odot X) = \\operatorname{diag}(\\operatorname{vec}(A)) \\operatorname{vec}(X)", ""),
    VEC_TRACE("vec-trace", null, "Tr(X) = vec(I)ᵀ vec(X), sum(X) = 1ᵀ vec(X)",
            "\\operatorname{Tr}(X) = \\operatorname{vec}(I)^{\\top} \\operatorname{vec}(X)", ""),
    VEC_DIAG("vec-diag", null, "vec(diag(x)) = diag(vec(I)) (1 ⊗ I) x",
            "\\operatorname{vec}(\\operatorname{diag}(x)) = \\operatorname{diag}(\\operatorname{vec}(I)) (\\mathbf{1} \\otimes I) x",
            "and its transpose for the diagonal of a matrix"),
    VEC_KRON("vec-kron", null, "vec(A ⊗ B) = (Iₙ ⊗ K_{q,m} ⊗ I_p)(vec(A) ⊗ vec(B))",
            "\\operatorname{vec}(A \\otimes B) = (I_n \\otimes K_{q,m} \\otimes I_p)(\\operatorname{vec}(A) \\otimes \\operatorname{vec}(B))",
            "for A m×n, B p×q"),
    VEC_CONV("vec-conv", null, "vec(conv(X, K)) = T_K vec(X) = C_X vec(K)",
            "\\operatorname{vec}(\\operatorname{conv}(X, K)) = T_K \\operatorname{vec}(X) = C_X \\operatorname{vec}(K)",
            "for X p×q and K r×s, T_K = convmatrix(K, p, q) and C_X = im2col(X, r, s); convfull(G, K) has T_Kᵀ in G and T_Gᵀ in K"),

    // ---- reading off
    READ_OFF("read-off", "Def. 2.2", "df = Tr(Gᵀ dX) gives ∇_X f = G",
            "\\mathrm{d}f = \\operatorname{Tr}(G^{\\top}\\mathrm{d}X) \\implies \\nabla_X f = G", ""),
    READ_JACOBIAN("read-off-jacobian", null, "vec(dF) = J vec(dX) gives ∂vec(F)/∂vec(X) = J",
            "\\operatorname{vec}(\\mathrm{d}F) = J \\operatorname{vec}(\\mathrm{d}X) \\implies \\frac{\\partial \\operatorname{vec}(F)}{\\partial \\operatorname{vec}(X)} = J", ""),
    READ_HESSIAN("read-off-hessian", null, "vec(d∇f) = H vec(dX) gives ∇²f = H",
            "\\operatorname{vec}(\\mathrm{d}\\nabla f) = H \\operatorname{vec}(\\mathrm{d}X) \\implies \\nabla^{2} f = H",
            "and d²f = vec(dX)ᵀ H vec(dX)"),
    JACOBIAN_CHAIN("jacobian-chain", null, "∂f/∂vec(X) = ∂f/∂h · ∂h/∂vec(X)",
            "\\frac{\\partial f}{\\partial \\operatorname{vec}(X)} = \\frac{\\partial f}{\\partial h} \\frac{\\partial h}{\\partial \\operatorname{vec}(X)}",
            "the chain rule, Jacobians multiplied"),
    DEVECTORISE("devectorise", null, "vec(∇_X f) = (∂f/∂vec(X))ᵀ",
            "\\operatorname{vec}(\\nabla_X f) = \\left(\\frac{\\partial f}{\\partial \\operatorname{vec}(X)}\\right)^{\\top}",
            "the gradient is the row ∂f/∂vec(X), transposed and unstacked into X's shape"),
    HVP("hessian-vector", null, "∇²f[V] = d∇f with dX = V", "\\nabla^{2} f[V] = \\mathrm{d}\\nabla f \\big|_{\\mathrm{d}X = V}",
            "the Hessian applied to a direction, with no mn×mn matrix formed"),
    NUMERATOR_LAYOUT("numerator-layout", null, "∂f/∂X = (∇_X f)ᵀ", "\\frac{\\partial f}{\\partial X} = (\\nabla_X f)^{\\top}",
            "as texts in numerator layout write the transposed gradient"),
    SYMMETRIC("sym-gradient", null, "∇_S f = (G + Gᵀ)/2", "\\nabla_S f = (G + G^{\\top})/2",
            "for symmetric S, the gradient within the symmetric matrices"),
    SYMMETRIC_JACOBIAN("sym-jacobian", null, "∂vec(F)/∂vec(S) = J (I + K)/2", "\\frac{\\partial \\operatorname{vec}(F)}{\\partial \\operatorname{vec}(S)} = J \\, (I + K)/2",
            "for symmetric S, the Jacobian within the symmetric matrices: the same on symmetric directions, each row a symmetric gradient as ∇_S gives"),
    SYMMETRIC_HESSIAN("sym-hessian", null, "∇²_S f = H (I + K)/2", "\\nabla^{2}_S f = H \\, (I + K)/2",
            "for symmetric S, the Hessian within the symmetric matrices: the same on symmetric directions, and itself symmetric");

    private final String id;
    private final String reference;
    private final String formula;
    private final String latex;
    private final String words;

    Law(String id, String reference, String formula, String latex, String words) {
        this.id = id;
        this.reference = reference;
        this.formula = formula;
        this.latex = latex;
        this.words = words;
    }

    public String id() { return id; }

    /** "Thm 2.1 (2)" and the like, or null for a law the paper does not number. */
    public String reference() { return reference; }

    /** The law as a formula in plain text: "d(AC) = (dA)C + A(dC)". */
    public String formula() { return formula; }

    /** The formula in math-mode LaTeX. */
    public String latex() { return latex; }

    /** What the formula needs said in words ("for an element-wise f"), or empty. */
    public String words() { return words; }

    /**
     * The laws a simplification rule applies, by the rule's id, which a step that used the rule cites beside its own: a
     * trace that vanishes because the simplifier rotated its product to a 1×1 one used Thm 2.2 (4) and (1), whichever
     * phase it happened in. Rules that only move transposes, scalars and ones cite nothing (LawTest checks each id names
     * a rule).
     */
    static final java.util.Map<String, List<Law>> APPLIED_BY = java.util.Map.of(
            "trace-rotate", List.of(TR_CYCLIC, TR_SCALAR),
            "trace-terms", List.of(TR_SUM, TR_CYCLIC, TR_SCALAR));

    public static List<Law> appliedBy(String ruleId) { return APPLIED_BY.getOrDefault(ruleId, List.of()); }

    /** The whole statement: the formula and its words. */
    public String statement() {
        if (words.isEmpty()) return formula;
        boolean continues = words.startsWith("for ") || words.startsWith("with ");
        return formula + (continues ? " " : ", ") + words;
    }

    /** How a step cites the law: the paper's number where there is one, then the statement. */
    public String citation() { return reference == null ? statement() : reference + " " + statement(); }

    /** Where the numbers a citation gives (Thm 2.1 (2), Def. 2.2, Ex. 3.3) are from, as a derivation's last line says it. */
    public static final String SOURCE_LINE = "Thm, Def. and Ex. numbers are those of Chen (2023), Backpropagation — A Perspective of Matrix Calculus.";

    /** Whether any of the laws is cited by its number in the paper of {@link #SOURCE_LINE}. */
    public static boolean anyNumbered(java.util.Collection<Law> laws) {
        return laws.stream().anyMatch(l -> l.reference != null);
    }
}
