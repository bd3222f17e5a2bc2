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
 * The body of every public fAnd* method: each dimension symbol read from the first argument that
 * has it, every other size checked against it (an IllegalArgumentException naming the symbol and
 * both sizes), the program's assumptions checked, then the call of the private method that
 * computes, with vectors as one-column matrices and the sizes passed along.
 */
final class JavaArguments {

    private final JavaModule m;

    JavaArguments(JavaModule m) { this.m = m; }

    /** The checks, then {@code return values(...)}; at the method's indentation. */
    String body(String valuesMethod) {
        StringBuilder sb = new StringBuilder();
        for (Expr.Var v : m.b.signature().arguments()) {
            List<Check> checks = m.b.signature().checksOf(v);
            List<String> binds = new ArrayList<>();
            for (Check c : checks)
                if (c instanceof Check.Bind bind) binds.add(m.dim(bind.symbol()) + " = " + actual(c.at()));
            if (!binds.isEmpty()) sb.append("        int ").append(String.join(", ", binds)).append(";\n");
            for (Check c : checks) if (c instanceof Check.Expect e) sb.append(expect(e));
        }
        for (String d : m.b.signature().sizes()) {
            // a size no argument's shape gives, passed on its own (before the checks that read it)
            String id = m.dim(d);
            sb.append("        if (").append(id).append(" < 1)\n            throw new IllegalArgumentException(")
                    .append(new JavaMessage().text(d + " is a size, which must be a positive integer, not ").code(id)).append(");\n");
        }
        for (Check c : m.b.signature().deferred())
            sb.append(c instanceof Check.Bind bind ? derivedSize(bind) : expect((Check.Expect) c));
        for (Expr.Var v : m.b.signature().sizeNamedScalars()) {
            // scalar N beside X(D, N) is that size, as eval holds it
            String id = m.ids.get(v), size = m.dim(v.name());
            sb.append("        if (").append(id).append(" != ").append(size).append(")\n            throw new IllegalArgumentException(")
                    .append(new JavaMessage().text(v.name() + " is ").code(id).text(", but the shapes make the size " + v.name() + " ").code(size)
                            .text(" (the scalar " + v.name() + " is that size)")).append(");\n");
        }
        for (Expr.Var v : m.b.signature().arguments())
            if (v.symmetric())  // as eval refuses such data: the gradient is sym(G), not f's gradient off the symmetric matrices
                sb.append("        if (!").append(m.helper("symmetricWithin")).append("(").append(m.ids.get(v)).append(", 1e-10))\n")
                        .append("            throw new IllegalArgumentException(\"").append(v.name()).append(" is declared symmetric but is not\");\n");
        for (Expr.Var v : m.b.signature().arguments())
            for (Assumption a : m.b.assumptionsOn(v)) {
                String id = m.ids.get(v);
                String matrix = switch (Repr.declared(v)) {
                    case SCALAR -> m.helper("scalarMatrix") + "(" + id + ")";
                    case VECTOR -> m.helper("column") + "(" + id + ")";
                    case MATRIX -> id;
                };
                m.helpers.add("assumption");
                sb.append("        ").append(AssumptionCode.javaCheck(a, matrix)).append('\n');
            }
        List<String> internal = new ArrayList<>();
        for (Expr.Var v : m.b.signature().arguments()) {
            String id = m.ids.get(v);
            Repr declared = Repr.declared(v), held = Repr.of(v.shape());
            if (held == Repr.SCALAR && declared != Repr.SCALAR) internal.add(id + (declared == Repr.VECTOR ? ".getEntry(0)" : ".getEntry(0, 0)"));
            else if (declared == Repr.VECTOR) internal.add(m.helper("column") + "(" + id + ")");
            else internal.add(id);
        }
        for (String d : m.b.signature().bound().keySet()) internal.add(m.dim(d));
        for (String d : m.b.signature().sizes()) internal.add(m.dim(d));
        sb.append("        return ").append(valuesMethod).append("(").append(String.join(", ", internal)).append(");\n");
        return sb.toString();
    }

    /** The private method's parameters: scalars as doubles, everything else a matrix, then the sizes. */
    String internalParameters() { return String.join(", ", internal(true)); }

    /** The names of {@link #internalParameters}, as a call passes them on. */
    List<String> internalArgumentNames() { return internal(false); }

    private List<String> internal(boolean typed) {
        List<String> params = new ArrayList<>();
        for (Expr.Var v : m.b.signature().arguments()) {
            String type = Repr.of(v.shape()) == Repr.SCALAR ? "double " : "RealMatrix ";
            params.add((typed ? type : "") + m.ids.get(v));
        }
        for (String d : m.b.signature().bound().keySet()) params.add((typed ? "int " : "") + m.dim(d));
        for (String d : m.b.signature().sizes()) params.add((typed ? "int " : "") + m.dim(d));
        return params;
    }

    private String actual(Axis a) {
        String id = m.ids.get(a.var());
        if (Repr.declared(a.var()) == Repr.VECTOR) return id + ".getDimension()";
        return id + (a.axis() == 0 ? ".getRowDimension()" : ".getColumnDimension()");
    }

    /** A size a product gives: the axis over the other factors, which it must be a positive multiple of. */
    private String derivedSize(Check.Bind bind) {
        String actual = actual(bind.at()), over = m.size(bind.over());
        JavaMessage msg = new JavaMessage().text(bind.at().var().name() + " has ").code(actual).text(" " + what(bind.at())
                + ", which is not a positive multiple of " + bind.over() + " = ").code(over).text(" (" + m.b.signature().source(bind.symbol()) + ")");
        return "        if (" + actual + " < 1 || " + actual + " % " + over + " != 0)\n            throw new IllegalArgumentException(" + msg + ");\n"
                + "        int " + m.dim(bind.symbol()) + " = " + actual + " / " + over + ";\n";
    }

    private String expect(Check.Expect e) {
        Axis at = e.at();
        String actual = actual(at), expected = m.size(e.expected());
        JavaMessage msg = new JavaMessage().text(at.var().name() + " has ").code(actual).text(" " + what(at) + ", but ");
        Dim d = e.expected();
        if (d instanceof Dim.Fixed f) msg.text("the program says " + f.size());
        else if (d instanceof Dim.Sym s) {
            Axis from = m.b.signature().bound().get(s.name());
            msg.text(from.var().name() + " has ").code(expected).text(" " + what(from) + " (both are " + s.name() + ")");
        } else {
            List<String> sources = new ArrayList<>();
            for (String s : Dims.symbols(d)) sources.add(m.b.signature().source(s));
            msg.text(d + " = ").code(expected).text(" (" + String.join(", ", sources) + ")");
        }
        return "        if (" + actual + " != " + expected + ")\n            throw new IllegalArgumentException(" + msg + ");\n";
    }

    private static String what(Axis a) {
        return Repr.declared(a.var()) == Repr.VECTOR ? "entries" : a.axis() == 0 ? "rows" : "columns";
    }
}
