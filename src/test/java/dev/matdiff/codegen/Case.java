package dev.matdiff.codegen;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import dev.matdiff.MatDiff;
import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Deriver;
import dev.matdiff.check.AssumedData;
import dev.matdiff.check.RandomData;
import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.numeric.NumericException;

import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A program to generate code for, with random data of its declared shapes (as {@code matdiff
 * check} draws it: mixed signs, or all positive where the objective needs it, satisfying the
 * program's assumptions) and what matdiff's own evaluator makes of that data: the numbers the
 * generated code must reproduce ({@link Returned} reads them by label).
 *
 * @param sizes the sizes the generated functions take after the symbols (those no symbol's shape gives, such as the p of
 *              kron(eye(p), X)), in their order, with the sizes the data is drawn of; usually none
 */
record Case(String name, String text, MatDiff matdiff, Derivation derivation, List<Expr.Var> arguments,
            Map<String, RealMatrix> values, Map<String, Integer> sizes, MatDiff.Evaluation expected) {

    /** Value and gradients agree to this, relative (a gradient below {@link #FLOOR} in norm is compared absolutely). */
    static final double RELATIVE = 1e-9;
    static final double FLOOR = 1e-6;

    static Case of(String name, String text, List<String> wrt, long seed) { return of(name, text, wrt, seed, false); }

    /** With hessian, the derivation has the Hessians too, as {@code codegen --hessian} derives them. */
    static Case of(String name, String text, List<String> wrt, long seed, boolean hessian) {
        MatDiff m = MatDiff.parse(text);
        List<String> variables = wrt;
        if (variables == null || variables.isEmpty()) variables = m.program().wrtHint();
        if (variables.isEmpty()) {
            variables = new ArrayList<>();
            for (Expr.Var v : Dag.variables(m.program().objective(null).body())) if (!v.constant()) variables.add(v.name());
        }
        Derivation d = m.derive(null, variables, Deriver.Options.DEFAULT.withSecondOrder(hessian, false));
        List<Expr.Var> arguments = new ArrayList<>(m.program().variables().values());
        List<String> sizeArguments = CodeGen.sizeArguments(new CodeGen.Request(m.program(), text, name, null, Language.NUMPY), d);
        NumericException failure = null;
        for (RandomData.Mode mode : RandomData.Mode.values()) {
            try {
                dev.matdiff.numeric.Bindings at = AssumedData.satisfying(
                        RandomData.draw(arguments, d.objectiveAndGradients(), Map.of(), seed, mode), d.assumptions());
                Map<String, RealMatrix> values = at.values();
                // eval takes a size no value's shape gives by name in the data, as a number
                Map<String, Integer> sizes = new java.util.LinkedHashMap<>();
                Map<String, RealMatrix> data = new java.util.LinkedHashMap<>(values);
                for (String s : sizeArguments) {
                    sizes.put(s, at.dimSizes().get(s));
                    data.put(s, MatrixUtils.createRealMatrix(new double[][] {{at.dimSizes().get(s)}}));
                }
                return new Case(name, text, m, d, arguments, values, sizes, m.evaluate(d, data));
            } catch (NumericException e) {
                failure = e;
            }
        }
        throw failure;
    }

    /** The same program at other values (no size given by name), matdiff's evaluation there expected. */
    Case at(Map<String, RealMatrix> at) {
        if (!sizes.isEmpty()) throw new IllegalArgumentException("a case with size arguments takes its sizes from its own data");
        return new Case(name, text, matdiff, derivation, arguments, at, sizes, matdiff.evaluate(derivation, at));
    }

    CodeGen.Request request(Language language) {
        return new CodeGen.Request(matdiff.program(), text, name, null, language, javaClass());
    }

    String generate(Language language) { return CodeGen.generate(request(language), derivation); }

    String javaClass() { return CodeGen.className(name); }

    // ---- the data as each side takes it

    /** [[name, value], …] in declaration order, each in its declared format: a number, a flat list, a list of rows; then the sizes, ints. */
    JsonArray json() {
        JsonArray out = new JsonArray();
        for (Expr.Var v : arguments) {
            JsonArray pair = new JsonArray();
            pair.add(v.name());
            RealMatrix m = values.get(v.name());
            pair.add(switch (Repr.declared(v)) {
                case SCALAR -> new JsonPrimitive(m.getEntry(0, 0));
                case VECTOR -> row(m.getColumn(0));
                case MATRIX -> {
                    JsonArray rows = new JsonArray();
                    for (int i = 0; i < m.getRowDimension(); i++) rows.add(row(m.getRow(i)));
                    yield rows;
                }
            });
            out.add(pair);
        }
        sizes.forEach((s, size) -> {
            JsonArray pair = new JsonArray();
            pair.add(s);
            pair.add(size);  // an int, which the worker passes as one
            out.add(pair);
        });
        return out;
    }

    private static JsonArray row(double[] xs) {
        JsonArray a = new JsonArray();
        for (double x : xs) a.add(x);
        return a;
    }

    /** The arguments of a generated Java fAndGrad: RealMatrix, RealVector or double; then the sizes, ints. */
    Object[] javaArguments() {
        List<Object> out = new ArrayList<>();
        for (Expr.Var v : arguments) {
            RealMatrix m = values.get(v.name());
            out.add(switch (Repr.declared(v)) {
                case SCALAR -> m.getEntry(0, 0);
                case VECTOR -> new ArrayRealVector(m.getColumn(0));
                case MATRIX -> m.copy();
            });
        }
        out.addAll(sizes.values());
        return out.toArray();
    }

    JsonObject request(String module, Language language) {
        JsonObject r = new JsonObject();
        r.addProperty("module", module);
        r.addProperty("lang", language.flag());
        r.add("args", json());
        JsonArray wrt = new JsonArray(), symmetric = new JsonArray();
        for (Expr.Var v : derivation.wrt()) {
            wrt.add(v.name());
            if (v.symmetric()) symmetric.add(v.name());
        }
        r.add("wrt", wrt);
        r.add("symmetric", symmetric);
        return r;
    }

    // ---- comparing

    /** ‖got − want‖ / max(‖want‖, FLOOR), Frobenius. */
    static double error(RealMatrix want, RealMatrix got) {
        if (want.getRowDimension() != got.getRowDimension() || want.getColumnDimension() != got.getColumnDimension())
            return Double.POSITIVE_INFINITY;
        return got.subtract(want).getFrobeniusNorm() / Math.max(want.getFrobeniusNorm(), FLOOR);
    }

    static double error(double want, double got) { return Math.abs(got - want) / Math.max(Math.abs(want), FLOOR); }

    /** A gradient as Python returned it, in its variable's shape. */
    RealMatrix fromJson(String variable, JsonElement e) {
        Expr.Var v = matdiff.program().variables().get(variable);
        return switch (Repr.declared(v)) {
            case SCALAR -> MatrixUtils.createRealMatrix(new double[][] {{e.getAsDouble()}});
            case VECTOR -> MatrixUtils.createColumnRealMatrix(doubles(e.getAsJsonArray()));
            case MATRIX -> {
                JsonArray rows = e.getAsJsonArray();
                double[][] d = new double[rows.size()][];
                for (int i = 0; i < rows.size(); i++) d[i] = doubles(rows.get(i).getAsJsonArray());
                yield MatrixUtils.createRealMatrix(d);
            }
        };
    }

    private static double[] doubles(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < a.size(); i++) out[i] = a.get(i).getAsDouble();
        return out;
    }

    /** A gradient as generated Java returned it, in its variable's shape. */
    static RealMatrix fromJava(Object o) {
        if (o instanceof Double d) return MatrixUtils.createRealMatrix(new double[][] {{d}});
        if (o instanceof org.apache.commons.math3.linear.RealVector v) return MatrixUtils.createColumnRealMatrix(v.toArray());
        return (RealMatrix) o;
    }
}
