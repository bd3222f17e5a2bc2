"""The audit's groups: one program and one data set each, with several objectives and their NumPy
closed forms (value and gradients). Element-wise functions, reductions and matrix functions here;
operators, ML objectives and stress points in audit_objectives.py."""
import zlib

import numpy as np

import audit_objectives


class Objective:
    def __init__(self, name, expr, value, grads, floor=0.0, elementwise=False):
        self.name, self.expr, self.value, self.grads = name, expr, value, grads
        self.floor, self.elementwise = float(floor), elementwise


class Group:
    """Declarations (name -> kind, dims, constant), their data, and objectives over them."""

    def __init__(self, name, seed):
        self.name = name
        self.rng = np.random.default_rng([seed, zlib.crc32(name.encode())])
        self.decls, self.kinds, self.data, self.objectives, self.wrt = [], {}, {}, [], []
        self.defs = []

    def var(self, name, kind, value, constant=False, dims=None):
        value = np.asarray(value, dtype=float)
        if kind == "symmetric":
            value = (value + value.T) / 2
        self.decls.append((name, kind, dims if dims is not None else value.shape, constant))
        self.kinds[name] = kind
        self.data[name] = value
        if not constant:
            self.wrt.append(name)
        return value

    def define(self, line):
        """A named intermediate that the objectives may use."""
        self.defs.append(line)

    def add(self, expr, value, grads, floor=0.0, elementwise=False):
        name = "L%d" % len(self.objectives)
        full = {}
        for w in self.wrt:
            g = grads.get(w)
            full[w] = np.zeros_like(self.data[w]) if g is None else np.asarray(g, dtype=float)
            if self.kinds[w] == "symmetric":
                full[w] = (full[w] + full[w].T) / 2
        self.objectives.append(Objective(name, expr, value, full, floor, elementwise))

    def program(self):
        lines = []
        for name, kind, dims, constant in self.decls:
            prefix = "constant " if constant else ""
            if kind == "scalar":
                lines.append(prefix + "scalar " + name)
            elif kind == "vector":
                lines.append(prefix + "vector %s(%s)" % (name, dims[0] if isinstance(dims, str) else len(self.data[name])))
            else:
                shape = dims if isinstance(dims, str) else "%d, %d" % self.data[name].shape
                lines.append(prefix + "%s %s(%s)" % (kind, name, shape))
        lines += self.defs
        lines += ["%s = %s" % (o.name, o.expr) for o in self.objectives]
        return "\n".join(lines) + "\n"

    # ---- data

    def uniform(self, shape, lo, hi):
        return self.rng.uniform(lo, hi, shape)

    def signed(self, shape, lo, hi):
        """Entries of both signs with lo <= |x| <= hi (away from kinks at 0)."""
        return self.uniform(shape, lo, hi) * self.rng.choice([-1.0, 1.0], shape)

    def well_conditioned(self, n, lo=1.0, hi=3.0, negative_det=False):
        q1, _ = np.linalg.qr(self.rng.standard_normal((n, n)))
        q2, _ = np.linalg.qr(self.rng.standard_normal((n, n)))
        s = self.uniform(n, lo, hi)
        if negative_det and np.linalg.det(q1 @ q2.T) > 0:
            s[0] = -s[0]
        return q1 @ np.diag(s) @ q2.T

    def spd(self, n, lo=1.0, hi=4.0):
        q, _ = np.linalg.qr(self.rng.standard_normal((n, n)))
        a = q @ np.diag(self.uniform(n, lo, hi)) @ q.T
        return (a + a.T) / 2


def sigmoid(x):
    return np.where(x >= 0, 1 / (1 + np.exp(-np.abs(x))), np.exp(-np.abs(x)) / (1 + np.exp(-np.abs(x))))


# name -> (f, f', domain): 'unit' is +-[0.1, 0.9], 'pos' is [0.2, 2]
ELEMENTWISE = {
    "exp": (np.exp, np.exp, "unit"),
    "log": (np.log, lambda x: 1 / x, "pos"),
    "sin": (np.sin, np.cos, "unit"),
    "cos": (np.cos, lambda x: -np.sin(x), "unit"),
    "tan": (np.tan, lambda x: 1 / np.cos(x) ** 2, "unit"),
    "tanh": (np.tanh, lambda x: 1 / np.cosh(x) ** 2, "unit"),
    "arcsin": (np.arcsin, lambda x: 1 / np.sqrt((1 - x) * (1 + x)), "unit"),
    "arccos": (np.arccos, lambda x: -1 / np.sqrt((1 - x) * (1 + x)), "unit"),
    "arctan": (np.arctan, lambda x: 1 / (1 + x * x), "unit"),
    "sqrt": (np.sqrt, lambda x: 0.5 / np.sqrt(x), "pos"),
    "abs": (np.abs, np.sign, "unit"),
    "sign": (np.sign, lambda x: 0 * x, "unit"),
    "sigmoid": (sigmoid, lambda x: sigmoid(x) * sigmoid(-x), "unit"),
    "relu": (lambda x: np.maximum(x, 0), lambda x: (x > 0) * 1.0, "unit"),
    "softplus": (lambda x: np.logaddexp(0, x), sigmoid, "unit"),
    "log1p": (np.log1p, lambda x: 1 / (1 + x), "unit"),
}
POWERS = [2, 3, 0.5, -1, -2.5, 1.7, 1, 0]


def shapes(n):
    """(label, kind, shape) of every shape an element-wise function takes, at size n."""
    m = 3 if n != 3 else 2
    out = [("col%d" % n, "vector", (n, 1)), ("row%d" % n, "matrix", (1, n)),
           ("rect%dx%d" % (n, m), "matrix", (n, m)), ("sq%d" % n, "matrix", (n, n))]
    if n == 1:
        out = [("scalar", "scalar", ()), ("one", "matrix", (1, 1))] + out
    return out


def elementwise_groups(sizes, seed):
    for n in sizes:
        for label, kind, shape in shapes(n):
            for domain in ("unit", "pos"):
                g = Group("elementwise_%s_%s" % (domain, label), seed)
                x = g.var("X", kind, g.signed(shape, 0.1, 0.9) if domain == "unit" else g.uniform(shape, 0.2, 2.0))
                c = g.var("C", kind, g.signed(shape, 0.5, 1.5), constant=True)
                weigh = "C*%s" if kind == "scalar" else "sum(C .* %s)"
                for f, (fx, dfx, dom) in ELEMENTWISE.items():
                    if dom == domain or (domain == "pos" and f not in ("arcsin", "arccos")):
                        terms = c * fx(x)
                        g.add(weigh % ("%s(X)" % f), np.sum(terms), {"X": c * dfx(x)}, floor=np.sum(np.abs(terms)))
                if domain == "pos":
                    for p in POWERS:
                        terms = c * x ** p
                        g.add(weigh % ("X.^%s" % (p if p >= 0 else "(%s)" % p)), np.sum(terms),
                              {"X": c * p * x ** (p - 1) if p != 0 else 0 * x}, floor=np.sum(np.abs(terms)))
                yield g


def reduction_groups(sizes, seed):
    for n in sizes:
        m = 3 if n != 3 else 2
        g = Group("reductions_%d" % n, seed)
        x = g.var("x", "vector", g.signed((n, 1), 0.1, 2))
        X = g.var("X", "matrix", g.signed((n, m), 0.1, 2))
        c = g.var("c", "vector", g.signed((n, 1), 0.5, 1.5), constant=True)
        d = g.var("d", "vector", g.signed((m, 1), 0.5, 1.5), constant=True)
        C = g.var("C", "matrix", g.signed((n, m), 0.5, 1.5), constant=True)
        v = g.var("v", "vector", g.signed((n * m, 1), 0.5, 1.5), constant=True)
        ab = lambda v: np.sum(np.abs(v))  # noqa: E731
        g.add("sum(X)", X.sum(), {"X": np.ones_like(X)}, floor=ab(X))
        g.add("sum(x)/%d" % n, x.sum() / n, {"x": np.ones_like(x) / n}, floor=ab(x) / n)
        g.add("norm(X)", np.linalg.norm(X), {"X": X / np.linalg.norm(X)})
        g.add("norm2(x)", np.linalg.norm(x), {"x": x / np.linalg.norm(x)})
        g.add("sqnorm(X)", np.sum(X * X), {"X": 2 * X})
        g.add("norm1(X)", ab(X), {"X": np.sign(X)})
        g.add("mean(X)", X.mean(), {"X": np.ones_like(X) / X.size}, floor=ab(X) / X.size)
        g.add("sum(X, 1)*d", (X.sum(0) @ d).item(), {"X": np.ones((n, 1)) @ d.T}, floor=ab(np.abs(X).sum(0) * d.T))
        g.add("c'*sum(X, 2)", (c.T @ X.sum(1)).item(), {"X": c @ np.ones((1, m))}, floor=ab(c * np.abs(X).sum(1, keepdims=True)))
        g.add("mean(X, 1)*d", (X.mean(0) @ d).item(), {"X": np.ones((n, 1)) @ d.T / n}, floor=ab(np.abs(X).sum(0) * d.T) / n)
        g.add("c'*mean(X, 2)", (c.T @ X.mean(1)).item(), {"X": c @ np.ones((1, m)) / m}, floor=ab(c * np.abs(X).sum(1, keepdims=True)) / m)
        e = np.exp(x - x.max())
        sm = e / e.sum()
        g.add("c'*softmax(x)", (c.T @ sm).item(), {"x": sm * (c - (sm.T @ c))}, floor=ab(c * sm))
        g.add("logsumexp(x)", np.log(np.exp(x - x.max()).sum()) + x.max(), {"x": sm})
        g.add("log(sum(exp(x)))", np.log(np.exp(x).sum()), {"x": sm})
        E = np.exp(X - X.max(0))
        SM = E / E.sum(0)
        g.add("sum(C .* softmax(X))", np.sum(C * SM), {"X": SM * (C - np.sum(SM * C, 0))}, floor=ab(C * SM))
        lse = np.log(E.sum(0)) + X.max(0)
        g.add("logsumexp(X)*d", (lse @ d).item(), {"X": SM * d.T}, floor=ab(lse * d.T))
        g.add("sum(C .* log(softmax(X)))", np.sum(C * (X - lse)), {"X": C - SM * C.sum(0)}, floor=ab(C * (X - lse)))
        g.add("sum(C .* (diag(x)*ones(%d, %d)))" % (n, m), np.sum(C * (x * np.ones((1, m)))),
              {"x": np.sum(C, 1, keepdims=True)}, floor=ab(C * x))
        vX = X.reshape(-1, 1, order="F")
        g.add("v'*vec(X)", (v.T @ vX).item(), {"X": v.reshape(X.shape, order="F")}, floor=ab(v * vX))
        if n > 1:  # x(1)'*vector(c) reads as a scaling of a vector of open size (a shape-inference gap, not numbers)
            g.add("x'*vector(2.5)", 2.5 * x.sum(), {"x": 2.5 * np.ones_like(x)}, floor=2.5 * ab(x))
        g.add("sum(C .* (X + matrix(1.5) + zeros(%d, %d)))" % (n, m), np.sum(C * (X + 1.5)), {"X": C}, floor=ab(C * (X + 1.5)))
        g.add("x'*ones(%d) + sum(ones(%d, %d) .* X) + x'*zeros(%d)" % (n, n, m, n), x.sum() + X.sum(),
              {"x": np.ones_like(x), "X": np.ones_like(X)}, floor=ab(x) + ab(X))
        yield g
        yield square_group(n, seed)
        yield conv_group(n, seed)


def square_group(n, seed):
    g = Group("square_%d" % n, seed)
    A = g.var("A", "matrix", g.well_conditioned(n, negative_det=n > 1))
    S = g.var("S", "symmetric", g.spd(n))
    x = g.var("x", "vector", g.signed((n, 1), 0.1, 2))
    C = g.var("C", "matrix", g.signed((n, n), 0.5, 1.5), constant=True)
    c = g.var("c", "vector", g.signed((n, 1), 0.5, 1.5), constant=True)
    ab = lambda v: np.sum(np.abs(v))  # noqa: E731
    Ai, Si = np.linalg.inv(A), np.linalg.inv(S)
    g.add("tr(A)", np.trace(A), {"A": np.eye(n)}, floor=ab(np.diag(A)))
    g.add("Tr(C'*A)", np.sum(C * A), {"A": C}, floor=ab(C * A))
    if n <= 64:
        dA = np.linalg.det(A)
        g.add("det(A)", dA, {"A": dA * Ai.T})
    g.add("logdet(A)", np.linalg.slogdet(A)[1], {"A": Ai.T}, floor=ab(np.log(np.abs(np.linalg.eigvals(A)))))
    g.add("logdet(S)", np.linalg.slogdet(S)[1], {"S": Si}, floor=ab(np.log(np.linalg.eigvalsh(S))))
    g.add("log(det(S))", np.linalg.slogdet(S)[1], {"S": Si}, floor=ab(np.log(np.linalg.eigvalsh(S))))
    g.add("sum(C .* inv(A))", np.sum(C * Ai), {"A": -Ai.T @ C @ Ai.T}, floor=ab(C * Ai))
    g.add("sum(C .* A^-1)", np.sum(C * Ai), {"A": -Ai.T @ C @ Ai.T}, floor=ab(C * Ai))
    g.add("tr(inv(S)*C)", np.trace(Si @ C), {"S": -Si @ C.T @ Si}, floor=ab(Si * C.T))
    g.add("c'*inv(A)*c", (c.T @ Ai @ c).item(), {"A": -Ai.T @ c @ c.T @ Ai.T}, floor=ab(c * (np.abs(Ai) @ np.abs(c))))
    g.add("x'*S*x", (x.T @ S @ x).item(), {"x": 2 * S @ x, "S": x @ x.T})
    g.add("c'*diag(A)", (c.T @ np.diag(A)).item(), {"A": np.diag(c.ravel())}, floor=ab(c.ravel() * np.diag(A)))
    g.add("sum(C .* diag(x))", np.sum(np.diag(C) * x.ravel()), {"x": np.diag(C).reshape(-1, 1)}, floor=ab(np.diag(C) * x.ravel()))
    g.add("sum(C .* (A + eye(%d)))" % n, np.sum(C * (A + np.eye(n))), {"A": C}, floor=ab(C * (A + np.eye(n))))
    vA = A.reshape(-1, 1, order="F")
    g.add("kron(c, c)'*vec(A)", (np.kron(c, c).T @ vA).item(), {"A": np.kron(c, c).reshape((n, n), order="F")},
          floor=ab(np.kron(c, c) * vA))
    for k in (2, 3, -2, 0, 1):
        P = np.linalg.matrix_power(A, k)
        if k > 0:
            G = sum(np.linalg.matrix_power(A.T, i) @ C @ np.linalg.matrix_power(A.T, k - 1 - i) for i in range(k))
        elif k == 0:
            G = 0 * A
        else:
            B = Ai
            G = -Ai.T @ (B.T @ C + C @ B.T) @ Ai.T
        g.add("sum(C .* A^%d)" % k, np.sum(C * P), {"A": G}, floor=ab(C * P))
    return g


def conv_group(n, seed):
    g = Group("conv_%d" % n, seed)
    r, s = min(n, 3), 2
    X = g.var("X", "matrix", g.signed((n, n + 2), 0.1, 2))
    K = g.var("K", "matrix", g.signed((r, s), 0.1, 2))
    p, q = n - r + 1, n + 2 - s + 1
    G = g.var("G", "matrix", g.signed((p, q), 0.5, 1.5), constant=True)
    H = np.array([[np.sum(X[i:i + r, j:j + s] * K) for j in range(q)] for i in range(p)])
    dK = np.array([[np.sum(X[i:i + p, j:j + q] * G) for j in range(s)] for i in range(r)])
    dX = np.zeros_like(X)
    for i in range(p):
        for j in range(q):
            dX[i:i + r, j:j + s] += G[i, j] * K
    g.add("sum(G .* conv(X, K))", np.sum(G * H), {"X": dX, "K": dK}, floor=np.sum(np.abs(G * H)))
    return g


def all_groups(sizes, seed):
    yield from elementwise_groups(sizes, seed)
    yield from reduction_groups(sizes, seed)
    yield from audit_objectives.groups(sizes, seed, Group, sigmoid)
