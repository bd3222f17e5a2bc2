package dev.matdiff.codegen;

/**
 * The helpers of a generated Python module's own checking (check_grad, check_jacobian, check_hessian, random_point,
 * the point main checks at): random directions, central differences at three steps, the printed report and the
 * random data, as {@code matdiff check} draws it; and the checks of the arguments (the program's assumptions, the
 * rounding of the data as it came). For NumPy and PyTorch, as {@link JavaCheckRuntime} is for Java; apart from
 * {@link PythonRuntime}'s helpers of the values.
 */
final class PythonCheckRuntime {
    private PythonCheckRuntime() {}

    /**
     * The worst relative error of the directional derivatives, printed (the same in both): numbers
     * for a gradient, vectors for a Jacobian or a Hessian, compared by their lengths.
     */
    private static final String REPORT = """
            def _report(value, symbolic, numeric, check="check_grad"):
                \"\"\"The worst relative error of the symbolic directional derivatives against the numeric ones, printed;
                NaN (inconclusive, not a failure) when the value or a derivative is not finite, at the point or a step from it.
                A difference (from _central) that is off is taken again at a tenth and a hundredth of its step: the direction
                passes if one agrees, fails if all are off alike (a wrong derivative is off the same at every step), and is
                inconclusive otherwise (a kink or rounding between the steps), as matdiff check decides.\"\"\"
                first = [n[0] if isinstance(n, tuple) else n for n in numeric]
                if not all(_norm(a) < float("inf") for a in [value] + symbolic + first):
                    print(f"{check}: NOT_FINITE")
                    return float("nan")
                scale = max([_norm(value)] + [_norm(a) for a in symbolic + first])
                floor = max(1e-6 * scale, 1e-300)

                def off(a, b):
                    e = _norm(a - b) / max(_norm(a), _norm(b), floor)
                    return e if e == e else float("inf")

                error, unsettled = 0.0, False
                for a, b in zip(symbolic, numeric):
                    e = off(a, b[0] if isinstance(b, tuple) else b)
                    if e > TOLERANCE and isinstance(b, tuple):
                        estimates = list(b)
                        errors = [off(a, n) for n in estimates]
                        # alike by the differences themselves: a relative error saturates near 1 where a step crosses a kink
                        gaps = [_norm(a - n) for n in estimates]
                        if min(errors) <= TOLERANCE:
                            e = min(errors)
                        elif not max(gaps) <= 2 * min(gaps):
                            unsettled = True
                    error = max(error, e)
                if unsettled:
                    print(f"{check}: inconclusive: the differences at three steps disagree with each other, "
                          f"as across a kink or in rounding (worst relative error {error:.2e})")
                    return float("nan")
                # f the same to the last digit at every step: derivatives this small are below what differences see
                flat = all(_norm(n) == 0 for b in numeric for n in (b if isinstance(b, tuple) else (b,)))
                if error > TOLERANCE and flat and max(_norm(a) for a in symbolic) <= 1e-12 * max(1.0, _norm(value)):
                    print(f"{check}: FLAT")
                    return float("nan")
                zeros = max([_norm(a) for a in symbolic + first], default=0.0) == 0
                print(f"{check}: worst relative error {error:.2e} over {len(symbolic)} random directions "
                      f"(tolerance {TOLERANCE:.0e}): {'passed' if error <= TOLERANCE else 'FAILED'}{'ZEROS' if zeros else ''}")
                return error
            """.replace("NOT_FINITE", PointSearch.NOT_FINITE).replace("ZEROS", PointSearch.ZEROS).replace("FLAT", PointSearch.FLAT);

    /** The error of several checks that main reports (the same in both). */
    private static final String WORST = """
            def _worst(*errors):
                \"\"\"The error to report of several checks: the largest failure, else NaN if one was inconclusive (NaN), else the largest.\"\"\"
                worst = max([e for e in errors if e == e] + [0.0])
                return float("nan") if worst <= TOLERANCE and any(e != e for e in errors) else worst
            """;

    /** _finite, for a library whose arrays are {@code array} and which tests one with {@code allFinite}. */
    private static String finite(String array, String allFinite) {
        return """
                def _finite(x):
                    \"\"\"Whether every number in x (a number, ARRAY, or a tuple or dict of them) is finite.\"\"\"
                    if isinstance(x, dict):
                        return all(_finite(v) for v in x.values())
                    if isinstance(x, tuple):
                        return all(_finite(v) for v in x)
                    return bool(ALL_FINITE)
                """.replace("ARRAY", array).replace("ALL_FINITE", allFinite);
    }

    /** Central differences; NaN (so the check says inconclusive) where f fails a step away, at a singular matrix say. */
    private static final String CENTRAL = """
            def _central(f, h=1e-3):
                \"\"\"f'(0) by central differences with Richardson extrapolation (error of order h**4), NaN where f fails: at
                steps h, h/10 and h/100, for _report to try the smaller ones where the first is off (taken now: f reads
                the caller's loop variables, which a later call would find moved on).\"\"\"
                def at(step):
                    try:
                        return (4 * (f(step / 2) - f(-step / 2)) / step - (f(step) - f(-step)) / (2 * step)) / 3
                    except (ArithmeticError, ValueError, RuntimeError):
                        return float("nan")
                return tuple(at(h / k) for k in (1, 10, 100))
            """;

    /** The point main checks at, looked for as {@link PointSearch} says (the same in both but for how f is run quietly). */
    private static String definedPoint(String quietly) {
        return """
                def _defined_point(*functions):
                    \"\"\"The first random point (random_point, of the sizes SIZES) where every function's value and
                    derivatives are finite, looked for as matdiff check looks for one:
                    DESCRIBED; None if there is none.\"\"\"
                    for seed in range(1 + MORE_SEEDS):
                        for scale in (SCALES if seed == 0 else MORE_SCALES):
                            for positive in (False, True):
                                point = random_point(seed, positive, None, scale)
                                try:
                                    with QUIETLY:
                                        if all(_finite(f(*point)) for f in functions):
                                            return point
                                except (ArithmeticError, ValueError, RuntimeError):
                                    pass  # a singular matrix, say: not defined here either
                    return None
                """.replace("DESCRIBED", PointSearch.described().replace("\n", "\n    ")).replace("MORE_SEEDS", Integer.toString(PointSearch.moreSeeds()))
                .replace("MORE_SCALES", "(" + String.join(", ", PointSearch.moreSeedScales()) + ")")
                .replace("SCALES", "(" + String.join(", ", PointSearch.scales()) + ")").replace("QUIETLY", quietly);
    }

    /** The helpers written once for both libraries: the report, the worst of several, and the point main checks at. */
    private static void reporting(PythonRuntime.Definer d, String array, String allFinite, String quietly) {
        d.helper("report", REPORT, "norm");
        d.helper("worst", WORST);
        d.helper("finite", finite(array, allFinite));
        d.helper("defined_point", definedPoint(quietly), "finite");
    }

    /**
     * A size no argument's shape gives, passed on its own: a positive int (NumPy's and PyTorch's integers too, through
     * __index__), refused as the other arguments are, with a ValueError naming it.
     */
    private static final String SIZE = """
            def _size(name, value):
                \"\"\"value as an int if it is a positive integer (an int, or NumPy's or PyTorch's), else ValueError naming the size.\"\"\"
                try:
                    size = None if isinstance(value, bool) else value.__index__()
                except (AttributeError, TypeError, ValueError, RuntimeError):
                    size = None
                if size is None or size < 1:
                    raise ValueError(f"{name} is a size, which must be a positive integer, not {value!r}")
                return size
            """;

    static void define(PythonRuntime.Definer numpy, PythonRuntime.Definer torch) {
        numpy.helper("size", SIZE);
        torch.helper("size", SIZE);
        numpy.helper("check_assumption", """
                def _check_assumption(x, fact, total, axis=None, norm=False, magnitude=False, each="", rounding=0.0):
                    \"\"\"Raises ValueError, as matdiff eval refuses such data, unless x satisfies the program's assumption
                    fact: its length (norm), each entry's absolute value (magnitude) or its sum along axis (of each column or
                    row: each) is total, to 1e-9 (or 64 times the rounding of the data as it came, float32's say).\"\"\"
                    if magnitude:
                        measured = np.abs(np.ravel(x, order="F"))
                    else:
                        measured = np.ravel(np.linalg.norm(x) if norm else np.sum(x, axis=axis))
                    for k, m in enumerate(measured):
                        if not abs(m - total) <= max(1e-9, 64 * rounding) * max(1.0, abs(total)):
                            where = f"for {each} {k + 1} " if measured.size > 1 else ""
                            raise ValueError(f"the data does not satisfy the assumption {fact}: {where}it is {m}")
                """);
        numpy.helper("rounding", """
                def _rounding(*args):
                    \"\"\"The relative rounding of the least precise argument as it came (float32 data keeps float32's rounding
                    once converted): what the symmetry and assumption checks allow for, 64 times over.\"\"\"
                    dtypes = [np.asarray(a).dtype for a in args]
                    return float(max([np.finfo(d).eps for d in dtypes if np.issubdtype(d, np.floating)] + [np.finfo(np.float64).eps]))
                """);
        numpy.helper("satisfying", """
                def _satisfying(x, total, axis=None, norm=False, magnitude=False):
                    \"\"\"x made to satisfy an assumption, as matdiff check makes its data: scaled to the length total (norm);
                    each entry total or -total by its sign (magnitude); for a positive total, its entries made positive and
                    scaled so that their sums along axis are total; else its entries shifted so (a total of 0 keeps entries
                    of both signs).\"\"\"
                    if norm:
                        return x * (total / np.linalg.norm(x))
                    if magnitude:
                        x = np.where(np.asarray(x) < 0, -1.0, 1.0) * total
                        return float(x) if np.ndim(x) == 0 else x
                    if total > 0:
                        x = np.abs(x)
                        return x * (total / np.sum(x, axis=axis, keepdims=True))
                    sums = np.sum(x, axis=axis, keepdims=True)
                    return x + (total - sums) / (x.size // sums.size)
                """);
        numpy.helper("direction", """
                def _direction(rng, x, symmetric=False):
                    \"\"\"A random direction to move x in, each entry scaled to the entry it moves (symmetric if x is).\"\"\"
                    x = np.asarray(x, dtype=np.float64)
                    d = rng.standard_normal(x.shape) * np.maximum(np.abs(x), 0.1 * np.sqrt(np.mean(x * x)) + 1e-3)
                    if symmetric:
                        d = (d + d.T) / 2
                    return float(d) if np.ndim(d) == 0 else d
                """);
        numpy.helper("central", CENTRAL);
        numpy.helper("norm", """
                def _norm(x):
                    \"\"\"The length of a number, a vector or a matrix (the root of the sum of the squared entries).\"\"\"
                    return float(np.linalg.norm(np.ravel(x)))
                """);
        numpy.helper("vec", """
                def _vec(x):
                    \"\"\"The entries of a number, a vector or a matrix as a vector, stacking the columns (as vec does).\"\"\"
                    return np.reshape(x, -1, order="F")
                """);
        reporting(numpy, "an array", "np.all(np.isfinite(x))", "np.errstate(all=\"ignore\")");
        numpy.helper("draw", """
                def _draw(rng, shape, positive, square=False, symmetric=False, scale=1.0):
                    \"\"\"Entries of magnitude 0.2 to 0.9 (all positive if positive) times scale; a square matrix diagonally
                    dominant with a positive diagonal, so a symmetric one is positive definite (as matdiff check draws them).\"\"\"
                    x = rng.uniform(0.2, 0.9, size=shape)
                    if not positive:
                        x = x * rng.choice([-1.0, 1.0], size=shape)
                    if np.ndim(x) == 2 and x.shape[0] > 1 and (square or symmetric):
                        if symmetric:
                            x = np.triu(x) + np.triu(x, 1).T
                        np.fill_diagonal(x, np.sum(np.abs(x), axis=1) + 0.2)
                    x = x * scale
                    return float(x) if np.ndim(x) == 0 else x
                """);

        torch.helper("check_assumption", """
                def _check_assumption(x, fact, total, axis=None, norm=False, magnitude=False, each="", rounding=0.0):
                    \"\"\"Raises ValueError, as matdiff eval refuses such data, unless x satisfies the program's assumption
                    fact: its length (norm), each entry's absolute value (magnitude) or its sum along axis (of each column or
                    row: each) is total, to 1e-9 (or 64 times the rounding of the data as it came, float32's say).\"\"\"
                    if magnitude:
                        t = torch.as_tensor(x)
                        measured = torch.abs(t.T if t.dim() == 2 else t).reshape(-1)
                    elif norm:
                        measured = torch.linalg.vector_norm(x).reshape(-1)
                    elif axis is None:
                        measured = torch.sum(x).reshape(-1)
                    else:
                        measured = (x if axis == () else torch.sum(x, dim=axis)).reshape(-1)
                    for k, m in enumerate(measured.tolist()):
                        if not abs(m - total) <= max(1e-9, 64 * rounding) * max(1.0, abs(total)):
                            where = f"for {each} {k + 1} " if len(measured) > 1 else ""
                            raise ValueError(f"the data does not satisfy the assumption {fact}: {where}it is {m}")
                """);
        torch.helper("rounding", """
                def _rounding(*args):
                    \"\"\"The relative rounding of the least precise argument as it came (float32 data keeps float32's rounding
                    once converted): what the symmetry and assumption checks allow for, 64 times over.\"\"\"
                    # a NumPy array's dtype read through the tensor that shares its memory
                    dtypes = [a.dtype if isinstance(a, torch.Tensor) else torch.as_tensor(a).dtype for a in args if hasattr(a, "dtype")]
                    return float(max([torch.finfo(d).eps for d in dtypes if d.is_floating_point] + [torch.finfo(torch.float64).eps]))
                """);
        torch.helper("satisfying", """
                def _satisfying(x, total, axis=None, norm=False, magnitude=False):
                    \"\"\"x made to satisfy an assumption, as matdiff check makes its data: scaled to the length total (norm);
                    each entry total or -total by its sign (magnitude); for a positive total, its entries made positive and
                    scaled so that their sums along axis are total; else its entries shifted so (a total of 0 keeps entries
                    of both signs).\"\"\"
                    if norm:
                        return x * (total / torch.linalg.vector_norm(x))
                    if magnitude:
                        return torch.where(x < 0, torch.full_like(x, -total), torch.full_like(x, total))
                    if axis == ():
                        return torch.full_like(x, total)
                    if total > 0:
                        x = torch.abs(x)
                    sums = torch.sum(x) if axis is None else torch.sum(x, dim=axis, keepdim=True)
                    if total > 0:
                        return x * (total / sums)
                    return x + (total - sums) / (x.numel() // sums.numel())
                """);
        torch.helper("direction", """
                def _direction(gen, x, symmetric=False):
                    \"\"\"A random direction to move x in, each entry scaled to the entry it moves (symmetric if x is).\"\"\"
                    x = torch.as_tensor(x, dtype=DTYPE, device=DEVICE)
                    scale = torch.maximum(torch.abs(x), 0.1 * torch.sqrt(torch.mean(x * x)) + 1e-3)
                    d = torch.randn(tuple(x.shape), generator=gen, dtype=x.dtype).to(x.device) * scale
                    if symmetric:
                        d = (d + d.T) / 2
                    return d
                """);
        torch.helper("central", CENTRAL);
        torch.helper("norm", """
                def _norm(x):
                    \"\"\"The length of a number, a vector or a matrix (the root of the sum of the squared entries).\"\"\"
                    return float(torch.linalg.vector_norm(torch.as_tensor(x, dtype=torch.float64)))
                """);
        torch.helper("vec", """
                def _vec(x):
                    \"\"\"The entries of a 0-d, 1-D or 2-D tensor as a 1-D one, stacking the columns (as vec does).\"\"\"
                    return torch.as_tensor(x).t().reshape(-1)
                """);
        reporting(torch, "a tensor", "torch.all(torch.isfinite(torch.as_tensor(x)))", "torch.no_grad()");
        torch.helper("draw", """
                def _draw(gen, shape, positive, square=False, symmetric=False, scale=1.0):
                    \"\"\"Entries of magnitude 0.2 to 0.9 (all positive if positive) times scale; a square matrix diagonally
                    dominant with a positive diagonal, so a symmetric one is positive definite (as matdiff check draws them).\"\"\"
                    x = 0.2 + 0.7 * torch.rand(shape, generator=gen, dtype=DTYPE)
                    if not positive:
                        x = x * (2 * torch.randint(0, 2, shape, generator=gen) - 1).to(DTYPE)
                    if x.ndim == 2 and x.shape[0] > 1 and (square or symmetric):
                        if symmetric:
                            x = torch.triu(x) + torch.triu(x, 1).T
                        x.diagonal().copy_(torch.sum(torch.abs(x), dim=1) + 0.2)
                    x = x * scale
                    return x.to(DEVICE) if DEVICE is not None else x
                """);
    }
}
