package dev.matdiff.data;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Shape;
import dev.matdiff.numeric.NumericException;

import com.google.gson.stream.JsonWriter;
import org.apache.commons.math3.linear.RealMatrix;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes values in the same JSON shapes {@link DataReader} reads: a scalar as a number, a column
 * vector as a flat list, anything else as a list of rows. Numbers are printed with
 * {@link Double#toString}, which round-trips exactly.
 */
public final class DataWriter {
    private DataWriter() {}

    /** One value as JSON text. */
    public static String toJson(String name, RealMatrix m) {
        return render(out -> write(out, name, m));
    }

    /**
     * How a value is written: a number, a flat list (a vector), or a list of rows. A variable's
     * form follows its declaration, so a {@code matrix X(1, 1)} is {@code [[v]]} and a
     * {@code vector x(1)} is {@code [v]}; an expression's follows its shape.
     */
    public enum Form {
        NUMBER, LIST, ROWS;

        public static Form of(Expr.Var v) {
            return switch (v.kind()) {
                case SCALAR -> NUMBER;
                case VECTOR -> LIST;
                case MATRIX, SYMMETRIC -> ROWS;
            };
        }

        public static Form of(Shape s) { return s.isScalar() ? NUMBER : s.isColumn() ? LIST : ROWS; }
    }

    /** A value and the form it is written in. */
    public record Value(RealMatrix matrix, Form form) {}

    /**
     * {@code eval --json}: {@code {"value": 1.25, "gradients": {"X": [[...]], "w": [...]}}}, with
     * {@code "objective": name} first when it is given, and a section per kind of derivative
     * ("gradients", "jacobians", "hessians"), each keyed by variable.
     */
    public static String evalResult(String objective, Value value, Map<String, Map<String, Value>> sections) {
        return render(out -> {
            out.beginObject();
            if (objective != null) out.name("objective").value(objective);
            out.name("value");
            write(out, "the value", value.matrix(), value.form());
            for (var section : sections.entrySet()) {
                out.name(section.getKey()).beginObject();
                for (var d : section.getValue().entrySet()) {
                    out.name(d.getKey());
                    write(out, "the " + section.getKey().replaceAll("s$", "") + " for " + d.getKey(), d.getValue().matrix(), d.getValue().form());
                }
                out.endObject();
            }
            out.endObject();
        });
    }

    /** Writes one value in the form its shape suggests; {@code name} describes it if it has a NaN or infinite entry. */
    public static void write(JsonWriter out, String name, RealMatrix m) throws IOException {
        write(out, name, m, m.getRowDimension() == 1 && m.getColumnDimension() == 1 ? Form.NUMBER : m.getColumnDimension() == 1 ? Form.LIST : Form.ROWS);
    }

    /** Writes one value in the given form. */
    public static void write(JsonWriter out, String name, RealMatrix m, Form form) throws IOException {
        int rows = m.getRowDimension(), cols = m.getColumnDimension();
        if (form == Form.NUMBER && rows == 1 && cols == 1) {
            out.value(finite(name, m.getEntry(0, 0), -1, -1));
            return;
        }
        out.beginArray();
        for (int i = 0; i < rows; i++) {
            if (cols == 1 && form != Form.ROWS) {
                out.value(finite(name, m.getEntry(i, 0), i, 0));
                continue;
            }
            out.beginArray();
            for (int j = 0; j < cols; j++) out.value(finite(name, m.getEntry(i, j), i, j));
            out.endArray();
        }
        out.endArray();
    }

    private static double finite(String name, double v, int i, int j) {
        if (Double.isFinite(v)) return v == 0 ? 0.0 : v; // -0.0 is written 0.0
        throw new NumericException("cannot write " + name + " as JSON: "
                + (i < 0 ? "it is " : "entry (" + (i + 1) + ", " + (j + 1) + ") is ") + v);
    }

    private interface Body { void write(JsonWriter out) throws IOException; }

    private static String render(Body body) {
        StringWriter s = new StringWriter();
        try (JsonWriter out = new JsonWriter(s)) {
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return s.toString();
    }
}
