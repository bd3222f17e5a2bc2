package dev.matdiff.codegen;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The helper functions a generated Python module defines when its code calls them ({@code @name}
 * in a {@link dev.matdiff.expr.CodeForm} is {@code _name} here), for NumPy and for PyTorch. Each
 * works along the first axis, so a vector's entries and a matrix's columns are treated alike, and
 * none overflows where the mathematics does not. The helpers of the module's own checks are
 * {@link PythonCheckRuntime}'s.
 */
final class PythonRuntime {
    private PythonRuntime() {}

    /** A helper's source, and the helpers it calls. */
    record Helper(String source, List<String> calls) {}

    static Map<String, Helper> of(Language language) { return language == Language.TORCH ? TORCH : NUMPY; }

    private static final Map<String, Helper> NUMPY = new LinkedHashMap<>();
    private static final Map<String, Helper> TORCH = new LinkedHashMap<>();

    /** kron(eye(p), b) @ m and m @ kron(eye(p), b), the same in NumPy and PyTorch: reshapes and a batched product. */
    private static final String BLOCK_TIMES = """
            def _blocktimes(b, m):
                \"\"\"kron(eye(p), b) @ m block by block, the block-diagonal matrix never formed.\"\"\"
                return (b @ m.reshape(-1, b.shape[1], m.shape[1])).reshape(-1, m.shape[1])
            """;
    private static final String TIMES_BLOCK = """
            def _timesblock(m, b):
                \"\"\"m @ kron(eye(p), b) block by block, the block-diagonal matrix never formed.\"\"\"
                return (m.reshape(m.shape[0], -1, b.shape[0]) @ b).reshape(m.shape[0], -1)
            """;

    private static void numpy(String name, String source, String... calls) { NUMPY.put(name, new Helper(source, List.of(calls))); }

    private static void torch(String name, String source, String... calls) { TORCH.put(name, new Helper(source, List.of(calls))); }

    /** _im2col in NumPy or PyTorch: the library, how a patch is stacked by columns, and the name of stack's axis argument. */
    private static String im2col(String lib, String byColumns, String axis) {
        return """
                def _im2col(x, like):
                    \"\"\"C with vec(_conv(x, k)) = C vec(k) for every k of like's shape: row i the patch of x output entry i reads.\"\"\"
                    r, s = like.shape
                    rows, cols = x.shape[0] - r + 1, x.shape[1] - s + 1
                    return LIB.stack([x[a:a + rows, b:b + cols].COLUMN for b in range(s) for a in range(r)], AXIS=1)
                """.replace("LIB", lib).replace("COLUMN", byColumns).replace("AXIS", axis);
    }

    /** _convmatrix in NumPy or PyTorch: the library, a tensor's dtype and device arguments, and how an index grid is flattened. */
    private static String convMatrix(String lib, String made, String on, String flat) {
        return """
                def _convmatrix(k, like):
                    \"\"\"T with vec(_conv(x, k)) = T vec(x) for every x of like's shape (vec stacks columns): conv's Jacobian in x.\"\"\"
                    r, s = k.shape
                    p, q = like.shape
                    rows, cols = p - r + 1, q - s + 1
                    t = LIB.zeros((rows * cols, p * q)MADE)
                    u, v = LIB.meshgrid(LIB.arange(rowsON), LIB.arange(colsON), indexing="ij")
                    for a in range(r):
                        for b in range(s):
                            t[(u + rows * v).FLAT, (u + a + p * (v + b)).FLAT] = k[a, b]
                    return t
                """.replace("LIB", lib).replace("MADE", made).replace("ON", on).replace("FLAT", flat);
    }

    /** What defines one helper: its name, source, and the helpers it calls. */
    interface Definer { void helper(String name, String source, String... calls); }

    static {
        PythonCheckRuntime.define(PythonRuntime::numpy, PythonRuntime::torch);
        numpy("sigmoid", """
                def _sigmoid(x):
                    \"\"\"1 / (1 + exp(-x)) without overflow.\"\"\"
                    return np.exp(-np.logaddexp(0.0, -x))
                """);
        numpy("softmax", """
                def _softmax(x):
                    \"\"\"exp(x) / sum(exp(x)) along the first axis, without overflow.\"\"\"
                    e = np.exp(x - np.max(x, axis=0))
                    return e / np.sum(e, axis=0)
                """);
        numpy("logsumexp", """
                def _logsumexp(x):
                    \"\"\"log(sum(exp(x))) along the first axis, without overflow.\"\"\"
                    top = np.max(x, axis=0)
                    return top + np.log(np.sum(np.exp(x - top), axis=0))
                """);
        numpy("log_softmax", """
                def _log_softmax(x):
                    \"\"\"log(softmax(x)) as x - logsumexp(x): no log of an underflowed 0.\"\"\"
                    return x - _logsumexp(x)
                """, "logsumexp");
        numpy("logdet", """
                def _logdet(a):
                    \"\"\"log(det(a)) from an LU factorisation (no overflow of det): NaN if det(a) < 0, -inf if 0.\"\"\"
                    sign, logabsdet = np.linalg.slogdet(a)
                    return logabsdet if sign > 0 else (-np.inf if sign == 0 else np.nan)
                """);
        numpy("adjugate", """
                def _adjugate(a):
                    \"\"\"adj(a) = det(a) inv(a), with a @ adj(a) = det(a) I: from its cofactors up to 3x3 (exact entry by entry), else
                    det(a) inv(a), or from the SVD where a is singular and has no inverse.\"\"\"
                    if a.shape[0] == 1:
                        return np.ones((1, 1))
                    if a.shape[0] == 2:
                        return np.array([[a[1, 1], -a[0, 1]], [-a[1, 0], a[0, 0]]])
                    if a.shape[0] == 3:
                        return np.array([np.cross(a[:, 1], a[:, 2]), np.cross(a[:, 2], a[:, 0]), np.cross(a[:, 0], a[:, 1])])
                    try:
                        return np.linalg.det(a) * np.linalg.inv(a)
                    except np.linalg.LinAlgError:
                        u, s, vt = np.linalg.svd(a)
                        cofactors = np.array([np.prod(np.delete(s, i)) for i in range(s.size)])
                        return np.sign(np.linalg.det(u)) * np.sign(np.linalg.det(vt)) * (vt.T * cofactors) @ u.T
                """);
        numpy("norm2", """
                def _norm2(x):
                    \"\"\"The 2-norm of the entries, scaled by the largest so that the squares neither overflow nor underflow.\"\"\"
                    top = np.max(np.abs(x))
                    return top * np.sqrt(np.vdot(x / top, x / top)) if 0 < top < np.inf else np.sqrt(np.vdot(x, x))
                """);
        torch("norm2", """
                def _norm2(x):
                    \"\"\"The 2-norm of the entries, scaled by the largest so that the squares neither overflow nor underflow.\"\"\"
                    top = torch.max(torch.abs(x))
                    return top * torch.sqrt(torch.sum(torch.square(x / top))) if 0 < top < torch.inf else torch.sqrt(torch.sum(torch.square(x)))
                """);
        numpy("sqnorm", """
                def _sqnorm(x):
                    \"\"\"The sum of the squared entries.\"\"\"
                    return np.vdot(x, x)
                """);
        numpy("conv", """
                def _conv(x, k):
                    \"\"\"2-D valid cross-correlation, stride 1.\"\"\"
                    r, s = k.shape
                    p, q = x.shape[0] - r + 1, x.shape[1] - s + 1
                    out = np.zeros((p, q))
                    for a in range(r):
                        for b in range(s):
                            out += k[a, b] * x[a:a + p, b:b + q]
                    return out
                """);
        numpy("convfull", """
                def _convfull(g, k):
                    \"\"\"The full convolution of g with k: the adjoint of _conv(x, k) in x.\"\"\"
                    r, s = k.shape
                    p, q = g.shape
                    out = np.zeros((p + r - 1, q + s - 1))
                    for a in range(r):
                        for b in range(s):
                            out[a:a + p, b:b + q] += k[a, b] * g
                    return out
                """);
        numpy("convmatrix", convMatrix("np", "", "", "ravel()"));
        numpy("im2col", im2col("np", "reshape(-1, order=\"F\")", "axis"));
        numpy("blocktimes", BLOCK_TIMES);
        numpy("timesblock", TIMES_BLOCK);
        numpy("kronblocks", """
                def _kronblocks(g, b):
                    \"\"\"The matrix of <block (i, j) of g, b>: the adjoint of kron(v, b) in v.\"\"\"
                    p, q = b.shape
                    return np.einsum("ipjq,pq->ij", g.reshape(g.shape[0] // p, p, g.shape[1] // q, q), b)
                """);
        numpy("blocksum", """
                def _blocksum(g, a):
                    \"\"\"The sum of a[i, j] times block (i, j) of g: the adjoint of kron(a, v) in v.\"\"\"
                    m, n = a.shape
                    return np.einsum("ipjq,ij->pq", g.reshape(m, g.shape[0] // m, n, g.shape[1] // n), a)
                """);

        numpy("commutation", """
                def _commutation(a):
                    \"\"\"K with vec(x.T) = K vec(x) for every x of a's shape (vec stacks columns): a permutation matrix.\"\"\"
                    m, n = a.shape
                    k = np.zeros((m * n, m * n))
                    # vec(x)[i + m j] = x[i, j] = vec(x.T)[j + n i]
                    i, j = np.meshgrid(np.arange(m), np.arange(n), indexing="ij")
                    k[(j + n * i).ravel(), (i + m * j).ravel()] = 1.0
                    return k
                """);

        torch("device_of", """
                def _device_of(*args):
                    \"\"\"The device of the first argument that is a tensor (None, the default device, if none is).\"\"\"
                    for a in args:
                        if isinstance(a, torch.Tensor):
                            return a.device
                    return None
                """);
        torch("commutation", """
                def _commutation(a):
                    \"\"\"K with vec(x.T) = K vec(x) for every x of a's shape (vec stacks columns): a permutation matrix.\"\"\"
                    m, n = a.shape
                    k = torch.zeros((m * n, m * n), dtype=a.dtype, device=a.device)
                    # vec(x)[i + m j] = x[i, j] = vec(x.T)[j + n i]
                    i, j = torch.meshgrid(torch.arange(m, device=a.device), torch.arange(n, device=a.device), indexing="ij")
                    k[(j + n * i).reshape(-1), (i + m * j).reshape(-1)] = 1.0
                    return k
                """);
        torch("softplus", """
                def _softplus(x):
                    \"\"\"log(1 + exp(x)) without overflow.\"\"\"
                    return torch.logaddexp(x, torch.zeros_like(x))
                """);
        numpy("sech2", """
                def _sech2(x):
                    \"\"\"1 - tanh(x)**2 without cancelling: 4 e^(-2|x|) / (1 + e^(-2|x|))^2.\"\"\"
                    t = np.exp(-2 * np.abs(x))
                    return 4 * t / (1 + t) ** 2
                """);
        torch("sech2", """
                def _sech2(x):
                    \"\"\"1 - tanh(x)**2 without cancelling: 4 e^(-2|x|) / (1 + e^(-2|x|))^2.\"\"\"
                    t = torch.exp(-2 * torch.abs(x))
                    return 4 * t / (1 + t) ** 2
                """);
        torch("logdet", """
                def _logdet(a):
                    \"\"\"log(det(a)) from an LU factorisation (no overflow of det): NaN if det(a) < 0, -inf if 0.\"\"\"
                    sign, logabsdet = torch.linalg.slogdet(a)
                    return logabsdet + torch.log(sign)
                """);
        torch("adjugate", """
                def _adjugate(a):
                    \"\"\"adj(a) = det(a) inv(a), with a @ adj(a) = det(a) I: from its cofactors up to 3x3 (exact entry by entry), else
                    det(a) inv(a), or from the SVD where a is singular and has no inverse.\"\"\"
                    if a.shape[0] == 1:
                        return torch.ones((1, 1), dtype=a.dtype, device=a.device)
                    if a.shape[0] == 2:
                        return torch.stack([torch.stack([a[1, 1], -a[0, 1]]), torch.stack([-a[1, 0], a[0, 0]])])
                    if a.shape[0] == 3:
                        return torch.stack([torch.cross(a[:, 1], a[:, 2], dim=0), torch.cross(a[:, 2], a[:, 0], dim=0),
                                            torch.cross(a[:, 0], a[:, 1], dim=0)])
                    try:
                        return torch.linalg.det(a) * torch.linalg.inv(a)
                    except RuntimeError:
                        u, s, vt = torch.linalg.svd(a)
                        cofactors = torch.stack([torch.prod(torch.cat([s[:i], s[i + 1:]])) for i in range(s.shape[0])])
                        return torch.sign(torch.linalg.det(u)) * torch.sign(torch.linalg.det(vt)) * (vt.T * cofactors) @ u.T
                """);
        torch("conv", """
                def _conv(x, k):
                    \"\"\"2-D valid cross-correlation, stride 1.\"\"\"
                    r, s = k.shape
                    p, q = x.shape[0] - r + 1, x.shape[1] - s + 1
                    out = torch.zeros((p, q), dtype=x.dtype, device=x.device)
                    for a in range(r):
                        for b in range(s):
                            out = out + k[a, b] * x[a:a + p, b:b + q]
                    return out
                """);
        torch("convfull", """
                def _convfull(g, k):
                    \"\"\"The full convolution of g with k: the adjoint of _conv(x, k) in x.\"\"\"
                    r, s = k.shape
                    p, q = g.shape
                    out = torch.zeros((p + r - 1, q + s - 1), dtype=g.dtype, device=g.device)
                    for a in range(r):
                        for b in range(s):
                            out[a:a + p, b:b + q] += k[a, b] * g
                    return out
                """);
        torch("kron", """
                def _kron(a, b):
                    \"\"\"The Kronecker product; of contiguous copies, since torch.kron of a transposed tensor fails in some versions.\"\"\"
                    return torch.kron(a.contiguous(), b.contiguous())
                """);
        torch("convmatrix", convMatrix("torch", ", dtype=k.dtype, device=k.device", ", device=k.device", "reshape(-1)"));
        torch("im2col", im2col("torch", "t().reshape(-1)", "dim"));
        torch("blocktimes", BLOCK_TIMES);
        torch("timesblock", TIMES_BLOCK);
        torch("kronblocks", """
                def _kronblocks(g, b):
                    \"\"\"The matrix of <block (i, j) of g, b>: the adjoint of kron(v, b) in v.\"\"\"
                    p, q = b.shape
                    return torch.einsum("ipjq,pq->ij", g.reshape(g.shape[0] // p, p, g.shape[1] // q, q), b)
                """);
        torch("blocksum", """
                def _blocksum(g, a):
                    \"\"\"The sum of a[i, j] times block (i, j) of g: the adjoint of kron(a, v) in v.\"\"\"
                    m, n = a.shape
                    return torch.einsum("ipjq,ij->pq", g.reshape(m, g.shape[0] // m, n, g.shape[1] // n), a)
                """);
    }
}
