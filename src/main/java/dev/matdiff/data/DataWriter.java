package dev.matdiff.data;

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

    /** {@code eval --json}: {@code {"value": 1.25, "gradients": {"X": [[...]], "w": [...]}}}. */
    public static String evalResult(double value, Map<String, RealMatrix> gradients) { return evalResult(null, value, gradients); }

    /** The same with {@code "objective": name} first (eval --of L,M gives an array of these). */
    public static String evalResult(String objective, double value, Map<String, RealMatrix> gradients) {
        return render(out -> {
            out.beginObject();
            if (objective != null) out.name("objective").value(objective);
            out.name("value");
            out.value(finite("the value", value, -1, -1));
            out.name("gradients").beginObject();
            for (var g : gradients.entrySet()) {
                out.name(g.getKey());
                write(out, "the gradient for " + g.getKey(), g.getValue());
            }
            out.endObject();
            out.endObject();
        });
    }

    /** Writes one value; {@code name} describes it if it has a NaN or infinite entry. */
    public static void write(JsonWriter out, String name, RealMatrix m) throws IOException {
        int rows = m.getRowDimension(), cols = m.getColumnDimension();
        if (rows == 1 && cols == 1) {
            out.value(finite(name, m.getEntry(0, 0), -1, -1));
            return;
        }
        out.beginArray();
        for (int i = 0; i < rows; i++) {
            if (cols == 1) {
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
        if (Double.isFinite(v)) return v;
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
