# Runs generated modules for the Java tests: one request per line on stdin (JSON), one answer per line on stdout.
# A request names the module file, its language, the arguments in declaration order (declared formats: a number,
# a flat list, a list of rows) and the variables; the answer has f_and_grad's value and gradients, check_grad's
# error, main's exit code if asked, and for PyTorch what torch.autograd makes of the same point.
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
    if lang == "torch":
        return [torch.tensor(v, dtype=torch.float64, requires_grad=name in wrt) for name, v in values]
    return [v if isinstance(v, float) else np.array(v, dtype=np.float64) for name, v in values]


def run(request):
    module = load(request["module"])
    lang = request["lang"]
    values = request["args"]
    out = {}
    args = arguments(values, lang)
    if lang == "torch":
        with torch.no_grad():
            value, grads = module.f_and_grad(*args)
    else:
        value, grads = module.f_and_grad(*args)
    out["value"] = float(value)
    out["gradients"] = {k: plain(v) for k, v in grads.items()}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        out["check"] = float(module.check_grad(*args))
        if request.get("main"):
            out["main"] = module.main()
    out["printed"] = printed.getvalue()
    if lang == "torch":
        wrt = request["wrt"]
        leaves = arguments(values, lang, wrt)
        value, grads = module.f_and_grad(*leaves)
        value.backward()
        worst = 0.0
        for (name, _), leaf in zip(values, leaves):
            if name not in wrt:
                continue
            auto = leaf.grad if leaf.grad is not None else torch.zeros_like(leaf)
            if name in request.get("symmetric", []):
                auto = (auto + auto.T) / 2
            mine = grads[name].detach()
            worst = max(worst, float(torch.linalg.vector_norm(auto - mine) / max(float(torch.linalg.vector_norm(mine)), 1e-6)))
        out["autograd"] = worst
    return out


for line in sys.stdin:
    try:
        answer = run(json.loads(line))
    except BaseException:  # noqa: B036 - the Java side shows it
        answer = {"error": traceback.format_exc()}
    print(json.dumps(answer), flush=True)
