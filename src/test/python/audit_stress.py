"""Stress points of the audit: magnitudes where a textbook formula overflows, underflows or cancels,
but a stable evaluation gives every entry to full relative accuracy. Compared entry by entry."""
import numpy as np


def groups(seed, Group, sigmoid):
    g = Group("stress_elementwise", seed)
    s = g.var("s", "vector", [-40.0, -20.0, -1e-3, 0.5, 20.0, 40.0])
    t = g.var("t", "vector", [-30.0, -10.0, -5.0, 0.3, 5.0, 10.0, 30.0])
    p = g.var("p", "vector", [-800.0, -40.0, -1.0, 1.0, 40.0, 800.0])
    u = g.var("u", "vector", [1e-20, 1e-10, 0.5, 1e10])
    q = g.var("q", "vector", [1e-300, 1e-150, 1.0, 1e150, 1e300])
    e = g.var("e", "vector", [-700.0, -1.0, 1.0, 700.0])
    h = g.var("h", "vector", [0.999999, -0.999999, 1e-8, 1 - 2.0 ** -40])
    g.add("sum(sigmoid(s))", np.sum(sigmoid(s)), {"s": sigmoid(s) * sigmoid(-s)}, elementwise=True)
    g.add("sum(tanh(t))", np.sum(np.tanh(t)), {"t": 1 / np.cosh(t) ** 2}, floor=1e-300, elementwise=True)
    g.add("sum(softplus(p))", np.sum(np.logaddexp(0, p)), {"p": sigmoid(p)}, elementwise=True)
    g.add("sum(log(sigmoid(p)))", -np.sum(np.logaddexp(0, -p)), {"p": sigmoid(-p)}, elementwise=True)
    g.add("sum(log(ones(6) - sigmoid(s)))", -np.sum(np.logaddexp(0, s)), {"s": -sigmoid(s)}, elementwise=True)
    g.add("sum(log1p(u))", np.sum(np.log1p(u)), {"u": 1 / (1 + u)}, elementwise=True)
    g.add("sum(log(q))", np.sum(np.log(q)), {"q": 1 / q}, floor=1e-9, elementwise=True)
    g.add("sum(sqrt(q))", np.sum(np.sqrt(q)), {"q": 0.5 / np.sqrt(q)}, elementwise=True)
    g.add("sum(exp(e))", np.sum(np.exp(e)), {"e": np.exp(e)}, elementwise=True)
    g.add("sum(arcsin(h))", np.sum(np.arcsin(h)), {"h": 1 / np.sqrt((1 - h) * (1 + h))}, floor=1e-9, elementwise=True)
    g.add("sum(arccos(h))", np.sum(np.arccos(h)), {"h": -1 / np.sqrt((1 - h) * (1 + h))}, elementwise=True)
    yield g

    g = Group("stress_reductions", seed)
    x = g.var("x", "vector", [1000.0, 999.0, 0.0, -1000.0])
    y = g.var("y", "vector", [0.0, 1.0, 0.0, 0.0], constant=True)
    X = g.var("X", "matrix", [[1000.0, -5.0], [999.0, 0.0], [-1000.0, 800.0]])
    big = g.var("big", "vector", [1e200, -2e200, 3e200])
    tiny = g.var("tiny", "vector", [1e-200, -2e-200, 3e-200])
    lse = np.logaddexp.reduce(x)
    sm = np.exp(x - lse)
    g.add("logsumexp(x)", lse, {"x": sm}, elementwise=True)
    g.add("log(sum(exp(x)))", lse, {"x": sm}, elementwise=True)
    ls = x - lse
    g.add("-y'*log(softmax(x))", -(y.T @ ls).item(), {"x": sm - y}, elementwise=True)
    g.add("y'*softmax(x)", (y.T @ sm).item(), {"x": sm * (y - (sm.T @ y))}, floor=1e-300, elementwise=True)
    lseX = np.logaddexp.reduce(X, axis=0)
    smX = np.exp(X - lseX)
    g.add("sum(logsumexp(X))", lseX.sum(), {"X": smX}, elementwise=True)
    g.add("log(sum(exp(X)))", np.logaddexp.reduce(X.ravel()),
          {"X": np.exp(X - np.logaddexp.reduce(X.ravel()))}, elementwise=True)
    nb, nt = np.sqrt(14) * 1e200, np.sqrt(14) * 1e-200
    g.add("norm(big)", nb, {"big": big / nb}, elementwise=True)
    g.add("norm(tiny)", nt, {"tiny": tiny / nt}, elementwise=True)
    yield g

    g = Group("stress_logdet", seed)
    n = 300
    q, _ = np.linalg.qr(g.rng.standard_normal((n, n)))
    ev = g.rng.uniform(10, 100, n)
    S = g.var("S", "symmetric", q @ np.diag(ev) @ q.T)
    M = g.var("M", "matrix", (S + S.T) / 2)
    Si = np.linalg.inv(S)
    ld = float(np.sum(np.log(ev)))
    g.add("logdet(S)", ld, {"S": Si})
    g.add("log(det(M))", ld, {"M": Si})
    g.add("logdet(M) - logdet(2*M)", -n * np.log(2), {"M": 0 * Si}, floor=ld)
    yield g

    g = Group("stress_scale", seed)
    A = g.var("A", "matrix", np.diag([1e5, 1e-5, 3.0]))
    g.add("logdet(A)", np.log(3.0), {"A": np.diag([1e-5, 1e5, 1 / 3.0])}, floor=1.0, elementwise=True)
    a = g.var("a", "scalar", 40.0)
    b = g.var("b", "scalar", -30.0)
    w = g.var("w", "vector", [1e200, -2e200, 2e200])
    g.add("-log(sigmoid(a))", np.logaddexp(0, -a), {"a": -sigmoid(-a)}, elementwise=True)
    g.add("3*sigmoid(a) + tanh(b)", 3 * sigmoid(a) + np.tanh(b), {"a": 3 * sigmoid(a) * sigmoid(-a), "b": 1 / np.cosh(b) ** 2},
          elementwise=True)
    g.add("sqrt(w'*w)", 3e200, {"w": w / 3e200}, elementwise=True)
    g.add("sqrt(sum(w.^2))", 3e200, {"w": w / 3e200}, elementwise=True)
    g.add("sqrt(sqnorm(w))/2", 1.5e200, {"w": w / 6e200}, elementwise=True)
    yield g
