#!/usr/bin/env python3
"""Numeric audit: matdiff's `eval` values and gradients against NumPy closed forms, at 1e-9 relative.

Every operator and function of LANGUAGE.md, in the shapes it allows (scalar, 1x1, vector, row vector,
rectangular, square, symmetric/SPD), plus ML objectives and stress points (large/small magnitudes),
is evaluated by matdiff and by NumPy (float64, closed-form gradients written out by hand here).

    python3 src/test/python/numeric_audit.py run [--sizes 1,2,3,7,64,300] [--matdiff ./matdiff] [--seed 1]
        generates, runs ./matdiff eval once per group (-j 2 processes), compares; exit 1 on a disagreement.
    python3 numeric_audit.py generate DIR [--sizes ...]   writes DIR/groups.json and each group's program/data
    python3 numeric_audit.py compare DIR                  reads DIR/<group>.out.json (eval --json output) and compares

NumericAuditTest (JUnit) uses generate/compare around an in-process eval, at small sizes.
The error of a result is ||got - want|| / max(||want||, floor), Frobenius norms; `floor` is the scale of
the terms where the result is a cancellation (a sum of signed entries), else 0; stress cases compare
entry by entry instead.
"""
import argparse
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import audit_cases  # noqa: E402

RTOL = 1e-9


def to_json(kind, v):
    """A value in the data format CLI.md gives: scalar a number, vector a flat list, matrix a list of rows."""
    if kind == "scalar":
        return float(np.asarray(v).reshape(()))
    if kind == "vector":
        return [float(x) for x in np.asarray(v).reshape(-1)]
    return [[float(x) for x in row] for row in np.asarray(v)]


def write_group(directory, g):
    with open(os.path.join(directory, g.name + ".mdiff"), "w") as f:
        f.write(g.program())
    with open(os.path.join(directory, g.name + ".json"), "w") as f:
        json.dump({k: to_json(g.kinds[k], v) for k, v in g.data.items()}, f)
    return {"name": g.name, "of": [o.name for o in g.objectives], "wrt": g.wrt,
            "expected": [{"name": o.name, "value": to_json("matrix", np.atleast_2d(o.value)),
                          "gradients": {k: to_json("matrix", np.atleast_2d(v)) for k, v in o.grads.items()},
                          "floor": o.floor, "elementwise": o.elementwise} for o in g.objectives]}


def generate(directory, sizes, seed):
    os.makedirs(directory, exist_ok=True)
    groups = [write_group(directory, g) for g in audit_cases.all_groups(sizes, seed)]
    with open(os.path.join(directory, "groups.json"), "w") as f:
        json.dump(groups, f)
    return groups


def error(got, want, floor, elementwise):
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    if got.size != want.size:
        return float("inf"), "size %d, expected %d" % (got.size, want.size)
    got = got.reshape(want.shape)
    if not np.all(np.isfinite(got)):
        return float("inf"), "not finite"
    if elementwise:
        scale = np.maximum(np.abs(want), max(floor, 1e-300))
        e = np.abs(got - want) / scale
        i = np.unravel_index(np.argmax(e), e.shape)
        return float(e[i]), "worst at %s: %r vs %r" % (tuple(int(x) for x in i), float(got[i]), float(want[i]))
    d = np.linalg.norm(want)
    e = np.linalg.norm(got - want) / max(d, floor, 1e-300)
    return float(e), ""


def compare_group(g, out, problems):
    """Appends (group, objective, what, error, detail) for each result worse than RTOL."""
    if isinstance(out, dict) and "error" in out:
        problems.append((g["name"], ",".join(g["of"]), "failed", float("inf"), out["error"].strip()[:300]))
        return
    results = out if isinstance(out, list) else [out]
    for want, got in zip(g["expected"], results):
        if "error" in got:
            problems.append((g["name"], want["name"], "failed", float("inf"), got["error"].strip()[:300]))
            continue
        checks = [("value", got.get("value"), want["value"])]
        checks += [("d/d" + k, got.get("gradients", {}).get(k), v) for k, v in want["gradients"].items()]
        for what, a, b in checks:
            if a is None:
                problems.append((g["name"], want["name"], what, float("inf"), "missing"))
                continue
            e, detail = error(a, b, want["floor"], want["elementwise"])
            if not e <= RTOL:
                problems.append((g["name"], want["name"], what, e, detail))


def compare(directory, groups=None):
    if groups is None:
        with open(os.path.join(directory, "groups.json")) as f:
            groups = json.load(f)
    problems, count = [], 0
    for g in groups:
        path = os.path.join(directory, g["name"] + ".out.json")
        if not os.path.exists(path):
            problems.append((g["name"], "*", "no output", float("inf"), ""))
            continue
        with open(path) as f:
            out = json.load(f)
        compare_group(g, out, problems)
        count += len(g["expected"])
    for p in problems:
        print("FAIL %s %s %s: error %.3g %s" % p)
    print("%d objectives in %d groups, %d disagreements" % (count, len(groups), len(problems)))
    return 1 if problems else 0


def run_one(command, directory, g):
    """eval of the whole group; if it fails, each objective alone, so one failure does not hide the rest."""
    def ev(of):
        base = os.path.join(directory, g["name"])
        p = subprocess.run(command + ["eval", base + ".mdiff", "--data", base + ".json", "--of", ",".join(of),
                                      "--wrt", ",".join(g["wrt"]), "--json"], capture_output=True, text=True)
        return json.loads(p.stdout) if p.returncode == 0 else {"error": p.stderr}
    out = ev(g["of"])
    if isinstance(out, dict) and "error" in out and len(g["of"]) > 1:
        out = [ev([o]) for o in g["of"]]
        out = [r[0] if isinstance(r, list) else r for r in out]
    elif len(g["of"]) > 1 and not isinstance(out, list):
        out = [out]
    with open(os.path.join(directory, g["name"] + ".out.json"), "w") as f:
        json.dump(out, f)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["run", "generate", "compare"])
    ap.add_argument("dir", nargs="?", default=None)
    ap.add_argument("--sizes", default="1,2,3,7,64,300")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--matdiff", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../matdiff"))
    ap.add_argument("-j", type=int, default=2)
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",")]
    if a.mode == "generate":
        generate(a.dir, sizes, a.seed)
        return 0
    if a.mode == "compare":
        return compare(a.dir)
    import tempfile
    directory = a.dir or tempfile.mkdtemp(prefix="matdiff-audit-")
    groups = generate(directory, sizes, a.seed)
    command = a.matdiff.split()
    with ThreadPoolExecutor(a.j) as pool:
        list(pool.map(lambda g: run_one(command, directory, g), groups))
    print("cases in", directory)
    return compare(directory, groups)


if __name__ == "__main__":
    sys.exit(main())
