package dev.matdiff.codegen;

import dev.matdiff.codegen.Signature.Axis;
import dev.matdiff.codegen.Signature.Check;
import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Dims;
import dev.matdiff.expr.Expr;
import dev.matdiff.shapes.Assumption;

import java.util.ArrayList;
import java.util.List;

/**
 * The opening lines of every f_and_* function: each argument converted to an array (or a tensor),
 * its number of axes and its sizes checked against the declarations and against each other, the
 * program's assumptions checked, and the dimension symbols the function reads bound from them.
 * Run after the function's body is spelled, so that it binds only the sizes something reads.
 */
final class PythonArguments {

    private final PythonModule m;

    PythonArguments(PythonModule m) { this.m = m; }

    /** A line of the argument checks; one that binds a size names it, and is kept only if something reads the size. */
    private record Line(String text, String binds) {
        Line(String text) { this(text, null); }
    }

    List<String> checks() {
        List<Line> out = new ArrayList<>();
        if (m.torch) {
            // results are made where the arguments are (on the GPU for CUDA tensors) unless DEVICE says where
            m.helpers.add("device_of");
            out.add(new Line("device = DEVICE if DEVICE is not None else _device_of(" + m.symbols() + ")"));
        }
        // the rounding of the data as it came (float32's), which the symmetry and assumption checks allow for
        boolean checked = m.b.signature().arguments().stream().anyMatch(v -> v.symmetric() || !m.b.assumptionsOn(v).isEmpty());
        if (checked) {
            m.helpers.add("rounding");
            out.add(new Line("rounding = _rounding(" + m.symbols() + ")"));
        }
        for (Expr.Var v : m.b.signature().arguments()) {
            String id = m.ids.get(v);
            Repr declared = Repr.declared(v);
            if (declared == Repr.SCALAR) {
                if (m.torch) {
                    out.add(new Line(id + " = torch.as_tensor(" + id + ", dtype=DTYPE, device=device)"));
                    out.add(new Line("if " + id + ".ndim != 0:"));
                    out.add(new Line("    raise ValueError(f\"" + v.name() + " must be a scalar, not a tensor of shape {tuple(" + id + ".shape)}\")"));
                } else {
                    out.add(new Line("if np.ndim(" + id + ") != 0:"));
                    out.add(new Line("    raise ValueError(f\"" + v.name() + " must be a scalar, not an array of shape {np.shape(" + id + ")}\")"));
                    out.add(new Line(id + " = float(" + id + ")"));
                }
                continue;
            }
            int ndim = declared == Repr.VECTOR ? 1 : 2;
            out.add(new Line(id + " = " + (m.torch ? "torch.as_tensor(" + id + ", dtype=DTYPE, device=device)" : "np.asarray(" + id + ", dtype=np.float64)")));
            out.add(new Line("if " + id + ".ndim != " + ndim + ":"));
            out.add(new Line("    raise ValueError(f\"" + v.name() + " must be a " + ndim + "-D " + (m.torch ? "tensor" : "array") + " (" + v.declaration() + "), not {" + id + ".ndim}-D\")"));
            out.addAll(shapeChecks(v, m.b.signature().checksOf(v)));
        }
        for (String d : m.b.signature().sizes()) {
            // a size no argument's shape gives, passed on its own (before the checks that read it)
            m.helpers.add("size");
            out.add(new Line(m.dim(d) + " = _size(\"" + d + "\", " + m.dim(d) + ")"));
        }
        for (Check c : m.b.signature().deferred()) out.addAll(shapeChecks(c.at().var(), List.of(c)));
        for (Expr.Var v : m.b.signature().sizeNamedScalars()) {
            // scalar N beside X(D, N) is that size, as eval holds it (review: N = 10 beside 3 columns gave a loss over 10)
            String id = m.ids.get(v), size = m.size(new Dim.Sym(v.name()));
            out.add(new Line("if " + id + " != " + size + ":"));
            out.add(new Line("    raise ValueError(f\"" + v.name() + " is {" + id + "}, but the shapes make the size " + v.name() + " {" + size
                    + "} (the scalar " + v.name() + " is that size)\")"));
        }
        for (Expr.Var v : m.b.signature().arguments())
            if (v.symmetric()) {
                // as eval refuses such data: the gradient is sym(G), which is not f's gradient off the symmetric matrices
                String id = m.ids.get(v), abs = m.torch ? "torch.max(torch.abs(" : "np.max(np.abs(";
                // "not <=" so that NaN is refused too
                out.add(new Line("if not " + abs + id + " - " + id + ".T)) <= max(1e-10, 64 * rounding) * " + abs + id + ")):"));
                out.add(new Line("    raise ValueError(f\"" + v.name() + " is declared symmetric but is not (" + v.name() + " - " + v.name()
                        + "' has an entry past {max(1e-10, 64 * rounding):.0e} of its largest)\")"));
            }
        for (Expr.Var v : m.b.signature().arguments())
            for (Assumption a : m.b.assumptionsOn(v)) {
                m.helpers.add("check_assumption");
                out.add(new Line(AssumptionCode.pythonCheck(a, m.ids.get(v))));
            }
        for (Expr.Var v : m.b.signature().arguments()) {
            Repr declared = Repr.declared(v), held = Repr.of(v.shape());
            if (declared == held) continue;
            String id = m.ids.get(v);
            String index = held == Repr.SCALAR ? (declared == Repr.VECTOR ? "[0]" : "[0, 0]") : v.shape().isColumn() ? "[:, 0]" : "[0, :]";
            out.add(new Line(id + " = " + id + index));
        }
        // every size the checks and the body read is known by now
        List<String> lines = new ArrayList<>();
        for (Line l : out) if (l.binds() == null || m.reads(l.binds())) lines.add(l.text());
        return lines;
    }

    private List<Line> shapeChecks(Expr.Var v, List<Check> checks) {
        List<Line> out = new ArrayList<>();
        String id = m.ids.get(v);
        if (checks.size() == 2 && checks.get(0) instanceof Check.Bind rows && checks.get(1) instanceof Check.Bind cols) {
            out.add(new Line(m.dim(rows.symbol()) + ", " + m.dim(cols.symbol()) + " = " + id + ".shape"));
            return out;
        }
        for (Check c : checks) {
            String actual = id + ".shape[" + c.at().axis() + "]";
            if (c instanceof Check.Bind bind) {
                out.add(new Line(m.dim(bind.symbol()) + " = " + actual + (bind.over().isOne() ? "" : " // " + m.size(bind.over())), bind.symbol()));
                if (!bind.over().isOne()) {
                    // a size read from a product: the axis must be a positive multiple of the other factors
                    String over = m.size(bind.over());
                    out.add(new Line("if " + actual + " < 1 or " + actual + " % " + over + " != 0:", bind.symbol()));
                    out.add(new Line("    raise ValueError(f\"" + v.name() + " has {" + actual + "} " + what(c.at()) + ", which is not a positive multiple of "
                            + bind.over() + " = {" + over + "} (" + m.b.signature().source(bind.symbol()) + ")\")", bind.symbol()));
                }
            } else {
                Check.Expect e = (Check.Expect) c;
                out.add(new Line("if " + actual + " != " + m.size(e.expected()) + ":"));
                out.add(new Line("    raise ValueError(f\"" + v.name() + " has {" + actual + "} " + what(c.at()) + ", but " + expected(e) + "\")"));
            }
        }
        return out;
    }

    private static String what(Axis a) {
        return Repr.declared(a.var()) == Repr.VECTOR ? "entries" : a.axis() == 0 ? "rows" : "columns";
    }

    /** "X has {n} columns (both are n)", "the program says 2", "p - r + 1 = {p - r + 1} (p: the rows of X, ...)". */
    private String expected(Check.Expect e) {
        Dim d = e.expected();
        if (d instanceof Dim.Fixed f) return "the program says " + f.size();
        if (d instanceof Dim.Sym s) {
            Axis from = m.b.signature().bound().get(s.name());
            return from.var().name() + " has {" + m.size(d) + "} " + what(from) + " (both are " + s.name() + ")";
        }
        List<String> from = new ArrayList<>();
        for (String s : Dims.symbols(d)) from.add(m.b.signature().source(s));
        return d + " = {" + m.size(d) + "} (" + String.join(", ", from) + ")";
    }
}
