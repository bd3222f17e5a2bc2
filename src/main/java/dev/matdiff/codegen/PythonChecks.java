package dev.matdiff.codegen;

import dev.matdiff.codegen.Blueprint.Entry;
import dev.matdiff.codegen.Signature.Axis;
import dev.matdiff.expr.Dims;
import dev.matdiff.expr.Expr;
import dev.matdiff.shapes.Assumption;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The module's checks of itself: for each f_and_* function its check against central differences
 * along random directions — {@code check_grad} (the directional derivative ⟨∇f, D⟩),
 * {@code check_jacobian} (J vec(D) against vec(F) moved along D, every variable at once),
 * {@code check_hessian} (H vec(D) against the gradient moved along D, each variable alone, and
 * uᵀHv = vᵀHu) — then {@code random_point} and {@code main}, which runs them.
 */
final class PythonChecks implements CheckWriter {

    private final PythonModule m;

    PythonChecks(PythonModule m) { this.m = m; }


    /** The identifier of a random direction of v: {@code d_w}, or {@code e_w} for a second one. */
    private String direction(Expr.Var v, String kind) { return m.ids.of(new DirectionKey(v.name(), kind), kind + "_" + v.name()); }

    /** The opening of a check: its definition, its docstring, under no_grad for PyTorch; returns the body's indent. */
    private String open(StringBuilder sb, Entry e, String doc) {
        sb.append("def ").append(e.pythonCheck).append("(").append(m.arguments()).append(", seed=0, directions=4):\n");
        sb.append("    \"\"\"").append(doc).append("\"\"\"\n");
        if (m.torch) sb.append("    with torch.no_grad():\n");
        m.helpers.addAll(List.of("direction", "central", "report", "draw"));
        return m.torch ? "        " : "    ";
    }

    /** The directions loop's first lines: a random direction for each variable (and a second one for each if twice). */
    private void directions(StringBuilder sb, String indent, boolean twice) {
        sb.append(indent).append(m.torch ? "gen = torch.Generator().manual_seed(seed)\n" : "rng = np.random.default_rng(seed)\n");
        sb.append(indent).append("symbolic, numeric").append(twice ? ", uhv, vhu = [], [], [], []\n" : " = [], []\n");
        sb.append(indent).append("for _ in range(directions):\n");
        for (Expr.Var v : m.b.wrt())
            for (String kind : twice ? List.of("d", "e") : List.of("d"))
                sb.append(indent).append("    ").append(direction(v, kind)).append(" = _direction(").append(m.generator()).append(", ")
                        .append(m.ids.get(v)).append(v.symmetric() ? ", symmetric=True" : "").append(")\n");
    }

    /** The arguments with the given variables moved by t times their directions. */
    private String moved(List<Expr.Var> variables, String t) {
        List<String> out = new ArrayList<>();
        for (Expr.Var v : m.b.signature().arguments())
            out.add(variables.contains(v) ? m.ids.get(v) + " + " + t + " * " + direction(v, "d") : m.ids.get(v));
        for (String d : m.b.signature().sizes()) out.add(m.dim(d));
        return String.join(", ", out);
    }

    private String value() { return m.ids.of("local value", "value"); }

    private String t() { return m.ids.of("local t", "t"); }

    @Override
    public String checkGrad() {
        StringBuilder sb = new StringBuilder();
        String indent = open(sb, Entry.F_AND_GRAD, "Compares the gradients of f_and_grad with central differences of " + m.b.objective()
                + " along random directions\n    that move " + m.wrtNames() + " together; prints and returns the worst relative error.");
        sb.append(indent).append(value()).append(", grads = f_and_grad(").append(m.arguments()).append(")\n");
        directions(sb, indent, false);
        List<String> inner = new ArrayList<>();
        for (Expr.Var v : m.b.wrt()) {
            String g = "grads[\"" + v.name() + "\"]", d = direction(v, "d");
            inner.add(m.torch ? "torch.sum(" + g + " * " + d + ")" : "np.vdot(" + g + ", " + d + ")");
        }
        sb.append(indent).append("    symbolic.append(").append(String.join(" + ", inner)).append(")\n");
        sb.append(indent).append("    numeric.append(_central(lambda ").append(t()).append(": f_and_grad(").append(moved(m.b.wrt(), t())).append(")[0]))\n");
        sb.append(indent).append("return _report(").append(value()).append(", symbolic, numeric)\n");
        return sb.toString();
    }

    @Override
    public String checkJacobian() {
        StringBuilder sb = new StringBuilder();
        String indent = open(sb, Entry.F_AND_JACOBIAN, "Compares the Jacobians of f_and_jacobian with central differences of vec("
                + m.b.objective() + ") along random\n    directions that move " + m.wrtNames() + " together; prints and returns the worst relative error.");
        sb.append(indent).append(value()).append(", jacobians = f_and_jacobian(").append(m.arguments()).append(")\n");
        directions(sb, indent, false);
        List<String> inner = new ArrayList<>();
        for (Expr.Var v : m.b.wrt()) inner.add("jacobians[\"" + v.name() + "\"] @ _vec(" + direction(v, "d") + ")");
        sb.append(indent).append("    symbolic.append(").append(String.join(" + ", inner)).append(")\n");
        sb.append(indent).append("    numeric.append(_central(lambda ").append(t()).append(": _vec(f_and_jacobian(").append(moved(m.b.wrt(), t()))
                .append(")[0])))\n");
        sb.append(indent).append("return _report(").append(value()).append(", symbolic, numeric, \"check_jacobian\")\n");
        m.helpers.addAll(List.of("vec"));
        return sb.toString();
    }

    @Override
    public String checkHessian() {
        StringBuilder sb = new StringBuilder();
        String indent = open(sb, Entry.F_AND_HESSIAN, "Compares the Hessians of f_and_hessian with central differences of the gradients along\n"
                + "    random directions, each variable moved alone, and checks that each is symmetric (u'Hv = v'Hu for\n"
                + "    random u, v); prints and returns the worst relative error.");
        String scale = m.ids.of("local scale", "scale");
        sb.append(indent).append(value()).append(", grads, hessians = f_and_hessian(").append(m.arguments()).append(")\n");
        directions(sb, indent, true);
        for (Expr.Var v : m.b.wrt()) {
            String h = "hessians[\"" + v.name() + "\"]", d = "_vec(" + direction(v, "d") + ")", e = "_vec(" + direction(v, "e") + ")";
            sb.append(indent).append("    symbolic.append(").append(h).append(" @ ").append(d).append(")\n");
            sb.append(indent).append("    numeric.append(_central(lambda ").append(t()).append(": _vec(f_and_grad(").append(moved(List.of(v), t()))
                    .append(")[1][\"").append(v.name()).append("\"])))\n");
            sb.append(indent).append("    uhv.append(").append(e).append(" @ ").append(h).append(" @ ").append(d).append(")\n");
            sb.append(indent).append("    vhu.append(").append(d).append(" @ ").append(h).append(" @ ").append(e).append(")\n");
        }
        // H vec(D) is of the gradient's size: the scale below which a difference is rounding
        sb.append(indent).append(scale).append(" = max(_norm(g) for g in grads.values())\n");
        sb.append(indent).append("return _worst(_report(").append(scale).append(", symbolic, numeric, \"check_hessian\"),\n");
        sb.append(indent).append("              _report(0.0, uhv, vhu, \"check_hessian, symmetry u'Hv = v'Hu\"))\n");
        m.helpers.addAll(List.of("vec", "norm", "worst"));
        return sb.toString();
    }

    String randomPoint() {
        // the parameter shares check_hessian's local's identifier: both are scale unless a size is
        String scale = m.ids.of("local scale", "scale");
        StringBuilder sb = new StringBuilder("def random_point(seed=0, positive=False, sizes=None, " + scale + "=1.0):\n");
        sb.append("    \"\"\"Random values of the program's symbols, in declaration order: sizes from SIZES (or sizes),\n")
                .append("    entries of magnitude 0.2 to 0.9 (all positive if positive) times ").append(scale).append(", square matrices diagonally dominant,\n")
                .append("    symmetric ones positive definite").append(m.b.assumptions().isEmpty() ? "" : ", the program's assumptions satisfied")
                .append(", as matdiff check draws them")
                .append(m.b.signature().sizes().isEmpty() ? "" : ";\n    then the sizes no symbol's shape gives, " + m.sizeNames() + ", from SIZES (or sizes) too")
                .append(".\"\"\"\n");
        sb.append("    sizes = {**SIZES, **(sizes or {})}\n");
        sb.append(m.torch ? "    gen = torch.Generator().manual_seed(seed)\n" : "    rng = np.random.default_rng(seed)\n");
        Set<String> symbols = new LinkedHashSet<>();
        for (Expr.Var v : m.b.signature().arguments()) for (Axis a : Signature.axes(v)) symbols.addAll(Dims.symbols(a.dim()));
        symbols.addAll(m.b.signature().sizes());
        if (!symbols.isEmpty()) {
            List<String> left = new ArrayList<>(), right = new ArrayList<>();
            for (String s : symbols) {
                left.add(m.dim(s));
                right.add("sizes[\"" + s + "\"]");
            }
            sb.append("    ").append(String.join(", ", left)).append(" = ").append(String.join(", ", right)).append('\n');
        }
        List<String> draws = new ArrayList<>();
        List<Expr.Var> sizeNamed = m.b.signature().sizeNamedScalars();
        for (Expr.Var v : m.b.signature().arguments()) {
            if (sizeNamed.contains(v)) {
                draws.add("float(" + m.dim(v.name()) + ")");  // scalar N beside X(D, N) is that size
                continue;
            }
            boolean square = Repr.declared(v) == Repr.MATRIX && v.shape().rows().equals(v.shape().cols());
            String draw = "_draw(" + m.generator() + ", " + m.declaredShape(v) + ", positive"
                    + (v.symmetric() ? ", symmetric=True" : square ? ", square=True" : "") + ", scale=" + scale + ")";
            for (Assumption a : m.b.assumptionsOn(v)) {
                m.helpers.add("satisfying");
                draw = AssumptionCode.pythonDraw(a, draw);
            }
            draws.add(draw);
        }
        for (String d : m.b.signature().sizes()) draws.add(m.dim(d));
        sb.append("    return (").append(String.join(",\n            ", draws)).append(draws.size() == 1 ? ",)\n" : ")\n");
        return sb.toString();
    }

    /** What a function's check is of, for main's docstring. */
    static String checked(Entry e) {
        return switch (e) {
            case F_AND_GRAD -> "gradients";
            case F_AND_JACOBIAN -> "Jacobians";
            case F_AND_HESSIAN -> "Hessians";
        };
    }

    String main() {
        List<String> what = new ArrayList<>(), checks = new ArrayList<>(), functions = new ArrayList<>();
        for (Blueprint.Function f : m.b.functions()) {
            what.add(checked(f.entry()));
            checks.add(f.entry().pythonCheck + "(*point)");
            functions.add(f.entry().python);
        }
        m.helpers.add("defined_point");
        StringBuilder sb = new StringBuilder("def main():\n");
        sb.append("    \"\"\"Checks the ").append(String.join(" and the ", what))
                .append(" at a random point of the declared shapes, the first where\n    ").append(String.join(" and ", functions))
                .append(functions.size() == 1 ? " gives" : " give").append(" finite numbers (_defined_point); returns 1 if they disagree,\n")
                .append("    0 if they agree or cannot be compared (inconclusive).\"\"\"\n");
        sb.append("    point = _defined_point(").append(String.join(", ", functions)).append(")\n");
        sb.append("    if point is None:\n");
        for (Blueprint.Function f : m.b.functions())
            sb.append("        print(\"").append(f.entry().pythonCheck).append(": ").append(PointSearch.noPoint()).append("\")\n");
        sb.append("        return 0\n");
        if (checks.size() == 1) {
            sb.append("    return 1 if ").append(checks.get(0)).append(" > TOLERANCE else 0\n\n\n");
        } else {
            // every check runs and prints, whichever fails
            m.helpers.add("worst");
            sb.append("    errors = [").append(String.join(", ", checks)).append("]\n");
            sb.append("    return 1 if _worst(*errors) > TOLERANCE else 0\n\n\n");
        }
        sb.append("if __name__ == \"__main__\":\n    raise SystemExit(main())\n");
        return sb.toString();
    }
}
