package dev.matdiff.testing;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.VarKind;
import dev.matdiff.shapes.Program;
import dev.matdiff.shapes.Typer;
import dev.matdiff.source.Source;
import dev.matdiff.syntax.Parser;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Small builders shared by the numeric tests. */
public final class Fixtures {
    private Fixtures() {}

    public static Dim dim(Object d) { return d instanceof Integer i ? Dim.of(i) : new Dim.Sym((String) d); }

    public static Expr.Var matrix(String name, Object rows, Object cols) {
        return Exprs.var(name, new Shape(dim(rows), dim(cols)), VarKind.MATRIX, false);
    }

    public static Expr.Var vector(String name, Object rows) {
        return Exprs.var(name, Shape.vector(dim(rows)), VarKind.VECTOR, false);
    }

    public static Expr.Var scalarVar(String name) { return Exprs.var(name, Shape.SCALAR, VarKind.SCALAR, false); }

    public static Expr.Var symmetric(String name, Object n) {
        return Exprs.var(name, Shape.square(dim(n)), VarKind.SYMMETRIC, false);
    }

    public static RealMatrix m(double[]... rows) { return MatrixUtils.createRealMatrix(rows); }

    public static RealMatrix col(double... v) { return MatrixUtils.createColumnRealMatrix(v); }

    public static RealMatrix random(Random r, int rows, int cols) {
        double[][] d = new double[rows][cols];
        for (double[] row : d) for (int j = 0; j < cols; j++) row[j] = r.nextGaussian();
        return MatrixUtils.createRealMatrix(d);
    }

    public static double inner(RealMatrix a, RealMatrix b) {
        double s = 0;
        for (int i = 0; i < a.getRowDimension(); i++)
            for (int j = 0; j < a.getColumnDimension(); j++) s += a.getEntry(i, j) * b.getEntry(i, j);
        return s;
    }

    public static Map<String, RealMatrix> values(Object... nameValue) {
        Map<String, RealMatrix> out = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            Object v = nameValue[i + 1];
            out.put((String) nameValue[i], v instanceof Double d ? m(new double[] {d}) : (RealMatrix) v);
        }
        return out;
    }

    /** A typed program from its text. */
    public static Program program(String text) {
        Source source = new Source("test.md", text);
        return Typer.type(source, Parser.parse(source), false);
    }

    public static Expr def(Program p, String name) { return p.definitions().get(name); }
}
