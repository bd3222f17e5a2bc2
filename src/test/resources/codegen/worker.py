# Runs generated modules for the Java tests: one request per line on stdin (JSON), one answer per line on stdout.
# A request names the module file, its language, the arguments in declaration order (declared formats: a number,
# a flat list, a list of rows) and the variables; the answer has what each f_and_* function returns, each check's
# error, main's exit code if asked, and for PyTorch how far torch.autograd is from the module's own derivatives.
import contextlib
import importlib.util
import io
import json
import sys
import traceback

import numpy as np

try:
    import torch
except ImportError:
    torch = None

loaded = 0


def load(path):
    global loaded
    loaded += 1
    spec = importlib.util.spec_from_file_location("generated_%d" % loaded, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def plain(x):
    if torch is not None and isinstance(x, torch.Tensor):
        x = x.detach().cpu().numpy()
    return np.asarray(x, dtype=np.float64).tolist()


def arguments(values, lang, wrt=()):
    # an int is a size passed on its own (p of kron(eye(p), X)), and stays an int
    if lang == "torch":
        return [v if isinstance(v, int) else torch.tensor(v, dtype=torch.float64, requires_grad=name in wrt) for name, v in values]
    return [v if isinstance(v, (int, float)) else np.array(v, dtype=np.float64) for name, v in values]


ENTRIES = ("f_and_grad", "f_and_jacobian", "f_and_hessian")
CHECKS = ("check_grad", "check_jacobian", "check_hessian")


def run(request):
    module = load(request["module"])
    lang = request["lang"]
    values = request["args"]
    out = {}
    args = arguments(values, lang)
    for entry in ENTRIES:
        if not hasattr(module, entry):
            continue
        if lang == "torch":
            with torch.no_grad():
                result = getattr(module, entry)(*args)
        else:
            result = getattr(module, entry)(*args)
        out[entry] = {"value": plain(result[0]), "derivatives": [{k: plain(v) for k, v in d.items()} for d in result[1:]]}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        out["checks"] = {c: float(getattr(module, c)(*args)) for c in CHECKS if hasattr(module, c)}
        if request.get("main"):
            out["main"] = module.main()
    out["printed"] = printed.getvalue()
    if lang == "torch":
        out["autograd"] = autograd(module, values, request["wrt"], request.get("symmetric", []))
    return out


def relative(auto, mine):
    return float(torch.linalg.vector_norm(auto - mine) / max(float(torch.linalg.vector_norm(mine)), 1e-6))


def as_columns(j, rows, x):
    """A derivative with x's axes at the end, as autograd gives it, to (rows, x entries) with vec stacking columns."""
    if x.ndim == 2:
        j = j.reshape(rows, x.shape[0], x.shape[1]).transpose(1, 2)
    return j.reshape(rows, -1)


def autograd(module, values, wrt, symmetric):
    """The worst relative difference between what torch.autograd makes of the module and its own derivatives."""
    worst = 0.0
    # a vector or matrix objective's module has f_and_grad too, as f_and_jacobian's other name: only a scalar has a backward
    if hasattr(module, "f_and_grad") and not hasattr(module, "f_and_jacobian"):
        leaves = arguments(values, "torch", wrt)
        value, grads = module.f_and_grad(*leaves)
        value.backward()
        for (name, _), leaf in zip(values, leaves):
            if name not in wrt:
                continue
            auto = leaf.grad if leaf.grad is not None else torch.zeros_like(leaf)
            if name in symmetric:
                auto = (auto + auto.T) / 2
            worst = max(worst, relative(auto, grads[name].detach()))
    # a symmetric variable's Jacobian and Hessian are of symmetric directions only, which autograd does not know
    base = arguments(values, "torch")
    for i, (name, _) in enumerate(values):
        if name not in wrt or name in symmetric:
            continue

        def at(x, i=i):
            return base[:i] + [x] + base[i + 1:]
        x = base[i]
        if hasattr(module, "f_and_jacobian"):
            mine = module.f_and_jacobian(*base)[1][name]
            auto = torch.autograd.functional.jacobian(lambda v: module.f_and_jacobian(*at(v))[0].t().reshape(-1), x)
            worst = max(worst, relative(as_columns(auto, mine.shape[0], x), mine))
        if hasattr(module, "f_and_hessian"):
            mine = module.f_and_hessian(*base)[2][name]
            auto = torch.autograd.functional.hessian(lambda v: module.f_and_grad(*at(v))[0], x)
            if x.ndim == 2:
                auto = auto.permute(1, 0, 3, 2)
            worst = max(worst, relative(auto.reshape(mine.shape), mine))
    return worst


for line in sys.stdin:
    try:
        answer = run(json.loads(line))
    except BaseException:  # noqa: B036 - the Java side shows it
        answer = {"error": traceback.format_exc()}
    print(json.dumps(answer), flush=True)
