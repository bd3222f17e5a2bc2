"""The audit's operators, ML objectives and stress points (see numeric_audit.py)."""
import numpy as np


def ab(v):
    return float(np.sum(np.abs(v)))


def operator_groups(n, seed, Group):
    m = 3 if n != 3 else 2
    g = Group("operators_%d" % n, seed)
    X = g.var("X", "matrix", g.signed((n, m), 0.1, 2))
    Y = g.var("Y", "matrix", g.signed((n, m), 0.1, 2))
    P = g.var("P", "matrix", g.uniform((n, m), 0.5, 2))
    B = g.var("B", "matrix", g.signed((m, n), 0.1, 2))
    x = g.var("x", "vector", g.signed((n, 1), 0.1, 2))
    y = g.var("y", "vector", g.signed((m, 1), 0.1, 2))
    r = g.var("r", "matrix", g.signed((1, n), 0.1, 2))
    a = g.var("a", "scalar", 1.7)
    b = g.var("b", "scalar", -0.6)
    C = g.var("C", "matrix", g.signed((n, m), 0.5, 1.5), constant=True)
    D = g.var("D", "matrix", g.signed((n, n), 0.5, 1.5), constant=True)
    K = g.var("K", "matrix", g.signed((2, 3), 0.5, 1.5), constant=True)
    g.add("sum(C .* (X + Y))", np.sum(C * (X + Y)), {"X": C, "Y": C}, floor=ab(C * X) + ab(C * Y))
    g.add("sum(C .* (X - Y))", np.sum(C * (X - Y)), {"X": C, "Y": -C}, floor=ab(C * X) + ab(C * Y))
    g.add("sum(C .* (-X))", -np.sum(C * X), {"X": -C}, floor=ab(C * X))
    g.add("sum(D .* (X*B))", np.sum(D * (X @ B)), {"X": D @ B.T, "B": X.T @ D}, floor=ab(np.abs(D) * (np.abs(X) @ np.abs(B))))
    g.add("sum(D .* (X·B))", np.sum(D * (X @ B)), {"X": D @ B.T, "B": X.T @ D}, floor=ab(np.abs(D) * (np.abs(X) @ np.abs(B))))
    g.add("x'*X*y", (x.T @ X @ y).item(), {"x": X @ y, "X": x @ y.T, "y": X.T @ x}, floor=ab(np.abs(x) * (np.abs(X) @ np.abs(y))))
    g.add("r*x", (r @ x).item(), {"r": x.T, "x": r.T}, floor=ab(r.T * x))
    g.add("sum(D .* (x*r))", np.sum(D * (x @ r)), {"x": D @ r.T, "r": x.T @ D}, floor=ab(D * (x @ r)))
    g.add("sum(C .* (a*X))", a * np.sum(C * X), {"a": np.sum(C * X), "X": a * C}, floor=a * ab(C * X))
    g.add("a*b", a * b, {"a": b, "b": a})
    g.add("a/b + b^2 + a^-1 + a.^3", a / b + b * b + 1 / a + a ** 3, {"a": 1 / b - 1 / a ** 2 + 3 * a * a, "b": -a / b ** 2 + 2 * b},
          floor=abs(a / b) + b * b + 1 / a + a ** 3)
    g.add("sum(C .* (X .* Y))", np.sum(C * X * Y), {"X": C * Y, "Y": C * X}, floor=ab(C * X * Y))
    g.add("sum(C ⊙ X ∘ Y)", np.sum(C * X * Y), {"X": C * Y, "Y": C * X}, floor=ab(C * X * Y))
    g.add("sum(C .* (X ./ P))", np.sum(C * X / P), {"X": C / P, "P": -C * X / P ** 2}, floor=ab(C * X / P))
    g.add("sum(C .* X)/b", np.sum(C * X) / b, {"X": C / b, "b": -np.sum(C * X) / b ** 2}, floor=ab(C * X) / abs(b))
    g.add("sum(C .* X)/(a*b)", np.sum(C * X) / (a * b), {"X": C / (a * b), "a": -np.sum(C * X) / (a * a * b),
                                                        "b": -np.sum(C * X) / (a * b * b)}, floor=ab(C * X) / abs(a * b))
    g.add("sum(C .* B')", np.sum(C * B.T), {"B": C.T}, floor=ab(C * B.T))
    g.add("sum(C .* Bᵀ) + sum(C .* B^T)", 2 * np.sum(C * B.T), {"B": 2 * C.T}, floor=2 * ab(C * B.T))
    if n <= 64:
        KX = np.kron(X, K)
        W = g.rng.uniform(-1, 1, KX.shape)
        g.var("W", "matrix", W, constant=True)
        # d/dX sum(W .* kron(X, K)) = [sum(W_block(i,j) .* K)]
        GX = np.array([[np.sum(W[i * 2:(i + 1) * 2, j * 3:(j + 1) * 3] * K) for j in range(m)] for i in range(n)])
        g.add("sum(W .* kron(X, K))", np.sum(W * KX), {"X": GX}, floor=ab(W * KX))
        g.add("sum(W .* (X ⊗ K))", np.sum(W * KX), {"X": GX}, floor=ab(W * KX))
    g.add("2.5*sum(X) + 1e-3*a - 0.5*x'*x", 2.5 * X.sum() + 1e-3 * a - 0.5 * (x.T @ x).item(),
          {"X": 2.5 * np.ones_like(X), "a": 1e-3, "x": -x}, floor=2.5 * ab(X) + 1e-3 * a + 0.5 * ab(x * x))
    return g


def ml_group(n, seed, Group, sigmoid):
    """Least squares, ridge, logistic, softmax cross-entropy, an MLP: N = n samples, d features, k classes."""
    N, d, k = n, 3 if n > 3 else 2, 4 if n > 3 else 3
    g = Group("ml_%d" % n, seed)
    X = g.var("X", "matrix", g.rng.standard_normal((N, d)), constant=True, dims="N, d")
    y = g.var("y", "vector", g.rng.standard_normal((N, 1)), constant=True, dims="N")
    t = g.var("t", "vector", g.rng.choice([-1.0, 1.0], (N, 1)), constant=True, dims="N")
    z = g.var("z", "vector", (g.rng.uniform(0, 1, (N, 1)) < 0.5) * 1.0, constant=True, dims="N")
    Y = g.var("Y", "matrix", np.eye(k)[:, g.rng.integers(0, k, N)], constant=True, dims="k, N")
    w = g.var("w", "vector", g.rng.standard_normal((d, 1)), dims="d")
    lam = g.var("lambda", "scalar", 0.3)
    W = g.var("V", "matrix", g.rng.standard_normal((k, d)) * 0.5, dims="k, d")
    b = g.var("b", "vector", g.rng.standard_normal((k, 1)) * 0.1, dims="k")
    r = X @ w - y
    g.add("sqnorm(X*w - y)", np.sum(r * r), {"w": 2 * X.T @ r})
    g.add("(X*w - y)'*(X*w - y)", np.sum(r * r), {"w": 2 * X.T @ r})
    g.add("sqnorm(X*w - y)/N + lambda*sqnorm(w)", np.sum(r * r) / N + lam * np.sum(w * w),
          {"w": 2 * X.T @ r / N + 2 * lam * w, "lambda": np.sum(w * w)})
    mgn = t * (X @ w)
    g.add("sum(softplus(-t .* (X*w)))", np.sum(np.logaddexp(0, -mgn)), {"w": X.T @ (-t * sigmoid(-mgn))})
    g.add("sum(log(ones(N) + exp(-t .* (X*w))))", np.sum(np.logaddexp(0, -mgn)), {"w": X.T @ (-t * sigmoid(-mgn))})
    p = sigmoid(X @ w)
    bce = -np.sum(z * np.log(p) + (1 - z) * np.log(1 - p))
    g.add("-sum(z .* log(sigmoid(X*w)) + (ones(N) - z) .* log(ones(N) - sigmoid(X*w)))", bce, {"w": X.T @ (p - z)})
    H = W @ X.T + b @ np.ones((1, N))
    lse = np.logaddexp.reduce(H, axis=0)
    SM = np.exp(H - lse)
    ce = -np.sum(Y * (H - lse))
    G = SM - Y
    grads = {"V": G @ X, "b": G.sum(1, keepdims=True)}
    g.add("-sum(Y .* log(softmax(V*X' + b*ones(N)')))", ce, grads)
    g.add("sum(logsumexp(V*X' + b*ones(N)')) - sum(Y .* (V*X' + b*ones(N)'))", ce, grads)
    x0, y0 = X[0:1, :].T, Y[:, 0:1]
    h0 = W @ x0 + b
    s0 = np.exp(h0 - np.logaddexp.reduce(h0))
    g.var("x0", "vector", x0, constant=True, dims="d")
    g.var("y0", "vector", y0, constant=True, dims="k")
    g.add("-y0'*log(softmax(V*x0 + b))", -(y0.T @ (h0 - np.logaddexp.reduce(h0))).item(),
          {"V": (s0 - y0) @ x0.T, "b": s0 - y0})
    return g


def mlp_group(n, seed, Group):
    N, d, h, o = n, 4, 5, 2
    g = Group("mlp_%d" % n, seed)
    X = g.var("X", "matrix", g.rng.standard_normal((d, N)), constant=True, dims="d, N")
    T = g.var("T", "matrix", g.rng.standard_normal((o, N)), constant=True, dims="o, N")
    W1 = g.var("W1", "matrix", g.rng.standard_normal((h, d)) / 2, dims="h, d")
    b1 = g.var("b1", "vector", g.rng.standard_normal((h, 1)) / 2, dims="h")
    W2 = g.var("W2", "matrix", g.rng.standard_normal((o, h)) / 2, dims="o, h")
    Z = np.tanh(W1 @ X + b1 @ np.ones((1, N)))
    R = W2 @ Z - T
    dZ = (2 * W2.T @ R) * (1 / np.cosh(W1 @ X + b1 @ np.ones((1, N))) ** 2)
    g.define("Z = tanh(W1*X + b1*ones(N)')")
    g.add("sqnorm(W2*Z - T)", np.sum(R * R), {"W2": 2 * R @ Z.T, "W1": dZ @ X.T, "b1": dZ.sum(1, keepdims=True)})
    return g


def gaussian_group(n, seed, Group):
    g = Group("gaussian_%d" % n, seed)
    S = g.var("S", "symmetric", g.spd(n))
    M = g.var("M", "matrix", g.spd(n))
    A = g.var("A", "matrix", g.well_conditioned(n))
    B = g.var("B", "matrix", g.rng.standard_normal((n, n)), constant=True)
    x = g.var("x", "vector", g.rng.standard_normal((n, 1)), constant=True)
    mu = g.var("mu", "vector", g.rng.standard_normal((n, 1)))
    Z = g.var("Z", "matrix", g.rng.standard_normal((n, 4)), constant=True)
    Si, Mi, Ai = np.linalg.inv(S), np.linalg.inv(M), np.linalg.inv(A)
    e = x - mu
    ld = np.linalg.slogdet(S)[1]
    nll = 0.5 * ld + 0.5 * (e.T @ Si @ e).item()
    g.add("logdet(S)/2 + (x - mu)'*inv(S)*(x - mu)/2", nll,
          {"S": 0.5 * Si - 0.5 * Si @ e @ e.T @ Si, "mu": -Si @ e}, floor=abs(0.5 * ld) + abs(nll))
    ldm = np.linalg.slogdet(M)[1]
    g.add("4*logdet(M) + tr(inv(M)*Z*Z')", 4 * ldm + np.trace(Mi @ Z @ Z.T), {"M": 4 * Mi.T - Mi.T @ Z @ Z.T @ Mi.T},
          floor=abs(4 * ldm) + np.trace(Mi @ Z @ Z.T))
    g.add("tr(inv(A)*B)", np.trace(Ai @ B), {"A": -Ai.T @ B.T @ Ai.T}, floor=ab(Ai * B.T))
    if n <= 64:
        K = np.kron(B[:2, :2], B[:2, :2]) if n >= 2 else B
        Xv = g.var("Xk", "matrix", g.rng.standard_normal((2, 2)) if n >= 2 else A[:1, :1])
        g.var("K", "matrix", K, constant=True)
        v = Xv.reshape(-1, 1, order="F")
        gK = ((K + K.T) @ v).reshape(Xv.shape, order="F")
        g.add("vec(Xk)'*K*vec(Xk)", (v.T @ K @ v).item(), {"Xk": gK}, floor=ab(np.abs(v) * (np.abs(K) @ np.abs(v))))
    return g


def det_one_group(seed, Group):
    g = Group("det_1x1", seed)
    A = g.var("A", "matrix", np.array([[-2.5]]))
    s = g.var("s", "scalar", 0.7)
    g.add("det(A)", -2.5, {"A": np.array([[1.0]])})
    g.add("logdet(A)", np.log(2.5), {"A": np.array([[-1 / 2.5]])})
    g.add("sum(inv(A))", -1 / 2.5, {"A": np.array([[-1 / 6.25]])})
    g.add("tr(A*A) + A^-1", 6.25 - 0.4, {"A": np.array([[-5 - 1 / 6.25]])})
    g.add("det(s) + s^3", 0.7 + 0.343, {"s": 1 + 3 * 0.49})
    return g


def groups(sizes, seed, Group, sigmoid):
    for n in sizes:
        yield operator_groups(n, seed, Group)
        yield ml_group(n, seed, Group, sigmoid)
        yield mlp_group(n, seed, Group)
        yield gaussian_group(n, seed, Group)
    yield det_one_group(seed, Group)
    import audit_stress
    yield from audit_stress.groups(seed, Group, sigmoid)
