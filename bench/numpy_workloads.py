#!/usr/bin/env python3
"""The NumPy side of bench/side-by-side.sh: the five workloads of issue 16, f and its gradient,
written as a careful NumPy user would (one inverse and one log-determinant per matrix, products
shared between f and the gradient, transposes as views, no product formed only to take its trace).

Usage: numpy_workloads.py DATA_DIR WORKLOAD N [ITERATIONS] [SECONDS_PER_ITERATION]

Reads DATA_DIR/WORKLOAD-N/*.npy (written by dev.matdiff.bench.Workload), checks its f and gradients
against matdiff's (expected_*.npy, 1e-9 relative), then prints one JSON line: the mean time of one
evaluation in each iteration, in microseconds, after a warm-up iteration.
"""
import json
import os
import sys
import time

import numpy as np


def least_squares(X, w, y):
    r = X @ w - y
    return r @ r, {"w": 2.0 * (X.T @ r)}


def mlp(W1, W2, X, Y):
    Z1 = np.tanh(W1 @ X)
    R = W2 @ Z1 - Y
    f = np.vdot(R, R)
    gW2 = 2.0 * (R @ Z1.T)
    gW1 = (2.0 * (1.0 - Z1 * Z1) * (W2.T @ R)) @ X.T
    return f, {"W1": gW1, "W2": gW2}


def trace_inv(X, A):
    Xi = np.linalg.inv(X)
    f = np.sum(Xi * A.T)                      # tr(Xi A) without forming Xi A
    g = -(Xi @ (A + A.T) @ Xi) / 2.0          # the gradient within the symmetric matrices
    return f, {"X": g}


def logdet(X):
    sign, ld = np.linalg.slogdet(X)
    return ld, {"X": np.linalg.inv(X)}


def gaussian_nll(S, X, mu, N):
    C = X - mu[:, None]
    Si = np.linalg.inv(S)
    sign, ld = np.linalg.slogdet(S)
    M = Si @ C
    f = N * ld + np.sum(C * M)                # tr(C' Si C)
    g = N * Si - M @ M.T                      # Si C C' Si with Si symmetric
    return f, {"S": g}


WORKLOADS = {
    "least_squares": (least_squares, ["X", "w", "y"]),
    "mlp": (mlp, ["W1", "W2", "X", "Y"]),
    "trace_inv": (trace_inv, ["X", "A"]),
    "logdet": (logdet, ["X"]),
    "gaussian_nll": (gaussian_nll, ["S", "X", "mu", "N"]),
}


def main():
    data, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    iterations = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    seconds = float(sys.argv[5]) if len(sys.argv) > 5 else 1.0
    fn, names = WORKLOADS[name]
    d = os.path.join(data, f"{name}-{n}")
    args = [np.load(os.path.join(d, a + ".npy")) for a in names]
    args = [float(a) if a.ndim == 0 else a for a in args]

    f, grads = fn(*args)
    worst = 0.0
    expected = os.path.join(d, "expected_f.npy")
    if os.path.exists(expected):
        ef = float(np.load(expected))
        worst = abs(f - ef) / max(abs(ef), 1e-300)
        for k, g in grads.items():
            eg = np.load(os.path.join(d, f"expected_grad_{k}.npy"))
            worst = max(worst, np.linalg.norm(g - eg.reshape(g.shape)) / max(np.linalg.norm(eg), 1e-300))
        if not worst <= 1e-9:
            print(f"{name} n={n}: NumPy and matdiff disagree (relative difference {worst:.1e})", file=sys.stderr)
            sys.exit(1)

    def iteration(budget):
        count, start = 0, time.perf_counter()
        while True:
            fn(*args)
            count += 1
            elapsed = time.perf_counter() - start
            if elapsed >= budget and count >= 3:
                return elapsed / count * 1e6

    iteration(seconds)  # warm-up
    samples = [iteration(seconds) for _ in range(iterations)]
    print(json.dumps({"workload": name, "n": n, "us": samples, "checked": worst,
                      "numpy": np.__version__, "blas": blas_name()}))


def blas_name():
    try:
        cfg = np.show_config(mode="dicts")
        b = cfg["Build Dependencies"]["blas"]
        return f"{b.get('name', '?')} {b.get('version', '')}".strip()
    except Exception:  # NumPy 1.x: no dict mode
        try:
            import threadpoolctl  # noqa: F401
        except ImportError:
            pass
        return blas_from_maps()


def blas_from_maps():
    """The BLAS library mapped into this process (Linux), for NumPy versions that do not say."""
    try:
        with open("/proc/self/maps") as m:
            libs = {line.split()[-1] for line in m if "blas" in line.lower()}
        return ", ".join(sorted(os.path.basename(p) for p in libs)) or "unknown"
    except OSError:
        return "unknown"


if __name__ == "__main__":
    main()
