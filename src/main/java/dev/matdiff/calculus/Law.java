package dev.matdiff.calculus;

/**
 * Every law a derivation may cite: the laws of differentials (Chen 2023, Theorem 2.1), the trace
 * properties (Theorem 2.2) and the adjoint rules that move dX to the right for the operations the
 * paper does not cover. Each has a stable id, a one-line statement and, where it has one, its
 * number in the paper; tests list which laws a derivation used and check each one numerically.
 */
public enum Law {
    // ---- laws of differentials: Theorem 2.1
    D_SUM("d-sum", "d(A ± B) = dA ± dB", "Thm 2.1 (1)"),
    D_PRODUCT("d-product", "d(AC) = (dA)C + A(dC)", "Thm 2.1 (2)"),
    D_TRANSPOSE("d-transpose", "d(Aᵀ) = (dA)ᵀ", "Thm 2.1 (3)"),
    D_TRACE("d-trace", "d Tr(D) = Tr(dD)", "Thm 2.1 (4)"),
    D_INVERSE("d-inverse", "d(D⁻¹) = −D⁻¹(dD)D⁻¹", "Thm 2.1 (5)"),
    D_DET("d-det", "d|D| = |D| Tr(D⁻¹ dD), Jacobi's formula (the seed's 1/N factor is wrong)", "Thm 2.1 (6), corrected"),
    D_HADAMARD("d-hadamard", "d(A ⊙ B) = dA ⊙ B + A ⊙ dB", "Thm 2.1 (7)"),
    D_ELEMENTWISE("d-elementwise", "d f(A) = f'(A) ⊙ dA for an element-wise f", "Thm 2.1 (8)"),
    // ---- further laws of differentials (consequences of the above)
    D_CONSTANT("d-constant", "dC = 0 for a constant or a symbol not differentiated", null),
    D_DEFINITION("d-definition", "the differential of a named intermediate is that of its definition", null),
    D_SCALE("d-scale", "d(aA) = (da)A + a dA, with a scalar a", "Thm 2.1 (2)"),
    D_QUOTIENT("d-quotient", "d(A/a) = dA/a − A da/a²", null),
    D_ELEMDIV("d-elemdiv", "d(A ⊘ B) = dA ⊘ B − (A ⊘ B ⊘ B) ⊙ dB", "Thm 2.1 (7)"),
    D_POWER("d-power", "d(Aᵏ) = Σᵢ Aⁱ (dA) Aᵏ⁻¹⁻ⁱ, and through D⁻¹ for k < 0", "Thm 2.1 (2), (5)"),
    D_ELEMPOW("d-elempow", "d(A.^p) = p A.^(p−1) ⊙ dA", "Thm 2.1 (8)"),
    D_LOGDET("d-logdet", "d log|D| = Tr(D⁻¹ dD)", "Thm 2.1 (6), corrected"),
    D_SUM_ENTRIES("d-sum-entries", "d sum(A) = sum(dA)", "Thm 2.1 (1)"),
    D_NORM("d-norm", "d‖A‖ = Tr(Aᵀ dA)/‖A‖, d‖A‖² = 2 Tr(Aᵀ dA), d‖A‖₁ = Tr(sign(A)ᵀ dA)", null),
    D_SOFTMAX("d-softmax", "d softmax(x) = (diag(s) − s sᵀ) dx with s = softmax(x)", null),
    D_LOG_SOFTMAX("d-log-softmax", "log softmax(h) = h − 1 logsumexp(h), so d log softmax(h) = dh − 1 softmax(h)ᵀ dh", "Ex. 3.3"),
    D_LOGSUMEXP("d-logsumexp", "d logsumexp(x) = softmax(x)ᵀ dx", null),
    D_KRON("d-kron", "d(A ⊗ B) = dA ⊗ B + A ⊗ dB", null),
    D_LINEAR("d-linear", "d L(A) = L(dA) for a linear map L (vec, diag, conv in each argument)", null),

    // ---- properties of the trace: Theorem 2.2
    TR_SCALAR("tr-scalar", "a = Tr(a)", "Thm 2.2 (1)"),
    TR_TRANSPOSE("tr-transpose", "Tr(Aᵀ) = Tr(A)", "Thm 2.2 (2)"),
    TR_SUM("tr-sum", "Tr(A ± B) = Tr(A) ± Tr(B)", "Thm 2.2 (3)"),
    TR_CYCLIC("tr-cyclic", "Tr(CDᵀ) = Tr(DᵀC)", "Thm 2.2 (4)"),
    TR_HADAMARD("tr-hadamard", "Tr(Cᵀ(D ⊙ F)) = Tr((C ⊙ D)ᵀ F)", "Thm 2.2 (5)"),
    // ---- adjoints of the other linear maps (Tr(Gᵀ L(V)) = Tr(L*(G)ᵀ V))
    TR_ADJOINT("tr-adjoint", "Tr(Gᵀ L(V)) = Tr(L*(G)ᵀ V) for the linear maps sum, ⊘, vec, diag, ⊗, conv", null),

    // ---- reading off
    READ_OFF("read-off", "df = Tr(Gᵀ dX) gives ∇_X f = G", "Def. 2.2"),
    SYMMETRIC("sym-gradient", "for symmetric X the gradient in the symmetric matrices is (G + Gᵀ)/2", null);

    private final String id;
    private final String statement;
    private final String reference;

    Law(String id, String statement, String reference) {
        this.id = id;
        this.statement = statement;
        this.reference = reference;
    }

    public String id() { return id; }

    public String statement() { return statement; }

    /** "Thm 2.1 (2)" and the like, or null for a law the paper does not number. */
    public String reference() { return reference; }

    /** How a step cites the law: the paper's number where there is one, then the statement. */
    public String citation() { return reference == null ? statement : reference + " " + statement; }
}
