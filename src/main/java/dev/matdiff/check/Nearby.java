package dev.matdiff.check;

import dev.matdiff.expr.Expr;
import dev.matdiff.numeric.Bindings;
import dev.matdiff.numeric.Evaluator;

import org.apache.commons.math3.linear.RealMatrix;

import java.util.LinkedHashMap;
import java.util.Map;

/** The point a step away along a direction, and f's central difference there. */
final class Nearby {
    private Nearby() {}

    /** The point {@code at} moved by h·V, V moving each variable it names. */
    static Bindings moved(Bindings at, Map<String, RealMatrix> v, double h) {
        // one new map, however many variables move: Bindings.with would copy it once per variable
        Map<String, RealMatrix> values = new LinkedHashMap<>(at.values());
        for (var d : v.entrySet()) values.put(d.getKey(), at.values().get(d.getKey()).add(d.getValue().scalarMultiply(h)));
        return new Bindings(values, at.dimSizes());
    }

    /** (f(x + hV) − f(x − hV)) / 2h at x = {@code at}. */
    static double central(Expr f, Bindings at, Map<String, RealMatrix> v, double h) {
        return (new Evaluator(moved(at, v, h)).scalar(f) - new Evaluator(moved(at, v, -h)).scalar(f)) / (2 * h);
    }
}
